"""manage.py api_token: make an API token for an organisation (shown once), list or revoke them."""

from django.core.management.base import BaseCommand, CommandError

from hulpverlening import apitokens
from hulpverlening.models import ApiToken, Organisatie


def _organisatie(waarde: str) -> Organisatie:
    gevonden = (
        Organisatie.objects.filter(pk=int(waarde))
        if waarde.isascii() and waarde.isdigit()
        else Organisatie.objects.filter(naam__iexact=waarde.strip())
    )
    organisaties = list(gevonden.select_related("gemeente")[:2])
    if not organisaties:
        raise CommandError(f"Geen organisatie {waarde!r}. Geef de naam of het nummer.")
    if len(organisaties) > 1:
        raise CommandError(f"Meer dan één organisatie heet {waarde!r}: geef het nummer.")
    return organisaties[0]


class Command(BaseCommand):
    help = (
        "Maakt een API-sleutel voor een organisatie (bv. voor de import uit het sociaal "
        "dossier) en toont ze één keer. Met --lijst: de sleutels; met --intrekken BEGIN: "
        "een sleutel intrekken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisatie", metavar="NAAM_OF_NUMMER")
        parser.add_argument("--naam", default="Sociaal dossier", help="waarvoor de sleutel dient")
        parser.add_argument(
            "--lijst", action="store_true", help="de sleutels tonen (zonder geheim)"
        )
        parser.add_argument("--intrekken", metavar="BEGIN", help="de sleutel die zo begint")

    def handle(self, *args, organisatie, naam, lijst, intrekken, **options):
        if lijst:
            for token in ApiToken.objects.select_related("organisatie").order_by("aangemaakt_op"):
                status = (
                    f"ingetrokken {token.ingetrokken_op:%Y-%m-%d}" if token.ingetrokken_op else ""
                )
                self.stdout.write(f"{token.begin}…  {token.organisatie}  {token.naam}  {status}")
            return
        if intrekken:
            tokens = list(ApiToken.objects.filter(begin=intrekken, ingetrokken_op__isnull=True))
            if len(tokens) != 1:
                raise CommandError(f"{len(tokens)} actieve sleutels beginnen met {intrekken!r}.")
            apitokens.api_token_intrekken(token=tokens[0])
            self.stdout.write(f"Sleutel {intrekken}… ingetrokken.")
            return
        if not organisatie:
            raise CommandError("Geef --organisatie (naam of nummer), of --lijst / --intrekken.")
        org = _organisatie(organisatie)
        _token, sleutel = apitokens.api_token_aanmaken(organisatie=org, naam=naam)
        if org.soort != Organisatie.Soort.SOCIALE_DIENST:
            self.stderr.write(
                f"Let op: {org.naam} is geen Sociale Dienst; met deze sleutel kan niet "
                "geïmporteerd worden."
            )
        self.stdout.write(
            f"API-sleutel voor {org.naam} ({org.gemeente}). Bewaar ze nu: ze wordt niet "
            "opnieuw getoond.\n"
        )
        self.stdout.write(sleutel)
