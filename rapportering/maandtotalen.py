"""Monthly totals (issue 15.1): built from the pickups for closed months, rebuilt at will.

A month is built in one transaction: its rows are deleted and written again from the
pickups, so building twice gives the same rows, and a pickup synced late (a phone
offline for days) is counted at the next build. The nightly task rebuilds the months
that late pickups can still reach (sync accepts items up to MAX_DAGEN_OUD days old).
"""

from datetime import date, timedelta
from itertools import batched

from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone

from hulpverlening.kalender import maand_van, volgende_maand
from registratie.models import Afhaling
from registratie.sync import MAX_DAGEN_OUD

from .models import GebouwdeMaand, Maandtotaal


def _rijen(maand: date):
    return (
        Afhaling.objects.filter(
            datum__gte=maand, datum__lt=volgende_maand(maand), status=Afhaling.Status.GEREGISTREERD
        )
        .values("organisatie_id", "gezin_id", "hulpvorm_id", "gezin__gemeente_id")
        .annotate(
            n=Count("id"),
            b=Count("bezoek", distinct=True),
            e=Sum("aantal"),
            w=Sum("bedrag"),
            z=Count("id", filter=Q(zelfmelder=True)),
            v=Count("id", filter=Q(doorverwijzing__isnull=False)),
            p=F("gezin__volwassenen")
            + F("gezin__kinderen_0_2")
            + F("gezin__kinderen_3_11")
            + F("gezin__kinderen_12_17"),
            eerste=Min("datum"),
            laatste=Max("datum"),
        )
        .order_by()
    )


@transaction.atomic
def maand_bouwen(maand: date) -> int:
    """Write the month's totals again from its pickups; returns how many rows."""
    maand = maand_van(maand)
    Maandtotaal.objects.filter(maand=maand).delete()
    aantal = 0
    for batch in batched(_rijen(maand).iterator(chunk_size=5000), 5000):
        Maandtotaal.objects.bulk_create(
            Maandtotaal(
                maand=maand,
                gemeente_id=r["gezin__gemeente_id"],
                organisatie_id=r["organisatie_id"],
                gezin_id=r["gezin_id"],
                hulpvorm_id=r["hulpvorm_id"],
                afhalingen=r["n"],
                bezoeken=r["b"],
                eenheden=r["e"] or 0,
                bedrag=r["w"],
                zelfmelder=r["z"],
                verwezen=r["v"],
                personen=r["p"],
                eerste=r["eerste"],
                laatste=r["laatste"],
            )
            for r in batch
        )
        aantal += len(batch)
    GebouwdeMaand.objects.update_or_create(maand=maand, defaults={"gebouwd_op": timezone.now()})
    return aantal


def gebouwd(maanden: list[date]) -> set[date]:
    """Which of these months the figures may read from the totals: built, and closed."""
    huidige = maand_van(timezone.localdate())
    return set(
        GebouwdeMaand.objects.filter(maand__in=maanden, maand__lt=huidige).values_list(
            "maand", flat=True
        )
    )


def gesloten_maanden(vandaag: date, *, van: date | None = None) -> list[date]:
    """Closed months to (re)build: from `van` (or the first pickup) up to last month."""
    if van is None:
        eerste = Afhaling.objects.order_by("datum").values_list("datum", flat=True).first()
        if eerste is None:
            return []
        van = eerste
    maanden, maand = [], maand_van(van)
    while maand < maand_van(vandaag):
        maanden.append(maand)
        maand = volgende_maand(maand)
    return maanden


def nog_te_bereiken(vandaag: date) -> list[date]:
    """The closed months a late pickup can still land in (the nightly rebuild)."""
    return gesloten_maanden(vandaag, van=vandaag - timedelta(days=MAX_DAGEN_OUD + 1))
