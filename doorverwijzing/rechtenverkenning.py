"""The short check of social rights that are often not taken up."""

from collections import Counter
from datetime import date

from django.utils.translation import gettext_lazy as _

from hulpverlening.models import Gemeente

from .models import Rechtenverkenning, Rechtenvraag

# Plain Dutch, one right per question; a municipality may change or switch them off.
# Stored per municipality on first use, in the language active then.
STANDAARD_VRAGEN = [
    (
        "verhoogde_tegemoetkoming",
        _("Verhoogde tegemoetkoming"),
        _("Betaalt u minder bij de dokter en de apotheek (verhoogde tegemoetkoming)?"),
    ),
    ("uitpas_kansentarief", _("UiTPAS kansentarief"), _("Hebt u een UiTPAS met kansentarief?")),
    (
        "sociaal_energietarief",
        _("Sociaal tarief energie"),
        _("Betaalt u het sociaal tarief voor gas en elektriciteit?"),
    ),
    ("huurpremie", _("Huurpremie"), _("Krijgt u een huurpremie of huursubsidie?")),
    (
        "groeipakket_toeslag",
        _("Sociale toeslag groeipakket"),
        _("Krijgt u de sociale toeslag bij het groeipakket (kindergeld)?"),
    ),
    (
        "leefloon",
        _("Leefloon"),
        _("Hebt u elke maand een inkomen (loon, uitkering of leefloon)?"),
    ),
    ("schooltoeslag", _("Schooltoeslag"), _("Krijgen uw kinderen een schooltoeslag?")),
    ("sociaal_watertarief", _("Sociaal tarief water"), _("Krijgt u korting op de waterfactuur?")),
]
GEMIST = ("nee", "weet_niet")
# Rights that exist only for a household with children: not asked of one without.
ALLEEN_MET_KINDEREN = frozenset({"groeipakket_toeslag", "schooltoeslag"})


def vragen_voor(gemeente: Gemeente, gezin=None) -> list[Rechtenvraag]:
    """The municipality's active questions (the standard set the first time), without
    those that cannot apply to this household."""
    if not Rechtenvraag.objects.filter(gemeente=gemeente).exists():
        Rechtenvraag.objects.bulk_create(
            [
                Rechtenvraag(
                    gemeente=gemeente, recht=recht, naam=str(naam), vraag=str(vraag), volgorde=i
                )
                for i, (recht, naam, vraag) in enumerate(STANDAARD_VRAGEN)
            ],
            ignore_conflicts=True,
        )
    vragen = list(
        Rechtenvraag.objects.filter(gemeente=gemeente, actief=True)[: Rechtenvraag.MAX_PER_GEMEENTE]
    )
    if gezin is not None and not gezin.kinderen:
        vragen = [v for v in vragen if v.recht not in ALLEEN_MET_KINDEREN]
    return vragen


def rechtnamen(gemeente_id: int | None) -> dict[str, str]:
    """The name of each right as the municipality calls it ("Sociaal tarief energie"),
    for showing what is stored as a code (`sociaal_energietarief`)."""
    namen = {recht: str(naam) for recht, naam, _vraag in STANDAARD_VRAGEN}
    if gemeente_id is not None:
        namen.update(
            Rechtenvraag.objects.filter(gemeente_id=gemeente_id).values_list("recht", "naam")
        )
    return namen


def benoemd(rechten, namen: dict[str, str]) -> list[str]:
    """Codes of rights as names; a code no question knows any more, made readable."""
    return [namen.get(recht) or recht.replace("_", " ").capitalize() for recht in rechten]


def gemiste_rechten(antwoorden: dict[str, str]) -> list[str]:
    return sorted(recht for recht, antwoord in antwoorden.items() if antwoord in GEMIST)


def gemiste_rechten_tellen(gemeente: Gemeente, *, van: date, tot: date) -> Counter:
    """How often each right was probably missed, for reports and Lokaal Signaal."""
    teller: Counter = Counter()
    for gemist in Rechtenverkenning.objects.filter(
        toeleiding__gezin__gemeente=gemeente,
        aangemaakt_op__date__gte=van,
        aangemaakt_op__date__lte=tot,
    ).values_list("gemist", flat=True):
        teller.update(gemist)
    return teller
