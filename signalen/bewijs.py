"""The platform's own figures as evidence for a signaal, where they exist.

Three kinds, each from the app that owns the data: pressure per pickup moment
(registratie.drukte), rights most probably missed in the rights checks
(doorverwijzing.rechtenverkenning) and the number of unique households that came
for a pickup per month (registratie.models.Afhaling). Only aggregates; counts
under 5 for an area are shown as "< 5".
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from doorverwijzing.models import Rechtenverkenning, Rechtenvraag
from doorverwijzing.rechtenverkenning import STANDAARD_VRAGEN, gemiste_rechten_tellen
from hulpverlening.models import Gemeente, Organisatie
from registratie.drukte import Momentdrukte, momenten_met_drukte
from registratie.models import Afhaling

from .prioriteit import maanden_terug
from .vvsg import gemaskeerd

DRUKTE_THEMAS = frozenset({"voeding"})
GEZINNEN_THEMAS = frozenset({"voeding", "schulden", "werk", "energie", "wonen"})
ALLE_RECHTEN = "*"
RECHTEN_PER_THEMA = {
    "energie": {"sociaal_energietarief", "sociaal_watertarief"},
    "wonen": {"huurpremie"},
    "gezondheid": {"verhoogde_tegemoetkoming"},
    "schulden": {"leefloon", "verhoogde_tegemoetkoming", "sociaal_energietarief"},
    "werk": {"leefloon"},
    "onderwijs": {"schooltoeslag", "groeipakket_toeslag"},
    "vrije-tijd": {"uitpas_kansentarief"},
    "administratie": {ALLE_RECHTEN},
    "digitale-kloof": {ALLE_RECHTEN},
    "voeding": {"leefloon", "groeipakket_toeslag"},
}
MAANDEN = 6
HULPORGANISATIES = (
    Organisatie.Soort.VOEDSELHULP,
    Organisatie.Soort.SOCIALE_KRUIDENIER,
    Organisatie.Soort.SOCIAAL_RESTAURANT,
)


@dataclass(frozen=True)
class Recht:
    naam: str
    aantal: int
    relevant: bool


@dataclass(frozen=True)
class Maandcijfer:
    maand: date
    gemeente: int
    gebied: str  # masked count for the signaal's postcodes, "" without postcodes


@dataclass
class Bewijs:
    drukte: list[Momentdrukte] = field(default_factory=list)
    drukte_vol: int = 0  # moments at 80 % or more
    drukte_momenten: int = 0
    drukte_in_gebied: bool = False
    rechten: list[Recht] = field(default_factory=list)
    verkenningen: int = 0
    gezinnen: list[Maandcijfer] = field(default_factory=list)
    groei: int | None = None  # % change first to last full month, municipality-wide
    postcodes: tuple[str, ...] = ()
    alles_getoond: bool = False

    @property
    def leeg(self) -> bool:
        return not (self.drukte or self.rechten or any(m.gemeente for m in self.gezinnen))


def _drukte(bewijs: Bewijs, gemeente: Gemeente, vandaag: date) -> None:
    organisaties = list(
        Organisatie.objects.filter(gemeente=gemeente, actief=True, soort__in=HULPORGANISATIES)
    )
    alle = momenten_met_drukte(organisaties, tot=vandaag)
    in_gebied = [d for d in alle if d.moment.locatie.postcode in bewijs.postcodes]
    bewijs.drukte_in_gebied = bool(in_gebied)
    gekozen = in_gebied or alle
    bewijs.drukte_momenten = len(gekozen)
    bewijs.drukte_vol = sum(1 for d in gekozen if not d.ruimte)
    bewijs.drukte = sorted(gekozen, key=lambda d: -d.bezetting)[:5]


def _rechten(bewijs: Bewijs, gemeente: Gemeente, slugs: set[str], vandaag: date) -> None:
    van = vandaag - timedelta(days=365)
    teller = gemiste_rechten_tellen(gemeente, van=van, tot=vandaag)
    if not teller:
        return
    relevant = set().union(*(RECHTEN_PER_THEMA.get(s, set()) for s in slugs)) if slugs else set()
    namen = {recht: str(naam) for recht, naam, _vraag in STANDAARD_VRAGEN}
    namen |= dict(Rechtenvraag.objects.filter(gemeente=gemeente).values_list("recht", "naam"))
    bewijs.verkenningen = Rechtenverkenning.objects.filter(
        toeleiding__gezin__gemeente=gemeente,
        aangemaakt_op__date__gte=van,
        aangemaakt_op__date__lte=vandaag,
    ).count()
    bewijs.rechten = [
        Recht(namen.get(recht, recht), aantal, ALLE_RECHTEN in relevant or recht in relevant)
        for recht, aantal in teller.most_common()
    ]


def _per_maand(afhalingen) -> dict[date, int]:
    rijen = (
        afhalingen.annotate(maand=TruncMonth("datum"))
        .values("maand")
        .annotate(n=Count("gezin", distinct=True))
        .values_list("maand", "n")
    )
    return {(m.date() if hasattr(m, "date") else m): n for m, n in rijen}


def _gezinnen(bewijs: Bewijs, gemeente: Gemeente, vandaag: date) -> None:
    eerste_van_maand = vandaag.replace(day=1)
    van = maanden_terug(eerste_van_maand, MAANDEN)
    afhalingen = Afhaling.objects.filter(
        gezin__gemeente=gemeente, datum__gte=van, datum__lt=eerste_van_maand
    ).exclude(status=Afhaling.Status.ONGEDAAN)
    totaal = _per_maand(afhalingen)
    gebied = _per_maand(afhalingen.filter(gezin__postcode__in=bewijs.postcodes))
    maanden = [maanden_terug(eerste_van_maand, n) for n in range(MAANDEN, 0, -1)]
    bewijs.gezinnen = [
        Maandcijfer(
            maand,
            totaal.get(maand, 0),
            gemaskeerd(gebied.get(maand, 0)) if bewijs.postcodes else "",
        )
        for maand in maanden
    ]
    eerste, laatste = bewijs.gezinnen[0].gemeente, bewijs.gezinnen[-1].gemeente
    if eerste:
        bewijs.groei = round((laatste - eerste) * 100 / eerste)


def bewijs_voor(
    gemeente: Gemeente,
    *,
    themas: set[str],
    postcodes: set[str],
    alles: bool = False,
    vandaag: date | None = None,
) -> Bewijs:
    """Figures relevant to these themes (all figures with `alles`), for this municipality."""
    vandaag = vandaag or timezone.localdate()
    bewijs = Bewijs(postcodes=tuple(sorted(postcodes)), alles_getoond=alles)
    if alles or themas & DRUKTE_THEMAS:
        _drukte(bewijs, gemeente, vandaag)
    if alles or any(RECHTEN_PER_THEMA.get(s) for s in themas):
        _rechten(bewijs, gemeente, themas, vandaag)
    if alles or themas & GEZINNEN_THEMAS:
        _gezinnen(bewijs, gemeente, vandaag)
    return bewijs
