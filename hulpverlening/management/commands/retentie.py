"""manage.py retentie: pseudonymise inactive households now, or list them with --dry-run."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from hulpverlening import privacy
from hulpverlening.models import Gemeente


def _gezinnen(n: int) -> str:
    return f"{n} gezin" if n == 1 else f"{n} gezinnen"


class Command(BaseCommand):
    help = (
        "Pseudonimiseert gezinnen zonder activiteit langer dan de bewaartermijn van hun "
        "gemeente. Met --dry-run verandert er niets en ziet u welke gezinnen (nummers, geen "
        "namen) het zouden zijn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="enkel tonen, niets wijzigen")
        parser.add_argument("--gemeente", metavar="SLUG", help="enkel deze gemeente")
        parser.add_argument(
            "--op", metavar="JJJJ-MM-DD", help="rekenen alsof het die dag is (standaard vandaag)"
        )

    def handle(self, *args, dry_run, gemeente, op, **options):
        dag = parse_date(op) if op else timezone.localdate()
        if dag is None:
            raise CommandError(f"--op moet een datum zijn (JJJJ-MM-DD), niet {op!r}.")
        gemeenten = Gemeente.objects.order_by("naam")
        if gemeente:
            gemeenten = gemeenten.filter(slug=gemeente)
            if not gemeenten.exists():
                raise CommandError(f"Geen gemeente met slug {gemeente!r}.")
        totaal = 0
        for g in gemeenten:
            resultaat = privacy.retentie_toepassen(gemeente=g, op=dag, dry_run=dry_run)
            totaal += len(resultaat.gezinnen)
            n = len(resultaat.gezinnen)
            if dry_run:
                wat = f"{_gezinnen(n)} {'zou' if n == 1 else 'zouden'} gepseudonimiseerd worden"
            else:
                wat = f"{_gezinnen(n)} gepseudonimiseerd"
            self.stdout.write(
                f"{g.naam}: {wat} (bewaartermijn {g.retentie_maanden} maanden, "
                f"geen activiteit sinds {resultaat.grens:%Y-%m-%d})"
            )
            if resultaat.gezinnen:
                self.stdout.write("  gezinnen: " + ", ".join(map(str, resultaat.gezinnen)))
        if dry_run:
            self.stdout.write(f"Proefdraai: er is niets gewijzigd ({_gezinnen(totaal)} in totaal).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{_gezinnen(totaal)} gepseudonimiseerd."))
