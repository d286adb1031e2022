"""A month of FoodSavers deliveries from a CSV file: every row checked, good rows saved."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from hulpverlening.models import Organisatie

from .models import CATEGORIEEN, Levering

MAX_RIJEN = 2000
KOLOMMEN = ["datum", *(veld for veld, _label in CATEGORIEEN)]


class PuntKomma(csv.excel):
    """What Excel writes in Belgium."""

    delimiter = ";"


@dataclass
class Rijverslag:
    rij: int
    ok: bool
    bericht: str


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
    raise ValueError(f"'{waarde}' is geen datum (gebruik 31/01/2026 of 2026-01-31)")


def _kg(waarde: str, kolom: str) -> Decimal:
    tekst = (waarde or "0").strip().replace(" ", "").replace(",", ".") or "0"
    try:
        getal = Decimal(tekst)
    except InvalidOperation:
        raise ValueError(f"{kolom}: '{waarde}' is geen getal") from None
    if getal < 0 or getal > 50000:
        raise ValueError(f"{kolom}: {waarde} kg kan niet")
    return getal.quantize(Decimal("0.1"))


def importeren(*, organisatie: Organisatie, inhoud: bytes, door) -> list[Rijverslag]:
    tekst = _tekst(inhoud)
    try:
        dialect = csv.Sniffer().sniff(tekst[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = PuntKomma
    lezer = csv.DictReader(io.StringIO(tekst), dialect=dialect)
    koppen = [k.strip().lower() for k in (lezer.fieldnames or [])]
    ontbreekt = [k for k in KOLOMMEN if k not in koppen]
    if ontbreekt:
        return [Rijverslag(1, False, f"Kolommen ontbreken: {', '.join(ontbreekt)}.")]
    verslag = []
    for nummer, rij in enumerate(lezer, start=2):
        if nummer > MAX_RIJEN + 1:
            verslag.append(
                Rijverslag(nummer, False, f"Meer dan {MAX_RIJEN} rijen: de rest is niet gelezen.")
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
        with transaction.atomic():
            Levering.objects.create(
                organisatie=organisatie, datum=datum, aangemaakt_door=door, **velden
            )
        verslag.append(
            Rijverslag(nummer, True, f"{datum:%d/%m/%Y}: {sum(velden.values())} kg bewaard.")
        )
    return verslag
