"""The attack on a copied roster: search the card-code space for values the roster holds.

A lost or stolen phone holds the offline roster (registratie/balie.py
rooster). An attacker who copies it tries every card code (8 random Crockford
characters plus a computable check character: 2^40 codes) and every hash the
roster could hold of it. The old roster held a 48-bit prefix of SHA-256(code),
so one pass over the space cracked every code on it; the roster now holds only
a prefix of SHA-256(token) of the QR code's 144-bit token, which no search of
the code space can meet and no search of the token space can finish.

`zoeken` runs that search over a slice of the space (the first characters
fixed) and returns what it found and how fast it went; bench_rooster.py times it
on a real roster and on the old format as a control.
"""

import hashlib
import itertools
import time
from collections.abc import Iterable

from hulpverlening.kaartcodes import ALPHABET, check_character

HASH_TEKENS = 12  # the roster's prefix length (kaartcodes.ROOSTER_HASH_TEKENS)


def waarden_in(rooster: dict) -> set[str]:
    """Every string the roster holds anywhere: whatever field a hash may hide in."""
    gevonden: set[str] = set()

    def loop(x):
        if isinstance(x, dict):
            for waarde in x.values():
                loop(waarde)
        elif isinstance(x, list):
            for waarde in x:
                loop(waarde)
        elif isinstance(x, str):
            gevonden.add(x)

    loop(rooster)
    return gevonden


def zoeken(doelen: Iterable[str], vast: str, *, vrije_tekens: int) -> tuple[list[str], int, float]:
    """Try every code that starts with `vast`: its SHA-256 prefix against the targets.

    Returns the codes that matched, how many were tried, and the seconds it took.
    """
    doelen = {d for d in doelen if len(d) == HASH_TEKENS}
    gevonden = []
    begin = time.perf_counter()
    geprobeerd = 0
    for staart in itertools.product(ALPHABET, repeat=vrije_tekens):
        data = vast + "".join(staart)
        code = data + check_character(data)
        geprobeerd += 1
        if hashlib.sha256(code.encode()).hexdigest()[:HASH_TEKENS] in doelen:
            gevonden.append(code)
    return gevonden, geprobeerd, time.perf_counter() - begin
