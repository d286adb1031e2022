"""manage.py seed_demo: a fictitious Ghent with households and pickups (see demo/seed.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import seed as demo


class Command(BaseCommand):
    help = (
        "Maakt demodata: Gent met initiatieven, afhaalpunten, demo-accounts voor elke rol, "
        "gezinnen, doorverwijzingen en maanden afhalingen. "
        f"Wachtwoord van de demo-accounts: {demo.DEMO_WACHTWOORD}"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--households", type=int, default=600, help="aantal gezinnen (standaard 600)"
        )
        parser.add_argument(
            "--months", type=int, default=6, help="maanden afhalingen tot gisteren (standaard 6)"
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="toevalszaad: zelfde zaad, zelfde data"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="niets doen (enkel de logins tonen) als gemeente Gent al bestaat",
        )
        parser.add_argument(
            "--force", action="store_true", help="ook uitvoeren als PRODUCTION aan staat"
        )

    def handle(self, *args, households, months, seed, if_empty, force, **options):
        if getattr(settings, "PRODUCTION", False) and not force:
            raise CommandError(
                "Dit is een productieomgeving: demodata met een gekend wachtwoord hoort hier niet. "
                "Gebruik --force als u het echt wilt."
            )
        try:
            resultaat = demo.seed_demo(
                households=households, months=months, seed=seed, if_empty=if_empty
            )
        except demo.DemoFout as fout:
            raise CommandError(str(fout)) from fout
        if resultaat.overgeslagen:
            self.stdout.write("Gemeente Gent bestaat al: geen demodata toegevoegd.")
        else:
            samenvatting = ", ".join(f"{wat}: {n}" for wat, n in resultaat.aantallen.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demodata gemaakt in {resultaat.seconden:.1f} s ({samenvatting})."
                )
            )
        self.stdout.write("")
        self.stdout.write("Demo-logins (enkel voor ontwikkeling):")
        self.stdout.write(demo.logins_tabel(resultaat.logins))
