"""The report as PDF, XLSX and CSV, all three from the same rows."""

import csv
import io
from datetime import date

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from hulpverlening.csvexport import veilige_cel
from hulpverlening.pdf import pdf_van

from .cijfers import KLEIN_AANTAL, masker
from .models import CATEGORIEEN

UITLEG_MASKER = gettext_lazy(
    "Aantallen onder 5 (gezinnen, personen, afhalingen) staan als '<5', zodat niemand "
    "herkenbaar is in cijfers op stadsniveau."
)
UITLEG_UNIEK = gettext_lazy(
    "Unieke gezinnen en personen voor de hele stad zijn één keer geteld, ook als ze bij "
    "meerdere organisaties kwamen. De som van de organisaties is daarom groter."
)


def regels(cijfers: dict) -> list[tuple[str, str, object]]:
    """(section, label, value) rows: what every format shows, in this order.

    In the city's report every count goes through the mask, pickups too: three
    pickups at one location on one aid can be one household."""
    stad = cijfers.get("organisatie") is None
    m = masker if stad else (lambda w: w)
    bereik, overschot, vergelijking = _("Bereik"), _("Voedseloverschot"), _("Vergelijking")
    rijen = [
        (bereik, _("Unieke gezinnen"), m(cijfers["gezinnen"])),
        (bereik, _("Unieke personen"), m(cijfers["personen"])),
        (bereik, _("Volwassenen"), m(cijfers["volwassenen"])),
        (bereik, _("Kinderen 0–2 jaar"), m(cijfers["kinderen_0_2"])),
        (bereik, _("Kinderen 3–11 jaar"), m(cijfers["kinderen_3_11"])),
        (bereik, _("Kinderen 12–17 jaar"), m(cijfers["kinderen_12_17"])),
        (bereik, _("Nieuwe gezinnen"), m(cijfers["nieuwe_gezinnen"])),
        (bereik, _("Terugkerende gezinnen"), m(cijfers["terugkerende_gezinnen"])),
        (bereik, _("Doorverwezen gezinnen"), m(cijfers["verwezen_gezinnen"])),
        (bereik, _("Zelfmelders"), m(cijfers["zelfmelder_gezinnen"])),
        (_("Afhalingen"), _("Afhalingen in totaal"), m(cijfers["afhalingen"])),
    ]
    per_hulpvorm, per_locatie = _("Per hulpvorm"), _("Per locatie")
    rijen += [(per_hulpvorm, naam, m(n)) for naam, n in cijfers["afhalingen_per_hulpvorm"].items()]
    rijen += [(per_locatie, naam, m(n)) for naam, n in cijfers["afhalingen_per_locatie"].items()]
    rijen += [
        (overschot, _("%(categorie)s (kg)") % {"categorie": label}, cijfers["kg"][veld])
        for veld, label in CATEGORIEEN
    ]
    rijen += [
        (overschot, _("Totaal (kg)"), cijfers["kg_totaal"]),
        (overschot, _("Aandeel groenten en fruit (%)"), cijfers["aandeel_groenten_fruit"]),
        (overschot, _("CO₂ vermeden (kg)"), cijfers["co2_vermeden_kg"]),
        (vergelijking, _("Gezinnen vorige maand"), m(cijfers["vorige_maand"]["gezinnen"])),
        (vergelijking, _("Afhalingen vorige maand"), m(cijfers["vorige_maand"]["afhalingen"])),
        (vergelijking, _("Kg vorige maand"), cijfers["vorige_maand"]["kg_totaal"]),
        (
            vergelijking,
            _("Gezinnen zelfde maand vorig jaar"),
            m(cijfers["vorig_jaar"]["gezinnen"]),
        ),
        (
            vergelijking,
            _("Afhalingen zelfde maand vorig jaar"),
            m(cijfers["vorig_jaar"]["afhalingen"]),
        ),
        (vergelijking, _("Kg zelfde maand vorig jaar"), cijfers["vorig_jaar"]["kg_totaal"]),
    ]
    if stad:
        rijen += [
            (_("Organisaties"), _("Organisaties met afhalingen"), m(cijfers["organisaties"])),
            (
                _("Organisaties"),
                _("Som van de gezinnen per organisatie"),
                m(cijfers["som_per_organisatie"]),
            ),
        ]
        per_organisatie = _("Per organisatie")
        rijen += [
            (per_organisatie, naam, m(n)) for naam, n in cijfers["gezinnen_per_organisatie"].items()
        ]
    return [(s, label, str(w) if isinstance(w, float) else w) for s, label, w in rijen]


def _titel(cijfers: dict) -> str:
    maand = date.fromisoformat(cijfers["maand"])
    wie = cijfers["organisatie"] or _("%(gemeente)s (alle organisaties)") % {
        "gemeente": cijfers["gemeente"]
    }
    return _("FoodSavers-rapport %(maand)s · %(wie)s") % {
        "maand": formats.date_format(maand, "F Y"),
        "wie": wie,
    }


def _kolommen() -> list[str]:
    return [_("onderdeel"), _("cijfer"), _("waarde")]


def als_csv(cijfers: dict) -> bytes:
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";")
    schrijver.writerow(_kolommen())
    for sectie, label, waarde in regels(cijfers):
        schrijver.writerow([veilige_cel(sectie), veilige_cel(label), veilige_cel(waarde)])
    return ("\ufeff" + buffer.getvalue()).encode()


def als_xlsx(cijfers: dict) -> bytes:
    boek = Workbook()
    blad = boek.active
    blad.title = "FoodSavers"
    blad.append([_titel(cijfers)])
    blad["A1"].font = Font(bold=True, size=13)
    blad.append(_kolommen())
    for cel in blad[2]:
        cel.font = Font(bold=True)
    for sectie, label, waarde in regels(cijfers):
        blad.append(
            [
                veilige_cel(sectie),
                veilige_cel(label),
                waarde if isinstance(waarde, int) else veilige_cel(waarde),
            ]
        )
    blad.column_dimensions["A"].width = 18
    blad.column_dimensions["B"].width = 42
    blad.column_dimensions["C"].width = 14
    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()


def _staafdiagram(paren: list[tuple[str, float]], eenheid: str) -> str:
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
        delen.append(
            f'<text x="0" y="{y + 12}" font-size="9">{escape(naam[:28])}</text>'
            f'<rect x="170" y="{y + 2}" width="{lengte}" height="12" fill="#0b4f8a"/>'
            f'<text x="{174 + lengte}" y="{y + 12}" font-size="9">{waarde:g} {eenheid}</text>'
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
            "regels": regels(cijfers),
            "stad": cijfers["organisatie"] is None,
            "uitleg_masker": UITLEG_MASKER,
            "uitleg_uniek": UITLEG_UNIEK,
            "grafiek_kg": mark_safe(_staafdiagram(kg, "kg")),  # noqa: S308 - built from numbers
            "grafiek_hulpvorm": mark_safe(_staafdiagram(hulpvormen, "")),  # noqa: S308
        },
    )
