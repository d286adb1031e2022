"""The one place that decides which personal data a user may see.

Every view that shows a household, a person or a card asks this module, with
the user's active Lidmaatschap. Objects outside the scope raise Http404, never
403, so nobody can learn that another organisation's household exists.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from . import kaartcodes
from .models import Gezin, Kaart, Lidmaatschap, Persoon


def _vereist_gezinsgegevens(lidmaatschap: Lidmaatschap | None) -> Lidmaatschap:
    if lidmaatschap is None or not lidmaatschap.ziet_gezinsgegevens:
        raise PermissionDenied("Deze rol ziet geen gegevens van gezinnen.")
    return lidmaatschap


def gezinnen(lidmaatschap: Lidmaatschap | None) -> QuerySet[Gezin]:
    lidmaatschap = _vereist_gezinsgegevens(lidmaatschap)
    return Gezin.objects.zichtbaar_voor(lidmaatschap.organisatie)


def gezin_of_404(lidmaatschap: Lidmaatschap | None, pk: int | str) -> Gezin:
    try:
        return gezinnen(lidmaatschap).prefetch_related("personen").get(pk=pk)
    except (Gezin.DoesNotExist, ValueError, TypeError):
        raise Http404("Gezin niet gevonden.") from None


def personen(lidmaatschap: Lidmaatschap | None) -> QuerySet[Persoon]:
    return Persoon.objects.filter(gezin__in=gezinnen(lidmaatschap))


def kaarten(lidmaatschap: Lidmaatschap | None) -> QuerySet[Kaart]:
    """Cards of visible households, plus this organisation's own unlinked cards."""
    lidmaatschap = _vereist_gezinsgegevens(lidmaatschap)
    organisatie = lidmaatschap.organisatie
    return Kaart.objects.filter(gemeente_id=organisatie.gemeente_id).filter(
        gezin__in=Gezin.objects.zichtbaar_voor(organisatie)
    ) | Kaart.objects.filter(uitgegeven_door=organisatie, gezin__isnull=True)


@dataclass(frozen=True)
class Kaartopzoeking:
    """What a typed code or scanned QR text turned out to be.

    A card is no secret to whoever holds it, so a card may be found whose
    household this organisation cannot see: then `gezin` stays None and only
    the card's status is shown.
    """

    kaart: Kaart | None = None
    gezin: Gezin | None = None
    fout: str = ""

    @property
    def gevonden(self) -> bool:
        return self.kaart is not None and not self.fout


def kaart_opzoeken(
    lidmaatschap: Lidmaatschap | None,
    tekst: str,
    *,
    toon_gezin: bool = True,
    vooraf_geladen: dict[str, Kaart] | None = None,
) -> Kaartopzoeking:
    """Find a card by scanned QR text or typed short code, with a Dutch reason if not.

    `toon_gezin=False` skips looking up whether the household may be shown, for
    callers that only register and show nothing (the sync endpoint), which may
    also pass the cards of a whole batch, loaded at once, by token and by code.
    """
    lidmaatschap = _vereist_gezinsgegevens(lidmaatschap)
    tekst = (tekst or "").strip()
    try:
        if tekst.startswith(kaartcodes.QR_PREFIX):
            token = kaartcodes.token_from_qr(tekst)
            if vooraf_geladen is not None:
                kaart = vooraf_geladen.get(token)
            else:
                kaart = Kaart.objects.filter(token=token).select_related("gezin").first()
        elif "://" in tekst or tekst.upper().startswith("WIFI:") or len(tekst) > 20:
            raise kaartcodes.OngeldigeKaartcode(
                _("Dit is geen kaart van Materiële hulp. Scan de QR-code op de kaart.")
            )
        else:
            code = kaartcodes.normalise_code(tekst)
            if vooraf_geladen is not None:
                kaart = vooraf_geladen.get(code)
            else:
                kaart = Kaart.objects.filter(code=code).select_related("gezin").first()
    except kaartcodes.OngeldigeKaartcode as fout:
        return Kaartopzoeking(fout=str(fout))
    if kaart is None:
        return Kaartopzoeking(fout=_("Deze kaart kennen we niet. Kijk de code nog eens na."))
    if kaart.gemeente_id != lidmaatschap.organisatie.gemeente_id:
        return Kaartopzoeking(
            kaart=kaart, fout=_("Deze kaart is van een andere gemeente en geldt hier niet.")
        )
    gezin = None
    if kaart.gezin_id is not None and toon_gezin:
        gezin = gezinnen(lidmaatschap).filter(pk=kaart.gezin_id).first()
    if not kaart.is_actief:
        return Kaartopzoeking(
            kaart=kaart,
            gezin=gezin,
            fout=_("Deze kaart is ingetrokken (%(reden)s).")
            % {"reden": kaart.get_intrekkingsreden_display()},
        )
    return Kaartopzoeking(kaart=kaart, gezin=gezin)


def ziet_gezin(lidmaatschap: Lidmaatschap | None, gezin: Gezin | None) -> bool:
    if gezin is None or lidmaatschap is None or not lidmaatschap.ziet_gezinsgegevens:
        return False
    return gezinnen(lidmaatschap).filter(pk=gezin.pk).exists()


def doorverwijzingen(lidmaatschap: Lidmaatschap | None):
    """Referrals this organisation made or received, of households it may see."""
    from doorverwijzing.models import Doorverwijzing

    lidmaatschap = _vereist_gezinsgegevens(lidmaatschap)
    organisatie = lidmaatschap.organisatie
    return Doorverwijzing.objects.filter(
        Q(verwijzer=organisatie) | Q(organisatie=organisatie),
        gezin__in=Gezin.objects.zichtbaar_voor(organisatie),
    )


def doorverwijzing_of_404(lidmaatschap: Lidmaatschap | None, pk):
    try:
        return (
            doorverwijzingen(lidmaatschap)
            .select_related("gezin", "organisatie", "verwijzer", "hulpvorm", "afhaalmoment")
            .get(pk=pk)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404("Doorverwijzing niet gevonden.") from None
