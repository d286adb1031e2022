"""The names in a municipality's registry, as a set of normalised words.

Features that must keep names out of free text (Lokaal Signaal) compare words
against this set. It holds words, never which person or household they belong
to, and it is only used to refuse a text, so a match reveals nothing more than
"this looks like a name".
"""

import re
import time
import unicodedata
from dataclasses import dataclass

from .models import Gemeente, Persoon

# Letters that NFKD does not split into a base letter and a mark.
_EIGEN_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae"})
_DELEN = re.compile(r"[\s'’-]+")
BEWAARTIJD_S = 300


def sleutel(woord: str) -> str:
    """One form for the ways a name is typed: Şahin, Sahin, ŞAHİN → "sahin"."""
    ontleed = unicodedata.normalize("NFKD", woord.strip().casefold())
    zonder_tekens = "".join(c for c in ontleed if not unicodedata.combining(c))
    return zonder_tekens.translate(_EIGEN_LETTERS)


def delen(naam: str) -> list[str]:
    """The words of a name: "El Amrani-Ben Salah" → el, amrani, ben, salah."""
    return [sleutel(deel) for deel in _DELEN.split(naam) if deel.strip()]


@dataclass(frozen=True)
class Namenregister:
    voornamen: frozenset[str] = frozenset()
    achternamen: frozenset[str] = frozenset()


LEEG = Namenregister()
_bewaard: dict[int, tuple[float, Namenregister]] = {}


def van_gemeente(gemeente: Gemeente | int) -> Namenregister:
    """The first names and surname words of the municipality's current households.

    Built in one query and kept for a few minutes per process: a melding is
    checked at every keystroke of a review, not at every change in the registry.
    Erased (pseudonymised) households are no longer in it.
    """
    gemeente_id = gemeente if isinstance(gemeente, int) else gemeente.pk
    nu = time.monotonic()
    bewaard = _bewaard.get(gemeente_id)
    if bewaard is not None and bewaard[0] > nu:
        return bewaard[1]
    voornamen: set[str] = set()
    achternamen: set[str] = set()
    for voornaam, achternaam in Persoon.objects.filter(
        gezin__gemeente_id=gemeente_id, gezin__gepseudonimiseerd_op__isnull=True
    ).values_list("voornaam", "achternaam"):
        voornamen.update(delen(voornaam))
        achternamen.update(delen(achternaam))
    register = Namenregister(frozenset(voornamen), frozenset(achternamen))
    _bewaard[gemeente_id] = (nu + BEWAARTIJD_S, register)
    return register


def vergeet() -> None:
    """Forget the kept sets (tests, and after an erasure run)."""
    _bewaard.clear()
