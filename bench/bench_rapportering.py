"""The city's figures at city scale: the monthly FoodSavers report and the dashboard,
on the demo seeded with 15,000 households and twelve months (issue 15, item 6).

The database is emptied before and after, like bench_seed: a throwaway database
only. Each figure comes with a ceiling measured in the same run:

- `rapportering.city_month_report_s`: the city's report for last month in all three
  formats (figures, PDF, XLSX, CSV), median of 3; target < 5 s.
- `rapportering.report_peak_rss_mb`: peak memory of a fresh process that builds it
  (Django's own start included); target < 500 MB.
- `rapportering.query_ratio_vs_sql`: the time of the report's figures against one
  hand-written SQL aggregate over the raw pickups that computes its headline numbers
  (unique households, persons, pickups); target <= 1, which only monthly aggregates
  can reach (issue 15.1).
- `rapportering.dashboard_p95_ms`: the city dashboard as the city user, cold (cache
  cleared before each request), 3 and 12 months, p95 of 5 each; target < 300 ms.
- `rapportering.totals_build_s`: building the monthly totals of every closed month,
  as the nightly task and `manage.py maandtotalen` do, before the figures are
  measured (production has them built); informative, against the seed's own time.
"""

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from demo import seed as demo
from hulpverlening.kalender import maand_van, volgende_maand, vorige_maand
from hulpverlening.models import Gemeente, Gezin, Hulpvorm
from rapportering import bestanden, maandtotalen
from rapportering.cijfers import foodsavers_cijfers
from registratie.models import Afhaling

HUISHOUDENS = 15_000
MAANDEN = 12
KEER = 3
ROOT = Path(__file__).resolve().parent.parent

KOPCIJFERS_SQL = """
WITH maand AS (
    SELECT a.gezin_id FROM {afhaling} a
    JOIN {gezin} g ON g.id = a.gezin_id
    JOIN {hulpvorm} h ON h.id = a.hulpvorm_id
    WHERE g.gemeente_id = %s AND a.datum >= %s AND a.datum < %s
      AND a.status = 'geregistreerd' AND h.telt_voor_foodsavers
)
SELECT (SELECT count(DISTINCT gezin_id) FROM maand),
       (SELECT coalesce(sum(g.volwassenen + g.kinderen_0_2 + g.kinderen_3_11 + g.kinderen_12_17), 0)
        FROM {gezin} g WHERE g.id IN (SELECT gezin_id FROM maand)),
       (SELECT count(*) FROM maand)
"""


def leegmaken() -> None:
    call_command("flush", interactive=False, verbosity=0)
    demo.hulpvormen()


def _tijd(doe) -> float:
    begin = time.perf_counter()
    doe()
    return time.perf_counter() - begin


def _rapport(gemeente, maand) -> None:
    cijfers = foodsavers_cijfers(gemeente=gemeente, organisatie=None, maand=maand)
    bestanden.als_pdf(cijfers)
    bestanden.als_xlsx(cijfers)
    bestanden.als_csv(cijfers)


def _kopcijfers_sql(gemeente, maand) -> None:
    sql = KOPCIJFERS_SQL.format(
        afhaling=Afhaling._meta.db_table,
        gezin=Gezin._meta.db_table,
        hulpvorm=Hulpvorm._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [gemeente.pk, maand, volgende_maand(maand)])
        cursor.fetchone()


def _piekgeheugen_mb(maand) -> float:
    """Peak RSS of a fresh process that builds the city's report (Linux: ru_maxrss in kB)."""
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'materielehulp.settings'); django.setup();"
        "from datetime import date; from hulpverlening.models import Gemeente;"
        "from bench.bench_rapportering import _rapport;"
        f"_rapport(Gemeente.objects.get(naam='Gent'), date.fromisoformat('{maand}'))"
    )
    voor = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    na = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(na, voor) / 1024


def _dashboard_ms(client: Client) -> tuple[list[float], float]:
    tijden = []
    for maanden in (3, 12):
        for _ in range(5):
            cache.clear()
            begin = time.perf_counter()
            antwoord = client.get("/rapporten/cijfers/", {"maanden": maanden})
            tijden.append((time.perf_counter() - begin) * 1000)
            if antwoord.status_code != 200:
                raise RuntimeError(f"dashboard answered {antwoord.status_code}")
    kaal = []
    for _ in range(5):
        begin = time.perf_counter()
        client.get("/rapporten/")  # the reports list: a page with little to compute
        kaal.append((time.perf_counter() - begin) * 1000)
    return tijden, statistics.median(kaal)


def _stadsgebruiker_client() -> Client:
    from django.contrib.auth import get_user_model

    from tests.mfa_helpers import aanmelden

    client = Client()
    aanmelden(client, get_user_model().objects.get(username="stad"))
    return client


def run() -> dict:
    if connection.vendor != "postgresql":
        raise RuntimeError("bench_rapportering needs DATABASE_URL to a throwaway PostgreSQL")
    if getattr(settings, "PRODUCTION", False):
        raise RuntimeError("bench_rapportering empties the database; not in production")
    leegmaken()
    try:
        begin = time.perf_counter()
        demo.seed_demo(households=HUISHOUDENS, months=MAANDEN, seed=2026)
        zaaien = time.perf_counter() - begin
        begin = time.perf_counter()
        for gesloten in maandtotalen.gesloten_maanden(timezone.localdate()):
            maandtotalen.maand_bouwen(gesloten)
        bouwen = time.perf_counter() - begin
        gent = Gemeente.objects.get(naam="Gent")
        maand = vorige_maand(maand_van(timezone.localdate()))
        afhalingen = Afhaling.objects.filter(
            datum__gte=maand, datum__lt=volgende_maand(maand)
        ).count()
        _rapport(gent, maand)  # fonts and templates loaded once
        rapport = statistics.median(_tijd(lambda: _rapport(gent, maand)) for _ in range(KEER))
        cijfers = statistics.median(
            _tijd(lambda: foodsavers_cijfers(gemeente=gent, organisatie=None, maand=maand))
            for _ in range(KEER)
        )
        sql = statistics.median(_tijd(lambda: _kopcijfers_sql(gent, maand)) for _ in range(KEER))
        geheugen = _piekgeheugen_mb(maand)
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            dashboard, kaal_ms = _dashboard_ms(_stadsgebruiker_client())
        p95 = statistics.quantiles(dashboard, n=20)[-1]
    finally:
        leegmaken()
    schaal = f"{HUISHOUDENS} households x {MAANDEN} months, {afhalingen} pickups in the month"
    return {
        "rapportering.city_month_report_s": {
            "value": round(rapport, 2),
            "unit": "s",
            "target": f"< 5 (figures + PDF + XLSX + CSV, median of {KEER}; {schaal})",
        },
        "rapportering.report_peak_rss_mb": {
            "value": round(geheugen),
            "unit": "MB",
            "target": "< 500 (a fresh process building the city's report)",
        },
        "rapportering.query_ratio_vs_sql": {
            "value": round(cijfers / sql, 1),
            "unit": "ratio",
            "target": (
                f"<= 1 (the report's figures {cijfers:.2f} s ÷ one SQL aggregate of its "
                f"headline numbers on the raw pickups {sql * 1000:.0f} ms)"
            ),
        },
        "rapportering.totals_build_s": {
            "value": round(bouwen, 1),
            "unit": "s",
            "target": f"informative (every closed month; the seed itself took {zaaien:.0f} s)",
        },
        "rapportering.dashboard_p95_ms": {
            "value": round(p95),
            "unit": "ms",
            "target": (
                f"< 300 (city dashboard, cold, 3 and 12 months; the reports list "
                f"{kaal_ms:.0f} ms in the same run)"
            ),
        },
    }
