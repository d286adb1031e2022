"""Reports under faults, without a worker (the real-worker cases are in test_celery_worker.py).

The broker is the edge of the system: where it is down, `apply_async` is made to
raise what kombu raises.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from rapportering import services, tasks
from rapportering.models import Rapport

MAAND = timezone.localdate().replace(day=1)
WACHTRIJ_WEG = mock.patch(
    "rapportering.tasks.rapport_maken.apply_async",
    side_effect=OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
)


def _vraag(wereld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return tasks.aanvragen(gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=MAAND)


def test_asking_while_the_queue_is_down_keeps_the_report_waiting_and_says_so(
    wereld, als, coordinator, django_capture_on_commit_callbacks
):
    with WACHTRIJ_WEG:
        rapport, gestart = _vraag(wereld, django_capture_on_commit_callbacks)
    rapport.refresh_from_db()
    assert gestart and rapport.status == "wachtend" and rapport.wacht_op_wachtrij
    html = als(coordinator).get(reverse("rapport_status", args=[rapport.pk])).content.decode()
    assert "De wachtrij is even niet bereikbaar" in html and "nu opnieuw proberen" in html


def test_asking_again_once_the_queue_is_back_builds_the_report(
    wereld, django_capture_on_commit_callbacks
):
    with WACHTRIJ_WEG:
        _vraag(wereld, django_capture_on_commit_callbacks)
    rapport, gestart = _vraag(wereld, django_capture_on_commit_callbacks)
    rapport.refresh_from_db()
    assert gestart and rapport.status == "klaar"


def test_beat_sends_again_what_never_reached_the_queue(wereld, django_capture_on_commit_callbacks):
    with WACHTRIJ_WEG:
        rapport, _ = _vraag(wereld, django_capture_on_commit_callbacks)
    assert tasks.rapporten_herstellen() == 1
    rapport.refresh_from_db()
    assert rapport.status == "klaar"


def test_a_fresh_build_is_left_alone_and_a_stale_one_is_taken_over(wereld, settings):
    rapport = Rapport.objects.create(
        gemeente=wereld.gent,
        organisatie=wereld.initiatief_a,
        maand=MAAND,
        status=Rapport.Status.BEZIG,
        bezig_sinds=timezone.now(),
    )
    assert tasks.rapporten_herstellen() == 0
    assert services.rapport_bouwen(rapport=rapport).status == "bezig"
    Rapport.objects.filter(pk=rapport.pk).update(
        bezig_sinds=timezone.now() - timedelta(seconds=settings.RAPPORT_BEZIG_GRENS + 1)
    )
    rapport.refresh_from_db()
    assert rapport.is_vastgelopen
    assert tasks.rapporten_herstellen() == 1
    rapport.refresh_from_db()
    assert rapport.status == "klaar" and not rapport.is_vastgelopen


def test_a_stuck_report_says_so_and_asking_again_starts_it(
    wereld, als, coordinator, settings, django_capture_on_commit_callbacks
):
    rapport = Rapport.objects.create(
        gemeente=wereld.gent,
        organisatie=wereld.initiatief_a,
        maand=MAAND,
        status=Rapport.Status.BEZIG,
        bezig_sinds=timezone.now() - timedelta(seconds=settings.RAPPORT_BEZIG_GRENS + 1),
    )
    html = als(coordinator).get(reverse("rapport_status", args=[rapport.pk])).content.decode()
    assert "Het maken werd onderbroken" in html
    _r, gestart = _vraag(wereld, django_capture_on_commit_callbacks)
    rapport.refresh_from_db()
    assert gestart and rapport.status == "klaar"


@pytest.mark.parametrize("status", ["klaar", "bezig"])
def test_running_the_task_again_is_harmless(wereld, status):
    from rapportering.tasks import rapport_maken

    rapport = Rapport.objects.create(
        gemeente=wereld.gent,
        organisatie=wereld.initiatief_a,
        maand=MAAND,
        status=status,
        bezig_sinds=timezone.now(),
    )
    assert rapport_maken(rapport.pk) == status
    assert rapport_maken(999999) == "weg"
