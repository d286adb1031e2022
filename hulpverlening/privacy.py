"""Retention and the rights of the people in the registry (GDPR art. 15 and 17).

Pseudonymising a household removes what tells who it is and keeps what the
figures are counted from: the household row with its composition and postcode,
its pickups, referrals, toeleidingen and consent records. Afterwards no
organisation sees it (the scoping layer hides pseudonymised households) and its
card no longer works.

BEHANDELING says, for every model that belongs to a household, what
pseudonymisation does with each text field and what the export shows. The core
declares its own models here; every other app declares its models in its own
`privacy.py` with `registreer()`, collected at start-up the way the admin
collects `admin.py` (HulpverleningConfig.ready). A model or field added later
that is not declared makes tests/hulpverlening/test_privacy_model.py fail, so new personal
data cannot slip past retention, erasure or the export.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from django.apps import apps
from django.db import models, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy

from . import audit, kaartcodes, kalender, toestemmingsteksten
from .models import Auditregel, Gemeente, Gezin, Kaart, Organisatie, Persoon
from .pdf import pdf_van

GEWIST = "(gewist)"


class Reden(StrEnum):
    RETENTIE = "bewaartermijn verstreken"
    OP_VERZOEK = "gewist op verzoek"


@dataclass(frozen=True)
class Behandeling:
    """What pseudonymisation and the art. 15 export do with one model's rows."""

    sleutel: str  # its key in the export
    titel: str
    verwijderen: bool = False  # the rows go; nothing in them is counted
    leegmaken: tuple[str, ...] = ()  # emptied (set to the field's default: "" or {})
    vervangen: tuple[
        str, ...
    ] = ()  # free text replaced by GEWIST: "there was a reason" still counts
    tekst_bewaren: tuple[str, ...] = ()  # text or JSON kept: checked not to say who it is
    export: tuple[str, ...] = ()  # shown to the person, in this order
    niet_exporteren: tuple[str, ...] = ()  # technical, or about staff rather than the person
    pad: str = "gezin"  # from a row to its household
    # The organisations a row is between (paths to their ids). Only they download
    # `vertrouwelijk`; for anyone else the person's copy says who holds it.
    partijen: tuple[str, ...] = ()
    vertrouwelijk: tuple[str, ...] = ()
    # Erasure (art. 17): links set to empty, so the card the person keeps says nothing.
    loskoppelen: tuple[str, ...] = ()
    # Retention: a row is recent activity when it matches this filter, given the
    # first day and the first moment that still count.
    activiteit: Callable[[date, datetime], Q] | None = None
    # The erasure page warns about these: aid the household still gets (a text per row).
    lopend: Callable[[Gezin, date], list[str]] | None = None


def registreer(label: str, behandeling: Behandeling) -> None:
    """Declare what retention, erasure and the export do with one model of an app."""
    BEHANDELING[label] = behandeling


BEHANDELING: dict[str, Behandeling] = {
    "hulpverlening.Gezin": Behandeling(
        sleutel="gezin",
        titel=gettext_lazy("Gezin"),
        # extern_id is the household's file number in the social dossier: it says who they are.
        leegmaken=("extern_id",),
        tekst_bewaren=("postcode",),
        export=(
            "id",
            "gemeente",
            "volwassenen",
            "kinderen_0_2",
            "kinderen_3_11",
            "kinderen_12_17",
            "postcode",
            "aangemaakt_door",
            "aangemaakt_op",
            "laatste_activiteit",
            "bron",
            "extern_id",
        ),
        niet_exporteren=("gepseudonimiseerd_op",),
        pad="pk",
    ),
    "hulpverlening.Persoon": Behandeling(
        sleutel="personen",
        titel=gettext_lazy("Personen"),
        verwijderen=True,
        export=("voornaam", "achternaam", "geboortejaar", "relatie", "extern_id"),
        niet_exporteren=("id",),
    ),
    "hulpverlening.Kaart": Behandeling(
        sleutel="kaarten",
        titel=gettext_lazy("Kaarten"),
        # The token is what the QR code holds: a key, not data about the person.
        tekst_bewaren=("token", "code"),
        export=("code", "uitgegeven_door", "gekoppeld_op", "ingetrokken_op", "intrekkingsreden"),
        niet_exporteren=("id", "token", "gemeente", "batch", "aangemaakt_op", "vervangen_door"),
        activiteit=lambda _dag, moment: Q(gekoppeld_op__gte=moment),
    ),
    "hulpverlening.Toestemming": Behandeling(
        sleutel="toestemmingen",
        titel=gettext_lazy("Toestemmingen"),
        tekst_bewaren=("tekstversie",),
        export=("doel", "tekstversie", "organisatie", "gegeven_op"),
        niet_exporteren=("id", "geregistreerd_door"),
        activiteit=lambda _dag, moment: Q(gegeven_op__gte=moment),
    ),
    # Staff messages point at a household by id (the name is looked up when read, for
    # readers with file level); the text holds no name. Erasure cuts the pointer.
    "hulpverlening.Notification": Behandeling(
        sleutel="berichten",
        titel=gettext_lazy("Berichten aan medewerkers"),
        loskoppelen=("gezin",),
        tekst_bewaren=("tekst", "link", "soort", "sleutel"),
        niet_exporteren=(
            "id",
            "organisatie",
            "user",
            "tekst",
            "link",
            "soort",
            "aangemaakt_op",
            "gelezen_op",
            "sleutel",
        ),
    ),
    "hulpverlening.Gezinsrelatie": Behandeling(
        sleutel="organisaties",
        titel=gettext_lazy("Organisaties die uw gegevens mogen zien"),
        verwijderen=True,
        export=("organisatie", "reden", "niveau", "sinds"),
        niet_exporteren=("id",),
    ),
}


def gezinsmodellen() -> set[type[models.Model]]:
    """Gezin and every model that points at it, directly or through another such model."""
    gevonden = {Gezin}
    while True:
        nieuw = {
            model
            for model in apps.get_models()
            if model not in gevonden
            and any(
                veld.many_to_one or veld.one_to_one
                for veld in model._meta.get_fields()
                if veld.concrete and veld.related_model in gevonden
            )
        }
        if not nieuw:
            return gevonden
        gevonden |= nieuw


def _behandelingen() -> list[tuple[type[models.Model], Behandeling]]:
    return [(apps.get_model(label), b) for label, b in BEHANDELING.items()]


# Pseudonymisation and erasure ------------------------------------------------


@transaction.atomic
def gezin_pseudonimiseren(*, gezin: Gezin, reden: Reden) -> bool:
    """Clear what identifies the household, keep what is counted; False if it already was."""
    nu = timezone.now()
    if not Gezin.objects.filter(pk=gezin.pk, gepseudonimiseerd_op__isnull=True).update(
        gepseudonimiseerd_op=nu
    ):
        return False
    gezin.gepseudonimiseerd_op = nu
    Kaart.objects.filter(gezin_id=gezin.pk, ingetrokken_op__isnull=True).update(
        ingetrokken_op=nu, intrekkingsreden=Kaart.Intrekkingsreden.GEPSEUDONIMISEERD
    )
    for model, behandeling in _behandelingen():
        rijen = model.objects.filter(**{behandeling.pad: gezin.pk})
        if behandeling.verwijderen:
            rijen.delete()
            continue
        if behandeling.leegmaken:
            rijen.update(
                **{n: model._meta.get_field(n).get_default() for n in behandeling.leegmaken}
            )
        for veld in behandeling.vervangen:
            rijen.exclude(**{veld: ""}).update(**{veld: GEWIST})
    Auditregel.objects.create(
        gezin_id=gezin.pk, actie=Auditregel.Actie.GEWIJZIGD, waar=f"pseudonimisering: {reden}"
    )
    return True


@transaction.atomic
def gezin_wissen(*, gezin: Gezin) -> None:
    """Art. 17: pseudonymise, and cut the card the person keeps loose from their history.

    Pickups, referrals and toeleidingen stay (as in retention) so figures do
    not change; consent records stay as proof that the past processing was
    lawful, and hold nothing about the person once the names are gone.
    """
    gezin_pseudonimiseren(gezin=gezin, reden=Reden.OP_VERZOEK)
    for model, behandeling in _behandelingen():
        if behandeling.loskoppelen:
            model.objects.filter(**{behandeling.pad: gezin.pk}).update(
                **dict.fromkeys(behandeling.loskoppelen)
            )
    Kaart.objects.filter(gezin_id=gezin.pk).update(gezin=None, gekoppeld_op=None)
    audit.gewijzigd([gezin.pk])


def lopende_hulp(gezin: Gezin, *, op: date) -> list[str]:
    """What the erasure page warns about: aid this household still gets, per app."""
    return [
        tekst
        for _model, behandeling in _behandelingen()
        if behandeling.lopend is not None
        for tekst in behandeling.lopend(gezin, op)
    ]


# Retention ---------------------------------------------------------------------


def retentiegrens(gemeente: Gemeente, *, op: date) -> date:
    """Households with no activity on or after this day are due for pseudonymisation."""
    return kalender.maanden_terug(op, gemeente.retentie_maanden)


def te_pseudonimiseren(gemeente: Gemeente, *, op: date | None = None) -> QuerySet[Gezin]:
    """Households of this municipality without any activity for its retention period.

    Activity is a pickup, a referral made or still running, a toeleiding, a
    card linked or consent given; `laatste_activiteit` alone misses some.
    """
    grens_dag = retentiegrens(gemeente, op=op or timezone.localdate())
    grens = timezone.make_aware(datetime.combine(grens_dag, time.min))

    recent = [
        ~Exists(
            model.objects.filter(
                behandeling.activiteit(grens_dag, grens), **{behandeling.pad: OuterRef("pk")}
            )
        )
        for model, behandeling in _behandelingen()
        if behandeling.activiteit is not None
    ]
    return Gezin.objects.filter(
        *recent,
        gemeente=gemeente,
        gepseudonimiseerd_op__isnull=True,
        laatste_activiteit__lt=grens,
        aangemaakt_op__lt=grens,
    )


@dataclass(frozen=True)
class Retentieresultaat:
    gemeente: Gemeente
    grens: date
    gezinnen: list[int] = field(default_factory=list)
    uitgevoerd: bool = False


def retentie_toepassen(
    *, gemeente: Gemeente, op: date | None = None, dry_run: bool = False
) -> Retentieresultaat:
    """Pseudonymise the municipality's inactive households, or only list them (dry run).

    One transaction per household, so a long run holds no locks for long and a
    failure half-way leaves every household either untouched or done.
    """
    op = op or timezone.localdate()
    grens = retentiegrens(gemeente, op=op)
    ids = list(te_pseudonimiseren(gemeente, op=op).order_by("pk").values_list("pk", flat=True))
    if dry_run:
        return Retentieresultaat(gemeente, grens, ids)
    gedaan = []
    for pk in ids:
        with transaction.atomic():
            # Checked again under the lock: a pickup may have come in meanwhile.
            gezin = te_pseudonimiseren(gemeente, op=op).select_for_update().filter(pk=pk).first()
            if gezin is not None and gezin_pseudonimiseren(gezin=gezin, reden=Reden.RETENTIE):
                gedaan.append(pk)
    return Retentieresultaat(gemeente, grens, gedaan, uitgevoerd=True)


# Art. 15 export ----------------------------------------------------------------


def _toestemmingsteksten() -> dict[str, str]:
    """Every consent text version the platform has shown, by version."""
    return {
        getattr(toestemmingsteksten, naam): str(
            getattr(toestemmingsteksten, naam[: -len("_VERSIE")] + "_TEKST")
        )
        for naam in dir(toestemmingsteksten)
        if naam.endswith("_VERSIE")
        and hasattr(toestemmingsteksten, naam[: -len("_VERSIE")] + "_TEKST")
    }


def _waarde(rij: models.Model, naam: str):
    veld = rij._meta.get_field(naam)
    if veld.is_relation:
        verwant = getattr(rij, naam)
        return None if verwant is None else str(verwant)
    if veld.choices:
        return getattr(rij, f"get_{naam}_display")() or None
    waarde = getattr(rij, naam)
    if naam == "code" and isinstance(rij, Kaart):
        return kaartcodes.format_code(waarde)
    if isinstance(waarde, datetime):
        return timezone.localtime(waarde)
    return None if waarde == "" else waarde


LABELS = {
    "id": gettext_lazy("nummer"),
    "extern_id": gettext_lazy("nummer in het sociaal dossier"),
    "bron": gettext_lazy("overgenomen uit"),
    "gemist": gettext_lazy("mogelijk gemiste rechten"),
}


def _labels(model: type[models.Model], velden: tuple[str, ...]) -> dict[str, str]:
    return {
        naam: str(LABELS.get(naam) or model._meta.get_field(naam).verbose_name) for naam in velden
    }


def _partij_ids(rij: models.Model, paden: tuple[str, ...]) -> list[int]:
    """The row's parties in the order of `paden`: the first holds what it wrote."""
    ids = []
    for pad in paden:
        waarde = rij
        for stap in pad.split("."):
            waarde = getattr(waarde, stap)
        ids.append(waarde)
    return ids


def gezin_gegevens(gezin: Gezin, *, voor: Organisatie | None) -> dict:
    """Everything the platform holds about a household, as `voor` may download it for the person.

    The person's copy holds everything; an organisation downloads what its
    level allows. What is between other organisations (a referral's reason,
    the answers of a rights check, a volunteer's override) is left empty and
    listed under "op_aanvraag" with the organisation that holds it, so the
    person knows what to ask for and where. `voor=None` is the whole copy.
    """
    gegevens: dict = {}
    op_aanvraag: dict[tuple[str, int], set[str]] = {}
    for model, behandeling in _behandelingen():
        verwant = [n for n in behandeling.export if model._meta.get_field(n).is_relation]
        verwant += [p.split(".")[0] for p in behandeling.partijen if "." in p]
        rijen = model.objects.filter(**{behandeling.pad: gezin.pk})
        if verwant:
            rijen = rijen.select_related(*verwant)
        items = []
        for rij in rijen.order_by("pk"):
            item = {naam: _waarde(rij, naam) for naam in behandeling.export}
            partijen = _partij_ids(rij, behandeling.partijen)
            if voor is not None and partijen and voor.pk not in partijen:
                for naam in behandeling.vertrouwelijk:
                    if item[naam] not in (None, [], {}):
                        houder = partijen[0]
                        op_aanvraag.setdefault((behandeling.sleutel, houder), set()).add(naam)
                    item[naam] = None
            items.append(item)
        gegevens[behandeling.sleutel] = items
    gegevens["gezin"] = gegevens["gezin"][0]
    gegevens["op_aanvraag"] = _op_aanvraag(op_aanvraag)
    teksten = _toestemmingsteksten()
    for item in gegevens["toestemmingen"]:
        item["tekst"] = teksten.get(item["tekstversie"])
    # Which organisations opened the household's data: the recipients art. 15 asks for.
    geraadpleegd = list(
        Auditregel.objects.filter(gezin_id=gezin.pk, organisatie_id__isnull=False)
        .values("organisatie_id")
        .annotate(aantal=Count("id"), laatst=Max("tijd"))
        .order_by("-laatst")
    )
    namen = Organisatie.objects.in_bulk([r["organisatie_id"] for r in geraadpleegd])
    gegevens["geraadpleegd_door"] = [
        {
            "organisatie": str(
                namen.get(r["organisatie_id"], gettext("(organisatie bestaat niet meer)"))
            ),
            "aantal_keer": r["aantal"],
            "laatst": timezone.localtime(r["laatst"]),
        }
        for r in geraadpleegd
    ]
    gegevens["bewaartermijn_maanden"] = gezin.gemeente.retentie_maanden
    gegevens["gemaakt_op"] = timezone.localtime()
    return gegevens


def _op_aanvraag(velden: dict[tuple[str, int], set[str]]) -> list[dict]:
    """What was left out, per part and holding organisation, in the person's words."""
    namen = Organisatie.objects.in_bulk({houder for _, houder in velden})
    per_sleutel = {b.sleutel: (model, b) for model, b in _behandelingen()}
    uit = []
    for (sleutel, houder), weggelaten in sorted(velden.items()):
        model, behandeling = per_sleutel[sleutel]
        labels = _labels(model, tuple(n for n in behandeling.export if n in weggelaten))
        uit.append(
            {
                "onderdeel": str(behandeling.titel),
                "velden": list(labels.values()),
                "bij": str(namen.get(houder, gettext("(organisatie bestaat niet meer)"))),
            }
        )
    return uit


def _tekst(waarde) -> str:
    if waarde is None or waarde == "":
        return "—"
    if isinstance(waarde, bool):
        return gettext("ja") if waarde else gettext("nee")
    if isinstance(waarde, datetime):
        return formats.date_format(waarde, "d/m/Y H:i")
    if isinstance(waarde, date):
        return formats.date_format(waarde, "d/m/Y")
    if isinstance(waarde, dict):
        return ", ".join(f"{k}: {_tekst(v)}" for k, v in waarde.items()) or "—"
    if isinstance(waarde, list):
        return ", ".join(map(_tekst, waarde)) or "—"
    return str(waarde)


def gegevens_pdf(gegevens: dict) -> bytes:
    """The export for the person: an A4 document in Dutch, made from the same data as the JSON."""
    secties = []
    for model, behandeling in _behandelingen():
        labels = _labels(model, behandeling.export)
        items = gegevens[behandeling.sleutel]
        rijen = [
            [(labels[naam], _tekst(item[naam])) for naam in behandeling.export]
            for item in (items if isinstance(items, list) else [items])
        ]
        secties.append(
            {
                "sleutel": behandeling.sleutel,
                "titel": str(behandeling.titel),
                "kolommen": list(labels.values()),
                "rijen": rijen,
                # Too many fields for a column each: one block per row instead.
                "blokken": len(behandeling.export) > 6,
            }
        )
    personen = sorted(
        gegevens["personen"], key=lambda p: p["relatie"] != Persoon.Relatie.REFERENTIEPERSOON.label
    )
    naam = f"{personen[0]['voornaam']} {personen[0]['achternaam']}".strip() if personen else ""
    return pdf_van(
        "hulpverlening/gegevens_pdf.html",
        {
            "naam": naam,
            "gezin_id": gegevens["gezin"]["id"],
            "gemeente": gegevens["gezin"]["gemeente"],
            "secties": secties,
            "teksten": {
                t["tekstversie"]: t["tekst"] for t in gegevens["toestemmingen"] if t["tekst"]
            },
            "geraadpleegd": [
                (r["organisatie"], r["aantal_keer"], _tekst(r["laatst"]))
                for r in gegevens["geraadpleegd_door"]
            ],
            "bewaartermijn_maanden": gegevens["bewaartermijn_maanden"],
            "op_aanvraag": gegevens.get("op_aanvraag", []),
            "gemaakt_op": _tekst(gegevens["gemaakt_op"]),
        },
    )
