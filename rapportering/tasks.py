from celery import shared_task
from django.utils import timezone

from . import services
from .cijfers import vorige_maand
from .models import Rapport


# No result: the report's row says how it went. Waiting for a result also made a
# request hang for 20 s while Redis was down (the result backend kept reconnecting).
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def rapport_maken(rapport_id: int) -> str:
    rapport = Rapport.objects.filter(pk=rapport_id).first()
    if rapport is None:  # removed meanwhile: nothing to build
        return "weg"
    return services.rapport_bouwen(rapport=rapport).status


@shared_task
def rapporten_herstellen() -> int:
    """Every five minutes: reports stuck in "wachtend" or "bezig" are sent again."""
    return services.rapporten_herstellen()


@shared_task
def maandrapporten_maken() -> int:
    """Scheduled on the 1st: last month's reports."""
    return services.maandrapporten_maken(maand=vorige_maand(timezone.localdate().replace(day=1)))
