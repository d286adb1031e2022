"""Import from the social dossier: households, persons and referrals, keyed by the dossier's ids.

The formats are described in docs/import-formaat.md. The upload page and the
API both read a file with `lees_bestanden` and hand the rows to
`dossier_importeren`, which answers with a report per row.

The rule for bad rows: every row is checked on its own. A row with an error is
rejected and reported (row number, field, reason); the other rows are written.
A row that needs a rejected row (a person of a rejected household) is rejected
too, with that reason. The whole import is one transaction: when something
unexpected fails, nothing at all is written and the caller says so. A dry run
(`alleen_controleren`) runs exactly the same code and rolls back at the end.

Idempotent on the dossier's ids: a household is (bron, extern_id), a person
(household, extern_id), a referral (verwijzer, extern_id). A row equal to what
is stored changes nothing and is reported as unchanged; an import never
deletes.

Written in batches, because 50,000 rows one by one take minutes: a batch that
hits a constraint (a concurrent import of the same file) is redone row by row,
each in a savepoint, so only the clashing rows are rejected. New referrals are
checked by the referral service's own rules (`services.doorverwijzing_controleren`, the check
`doorverwijzing_aanmaken` runs) and then written in batches with the same
fields and relationships that service gives them; the initiative gets one
message per import instead of one per referral. A changed referral goes
through `doorverwijzing_verlengen`.
"""

import codecs
import csv
import functools
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import DataError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from hulpverlening import toestemmingsteksten
from hulpverlening.models import (
    Gezin,
    Gezinsrelatie,
    Hulpvorm,
    Notification,
    Organisatie,
    Persoon,
    Toestemming,
)

from . import services
from .models import Doorverwijzing

GEZINNEN, PERSONEN, DOORVERWIJZINGEN = "gezinnen", "personen", "doorverwijzingen"
SOORTEN = (GEZINNEN, PERSONEN, DOORVERWIJZINGEN)
ENKELVOUD = {GEZINNEN: "gezin", PERSONEN: "persoon", DOORVERWIJZINGEN: "doorverwijzing"}

# Every column must be present in a CSV file (a cell may be empty where the
# format allows it); the order does not matter.
KOLOMMEN = {
    GEZINNEN: (
        "extern_id",
        "postcode",
        "volwassenen",
        "kinderen_0_2",
        "kinderen_3_11",
        "kinderen_12_17",
        "toestemming",
    ),
    PERSONEN: (
        "extern_id",
        "gezin_extern_id",
        "voornaam",
        "achternaam",
        "geboortejaar",
        "relatie",
    ),
    DOORVERWIJZINGEN: (
        "extern_id",
        "gezin_extern_id",
        "initiatief",
        "soort",
        "hulpvorm",
        "start",
        "einde",
        "frequentie",
        "pakket",
        "reden",
    ),
}
GEDEELD = {"extern_id", "gezin_extern_id"}

# Per request. 50,000 new rows took 19 s on PostgreSQL on a busy two-core machine
# (docs/import-formaat.md); the upload page takes fewer (import_views.PAGINA_MAX_RIJEN).
MAX_RIJEN = 50_000
MAX_EXTERN_ID = 64
PARTIJ = 1000

AANGEMAAKT, BIJGEWERKT, ONGEWIJZIGD, GEWEIGERD = (
    "aangemaakt",
    "bijgewerkt",
    "ongewijzigd",
    "geweigerd",
)
RESULTATEN = (AANGEMAAKT, BIJGEWERKT, ONGEWIJZIGD, GEWEIGERD)

TOESTEMMING_VERSIE = toestemmingsteksten.IMPORT_VERSIE
TOESTEMMING_TEKST = toestemmingsteksten.IMPORT_TEKST

RRN_REDEN = gettext_lazy(
    "Dit lijkt een rijksregisternummer. Dat nummer wordt nooit gevraagd of bewaard: laat het weg."
)
# Column names that announce a national register number (after _normaliseer).
RRN_KOLOM = re.compile(
    r"rijksregister|(^|_)(rrn|insz|ssin|niss|nn)(_|$)|nationaal_?nummer|"
    r"national_?(number|nummer|id)|bis_?nummer|registre_?national|numero_?national"
)


class Bestandsfout(Exception):
    """The file as a whole cannot be used; the message says why, in Dutch."""


class TeVeelRijen(Bestandsfout):
    """More rows than one import takes: the file must be split (or go through the API)."""


# Report ------------------------------------------------------------------------


@dataclass
class Rijverslag:
    soort: str  # gezin, persoon, doorverwijzing
    rij: int
    extern_id: str
    resultaat: str = ""
    fouten: list[tuple[str, str]] = field(default_factory=list)  # (veld, reden)
    gezin_id: int | None = None  # for the audit log only, never shown

    def weiger(self, veld: str, reden: str) -> None:
        """Reject the row; one reason per field is enough."""
        self.resultaat = GEWEIGERD
        if not veld or all(veld != v for v, _ in self.fouten):
            self.fouten.append((veld, reden))

    @property
    def getoonde_id(self) -> str:
        return (
            gettext("(verborgen)") if lijkt_rijksregisternummer(self.extern_id) else self.extern_id
        )

    @property
    def reden(self) -> str:
        return "; ".join(f"{veld}: {reden}" if veld else reden for veld, reden in self.fouten)

    def als_dict(self) -> dict:
        return {
            "soort": self.soort,
            "rij": self.rij,
            "extern_id": self.getoonde_id,
            "resultaat": self.resultaat,
            "fouten": [{"veld": veld, "reden": reden} for veld, reden in self.fouten],
        }


@dataclass
class Importverslag:
    rijen: list[Rijverslag] = field(default_factory=list)
    meldingen: list[str] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)
    alleen_controleren: bool = False
    uitgevoerd: bool = False

    @property
    def totalen(self) -> dict[str, int]:
        totalen = dict.fromkeys(RESULTATEN, 0)
        for rij in self.rijen:
            totalen[rij.resultaat] += 1
        return totalen

    @property
    def geweigerd(self) -> list[Rijverslag]:
        return [r for r in self.rijen if r.resultaat == GEWEIGERD]

    @property
    def gewijzigde_gezinnen(self) -> list[int]:
        return list(
            dict.fromkeys(
                r.gezin_id
                for r in self.rijen
                if r.resultaat in (AANGEMAAKT, BIJGEWERKT) and r.gezin_id is not None
            )
        )

    def als_dict(self) -> dict:
        return {
            "alleen_controleren": self.alleen_controleren,
            "uitgevoerd": self.uitgevoerd,
            "totalen": self.totalen,
            "meldingen": self.meldingen,
            "fouten": self.fouten,
            "rijen": [r.als_dict() for r in self.rijen],
        }


# Reading files -------------------------------------------------------------------


@dataclass
class Invoer:
    """Rows per kind as (row number, raw values), and notes about how the file was read."""

    rijen: dict[str, list[tuple[int, Any]]] = field(
        default_factory=lambda: {soort: [] for soort in SOORTEN}
    )
    meldingen: list[str] = field(default_factory=list)

    @property
    def aantal(self) -> int:
        return sum(len(r) for r in self.rijen.values())


def lijkt_rijksregisternummer(waarde: object) -> bool:
    """Eleven digits (dots, dashes and spaces allowed) with a valid check number."""
    if isinstance(waarde, bool) or waarde is None:
        return False
    tekst = str(waarde)
    if len(tekst) < 11:
        return False
    tekst = re.sub(r"(?<=\d)[\s./-]+(?=\d)", "", tekst)
    for cijfers in re.findall(r"(?<!\d)\d{11}(?!\d)", tekst):
        basis, controle = int(cijfers[:9]), int(cijfers[9:])
        # People born from 2000 on: a 2 is put before the nine digits.
        if controle in (97 - basis % 97, 97 - (2_000_000_000 + basis) % 97):
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _normaliseer(kolom: str) -> str:
    """'Kinderen 0-2 ' → 'kinderen_0_2'; accents and case do not matter."""
    zonder_accent = "".join(
        c for c in unicodedata.normalize("NFKD", kolom) if not unicodedata.combining(c)
    )
    return re.sub(r"[^a-z0-9]+", "_", zonder_accent.strip().lower()).strip("_")


def _weiger_rrn_kolommen(kolommen: Iterable[str], waar: str) -> None:
    for kolom in kolommen:
        if RRN_KOLOM.search(_normaliseer(kolom)):
            raise Bestandsfout(
                gettext(
                    "%(bestand)s: de kolom '%(kolom)s' lijkt een rijksregisternummer te bevatten. "
                    "Dat nummer wordt nooit gevraagd of bewaard. Verwijder de kolom en laad het "
                    "bestand opnieuw op. Er werd niets ingelezen."
                )
                % {"bestand": waar, "kolom": kolom}
            )


def _als_tekst(data: bytes, naam: str) -> tuple[str, str | None]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or Excel's Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise Bestandsfout(
                gettext("%(bestand)s: dit UTF-16-bestand kan niet gelezen worden.")
                % {"bestand": naam}
            ) from None
    if data.startswith(b"PK\x03\x04"):
        raise Bestandsfout(
            gettext(
                "%(bestand)s: dit is een Excel- of zip-bestand. Bewaar het blad in Excel als "
                "'CSV UTF-8 (door komma's gescheiden)' of 'CSV (gescheiden door "
                "lijstscheidingsteken)' en laad dat op."
            )
            % {"bestand": naam}
        )
    melding = None
    try:
        tekst = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" is Windows-1252; Latin-1 for the few bytes it leaves undefined.
        zonder_bom = data.removeprefix(codecs.BOM_UTF8)
        try:
            tekst = zonder_bom.decode("cp1252")
        except UnicodeDecodeError:
            tekst = zonder_bom.decode("latin-1")
        melding = gettext(
            "%(bestand)s: niet in UTF-8 bewaard; gelezen als Windows-1252 (Latin-1), zoals Excel "
            "een gewone CSV bewaart. Kijk namen met accenten na in het verslag."
        ) % {"bestand": naam}
    if "\x00" in tekst:
        raise Bestandsfout(
            gettext("%(bestand)s: dit is geen tekstbestand (CSV of JSON).") % {"bestand": naam}
        )
    return tekst, melding


def _scheidingsteken(kopregel: str) -> str:
    """Excel writes ';' where the decimal sign is ',' (Belgium), else ','; also tab."""
    tellingen = {teken: kopregel.count(teken) for teken in (";", ",", "\t", "|")}
    beste = max(tellingen, key=tellingen.__getitem__)
    return beste if tellingen[beste] else ","


def _soort_van_kolommen(kolommen: set[str], naam: str) -> str:
    scores = {soort: len(kolommen & (set(KOLOMMEN[soort]) - GEDEELD)) for soort in SOORTEN}
    beste = max(scores.values())
    kandidaten = [s for s, score in scores.items() if score == beste]
    if beste == 0 or len(kandidaten) > 1:
        raise Bestandsfout(
            gettext(
                "%(bestand)s: aan de kolommen is niet te zien of dit gezinnen, personen of "
                "doorverwijzingen zijn. Verwacht de kolommen %(kolommen)s."
            )
            % {
                "bestand": naam,
                "kolommen": "; ".join(f"{s}: {', '.join(KOLOMMEN[s])}" for s in SOORTEN),
            }
        )
    return kandidaten[0]


def lees_csv(
    data: bytes, naam: str = "CSV", *, max_rijen: int | None = None
) -> tuple[str, list[tuple[int, dict]], list[str]]:
    """One CSV file: (kind, rows, notes). Row numbers are the spreadsheet's (header = 1)."""
    tekst, melding = _als_tekst(data, naam)
    meldingen = [melding] if melding else []
    regels = tekst.splitlines()
    kopregel = next((r for r in regels if r.strip(" ;,\t|\"'")), "")
    if not kopregel:
        raise Bestandsfout(gettext("%(bestand)s: het bestand is leeg.") % {"bestand": naam})
    scheiding = _scheidingsteken(kopregel)
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    kop: list[str] | None = None
    rijen: list[tuple[int, dict]] = []
    soort = ""
    try:
        for nummer, cellen in enumerate(lezer, start=1):
            if not any(c.strip() for c in cellen):
                continue  # empty lines, or Excel's ';;;;' below the data
            if kop is None:
                kop, soort = _lees_kop(cellen, naam, meldingen)
                continue
            if len(rijen) >= (max_rijen or MAX_RIJEN):
                raise TeVeelRijen(_te_veel_rijen(naam, max_rijen or MAX_RIJEN))
            waarden = {k: (cellen[i].strip() if i < len(cellen) else "") for i, k in kop if k}
            extra = [c for c in cellen[len(kop) :] if c.strip()]
            if extra:
                waarden["__extra__"] = len(cellen)
            rijen.append((nummer, waarden))
    except csv.Error as fout:
        raise Bestandsfout(
            gettext("%(bestand)s: regel %(regel)s kan niet gelezen worden (%(fout)s).")
            % {"bestand": naam, "regel": lezer.line_num, "fout": fout}
        ) from None
    if not rijen:
        raise Bestandsfout(
            gettext("%(bestand)s: er staan geen rijen onder de kopregel.") % {"bestand": naam}
        )
    return soort, rijen, meldingen


def _lees_kop(cellen: list[str], naam: str, meldingen: list[str]) -> tuple[list, str]:
    _weiger_rrn_kolommen(cellen, naam)
    namen = [_normaliseer(c) for c in cellen]
    dubbel = sorted({n for n in namen if n and namen.count(n) > 1})
    if dubbel:
        raise Bestandsfout(
            gettext("%(bestand)s: de kolom %(kolom)s staat er meer dan één keer.")
            % {"bestand": naam, "kolom": ", ".join(dubbel)}
        )
    soort = _soort_van_kolommen(set(namen), naam)
    ontbrekend = [k for k in KOLOMMEN[soort] if k not in namen]
    if ontbrekend:
        raise Bestandsfout(
            gettext(
                "%(bestand)s (%(soort)s): deze kolommen ontbreken: %(kolommen)s. "
                "Er werd niets ingelezen."
            )
            % {"bestand": naam, "soort": soort, "kolommen": ", ".join(ontbrekend)}
        )
    onbekend = [
        c.strip() for c, n in zip(cellen, namen, strict=True) if n and n not in KOLOMMEN[soort]
    ]
    if onbekend:
        meldingen.append(
            gettext("%(bestand)s: deze kolommen worden genegeerd: %(kolommen)s.")
            % {"bestand": naam, "kolommen": ", ".join(onbekend)}
        )
    gekend = [(i, n if n in KOLOMMEN[soort] else "") for i, n in enumerate(namen)]
    return gekend, soort


def _te_veel_rijen(naam: str, max_rijen: int) -> str:
    grens = f"{max_rijen:,}".replace(",", ".")
    return gettext(
        "%(bestand)s: meer dan %(grens)s rijen. Splits het bestand in delen van hoogstens "
        "%(grens)s rijen; een deel opnieuw importeren kan geen kwaad."
    ) % {"bestand": naam, "grens": grens}


def lees_json(data: bytes, naam: str = "JSON", *, max_rijen: int | None = None) -> Invoer:
    tekst, melding = _als_tekst(data, naam)
    try:
        inhoud = json.loads(tekst)
    except json.JSONDecodeError as fout:
        raise Bestandsfout(
            gettext("%(bestand)s: geen geldige JSON (%(fout)s, regel %(regel)s, kolom %(kolom)s).")
            % {"bestand": naam, "fout": fout.msg, "regel": fout.lineno, "kolom": fout.colno}
        ) from None
    except RecursionError:
        raise Bestandsfout(
            gettext("%(bestand)s: de JSON is te diep genest.") % {"bestand": naam}
        ) from None
    except ValueError:  # e.g. an integer of more than 4,300 digits
        raise Bestandsfout(
            gettext("%(bestand)s: geen geldige JSON (een getal is te groot).") % {"bestand": naam}
        ) from None
    if not isinstance(inhoud, dict) or not any(s in inhoud for s in SOORTEN):
        raise Bestandsfout(
            gettext(
                "%(bestand)s: verwacht een JSON-object met de lijsten %(lijsten)s (elk mag "
                "ontbreken, niet alle drie)."
            )
            % {"bestand": naam, "lijsten": ", ".join(repr(s) for s in SOORTEN)}
        )
    invoer = Invoer(meldingen=[melding] if melding else [])
    onbekend: dict[str, None] = {}
    for soort in SOORTEN:
        lijst = inhoud.get(soort, [])
        if not isinstance(lijst, list):
            raise Bestandsfout(
                gettext("%(bestand)s: '%(soort)s' moet een lijst zijn.")
                % {"bestand": naam, "soort": soort}
            )
        for item in lijst:
            if isinstance(item, dict):
                _weiger_rrn_kolommen(item.keys(), f"{naam}, {soort}")
                for sleutel in item:
                    if sleutel not in KOLOMMEN[soort]:
                        onbekend[f"{soort}.{sleutel}"] = None
        invoer.rijen[soort] = list(enumerate(lijst, start=1))
    if invoer.aantal > (max_rijen or MAX_RIJEN):
        raise TeVeelRijen(_te_veel_rijen(naam, max_rijen or MAX_RIJEN))
    if onbekend:
        invoer.meldingen.append(
            gettext("%(bestand)s: deze velden worden genegeerd: %(velden)s.")
            % {"bestand": naam, "velden": ", ".join(list(onbekend)[:20])}
        )
    return invoer


def lees_bestanden(bestanden: list[tuple[str, bytes]], *, max_rijen: int | None = None) -> Invoer:
    """One JSON file, or one to three CSV files (one per kind, recognised by their columns)."""
    if not bestanden:
        raise Bestandsfout(gettext("Kies een bestand."))
    json_bestanden = [
        (naam, data)
        for naam, data in bestanden
        if naam.lower().endswith(".json") or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    ]
    if json_bestanden:
        if len(bestanden) > 1:
            raise Bestandsfout(gettext("Laad één JSON-bestand op, of één tot drie CSV-bestanden."))
        return lees_json(bestanden[0][1], bestanden[0][0], max_rijen=max_rijen)
    invoer = Invoer()
    bronnen: dict[str, str] = {}
    for naam, data in bestanden:
        soort, rijen, meldingen = lees_csv(data, naam, max_rijen=max_rijen)
        if soort in bronnen:
            raise Bestandsfout(
                gettext(
                    "%(eerste)s en %(tweede)s bevatten allebei %(soort)s. Laad per soort één "
                    "bestand op."
                )
                % {"eerste": bronnen[soort], "tweede": naam, "soort": soort}
            )
        bronnen[soort] = naam
        invoer.rijen[soort] = rijen
        invoer.meldingen.extend(meldingen)
    if invoer.aantal > (max_rijen or MAX_RIJEN):
        raise TeVeelRijen(_te_veel_rijen(gettext("Samen"), max_rijen or MAX_RIJEN))
    return invoer


# Checking one row ----------------------------------------------------------------

JA = {"ja", "j", "yes", "y", "true", "waar", "1", "x", "ok"}
NEE = {"nee", "n", "no", "false", "onwaar", "0", ""}
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


def _gezin_lezen(rij: _Rij) -> _GezinRij:
    extern_id = _extern_id(rij)
    postcode = rij.tekst("postcode", max_lengte=10, verplicht=False)
    if postcode and not re.fullmatch(r"[1-9][0-9]{3}", postcode):
        rij.verslag.weiger("postcode", gettext("Een Belgische postcode heeft 4 cijfers, bv. 9000."))
    aantallen = {
        veld: rij.getal(veld, minimum=0, maximum=20, leeg=0)
        for veld in ("volwassenen", "kinderen_0_2", "kinderen_3_11", "kinderen_12_17")
    }
    if aantallen["volwassenen"] < 1 and aantallen["kinderen_12_17"] < 1:
        rij.verslag.weiger(
            "volwassenen", gettext("Een gezin telt minstens één volwassene of tiener.")
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


def _persoon_lezen(rij: _Rij, dit_jaar: int) -> _PersoonRij:
    return _PersoonRij(
        extern_id=_extern_id(rij),
        gezin_extern_id=_extern_id(rij, "gezin_extern_id"),
        voornaam=rij.naam("voornaam", max_lengte=60),
        achternaam=rij.naam("achternaam", max_lengte=80),
        geboortejaar=rij.getal("geboortejaar", minimum=1900, maximum=dit_jaar),
        relatie=rij.keuze("relatie", Persoon.Relatie),
    )


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


def _partijen(items: list, grootte: int = PARTIJ) -> Iterator[list]:
    for i in range(0, len(items), grootte):
        yield items[i : i + grootte]


def _schrijf_in_partijen(
    items: list,
    partij: Callable[[list], None],
    een: Callable[[Any], None],
    mislukt: Callable[[Any], None],
) -> None:
    """Write in batches; a batch that breaks a constraint is redone one savepoint per item."""
    for stuk in _partijen(items):
        try:
            with transaction.atomic():
                partij(stuk)
        except (IntegrityError, DataError):
            for item in stuk:
                try:
                    with transaction.atomic():
                        een(item)
                except (IntegrityError, DataError):
                    mislukt(item)


@dataclass(frozen=True)
class _Afzender:
    """What the referral services read of a Lidmaatschap; an API import has no user."""

    organisatie: Organisatie
    user: Any = None

    @property
    def organisatie_id(self) -> int:
        return self.organisatie.pk


@dataclass
class _Gezinnen:
    """The households this import may attach persons and referrals to, by extern_id."""

    per_id: dict[str, Gezin] = field(default_factory=dict)
    geweigerd: dict[str, int] = field(default_factory=dict)  # extern_id → row

    def zoek(
        self, extern_id: str, veld: str, verslag: Rijverslag, bron: Organisatie
    ) -> Gezin | None:
        if extern_id in self.geweigerd:
            verslag.weiger(
                veld,
                gettext("Het gezin '%(extern_id)s' werd geweigerd (gezinnen, rij %(rij)s).")
                % {"extern_id": extern_id, "rij": self.geweigerd[extern_id]},
            )
            return None
        gezin = self.per_id.get(extern_id)
        if gezin is None:
            verslag.weiger(
                veld,
                gettext(
                    "Geen gezin '%(extern_id)s': niet in dit bestand en niet eerder geïmporteerd "
                    "door %(organisatie)s."
                )
                % {"extern_id": extern_id, "organisatie": bron.naam},
            )
        elif gezin.gepseudonimiseerd_op is not None:
            verslag.weiger(veld, str(GEWIST))
            return None
        return gezin

    def laad_ontbrekende(self, bron: Organisatie, extern_ids: Iterable[str]) -> None:
        nodig = sorted({e for e in extern_ids if e and e not in self.per_id})
        for stuk in _partijen(nodig):
            for gezin in Gezin.objects.filter(bron=bron, extern_id__in=stuk):
                self.per_id[gezin.extern_id] = gezin


GEWIST = gettext_lazy(
    "Dit gezin werd in het platform gewist (op verzoek of na de bewaartermijn) en kan niet "
    "opnieuw onder hetzelfde extern id ingevoerd worden."
)
GEZIN_VELDEN = ("postcode", "volwassenen", "kinderen_0_2", "kinderen_3_11", "kinderen_12_17")
PERSOON_VELDEN = ("voornaam", "achternaam", "geboortejaar", "relatie")
TEGELIJK = gettext_lazy(
    "Tegelijk door een andere import of gebruiker gewijzigd. Importeer opnieuw."
)


def _dubbel(gezien: dict[str, int], extern_id: str, rij: int, verslag: Rijverslag) -> bool:
    if not extern_id:
        return False
    if extern_id in gezien:
        verslag.weiger(
            "extern_id",
            gettext(
                "Dit extern id staat al op rij %(rij)s van dit bestand; deze rij werd overgeslagen."
            )
            % {"rij": gezien[extern_id]},
        )
        return True
    gezien[extern_id] = rij
    return False


def _gezinnen_verwerken(
    rijen: list[tuple[int, Any]], bron: Organisatie, door, verslag: Importverslag
) -> _Gezinnen:
    gezinnen = _Gezinnen()
    geldig: list[tuple[_GezinRij, Rijverslag]] = []
    gezien: dict[str, int] = {}
    for nummer, waarden in rijen:
        rv = Rijverslag("gezin", nummer, _ruwe_id(waarden))
        verslag.rijen.append(rv)
        gegevens = _gezin_lezen(_Rij(waarden, rv))
        rv.extern_id = gegevens.extern_id or rv.extern_id
        if not _dubbel(gezien, gegevens.extern_id, nummer, rv) and rv.resultaat != GEWEIGERD:
            geldig.append((gegevens, rv))
        elif gegevens.extern_id and gezien.get(gegevens.extern_id) == nummer:
            gezinnen.geweigerd[gegevens.extern_id] = nummer

    gezinnen.laad_ontbrekende(bron, (g.extern_id for g, _ in geldig))
    nu = timezone.now()
    nieuw: list[tuple[Gezin, Rijverslag]] = []
    gewijzigd: list[tuple[Gezin, Rijverslag]] = []
    for gegevens, rv in geldig:
        gezin = gezinnen.per_id.get(gegevens.extern_id)
        if gezin is None:
            gezin = Gezin(
                gemeente_id=bron.gemeente_id,
                aangemaakt_door_id=bron.pk,
                bron_id=bron.pk,
                extern_id=gegevens.extern_id,
                aangemaakt_op=nu,
                laatste_activiteit=nu,
                **{veld: getattr(gegevens, veld) for veld in GEZIN_VELDEN},
            )
            nieuw.append((gezin, rv))
            continue
        rv.gezin_id = gezin.pk
        if gezin.gepseudonimiseerd_op is not None:
            rv.weiger("extern_id", str(GEWIST))
            gezinnen.geweigerd[gegevens.extern_id] = rv.rij
            continue
        verschil = [v for v in GEZIN_VELDEN if getattr(gezin, v) != getattr(gegevens, v)]
        if not verschil:
            rv.resultaat = ONGEWIJZIGD
            continue
        for veld in verschil:
            setattr(gezin, veld, getattr(gegevens, veld))
        gezin.laatste_activiteit = nu
        gewijzigd.append((gezin, rv))

    def mislukt(paar):
        gezin, rv = paar
        rv.weiger("extern_id", str(TEGELIJK))
        gezinnen.geweigerd[gezin.extern_id] = rv.rij
        gezinnen.per_id.pop(gezin.extern_id, None)

    def aanmaken(paren):
        Gezin.objects.bulk_create([g for g, _ in paren])
        Gezinsrelatie.objects.bulk_create(
            [
                Gezinsrelatie(
                    gezin_id=g.pk,
                    organisatie_id=bron.pk,
                    reden=Gezinsrelatie.Reden.AANGEMAAKT,
                    sinds=nu,
                )
                for g, _ in paren
            ]
        )
        Toestemming.objects.bulk_create([_toestemming(g, bron, door, nu) for g, _ in paren])
        for gezin, rv in paren:
            rv.resultaat, rv.gezin_id = AANGEMAAKT, gezin.pk
            gezinnen.per_id[gezin.extern_id] = gezin

    def bijwerken(paren):
        Gezin.objects.bulk_update([g for g, _ in paren], [*GEZIN_VELDEN, "laatste_activiteit"])
        ids = [g.pk for g, _ in paren]
        Gezinsrelatie.objects.bulk_create(
            [
                Gezinsrelatie(
                    gezin_id=pk, organisatie_id=bron.pk, reden=Gezinsrelatie.Reden.AANGEMAAKT
                )
                for pk in ids
            ],
            ignore_conflicts=True,
        )
        Gezinsrelatie.objects.filter(
            gezin_id__in=ids, organisatie=bron, niveau=Gezinsrelatie.Niveau.BALIE
        ).update(niveau=Gezinsrelatie.Niveau.DOSSIER, reden=Gezinsrelatie.Reden.AANGEMAAKT)
        al = set(
            Toestemming.objects.filter(
                gezin_id__in=ids,
                organisatie=bron,
                doel=Toestemming.Doel.IMPORT,
                tekstversie=TOESTEMMING_VERSIE,
            ).values_list("gezin_id", flat=True)
        )
        Toestemming.objects.bulk_create(
            [_toestemming(g, bron, door, nu) for g, _ in paren if g.pk not in al]
        )
        for _gezin, rv in paren:
            rv.resultaat = BIJGEWERKT

    # A clash on create leaves the objects half-made (no pk): build fresh ones per row.
    _schrijf_in_partijen(nieuw, aanmaken, lambda paar: aanmaken([_opnieuw(paar)]), mislukt)
    _schrijf_in_partijen(gewijzigd, bijwerken, lambda paar: bijwerken([paar]), mislukt)
    return gezinnen


def _opnieuw(paar: tuple[Gezin, Rijverslag]) -> tuple[Gezin, Rijverslag]:
    gezin, rv = paar
    gezin.pk = None
    gezin._state.adding = True
    return gezin, rv


def _toestemming(gezin: Gezin, bron: Organisatie, door, nu) -> Toestemming:
    return Toestemming(
        gezin_id=gezin.pk,
        organisatie_id=bron.pk,
        doel=Toestemming.Doel.IMPORT,
        tekstversie=TOESTEMMING_VERSIE,
        geregistreerd_door_id=door.pk if door else None,
        gegeven_op=nu,
    )


def _personen_verwerken(
    rijen: list[tuple[int, Any]], bron: Organisatie, gezinnen: _Gezinnen, verslag: Importverslag
) -> None:
    gelezen: list[tuple[_PersoonRij, Rijverslag]] = []
    gezien: dict[str, int] = {}
    dit_jaar = timezone.localdate().year
    for nummer, waarden in rijen:
        rv = Rijverslag("persoon", nummer, _ruwe_id(waarden))
        verslag.rijen.append(rv)
        gegevens = _persoon_lezen(_Rij(waarden, rv), dit_jaar)
        rv.extern_id = gegevens.extern_id or rv.extern_id
        if not _dubbel(gezien, gegevens.extern_id, nummer, rv) and rv.resultaat != GEWEIGERD:
            gelezen.append((gegevens, rv))
    gezinnen.laad_ontbrekende(bron, (p.gezin_extern_id for p, _ in gelezen))

    geldig: list[tuple[_PersoonRij, Rijverslag, Gezin]] = []
    for gegevens, rv in gelezen:
        gezin = gezinnen.zoek(gegevens.gezin_extern_id, "gezin_extern_id", rv, bron)
        if gezin is not None:
            rv.gezin_id = gezin.pk
            geldig.append((gegevens, rv, gezin))

    # Stored values as tuples, not model instances: 50,000 of those cost seconds.
    bestaand: dict[tuple[int, str], tuple[int, dict]] = {}
    referentie: dict[int, tuple] = {}  # gezin → key of who is (or stays) referentiepersoon
    gezin_ids = sorted({g.pk for _, _, g in geldig})
    nieuwe_relatie = {(g.pk, p.extern_id): p.relatie for p, _, g in geldig}
    for stuk in _partijen(gezin_ids):
        opgeslagen_rijen = Persoon.objects.filter(gezin_id__in=stuk).values_list(
            "pk", "gezin_id", "extern_id", *PERSOON_VELDEN
        )
        for pk, gezin_id, extern_id, *waarden in opgeslagen_rijen:
            opgeslagen = dict(zip(PERSOON_VELDEN, waarden, strict=True))
            if extern_id:
                bestaand[(gezin_id, extern_id)] = (pk, opgeslagen)
            blijft = nieuwe_relatie.get((gezin_id, extern_id), opgeslagen["relatie"])
            if blijft == Persoon.Relatie.REFERENTIEPERSOON:
                referentie[gezin_id] = ("x", extern_id) if extern_id else ("pk", pk)

    nieuw: list[tuple[Persoon, Rijverslag]] = []
    gewijzigd: list[tuple[Persoon, Rijverslag]] = []
    for gegevens, rv, gezin in geldig:
        if gegevens.relatie == Persoon.Relatie.REFERENTIEPERSOON:
            houder = referentie.setdefault(gezin.pk, ("x", gegevens.extern_id))
            if houder != ("x", gegevens.extern_id):
                rv.weiger(
                    "relatie",
                    gettext(
                        "Dit gezin heeft al een referentiepersoon ('%(extern_id)s'). Maak eerst "
                        "die persoon partner of ander gezinslid."
                    )
                    % {"extern_id": houder[1]}
                    if houder[0] == "x"
                    else gettext(
                        "Dit gezin heeft al een referentiepersoon. Maak eerst die persoon "
                        "partner of ander gezinslid."
                    ),
                )
                continue
        gevonden = bestaand.get((gezin.pk, gegevens.extern_id))
        if gevonden is None:
            nieuw.append(
                (
                    Persoon(
                        gezin_id=gezin.pk,
                        extern_id=gegevens.extern_id,
                        **{veld: getattr(gegevens, veld) for veld in PERSOON_VELDEN},
                    ),
                    rv,
                )
            )
            continue
        pk, opgeslagen = gevonden
        if all(opgeslagen[v] == getattr(gegevens, v) for v in PERSOON_VELDEN):
            rv.resultaat = ONGEWIJZIGD
            continue
        persoon = Persoon(
            pk=pk,
            gezin_id=gezin.pk,
            extern_id=gegevens.extern_id,
            **{veld: getattr(gegevens, veld) for veld in PERSOON_VELDEN},
        )
        gewijzigd.append((persoon, rv))

    def mislukt(paar):
        paar[1].weiger("extern_id", str(TEGELIJK))

    def zet(resultaat):
        def klaar(paren):
            for _persoon, rv in paren:
                rv.resultaat = resultaat

        return klaar

    def aanmaken(paren):
        Persoon.objects.bulk_create([p for p, _ in paren])
        zet(AANGEMAAKT)(paren)

    def bijwerken(paren):
        Persoon.objects.bulk_update([p for p, _ in paren], list(PERSOON_VELDEN))
        zet(BIJGEWERKT)(paren)

    def opnieuw(paar):
        paar[0].pk = None
        paar[0]._state.adding = True
        aanmaken([paar])

    # Who stops being referentiepersoon first, so that a swap within one file works.
    gewijzigd.sort(key=lambda paar: paar[0].relatie == Persoon.Relatie.REFERENTIEPERSOON)
    _schrijf_in_partijen(gewijzigd, bijwerken, lambda paar: bijwerken([paar]), mislukt)
    _schrijf_in_partijen(nieuw, aanmaken, opnieuw, mislukt)
    aangeraakt = sorted(
        {
            rv.gezin_id
            for rv in verslag.rijen
            if rv.soort == "persoon" and rv.resultaat in (AANGEMAAKT, BIJGEWERKT)
        }
    )
    for stuk in _partijen(aangeraakt):
        Gezin.objects.filter(pk__in=stuk).update(laatste_activiteit=timezone.now())


VERWIJZING_VELDEN = (
    "gezin_id",
    "organisatie_id",
    "soort",
    "hulpvorm_id",
    "start",
    "einde",
    "frequentie",
    "pakket",
    "reden",
)
VASTE_VELDEN = {
    "gezin_id": "gezin",
    "organisatie_id": "initiatief",
    "soort": "soort",
    "hulpvorm_id": "hulpvorm",
    "start": "start",
}
LOPEND = (Doorverwijzing.Status.VERSTUURD, Doorverwijzing.Status.AANVAARD)


def _verwijzingen_verwerken(
    rijen: list[tuple[int, Any]], bron: Organisatie, door, gezinnen: _Gezinnen, verslag
) -> None:
    opzoeken = _Opzoeken(bron)
    gelezen: list[tuple[_VerwijzingRij, Rijverslag]] = []
    gezien: dict[str, int] = {}
    for nummer, waarden in rijen:
        rv = Rijverslag("doorverwijzing", nummer, _ruwe_id(waarden))
        verslag.rijen.append(rv)
        gegevens = _verwijzing_lezen(_Rij(waarden, rv), opzoeken)
        rv.extern_id = gegevens.extern_id or rv.extern_id
        if not _dubbel(gezien, gegevens.extern_id, nummer, rv) and rv.resultaat != GEWEIGERD:
            gelezen.append((gegevens, rv))
    gezinnen.laad_ontbrekende(bron, (v.gezin_extern_id for v, _ in gelezen))
    bestaand: dict[str, dict] = {}
    for stuk in _partijen(sorted({v.extern_id for v, _ in gelezen})):
        opgeslagen_rijen = Doorverwijzing.objects.filter(verwijzer=bron, extern_id__in=stuk)
        for opgeslagen in opgeslagen_rijen.values("pk", "extern_id", "status", *VERWIJZING_VELDEN):
            bestaand[opgeslagen["extern_id"]] = opgeslagen

    afzender = _Afzender(organisatie=bron, user=door)
    regels: dict[tuple, str] = {}
    nieuw: list[tuple[Doorverwijzing, Rijverslag]] = []
    for gegevens, rv in gelezen:
        gezin = gezinnen.zoek(gegevens.gezin_extern_id, "gezin_extern_id", rv, bron)
        if gezin is None:
            continue
        rv.gezin_id = gezin.pk
        opgeslagen = bestaand.get(gegevens.extern_id)
        if opgeslagen is not None:
            nieuwe_waarden = _verwijzing_waarden(gegevens, gezin)
            verschil = [v for v in VERWIJZING_VELDEN if opgeslagen[v] != nieuwe_waarden[v]]
            if not verschil:
                rv.resultaat = ONGEWIJZIGD
                continue
            try:
                with transaction.atomic():
                    _verwijzing_bijwerken(opgeslagen, nieuwe_waarden, verschil, afzender, rv)
            except services.DoorverwijzingFout as fout:
                rv.weiger("", str(fout))
            continue
        if fout := _regels_van_de_dienst(regels, bron, gegevens):
            rv.weiger("", fout)
            continue
        nieuw.append(
            (
                Doorverwijzing(
                    gezin_id=gezin.pk,
                    organisatie_id=gegevens.organisatie.pk,
                    verwijzer_id=bron.pk,
                    soort=gegevens.soort,
                    hulpvorm_id=gegevens.hulpvorm.pk,
                    start=gegevens.start,
                    einde=gegevens.einde,
                    frequentie=gegevens.frequentie,
                    pakket=gegevens.pakket,
                    reden=gegevens.reden,
                    extern_id=gegevens.extern_id,
                    aangemaakt_door_id=door.pk if door else None,
                ),
                rv,
            )
        )

    def aanmaken(paren):
        Doorverwijzing.objects.bulk_create([dv for dv, _ in paren])
        relaties = {
            (dv.gezin_id, organisatie_id)
            for dv, _ in paren
            for organisatie_id in (dv.organisatie_id, dv.verwijzer_id)
        }
        Gezinsrelatie.objects.bulk_create(
            [
                Gezinsrelatie(
                    gezin_id=gezin_id,
                    organisatie_id=organisatie_id,
                    reden=Gezinsrelatie.Reden.DOORVERWIJZING,
                )
                for gezin_id, organisatie_id in sorted(relaties)
            ],
            ignore_conflicts=True,
        )
        # A referral opens the file also where a pickup alone had given the desk level.
        baliezicht = Gezinsrelatie.objects.filter(
            gezin_id__in={g for g, _ in relaties}, niveau=Gezinsrelatie.Niveau.BALIE
        ).values_list("pk", "gezin_id", "organisatie_id")
        if ophogen := [pk for pk, g, o in baliezicht if (g, o) in relaties]:
            Gezinsrelatie.objects.filter(pk__in=ophogen).update(
                niveau=Gezinsrelatie.Niveau.DOSSIER, reden=Gezinsrelatie.Reden.DOORVERWIJZING
            )
        Gezin.objects.filter(pk__in={dv.gezin_id for dv, _ in paren}).update(
            laatste_activiteit=timezone.now()
        )
        for _dv, rv in paren:
            rv.resultaat = AANGEMAAKT

    def opnieuw(paar):
        paar[0].pk = None
        paar[0]._state.adding = True
        aanmaken([paar])

    def mislukt(paar):
        paar[1].weiger("extern_id", str(TEGELIJK))

    _schrijf_in_partijen(nieuw, aanmaken, opnieuw, mislukt)
    _initiatieven_verwittigen(bron, [dv for dv, rv in nieuw if rv.resultaat == AANGEMAAKT])


def _regels_van_de_dienst(regels: dict[tuple, str], bron: Organisatie, v: _VerwijzingRij) -> str:
    """The referral service's own check; its answer depends only on these values (and today)."""
    sleutel = (v.organisatie.pk, v.soort, v.hulpvorm.pk, v.start, v.einde)
    if sleutel not in regels:
        try:
            services.doorverwijzing_controleren(
                verwijzer=bron,
                organisatie=v.organisatie,
                soort=v.soort,
                hulpvorm=v.hulpvorm,
                start=v.start,
                einde=v.einde,
            )
            regels[sleutel] = ""
        except services.DoorverwijzingFout as fout:
            regels[sleutel] = str(fout)
    return regels[sleutel]


def _initiatieven_verwittigen(bron: Organisatie, nieuw: list[Doorverwijzing]) -> None:
    """One message per initiative for the whole import, not one per referral."""
    per_initiatief = Counter(dv.organisatie_id for dv in nieuw)
    Notification.objects.bulk_create(
        [
            Notification(
                organisatie_id=organisatie_id,
                tekst=ngettext(
                    "%(aantal)s nieuwe doorverwijzing van %(organisatie)s (overgenomen uit het "
                    "sociaal dossier).",
                    "%(aantal)s nieuwe doorverwijzingen van %(organisatie)s (overgenomen uit het "
                    "sociaal dossier).",
                    aantal,
                )
                % {"aantal": aantal, "organisatie": bron.naam},
                link=reverse("doorverwijzing_lijst"),
            )
            for organisatie_id, aantal in sorted(per_initiatief.items())
        ]
    )


def _verwijzing_waarden(v: _VerwijzingRij, gezin: Gezin) -> dict:
    return {
        "gezin_id": gezin.pk,
        "organisatie_id": v.organisatie.pk,
        "soort": v.soort,
        "hulpvorm_id": v.hulpvorm.pk,
        "start": v.start,
        "einde": v.einde,
        "frequentie": v.frequentie,
        "pakket": v.pakket,
        "reden": v.reden,
    }


def _verwijzing_bijwerken(
    opgeslagen: dict, nieuw: dict, verschil: list[str], afzender: _Afzender, rv: Rijverslag
) -> None:
    """What a caseworker could change in the platform: a later end, frequency, parcel, reason."""
    nummer = opgeslagen["pk"]
    vast = [VASTE_VELDEN[v] for v in verschil if v in VASTE_VELDEN]
    if vast:
        rv.weiger(
            vast[0],
            gettext(
                "Doorverwijzing %(nummer)s bestaat al met een ander(e) %(velden)s. Dat kan niet "
                "via import veranderen: stop ze in het platform en geef de nieuwe een nieuw "
                "extern id."
            )
            % {"nummer": nummer, "velden": ", ".join(vast)},
        )
        return
    if opgeslagen["status"] not in LOPEND:
        status = Doorverwijzing.Status(opgeslagen["status"]).label
        rv.weiger(
            "",
            gettext("Doorverwijzing %(nummer)s is %(status)s: ze loopt niet meer.")
            % {"nummer": nummer, "status": status},
        )
        return
    if "einde" in verschil and nieuw["einde"] < opgeslagen["einde"]:
        rv.weiger(
            "einde",
            gettext(
                "Een vroegere einddatum kan niet via import: stop de doorverwijzing in het "
                "platform."
            ),
        )
        return
    dv = Doorverwijzing.objects.select_related("verwijzer__gemeente").get(pk=nummer)
    if "einde" in verschil:
        dv = services.doorverwijzing_verlengen(
            doorverwijzing=dv, lidmaatschap=afzender, einde=nieuw["einde"]
        )
    overige = [v for v in verschil if v in ("frequentie", "pakket", "reden")]
    if overige:
        for veld in overige:
            setattr(dv, veld, nieuw[veld])
        dv.save(update_fields=overige)
    rv.resultaat = BIJGEWERKT


def dossier_importeren(
    *,
    invoer: Invoer,
    organisatie: Organisatie,
    door=None,
    alleen_controleren: bool = False,
) -> Importverslag:
    """Import households, persons and referrals for the social service `organisatie`.

    `door` is the caseworker (None for the API). With `alleen_controleren`
    everything is checked and written, then rolled back: the report is exact.
    """
    if organisatie.soort != Organisatie.Soort.SOCIALE_DIENST:
        raise Bestandsfout(
            gettext("Enkel de Sociale Dienst kan uit het sociaal dossier importeren.")
        )
    verslag = Importverslag(meldingen=list(invoer.meldingen), alleen_controleren=alleen_controleren)
    with transaction.atomic():
        gezinnen = _gezinnen_verwerken(invoer.rijen[GEZINNEN], organisatie, door, verslag)
        _personen_verwerken(invoer.rijen[PERSONEN], organisatie, gezinnen, verslag)
        _verwijzingen_verwerken(
            invoer.rijen[DOORVERWIJZINGEN], organisatie, door, gezinnen, verslag
        )
        if alleen_controleren:
            transaction.set_rollback(True)
    verslag.uitgevoerd = not alleen_controleren
    return verslag
