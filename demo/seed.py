"""Demo data: a plausible, entirely fictitious Ghent to click through and to measure.

`manage.py seed_demo` is a thin wrapper around `seed_demo()` here; the names and
places are in gegevens.py, the plan in plan.py, the fast writing in schrijven.py. It builds the
municipality Gent (the social service, referrers, the city and about thirty food
initiatives with some sixty pickup points), a second municipality Eeklo, demo
accounts for every role, households with persons and an active card each, the
referrals that entitle them, and months of weekly pickups at "their" initiative
(households start and stop, skip weeks, and zelfmelders come at most three times
without referral, as the default Afhaalregels allow).

Everything is generated in memory with one `random.Random(seed)`, so a seed
gives the same households, names, pickups and idempotency keys every time
(database ids aside). Card tokens and codes are the exception: they come from
`kaartcodes`, i.e. from `secrets`, because a card token is a credential even in
a demo database.

Speed: everything is written in one transaction, with PostgreSQL's COPY or, on
SQLite, bulk_create. 15,000 households over a year (about 440,000 pickups) take
some 15 s on PostgreSQL on a quiet 2-core machine; the default 600 households
over six months about 3 s on SQLite. Primary keys that rows refer to are
reserved up front, so the pickups can be written before their households
(Django's foreign keys are DEFERRABLE INITIALLY DEFERRED) and each household's
last activity is known when it is written. On PostgreSQL the foreign keys of the
bulk tables are checked once after the load instead of row by row (see
foreign_keys_achteraf).
"""

from __future__ import annotations

import time as clock
from dataclasses import dataclass, field, replace
from datetime import date

from django.db import transaction
from django.utils import timezone

from hulpverlening import lidmaatschappen
from hulpverlening.models import (
    Gemeente,
)

from .accounts import DEMO_USERNAMES, DemoFout, DemoLogin, demo_logins
from .gegevens import DEMO_WACHTWOORD, GENT, POSTCODE_GEWICHTEN
from .plan import Bouwer, hulpvormen

__all__ = [
    "DEMO_USERNAMES",
    "DEMO_WACHTWOORD",
    "POSTCODE_GEWICHTEN",
    "DemoFout",
    "DemoLogin",
    "SeedResultaat",
    "bestaat_al",
    "hulpvormen",
    "logins_tabel",
    "seed_demo",
]

# --- results -----------------------------------------------------------------------------------


@dataclass
class SeedResultaat:
    logins: list[DemoLogin]
    aantallen: dict[str, int] = field(default_factory=dict)
    overgeslagen: bool = False
    seconden: float = 0.0


def bestaat_al() -> bool:
    return Gemeente.objects.filter(slug=GENT[1]).exists()


def seed_demo(
    *,
    households: int = 600,
    months: int = 6,
    seed: int = 2026,
    if_empty: bool = False,
    vandaag: date | None = None,
) -> SeedResultaat:
    """Build the demo Ghent in one transaction; with if_empty, do nothing when Gent exists."""
    if households < 1 or months < 1:
        raise DemoFout("Kies minstens 1 gezin en 1 maand.")
    if bestaat_al():
        if if_empty:
            return SeedResultaat(logins=demo_logins(), overgeslagen=True)
        raise DemoFout(
            "Gemeente Gent bestaat al. Gebruik --if-empty om niets te doen, "
            "of maak de database eerst leeg (manage.py flush)."
        )
    begonnen = clock.perf_counter()
    bouwer = Bouwer(
        households=households,
        months=months,
        seed=seed,
        vandaag=vandaag or timezone.localdate(),
    )
    with transaction.atomic():
        bouwer.bouw()
    # Memberships were written in bulk, past the signals: sessions read theirs again.
    lidmaatschappen.nieuwe_stempel()
    logins = [
        replace(lo, wachtwoord="(bestaand account, niet gewijzigd)")
        if lo.username in bouwer.bestaande_accounts
        else lo
        for lo in demo_logins()
    ]
    return SeedResultaat(
        logins=logins, aantallen=bouwer.aantallen, seconden=clock.perf_counter() - begonnen
    )


def logins_tabel(logins: list[DemoLogin]) -> str:
    koppen = ("gebruikersnaam", "rol", "organisatie", "wachtwoord")
    rijen = [koppen] + [(lo.username, lo.rol, lo.organisatie, lo.wachtwoord) for lo in logins]
    breedtes = [max(len(r[i]) for r in rijen) for i in range(len(koppen))]

    def regel(r) -> str:
        return "  ".join(c.ljust(b) for c, b in zip(r, breedtes, strict=True)).rstrip()

    lijn = "  ".join("-" * b for b in breedtes)
    return "\n".join([regel(koppen), lijn, *(regel(r) for r in rijen[1:])])
