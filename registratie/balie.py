"""The desk: which pickup moments a volunteer works at today, and the offline roster."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from doorverwijzing.models import Doorverwijzing, Toeleiding
from hulpverlening import audit, kaartcodes, scoping
from hulpverlening.models import Afhaalmoment, Gezinsrelatie, Kaart, Lidmaatschap

from . import rechten
from .models import Afhaling

OPEN_MARGE = timedelta(minutes=45)


def momenten_van(lidmaatschap: Lidmaatschap) -> QuerySet[Afhaalmoment]:
    return Afhaalmoment.objects.filter(
        locatie__organisatie=lidmaatschap.organisatie, actief=True, locatie__actief=True
    ).select_related("locatie")


def moment_of_404(lidmaatschap: Lidmaatschap, pk: int) -> Afhaalmoment:
    moment = momenten_van(lidmaatschap).filter(pk=pk).first()
    if moment is None:
        raise Http404("Afhaalmoment niet gevonden.")
    return moment


def momenten_vandaag(lidmaatschap: Lidmaatschap, nu: datetime | None = None) -> list[Afhaalmoment]:
    nu = timezone.localtime(nu or timezone.now())
    return list(momenten_van(lidmaatschap).filter(weekdag=nu.weekday()).order_by("start"))


def open_moment(momenten: list[Afhaalmoment], nu: datetime | None = None) -> Afhaalmoment | None:
    """The moment going on now (with a margin for setting up and clearing away)."""
    nu = timezone.localtime(nu or timezone.now())
    lopend = []
    for moment in momenten:
        begin = datetime.combine(nu.date(), moment.start, nu.tzinfo) - OPEN_MARGE
        einde = datetime.combine(nu.date(), moment.einde, nu.tzinfo) + OPEN_MARGE
        if begin <= nu <= einde:
            lopend.append(moment)
    return lopend[0] if len(lopend) == 1 else None


def buiten_uren(moment: Afhaalmoment, nu: datetime | None = None) -> str:
    """Why now is not this moment (with the margin of open_moment), or "" when it is.

    The desk asks before registering on a moment that is not going on: a phone
    left open on the morning's moment would otherwise count the afternoon there.
    balie.js says the same from the phone's clock, offline too."""
    nu = timezone.localtime(nu or timezone.now())
    if moment.weekdag != nu.weekday():
        return _("Dit afhaalmoment is op %(dag)s, niet vandaag.") % {
            "dag": moment.get_weekdag_display()
        }
    begin = datetime.combine(nu.date(), moment.start, nu.tzinfo) - OPEN_MARGE
    einde = datetime.combine(nu.date(), moment.einde, nu.tzinfo) + OPEN_MARGE
    if nu < begin:
        return _("Dit afhaalmoment begint pas om %(uur)s.") % {"uur": f"{moment.start:%H:%M}"}
    if nu > einde:
        return _("Dit afhaalmoment is voorbij: het eindigde om %(uur)s.") % {
            "uur": f"{moment.einde:%H:%M}"
        }
    return ""


def momenten_voor_klok(lidmaatschap: Lidmaatschap) -> list[dict]:
    """The organisation's moments for balie.js, which finds the one going on now."""
    return [
        {
            "pk": m.pk,
            "weekdag": m.weekdag,
            "dag": str(m.get_weekdag_display()),
            "start": f"{m.start:%H:%M}",
            "einde": f"{m.einde:%H:%M}",
            "naam": f"{m.locatie.naam} · {m.start:%H:%M}–{m.einde:%H:%M}",
        }
        for m in momenten_van(lidmaatschap).order_by("weekdag", "start")
    ]


@dataclass(frozen=True)
class Paneel:
    """What the volunteer sees after a scan: desk-level data and the entitlement.

    `gezin_id` is set only where the organisation may open the file
    (dossierzicht); a household known at desk level only is registered by its
    card (`kaarttekst`), and its consent can be asked when the card was scanned.
    """

    beoordeling: rechten.Beoordeling | None
    gezin_id: int | None = None
    # Every aid of the moment for this household (issue 13.3); `beoordeling` sums them up.
    aanbod: tuple[rechten.Beoordeling, ...] = ()
    naam: str = ""
    volwassenen: int = 0
    kinderen: int = 0
    kaart: Kaart | None = None
    kaarttekst: str = ""
    fout: str = ""
    baliezicht: bool = False
    getypt: bool = False
    limiet: bool = False
    # A card that belongs to no household yet.
    vrij: bool = False
    # The household shown, at either level: what the audit log records as read.
    getoond_gezin: int | None = None
    # When it was sent to the social service and waits for contact: said on the panel
    # instead of offering to send it again (issue 14.10).
    doorgestuurd_op: date | None = None

    @property
    def heeft_rood(self) -> bool:
        return any(b.kleur == rechten.ROOD for b in self.aanbod)

    @property
    def toestemming_vragen(self) -> bool:
        # Consent opens the file: only on the strong proof of a scanned card.
        return self.baliezicht and not self.getypt and self.kaart is not None


def paneel_voor_kaart(
    lidmaatschap: Lidmaatschap, moment: Afhaalmoment, tekst: str, dag: date
) -> Paneel:
    opzoeking = scoping.kaart_opzoeken(lidmaatschap, tekst)
    kaart = opzoeking.kaart
    # A card of another municipality, or a revoked one of a household this desk
    # may not see: only the reason, not an empty "Gezin, 0 volw." panel.
    niets_te_tonen = opzoeking.fout and opzoeking.gezin is None and opzoeking.baliegezin is None
    if kaart is None or niets_te_tonen:
        return Paneel(
            beoordeling=None,
            fout=opzoeking.fout,
            kaart=kaart,
            kaarttekst=tekst,
            getypt=opzoeking.getypt,
            limiet=opzoeking.limiet,
        )
    if kaart.is_vrij:
        # A pre-printed card given to nobody yet: the way on is the intake.
        return Paneel(
            beoordeling=None, kaart=kaart, kaarttekst=tekst, getypt=opzoeking.getypt, vrij=True
        )
    gezin = opzoeking.gezin
    if gezin is None and opzoeking.baliegezin is not None and kaart.is_actief:
        # Desk level: the card holder is here in person, so the entitlement is
        # judged and the first name and initial shown, for this visit only.
        gezin = opzoeking.baliegezin
        aanbod = rechten.aanbod_gezin(
            gezin=gezin,
            kaart=kaart,
            organisatie=lidmaatschap.organisatie,
            afhaalmoment=moment,
            dag=dag,
        )
        return Paneel(
            beoordeling=rechten.samen(aanbod),
            aanbod=tuple(aanbod),
            gezin_id=None,
            naam=scoping.korte_namen([gezin.pk]).get(gezin.pk, ""),
            volwassenen=gezin.volwassenen,
            kinderen=gezin.kinderen,
            kaart=kaart,
            kaarttekst=tekst,
            baliezicht=True,
            getypt=opzoeking.getypt,
            getoond_gezin=gezin.pk,
        )
    aanbod = rechten.aanbod_gezin(
        gezin=gezin, kaart=kaart, organisatie=lidmaatschap.organisatie, afhaalmoment=moment, dag=dag
    )
    return _paneel(aanbod, gezin, kaart=kaart, kaarttekst=tekst, getypt=opzoeking.getypt)


def paneel_voor_gezin(lidmaatschap: Lidmaatschap, moment: Afhaalmoment, pk, dag: date) -> Paneel:
    gezin = scoping.gezin_of_404(lidmaatschap, pk)
    kaart = gezin.actieve_kaart
    aanbod = rechten.aanbod_gezin(
        gezin=gezin, kaart=kaart, organisatie=lidmaatschap.organisatie, afhaalmoment=moment, dag=dag
    )
    return _paneel(aanbod, gezin, kaart=kaart)


def _paneel(aanbod, gezin, *, kaart=None, kaarttekst="", getypt=False) -> Paneel:
    referentie = gezin.referentiepersoon if gezin else None
    return Paneel(
        beoordeling=rechten.samen(aanbod),
        aanbod=tuple(aanbod),
        gezin_id=gezin.pk if gezin else None,
        naam=referentie.korte_naam if referentie else "",
        volwassenen=gezin.volwassenen if gezin else 0,
        kinderen=gezin.kinderen if gezin else 0,
        kaart=kaart,
        kaarttekst=kaarttekst,
        getypt=getypt,
        getoond_gezin=gezin.pk if gezin else None,
        doorgestuurd_op=_doorgestuurd_op(gezin),
    )


def _doorgestuurd_op(gezin) -> date | None:
    if gezin is None:
        return None
    open_ = Toeleiding.objects.wacht_op_contact(gezin.pk).order_by("-aangemaakt_op").first()
    return timezone.localdate(open_.aangemaakt_op) if open_ else None


def paneel_getoond(paneel: Paneel) -> Paneel:
    """The panel a volunteer sees, with its audit lines: the household read and, for a
    typed code, the look-up itself (found or not: typed codes are the weaker proof)."""
    audit.gelezen([paneel.getoond_gezin])
    if paneel.getypt:
        actie = audit.Actie.CODE_LIMIET if paneel.limiet else audit.Actie.CODE_GETYPT
        audit.schrijf(actie, [paneel.getoond_gezin])
    return paneel


def na_te_kijken(lidmaatschap: Lidmaatschap) -> QuerySet[Afhaling]:
    """Flagged pickups the coordinator reviews: its own, of households it knows at its desk.

    The same query for the list and for the decision (POST), so neither can
    reach a pickup the other would not show.
    """
    return Afhaling.objects.filter(
        organisatie=lidmaatschap.organisatie,
        status=Afhaling.Status.TE_CONTROLEREN,
        gezin__in=scoping.baliegezinnen(lidmaatschap),
    )


def _roosterlijn(lijn: rechten.Beoordeling) -> dict:
    """One aid of a household's offer, for the phone: what _aanbod.html shows."""
    return {
        "slug": lijn.hulpvorm.slug,
        "naam": lijn.hulpvorm.naam,
        "pakket": lijn.pakket,
        "kleur": lijn.kleur,
        "woord": lijn.woord,
        "redenen": lijn.redenen,
        "voorgevinkt": lijn.voorgevinkt,
        **_maaltijd(lijn),
        **_waardebon(lijn),
    }


def _zonder_oordeel(hulpvorm) -> dict:
    lijn = rechten.Beoordeling(rechten.ORANJE, [], hulpvorm=hulpvorm, volwassenen=1)
    return {
        "slug": hulpvorm.slug,
        "naam": hulpvorm.naam,
        "pakket": "",
        "kleur": rechten.ORANJE,
        "woord": str(rechten.KLEUR_WOORD[rechten.ORANJE]),
        "redenen": [],
        "voorgevinkt": hulpvorm.soort in (hulpvorm.Soort.PAKKET, hulpvorm.Soort.MAALTIJD),
        **(
            {"maaltijd": True, "tariefzin": "", "volwassenen": 1, "kinderen": 0}
            if lijn.is_maaltijd
            else {}
        ),
        **_waardebon(lijn),
    }


def _waardebon(lijn: rechten.Beoordeling) -> dict:
    return {"waardebon": True, "bonzin": lijn.bonzin} if lijn.is_waardebon else {}


def _maaltijd(lijn: rechten.Beoordeling) -> dict:
    if not lijn.is_maaltijd:
        return {}
    return {
        "maaltijd": True,
        "tariefzin": lijn.tariefzin,
        "volwassenen": lijn.volwassenen,
        "kinderen": lijn.kinderen,
    }


def _enige_lijn(lijn: rechten.Beoordeling) -> dict:
    """A household with one aid on offer: its slug (sent with the pickup), and a meal's counts."""
    if lijn.hulpvorm is None:
        return {}
    extra = _maaltijd(lijn) | _waardebon(lijn)
    return {"slug": lijn.hulpvorm.slug, **({"lijn": extra} if extra else {})}


ROOSTER_RECENT_AFGEHAALD = timedelta(days=90)
ROOSTER_RECENT_GEKEND = timedelta(days=30)


def rooster_gezinnen(lidmaatschap: Lidmaatschap, dag: date) -> QuerySet:
    """Households likely to come: a referral here today, a recent pickup, or newly known.

    Everyone else can still be found online; a smaller roster is faster on a
    weak connection and leaves less personal data on the phone.
    """
    organisatie = lidmaatschap.organisatie
    verwijzing = Doorverwijzing.objects.geldig_op(dag).filter(
        gezin=OuterRef("pk"), organisatie=organisatie
    )
    afgehaald = Afhaling.objects.filter(
        gezin=OuterRef("pk"), organisatie=organisatie, datum__gte=dag - ROOSTER_RECENT_AFGEHAALD
    )
    nieuw = Gezinsrelatie.objects.filter(
        gezin=OuterRef("pk"),
        organisatie=organisatie,
        sinds__gte=timezone.now() - ROOSTER_RECENT_GEKEND,
    )
    actieve_kaart = Kaart.objects.actief().filter(gezin=OuterRef("pk"))
    return scoping.baliegezinnen(lidmaatschap).filter(
        Exists(actieve_kaart), Exists(verwijzing) | Exists(afgehaald) | Exists(nieuw)
    )


def rooster_bewaardagen() -> int:
    return max(1, int(getattr(settings, "ROOSTER_BEWAARDAGEN", 1)))


def rooster(lidmaatschap: Lidmaatschap, moment: Afhaalmoment, dag: date) -> dict:
    """Desk-level data for offline use, found by a hash of the card's QR token.

    Never the token, and nothing of the typed code: the code space (40 bits)
    could be searched through on a copied roster, the token's 144 bits cannot.
    Offline, a typed code is checked on its check character only and queued;
    the server decides (README, "Wat een verloren telefoon prijsgeeft").
    """
    organisatie = lidmaatschap.organisatie
    gezinnen = list(rooster_gezinnen(lidmaatschap, dag))
    kaarten = {
        k.gezin_id: k for k in Kaart.objects.actief().filter(gezin_id__in=[g.pk for g in gezinnen])
    }
    regels = rechten.regels_van(organisatie)
    hulpvormen = rechten.hulpvormen_op_moment(organisatie, moment)
    hulpvormregels = rechten.hulpvormregels_van(organisatie)
    feiten = rechten.feiten_laden(
        [g.pk for g in gezinnen], organisatie=organisatie, dag=dag, kaarten=kaarten
    )
    namen = scoping.korte_namen(g.pk for g in gezinnen)
    # Offline search by name finds only these, as the online search does.
    met_dossier = set(
        scoping.gezinnen(lidmaatschap)
        .filter(pk__in=[g.pk for g in gezinnen])
        .values_list("pk", flat=True)
    )
    items = []
    for gezin in gezinnen:
        kaart = kaarten.get(gezin.pk)
        if kaart is None:
            continue
        # The same offer as the desk's panel online (rechten.aanbod), line by line.
        lijnen = rechten.aanbod(
            feiten[gezin.pk],
            organisatie=organisatie,
            regels=regels,
            hulpvormen=hulpvormen,
            hulpvormregels=hulpvormregels,
            dag=dag,
            afhaalmoment_id=moment.pk,
        )
        uitkomst = rechten.samen(lijnen)
        items.append(
            {
                "h": kaartcodes.token_hash(kaart.token),
                "gezin": gezin.pk,
                "naam": namen.get(gezin.pk, ""),
                "zoekbaar": gezin.pk in met_dossier,
                "volwassenen": gezin.volwassenen,
                "kinderen": gezin.kinderen,
                "hulpvorm": uitkomst.hulpvorm.naam if uitkomst.hulpvorm else "",
                "pakket": uitkomst.pakket,
                "kleur": uitkomst.kleur,
                "woord": uitkomst.woord,
                "redenen": uitkomst.redenen,
                "aanbod": [_roosterlijn(lijn) for lijn in lijnen] if len(lijnen) > 1 else [],
                **(_enige_lijn(lijnen[0]) if len(lijnen) == 1 else {}),
            }
        )
    # The roster goes to a phone: every household on it was read.
    audit.gelezen(item["gezin"] for item in items)
    return {
        "moment": moment.pk,
        "datum": dag.isoformat(),
        "organisatie": organisatie.naam,
        "gemaakt_op": timezone.localtime().isoformat(),
        "vervalt_op": (dag + timedelta(days=rooster_bewaardagen())).isoformat(),
        "zelfmelders_toegestaan": regels.zelfmelder_bezoeken > 0,
        # The moment's aids, for a card the phone cannot look up (a typed code, a card
        # not on the list): the volunteer still says what was handed out; the server
        # judges when it arrives.
        "hulpvormen": [_zonder_oordeel(h) for h in hulpvormen] if len(hulpvormen) > 1 else [],
        "gezinnen": items,
    }
