"""A month of FoodSavers deliveries from a CSV file: every row checked, good rows saved.

A row that is already among the organisation's deliveries (same date, same
kilos in every category) is not saved again: importing the same month twice
doubled the kilos in the FoodSavers report. Imports of one organisation run
one at a time (a lock on its row), so two uploads at once cannot both miss
the other's rows.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hulpverlening.models import Organisatie

from .models import CATEGORIEEN, Levering

MAX_RIJEN = 2000
# A month of deliveries is a few kilobytes; 2,000 rows stay far below this.
MAX_BYTES = 512 * 1024
KOLOMMEN = ["datum", *(veld for veld, _label in CATEGORIEEN)]
# Corrections of last year's months still come in; older dates are typing errors.
MAX_OUDERDOM = timedelta(days=730)


class Bestandsfout(Exception):
    """The file as a whole cannot be read; the message says why, for the coordinator."""


class PuntKomma(csv.excel):
    """What Excel writes in Belgium."""

    delimiter = ";"


@dataclass
class Rijverslag:
    rij: int
    ok: bool
    bericht: str
    dubbel: bool = False


@dataclass
class Importverslag:
    rijen: list[Rijverslag] = field(default_factory=list)
    # The file as a whole could not be read: nothing was saved.
    bestandsfout: str = ""
    # Rows after MAX_RIJEN, or after a row that ends the reading.
    niet_gelezen: int = 0
    waarom_niet_gelezen: str = ""

    @property
    def bewaard(self) -> int:
        return sum(1 for r in self.rijen if r.ok)

    @property
    def dubbel(self) -> int:
        return sum(1 for r in self.rijen if r.dubbel)

    @property
    def fouten(self) -> int:
        return sum(1 for r in self.rijen if not r.ok and not r.dubbel)

    @property
    def toon(self) -> str:
        """The colour of the summary: green only when every row was saved."""
        if self.bestandsfout:
            return "error"
        if self.fouten or self.niet_gelezen:
            return "error" if not self.bewaard else "warning"
        return "warning" if self.dubbel or not self.rijen else "success"

    @property
    def samenvatting(self) -> str:
        if self.bestandsfout:
            return self.bestandsfout
        if not self.rijen and not self.niet_gelezen:
            return _("Het bestand heeft geen leveringen: er staat enkel een kop in.")
        if self.dubbel and not self.bewaard and not self.fouten and not self.niet_gelezen:
            return _(
                "Deze leveringen stonden er al: niets bijgeteld. Was dit bestand al eens ingelezen?"
            )
        delen = [
            ngettext("%(n)s rij bewaard.", "%(n)s rijen bewaard.", self.bewaard)
            % {"n": self.bewaard}
        ]
        if self.dubbel:
            delen.append(
                ngettext(
                    "%(n)s rij stond er al en is niet nog eens geteld.",
                    "%(n)s rijen stonden er al en zijn niet nog eens geteld.",
                    self.dubbel,
                )
                % {"n": self.dubbel}
            )
        if self.fouten:
            delen.append(
                ngettext(
                    "%(n)s rij heeft een fout en is niet bewaard: verbeter ze en lees "
                    "het bestand opnieuw in (wat al bewaard is, telt niet dubbel).",
                    "%(n)s rijen hebben een fout en zijn niet bewaard: verbeter ze en lees "
                    "het bestand opnieuw in (wat al bewaard is, telt niet dubbel).",
                    self.fouten,
                )
                % {"n": self.fouten}
            )
        if self.niet_gelezen:
            delen.append(
                ngettext(
                    "%(n)s rij is niet gelezen.",
                    "%(n)s rijen zijn niet gelezen.",
                    self.niet_gelezen,
                )
                % {"n": self.niet_gelezen}
            )
            if self.waarom_niet_gelezen:
                delen.append(self.waarom_niet_gelezen)
        return " ".join(delen)


def _tekst(inhoud: bytes) -> str:
    # Excel's "Unicode-tekst" is UTF-16 with a byte order mark.
    if inhoud.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return inhoud.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for codering in ("utf-8-sig", "cp1252"):
        try:
            return inhoud.decode(codering)
        except UnicodeDecodeError:
            continue
    return inhoud.decode("latin-1")


def _datum(waarde: str) -> date:
    for formaat in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            datum = datetime.strptime(waarde.strip(), formaat).date()
        except ValueError:
            continue
        break
    else:
        raise ValueError(
            _("'%(waarde)s' is geen datum (gebruik 31/01/2026 of 2026-01-31)")
            % {"waarde": _kort(waarde)}
        )
    vandaag = timezone.localdate()
    if datum > vandaag:
        raise ValueError(_("%(datum)s ligt in de toekomst.") % {"datum": f"{datum:%d/%m/%Y}"})
    if datum < vandaag - MAX_OUDERDOM:
        raise ValueError(
            _("%(datum)s ligt meer dan twee jaar terug. Kijk het jaartal na.")
            % {"datum": f"{datum:%d/%m/%Y}"}
        )
    return datum


def _kort(waarde: str) -> str:
    """A cell as it can be shown back: a pasted essay is cut."""
    return waarde if len(waarde) <= 40 else waarde[:40] + "…"


def _kg(waarde: str, kolom: str) -> Decimal:
    tekst = (waarde or "0").strip().replace(" ", "") or "0"
    if "," in tekst:
        # 1.250,5 as Belgian Excel writes it: points group thousands, the comma is decimal.
        tekst = tekst.replace(".", "").replace(",", ".")
    try:
        getal = Decimal(tekst)
    except InvalidOperation:
        getal = None
    # NaN and Infinity parse as Decimals but are no weight.
    if getal is None or not getal.is_finite():
        raise ValueError(
            _("%(kolom)s: '%(waarde)s' is geen getal") % {"kolom": kolom, "waarde": _kort(waarde)}
        )
    if getal < 0 or getal > 50000:
        raise ValueError(
            _("%(kolom)s: %(waarde)s kg kan niet") % {"kolom": kolom, "waarde": _kort(waarde)}
        )
    if getal != getal.quantize(Decimal("0.1")):
        # 1.250 in a Belgian file most likely means 1250 kg: never round it to 1,3.
        raise ValueError(
            _(
                "%(kolom)s: %(waarde)s heeft meer dan 1 cijfer na de komma. Bedoelt u "
                "duizendtallen, schrijf dan 1250 of 1.250,0."
            )
            % {"kolom": kolom, "waarde": _kort(waarde)}
        )
    return getal.quantize(Decimal("0.1"))


def _kilo(getal: Decimal) -> str:
    return number_format(getal, decimal_pos=1)


def _sleutel(datum: date, velden: dict[str, Decimal]) -> tuple:
    return (datum, *(velden[veld] for veld, _label in CATEGORIEEN))


def importeren(*, organisatie: Organisatie, inhoud: bytes, door) -> Importverslag:
    with transaction.atomic():
        Organisatie.objects.select_for_update().filter(pk=organisatie.pk).first()
        try:
            return _importeren(organisatie, inhoud, door)
        except Bestandsfout as fout:
            return Importverslag(bestandsfout=str(fout))


GEEN_CSV = _(
    "Dit bestand is geen CSV-tabel. Bewaar de maand in Excel met 'Opslaan als' en kies "
    "'CSV (gescheiden door lijstscheidingsteken)'."
)


def _dialect(tekst: str) -> type[csv.Dialect] | csv.Dialect:
    """The separator is the one that splits the header into our columns; else a guess."""
    kop = tekst.split("\n", 1)[0]
    for teken in (";", "\t", ","):
        if set(KOLOMMEN) <= {k.strip().strip('"').lower() for k in kop.split(teken)}:

            class Gevonden(csv.excel):
                delimiter = teken

            return Gevonden
    try:
        return csv.Sniffer().sniff(tekst[:2048], delimiters=";,\t")
    except csv.Error:
        return PuntKomma


class _Stop(Exception):
    """This row ends the reading of the file; the message says why."""


def _rijen(lezer: csv.DictReader) -> Iterator[tuple[int, dict | _Stop]]:
    """(row number, row) for every row; a row the csv module cannot read ends it with a
    _Stop (a cell too long, a stray quote at the end of the file)."""
    nummer = 1
    try:
        for rij in lezer:
            nummer += 1
            yield nummer, rij
    except csv.Error:
        yield (
            nummer + 1,
            _Stop(
                _(
                    "Deze rij kan niet gelezen worden (een cel is te lang of een "
                    "aanhalingsteken staat verkeerd). De rijen erna zijn niet gelezen."
                )
            ),
        )


def _cellen(rij: dict, koppen: int) -> dict[str, str]:
    """The row's cells by column; a row with more or fewer cells than the header, or
    with a line break in a cell, raises ValueError or _Stop."""
    waarden = [v for v in rij.values() if isinstance(v, str)] + list(rij.get(None) or [])
    if any("\n" in v or "\r" in v for v in waarden):
        # An opening quote without its closing one swallows the next rows into this cell.
        raise _Stop(
            _(
                'Een aanhalingsteken (") in deze rij staat verkeerd: de rij loopt door in de '
                "volgende. De rijen erna zijn niet gelezen; verbeter het bestand."
            )
        )
    extra = rij.get(None) or []
    ontbreekt = sum(1 for k, v in rij.items() if k is not None and v is None)
    if extra or ontbreekt:
        aantal = koppen + len(extra) - ontbreekt
        raise ValueError(
            _(
                "Deze rij heeft %(n)s cellen, de kop %(kop)s. Staat er een getal met een komma "
                "in een bestand dat met komma's scheidt? Zet het dan tussen aanhalingstekens."
            )
            % {"n": aantal, "kop": koppen}
        )
    return {(k or "").strip().lower(): v for k, v in rij.items() if k is not None}


def _importeren(organisatie: Organisatie, inhoud: bytes, door) -> Importverslag:
    tekst = _tekst(inhoud)
    # A CSV file has no NUL characters; a spreadsheet, picture or PDF does.
    if "\x00" in tekst:
        raise Bestandsfout(GEEN_CSV)
    lezer = csv.DictReader(io.StringIO(tekst), dialect=_dialect(tekst))
    try:
        koppen = [k.strip().lower() for k in (lezer.fieldnames or [])]
    except csv.Error:
        raise Bestandsfout(GEEN_CSV) from None
    ontbreekt = [k for k in KOLOMMEN if k not in koppen]
    if ontbreekt:
        raise Bestandsfout(
            _("Kolommen ontbreken: %(kolommen)s.") % {"kolommen": ", ".join(ontbreekt)}
        )
    verslag = Importverslag()
    velden_in_volgorde = ["datum", *(veld for veld, _label in CATEGORIEEN)]
    bestaand = set(
        Levering.objects.filter(organisatie=organisatie).values_list(*velden_in_volgorde)
    )
    in_dit_bestand: set[tuple] = set()
    rijen = _rijen(lezer)
    for nummer, rij in rijen:
        if nummer > MAX_RIJEN + 1:
            verslag.niet_gelezen = 1 + sum(1 for _ in rijen)
            verslag.waarom_niet_gelezen = _(
                "Een bestand heeft hoogstens %(max)s rijen. Splits het bestand, bijvoorbeeld "
                "per maand, en lees de rest apart in."
            ) % {"max": MAX_RIJEN}
            break
        try:
            if isinstance(rij, _Stop):
                raise rij
            cellen = _cellen(rij, len(koppen))
        except _Stop as stop:
            verslag.rijen.append(Rijverslag(nummer, False, str(stop)))
            verslag.niet_gelezen = sum(1 for _ in rijen)
            break
        except ValueError as fout:
            verslag.rijen.append(Rijverslag(nummer, False, str(fout)))
            continue
        if not any(v.strip() for v in cellen.values()):
            continue
        try:
            velden = {veld: _kg(cellen.get(veld, ""), veld) for veld, _label in CATEGORIEEN}
            datum = _datum(cellen["datum"])
        except ValueError as fout:
            verslag.rijen.append(Rijverslag(nummer, False, str(fout)))
            continue
        dag = f"{datum:%d/%m/%Y}"
        if not any(velden.values()):
            verslag.rijen.append(
                Rijverslag(
                    nummer, False, _("%(datum)s: geen enkel gewicht ingevuld.") % {"datum": dag}
                )
            )
            continue
        sleutel = _sleutel(datum, velden)
        if sleutel in bestaand or sleutel in in_dit_bestand:
            bericht = (
                _("%(datum)s: deze levering staat er al; niet nog eens geteld.")
                if sleutel in bestaand
                else _("%(datum)s: deze levering staat hoger al in dit bestand; één keer geteld.")
            )
            verslag.rijen.append(Rijverslag(nummer, False, bericht % {"datum": dag}, dubbel=True))
            continue
        in_dit_bestand.add(sleutel)
        Levering.objects.create(
            organisatie=organisatie, datum=datum, aangemaakt_door=door, **velden
        )
        verslag.rijen.append(
            Rijverslag(
                nummer,
                True,
                _("%(datum)s: %(kg)s kg bewaard.")
                % {"datum": dag, "kg": _kilo(sum(velden.values()))},
            )
        )
    return verslag
