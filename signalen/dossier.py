"""The dossier for the council (PDF) and the same selection as CSV."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hulpverlening.models import Gemeente
from hulpverlening.pdf import pdf_van

from . import bewijs
from .prioriteit import FORMULE, TREND_FORMULE
from .queries import SignaalMetPrioriteit

CSV_KOLOMMEN = [
    _("signaal"),
    _("titel"),
    _("status"),
    _("ernst"),
    _("prioriteit"),
    _("melding"),
    _("gemeld op"),
    _("thema's"),
    _("wijk"),
    _("postcode"),
    _("hoeveel mensen"),
    _("hoe vaak"),
    _("organisatie"),
    _("wat gezien"),
]


def _signaal_gegevens(rij: SignaalMetPrioriteit) -> dict:
    signaal = rij.signaal
    meldingen = list(
        signaal.meldingen.select_related("organisatie")
        .prefetch_related("themas")
        .order_by("gemeld_op")
    )
    return {
        "signaal": signaal,
        "prioriteit": rij.prioriteit,
        "meldingen": meldingen,
        "organisaties": sorted({m.organisatie.naam for m in meldingen if m.organisatie}),
        "gebieden": sorted({m.gebied for m in meldingen if m.gebied}),
        "acties": list(signaal.acties.select_related("door_organisatie")),
        "bewijs": bewijs.bewijs_voor(
            signaal.gemeente,
            themas={t.slug for t in signaal.themas.all()},
            postcodes={m.postcode for m in meldingen if m.postcode},
        ),
    }


def dossier_pdf(gemeente: Gemeente, selectie: list[SignaalMetPrioriteit]) -> bytes:
    return pdf_van(
        "signalen/dossier_pdf.html",
        {
            "gemeente": gemeente,
            "signalen": [_signaal_gegevens(rij) for rij in selectie],
            "vandaag": timezone.localdate(),
            "formule": FORMULE,
            "trend_formule": TREND_FORMULE,
        },
    )


def csv_rijen(selectie: list[SignaalMetPrioriteit]) -> Iterator[list]:
    for rij in selectie:
        signaal = rij.signaal
        meldingen = signaal.meldingen.select_related("organisatie").prefetch_related("themas")
        for melding in meldingen.order_by("gemeld_op"):
            yield [
                signaal.pk,
                signaal.titel,
                signaal.get_status_display(),
                signaal.ernst,
                rij.prioriteit.weergave,
                melding.pk,
                timezone.localtime(melding.gemeld_op).strftime("%Y-%m-%d"),
                ", ".join(t.naam for t in melding.themas.all()),
                melding.wijk,
                melding.postcode,
                melding.get_omvang_display(),
                melding.get_frequentie_display(),
                melding.organisatie.naam if melding.organisatie else "",
                melding.tekst,
            ]
