"""The report as PDF, XLSX and CSV, all three from the same rows."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from hulpverlening.csvexport import veilige_cel
from hulpverlening.pdf import pdf_van

from .cijfers import KLEIN_AANTAL
from .models import CATEGORIEEN

AANTAL, KG, PROCENT, TEKST = "aantal", "kg", "procent", "tekst"
MASKER = f"<{KLEIN_AANTAL}"

UITLEG_MASKER = gettext_lazy(
    "Aantallen onder 5 (gezinnen, personen, afhalingen) staan als '<5', zodat niemand "
    "herkenbaar is in cijfers op stadsniveau."
)
UITLEG_UNIEK = gettext_lazy(
    "Unieke gezinnen en personen voor de hele stad zijn één keer geteld, ook als ze bij "
    "meerdere organisaties kwamen. De som van de organisaties is daarom groter."
)


@dataclass(frozen=True)
class Regel:
    """One figure of the report: where it belongs, what it is, its value and its kind.

    The value is the real number; whether it is shown is `gemaskeerd`, so a
    spreadsheet gets numbers and a person reads '<5'."""

    sectie: str
    label: str
    waarde: object
    soort: str = AANTAL
    gemaskeerd: bool = False

    def getoond(self, *, groeperen: bool) -> str:
        if self.gemaskeerd:
            return MASKER
        return getal(self.waarde, self.soort, groeperen=groeperen)


def getal(waarde, soort: str, *, groeperen: bool) -> str:
    """Belgian notation: a decimal comma; a thousands point only where a person reads it.

    A CSV gets no thousands point: another program could read '1.234' as 1.234."""
    if soort == TEKST:
        return str(waarde)
    decimalen = 0 if soort == AANTAL else 1
    return formats.number_format(
        waarde, decimal_pos=decimalen, use_l10n=True, force_grouping=groeperen
    )


def _klein(waarde) -> bool:
    return isinstance(waarde, int) and not isinstance(waarde, bool) and 0 < waarde < KLEIN_AANTAL


def periode(cijfers: dict, maand_iso: str | None = None) -> str:
    """'december 2026', or 'december 2026 (onvolledig, tot 4 december 2026)'."""
    maand = date.fromisoformat(maand_iso or cijfers["maand"])
    naam = formats.date_format(maand, "F Y")
    tot = cijfers.get("onvolledig_tot") if maand_iso is None else None
    if tot:
        return _("%(maand)s (onvolledig, tot %(dag)s)") % {
            "maand": naam,
            "dag": formats.date_format(date.fromisoformat(tot), "j F Y"),
        }
    return naam


def regels(cijfers: dict) -> list[Regel]:
    """Every figure every format shows, in this order.

    In the city's report every count goes through the mask, pickups too: three
    pickups at one location on one aid can be one household."""
    stad = cijfers.get("organisatie") is None

    def r(sectie, label, waarde, soort=AANTAL) -> Regel:
        return Regel(sectie, label, waarde, soort, stad and soort == AANTAL and _klein(waarde))

    bereik, overschot, vergelijking = _("Bereik"), _("Voedseloverschot"), _("Vergelijking")
    rijen = [
        r(_("Periode"), _("Maand"), periode(cijfers), TEKST),
        r(bereik, _("Unieke gezinnen"), cijfers["gezinnen"]),
        r(bereik, _("Unieke personen"), cijfers["personen"]),
        r(bereik, _("Volwassenen"), cijfers["volwassenen"]),
        r(bereik, _("Kinderen 0–2 jaar"), cijfers["kinderen_0_2"]),
        r(bereik, _("Kinderen 3–11 jaar"), cijfers["kinderen_3_11"]),
        r(bereik, _("Kinderen 12–17 jaar"), cijfers["kinderen_12_17"]),
        r(bereik, _("Nieuwe gezinnen"), cijfers["nieuwe_gezinnen"]),
        r(bereik, _("Terugkerende gezinnen"), cijfers["terugkerende_gezinnen"]),
        r(bereik, _("Doorverwezen gezinnen"), cijfers["verwezen_gezinnen"]),
        r(bereik, _("Zelfmelders"), cijfers["zelfmelder_gezinnen"]),
        r(_("Afhalingen"), _("Afhalingen in totaal"), cijfers["afhalingen"]),
    ]
    per_hulpvorm, per_locatie = _("Per hulpvorm"), _("Per locatie")
    rijen += [r(per_hulpvorm, naam, n) for naam, n in cijfers["afhalingen_per_hulpvorm"].items()]
    rijen += [r(per_locatie, naam, n) for naam, n in cijfers["afhalingen_per_locatie"].items()]
    rijen += [
        r(overschot, _("%(categorie)s (kg)") % {"categorie": label}, cijfers["kg"][veld], KG)
        for veld, label in CATEGORIEEN
    ]
    rijen += [
        r(overschot, _("Totaal (kg)"), cijfers["kg_totaal"], KG),
        r(
            overschot,
            _("Aandeel groenten en fruit (%)"),
            cijfers["aandeel_groenten_fruit"],
            PROCENT,
        ),
        r(overschot, _("CO₂ vermeden (kg)"), cijfers["co2_vermeden_kg"], KG),
        r(vergelijking, _("Gezinnen vorige maand"), cijfers["vorige_maand"]["gezinnen"]),
        r(vergelijking, _("Afhalingen vorige maand"), cijfers["vorige_maand"]["afhalingen"]),
        r(vergelijking, _("Kg vorige maand"), cijfers["vorige_maand"]["kg_totaal"], KG),
        r(vergelijking, _("Gezinnen zelfde maand vorig jaar"), cijfers["vorig_jaar"]["gezinnen"]),
        r(
            vergelijking,
            _("Afhalingen zelfde maand vorig jaar"),
            cijfers["vorig_jaar"]["afhalingen"],
        ),
        r(vergelijking, _("Kg zelfde maand vorig jaar"), cijfers["vorig_jaar"]["kg_totaal"], KG),
    ]
    if stad:
        organisaties, per_organisatie = _("Organisaties"), _("Per organisatie")
        rijen += [
            r(organisaties, _("Organisaties met afhalingen"), cijfers["organisaties"]),
            r(
                organisaties,
                _("Som van de gezinnen per organisatie"),
                cijfers["som_per_organisatie"],
            ),
        ]
        rijen += [
            r(per_organisatie, naam, n) for naam, n in cijfers["gezinnen_per_organisatie"].items()
        ]
    return rijen


def _titel(cijfers: dict) -> str:
    wie = cijfers["organisatie"] or _("%(gemeente)s (alle organisaties)") % {
        "gemeente": cijfers["gemeente"]
    }
    return _("FoodSavers-rapport %(maand)s · %(wie)s") % {"maand": periode(cijfers), "wie": wie}


def _kolommen() -> list[str]:
    return [_("onderdeel"), _("cijfer"), _("waarde")]


def als_csv(cijfers: dict) -> bytes:
    """Semicolons and decimal commas: what Excel in Belgium opens as numbers."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";")
    schrijver.writerow(_kolommen())
    for regel in regels(cijfers):
        schrijver.writerow(
            [
                veilige_cel(regel.sectie),
                veilige_cel(regel.label),
                veilige_cel(regel.getoond(groeperen=False)),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode()


NUMMERFORMAAT = {AANTAL: "#,##0", KG: "#,##0.0", PROCENT: "0.0"}


def _tabelblad(boek: Workbook, titel: str, kop: str, kolommen: list[str]):
    """A sheet with the report's title above a bold, frozen, filterable header."""
    blad = boek.create_sheet(titel)
    blad.append([kop])
    blad["A1"].font = Font(bold=True, size=13)
    blad.append(kolommen)
    for cel in blad[2]:
        cel.font = Font(bold=True)
    blad.freeze_panes = "A3"
    return blad


def _zet(cel, waarde, soort: str, gemaskeerd: bool = False) -> None:
    if gemaskeerd:
        cel.value = None
        cel.comment = Comment(str(UITLEG_MASKER), "FoodSavers")
    elif soort == TEKST:
        cel.value = veilige_cel(waarde)
    else:
        cel.value = waarde
        cel.number_format = NUMMERFORMAAT[soort]


def _afwerken(blad, breedtes: list[int]) -> None:
    blad.auto_filter.ref = f"A2:{get_column_letter(blad.max_column)}{max(blad.max_row, 2)}"
    for i, breedte in enumerate(breedtes, start=1):
        blad.column_dimensions[get_column_letter(i)].width = breedte


def als_xlsx(cijfers: dict) -> bytes:
    """Numbers as numbers (SUM and charts work), '<5' in its own column, one sheet per table."""
    stad = cijfers.get("organisatie") is None
    boek = Workbook()
    boek.remove(boek.active)
    kop = _titel(cijfers)

    blad = _tabelblad(boek, _("Overzicht"), kop, [*_kolommen(), _("opmerking")])
    for regel in regels(cijfers):
        blad.append([veilige_cel(regel.sectie), veilige_cel(regel.label)])
        _zet(blad.cell(blad.max_row, 3), regel.waarde, regel.soort, regel.gemaskeerd)
        if regel.gemaskeerd:
            blad.cell(blad.max_row, 4, MASKER)
    _afwerken(blad, [18, 42, 16, 12])

    kg_kolommen = [_("%(categorie)s (kg)") % {"categorie": label} for _v, label in CATEGORIEEN]
    blad = _tabelblad(
        boek,
        _("Per organisatie"),
        kop,
        [_("organisatie"), _("gezinnen"), _("afhalingen"), *kg_kolommen, _("totaal (kg)")],
    )
    for rij in cijfers["per_organisatie"]:
        blad.append([veilige_cel(rij["organisatie"])])
        n = blad.max_row
        for kolom, veld in enumerate(["gezinnen", "afhalingen"], start=2):
            _zet(blad.cell(n, kolom), rij[veld], AANTAL, stad and _klein(rij[veld]))
        for kolom, veld in enumerate([v for v, _l in CATEGORIEEN] + ["kg_totaal"], start=4):
            _zet(blad.cell(n, kolom), rij[veld], KG)
    _afwerken(blad, [34, 11, 11, *[16] * len(CATEGORIEEN), 13])

    blad = _tabelblad(
        boek,
        _("Per maand"),
        kop,
        [_("maand"), _("gezinnen"), _("afhalingen"), _("totaal (kg)"), _("opmerking")],
    )
    for rij in cijfers["per_maand"]:
        blad.append([date.fromisoformat(rij["maand"])])
        n = blad.max_row
        blad.cell(n, 1).number_format = "mmmm yyyy"
        for kolom, veld in enumerate(["gezinnen", "afhalingen"], start=2):
            _zet(blad.cell(n, kolom), rij[veld], AANTAL, stad and _klein(rij[veld]))
        _zet(blad.cell(n, 4), rij["kg_totaal"], KG)
        if rij["onvolledig_tot"]:
            blad.cell(n, 5, periode(rij))
    _afwerken(blad, [16, 11, 11, 13, 44])

    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()


def _staafdiagram(paren: list[tuple[str, float]], eenheid: str, soort: str) -> str:
    """A small horizontal bar chart as inline SVG (no JavaScript, prints sharply)."""
    if not paren:
        return ""
    hoogste = max(w for _n, w in paren) or 1
    rij, breedte = 18, 300
    label = escape(_("staafdiagram in %(eenheid)s") % {"eenheid": eenheid})
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="520" height="{rij * len(paren) + 4}" '
        f'role="img" aria-label="{label}">'
    ]
    for i, (naam, waarde) in enumerate(paren):
        y = i * rij + 2
        lengte = round(waarde / hoogste * breedte)
        tekst = getal(waarde, soort, groeperen=True)
        delen.append(
            f'<text x="0" y="{y + 12}" font-size="9">{escape(naam[:28])}</text>'
            f'<rect x="170" y="{y + 2}" width="{lengte}" height="12" fill="#0b4f8a"/>'
            f'<text x="{174 + lengte}" y="{y + 12}" font-size="9">{tekst} {eenheid}</text>'
        )
    delen.append("</svg>")
    return "".join(delen)


def als_pdf(cijfers: dict) -> bytes:
    kg = [(str(label), cijfers["kg"][veld]) for veld, label in CATEGORIEEN]
    hulpvormen = list(cijfers["afhalingen_per_hulpvorm"].items())
    if cijfers["organisatie"] is None:
        # A bar shows its number: in the city's report small ones are left out of
        # the chart (the table says "<5" for them).
        hulpvormen = [(naam, n) for naam, n in hulpvormen if n >= KLEIN_AANTAL]
    return pdf_van(
        "rapportering/rapport_pdf.html",
        {
            "titel": _titel(cijfers),
            "cijfers": cijfers,
            "regels": [(r.sectie, r.label, r.getoond(groeperen=True)) for r in regels(cijfers)],
            "stad": cijfers["organisatie"] is None,
            "uitleg_masker": UITLEG_MASKER,
            "uitleg_uniek": UITLEG_UNIEK,
            "grafiek_kg": mark_safe(_staafdiagram(kg, "kg", KG)),  # noqa: S308 - built from numbers
            "grafiek_hulpvorm": mark_safe(_staafdiagram(hulpvormen, "", AANTAL)),  # noqa: S308
        },
    )
