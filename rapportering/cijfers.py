"""The figures of the monthly FoodSavers report, computed from registrations and deliveries.

One function builds a plain dict (JSON-able): the PDF, XLSX and CSV are all
rendered from that same dict, so the three formats cannot disagree. Only aids
that count for FoodSavers (Hulpvorm.telt_voor_foodsavers: food parcels, meals)
are counted; a baby kit or a hygiene parcel handed out the same month is not.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hulpverlening.kalender import maand_van, maanden_terug, volgende_maand, vorige_maand
from hulpverlening.models import Gemeente, Gezin, Organisatie
from registratie.models import Afhaling

from . import maandtotalen
from .models import CATEGORIEEN, Levering, Maandtotaal

# FAO: 100 t of food saved ≈ 254 t CO₂ avoided.
CO2_PER_KG = Decimal("2.54")
KLEIN_AANTAL = 5
MAANDEN_IN_REEKS = 12


def _telt(rijen):
    """Registered pickups of aids that count for FoodSavers: food, not a baby kit."""
    return rijen.filter(status=Afhaling.Status.GEREGISTREERD, hulpvorm__telt_voor_foodsavers=True)


def _afhalingen(gemeente: Gemeente, organisatie: Organisatie | None, maand: date):
    rijen = _telt(
        Afhaling.objects.filter(
            gezin__gemeente=gemeente, datum__gte=maand, datum__lt=volgende_maand(maand)
        )
    )
    return rijen.filter(organisatie=organisatie) if organisatie else rijen


def _leveringen(gemeente: Gemeente, organisatie: Organisatie | None, maand: date) -> dict:
    rijen = Levering.objects.filter(
        organisatie__gemeente=gemeente, datum__gte=maand, datum__lt=volgende_maand(maand)
    )
    if organisatie:
        rijen = rijen.filter(organisatie=organisatie)
    sommen = rijen.aggregate(**{veld: Sum(veld) for veld, _label in CATEGORIEEN})
    kg = {veld: float(sommen[veld] or 0) for veld, _label in CATEGORIEEN}
    totaal = sum(kg.values())
    return {
        "kg": kg,
        "kg_totaal": round(totaal, 1),
        "aandeel_groenten_fruit": round(kg["groenten_fruit"] / totaal * 100, 1) if totaal else 0,
        "co2_vermeden_kg": round(float(Decimal(str(totaal)) * CO2_PER_KG), 1),
        "leveringen": rijen.count(),
    }


def _totalen(gemeente: Gemeente, organisatie: Organisatie | None):
    """The monthly totals of aids that count for FoodSavers (rapportering.maandtotalen)."""
    rijen = Maandtotaal.objects.filter(gemeente=gemeente, hulpvorm__telt_voor_foodsavers=True)
    return rijen.filter(organisatie=organisatie) if organisatie else rijen


def _kern(gemeente: Gemeente, organisatie: Organisatie | None, maand: date) -> dict:
    """Unique households and persons, pickups: the figures also compared over time.

    From the monthly totals when the month was built, else from the pickups: the same
    numbers (tests/rapportering/test_maandtotalen.py compares the two)."""
    if maandtotalen.gebouwd([maand]):
        rijen = _totalen(gemeente, organisatie).filter(maand=maand)
        afhalingen = rijen.aggregate(n=Sum("afhalingen"))["n"] or 0
    else:
        rijen = _afhalingen(gemeente, organisatie, maand)
        afhalingen = rijen.count()
    # A subquery, not a list of ids sent back to the database (issue 15: 127,000 ids
    # in an IN list took 11 s at Flanders scale).
    gezin_ids = rijen.values("gezin_id")
    samenstelling = Gezin.objects.filter(pk__in=gezin_ids).aggregate(
        gezinnen=Count("id"),
        volwassenen=Sum("volwassenen"),
        kinderen_0_2=Sum("kinderen_0_2"),
        kinderen_3_11=Sum("kinderen_3_11"),
        kinderen_12_17=Sum("kinderen_12_17"),
    )
    samenstelling = {k: v or 0 for k, v in samenstelling.items()}
    kinderen = (
        samenstelling["kinderen_0_2"]
        + samenstelling["kinderen_3_11"]
        + samenstelling["kinderen_12_17"]
    )
    return {
        "gezinnen": samenstelling["gezinnen"],
        "personen": samenstelling["volwassenen"] + kinderen,
        "volwassenen": samenstelling["volwassenen"],
        "kinderen": kinderen,
        "kinderen_0_2": samenstelling["kinderen_0_2"],
        "kinderen_3_11": samenstelling["kinderen_3_11"],
        "kinderen_12_17": samenstelling["kinderen_12_17"],
        "afhalingen": afhalingen,
        "_gezin_ids": gezin_ids,
    }


def foodsavers_cijfers(*, gemeente: Gemeente, organisatie: Organisatie | None, maand: date) -> dict:
    """Everything the monthly report says, for one organisation or the whole city."""
    maand = maand_van(maand)
    kern = _kern(gemeente, organisatie, maand)
    gezin_ids = kern.pop("_gezin_ids")
    afhalingen = _afhalingen(gemeente, organisatie, maand)

    gebouwd = bool(maandtotalen.gebouwd([maand]))
    terugkerend = _terugkerend(gemeente, organisatie, maand, gezin_ids)

    if gebouwd:
        totalen = _totalen(gemeente, organisatie).filter(maand=maand)
        per_gezin = totalen.values("gezin_id").annotate(verwezen=Sum("verwezen"))
        per_hulpvorm_rijen = totalen.values("hulpvorm__naam").annotate(n=Sum("afhalingen"))
    else:
        per_gezin = afhalingen.values("gezin_id").annotate(
            verwezen=Count("id", filter=Q(doorverwijzing__isnull=False))
        )
        per_hulpvorm_rijen = afhalingen.values("hulpvorm__naam").annotate(n=Count("id"))
    verwezen = sum(1 for r in per_gezin if r["verwezen"])
    zelfmelders = sum(1 for r in per_gezin if not r["verwezen"])
    per_hulpvorm = {
        r["hulpvorm__naam"]: r["n"] for r in per_hulpvorm_rijen.order_by("hulpvorm__naam")
    }
    per_locatie = {
        r["locatie__naam"]: r["n"]
        for r in afhalingen.values("locatie__naam")
        .annotate(n=Count("id"))
        .order_by("locatie__naam")
    }
    vorige = _kern(gemeente, organisatie, vorige_maand(maand))
    vorige.pop("_gezin_ids")
    vorig_jaar_maand = maand.replace(year=maand.year - 1)
    vorig_jaar = _kern(gemeente, organisatie, vorig_jaar_maand)
    vorig_jaar.pop("_gezin_ids")
    leveringen = _leveringen(gemeente, organisatie, maand)

    cijfers = {
        "gemeente": gemeente.naam,
        "organisatie": organisatie.naam if organisatie else None,
        "maand": maand.isoformat(),
        "onvolledig_tot": onvolledig_tot(maand),
        **kern,
        "nieuwe_gezinnen": kern["gezinnen"] - terugkerend,
        "terugkerende_gezinnen": terugkerend,
        "verwezen_gezinnen": verwezen,
        "zelfmelder_gezinnen": zelfmelders,
        "afhalingen_per_hulpvorm": per_hulpvorm,
        "afhalingen_per_locatie": per_locatie,
        **leveringen,
        "vorige_maand": {
            "gezinnen": vorige["gezinnen"],
            "personen": vorige["personen"],
            "afhalingen": vorige["afhalingen"],
            "kg_totaal": _leveringen(gemeente, organisatie, vorige_maand(maand))["kg_totaal"],
        },
        "vorig_jaar": {
            "gezinnen": vorig_jaar["gezinnen"],
            "personen": vorig_jaar["personen"],
            "afhalingen": vorig_jaar["afhalingen"],
            "kg_totaal": _leveringen(gemeente, organisatie, vorig_jaar_maand)["kg_totaal"],
        },
    }
    cijfers["per_organisatie"] = _per_organisatie(gemeente, organisatie, maand)
    cijfers["per_maand"] = _per_maand(gemeente, organisatie, maand)
    if organisatie is None:
        per_org = (
            afhalingen.values("organisatie__naam")
            .annotate(gezinnen=Count("gezin_id", distinct=True))
            .order_by("organisatie__naam")
        )
        cijfers["organisaties"] = len(per_org)
        cijfers["som_per_organisatie"] = sum(r["gezinnen"] for r in per_org)
        cijfers["gezinnen_per_organisatie"] = {
            r["organisatie__naam"]: r["gezinnen"] for r in per_org
        }
    return cijfers


def _terugkerend(gemeente, organisatie, maand: date, gezin_ids) -> int:
    """This month's households that had a FoodSavers pickup before it (at this
    organisation, if one): from the totals when every earlier month was built."""
    eerste = Afhaling.objects.order_by("datum").values_list("datum", flat=True).first()
    eerder, dag = [], maand_van(eerste) if eerste else maand
    while dag < maand:
        eerder.append(dag)
        dag = volgende_maand(dag)
    if eerder and len(maandtotalen.gebouwd(eerder)) == len(eerder):
        rijen = _totalen(gemeente, organisatie).filter(maand__lt=maand, gezin_id__in=gezin_ids)
        return rijen.values("gezin_id").distinct().count()
    eerdere = _telt(Afhaling.objects.filter(gezin_id__in=gezin_ids, datum__lt=maand))
    if organisatie:
        eerdere = eerdere.filter(organisatie=organisatie)
    return eerdere.values("gezin_id").distinct().count()


def onvolledig_tot(maand: date) -> str | None:
    """The last day with figures (today) when the month is still running, as ISO date."""
    vandaag = timezone.localdate()
    return vandaag.isoformat() if maand <= vandaag < volgende_maand(maand) else None


def _per_organisatie(gemeente: Gemeente, organisatie: Organisatie | None, maand: date):
    """Per organisation: households, pickups and kilos per category (the XLSX's table)."""
    rijen: dict[str, dict] = {}

    def rij(naam: str) -> dict:
        leeg = {"gezinnen": 0, "afhalingen": 0, **{veld: 0.0 for veld, _l in CATEGORIEEN}}
        return rijen.setdefault(naam, {"organisatie": naam, **leeg})

    for r in (
        _afhalingen(gemeente, organisatie, maand)
        .values("organisatie__naam")
        .annotate(gezinnen=Count("gezin_id", distinct=True), afhalingen=Count("id"))
    ):
        rij(r["organisatie__naam"]).update(gezinnen=r["gezinnen"], afhalingen=r["afhalingen"])
    leveringen = Levering.objects.filter(
        organisatie__gemeente=gemeente, datum__gte=maand, datum__lt=volgende_maand(maand)
    )
    if organisatie:
        leveringen = leveringen.filter(organisatie=organisatie)
    for r in leveringen.values("organisatie__naam").annotate(
        **{veld: Sum(veld) for veld, _l in CATEGORIEEN}
    ):
        rij(r["organisatie__naam"]).update({veld: float(r[veld] or 0) for veld, _l in CATEGORIEEN})
    for r in rijen.values():
        r["kg_totaal"] = round(sum(r[veld] for veld, _l in CATEGORIEEN), 1)
    return [rijen[naam] for naam in sorted(rijen)]


def _per_maand(gemeente: Gemeente, organisatie: Organisatie | None, maand: date):
    """The twelve months up to this one: households, pickups and kilos. Built months
    from the totals, the others from the pickups (a handful of grouped queries)."""
    eerste = maanden_terug(maand, MAANDEN_IN_REEKS - 1)
    maanden, dag = [], eerste
    while dag <= maand:
        maanden.append(dag)
        dag = volgende_maand(dag)
    gebouwd = maandtotalen.gebouwd(maanden)
    tellingen = {
        r["maand"]: r
        for r in _totalen(gemeente, organisatie)
        .filter(maand__in=sorted(gebouwd))
        .values("maand")
        .annotate(gezinnen=Count("gezin_id", distinct=True), afhalingen=Sum("afhalingen"))
    }
    rest = [m for m in maanden if m not in gebouwd]
    if rest:
        afhalingen = _telt(
            Afhaling.objects.filter(
                gezin__gemeente=gemeente, datum__gte=rest[0], datum__lt=volgende_maand(rest[-1])
            )
        )
        if organisatie:
            afhalingen = afhalingen.filter(organisatie=organisatie)
        for r in (
            afhalingen.annotate(m=TruncMonth("datum"))
            .values("m")
            .annotate(gezinnen=Count("gezin_id", distinct=True), afhalingen=Count("id"))
        ):
            if r["m"] not in gebouwd:
                tellingen[r["m"]] = r
    leveringen = Levering.objects.filter(
        organisatie__gemeente=gemeente, datum__gte=eerste, datum__lt=volgende_maand(maand)
    )
    if organisatie:
        leveringen = leveringen.filter(organisatie=organisatie)
    kilos = {
        r["m"]: sum(float(r[veld] or 0) for veld, _l in CATEGORIEEN)
        for r in leveringen.annotate(m=TruncMonth("datum"))
        .values("m")
        .annotate(**{veld: Sum(veld) for veld, _l in CATEGORIEEN})
    }
    return [
        {
            "maand": dag.isoformat(),
            "gezinnen": tellingen.get(dag, {}).get("gezinnen", 0),
            "afhalingen": tellingen.get(dag, {}).get("afhalingen", 0),
            "kg_totaal": round(kilos.get(dag, 0.0), 1),
            "onvolledig_tot": onvolledig_tot(dag),
        }
        for dag in maanden
    ]


def masker(waarde):
    """City-level cells under 5 households are shown as '<5', so nobody can be singled out."""
    if isinstance(waarde, int) and not isinstance(waarde, bool) and 0 < waarde < KLEIN_AANTAL:
        return f"<{KLEIN_AANTAL}"
    return waarde
