"""Registering pickups: one function for the desk, the offline sync and imports."""

import functools
import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from doorverwijzing.models import Toeleiding
from doorverwijzing.services import DoorverwijzingFout, biedt_hulpvorm_aan, toeleiding_aanmaken
from hulpverlening import audit, kalender
from hulpverlening import toestemmingsteksten as toestemming
from hulpverlening.models import (
    Afhaalmoment,
    Gezin,
    Gezinsrelatie,
    Hulpvorm,
    Kaart,
    Lidmaatschap,
    Toestemming,
)
from hulpverlening.services import (
    PersoonGegevens,
    gezin_aanmaken,
    gezinsrelatie_leggen,
    kaart_koppelen,
)

from . import lezen, rechten, sqlrijen
from .models import Afhaling, Waardebon

ONGEDAAN_MAKEN_BINNEN = timedelta(minutes=2)


class Uitkomst:
    GEACCEPTEERD = "geaccepteerd"
    DUPLICAAT = "duplicaat"
    TE_CONTROLEREN = "te_controleren"
    FOUT = "fout"
    # Not decided now: the phone keeps the item and sends it again later.
    LATER = "later"


@dataclass(frozen=True)
class Registratieresultaat:
    uitkomst: str
    bericht: str
    afhaling: Afhaling | None = None
    # The phone sent this key before (a retry after a cut connection): its own pickup.
    zelfde_sleutel: bool = False


def _inhoud_hash(**velden) -> str:
    tekst = "|".join(f"{k}={velden[k]}" for k in sorted(velden))
    return hashlib.sha256(tekst.encode()).hexdigest()


def _door(afhaling: Afhaling) -> str:
    user = afhaling.geregistreerd_door
    return (user.first_name or user.username) if user else _("een vrijwilliger")


def _al_geregistreerd(afhaling: Afhaling) -> str:
    tijd = timezone.localtime(afhaling.gescand_op).strftime("%H:%M")
    return _("Al geregistreerd om %(tijd)s door %(naam)s.") % {
        "tijd": tijd,
        "naam": _door(afhaling),
    }


def _bestaande_met_sleutel(
    sleutel: uuid.UUID, inhoud_hash: str, organisatie_id: int, bekend: dict | None = None
) -> Registratieresultaat | None:
    if bekend is not None:
        bestaande = bekend.get(sleutel)
    else:
        bestaande = (
            Afhaling.objects.filter(idempotentiesleutel=sleutel)
            .select_related("geregistreerd_door")
            .first()
        )
    if bestaande is None:
        return None
    if bestaande.organisatie_id != organisatie_id:
        # Keys are unique over all organisations; another's says nothing, not even
        # whether its content matches.
        return Registratieresultaat(
            Uitkomst.FOUT, _("Deze registratie werd geweigerd. Scan de kaart opnieuw.")
        )
    if bestaande.inhoud_hash and bestaande.inhoud_hash != inhoud_hash:
        return Registratieresultaat(
            Uitkomst.FOUT, _("Deze registratie werd al met andere gegevens ontvangen."), bestaande
        )
    return Registratieresultaat(
        Uitkomst.DUPLICAAT, _("Deze registratie was al ontvangen."), bestaande, zelfde_sleutel=True
    )


def _met_auditregel(registreer):
    """The household's change line for every answer with a pickup, also one that was
    already there: the volunteer's attempt is part of the trail."""

    @functools.wraps(registreer)
    def verpakt(**gegevens) -> Registratieresultaat:
        resultaat = registreer(**gegevens)
        if resultaat.afhaling is not None:
            audit.gewijzigd([resultaat.afhaling.gezin_id])
        return resultaat

    return verpakt


@_met_auditregel
def afhaling_registreren(
    *,
    sleutel: uuid.UUID,
    lidmaatschap: Lidmaatschap,
    afhaalmoment: Afhaalmoment,
    dag: date,
    gescand_op: datetime,
    gezin: Gezin | None = None,
    kaart: Kaart | None = None,
    override_reden: str = "",
    apparaat: str = "",
    offline: bool = False,
    bewijs: str = "",
    voorkennis: lezen.Voorkennis | None = None,
    klok_reden: str = "",
    hulpvorm: Hulpvorm | None = None,
    bezoek: uuid.UUID | None = None,
    volwassenen: int | None = None,
    kinderen: int | None = None,
    bonnen: int | None = None,
    eerste_bon: int | None = None,
) -> Registratieresultaat:
    """Register one pickup, idempotent on `sleutel`.

    Online, a broken rule without a reason is refused so the volunteer can add
    one. Offline the pickup already happened: it is kept and flagged for the
    coordinator instead, so nothing registered on a phone is lost.

    A batch passes what it read for all its items (`voorkennis`); a single
    registration reads its own.

    `bewijs` says how the household was identified (Afhaling.Bewijs). A typed
    code for a household new to the organisation is registered and flagged
    for the coordinator: a code is easy to read off someone else's card.

    `hulpvorm` is the aid handed out; without it, the aid the rules give (the
    running referral's, or the food parcel). Each aid is its own pickup: two
    aids at one moment are two lines of one visit, sharing `bezoek` (without it,
    the pickup is a visit of its own). A meal line says who ate (`volwassenen`,
    `kinderen`; without them, the household's composition) and gets the tariff
    that applies. A voucher line says how many vouchers (`bonnen`) and the number
    of the first (`eerste_bon`): the vouchers are recorded by number (Waardebon).
    """
    organisatie = lidmaatschap.organisatie
    if gezin is None and kaart is not None:
        gezin = kaart.gezin
    override_reden = override_reden.strip()[:200]
    inhoud_hash = _inhoud_hash(
        gezin=gezin.pk if gezin else None,
        kaart=kaart.pk if kaart else None,
        moment=afhaalmoment.pk,
        # A day the server chose for a wrong clock may differ at a retry a day later:
        # the same key must still be recognised as the same pickup.
        dag="klok" if klok_reden else dag.isoformat(),
        override=override_reden,
        # Only when chosen: the key of an item queued before aids were chosen keeps
        # its hash, so its retry is still recognised.
        **({"hulpvorm": hulpvorm.pk} if hulpvorm is not None else {}),
        **({"maaltijden": f"{volwassenen}+{kinderen}"} if volwassenen is not None else {}),
        **({"bonnen": f"{bonnen}@{eerste_bon}"} if eerste_bon is not None else {}),
    )
    alleen = voorkennis is None
    if alleen:
        voorkennis = lezen.voorkennis_laden(
            organisatie, gezin_ids=[gezin.pk] if gezin else [], sleutels=[sleutel], dagen=[dag]
        )
    # A key committed since the batch read it still meets the constraint below.
    if (
        eerder := _bestaande_met_sleutel(sleutel, inhoud_hash, organisatie.pk, voorkennis.bekend)
    ) is not None:
        return eerder
    if afhaalmoment.locatie.organisatie_id != organisatie.pk:
        return Registratieresultaat(
            Uitkomst.FOUT, _("Dit afhaalmoment is niet van uw organisatie.")
        )
    if gezin is None:
        return Registratieresultaat(
            Uitkomst.FOUT, _("Deze kaart hoort bij geen gezin. Registreer eerst het gezin.")
        )
    if hulpvorm is not None and not biedt_hulpvorm_aan(organisatie, hulpvorm):
        return Registratieresultaat(
            Uitkomst.FOUT,
            _("Uw organisatie geeft geen %(hulpvorm)s.") % {"hulpvorm": hulpvorm.naam.lower()},
        )
    if (fout := maaltijdfout(hulpvorm, volwassenen, kinderen)) is not None:
        return Registratieresultaat(Uitkomst.FOUT, fout)
    if (fout := bonfout(hulpvorm, bonnen, eerste_bon)) is not None:
        return Registratieresultaat(Uitkomst.FOUT, fout)

    if voorkennis.hulpvormregels is None:
        voorkennis.hulpvormregels = rechten.hulpvormregels_van(organisatie)
    beoordeling = rechten.beoordeel(
        rechten.feiten_op(
            gezin=gezin,
            kaart=kaart or gezin.actieve_kaart,
            doorverwijzingen=voorkennis.doorverwijzingen.get(gezin.pk, []),
            afhalingen=voorkennis.afhalingen.get(gezin.pk, []),
            dag=dag,
            eenmalige=voorkennis.eenmalige,
        ),
        organisatie=organisatie,
        regels=rechten.regels_van(organisatie),
        dag=dag,
        afhaalmoment_id=afhaalmoment.pk,
        hulpvorm=hulpvorm,
        hulpvormregels=voorkennis.hulpvormregels,
    )
    status = Afhaling.Status.GEREGISTREERD
    controle_reden = ""
    if hulpvorm is not None and hulpvorm.slug not in afhaalmoment.hulpvorm_slugs(organisatie):
        reden = _("Op dit afhaalmoment geeft u geen %(hulpvorm)s.") % {
            "hulpvorm": hulpvorm.naam.lower()
        }
        if not offline:
            return Registratieresultaat(Uitkomst.FOUT, reden)
        status, controle_reden = Afhaling.Status.TE_CONTROLEREN, reden
    if hulpvorm is None and not biedt_hulpvorm_aan(organisatie, beoordeling.hulpvorm):
        # The rules' aid (the food parcel, a referral's aid) is one this organisation
        # does not give: refused at the desk, kept and flagged when it happened offline.
        reden = _("Uw organisatie geeft geen %(hulpvorm)s.") % {
            "hulpvorm": beoordeling.hulpvorm.naam.lower()
        }
        if not offline:
            return Registratieresultaat(Uitkomst.FOUT, reden)
        status, controle_reden = Afhaling.Status.TE_CONTROLEREN, reden
    aantal, tarief, bedrag = 1, "", None
    if beoordeling.is_maaltijd:
        gegeven = volwassenen is not None or kinderen is not None
        volwassenen = gezin.volwassenen if volwassenen is None else volwassenen
        kinderen = gezin.kinderen if kinderen is None else kinderen
        # One count typed, the other from the household: together still at most 30.
        if gegeven and (fout := maaltijdfout(beoordeling.hulpvorm, volwassenen, kinderen)):
            return Registratieresultaat(Uitkomst.FOUT, fout)
        # The household's own composition may exceed what one line holds.
        aantal = max(1, min(volwassenen + kinderen, MAX_MAALTIJDEN))
        tarief = beoordeling.tarief
        bedrag = beoordeling.prijs * aantal if beoordeling.prijs is not None else None
    nummers: list[int] = []
    if beoordeling.hulpvorm.soort == Hulpvorm.Soort.WAARDEBON:
        if eerste_bon is None:
            return Registratieresultaat(Uitkomst.FOUT, _("Typ het nummer van de eerste bon."))
        aantal = bonnen or 1
        nummers = list(range(eerste_bon, eerste_bon + aantal))
        if beoordeling.hulpvorm.bonwaarde is not None:
            bedrag = beoordeling.hulpvorm.bonwaarde * aantal
        if (al := _al_uitgegeven(organisatie, nummers)) is not None:
            if not offline:
                return Registratieresultaat(Uitkomst.FOUT, al)
            # Handed out already: the coordinator finds out which numbers were meant.
            status = Afhaling.Status.TE_CONTROLEREN
            controle_reden = f"{al} {controle_reden}".strip()[:200]
            nummers = []
    if beoordeling.al_geregistreerd is not None and not override_reden and not offline:
        bestaande = _actieve_op_moment(gezin, afhaalmoment, dag, beoordeling.hulpvorm)
        if bestaande is not None:
            return Registratieresultaat(Uitkomst.DUPLICAAT, _al_geregistreerd(bestaande), bestaande)
    if beoordeling.kleur == rechten.ROOD:
        if not override_reden and not offline:
            return Registratieresultaat(Uitkomst.FOUT, " ".join(beoordeling.redenen))
        status = Afhaling.Status.TE_CONTROLEREN
        controle_reden = f"{controle_reden} {' '.join(beoordeling.redenen)}".strip()[:200]
    if bewijs == Afhaling.Bewijs.GETYPT and not _gekend(gezin, organisatie, voorkennis, alleen):
        status = Afhaling.Status.TE_CONTROLEREN
        getypt = _("Code getypt voor een gezin dat nieuw is bij uw organisatie.")
        controle_reden = f"{getypt} {controle_reden}".strip()[:200]

    if klok_reden:
        # The phone's clock was wrong: the time is the server's best guess, so the
        # coordinator looks at it; the pickup itself happened and is kept.
        status = Afhaling.Status.TE_CONTROLEREN
        controle_reden = f"{klok_reden} {controle_reden}".strip()[:200]

    afhaling = Afhaling(
        idempotentiesleutel=sleutel,
        bezoek=bezoek or sleutel,
        aantal=aantal,
        volwassenen=volwassenen or 0 if beoordeling.is_maaltijd else 0,
        kinderen=kinderen or 0 if beoordeling.is_maaltijd else 0,
        tarief=tarief,
        bedrag=bedrag,
        gezin=gezin,
        kaart=kaart,
        organisatie=organisatie,
        locatie_id=afhaalmoment.locatie_id,
        afhaalmoment=afhaalmoment,
        hulpvorm=beoordeling.hulpvorm,
        doorverwijzing=beoordeling.doorverwijzing,
        zelfmelder=beoordeling.zelfmelder,
        datum=dag,
        gescand_op=gescand_op,
        geregistreerd_door=lidmaatschap.user,
        apparaat=apparaat[:64],
        bewijs=bewijs,
        status=status,
        override_reden=override_reden,
        controle_reden=controle_reden,
        inhoud_hash=inhoud_hash,
    )
    for _poging in range(3):
        if _met_relatie(afhaling, voorkennis):
            break
        # Lost a race: the same key, or the same household at this moment, was
        # committed by a concurrent request between our read and our insert.
        if (eerder := _bestaande_met_sleutel(sleutel, inhoud_hash, organisatie.pk)) is not None:
            return eerder
        bestaande = _actieve_op_moment(gezin, afhaalmoment, dag, afhaling.hulpvorm)
        if bestaande is None:
            continue  # undone meanwhile: the insert may go through now
        if not offline:
            return Registratieresultaat(Uitkomst.DUPLICAAT, _al_geregistreerd(bestaande), bestaande)
        afhaling.status = Afhaling.Status.TE_CONTROLEREN
        afhaling.controle_reden = _al_geregistreerd(bestaande)
    else:
        return Registratieresultaat(
            Uitkomst.FOUT, _("Deze registratie lukte niet. Probeer het opnieuw.")
        )
    voorkennis.geregistreerd(afhaling)
    if nummers and not _bonnen_maken(afhaling, beoordeling.hulpvorm, nummers):
        # Another phone handed out one of these numbers meanwhile: kept, for review.
        afhaling.status = Afhaling.Status.TE_CONTROLEREN
        afhaling.controle_reden = _al_uitgegeven(organisatie, nummers) or ""
        Afhaling.objects.filter(pk=afhaling.pk).update(
            status=afhaling.status, controle_reden=afhaling.controle_reden[:200]
        )
    if afhaling.status == Afhaling.Status.TE_CONTROLEREN:
        return Registratieresultaat(
            Uitkomst.TE_CONTROLEREN,
            _("Geregistreerd. De coördinator kijkt dit na: %(reden)s")
            % {"reden": afhaling.controle_reden},
            afhaling,
        )
    return Registratieresultaat(Uitkomst.GEACCEPTEERD, _("Afhaling geregistreerd."), afhaling)


MAX_MAALTIJDEN = 30


def maaltijdfout(hulpvorm: Hulpvorm | None, volwassenen, kinderen) -> str | None:
    """A meal count the volunteer typed that cannot be right (the constraint holds 1-30)."""
    if volwassenen is None and kinderen is None:
        return None
    if hulpvorm is None or hulpvorm.soort != Hulpvorm.Soort.MAALTIJD:
        return _("Enkel bij een maaltijd tellen we volwassenen en kinderen.")
    totaal = (volwassenen or 0) + (kinderen or 0)
    if (volwassenen or 0) < 0 or (kinderen or 0) < 0 or totaal == 0:
        return _("Tel minstens één maaltijd.")
    if totaal > MAX_MAALTIJDEN:
        return _("Hoogstens %(aantal)d maaltijden per gezin.") % {"aantal": MAX_MAALTIJDEN}
    return None


MAX_BONNEN = 30
GROOTSTE_BONNUMMER = 999_999_999


def bonfout(hulpvorm: Hulpvorm | None, bonnen, eerste_bon) -> str | None:
    """Voucher numbers the volunteer typed that cannot be right."""
    if bonnen is None and eerste_bon is None:
        return None
    if hulpvorm is None or hulpvorm.soort != Hulpvorm.Soort.WAARDEBON:
        return _("Enkel bij een waardebon tellen we bonnen.")
    if bonnen is not None and not 1 <= bonnen <= MAX_BONNEN:
        return _("Geef 1 tot %(aantal)d bonnen per keer.") % {"aantal": MAX_BONNEN}
    if eerste_bon is None or not 1 <= eerste_bon <= GROOTSTE_BONNUMMER - MAX_BONNEN:
        return _("Typ het nummer van de eerste bon, zoals het op de bon staat.")
    return None


def _al_uitgegeven(organisatie, nummers: list[int]) -> str | None:
    bestaande = list(
        Waardebon.objects.filter(organisatie=organisatie, nummer__in=nummers)
        .order_by("nummer")
        .values_list("nummer", "uitgegeven_op")[:3]
    )
    if not bestaande:
        return None
    nummer, dag = bestaande[0]
    return _("Bon %(nummer)s is al uitgegeven op %(dag)s.") % {
        "nummer": nummer,
        "dag": formats.date_format(dag, "j F Y"),
    }


def _bonnen_maken(afhaling: Afhaling, hulpvorm: Hulpvorm, nummers: list[int]) -> bool:
    """The vouchers of a line, or False when the numbers were taken meanwhile (the
    unique constraint decides; the line itself stays)."""
    geldig_tot = kalender.maanden_verder(afhaling.datum, hulpvorm.bon_geldig_maanden)
    try:
        with transaction.atomic():
            Waardebon.objects.bulk_create(
                Waardebon(
                    organisatie_id=afhaling.organisatie_id,
                    nummer=nummer,
                    gezin_id=afhaling.gezin_id,
                    afhaling=afhaling,
                    waarde=hulpvorm.bonwaarde or Decimal("0.01"),
                    uitgegeven_op=afhaling.datum,
                    geldig_tot=geldig_tot,
                )
                for nummer in nummers
            )
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class Lijn:
    """One aid of a visit, as the volunteer ticked it."""

    hulpvorm: Hulpvorm
    override_reden: str = ""
    volwassenen: int | None = None
    kinderen: int | None = None
    bonnen: int | None = None
    eerste_bon: int | None = None


def lijnsleutel(bezoek: uuid.UUID, hulpvorm: Hulpvorm, *, enige: bool) -> uuid.UUID:
    """A line's idempotency key, from the visit's: a form sent twice sends the same keys.
    A visit of one line keeps the visit's key (as every pickup before visits had)."""
    return bezoek if enige else uuid.uuid5(bezoek, hulpvorm.slug)


@audit.samen()  # one change line for the household, however many aids
def bezoek_registreren(
    *, bezoek: uuid.UUID, lijnen: list[Lijn], **gegevens
) -> list[tuple[Lijn, Registratieresultaat]]:
    """Register a visit: each ticked aid a pickup of its own (issue 13.3), with its own
    key and answer; one refused line leaves the others registered. Undone together
    (afhaling_ongedaan_maken with the visit's key)."""
    organisatie = gegevens["lidmaatschap"].organisatie
    gezin = gegevens.get("gezin") or (gegevens["kaart"].gezin if gegevens.get("kaart") else None)
    sleutels = [lijnsleutel(bezoek, lijn.hulpvorm, enige=len(lijnen) == 1) for lijn in lijnen]
    voorkennis = lezen.voorkennis_laden(
        organisatie,
        gezin_ids=[gezin.pk] if gezin else [],
        sleutels=sleutels,
        dagen=[gegevens["dag"]],
    )
    if (
        gezin is not None
        and Gezinsrelatie.objects.filter(gezin=gezin, organisatie=organisatie).exists()
    ):
        voorkennis.met_relatie.add(gezin.pk)
    return [
        (
            lijn,
            afhaling_registreren(
                sleutel=sleutel,
                bezoek=bezoek,
                hulpvorm=lijn.hulpvorm,
                override_reden=lijn.override_reden,
                volwassenen=lijn.volwassenen,
                kinderen=lijn.kinderen,
                bonnen=lijn.bonnen,
                eerste_bon=lijn.eerste_bon,
                voorkennis=voorkennis,
                **gegevens,
            ),
        )
        for lijn, sleutel in zip(lijnen, sleutels, strict=True)
    ]


def _gekend(gezin: Gezin, organisatie, voorkennis: lezen.Voorkennis, alleen: bool) -> bool:
    """Whether the household had any relationship with the organisation before this pickup."""
    if gezin.pk in voorkennis.met_relatie:
        return True
    # A batch read its relationships already; a single registration asks here (typed codes only).
    return alleen and Gezinsrelatie.objects.filter(gezin=gezin, organisatie=organisatie).exists()


def _met_relatie(afhaling: Afhaling, voorkennis: lezen.Voorkennis) -> bool:
    """Insert the pickup, and the household's relationship with the organisation if new."""
    if afhaling.gezin_id in voorkennis.met_relatie:
        return sqlrijen.invoegen_tenzij_bestaat(afhaling)
    with transaction.atomic():
        if not sqlrijen.invoegen_tenzij_bestaat(afhaling):
            return False
        gezinsrelatie_leggen(
            gezin=afhaling.gezin,
            organisatie=afhaling.organisatie,
            reden=Gezinsrelatie.Reden.AFHALING,
        )
    return True


def laatste_activiteit_bijwerken(*, sinds: datetime) -> int:
    """Set the households' `laatste_activiteit` from the pickups received since `sinds`.

    Nightly (registratie.tasks), in one statement, not at every registration:
    the registration then writes no household row (no lock on it, no extra
    statement on the busiest request). The field only orders the household
    list and narrows the retention query, which reads the pickups themselves,
    so a day's lag does no harm. Returns how many households changed.
    """
    laatste = (
        Afhaling.objects.filter(gezin=OuterRef("pk"))
        .exclude(status=Afhaling.Status.ONGEDAAN)
        .order_by("-gescand_op")
        .values("gescand_op")[:1]
    )
    recent = Afhaling.objects.filter(ontvangen_op__gte=sinds).values("gezin_id")
    return (
        Gezin.objects.filter(pk__in=recent)
        .annotate(laatste=Subquery(laatste))
        .filter(laatste__gt=F("laatste_activiteit"))
        .update(laatste_activiteit=Subquery(laatste))
    )


def _actieve_op_moment(
    gezin: Gezin, afhaalmoment: Afhaalmoment, dag: date, hulpvorm: Hulpvorm
) -> Afhaling | None:
    return (
        Afhaling.objects.filter(
            gezin=gezin,
            afhaalmoment=afhaalmoment,
            datum=dag,
            hulpvorm=hulpvorm,
            status=Afhaling.Status.GEREGISTREERD,
            override_reden="",
        )
        .select_related("geregistreerd_door")
        .first()
    )


def afhaling_ongedaan_maken(*, sleutel: uuid.UUID, lidmaatschap: Lidmaatschap) -> Afhaling | None:
    """Undo a pickup just registered by mistake; None when it is no longer possible."""
    grens = timezone.now() - ONGEDAAN_MAKEN_BINNEN
    # A pickup's key, or a visit's: then every line of it (issue 13.3). Only this
    # organisation's: a visit key is any UUID a phone sent, also another's.
    eigen = Afhaling.objects.filter(
        Q(idempotentiesleutel=sleutel) | Q(bezoek=sleutel), organisatie=lidmaatschap.organisatie
    )
    with transaction.atomic():
        ids = list(
            eigen.filter(geregistreerd_door=lidmaatschap.user, ontvangen_op__gte=grens).values_list(
                "pk", flat=True
            )
        )
        if not ids:
            return None
        Afhaling.objects.filter(pk__in=ids).update(status=Afhaling.Status.ONGEDAAN)
        _bonnen_vrijgeven(ids)
    afhaling = Afhaling.objects.filter(pk__in=ids).first()
    audit.gewijzigd([afhaling.gezin_id])
    return afhaling


def _bonnen_vrijgeven(afhaling_ids: list[int]) -> None:
    """Vouchers of pickups that do not count (undone, rejected) were not handed out:
    their numbers are free again. One already redeemed stays (it was used)."""
    Waardebon.objects.filter(afhaling_id__in=afhaling_ids, ingewisseld_op__isnull=True).delete()


@dataclass(frozen=True)
class Besluit:
    """What a review changed, so that it can be taken back (afhaling_terugzetten)."""

    afhaling_id: int
    status: str
    reden_voor: str


@transaction.atomic
def afhaling_beoordelen(
    *, afhaling: Afhaling, goedgekeurd: bool, door, opmerking: str = ""
) -> Besluit | None:
    """A coordinator confirms a flagged pickup (it counts) or rejects it (it does not)."""
    afhaling = Afhaling.objects.select_for_update().get(pk=afhaling.pk)
    if afhaling.status != Afhaling.Status.TE_CONTROLEREN:
        return None
    reden_voor = afhaling.override_reden
    if goedgekeurd:
        afhaling.status = Afhaling.Status.GEREGISTREERD
        nagekeken = _("Nagekeken door %(naam)s.") % {"naam": door.first_name or door.username}
        toelichting = f"{nagekeken} {opmerking}".strip()
        afhaling.override_reden = (afhaling.override_reden or toelichting)[:200]
    else:
        afhaling.status = Afhaling.Status.ONGEDAAN
        afgekeurd = _("Afgekeurd door %(naam)s.") % {"naam": door.first_name or door.username}
        # The volunteer's reason stays; the coordinator's why comes after it.
        delen = [afhaling.override_reden, f"{afgekeurd} {opmerking}".strip()]
        afhaling.override_reden = " · ".join(d for d in delen if d)[:200]
        _bonnen_vrijgeven([afhaling.pk])
    afhaling.save(update_fields=["status", "override_reden"])
    audit.gewijzigd([afhaling.gezin_id])
    return Besluit(afhaling.pk, afhaling.status, reden_voor)


@transaction.atomic
def afhaling_terugzetten(*, besluit: Besluit) -> bool:
    """Undo a review: the pickup is to be reviewed again, as before. Only when nothing
    changed it since (a second coordinator, an undo at the desk)."""
    afhaling = (
        Afhaling.objects.select_for_update()
        .filter(pk=besluit.afhaling_id, status=besluit.status)
        .first()
    )
    if afhaling is None:
        return False
    afhaling.status = Afhaling.Status.TE_CONTROLEREN
    afhaling.override_reden = besluit.reden_voor
    # To be reviewed stands outside the one-per-moment constraint: this cannot conflict.
    afhaling.save(update_fields=["status", "override_reden"])
    audit.gewijzigd([afhaling.gezin_id])
    return True


@transaction.atomic
def dossiertoestemming_registreren(*, lidmaatschap: Lidmaatschap, kaart: Kaart) -> Gezin:
    """The person, at the desk with their card, lets this organisation keep and open their file.

    Stored with the text version shown (toestemming.DOSSIER_VERSIE); it raises
    a desk-level relationship to file level.
    """
    gezin = kaart.gezin
    Toestemming.objects.create(
        gezin=gezin,
        organisatie=lidmaatschap.organisatie,
        doel=Toestemming.Doel.DOSSIER,
        tekstversie=toestemming.DOSSIER_VERSIE,
        geregistreerd_door=lidmaatschap.user,
    )
    gezinsrelatie_leggen(
        gezin=gezin, organisatie=lidmaatschap.organisatie, reden=Gezinsrelatie.Reden.TOESTEMMING
    )
    audit.schrijf(audit.Actie.TOESTEMMING, [gezin.pk])
    return gezin


class IntakeFout(Exception):
    """The intake cannot go on; the message says why, for the volunteer."""


@transaction.atomic
@audit.samen()  # household, card and toeleiding: one change line
def zelfmelder_registreren(
    *,
    lidmaatschap: Lidmaatschap,
    voornaam: str,
    achternaam: str,
    geboortejaar: int,
    volwassenen: int,
    kinderen_0_2: int,
    kinderen_3_11: int,
    kinderen_12_17: int,
    postcode: str,
    kaart: Kaart | None,
    toeleiding: bool,
) -> Gezin:
    """A person who came without referral: household, consent, card and an optional toeleiding."""
    organisatie = lidmaatschap.organisatie
    gezin = gezin_aanmaken(
        organisatie=organisatie,
        personen=[PersoonGegevens(voornaam, achternaam, geboortejaar)],
        volwassenen=volwassenen,
        kinderen_0_2=kinderen_0_2,
        kinderen_3_11=kinderen_3_11,
        kinderen_12_17=kinderen_12_17,
        postcode=postcode,
    )
    Toestemming.objects.create(
        gezin=gezin,
        organisatie=organisatie,
        doel=Toestemming.Doel.REGISTRATIE,
        tekstversie=toestemming.ZELFMELDER_VERSIE,
        geregistreerd_door=lidmaatschap.user,
    )
    if kaart is not None:
        kaart_koppelen(kaart=kaart, gezin=gezin, organisatie=organisatie)
    if toeleiding:
        try:
            toeleiding_aanmaken(
                lidmaatschap=lidmaatschap, gezin=gezin, reden=Toeleiding.Reden.ZELFMELDER
            )
        except DoorverwijzingFout as fout:
            raise IntakeFout(str(fout)) from None
    return gezin
