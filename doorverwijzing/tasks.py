from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def doorverwijzingen_opvolgen() -> dict:
    verlopen, gewaarschuwd = services.doorverwijzingen_opvolgen(op=timezone.localdate())
    return {"verlopen": verlopen, "gewaarschuwd": gewaarschuwd}
