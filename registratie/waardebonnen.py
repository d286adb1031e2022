"""Meal vouchers (issue 13.5): the numbers given back by a partner, recorded as redeemed,
and what was issued, redeemed and expired in a period."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hulpverlening import audit
from hulpverlening.models import Lidmaatschap, Organisatie

from .models import Waardebon

MAX_PER_KEER = 2000
MAX_TEKST = 40_000
MAX_BESTAND = 1024 * 1024
INGEWISSELD, ONBEKEND, AL_INGEWISSELD, VERVALLEN, DUBBEL = (
    "ingewisseld",
    "onbekend",
    "al_ingewisseld",
    "vervallen",
    "dubbel",
)


class BonnenFout(ValueError):
    """The list or file cannot be read; the message says why, for the coordinator."""


def nummers_lezen(tekst: str = "", bestand=None) -> list[int]:
    """Voucher numbers from typed text (one per line, or separated by commas or spaces)
    and/or a partner's CSV (the first column; a header row is skipped)."""
    if len(tekst) > MAX_TEKST:
        # Never cut: a number cut in two is another voucher, and redeeming is for good.
        raise BonnenFout(_("Te veel tekst: plak hoogstens 2000 nummers per keer."))
    delen = re.split(r"[\s,;]+", tekst.strip()) if tekst.strip() else []
    if bestand is not None:
        ruw = bestand.read(MAX_BESTAND + 1)
        if len(ruw) > MAX_BESTAND:
            raise BonnenFout(_("Dit bestand is groter dan 1 MB."))
        try:
            inhoud = ruw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BonnenFout(_("Dit bestand is geen CSV-bestand in UTF-8.")) from None
        try:
            dialect = csv.Sniffer().sniff(inhoud[:2048], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            for i, rij in enumerate(csv.reader(io.StringIO(inhoud), dialect)):
                eerste = rij[0].strip() if rij else ""
                if i == 0 and eerste and not eerste.isdigit():
                    continue  # a header such as "bonnummer"
                if eerste:
                    delen.append(eerste)
        except csv.Error:
            raise BonnenFout(
                _("Dit bestand kunnen we niet lezen als CSV. Zet de nummers in de eerste kolom.")
            ) from None
    fout = [d for d in delen if not (d.isascii() and d.isdigit()) or len(d) > 9]
    if fout:
        raise BonnenFout(
            _("Geen bonnummer: %(waarden)s. Een nummer bestaat enkel uit cijfers.")
            % {"waarden": ", ".join(f[:20].replace("\x00", "") for f in fout[:5])}
        )
    if len(delen) > MAX_PER_KEER:
        raise BonnenFout(_("Hoogstens %(aantal)d bonnen per keer.") % {"aantal": MAX_PER_KEER})
    if not delen:
        raise BonnenFout(_("Typ of kies de nummers van de teruggekregen bonnen."))
    return [int(d) for d in delen]


@dataclass(frozen=True)
class Inwisseling:
    nummer: int
    uitkomst: str
    bericht: str


@transaction.atomic
def bonnen_inwisselen(
    *, lidmaatschap: Lidmaatschap, nummers: list[int], bij: str = ""
) -> list[Inwisseling]:
    """Record these vouchers of the organisation as redeemed, each once.

    A number the organisation did not hand out is "onbekend", whoever else may have
    it: a coordinator learns nothing of other organisations' vouchers."""
    organisatie = lidmaatschap.organisatie
    nu = timezone.now()
    vandaag = timezone.localdate(nu)
    bonnen = {
        b.nummer: b
        for b in Waardebon.objects.select_for_update().filter(
            organisatie=organisatie, nummer__in=set(nummers)
        )
    }
    gezien: set[int] = set()
    uitkomsten, in_te_wisselen = [], []
    for nummer in nummers:
        bon = bonnen.get(nummer)
        if nummer in gezien:
            uitkomsten.append(Inwisseling(nummer, DUBBEL, _("Twee keer in uw lijst.")))
            continue
        gezien.add(nummer)
        if bon is None:
            uitkomsten.append(
                Inwisseling(nummer, ONBEKEND, _("Deze bon gaf uw organisatie niet uit."))
            )
        elif bon.ingewisseld_op is not None:
            dag = formats.date_format(timezone.localtime(bon.ingewisseld_op), "j F Y")
            uitkomsten.append(
                Inwisseling(nummer, AL_INGEWISSELD, _("Al ingewisseld op %(dag)s.") % {"dag": dag})
            )
        elif bon.geldig_tot < vandaag:
            dag = formats.date_format(bon.geldig_tot, "j F Y")
            uitkomsten.append(
                Inwisseling(nummer, VERVALLEN, _("Vervallen op %(dag)s.") % {"dag": dag})
            )
        else:
            in_te_wisselen.append(bon.pk)
            waarde = formats.number_format(bon.waarde, 2)
            uitkomsten.append(
                Inwisseling(
                    nummer, INGEWISSELD, _("Ingewisseld (€ %(waarde)s).") % {"waarde": waarde}
                )
            )
    if in_te_wisselen:
        Waardebon.objects.filter(pk__in=in_te_wisselen, ingewisseld_op__isnull=True).update(
            ingewisseld_op=nu, ingewisseld_door=lidmaatschap.user, ingewisseld_bij=bij[:100]
        )
        audit.gewijzigd(
            Waardebon.objects.filter(pk__in=in_te_wisselen).values_list("gezin_id", flat=True)
        )
    return uitkomsten


@dataclass(frozen=True)
class Bonnencijfers:
    uitgegeven: int
    uitgegeven_waarde: Decimal
    ingewisseld: int
    ingewisseld_waarde: Decimal
    vervallen: int
    vervallen_waarde: Decimal
    open: int
    open_waarde: Decimal


def bonnencijfers(
    *, gemeente, organisatie: Organisatie | None, van: date, tot: date
) -> Bonnencijfers:
    """Vouchers issued from `van` to `tot` (exclusive), and where they are now: redeemed,
    expired unredeemed, or still open."""
    bonnen = Waardebon.objects.filter(
        gezin__gemeente=gemeente,
        uitgegeven_op__gte=van,
        uitgegeven_op__lt=tot,
        afhaling__status="geregistreerd",
    )
    if organisatie is not None:
        bonnen = bonnen.filter(organisatie=organisatie)
    vandaag = timezone.localdate()
    ingewisseld = Q(ingewisseld_op__isnull=False)
    vervallen = Q(ingewisseld_op__isnull=True, geldig_tot__lt=vandaag)
    open_ = Q(ingewisseld_op__isnull=True, geldig_tot__gte=vandaag)
    r = bonnen.aggregate(
        n=Count("id"),
        w=Sum("waarde"),
        ni=Count("id", filter=ingewisseld),
        wi=Sum("waarde", filter=ingewisseld),
        nv=Count("id", filter=vervallen),
        wv=Sum("waarde", filter=vervallen),
        no=Count("id", filter=open_),
        wo=Sum("waarde", filter=open_),
    )
    nul = Decimal("0.00")
    return Bonnencijfers(
        r["n"],
        r["w"] or nul,
        r["ni"],
        r["wi"] or nul,
        r["nv"],
        r["wv"] or nul,
        r["no"],
        r["wo"] or nul,
    )
