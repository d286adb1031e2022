"""The offline queue's batch upload: validate each item, register it, answer per item.

One bad item never costs the others: each gets its own answer.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext

from hulpverlening import audit, kaartcodes, scoping
from hulpverlening.models import Gezin, Hulpvorm, Lidmaatschap

from . import lezen, services
from .models import Afhaling
from .services import Uitkomst

MAX_ITEMS = 200
MAX_BYTES = 1024 * 1024
MAX_DAGEN_OUD = 30
# A phone's clock that differs from the server's by more than this when it sends
# is wrong: its scan times are corrected by the difference and flagged.
KLOK_MARGE = timedelta(minutes=10)
# Ids are 64-bit in the database; a larger number can name no row (and the
# database driver would refuse it).
GROOTSTE_ID = 2**63 - 1


class OngeldigItem(ValueError):
    pass


class LaterOpnieuw(Exception):
    """This item cannot be decided now (too many typed codes): the phone keeps it and retries."""


def _tekst(item: dict, veld: str, maximum: int) -> str:
    waarde = item.get(veld) or ""
    if not isinstance(waarde, str):
        raise OngeldigItem(gettext("Veld %(veld)s moet tekst zijn.") % {"veld": veld})
    # PostgreSQL text cannot hold NUL characters.
    return waarde.replace("\x00", "").strip()[:maximum]


@dataclass
class Item:
    """One registration as the phone sent it, checked for form but not yet against the database."""

    sleutel: uuid.UUID
    moment_id: int
    dag: date
    gescand_op: datetime
    kaarttekst: str
    gezin_id: int | None
    override_reden: str
    offline: bool
    # The aid handed out (Hulpvorm.slug); empty: the one the rules give.
    hulpvorm: str = ""
    # The visit this line belongs to (the lines of one tap share it); None: its own.
    bezoek: uuid.UUID | None = None
    # Of a meal: who ate. None: the household's composition.
    volwassenen: int | None = None
    kinderen: int | None = None
    # Of vouchers: how many, and the number of the first.
    bonnen: int | None = None
    eerste_bon: int | None = None
    # Why the device's time was not taken as it came (empty: it was).
    klok_reden: str = ""
    # The device's time could not be right even corrected: date it by the moment.
    dag_van_moment: bool = False

    @property
    def token(self) -> str | None:
        try:
            return kaartcodes.token_from_qr(self.kaarttekst)
        except kaartcodes.OngeldigeKaartcode:
            return None

    @property
    def code(self) -> str | None:
        if not self.kaarttekst or self.kaarttekst.startswith(kaartcodes.QR_PREFIX):
            return None
        try:
            return kaartcodes.normalise_code(self.kaarttekst)
        except kaartcodes.OngeldigeKaartcode:
            return None


def _afwijking(data: dict, nu: datetime) -> timedelta | None:
    """How far the phone's clock is behind the server's (negative: ahead), from the
    time it says it sent the batch; None when it did not say (older pages)."""
    try:
        klok = parse_datetime(str(data.get("klok") or ""))
    except ValueError:
        return None
    if klok is None:
        return None
    if timezone.is_naive(klok):
        klok = timezone.make_aware(klok)
    return nu - klok


def _duur(verschil: timedelta) -> str:
    minuten = round(abs(verschil).total_seconds() / 60)
    if minuten < 120:
        return gettext("%(aantal)d minuten") % {"aantal": minuten}
    uren = round(minuten / 60)
    if uren < 48:
        return gettext("%(aantal)d uur") % {"aantal": uren}
    return gettext("%(aantal)d dagen") % {"aantal": round(uren / 24)}


def _tijd_van_toestel(
    gescand_op: datetime, dag: date, nu: datetime, afwijking: timedelta | None
) -> tuple[datetime, date, str, bool]:
    """The scan time and day to record, why they differ from what the phone said,
    and whether the day must come from the moment instead.

    A wrong clock never drops a pickup: a known difference is corrected, an
    impossible time (in the future, years ago) is replaced by the moment's day;
    both are flagged for the coordinator.
    """
    reden = ""
    vandaag = timezone.localdate(nu)
    try:
        if afwijking is not None and abs(afwijking) > KLOK_MARGE:
            richting = gettext("voor") if afwijking < timedelta(0) else gettext("achter")
            reden = gettext(
                "De klok van het toestel liep %(duur)s %(richting)s; het tijdstip is verbeterd."
            ) % {"duur": _duur(afwijking), "richting": richting}
            gescand_op += afwijking
            dag = timezone.localdate(gescand_op)
        onmogelijk = (
            gescand_op > nu + KLOK_MARGE
            or gescand_op < nu - timedelta(days=MAX_DAGEN_OUD + 1)
            or not vandaag - timedelta(days=MAX_DAGEN_OUD) <= dag <= vandaag
        )
    except (OverflowError, ValueError):  # a time near year 1 or 9999
        onmogelijk = True
    if onmogelijk:
        reden = gettext(
            "Het tijdstip van het toestel (%(tijd)s) kan niet kloppen: de afhaling is op "
            "het afhaalmoment gedateerd. Kijk de klok van het toestel na."
        ) % {"tijd": gescand_op.strftime("%d/%m/%Y %H:%M")}
        return nu, vandaag, reden, True
    return gescand_op, dag, reden, False


def _lees_item(item: object, nu: datetime, afwijking: timedelta | None = None) -> Item:
    if not isinstance(item, dict):
        raise OngeldigItem(gettext("Dit item is geen registratie."))
    try:
        sleutel = uuid.UUID(str(item.get("sleutel")))
    except ValueError:
        raise OngeldigItem(gettext("Deze registratie heeft geen geldige sleutel.")) from None
    moment_id = item.get("moment")
    if not isinstance(moment_id, int) or isinstance(moment_id, bool):
        raise OngeldigItem(gettext("Het afhaalmoment ontbreekt."))
    if not 0 < moment_id <= GROOTSTE_ID:
        raise OngeldigItem(gettext("Dit afhaalmoment is niet van uw organisatie."))
    try:
        dag = parse_date(str(item.get("datum") or ""))
    except ValueError:
        dag = None
    if dag is None:
        raise OngeldigItem(gettext("De datum ontbreekt of is ongeldig."))
    try:
        gescand_op = parse_datetime(str(item.get("gescand_op") or ""))
    except ValueError:
        gescand_op = None
    if gescand_op is None:
        raise OngeldigItem(gettext("Het scantijdstip ontbreekt of is ongeldig."))
    if timezone.is_naive(gescand_op):
        gescand_op = timezone.make_aware(gescand_op)
    gescand_op, dag, klok_reden, dag_van_moment = _tijd_van_toestel(gescand_op, dag, nu, afwijking)
    kaarttekst = _tekst(item, "kaart", 200)
    gezin_id = item.get("gezin")
    if not kaarttekst:
        if gezin_id is None:
            raise OngeldigItem(gettext("Kaart of gezin ontbreekt."))
        if not isinstance(gezin_id, int) or isinstance(gezin_id, bool):
            raise OngeldigItem(gettext("Het gezin is ongeldig."))
        if not 0 < gezin_id <= GROOTSTE_ID:
            raise OngeldigItem(gettext("Dit gezin is niet gekend bij uw organisatie."))
    bezoek = None
    if item.get("bezoek") is not None:
        try:
            bezoek = uuid.UUID(str(item["bezoek"]))
        except ValueError:
            raise OngeldigItem(gettext("Dit bezoek heeft geen geldige sleutel.")) from None
    return Item(
        sleutel=sleutel,
        bezoek=bezoek,
        volwassenen=_aantal(item, "volwassenen"),
        kinderen=_aantal(item, "kinderen"),
        bonnen=_aantal(item, "bonnen"),
        eerste_bon=_bonnummer(item),
        moment_id=moment_id,
        dag=dag,
        gescand_op=gescand_op,
        kaarttekst=kaarttekst,
        gezin_id=None if kaarttekst else gezin_id,
        override_reden=_tekst(item, "override_reden", 200),
        offline=bool(item.get("offline", False)),
        hulpvorm=_tekst(item, "hulpvorm", 50),
        klok_reden=klok_reden,
        dag_van_moment=dag_van_moment,
    )


def _aantal(item: dict, veld: str) -> int | None:
    waarde = item.get(veld)
    if waarde is None:
        return None
    if not isinstance(waarde, int) or isinstance(waarde, bool) or not 0 <= waarde <= 30:
        raise OngeldigItem(gettext("Tel met een getal van 0 tot 30."))
    return waarde


def _bonnummer(item: dict) -> int | None:
    waarde = item.get("eerste_bon")
    if waarde is None:
        return None
    if not isinstance(waarde, int) or isinstance(waarde, bool) or not 0 < waarde < 10**9:
        raise OngeldigItem(gettext("Typ het nummer van de eerste bon, zoals het op de bon staat."))
    return waarde


@dataclass
class Batch:
    """What the batch's items refer to, read at once: moments, cards, visible households."""

    kaartgegevens: lezen.Kaartgegevens
    gezinnen: dict[int, Gezin]
    hulpvormen: dict[str, Hulpvorm]

    @classmethod
    def laden(cls, lidmaatschap: Lidmaatschap, items: list[Item]) -> "Batch":
        gegevens = lezen.kaartgegevens(
            lidmaatschap.organisatie,
            moment_ids=sorted({i.moment_id for i in items}),
            tokens=sorted({i.token for i in items if i.token}),
            codes=sorted({i.code for i in items if i.code}),
        )
        gezin_ids = {i.gezin_id for i in items if i.gezin_id is not None}
        gezinnen = scoping.gezinnen(lidmaatschap).in_bulk(sorted(gezin_ids)) if gezin_ids else {}
        # Visible means related (Gezin.objects.zichtbaar_voor).
        gegevens.met_relatie |= set(gezinnen)
        slugs = sorted({i.hulpvorm for i in items if i.hulpvorm})
        hulpvormen = (
            Hulpvorm.objects.filter(slug__in=slugs, actief=True).in_bulk(field_name="slug")
            if slugs
            else {}
        )
        return cls(kaartgegevens=gegevens, gezinnen=gezinnen, hulpvormen=hulpvormen)

    def velden(self, lidmaatschap: Lidmaatschap, item: Item) -> dict:
        """The service's arguments for this item, or OngeldigItem saying what is wrong."""
        moment = self.kaartgegevens.momenten.get(item.moment_id)
        if moment is None:
            raise OngeldigItem(gettext("Dit afhaalmoment is niet van uw organisatie."))
        kaart = gezin = None
        if item.kaarttekst:
            opzoeking = scoping.kaart_opzoeken(
                lidmaatschap,
                item.kaarttekst,
                toon_gezin=False,
                vooraf_geladen=self.kaartgegevens.kaarten,
            )
            if opzoeking.limiet:
                raise LaterOpnieuw(opzoeking.fout)
            if opzoeking.kaart is None or (
                opzoeking.kaart.gemeente_id != lidmaatschap.organisatie.gemeente_id
            ):
                raise OngeldigItem(opzoeking.fout or gettext("Deze kaart kennen we niet."))
            kaart = opzoeking.kaart
            bewijs = Afhaling.Bewijs.GETYPT if opzoeking.getypt else Afhaling.Bewijs.GESCAND
        else:
            gezin = self.gezinnen.get(item.gezin_id)
            if gezin is None:
                raise OngeldigItem(gettext("Dit gezin is niet gekend bij uw organisatie."))
            bewijs = Afhaling.Bewijs.GEZOCHT
        hulpvorm = None
        if item.hulpvorm:
            hulpvorm = self.hulpvormen.get(item.hulpvorm)
            if hulpvorm is None:
                raise OngeldigItem(gettext("Deze hulpvorm kennen we niet."))
        dag = _laatste_dag_van(moment, item.dag) if item.dag_van_moment else item.dag
        return {
            "hulpvorm": hulpvorm,
            "bezoek": item.bezoek,
            "volwassenen": item.volwassenen,
            "kinderen": item.kinderen,
            "bonnen": item.bonnen,
            "eerste_bon": item.eerste_bon,
            "sleutel": item.sleutel,
            "afhaalmoment": moment,
            "dag": dag,
            "klok_reden": item.klok_reden,
            "gescand_op": item.gescand_op,
            "kaart": kaart,
            "gezin": gezin,
            "override_reden": item.override_reden,
            "offline": item.offline,
            "bewijs": bewijs,
        }


def _laatste_dag_van(moment, tot: date) -> date:
    """The moment's last day on or before `tot` (today): a pickup whose own date cannot
    be trusted happened at the desk of this moment, so on its most recent day."""
    return tot - timedelta(days=(tot.weekday() - moment.weekdag) % 7)


def batch_verwerken(lidmaatschap: Lidmaatschap, data: object) -> list[dict]:
    """Answers per item; raises OngeldigItem only when the whole batch is unusable."""
    if not isinstance(data, dict) or not isinstance(data.get("afhalingen"), list):
        raise OngeldigItem(gettext("Verwacht een object met een lijst 'afhalingen'."))
    ruwe_items = data["afhalingen"]
    if len(ruwe_items) > MAX_ITEMS:
        raise OngeldigItem(
            gettext("Hoogstens %(aantal)d registraties per keer.") % {"aantal": MAX_ITEMS}
        )
    apparaat = data.get("apparaat") if isinstance(data.get("apparaat"), str) else ""
    apparaat = apparaat.replace("\x00", "")[:64]
    nu = timezone.now()
    afwijking = _afwijking(data, nu)

    antwoorden: list[dict] = []
    gelezen: list[tuple[dict, Item]] = []
    for ruw in ruwe_items:
        antwoord = {"sleutel": str(ruw.get("sleutel", "")) if isinstance(ruw, dict) else ""}
        antwoorden.append(antwoord)
        try:
            gelezen.append((antwoord, _lees_item(ruw, nu, afwijking)))
        except OngeldigItem as fout:
            antwoord |= {"uitkomst": Uitkomst.FOUT, "bericht": str(fout)}
    if not gelezen:
        return antwoorden

    batch = Batch.laden(lidmaatschap, [item for _, item in gelezen])
    te_registreren: list[tuple[dict, dict]] = []
    for antwoord, item in gelezen:
        try:
            te_registreren.append((antwoord, batch.velden(lidmaatschap, item)))
        except OngeldigItem as fout:
            antwoord |= {"uitkomst": Uitkomst.FOUT, "bericht": str(fout)}
        except LaterOpnieuw as fout:
            antwoord |= {"uitkomst": Uitkomst.LATER, "bericht": str(fout)}
    if not te_registreren:
        return antwoorden

    voorkennis = lezen.voorkennis_laden(
        lidmaatschap.organisatie,
        gezin_ids=[v["gezin"].pk if v["gezin"] else v["kaart"].gezin_id for _, v in te_registreren],
        sleutels=[v["sleutel"] for _, v in te_registreren],
        dagen=[v["dag"] for _, v in te_registreren],
        met_relatie=batch.kaartgegevens.met_relatie,
        doorverwijzingen_van=batch.kaartgegevens.doorverwijzingen,
    )
    with audit.samen():
        for antwoord, velden in te_registreren:
            resultaat = services.afhaling_registreren(
                lidmaatschap=lidmaatschap, apparaat=apparaat, voorkennis=voorkennis, **velden
            )
            antwoord |= {"uitkomst": resultaat.uitkomst, "bericht": resultaat.bericht}
            if resultaat.zelfde_sleutel:
                antwoord["zelfde_sleutel"] = True
    return antwoorden
