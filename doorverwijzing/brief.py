"""The one-page referral letter for people without a phone."""

from django.utils import timezone
from django.utils.safestring import mark_safe

from hulpverlening import audit
from hulpverlening.models import Afhaalmoment, Kaart
from hulpverlening.pdf import pdf_van

from .models import Doorverwijzing

# Without an assigned moment: the nearest ones, not the initiative's whole week.
EERSTVOLGENDE = 2


def _eerstvolgende(dv: Doorverwijzing) -> list[Afhaalmoment]:
    """The initiative's moments that come first from the referral's start (or today)."""
    vanaf = max(dv.start, timezone.localdate())
    momenten = Afhaalmoment.objects.filter(
        locatie__organisatie=dv.organisatie, locatie__actief=True, actief=True
    ).select_related("locatie")
    return sorted(momenten, key=lambda m: ((m.weekdag - vanaf.weekday()) % 7, m.start))[
        :EERSTVOLGENDE
    ]


def brief_pdf(dv: Doorverwijzing, kaart: Kaart, qr: str) -> bytes:
    """The letter with the household's names leaves the platform: an export line."""
    audit.schrijf(audit.Actie.EXPORT, [dv.gezin_id])
    momenten = [dv.afhaalmoment] if dv.afhaalmoment_id else _eerstvolgende(dv)
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
            # Who to call: the initiative about coming, the referrer about the referral.
            "contact": [dv.organisatie, dv.verwijzer],
        },
    )
