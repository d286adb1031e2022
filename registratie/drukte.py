"""How full pickup moments are: used to suggest moments with room.

Momentdrukte lives in the core (hulpverlening/afhaalgegevens.py), so that the
referral pages below this app can ask for it too.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count

from doorverwijzing.models import Doorverwijzing
from hulpverlening.afhaalgegevens import Momentdrukte
from hulpverlening.models import Afhaalmoment, Organisatie

from .models import Afhaling

VENSTER_DAGEN = 28

__all__ = ["Momentdrukte", "PER_WEEK", "VENSTER_DAGEN", "momenten_met_drukte"]


# How many times a week a household with a referral of this frequency comes.
PER_WEEK = {"wekelijks": 1.0, "tweewekelijks": 0.5, "maandelijks": 12 / 52}


def momenten_met_drukte(organisaties: list[Organisatie], *, tot: date) -> list[Momentdrukte]:
    """Every active moment of these organisations with its recent fill rate, least busy first."""
    momenten = list(
        Afhaalmoment.objects.filter(
            locatie__organisatie__in=organisaties, actief=True, locatie__actief=True
        ).select_related("locatie", "locatie__organisatie")
    )
    van = tot - timedelta(days=VENSTER_DAGEN)
    per_moment = dict(
        Afhaling.objects.filter(afhaalmoment__in=momenten, datum__gte=van, datum__lt=tot)
        .exclude(status=Afhaling.Status.ONGEDAAN)
        .values("afhaalmoment")
        .annotate(n=Count("id"))
        .values_list("afhaalmoment", "n")
    )
    verwacht = defaultdict(float)
    for moment_id, frequentie, n in (
        Doorverwijzing.objects.geldig_op(tot)
        .filter(afhaalmoment__in=momenten)
        .values("afhaalmoment", "frequentie")
        .annotate(n=Count("id"))
        .values_list("afhaalmoment", "frequentie", "n")
    ):
        verwacht[moment_id] += n * PER_WEEK.get(frequentie, 1.0)
    keren = VENSTER_DAGEN // 7
    resultaat = [Momentdrukte(m, per_moment.get(m.pk, 0) / keren, verwacht[m.pk]) for m in momenten]
    return sorted(resultaat, key=lambda d: (d.bezetting, d.moment.weekdag, d.moment.start))
