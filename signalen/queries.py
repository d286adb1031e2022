"""Scoped reads: a municipality's policy staff see its own meldingen and signalen only.

Every view asks these functions with the user's active Lidmaatschap; another
municipality's signaal or melding answers 404, as elsewhere in the platform.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from hulpverlening.models import Lidmaatschap

from .models import Melding, Signaal
from .prioriteit import Prioriteit, vensters


def meldingen(lidmaatschap: Lidmaatschap) -> QuerySet[Melding]:
    return Melding.objects.filter(gemeente_id=lidmaatschap.organisatie.gemeente_id)


def signalen(lidmaatschap: Lidmaatschap) -> QuerySet[Signaal]:
    return Signaal.objects.filter(gemeente_id=lidmaatschap.organisatie.gemeente_id)


def _id(pk) -> int:
    tekst = str(pk)
    if not (tekst.isascii() and tekst.isdigit()) or len(tekst) > 18:
        raise Http404("Niet gevonden.")
    return int(tekst)


def signaal_of_404(lidmaatschap: Lidmaatschap, pk) -> Signaal:
    signaal = signalen(lidmaatschap).filter(pk=_id(pk)).first()
    if signaal is None:
        raise Http404("Dit signaal bestaat niet in uw gemeente.")
    return signaal


def melding_of_404(lidmaatschap: Lidmaatschap, pk) -> Melding:
    melding = meldingen(lidmaatschap).filter(pk=_id(pk)).first()
    if melding is None:
        raise Http404("Deze melding bestaat niet in uw gemeente.")
    return melding


def ids(waarden: list[str]) -> list[int]:
    """The numeric ids among submitted values; anything else is dropped."""
    return [int(w) for w in waarden if w.isascii() and w.isdigit() and len(w) <= 18]


@dataclass(frozen=True)
class SignaalMetPrioriteit:
    signaal: Signaal
    prioriteit: Prioriteit


def met_prioriteit(qs: QuerySet[Signaal]) -> list[SignaalMetPrioriteit]:
    """Signalen with their priority, highest first."""
    recent, vorig = vensters()
    rijen = qs.annotate(
        n_meldingen=Count("meldingen", distinct=True),
        n_organisaties=Count("meldingen__organisatie", distinct=True),
        n_recent=Count("meldingen", filter=Q(meldingen__gemeld_op__gte=recent), distinct=True),
        n_vorig=Count(
            "meldingen",
            filter=Q(meldingen__gemeld_op__gte=vorig, meldingen__gemeld_op__lt=recent),
            distinct=True,
        ),
    ).prefetch_related("themas")
    resultaat = [
        SignaalMetPrioriteit(
            s, Prioriteit(s.n_meldingen, s.n_organisaties, s.n_recent, s.n_vorig, s.ernst)
        )
        for s in rijen
    ]
    return sorted(resultaat, key=lambda r: (-r.prioriteit.score, -r.signaal.pk))


def prioriteit_van(signaal: Signaal) -> Prioriteit:
    return met_prioriteit(Signaal.objects.filter(pk=signaal.pk))[0].prioriteit
