"""How long `seed_demo` takes for 15,000 households and a year of weekly pickups.

The database is emptied (`flush`) before and after: run this only against a
throwaway database (scripts/bench.sh starts one). It refuses SQLite and
production settings, so it never empties a developer's demo database. After
the run the aid kinds of data migration 0002 are put back, so the next module
finds a database as migrated.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from demo import seed as demo
from registratie.models import Afhaling

HUISHOUDENS = 15_000
MAANDEN = 12


def leegmaken() -> None:
    call_command("flush", interactive=False, verbosity=0)
    demo.hulpvormen()


def run() -> dict:
    if connection.vendor != "postgresql":
        raise RuntimeError("bench_seed needs DATABASE_URL to a throwaway PostgreSQL database")
    if getattr(settings, "PRODUCTION", False):
        raise RuntimeError("bench_seed empties the database; not in production")
    leegmaken()
    try:
        started = time.perf_counter()
        resultaat = demo.seed_demo(households=HUISHOUDENS, months=MAANDEN, seed=2026)
        seconds = time.perf_counter() - started
        afhalingen = Afhaling.objects.count()
    finally:
        leegmaken()
    personen = resultaat.aantallen["personen"]
    return {
        f"seed.households_{HUISHOUDENS}_months_{MAANDEN}_s": {
            "value": round(seconds, 2),
            "unit": "s",
            "target": "< 120",
        },
        "seed.afhalingen_per_s": {
            "value": round(afhalingen / seconds),
            "unit": "1/s",
            "target": f"informative ({afhalingen} pickups, {personen} persons)",
        },
    }
