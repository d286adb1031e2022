"""How full pickup moments are: used to suggest moments with room."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count

from hulpverlening.models import Afhaalmoment, Organisatie

from .models import Afhaling

VENSTER_DAGEN = 28


# How many times a week a household with a referral of this frequency comes.
PER_WEEK = {"wekelijks": 1.0, "tweewekelijks": 0.5, "maandelijks": 12 / 52}


@dataclass(frozen=True)
class Momentdrukte:
    moment: Afhaalmoment
    gemiddeld: float  # households per occurrence over the window
    # Households expected per occurrence from the running referrals assigned to
    # this moment: a monthly referral counts for a quarter of a weekly one.
    verwacht: float

    @property
    def bezetting(self) -> float:
        return max(self.gemiddeld, self.verwacht) / self.moment.capaciteit

    @property
    def procent(self) -> int:
        return round(self.bezetting * 100)

    @property
    def ruimte(self) -> bool:
        return self.bezetting < 0.8


def momenten_met_drukte(organisaties: list[Organisatie], *, tot: date) -> list[Momentdrukte]:
    """Every active moment of these organisations with its recent fill rate, least busy first."""
    from doorverwijzing.models import Doorverwijzing

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
