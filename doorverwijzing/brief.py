"""The one-page referral letter for people without a phone."""

from django.utils import timezone
from django.utils.safestring import mark_safe

from hulpverlening import audit
from hulpverlening.models import Afhaalmoment, Kaart
from hulpverlening.pdf import pdf_van

from .models import Doorverwijzing


def brief_pdf(dv: Doorverwijzing, kaart: Kaart, qr: str) -> bytes:
    """The letter with the household's names leaves the platform: an export line."""
    audit.schrijf(audit.Actie.EXPORT, [dv.gezin_id])
    if dv.afhaalmoment_id:
        momenten = [dv.afhaalmoment]
    else:
        momenten = list(
            Afhaalmoment.objects.filter(locatie__organisatie=dv.organisatie, actief=True)
            .select_related("locatie")
            .order_by("weekdag", "start")
        )
    referentie = dv.gezin.referentiepersoon
    return pdf_van(
        "doorverwijzing/brief_pdf.html",
        {
            "dv": dv,
            "kaart": kaart,
            "qr": mark_safe(qr),  # noqa: S308 - SVG made by segno
            "momenten": momenten,
            "naam": f"{referentie.voornaam} {referentie.achternaam}" if referentie else "",
            "vandaag": timezone.localdate(),
        },
    )
