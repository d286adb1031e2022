"""Reading an import: files decoded, CSV and JSON read into rows, report objects,
and national register numbers refused before anything is stored."""

import codecs
import csv
import functools
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from hulpverlening import toestemmingsteksten

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
