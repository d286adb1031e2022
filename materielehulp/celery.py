import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "materielehulp.settings")

app = Celery("materielehulp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "doorverwijzingen-opvolgen": {
        "task": "doorverwijzing.tasks.doorverwijzingen_opvolgen",
        "schedule": crontab(hour=6, minute=0),
    },
    "laatste-activiteit-bijwerken": {
        "task": "registratie.tasks.laatste_activiteit_bijwerken",
        "schedule": crontab(hour=3, minute=0),
    },
    "retentie-toepassen": {
        "task": "hulpverlening.tasks.retentie_toepassen",
        "schedule": crontab(hour=3, minute=30),
    },
    "sessies-opruimen": {
        "task": "hulpverlening.tasks.sessies_opruimen",
        "schedule": crontab(hour=3, minute=45),
    },
    "rapporten-herstellen": {
        "task": "rapportering.tasks.rapporten_herstellen",
        "schedule": crontab(minute="*/5"),
    },
    # After midnight's late syncs, before the 04:00 monthly reports.
    "maandtotalen-bijwerken": {
        "task": "rapportering.tasks.maandtotalen_bijwerken",
        "schedule": crontab(hour=2, minute=30),
    },
    "foodsavers-maandrapporten": {
        "task": "rapportering.tasks.maandrapporten_maken",
        "schedule": crontab(day_of_month=1, hour=4, minute=0),
    },
}
