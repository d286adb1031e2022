"""A Celery app for tests whose report builds take TRAAG_SECONDEN longer.

Started as `celery -A tests.celery_traag worker --pool=solo`, so that a test can
kill the worker while a report is being built (after the build claimed its row).
"""

import os
import time

from celery.signals import task_prerun

from materielehulp.celery import app


@task_prerun.connect
def _maak_pdf_traag(**kwargs):
    # Imported here: Django is set up by the time a task runs, not at import.
    from rapportering import bestanden

    if getattr(bestanden.als_pdf, "traag", False):
        return
    origineel = bestanden.als_pdf

    def traag(cijfers):
        time.sleep(float(os.environ.get("TRAAG_SECONDEN", "30")))
        return origineel(cijfers)

    traag.traag = True
    bestanden.als_pdf = traag


__all__ = ["app"]
