"""The one place that decides which personal data a user may see.

Every view that shows a household, a person or a card asks this module, with
the user's active Lidmaatschap. Objects outside the scope raise Http404, never
403, so nobody can learn that another organisation's household exists.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from . import audit, getypte_codes, kaartcodes
from .models import Gezin, Kaart, Lidmaatschap, Persoon


def vereist_gezinsgegevens(lidmaatschap: Lidmaatschap | None) -> Lidmaatschap:
    if lidmaatschap is None or not lidmaatschap.ziet_gezinsgegevens:
        raise PermissionDenied("Deze rol ziet geen gegevens van gezinnen.")
    return lidmaatschap


def gezinnen(lidmaatschap: Lidmaatschap | None) -> QuerySet[Gezin]:
    lidmaatschap = vereist_gezinsgegevens(lidmaatschap)
    return Gezin.objects.zichtbaar_voor(lidmaatschap.organisatie)


def gezin_of_404(lidmaatschap: Lidmaatschap | None, pk: int | str) -> Gezin:
    try:
        return gezinnen(lidmaatschap).prefetch_related("personen").get(pk=pk)
    except (Gezin.DoesNotExist, ValueError, TypeError):
        raise Http404("Gezin niet gevonden.") from None


def gezin_getoond(request, pk: int | str) -> Gezin:
    """The household a page shows, for the user's active membership, with the audit line
    that it was read: a page that shows a file cannot forget to leave its trace."""
    gezin = gezin_of_404(request.lidmaatschap, pk)
    audit.gelezen([gezin.pk])
    return gezin


def gezin_geexporteerd(request, pk: int | str) -> Gezin:
    """The household whose data leaves the platform as a file, with the export line."""
    gezin = gezin_of_404(request.lidmaatschap, pk)
    audit.schrijf(audit.Actie.EXPORT, [gezin.pk])
    return gezin


def getoond[T](
    rijen: Iterable[T], gezin: Callable[[T], int | None] = attrgetter("gezin_id")
) -> list[T]:
    """The rows a list shows (households, referrals, pickups), with the audit line that
    their households were read."""
    lijst = list(rijen)
    audit.gelezen(gezin(rij) for rij in lijst)
    return lijst


def personen(lidmaatschap: Lidmaatschap | None) -> QuerySet[Persoon]:
    return Persoon.objects.filter(gezin__in=gezinnen(lidmaatschap))


def kaarten(lidmaatschap: Lidmaatschap | None) -> QuerySet[Kaart]:
    """Cards of visible households, plus this organisation's own unlinked cards."""
    lidmaatschap = vereist_gezinsgegevens(lidmaatschap)
    organisatie = lidmaatschap.organisatie
    return Kaart.objects.filter(gemeente_id=organisatie.gemeente_id).filter(
        gezin__in=Gezin.objects.zichtbaar_voor(organisatie)
    ) | Kaart.objects.filter(uitgegeven_door=organisatie, gezin__isnull=True)


@dataclass(frozen=True)
class Kaartopzoeking:
    """What a typed code or scanned QR text turned out to be.

    A card is no secret to whoever holds it: a valid card of this municipality
    presented at the desk gives the desk level (`baliegezin`: first name and
    initial, size, entitlement, for this visit). `gezin` is set only when the
    organisation may also open the household's file (dossierzicht).
    """

    kaart: Kaart | None = None
    gezin: Gezin | None = None
    baliegezin: Gezin | None = None
    fout: str = ""
    getypt: bool = False
    limiet: bool = False

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

    Typed codes count towards a limit per user and organisation
    (getypte_codes); above it the look-up is refused and scanning still works.

    `toon_gezin=False` skips looking up whether the file may be shown, for
    callers that only register and show nothing (the sync endpoint), which may
    also pass the cards of a whole batch, loaded at once, by token and by code.
    """
    lidmaatschap = vereist_gezinsgegevens(lidmaatschap)
    tekst = (tekst or "").strip()
    getypt = False
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
            getypt = True
            if not getypte_codes.toegestaan(lidmaatschap, code):
                return Kaartopzoeking(
                    fout=_(
                        "U typte veel codes na elkaar. Scan de QR-code op de kaart; "
                        "typen lukt weer binnen %(minuten)d minuten."
                    )
                    % {"minuten": getypte_codes.wachttijd_minuten()},
                    getypt=True,
                    limiet=True,
                )
            if vooraf_geladen is not None:
                kaart = vooraf_geladen.get(code)
            else:
                kaart = Kaart.objects.filter(code=code).select_related("gezin").first()
    except kaartcodes.OngeldigeKaartcode as fout:
        return Kaartopzoeking(fout=str(fout))
    if kaart is None:
        return Kaartopzoeking(
            fout=_("Deze kaart kennen we niet. Kijk de code nog eens na."), getypt=getypt
        )
    if kaart.gemeente_id != lidmaatschap.organisatie.gemeente_id:
        return Kaartopzoeking(
            kaart=kaart,
            fout=_("Deze kaart is van een andere gemeente en geldt hier niet."),
            getypt=getypt,
        )
    gezin = baliegezin = None
    if kaart.gezin_id is not None and kaart.gezin.gepseudonimiseerd_op is None:
        baliegezin = kaart.gezin
        if toon_gezin:
            gezin = gezinnen(lidmaatschap).filter(pk=kaart.gezin_id).first()
    if not kaart.is_actief:
        return Kaartopzoeking(
            kaart=kaart,
            gezin=gezin,
            fout=_("Deze kaart is ingetrokken (%(reden)s).")
            % {"reden": kaart.get_intrekkingsreden_display()},
            getypt=getypt,
        )
    return Kaartopzoeking(kaart=kaart, gezin=gezin, baliegezin=baliegezin, getypt=getypt)


def baliegezinnen(lidmaatschap: Lidmaatschap | None) -> QuerySet[Gezin]:
    """Households this organisation knows at its desk (any relationship): desk level only.

    For the offline roster: what it may hold of them is `korte_namen`, the
    size and the entitlement, never the file.
    """
    lidmaatschap = vereist_gezinsgegevens(lidmaatschap)
    return Gezin.objects.aan_balie_bij(lidmaatschap.organisatie)


def korte_namen(gezin_ids) -> dict[int, str]:
    """First name and initial of each household's reference person: the desk level's name.

    Only for households the caller may show at the desk: a card presented
    here (Kaartopzoeking.baliegezin) or the organisation's baliegezinnen.
    """
    namen: dict[int, str] = {}
    for persoon in Persoon.objects.filter(gezin_id__in=list(gezin_ids)).order_by("id"):
        if persoon.relatie == Persoon.Relatie.REFERENTIEPERSOON or persoon.gezin_id not in namen:
            namen[persoon.gezin_id] = persoon.korte_naam
    return namen


def ziet_gezin(lidmaatschap: Lidmaatschap | None, gezin: Gezin | None) -> bool:
    if gezin is None or lidmaatschap is None or not lidmaatschap.ziet_gezinsgegevens:
        return False
    return gezinnen(lidmaatschap).filter(pk=gezin.pk).exists()
