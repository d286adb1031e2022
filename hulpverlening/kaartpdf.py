"""Printable cards: one credit-card-sized card, or A4 sheets of ten."""

import segno
from django.utils.safestring import mark_safe

from .models import Kaart
from .pdf import pdf_van

KAARTEN_PER_VEL = 10
# ISO/IEC 7810 ID-1, the size of a bank card.
KAART_BREEDTE_MM = 85.6
KAART_HOOGTE_MM = 54.0


def qr_svg(payload: str) -> str:
    # Error correction M survives a crease or a thumb over a corner.
    return segno.make_qr(payload, error="m").svg_inline(scale=4, border=2, omitsize=True)


def kaarten_pdf(kaarten: list[Kaart], *, vel: bool) -> bytes:
    """Cards as a PDF; `vel` puts them ten to an A4 page for pre-printed batches."""
    items = [
        {
            "qr": mark_safe(qr_svg(kaart.qr_payload)),  # noqa: S308 - SVG made by segno
            "code": kaart.leesbare_code,
            "organisatie": kaart.uitgegeven_door.naam,
            "gemeente": kaart.gemeente.naam,
        }
        for kaart in kaarten
    ]
    if vel:
        paginas = [items[i : i + KAARTEN_PER_VEL] for i in range(0, len(items), KAARTEN_PER_VEL)]
        # Two columns of five, placed by position: WeasyPrint lays nested flexboxes
        # out slowly (a sheet of ten took 1.6-2 s), absolute boxes at once.
        for pagina in paginas:
            for i, item in enumerate(pagina):
                item["links_mm"] = f"{(i % 2) * KAART_BREEDTE_MM:.1f}"
                item["boven_mm"] = f"{(i // 2) * KAART_HOOGTE_MM:.1f}"
    else:
        paginas = [[item | {"links_mm": "0", "boven_mm": "0"}] for item in items]
    return pdf_van("hulpverlening/kaarten_pdf.html", {"paginas": paginas, "vel": vel})
