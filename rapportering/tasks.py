"""Report builds on the queue. The services decide (services.py); this module sends.

Only this module knows Celery: services never import it (docs/architecture.md).
"""

import logging
from datetime import date

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import services
from .cijfers import vorige_maand
from .models import Rapport

logger = logging.getLogger(__name__)


# No result: the report's row says how it went. Waiting for a result also made a
# request hang for 20 s while Redis was down (the result backend kept reconnecting).
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def rapport_maken(rapport_id: int) -> str:
    rapport = Rapport.objects.filter(pk=rapport_id).first()
    if rapport is None:  # removed meanwhile: nothing to build
        return "weg"
    return services.rapport_bouwen(rapport=rapport).status


def versturen(rapport_id: int) -> bool:
    """Put the build on the queue; if the broker cannot be reached, the row stays
    "wachtend" without `verstuurd_op`, the page says so, and beat tries again."""
    try:
        rapport_maken.apply_async(args=[rapport_id], retry=False)
    except Exception:  # noqa: BLE001 - kombu and redis raise many kinds; the row records it
        logger.warning("Rapport %s: de wachtrij is niet bereikbaar", rapport_id, exc_info=True)
        return False
    services.verstuurd(rapport_id)
    return True


def aanvragen(**kwargs) -> tuple[Rapport, bool]:
    """services.rapport_aanvragen, and the build sent once the request's transaction commits."""
    rapport, te_versturen = services.rapport_aanvragen(**kwargs)
    if te_versturen:
        transaction.on_commit(lambda: versturen(rapport.pk))
    return rapport, te_versturen


@shared_task
def rapporten_herstellen() -> int:
    """Every five minutes: reports stuck in "wachtend" or "bezig" are sent again."""
    return sum(versturen(rapport_id) for rapport_id in services.vastgelopen())


@shared_task
def maandrapporten_maken(maand: str | None = None) -> int:
    """Scheduled on the 1st: last month's reports (or those of `maand`, YYYY-MM-DD)."""
    dag = date.fromisoformat(maand) if maand else vorige_maand(timezone.localdate().replace(day=1))
    return sum(
        aanvragen(gemeente=gemeente, organisatie=organisatie, maand=dag)[1]
        for gemeente, organisatie in services.maandrapporten(maand=dag)
    )


@shared_task(ignore_result=True)
def maandtotalen_bijwerken() -> int:
    """Nightly: the closed months a late pickup can still reach, built again (issue 15.1)."""
    from . import maandtotalen

    return sum(
        maandtotalen.maand_bouwen(m) for m in maandtotalen.nog_te_bereiken(timezone.localdate())
    )
