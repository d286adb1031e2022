"""Counts across municipalities for VVSG: meldingen per theme and month, small numbers masked.

Only participating municipalities are counted. A count from 1 to 4 is shown as
"< 5" so a single organisation's or a small municipality's meldingen cannot be
recognised; there are no row or column totals, because a total next to one
masked cell would give that cell away.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hulpverlening.models import Gemeente

from .models import Deelname, Melding, Thema
from .prioriteit import maanden_terug

KLEIN = 5
MAANDEN = 12


def gemaskeerd(aantal: int) -> str:
    """0 stays 0; 1 to 4 become "< 5"; larger counts are shown."""
    if 0 < aantal < KLEIN:
        return f"< {KLEIN}"
    return str(aantal)


@dataclass(frozen=True)
class Rij:
    slug: str
    naam: str
    cellen: tuple[str, ...]


@dataclass(frozen=True)
class Overzicht:
    maanden: tuple[date, ...]
    rijen: tuple[Rij, ...]
    gemeenten: tuple[Gemeente, ...]  # participating municipalities counted


def deelnemende_gemeenten() -> list[Gemeente]:
    return [d.gemeente for d in Deelname.objects.actief().select_related("gemeente")]


def overzicht(*, gemeente: Gemeente | None = None, vandaag: date | None = None) -> Overzicht:
    vandaag = vandaag or timezone.localdate()
    eerste = vandaag.replace(day=1)
    maanden = tuple(maanden_terug(eerste, n) for n in range(MAANDEN - 1, -1, -1))
    gemeenten = deelnemende_gemeenten()
    if gemeente is not None:
        gemeenten = [g for g in gemeenten if g.pk == gemeente.pk]
    van = datetime.combine(maanden[0], time.min, tzinfo=timezone.get_current_timezone())
    koppelingen = Melding.themas.through.objects.filter(
        melding__gemeente__in=gemeenten, melding__gemeld_op__gte=van
    )
    tellingen: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for slug, maand, n in (
        koppelingen.annotate(maand=TruncMonth("melding__gemeld_op"))
        .values("thema__slug", "maand")
        .annotate(n=Count("melding", distinct=True))
        .values_list("thema__slug", "maand", "n")
    ):
        dag = timezone.localtime(maand).date() if isinstance(maand, datetime) else maand
        tellingen[slug][dag.replace(day=1)] += n
    namen: dict[str, str] = {}
    for slug, naam in Thema.objects.filter(gemeente__in=gemeenten).values_list("slug", "naam"):
        namen.setdefault(slug, naam)
    rijen = tuple(
        Rij(slug, namen.get(slug, slug), tuple(gemaskeerd(tellingen[slug][m]) for m in maanden))
        for slug in sorted(namen, key=lambda s: namen[s].lower())
    )
    return Overzicht(maanden, rijen, tuple(gemeenten))
