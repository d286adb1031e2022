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
from dataclasses import dataclass
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


class GeenCsv(Exception):
    """The file cannot be read as a table at all."""


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
    rijen: list[Rijverslag]

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
        if self.fouten:
            return "error" if not self.bewaard else "warning"
        return "warning" if self.dubbel else "success"

    @property
    def samenvatting(self) -> str:
        if self.dubbel and not self.bewaard and not self.fouten:
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
        return " ".join(delen)


def _tekst(inhoud: bytes) -> str:
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
    tekst = (waarde or "0").strip().replace(" ", "").replace(",", ".") or "0"
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
    return getal.quantize(Decimal("0.1"))


def _kilo(getal: Decimal) -> str:
    return number_format(getal, decimal_pos=1)


def _sleutel(datum: date, velden: dict[str, Decimal]) -> tuple:
    return (datum, *(velden[veld] for veld, _label in CATEGORIEEN))


def importeren(*, organisatie: Organisatie, inhoud: bytes, door) -> Importverslag:
    with transaction.atomic():
        Organisatie.objects.select_for_update().filter(pk=organisatie.pk).first()
        try:
            return Importverslag(_importeren(organisatie, inhoud, door))
        except GeenCsv:
            return Importverslag(
                [
                    Rijverslag(
                        1,
                        False,
                        _(
                            "Dit bestand is geen CSV-tabel. Bewaar de maand in Excel met "
                            "'Opslaan als' en kies 'CSV (gescheiden door lijstscheidingsteken)'."
                        ),
                    )
                ]
            )


ONLEESBAAR = object()


def _rijen(lezer: csv.DictReader) -> Iterator[dict | object]:
    """The reader's rows, then ONLEESBAAR if a row cannot be read (the csv module
    stops there: a cell too long, a stray quote)."""
    try:
        yield from lezer
    except csv.Error:
        yield ONLEESBAAR


def _importeren(organisatie: Organisatie, inhoud: bytes, door) -> list[Rijverslag]:
    # A CSV file has no NUL bytes; a spreadsheet, picture or PDF does.
    if b"\x00" in inhoud:
        raise GeenCsv
    tekst = _tekst(inhoud)
    try:
        dialect = csv.Sniffer().sniff(tekst[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = PuntKomma
    lezer = csv.DictReader(io.StringIO(tekst), dialect=dialect)
    try:
        koppen = [k.strip().lower() for k in (lezer.fieldnames or [])]
    except csv.Error:
        raise GeenCsv from None
    ontbreekt = [k for k in KOLOMMEN if k not in koppen]
    if ontbreekt:
        return [
            Rijverslag(
                1,
                False,
                _("Kolommen ontbreken: %(kolommen)s.") % {"kolommen": ", ".join(ontbreekt)},
            )
        ]
    verslag = []
    velden_in_volgorde = ["datum", *(veld for veld, _label in CATEGORIEEN)]
    bestaand = set(
        Levering.objects.filter(organisatie=organisatie).values_list(*velden_in_volgorde)
    )
    for nummer, rij in enumerate(_rijen(lezer), start=2):
        if nummer > MAX_RIJEN + 1:
            verslag.append(
                Rijverslag(
                    nummer,
                    False,
                    _("Meer dan %(max)s rijen: de rest is niet gelezen.") % {"max": MAX_RIJEN},
                )
            )
            break
        if rij is ONLEESBAAR:
            verslag.append(
                Rijverslag(
                    nummer,
                    False,
                    _(
                        "Deze rij kan niet gelezen worden (een cel is te lang of een "
                        "aanhalingsteken staat verkeerd). De rijen erna zijn niet gelezen."
                    ),
                )
            )
            break
        # Cells beyond the header come as a list under the key None.
        rij = {(k or "").strip().lower(): (v if isinstance(v, str) else "") for k, v in rij.items()}
        if not any(v.strip() for v in rij.values()):
            continue
        try:
            velden = {veld: _kg(rij.get(veld, ""), veld) for veld, _label in CATEGORIEEN}
            datum = _datum(rij["datum"])
        except ValueError as fout:
            verslag.append(Rijverslag(nummer, False, str(fout)))
            continue
        if not any(velden.values()):
            verslag.append(
                Rijverslag(
                    nummer,
                    False,
                    _("%(datum)s: geen enkel gewicht ingevuld.") % {"datum": f"{datum:%d/%m/%Y}"},
                )
            )
            continue
        if _sleutel(datum, velden) in bestaand:
            verslag.append(
                Rijverslag(
                    nummer,
                    False,
                    _("%(datum)s: deze levering staat er al; niet nog eens geteld.")
                    % {"datum": f"{datum:%d/%m/%Y}"},
                    dubbel=True,
                )
            )
            continue
        Levering.objects.create(
            organisatie=organisatie, datum=datum, aangemaakt_door=door, **velden
        )
        verslag.append(
            Rijverslag(
                nummer,
                True,
                _("%(datum)s: %(kg)s kg bewaard.")
                % {"datum": f"{datum:%d/%m/%Y}", "kg": _kilo(sum(velden.values()))},
            )
        )
    return verslag
