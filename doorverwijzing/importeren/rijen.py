"""One row of an import checked field by field into a household, a person or a referral."""

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint
from django.utils.translation import gettext

from doorverwijzing.models import Doorverwijzing
from hulpverlening.forms import GezinForm, PersoonForm
from hulpverlening.models import (
    Hulpvorm,
    Organisatie,
    Persoon,
)

from .lezen import MAX_EXTERN_ID, RRN_REDEN, Rijverslag, _normaliseer, lijkt_rijksregisternummer

JA = {"ja", "j", "yes", "y", "true", "waar", "1", "x", "ok"}
NEE = {"nee", "n", "no", "false", "onwaar", "0", ""}
# What a PositiveSmallIntegerField holds: beyond it a number is no number of people or year.
GROOTSTE_GETAL = 32767
DATUM_BE = re.compile(
    r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4}|[0-9]{2})(?:\s+0?0:00(?::00)?)?$"
)
DATUM_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")


@functools.cache
def _keuzes(keuzes) -> dict[str, str]:
    """A choice by its value or its Dutch label, e.g. 'laag_inkomen' or 'Laag inkomen …'."""
    gevonden = {}
    for value, label in keuzes.choices:
        gevonden[_normaliseer(str(label))] = value
        gevonden[_normaliseer(value)] = value
    return gevonden


class _Rij:
    """Reads typed values from one raw row and collects what is wrong with them."""

    def __init__(self, waarden: Any, verslag: Rijverslag):
        self.verslag = verslag
        self.waarden = {}
        for veld, waarde in waarden.items() if isinstance(waarden, dict) else ():
            if isinstance(waarde, (str, int, float, type(None))):
                self.waarden[veld] = waarde
            else:
                # Never str() a nested value: a deep one would overflow the stack.
                verslag.weiger(veld, gettext("Verwacht één waarde, geen lijst of object."))
        if not isinstance(waarden, dict):
            verslag.weiger("", gettext("Deze rij is geen JSON-object met velden."))
        elif "__extra__" in waarden:
            verslag.weiger(
                "",
                gettext(
                    "Deze rij heeft meer waarden (%(aantal)s) dan er kolommen zijn: staat er een "
                    "scheidingsteken (; of ,) in een naam? Zet die naam tussen aanhalingstekens."
                )
                % {"aantal": waarden["__extra__"]},
            )
        for veld, waarde in self.waarden.items():
            if veld != "__extra__" and lijkt_rijksregisternummer(waarde):
                verslag.weiger(veld, str(RRN_REDEN))

    def _ruw(self, veld: str) -> Any:
        waarde = self.waarden.get(veld)
        return waarde.strip() if isinstance(waarde, str) else waarde

    def _leeg(self, waarde: Any) -> bool:
        return waarde is None or waarde == ""

    def tekst(self, veld: str, *, max_lengte: int, verplicht: bool = True) -> str:
        waarde = self._ruw(veld)
        if self._leeg(waarde):
            if verplicht:
                self.verslag.weiger(veld, gettext("Vul dit in."))
            return ""
        if isinstance(waarde, bool):
            self.verslag.weiger(veld, gettext("Verwacht een tekst."))
            return ""
        tekst = str(waarde).strip()
        if len(tekst) > max_lengte:
            self.verslag.weiger(
                veld, gettext("Te lang: hoogstens %(max)s tekens.") % {"max": max_lengte}
            )
        elif not tekst.isprintable() and any(unicodedata.category(c) == "Cc" for c in tekst):
            self.verslag.weiger(veld, gettext("Bevat onzichtbare stuurtekens."))
        return tekst

    def naam(self, veld: str, *, max_lengte: int) -> str:
        tekst = self.tekst(veld, max_lengte=max_lengte)
        if "?" in tekst or "\ufffd" in tekst:
            # Excel, saving a plain CSV (Windows-1252), writes ? for a letter it cannot
            # hold (Ğ, Ş, ł ...): the real name is lost from the file, not only garbled.
            self.verslag.weiger(
                veld,
                gettext(
                    "'%(naam)s' bevat een ?: Excel zet dat in de plaats van een letter die het "
                    "in een gewone CSV niet kan bewaren (zoals Ğ of Ş). Bewaar het blad als "
                    "'CSV UTF-8' en laad het opnieuw op, of verbeter de naam."
                )
                % {"naam": tekst[:40]},
            )
        return tekst

    def getal(self, veld: str, *, minimum: int, maximum: int, leeg: int | None = None) -> int:
        waarde = self._ruw(veld)
        if self._leeg(waarde):
            if leeg is None:
                self.verslag.weiger(veld, gettext("Vul een getal in."))
                return minimum
            return leeg
        getal: int | None = None
        if isinstance(waarde, int) and not isinstance(waarde, bool):
            getal = waarde
        elif isinstance(waarde, float) and waarde.is_integer():
            getal = int(waarde)
        elif isinstance(waarde, str) and re.fullmatch(r"-?[0-9]{1,6}([.,]0+)?", waarde):
            getal = int(re.split(r"[.,]", waarde)[0])
        if getal is None:
            self.verslag.weiger(
                veld,
                gettext("Verwacht een geheel getal, niet '%(waarde)s'.")
                % {"waarde": str(waarde)[:20]},
            )
            return minimum
        if not minimum <= getal <= maximum:
            self.verslag.weiger(
                veld,
                gettext("Moet tussen %(minimum)s en %(maximum)s liggen.")
                % {"minimum": minimum, "maximum": maximum},
            )
        return getal

    def keuze(self, veld: str, keuzes, *, leeg: str | None = None) -> str:
        waarde = self._ruw(veld)
        if self._leeg(waarde):
            if leeg is None:
                self.verslag.weiger(
                    veld, gettext("Kies uit: %(keuzes)s.") % {"keuzes": ", ".join(keuzes.values)}
                )
            return leeg or ""
        gevonden = _keuzes(keuzes).get(_normaliseer(str(waarde)))
        if gevonden is not None:
            return gevonden
        self.verslag.weiger(
            veld,
            gettext("Onbekende waarde '%(waarde)s'. Kies uit: %(keuzes)s.")
            % {"waarde": str(waarde)[:30], "keuzes": ", ".join(keuzes.values)},
        )
        return ""

    def ja_nee(self, veld: str) -> bool:
        waarde = self._ruw(veld)
        if isinstance(waarde, bool):
            return waarde
        tekst = "" if waarde is None else str(waarde).strip().lower()
        if tekst in JA:
            return True
        if tekst not in NEE:
            self.verslag.weiger(veld, gettext("Schrijf ja of nee."))
        return False

    def datum(self, veld: str) -> date | None:
        waarde = self._ruw(veld)
        if self._leeg(waarde):
            self.verslag.weiger(veld, gettext("Vul een datum in (dd/mm/jjjj of jjjj-mm-dd)."))
            return None
        tekst = str(waarde)
        if re.fullmatch(r"[0-9]{5}([.,][0-9]+)?", tekst):
            self.verslag.weiger(
                veld,
                gettext(
                    "'%(waarde)s' is een Excel-datumgetal: zet de kolom in Excel op datumnotatie "
                    "(dd/mm/jjjj) en bewaar opnieuw."
                )
                % {"waarde": tekst},
            )
            return None
        if m := DATUM_ISO.match(tekst):
            jaar, maand, dag = (int(d) for d in m.groups())
        elif m := DATUM_BE.match(tekst):
            dag, maand, jaar = (int(d) for d in m.groups())
            if jaar < 100:
                jaar += 2000
        else:
            self.verslag.weiger(
                veld,
                gettext("Geen datum: '%(waarde)s'. Schrijf dd/mm/jjjj of jjjj-mm-dd.")
                % {"waarde": tekst[:20]},
            )
            return None
        try:
            return date(jaar, maand, dag)
        except ValueError:
            self.verslag.weiger(
                veld, gettext("Deze datum bestaat niet: '%(waarde)s'.") % {"waarde": tekst[:20]}
            )
            return None


def _extern_id(rij: _Rij, veld: str = "extern_id") -> str:
    return rij.tekst(veld, max_lengte=MAX_EXTERN_ID)


def _ruwe_id(waarden: Any) -> str:
    if isinstance(waarden, dict):
        waarde = waarden.get("extern_id")
        if isinstance(waarde, (str, int)) and not isinstance(waarde, bool):
            return str(waarde).strip()[:MAX_EXTERN_ID]
    return ""


@dataclass(frozen=True)
class _GezinRij:
    extern_id: str
    postcode: str
    volwassenen: int
    kinderen_0_2: int
    kinderen_3_11: int
    kinderen_12_17: int


# A check constraint's verdict per (model, constraint, values): validate() asks the
# database (SELECT 1 WHERE …) for every instance, and an import of 15,000 households
# holds a few hundred distinct compositions. The rules are fixed, so the verdict is.
_UITSLAGEN: dict[tuple, ValidationError | None] = {}


class _OnthoudtControles:
    """A ModelForm whose check constraints are judged once per distinct set of values."""

    def validate_constraints(self):
        exclude = self._get_validation_exclusions()
        model = type(self.instance)
        fouten: dict = {}
        for constraint in model._meta.constraints:
            velden = (
                sorted(constraint.condition.referenced_base_fields)
                if isinstance(constraint, CheckConstraint)
                else None
            )
            if velden is None or exclude.intersection(velden):
                uitslag = _uitslag(constraint, self.instance, exclude)
            else:
                sleutel = (model, constraint.name, *(getattr(self.instance, v) for v in velden))
                if sleutel not in _UITSLAGEN:
                    if len(_UITSLAGEN) > 10_000:
                        _UITSLAGEN.clear()
                    _UITSLAGEN[sleutel] = _uitslag(constraint, self.instance, exclude)
                uitslag = _UITSLAGEN[sleutel]
            if uitslag is not None:
                fouten = uitslag.update_error_dict(fouten)
        if fouten:
            self._update_errors(ValidationError(fouten))


def _uitslag(constraint, instance, exclude) -> ValidationError | None:
    try:
        constraint.validate(type(instance), instance, exclude=exclude)
    except ValidationError as fout:
        return fout
    return None


class _GezinFormulier(_OnthoudtControles, GezinForm):
    pass


class _PersoonFormulier(_OnthoudtControles, PersoonForm):
    pass


def _volgens_formulier(rij: _Rij, formulier: type[forms.ModelForm], waarden: dict, geheel: str):
    """Judge the parsed values with the form a caseworker fills in: the same rules, one place.

    _Rij only turns a spreadsheet's cell into a value (Excel's 2.0, a label for
    a choice); whether the value is allowed is the form's (and so the model's)
    word. A fault of the whole row (a constraint) is put on the field `geheel`.
    """
    oordeel = formulier(data={veld: "" if w is None else w for veld, w in waarden.items()})
    if oordeel.is_valid():
        return
    for veld, fouten in oordeel.errors.items():
        # weiger keeps the first reason per field: a value _Rij refused keeps its reason.
        rij.verslag.weiger(geheel if veld == NON_FIELD_ERRORS else veld, fouten[0])


def _gezin_lezen(rij: _Rij) -> _GezinRij:
    extern_id = _extern_id(rij)
    postcode = rij.tekst("postcode", max_lengte=10, verplicht=False)
    aantallen = {
        veld: rij.getal(veld, minimum=0, maximum=GROOTSTE_GETAL, leeg=0)
        for veld in GezinForm.GROEPEN
    }
    _volgens_formulier(
        rij, _GezinFormulier, {"postcode": postcode, **aantallen}, geheel="volwassenen"
    )
    fouten = len(rij.verslag.fouten)
    if not rij.ja_nee("toestemming") and len(rij.verslag.fouten) == fouten:
        rij.verslag.weiger(
            "toestemming",
            gettext(
                "Zonder toestemming van de persoon wordt dit gezin niet overgenomen. (Trekt "
                "iemand zijn toestemming in, vraag dan in het platform om de gegevens te wissen.)"
            ),
        )
    return _GezinRij(extern_id, postcode, **aantallen)


@dataclass(frozen=True)
class _PersoonRij:
    extern_id: str
    gezin_extern_id: str
    voornaam: str
    achternaam: str
    geboortejaar: int
    relatie: str


def _persoon_lezen(rij: _Rij) -> _PersoonRij:
    gelezen = _PersoonRij(
        extern_id=_extern_id(rij),
        gezin_extern_id=_extern_id(rij, "gezin_extern_id"),
        voornaam=rij.naam("voornaam", max_lengte=60),
        achternaam=rij.naam("achternaam", max_lengte=80),
        geboortejaar=rij.getal("geboortejaar", minimum=0, maximum=GROOTSTE_GETAL),
        relatie=rij.keuze("relatie", Persoon.Relatie),
    )
    _volgens_formulier(
        rij,
        _PersoonFormulier,
        {veld: getattr(gelezen, veld) for veld in PersoonForm.Meta.fields},
        geheel="relatie",
    )
    return gelezen


@dataclass(frozen=True)
class _VerwijzingRij:
    extern_id: str
    gezin_extern_id: str
    organisatie: Organisatie | None
    soort: str
    hulpvorm: Hulpvorm | None
    start: date | None
    einde: date | None
    frequentie: str
    pakket: str
    reden: str


class _Opzoeken:
    """Initiatives and aid forms by id, name or slug, loaded once per import."""

    def __init__(self, organisatie: Organisatie):
        self.gemeente = organisatie.gemeente
        self.organisaties = {
            o.pk: o for o in Organisatie.objects.filter(gemeente_id=organisatie.gemeente_id)
        }
        self.per_naam = {_normaliseer(o.naam): o for o in self.organisaties.values()}
        self.hulpvormen = {}
        for h in Hulpvorm.objects.filter(actief=True):
            self.hulpvormen[_normaliseer(h.slug)] = h
            self.hulpvormen[_normaliseer(h.naam)] = h

    def initiatief(self, rij: _Rij) -> Organisatie | None:
        waarde = rij._ruw("initiatief")
        if rij._leeg(waarde) or isinstance(waarde, (bool, dict, list)):
            rij.verslag.weiger(
                "initiatief", gettext("Geef de naam of het nummer van het initiatief.")
            )
            return None
        tekst = str(waarde).strip()
        gevonden = (
            self.organisaties.get(int(tekst))
            if tekst.isascii() and tekst.isdigit()
            else self.per_naam.get(_normaliseer(tekst))
        )
        if gevonden is None:
            rij.verslag.weiger(
                "initiatief",
                gettext("Geen initiatief '%(initiatief)s' in %(gemeente)s.")
                % {"initiatief": tekst[:60], "gemeente": self.gemeente.naam},
            )
        return gevonden

    def hulpvorm(self, rij: _Rij) -> Hulpvorm | None:
        waarde = rij._ruw("hulpvorm")
        gevonden = None if rij._leeg(waarde) else self.hulpvormen.get(_normaliseer(str(waarde)))
        if gevonden is None:
            slugs = sorted({h.slug for h in self.hulpvormen.values()})
            rij.verslag.weiger(
                "hulpvorm",
                gettext("Onbekende hulpvorm. Kies uit: %(hulpvormen)s.")
                % {"hulpvormen": ", ".join(slugs)},
            )
        return gevonden


def _verwijzing_lezen(rij: _Rij, opzoeken: _Opzoeken) -> _VerwijzingRij:
    return _VerwijzingRij(
        extern_id=_extern_id(rij),
        gezin_extern_id=_extern_id(rij, "gezin_extern_id"),
        organisatie=opzoeken.initiatief(rij),
        soort=rij.keuze("soort", Doorverwijzing.Soort),
        hulpvorm=opzoeken.hulpvorm(rij),
        start=rij.datum("start"),
        einde=rij.datum("einde"),
        frequentie=rij.keuze(
            "frequentie", Doorverwijzing.Frequentie, leeg=Doorverwijzing.Frequentie.WEKELIJKS
        ),
        pakket=rij.keuze("pakket", Doorverwijzing.Pakket, leeg=Doorverwijzing.Pakket.MIDDEL),
        reden=rij.keuze("reden", Doorverwijzing.Reden, leeg=Doorverwijzing.Reden.LAAG_INKOMEN),
    )


# Writing -------------------------------------------------------------------------
