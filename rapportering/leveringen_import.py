"""A month of FoodSavers deliveries from a CSV file: every row checked, good rows saved.

A row that is already among the organisation's deliveries (same date, same
kilos in every category) is not saved again: importing the same month twice
doubled the kilos in the FoodSavers report. Imports of one organisation run
one at a time (a lock on its row), so two uploads at once cannot both miss
the other's rows.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hulpverlening.models import Organisatie

from .models import CATEGORIEEN, Levering

MAX_RIJEN = 2000
# A month of deliveries is a few kilobytes; 2,000 rows stay far below this.
MAX_BYTES = 512 * 1024
KOLOMMEN = ["datum", *(veld for veld, _label in CATEGORIEEN)]


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
    def samenvatting(self) -> str:
        if self.dubbel and not self.bewaard:
            return _(
                "Deze leveringen stonden er al: niets bijgeteld. Was dit bestand al eens ingelezen?"
            )
        bewaard = ngettext("%(n)s rij bewaard.", "%(n)s rijen bewaard.", self.bewaard) % {
            "n": self.bewaard
        }
        if self.dubbel:
            dubbel = ngettext(
                "%(n)s rij stond er al en is niet nog eens geteld.",
                "%(n)s rijen stonden er al en zijn niet nog eens geteld.",
                self.dubbel,
            ) % {"n": self.dubbel}
            return f"{bewaard} {dubbel}"
        return bewaard


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
            return datetime.strptime(waarde.strip(), formaat).date()
        except ValueError:
            continue
    raise ValueError(
        _("'%(waarde)s' is geen datum (gebruik 31/01/2026 of 2026-01-31)") % {"waarde": waarde}
    )


def _kg(waarde: str, kolom: str) -> Decimal:
    tekst = (waarde or "0").strip().replace(" ", "").replace(",", ".") or "0"
    try:
        getal = Decimal(tekst)
    except InvalidOperation:
        raise ValueError(
            _("%(kolom)s: '%(waarde)s' is geen getal") % {"kolom": kolom, "waarde": waarde}
        ) from None
    if getal < 0 or getal > 50000:
        raise ValueError(
            _("%(kolom)s: %(waarde)s kg kan niet") % {"kolom": kolom, "waarde": waarde}
        )
    return getal.quantize(Decimal("0.1"))


def _sleutel(datum: date, velden: dict[str, Decimal]) -> tuple:
    return (datum, *(velden[veld] for veld, _label in CATEGORIEEN))


def importeren(*, organisatie: Organisatie, inhoud: bytes, door) -> Importverslag:
    with transaction.atomic():
        Organisatie.objects.select_for_update().filter(pk=organisatie.pk).first()
        return Importverslag(_importeren(organisatie, inhoud, door))


def _importeren(organisatie: Organisatie, inhoud: bytes, door) -> list[Rijverslag]:
    tekst = _tekst(inhoud)
    try:
        dialect = csv.Sniffer().sniff(tekst[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = PuntKomma
    lezer = csv.DictReader(io.StringIO(tekst), dialect=dialect)
    koppen = [k.strip().lower() for k in (lezer.fieldnames or [])]
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
    for nummer, rij in enumerate(lezer, start=2):
        if nummer > MAX_RIJEN + 1:
            verslag.append(
                Rijverslag(
                    nummer,
                    False,
                    _("Meer dan %(max)s rijen: de rest is niet gelezen.") % {"max": MAX_RIJEN},
                )
            )
            break
        rij = {(k or "").strip().lower(): (v or "") for k, v in rij.items()}
        if not any(v.strip() for v in rij.values()):
            continue
        try:
            velden = {veld: _kg(rij.get(veld, ""), veld) for veld, _label in CATEGORIEEN}
            datum = _datum(rij["datum"])
        except ValueError as fout:
            verslag.append(Rijverslag(nummer, False, str(fout)))
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
                % {"datum": f"{datum:%d/%m/%Y}", "kg": sum(velden.values())},
            )
        )
    return verslag
