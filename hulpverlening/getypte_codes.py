"""A limit on typed card codes: typing is a weaker proof than scanning.

A scanned QR code holds a 144-bit token: whoever has it holds the card (or a
photo of it). A typed code is 9 characters anyone may have read on a letter or
a desk screen, so typed look-ups are counted per user and per organisation and
refused above a limit; scanning keeps working. The same code typed again in the
window counts once, so looking up and then registering one household costs one.

Counts live in the cache (Redis in production, shared by every web worker).
"""

from django.conf import settings
from django.core.cache import cache

from .models import Lidmaatschap

STANDAARD = {"gebruiker": 30, "organisatie": 150, "venster_seconden": 600}


def _limieten() -> dict:
    return {**STANDAARD, **getattr(settings, "GETYPTE_CODES_LIMIET", {})}


def _teller(sleutel: str, venster: int) -> int:
    # add() sets the window once; incr() never extends it.
    cache.add(sleutel, 0, venster)
    try:
        return cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.add(sleutel, 1, venster)
        return 1


def toegestaan(lidmaatschap: Lidmaatschap, code: str) -> bool:
    """Count this typed code for the user and the organisation; False above either limit."""
    limiet = _limieten()
    venster = limiet["venster_seconden"]
    gebruiker = f"getypt:u:{lidmaatschap.user_id}"
    organisatie = f"getypt:o:{lidmaatschap.organisatie_id}"
    if not cache.add(f"{gebruiker}:{code}", 1, venster):
        # Typed before in this window: already counted, and it was allowed then.
        return True
    binnen = _teller(gebruiker, venster) <= limiet["gebruiker"]
    binnen = _teller(organisatie, venster) <= limiet["organisatie"] and binnen
    if not binnen:
        # Refused now: the same code must be refused again, not let through as "known".
        cache.delete(f"{gebruiker}:{code}")
    return binnen


def wachttijd_minuten() -> int:
    return max(1, _limieten()["venster_seconden"] // 60)
