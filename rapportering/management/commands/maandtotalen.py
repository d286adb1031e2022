"""Build the monthly totals again from the pickups (issue 15.1), e.g. after a fix."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from rapportering import maandtotalen


class Command(BaseCommand):
    help = (
        "Bouwt de maandtotalen opnieuw uit de afhalingen (alle gesloten maanden, of vanaf --van)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--van", help="eerste maand, JJJJ-MM (standaard: de eerste afhaling)")

    def handle(self, *args, van=None, **options):
        begin = None
        if van:
            begin = parse_date(f"{van}-01") if len(van) == 7 else None
            if begin is None:
                raise CommandError("Geef de maand als JJJJ-MM, bv. 2026-01.")
        maanden = maandtotalen.gesloten_maanden(timezone.localdate(), van=begin)
        for maand in maanden:
            rijen = maandtotalen.maand_bouwen(maand)
            self.stdout.write(f"{maand:%Y-%m}: {rijen} rijen")
        self.stdout.write(f"{len(maanden)} maanden opnieuw gebouwd.")
