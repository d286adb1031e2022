from celery import shared_task
from django.utils import timezone

from . import services
from .cijfers import vorige_maand
from .models import Rapport


@shared_task
def rapport_maken(rapport_id: int) -> str:
    rapport = services.rapport_bouwen(rapport=Rapport.objects.get(pk=rapport_id))
    return rapport.status


@shared_task
def maandrapporten_maken() -> int:
    """Scheduled on the 1st: last month's reports."""
    return services.maandrapporten_maken(maand=vorige_maand(timezone.localdate().replace(day=1)))
