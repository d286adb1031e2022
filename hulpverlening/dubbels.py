"""Is this person perhaps already in the municipality's registry?

Used at intake to ask for the household's card instead of making a second
household, without showing anything of another organisation's data.
"""

import unicodedata
from difflib import SequenceMatcher

from . import audit
from .models import Gemeente, Persoon

DREMPEL = 0.85


def _normaal(tekst: str) -> str:
    zonder_accenten = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return "".join(c for c in zonder_accenten.lower() if c.isalnum())


def gelijkaardige_gezinnen(
    *, gemeente: Gemeente, voornaam: str, achternaam: str, geboortejaar: int
) -> list[int]:
    """Ids of households with a person of a similar name born within a year."""
    gezocht = _normaal(voornaam + achternaam)
    kandidaten = Persoon.objects.filter(
        gezin__gemeente=gemeente,
        gezin__gepseudonimiseerd_op__isnull=True,
        geboortejaar__range=(geboortejaar - 1, geboortejaar + 1),
        achternaam__istartswith=achternaam.strip()[:1],
    ).values_list("gezin_id", "voornaam", "achternaam")
    gevonden = []
    for gezin_id, vn, an in kandidaten:
        if SequenceMatcher(None, gezocht, _normaal(vn + an)).ratio() >= DREMPEL:
            gevonden.append(gezin_id)
    gevonden = sorted(set(gevonden))
    # The answer tells whether a named person is known in the municipality.
    if gevonden:
        audit.schrijf(audit.Actie.DUBBELCHECK, gevonden)
    return gevonden
