"""The offline queue's batch upload: validate each item, register it, answer per item.

One bad item never costs the others: each gets its own answer.
"""

import uuid
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from hulpverlening import kaartcodes, scoping
from hulpverlening.models import Kaart, Lidmaatschap

from . import balie, services
from .models import Afhaling
from .services import Uitkomst

MAX_ITEMS = 200
MAX_BYTES = 1024 * 1024
MAX_DAGEN_OUD = 30


class OngeldigItem(ValueError):
    pass


def _tekst(item: dict, veld: str, maximum: int) -> str:
    waarde = item.get(veld) or ""
    if not isinstance(waarde, str):
        raise OngeldigItem(f"Veld {veld} moet tekst zijn.")
    # PostgreSQL text cannot hold NUL characters.
    return waarde.replace("\x00", "").strip()[:maximum]


def _parse_item(
    lidmaatschap: Lidmaatschap, item: dict, nu: datetime, momenten: dict, kaarten: dict
) -> dict:
    if not isinstance(item, dict):
        raise OngeldigItem("Dit item is geen registratie.")
    try:
        sleutel = uuid.UUID(str(item.get("sleutel")))
    except ValueError:
        raise OngeldigItem("Deze registratie heeft geen geldige sleutel.") from None
    moment_id = item.get("moment")
    if not isinstance(moment_id, int) or isinstance(moment_id, bool):
        raise OngeldigItem("Het afhaalmoment ontbreekt.")
    if moment_id not in momenten:
        momenten[moment_id] = balie.momenten_van(lidmaatschap).filter(pk=moment_id).first()
    moment = momenten[moment_id]
    if moment is None:
        raise OngeldigItem("Dit afhaalmoment is niet van uw organisatie.")
    try:
        dag = parse_date(str(item.get("datum") or ""))
    except ValueError:
        dag = None
    if dag is None:
        raise OngeldigItem("De datum ontbreekt of is ongeldig.")
    try:
        gescand_op = parse_datetime(str(item.get("gescand_op") or ""))
    except ValueError:
        gescand_op = None
    if gescand_op is None:
        raise OngeldigItem("Het scantijdstip ontbreekt of is ongeldig.")
    if gescand_op.year < nu.year - 1:
        raise OngeldigItem("Het scantijdstip ligt te ver in het verleden.")
    if gescand_op.year > nu.year + 1:
        raise OngeldigItem("Het scantijdstip ligt in de toekomst. Kijk de klok van het toestel na.")
    if timezone.is_naive(gescand_op):
        gescand_op = timezone.make_aware(gescand_op)
    if gescand_op > nu + timedelta(days=1) or dag > nu.date() + timedelta(days=1):
        raise OngeldigItem("Het scantijdstip ligt in de toekomst. Kijk de klok van het toestel na.")
    if dag < nu.date() - timedelta(days=MAX_DAGEN_OUD):
        raise OngeldigItem(f"Deze registratie is ouder dan {MAX_DAGEN_OUD} dagen.")
    kaarttekst = _tekst(item, "kaart", 200)
    gezin_id = item.get("gezin")
    kaart = gezin = None
    if kaarttekst:
        opzoeking = scoping.kaart_opzoeken(
            lidmaatschap, kaarttekst, toon_gezin=False, vooraf_geladen=kaarten
        )
        if opzoeking.kaart is None or (
            opzoeking.kaart.gemeente_id != lidmaatschap.organisatie.gemeente_id
        ):
            raise OngeldigItem(opzoeking.fout or "Deze kaart kennen we niet.")
        kaart = opzoeking.kaart
    elif gezin_id is not None:
        if not isinstance(gezin_id, int) or isinstance(gezin_id, bool):
            raise OngeldigItem("Het gezin is ongeldig.")
        gezin = scoping.gezinnen(lidmaatschap).filter(pk=gezin_id).first()
        if gezin is None:
            raise OngeldigItem("Dit gezin is niet gekend bij uw organisatie.")
    else:
        raise OngeldigItem("Kaart of gezin ontbreekt.")
    return {
        "sleutel": sleutel,
        "afhaalmoment": moment,
        "dag": dag,
        "gescand_op": gescand_op,
        "kaart": kaart,
        "gezin": gezin,
        "override_reden": _tekst(item, "override_reden", 200),
        "offline": bool(item.get("offline", False)),
    }


def _vooraf_laden(items: list) -> tuple[dict, dict]:
    """The batch's cards (by token) and already received pickups (by key), in two queries."""
    tokens, sleutels = set(), set()
    for item in items:
        if not isinstance(item, dict):
            continue
        tekst = item.get("kaart")
        if isinstance(tekst, str) and tekst.strip().startswith(kaartcodes.QR_PREFIX):
            tokens.add(tekst.strip()[len(kaartcodes.QR_PREFIX) :])
        try:
            sleutels.add(uuid.UUID(str(item.get("sleutel"))))
        except ValueError:
            continue
    kaarten = {k.token: k for k in Kaart.objects.filter(token__in=tokens).select_related("gezin")}
    bekend = {
        a.idempotentiesleutel: a
        for a in Afhaling.objects.filter(idempotentiesleutel__in=sleutels).select_related(
            "geregistreerd_door"
        )
    }
    return kaarten, bekend


def batch_verwerken(lidmaatschap: Lidmaatschap, data: object) -> list[dict]:
    """Answers per item; raises OngeldigItem only when the whole batch is unusable."""
    if not isinstance(data, dict) or not isinstance(data.get("afhalingen"), list):
        raise OngeldigItem("Verwacht een object met een lijst 'afhalingen'.")
    items = data["afhalingen"]
    if len(items) > MAX_ITEMS:
        raise OngeldigItem(f"Hoogstens {MAX_ITEMS} registraties per keer.")
    apparaat = data.get("apparaat") if isinstance(data.get("apparaat"), str) else ""
    apparaat = apparaat.replace("\x00", "")
    nu = timezone.now()
    momenten: dict = {}  # a batch is almost always one pickup moment: look it up once
    kaarten, bekend = _vooraf_laden(items)
    antwoorden = []
    for item in items:
        sleutel = str(item.get("sleutel", "")) if isinstance(item, dict) else ""
        try:
            velden = _parse_item(lidmaatschap, item, nu, momenten, kaarten)
        except OngeldigItem as fout:
            antwoorden.append({"sleutel": sleutel, "uitkomst": Uitkomst.FOUT, "bericht": str(fout)})
            continue
        resultaat = services.afhaling_registreren(
            lidmaatschap=lidmaatschap, apparaat=apparaat[:64], bekende_sleutels=bekend, **velden
        )
        antwoorden.append(
            {
                "sleutel": sleutel,
                "uitkomst": resultaat.uitkomst,
                "bericht": resultaat.bericht,
                "gezin": resultaat.afhaling.gezin_id if resultaat.afhaling else None,
            }
        )
    return antwoorden
