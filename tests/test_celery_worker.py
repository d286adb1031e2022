"""The daily referral task, run by a real Celery worker against Redis and PostgreSQL.

CI starts Redis and sets REDIS_URL_FOR_TESTS. Elsewhere the test is skipped;
every other test runs tasks eagerly.
"""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from doorverwijzing import services
from doorverwijzing.models import Doorverwijzing
from hulpverlening.models import Hulpvorm, Notification

ROOT = Path(__file__).resolve().parent.parent
REDIS = os.environ.get("REDIS_URL_FOR_TESTS", "")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not REDIS and not os.environ.get("CI"), reason="REDIS_URL_FOR_TESTS is not set"
    ),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker needs PostgreSQL"),
]


def _database_url() -> str:
    s = connection.settings_dict
    wachtwoord = f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else ""
    return f"postgres://{quote(s['USER'])}{wachtwoord}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(tmp_path_factory):
    assert REDIS, "CI must set REDIS_URL_FOR_TESTS"
    env = {
        **os.environ,
        "REDIS_URL": REDIS,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
    }
    proces = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "materielehulp",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        yield Celery(broker=REDIS, backend=REDIS)
    finally:
        proces.terminate()
        proces.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_expires_referrals_and_warns_once(worker, wereld, maatschappelijk_werker):
    from .conftest import maak_gezin

    gezin = maak_gezin(wereld.sociale_dienst)
    vandaag = timezone.localdate()
    dv = services.doorverwijzing_aanmaken(
        lidmaatschap=maatschappelijk_werker.lidmaatschappen.get(),
        gezin=gezin,
        organisatie=wereld.initiatief_a,
        soort="doorverwijzing",
        hulpvorm=Hulpvorm.objects.standaard(),
        start=vandaag - timedelta(days=20),
        einde=vandaag + timedelta(days=10),
        frequentie="wekelijks",
        pakket="middel",
        reden="laag_inkomen",
    )
    verlopen = services.doorverwijzing_aanmaken(
        lidmaatschap=maatschappelijk_werker.lidmaatschappen.get(),
        gezin=maak_gezin(wereld.sociale_dienst, voornaam="Jef"),
        organisatie=wereld.initiatief_a,
        soort="aanmelding",
        hulpvorm=Hulpvorm.objects.standaard(),
        start=vandaag - timedelta(days=30),
        einde=vandaag - timedelta(days=1),
        frequentie="wekelijks",
        pakket="middel",
        reden="laag_inkomen",
    )
    taak = "doorverwijzing.tasks.doorverwijzingen_opvolgen"
    assert worker.send_task(taak).get(timeout=60) == {"verlopen": 1, "gewaarschuwd": 1}
    assert worker.send_task(taak).get(timeout=60) == {"verlopen": 0, "gewaarschuwd": 0}
    verlopen.refresh_from_db()
    assert verlopen.status == Doorverwijzing.Status.VERLOPEN
    assert Notification.objects.filter(sleutel__startswith=f"dv-{dv.pk}-einde").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_monthly_report(worker, wereld):
    from rapportering.models import Rapport

    rapport = Rapport.objects.create(
        gemeente=wereld.gent,
        organisatie=wereld.initiatief_a,
        maand=timezone.localdate().replace(day=1),
    )
    assert (
        worker.send_task("rapportering.tasks.rapport_maken", args=[rapport.pk]).get(timeout=90)
        == "klaar"
    )
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.KLAAR
    assert set(rapport.checksums) == {"pdf", "xlsx", "csv"}
    assert rapport.cijfers["organisatie"] == wereld.initiatief_a.naam
