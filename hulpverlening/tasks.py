from celery import shared_task
from django.utils import timezone

from . import privacy
from .models import Gemeente


@shared_task
def retentie_toepassen() -> dict[str, int]:
    """Daily (Celery beat): pseudonymise households past their municipality's retention."""
    vandaag = timezone.localdate()
    return {
        gemeente.slug: len(privacy.retentie_toepassen(gemeente=gemeente, op=vandaag).gezinnen)
        for gemeente in Gemeente.objects.order_by("pk")
    }


@shared_task
def sessies_opruimen() -> int:
    """Daily (Celery beat): forget sessions that ended by themselves."""
    from . import sessies

    return sessies.opruimen()
