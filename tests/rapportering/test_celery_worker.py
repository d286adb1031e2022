"""The daily referral task, run by a real Celery worker against Redis and PostgreSQL.

CI starts Redis and sets REDIS_URL_FOR_TESTS. Elsewhere the test is skipped;
every other test runs tasks eagerly.
"""

import os
import signal
import subprocess
import sys
import time
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

ROOT = Path(__file__).resolve().parents[2]
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


def _omgeving(media: Path, **extra) -> dict:
    return {
        **os.environ,
        "REDIS_URL": REDIS,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(media),
        # Stuck reports are found after seconds here, not minutes.
        "RAPPORT_BEZIG_GRENS_SECONDEN": "3",
        "RAPPORT_WACHTEND_GRENS_SECONDEN": "1",
        **extra,
    }


def _start_worker(env: dict, app: str = "materielehulp") -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            app,
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


@pytest.fixture
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def worker(media):
    assert REDIS, "CI must set REDIS_URL_FOR_TESTS"
    client = Celery(broker=REDIS, backend=REDIS)
    client.control.purge()  # messages a killed worker of another test left behind
    proces = _start_worker(_omgeving(media))
    try:
        yield client
    finally:
        proces.terminate()
        proces.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_expires_referrals_and_warns_once(worker, wereld, maatschappelijk_werker):
    from ..conftest import maak_gezin

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
    worker.send_task("rapportering.tasks.rapport_maken", args=[rapport.pk])
    rapport = _wacht_op(rapport, Rapport.Status.KLAAR)
    assert set(rapport.checksums) == {"pdf", "xlsx", "csv"}
    assert rapport.cijfers["organisatie"] == wereld.initiatief_a.naam


def _wacht_op(rapport, status: str, seconden: float = 90):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        rapport.refresh_from_db()
        if rapport.status == status:
            return rapport
        time.sleep(0.2)
    raise AssertionError(f"report {rapport.pk} is {rapport.status}, not {status}")


def _rapport(wereld, **velden):
    from rapportering.models import Rapport

    return Rapport.objects.create(
        gemeente=wereld.gent,
        organisatie=wereld.initiatief_a,
        maand=timezone.localdate().replace(day=1),
        **velden,
    )


@pytest.mark.django_db(transaction=True)
def test_a_report_whose_worker_was_killed_mid_build_is_built_after_all(media, wereld):
    """kill -9 while the report builds: it stayed "bezig" forever (issue 11.8)."""
    assert REDIS, "CI must set REDIS_URL_FOR_TESTS"
    client = Celery(broker=REDIS, backend=REDIS)
    client.control.purge()
    rapport = _rapport(wereld)
    traag = _start_worker(_omgeving(media, TRAAG_SECONDEN="60"), app="tests.celery_traag")
    try:
        client.send_task("rapportering.tasks.rapport_maken", args=[rapport.pk])
        _wacht_op(rapport, "bezig")
        traag.send_signal(signal.SIGKILL)
        traag.wait(timeout=10)
    finally:
        if traag.poll() is None:
            traag.kill()
    rapport.refresh_from_db()
    assert rapport.status == "bezig" and rapport.bezig_sinds is not None

    nieuw = _start_worker(_omgeving(media))
    try:
        time.sleep(3.5)  # past RAPPORT_BEZIG_GRENS of the worker
        client.send_task("rapportering.tasks.rapporten_herstellen").get(timeout=60)
        rapport = _wacht_op(rapport, "klaar")
    finally:
        nieuw.terminate()
        nieuw.wait(timeout=30)
    assert set(rapport.checksums) == {"pdf", "xlsx", "csv"}


@pytest.mark.django_db(transaction=True)
def test_a_report_asked_while_redis_was_down_is_sent_by_beat(worker, media, wereld):
    """The request returned after a short broker timeout, the row says "wachtend"
    without a message on the queue; the page says so; beat sends it (issue 11.9)."""
    from rapportering.models import Rapport

    maand = timezone.localdate().replace(day=1)
    script = (
        "from hulpverlening.models import Organisatie; from rapportering import tasks; "
        f"o = Organisatie.objects.get(pk={wereld.initiatief_a.pk}); "
        "print(tasks.aanvragen(gemeente=o.gemeente, organisatie=o, "
        f"maand=__import__('datetime').date.fromisoformat('{maand.isoformat()}'))[1])"
    )
    dood = _omgeving(media, REDIS_URL="redis://127.0.0.1:9/0")
    uitvoer = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=dood,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert uitvoer.returncode == 0, uitvoer.stderr
    rapport = Rapport.objects.get(organisatie=wereld.initiatief_a, maand=maand)
    assert rapport.status == "wachtend" and rapport.wacht_op_wachtrij

    worker.send_task("rapportering.tasks.rapporten_herstellen").get(timeout=60)
    rapport = _wacht_op(rapport, "klaar")
    assert not rapport.wacht_op_wachtrij


@pytest.mark.django_db(transaction=True)
def test_a_report_whose_message_was_lost_in_redis_is_sent_again(worker, wereld):
    """Asked just before Redis went down: the row says it was sent, no worker ever saw
    it. The row, not the broker, decides: beat sends it again (issue 11.10)."""
    rapport = _rapport(wereld, verstuurd_op=timezone.now() - timedelta(minutes=5))
    worker.send_task("rapportering.tasks.rapporten_herstellen").get(timeout=60)
    assert _wacht_op(rapport, "klaar").gemaakt_op is not None
