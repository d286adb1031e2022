"""manage.py seed_signalen: demo meldingen and signalen (see demo/lokaal_signaal.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import lokaal_signaal as demo


class Command(BaseCommand):
    help = (
        "Maakt demomeldingen en -signalen voor Lokaal Signaal in Gent en Eeklo. "
        "Vereist de basisdemo (seed_demo); doet niets als Gent al meldingen heeft."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="toevalszaad")
        parser.add_argument(
            "--force", action="store_true", help="ook uitvoeren als PRODUCTION aan staat"
        )

    def handle(self, *args, seed, force, **options):
        if getattr(settings, "PRODUCTION", False) and not force:
            raise CommandError("Dit is een productieomgeving: geen demodata. Gebruik --force.")
        try:
            resultaat = demo.seed_signalen(seed=seed)
        except demo.DemoFout as fout:
            raise CommandError(str(fout)) from fout
        if resultaat.overgeslagen:
            self.stdout.write(
                "Gent heeft al meldingen: geen demodata voor Lokaal Signaal toegevoegd."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Lokaal Signaal: {resultaat.meldingen} meldingen en "
                    f"{resultaat.signalen} signalen gemaakt (Gent en Eeklo doen mee), "
                    f"{resultaat.rechtenverkenningen} rechtenverkenningen als bewijs."
                )
            )
