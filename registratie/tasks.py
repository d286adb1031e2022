from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def laatste_activiteit_bijwerken() -> int:
    """Nightly (Celery beat), before retention: households' last activity from their pickups.

    Two days back, so one missed night loses nothing.
    """
    return services.laatste_activiteit_bijwerken(sinds=timezone.now() - timedelta(days=2))
