"""Figures for the dashboards: who is helped, how often, how long, and where it is busy.

City staff get the whole municipality with small numbers masked; a coordinator
gets their own organisation. Only aggregates leave this module.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import combinations

from django.core.cache import cache
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from doorverwijzing.models import Doorverwijzing
from doorverwijzing.rechtenverkenning import benoemd, gemiste_rechten_tellen, rechtnamen
from hulpverlening.models import Afhaalmoment, Hulpvorm, Organisatie
from registratie.drukte import VENSTER_DAGEN, momenten_met_drukte
from registratie.models import Afhaling
from registratie.waardebonnen import bonnencijfers

from .cijfers import masker

PAUZE_TUSSEN_EPISODES = timedelta(weeks=8)


@dataclass(frozen=True)
class Reeks:
    """One chart: a title, what the numbers mean, and (label, value) rows for the table."""

    titel: str
    eenheid: str
    rijen: list[tuple[str, object]]
    uitleg: str = ""

    @property
    def hoogste(self) -> float:
        getallen = [w for _l, w in self.rijen if isinstance(w, int | float)]
        return max(getallen, default=0) or 1


def _afhalingen(gemeente, organisatie: Organisatie | None, van: date, tot: date):
    rijen = Afhaling.objects.filter(
        gezin__gemeente=gemeente,
        datum__gte=van,
        datum__lt=tot,
        status=Afhaling.Status.GEREGISTREERD,
    )
    return rijen.filter(organisatie=organisatie) if organisatie else rijen


def dashboard(*, gemeente, organisatie: Organisatie | None, van: date, tot: date) -> dict:
    m = masker if organisatie is None else (lambda w: w)
    afhalingen = _afhalingen(gemeente, organisatie, van, tot)

    per_initiatief = list(
        afhalingen.values("organisatie__naam")
        .annotate(gezinnen=Count("gezin_id", distinct=True))
        .order_by("-gezinnen")
    )
    uniek = afhalingen.values("gezin_id").distinct().count()

    # Overlap: households seen at two initiatives in the period.
    per_gezin: dict[int, set[str]] = defaultdict(set)
    for gezin_id, naam in afhalingen.values_list("gezin_id", "organisatie__naam").distinct():
        per_gezin[gezin_id].add(naam)
    overlap = Counter()
    for namen in per_gezin.values():
        for paar in combinations(sorted(namen), 2):
            overlap[paar] += 1

    # Frequency: visits per household per month (a visit with three aids is one visit).
    per_maand = Counter(
        n
        for n in afhalingen.annotate(maand=TruncMonth("datum"))
        .values("gezin_id", "maand")
        .annotate(n=Count("bezoek", distinct=True))
        .values_list("n", flat=True)
    )
    telling = Counter({k if k < 5 else 5: 0 for k in range(1, 6)})
    for n, aantal in per_maand.items():
        telling[min(n, 5)] += aantal
    frequentie = [
        (_("%(aantal)s× per maand") % {"aantal": k} if k < 5 else _("5× of meer"), telling[k])
        for k in range(1, 6)
    ]

    # Month by month: unique households and pickups, for the trend over the period.
    per_kalendermaand = list(
        afhalingen.annotate(maand=TruncMonth("datum"))
        .values("maand")
        .annotate(gezinnen=Count("gezin_id", distinct=True), afhalingen=Count("id"))
        .order_by("maand")
    )

    # Duration and episodes: months since the first pickup, and breaks of 8+ weeks.
    alle = Afhaling.objects.filter(
        gezin_id__in=afhalingen.values("gezin_id"),
        status=Afhaling.Status.GEREGISTREERD,
        datum__lt=tot,
    )
    if organisatie:
        alle = alle.filter(organisatie=organisatie)
    datums: dict[int, list[date]] = defaultdict(list)
    for gezin_id, dag in alle.values_list("gezin_id", "datum").order_by("gezin_id", "datum"):
        datums[gezin_id].append(dag)
    duurklassen = [str(klasse) for klasse in DUURKLASSEN]
    duur = Counter()
    episodes = Counter()
    for dagen in datums.values():
        maanden = (tot - dagen[0]).days // 30
        duur[duurklassen[_duurklasse(maanden)]] += 1
        pauzes = zip(dagen, dagen[1:], strict=False)
        stukken = 1 + sum(1 for a, b in pauzes if b - a > PAUZE_TUSSEN_EPISODES)
        episodes[min(stukken, 4)] += 1

    stromen = (
        Doorverwijzing.objects.filter(organisatie__gemeente=gemeente, start__lt=tot, einde__gte=van)
        .values("verwijzer__naam", "organisatie__naam")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    if organisatie:
        stromen = stromen.filter(organisatie=organisatie)

    organisaties = (
        [organisatie]
        if organisatie
        else list(Organisatie.objects.filter(gemeente=gemeente, actief=True))
    )
    drukte = momenten_met_drukte(organisaties, tot=tot)
    keren = _keren(drukte, tot)
    gemist = gemiste_rechten_tellen(gemeente, van=van, tot=tot)

    return {
        "uniek": m(uniek),
        "som_per_initiatief": sum(r["gezinnen"] for r in per_initiatief),
        "reeksen": [
            Reeks(
                _("Unieke gezinnen per initiatief"),
                _("gezinnen"),
                [(r["organisatie__naam"], m(r["gezinnen"])) for r in per_initiatief[:25]],
            ),
            Reeks(
                _("Unieke gezinnen per maand"),
                _("gezinnen"),
                [(_maand(r["maand"], van, tot), m(r["gezinnen"])) for r in per_kalendermaand],
            ),
            Reeks(
                _("Afhalingen per maand"),
                _("afhalingen"),
                [(_maand(r["maand"], van, tot), m(r["afhalingen"])) for r in per_kalendermaand],
            ),
            Reeks(
                _("Hoe vaak per maand"),
                _("gezin-maanden"),
                [(k, m(v)) for k, v in frequentie],
                _(
                    "Geteld in gezin-maanden: elk gezin telt één keer voor elke maand waarin "
                    "het kwam. Een gezin dat drie maanden kwam, telt drie keer."
                ),
            ),
            Reeks(
                _("Hoe lang al (sinds de eerste afhaling)"),
                _("gezinnen"),
                [(k, m(duur[k])) for k in duurklassen],
            ),
            Reeks(
                _("Periodes van hulp (met een pauze van 8+ weken ertussen)"),
                _("gezinnen"),
                [
                    (
                        ngettext("%(aantal)s periode", "%(aantal)s periodes", k) % {"aantal": k}
                        if k < 4
                        else _("4 of meer"),
                        m(episodes[k]),
                    )
                    for k in range(1, 5)
                ],
            ),
        ],
        "overlap": [(a, b, m(n)) for (a, b), n in overlap.most_common(15)],
        "stromen": [
            (r["verwijzer__naam"], r["organisatie__naam"], m(r["n"])) for r in stromen[:25]
        ],
        "gemist": [
            (naam, m(n))
            for naam, (_recht, n) in zip(
                benoemd([r for r, _n in gemist.most_common()], rechtnamen(gemeente.pk)),
                gemist.most_common(),
                strict=True,
            )
        ],
        "per_hulpvorm": per_hulpvorm(afhalingen, m),
        "bonnen": bonnencijfers(gemeente=gemeente, organisatie=organisatie, van=van, tot=tot),
        "heatmap": heatmap(drukte, keren),
        "vaak_vol": vaak_vol(drukte, keren)[:10],
        "ruimte": [d for d in drukte if d.ruimte][:10],
    }


@dataclass(frozen=True)
class HulpRij:
    """Per aid or per kind: households (each once), pickups, units and euros."""

    naam: str
    gezinnen: object
    afhalingen: object
    eenheden: object
    eenheid: str
    bedrag: Decimal | None


def per_hulpvorm(afhalingen, m=lambda w: w) -> dict:
    """Every aid and every kind of aid in the period (issue 13.6). Households are
    counted distinct within each row, never summed: the total is `uniek`."""
    velden = {
        "gezinnen": Count("gezin_id", distinct=True),
        "afhalingen": Count("id"),
        "eenheden": Sum("aantal"),
        "bedrag": Sum("bedrag"),
    }
    hulpvormen = [
        HulpRij(
            r["hulpvorm__naam"],
            m(r["gezinnen"]),
            m(r["afhalingen"]),
            m(r["eenheden"]),
            # A voucher line counts vouchers; its euros are in the last column.
            _("bonnen")
            if r["hulpvorm__soort"] == Hulpvorm.Soort.WAARDEBON
            else str(Hulpvorm.Eenheid(r["hulpvorm__eenheid"]).label),
            r["bedrag"],
        )
        for r in afhalingen.values("hulpvorm__naam", "hulpvorm__eenheid", "hulpvorm__soort")
        .annotate(**velden)
        .order_by("hulpvorm__naam")
    ]
    soorten = [
        HulpRij(
            str(Hulpvorm.Soort(r["hulpvorm__soort"]).label),
            m(r["gezinnen"]),
            m(r["afhalingen"]),
            m(r["eenheden"]),
            "",
            r["bedrag"],
        )
        for r in afhalingen.values("hulpvorm__soort").annotate(**velden).order_by("hulpvorm__soort")
    ]
    return {"hulpvormen": hulpvormen, "soorten": soorten}


def _maand(maand: date, van: date, tot: date) -> str:
    """'mei 2026', saying so when the period covers only part of the month."""
    naam = formats.date_format(maand, "F Y")
    laatste = tot - timedelta(days=1)
    if maand < van:
        return _("%(maand)s (vanaf %(dag)s)") % {
            "maand": naam,
            "dag": formats.date_format(van, "j F"),
        }
    if (maand.year, maand.month) == (laatste.year, laatste.month) and tot.day != 1:
        zin = (
            _("%(maand)s (onvolledig, tot %(dag)s)")
            if laatste >= timezone.localdate()
            else _("%(maand)s (tot %(dag)s)")
        )
        return zin % {"maand": naam, "dag": formats.date_format(laatste, "j F")}
    return naam


def dashboard_bewaard(
    *, gemeente, organisatie: Organisatie | None, van: date, tot: date
) -> tuple[dict, datetime]:
    """The dashboard's figures and when they were computed, kept BEWAARTIJD in the cache.

    A city-wide year over 15,000 households takes seconds; analysts open the page
    again and again. The page says when the figures were made.
    """
    wie = organisatie.pk if organisatie else "stad"
    # The figures hold labels: one copy per language.
    sleutel = f"dashboard:{gemeente.pk}:{wie}:{van}:{tot}:{get_language()}"
    bewaard = cache.get(sleutel)
    if bewaard is None:
        bewaard = (
            dashboard(gemeente=gemeente, organisatie=organisatie, van=van, tot=tot),
            timezone.now(),
        )
        cache.set(sleutel, bewaard, BEWAARTIJD.total_seconds())
    return bewaard


BEWAARTIJD = timedelta(minutes=10)

DUURKLASSEN = [
    gettext_lazy("minder dan 3 maanden"),
    gettext_lazy("3 tot 6 maanden"),
    gettext_lazy("6 tot 12 maanden"),
    gettext_lazy("een jaar of langer"),
]


def _duurklasse(maanden: int) -> int:
    """The index in DUURKLASSEN."""
    if maanden < 3:
        return 0
    if maanden < 6:
        return 1
    if maanden < 12:
        return 2
    return 3


@dataclass(frozen=True)
class Warmtecel:
    """One weekday × hour: the average, the busiest single time and how often it was full."""

    gemiddeld: int  # percent of capacity, averaged over the moments
    piek: int  # percent of capacity of the busiest occurrence of any of them
    vol: int  # occurrences at or over capacity
    keren: int  # occurrences with pickups

    @property
    def vol_procent(self) -> int:
        return round(self.vol / self.keren * 100) if self.keren else 0


@dataclass(frozen=True)
class VaakVol:
    """A moment that was full at least once in VENSTER_DAGEN."""

    drukte: object
    vol: int
    keren: int
    piek: int


def _keren(drukte, tot: date) -> dict[int, list[int]]:
    """Per moment: the pickups of each occurrence (a date with pickups) in the window."""
    van = tot - timedelta(days=VENSTER_DAGEN)
    per_moment: dict[int, list[int]] = defaultdict(list)
    for moment_id, n in (
        Afhaling.objects.filter(
            afhaalmoment__in=[d.moment for d in drukte], datum__gte=van, datum__lt=tot
        )
        .exclude(status=Afhaling.Status.ONGEDAAN)
        .values("afhaalmoment", "datum")
        .annotate(n=Count("id"))
        .values_list("afhaalmoment", "n")
    ):
        per_moment[moment_id].append(n)
    return per_moment


def vaak_vol(drukte, keren: dict[int, list[int]]) -> list[VaakVol]:
    """Moments full at least once, most often full first: where an average hides the queue."""
    lijst = []
    for d in drukte:
        aantallen = keren.get(d.moment.pk, [])
        vol = sum(1 for n in aantallen if n >= d.moment.capaciteit)
        if vol:
            piek = round(max(aantallen) / d.moment.capaciteit * 100)
            lijst.append(VaakVol(d, vol, len(aantallen), piek))
    return sorted(lijst, key=lambda v: (-v.vol / v.keren, -v.piek))


def heatmap(drukte, keren: dict[int, list[int]] | None = None) -> dict:
    """Weekday × hour over the moments that start in that hour: the average fill rate,
    the busiest single occurrence and the share of occurrences that were full.

    Coloured by the busiest occurrence: an average of 75 % can hide a door with
    fifty people for thirty parcels one week in four."""
    keren = keren or {}
    cellen: dict[tuple[int, int], list] = defaultdict(list)
    for d in drukte:
        cellen[(d.moment.weekdag, d.moment.start.hour)].append(d)
    uren = sorted({uur for _dag, uur in cellen}) or list(range(9, 18))
    rijen = []
    for dag, naam in Afhaalmoment.Weekdag.choices:
        waarden = []
        for uur in uren:
            lijst = cellen.get((dag, uur))
            if not lijst:
                waarden.append(None)
                continue
            gemiddeld = round(sum(d.bezetting for d in lijst) / len(lijst) * 100)
            pieken, vol, aantal = [gemiddeld], 0, 0
            for d in lijst:
                aantallen = keren.get(d.moment.pk, [])
                pieken += [round(n / d.moment.capaciteit * 100) for n in aantallen]
                vol += sum(1 for n in aantallen if n >= d.moment.capaciteit)
                aantal += len(aantallen)
            waarden.append(Warmtecel(gemiddeld, max(pieken), vol, aantal))
        rijen.append((str(naam), waarden))
    return {"uren": uren, "rijen": rijen}
