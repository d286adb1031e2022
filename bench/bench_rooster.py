"""A copied roster yields no card code: the brute-force search of rooster_aanval.py, timed.

A roster of 200 households is made as the desk makes it (registratie.balie.rooster),
in a transaction that is rolled back. The search tries 2^20 codes sharing their
first four characters with one household's real code, against every value the
roster holds. As a control, the same search runs against the old format (a
48-bit prefix of SHA-256 of the code, as rosters held before) and must find
the code: a search that finds nothing there would prove nothing here.
"""

import math

from django.db import transaction
from django.utils import timezone
from rooster_aanval import waarden_in, zoeken

from hulpverlening import kaartcodes, services
from hulpverlening.models import Afhaalmoment, Gemeente, Lidmaatschap, Locatie, Organisatie, Rol
from registratie import balie

GEZINNEN = 200
VRIJE_TEKENS = 4  # 32^4 = 2^20 candidates per run


class _Terugdraaien(Exception):
    pass


def _rooster() -> tuple[dict, list[str]]:
    from django.contrib.auth import get_user_model

    gemeente = Gemeente.objects.create(naam="Bench rooster", slug="bench-rooster")
    organisatie = Organisatie.objects.create(
        gemeente=gemeente, naam="Bench initiatief", soort=Organisatie.Soort.VOEDSELHULP
    )
    user = get_user_model().objects.create_user(username="bench-rooster")
    lid = Lidmaatschap.objects.create(user=user, organisatie=organisatie, rol=Rol.VRIJWILLIGER)
    locatie = Locatie.objects.create(organisatie=organisatie, naam="Zaal", postcode="9000")
    nu = timezone.localtime()
    moment = Afhaalmoment.objects.create(
        locatie=locatie,
        weekdag=nu.weekday(),
        start=nu.replace(hour=0, minute=0).time(),
        einde=nu.replace(hour=23, minute=59).time(),
        capaciteit=GEZINNEN,
    )
    codes = []
    for i in range(GEZINNEN):
        gezin = services.gezin_aanmaken(
            organisatie=organisatie,
            personen=[services.PersoonGegevens(f"Naam{i}", "Bench", 1980)],
            volwassenen=1,
            postcode="9000",
        )
        codes.append(services.kaart_uitgeven(gezin=gezin, organisatie=organisatie).code)
    return balie.rooster(lid, moment, timezone.localdate()), codes


def run() -> dict:
    try:
        with transaction.atomic():
            rooster, codes = _rooster()
            raise _Terugdraaien
    except _Terugdraaien:
        pass
    doel = codes[0]
    vast = doel[: 8 - VRIJE_TEKENS]
    gevonden, geprobeerd, seconden = zoeken(waarden_in(rooster), vast, vrije_tekens=VRIJE_TEKENS)
    oud_formaat = {kaartcodes.token_hash(code) for code in codes}
    controle, _, _ = zoeken(oud_formaat, vast, vrije_tekens=VRIJE_TEKENS)
    per_seconde = geprobeerd / seconden
    return {
        "registratie.roster_codes_found": {
            "value": len(gevonden),
            "unit": "codes",
            "target": f"0 (searched {geprobeerd} codes around a real one)",
        },
        "registratie.roster_search_control_found": {
            "value": int(doel in controle),
            "unit": "codes",
            "target": "1 (the same search finds the code in the old roster format)",
        },
        "registratie.roster_search_codes_per_s": {
            "value": round(per_seconde),
            "unit": "1/s",
            "target": "informative (one core, Python hashlib)",
        },
        "registratie.roster_old_format_full_space_h": {
            "value": round(2**40 / per_seconde / 3600, 1),
            "unit": "h",
            "target": "informative (what one core needed for every code of an old roster)",
        },
        "registratie.roster_token_space_log10_years": {
            "value": round(math.log10(2**144 / per_seconde / 3600 / 24 / 365), 1),
            "unit": "log10 y",
            "target": "informative (trying the 2^144 tokens of one card, one core)",
        },
    }
