"""What registering pickups reads from the database, in short plain SQL.

A registration is the platform's hot path: the sync endpoint answers every
scan. The ORM spent more time compiling these queries than the database spent
answering them (see registratie/sqlrijen.py), so they are written out here,
once, and used by the sync endpoint, the desk and the offline roster alike.
tests/registratie/test_lezen.py holds each of them against the ORM query it replaces.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.contrib.auth import get_user_model

from doorverwijzing.models import Doorverwijzing
from hulpverlening.models import (
    Afhaalmoment,
    Gezin,
    Gezinsrelatie,
    Hulpvorm,
    Kaart,
    Locatie,
    Organisatie,
)

from .models import Afhaalregels, Afhaling
from .sqlrijen import Kolommen, delen, kolom, lijst, rijen, tabel, waarde

# How far back pickups count for the rules (rechten.py): a month and a week.
TERUGBLIK_DAGEN = 35

_MOMENT = Kolommen(Afhaalmoment, "m")
_LOCATIE = Kolommen(Locatie, "l")
_KAART = Kolommen(Kaart, "k")
_GEZIN = Kolommen(Gezin, "g")
_VERWIJZING = Kolommen(Doorverwijzing, "d")
_HULPVORM = Kolommen(Hulpvorm, "h")
_AFHALING = Kolommen(Afhaling, "a")
_REGELS = Kolommen(Afhaalregels, "ar")
_DOOR = Kolommen(get_user_model(), "u", velden=("id", "username", "first_name"))


@dataclass
class Kaartgegevens:
    """What a batch's items point at: moments, cards with their households, and more."""

    # This organisation's active moments at active locations (balie.momenten_van), with location.
    momenten: dict[int, Afhaalmoment] = field(default_factory=dict)
    # Cards by token and by short code, each with its household.
    kaarten: dict[str, Kaart] = field(default_factory=dict)
    # Of those households: which the organisation knows at its desk already
    # (Gezin.objects.aan_balie_bij: a relationship of either level),
    met_relatie: set[int] = field(default_factory=set)
    # and all their referrals to it, each with its Hulpvorm.
    doorverwijzingen: dict[int, list[Doorverwijzing]] = field(default_factory=dict)


def kaartgegevens(
    organisatie: Organisatie, *, moment_ids: list[int], tokens: list[str], codes: list[str]
) -> Kaartgegevens:
    """One query for the moments and cards of a batch (see sqlrijen for why one).

    Rows are moment × card × referral. No valid moment means no rows, and then
    no item of the batch can be registered anyway. No scoping of cards: whoever
    holds a card may register with it, as in scoping.kaart_opzoeken, which
    decides what the caller may see.
    """
    gegevens = Kaartgegevens()
    if not moment_ids:
        return gegevens
    sql = _kaartgegevens_sql(len(moment_ids), max(len(tokens), 1), max(len(codes), 1))
    params = [
        *(tokens or [""]),
        *(codes or [""]),
        organisatie.pk,
        organisatie.gemeente_id,
        organisatie.pk,
        *moment_ids,
        organisatie.pk,
        True,
        True,
    ]
    verwijzingen: dict[int, dict[int, Doorverwijzing]] = {}
    for rij in rijen(sql, params):
        moment, locatie, regels, kaart, gezin, verwijzing, hulpvorm = delen(rij, *_KAARTGEGEVENS)
        if not gegevens.momenten:
            # The rules travel along (rechten.regels_van then asks nothing); None when
            # the organisation has none yet, and then regels_van gives the defaults.
            Afhaalregels.organisatie.field.remote_field.set_cached_value(organisatie, regels)
        if moment.pk not in gegevens.momenten:
            Afhaalmoment.locatie.field.set_cached_value(moment, locatie)
            gegevens.momenten[moment.pk] = moment
        if kaart is None:
            continue
        if kaart.token not in gegevens.kaarten:
            Kaart.gezin.field.set_cached_value(kaart, gezin)
            gegevens.kaarten[kaart.token] = gegevens.kaarten[kaart.code] = kaart
        if gezin is None:
            continue
        per_id = verwijzingen.setdefault(gezin.pk, {})  # also for a household without any
        if rij[-1] is not None:
            gegevens.met_relatie.add(gezin.pk)
        if verwijzing is not None:
            Doorverwijzing.hulpvorm.field.set_cached_value(verwijzing, hulpvorm)
            per_id[verwijzing.pk] = verwijzing
    gegevens.doorverwijzingen = {pk: list(per_id.values()) for pk, per_id in verwijzingen.items()}
    return gegevens


_KAARTGEGEVENS = (_MOMENT, _LOCATIE, _REGELS, _KAART, _GEZIN, _VERWIJZING, _HULPVORM)


@lru_cache(maxsize=64)
def _kaartgegevens_sql(momenten: int, tokens: int, codes: int) -> str:
    # Cached per list length: sqlrijen.lijst takes the values, here only their number.
    return (
        f"SELECT {', '.join(k.sql for k in _KAARTGEGEVENS)}, r.id "
        f"FROM {tabel(Afhaalmoment)} m "
        f"JOIN {tabel(Locatie)} l ON l.id = m.{kolom(Afhaalmoment, 'locatie')} "
        f"LEFT JOIN {tabel(Afhaalregels)} ar "
        f"ON ar.{kolom(Afhaalregels, 'organisatie')} = l.{kolom(Locatie, 'organisatie')} "
        f"LEFT JOIN {tabel(Kaart)} k ON (k.{kolom(Kaart, 'token')} IN ({lijst(range(tokens))}) "
        f"OR k.{kolom(Kaart, 'code')} IN ({lijst(range(codes))})) "
        f"LEFT JOIN {tabel(Gezin)} g ON g.id = k.{kolom(Kaart, 'gezin')} "
        # A join on the unique (organisatie, gezin) index, not EXISTS: PostgreSQL
        # plans that as a scan of all the organisation's relationships.
        f"LEFT JOIN {tabel(Gezinsrelatie)} r ON r.{kolom(Gezinsrelatie, 'gezin')} = g.id "
        f"AND r.{kolom(Gezinsrelatie, 'organisatie')} = %s "
        # The rule of Gezin.objects.aan_balie_bij: same municipality, not pseudonymised.
        f"AND g.{kolom(Gezin, 'gemeente')} = %s "
        f"AND g.{kolom(Gezin, 'gepseudonimiseerd_op')} IS NULL "
        f"LEFT JOIN {tabel(Doorverwijzing)} d ON d.{kolom(Doorverwijzing, 'gezin')} = g.id "
        f"AND d.{kolom(Doorverwijzing, 'organisatie')} = %s "
        f"LEFT JOIN {tabel(Hulpvorm)} h ON h.id = d.{kolom(Doorverwijzing, 'hulpvorm')} "
        f"WHERE m.id IN ({lijst(range(momenten))}) AND l.{kolom(Locatie, 'organisatie')} = %s "
        f"AND m.{kolom(Afhaalmoment, 'actief')} = %s AND l.{kolom(Locatie, 'actief')} = %s"
    )


def doorverwijzingen(
    organisatie: Organisatie, gezin_ids: list[int]
) -> dict[int, list[Doorverwijzing]]:
    """Every referral of these households to this organisation, with its Hulpvorm."""
    if not gezin_ids:
        return {}
    sql = (
        f"SELECT {_VERWIJZING.sql}, {_HULPVORM.sql} FROM {tabel(Doorverwijzing)} d "
        f"JOIN {tabel(Hulpvorm)} h ON h.id = d.{kolom(Doorverwijzing, 'hulpvorm')} "
        f"WHERE d.{kolom(Doorverwijzing, 'organisatie')} = %s "
        f"AND d.{kolom(Doorverwijzing, 'gezin')} IN ({lijst(gezin_ids)})"
    )
    per_gezin: dict[int, list[Doorverwijzing]] = defaultdict(list)
    for rij in rijen(sql, [organisatie.pk, *gezin_ids]):
        verwijzing = _VERWIJZING.maak(rij)
        Doorverwijzing.hulpvorm.field.set_cached_value(
            verwijzing, _HULPVORM.maak(rij, len(_VERWIJZING))
        )
        per_gezin[verwijzing.gezin_id].append(verwijzing)
    return per_gezin


def afhalingen(
    organisatie: Organisatie,
    gezin_ids: list[int],
    *,
    van: date,
    tot: date,
    sleutels: list[uuid.UUID] = (),
    altijd: list[int] = (),
) -> tuple[dict[int, list[Afhaling]], dict[uuid.UUID, Afhaling]]:
    """Pickups that count for the rules, and pickups already received under these keys.

    Counted are this organisation's pickups of these households from `van` to
    `tot`, plus every earlier zelfmelder visit (a handful at most: they are
    capped) and every earlier pickup of the aids in `altijd` (one-off kits: a
    baby kit given once counts for good), not undone, in the order they were
    scanned. Each comes with the name of who registered it.
    """
    if not gezin_ids and not sleutels:
        return {}, {}
    a = _AFHALING
    door = kolom(Afhaling, "geregistreerd_door")
    sql = (
        f"SELECT {a.sql}, {_DOOR.sql} FROM {tabel(Afhaling)} a "
        f"LEFT JOIN {tabel(get_user_model())} u ON u.id = a.{door} "
        f"WHERE (a.{kolom(Afhaling, 'organisatie')} = %s "
        f"AND a.{kolom(Afhaling, 'gezin')} IN ({lijst(gezin_ids)}) "
        f"AND a.{kolom(Afhaling, 'datum')} <= %s "
        f"AND (a.{kolom(Afhaling, 'datum')} >= %s OR a.{kolom(Afhaling, 'zelfmelder')} = %s "
        f"OR a.{kolom(Afhaling, 'hulpvorm')} IN ({lijst(altijd or [0])})) "
        f"AND a.{kolom(Afhaling, 'status')} <> %s) "
        f"OR a.{kolom(Afhaling, 'idempotentiesleutel')} IN ({lijst(sleutels)}) "
        f"ORDER BY a.{kolom(Afhaling, 'gescand_op')}"
    )
    params = [
        organisatie.pk,
        *(gezin_ids or [0]),
        waarde(Afhaling, "datum", tot),
        waarde(Afhaling, "datum", van),
        True,
        *(altijd or [0]),
        Afhaling.Status.ONGEDAAN.value,
        *(waarde(Afhaling, "idempotentiesleutel", s) for s in sleutels or [uuid.UUID(int=0)]),
    ]
    gevraagd = set(sleutels)
    tellen = set(gezin_ids)
    voorgoed = set(altijd)
    per_gezin: dict[int, list[Afhaling]] = defaultdict(list)
    bekend: dict[uuid.UUID, Afhaling] = {}
    for rij in rijen(sql, params):
        afhaling = a.maak(rij)
        Afhaling.geregistreerd_door.field.set_cached_value(afhaling, _DOOR.maak(rij, len(a)))
        if afhaling.idempotentiesleutel in gevraagd:
            bekend[afhaling.idempotentiesleutel] = afhaling
        if (
            afhaling.organisatie_id == organisatie.pk
            and afhaling.gezin_id in tellen
            and afhaling.status != Afhaling.Status.ONGEDAAN
            and afhaling.datum <= tot
            and (afhaling.datum >= van or afhaling.zelfmelder or afhaling.hulpvorm_id in voorgoed)
        ):
            per_gezin[afhaling.gezin_id].append(afhaling)
    return per_gezin, bekend


def eenmalige_hulpvormen() -> list[int]:
    """The one-off aids, whose pickups count for all time (from the cache: no query)."""
    return sorted(
        h.pk for h in Hulpvorm.objects.per_slug().values() if h.soort == Hulpvorm.Soort.EENMALIG
    )


@dataclass
class Voorkennis:
    """What a batch of registrations read before writing, kept up to date while it writes.

    One read for the whole batch instead of one per item; a pickup the batch
    registers counts for its next items (`geregistreerd`).
    """

    organisatie: Organisatie
    doorverwijzingen: dict[int, list[Doorverwijzing]] = field(default_factory=dict)
    afhalingen: dict[int, list[Afhaling]] = field(default_factory=dict)
    bekend: dict[uuid.UUID, Afhaling] = field(default_factory=dict)
    # Households known to have a Gezinsrelatie with the organisation already.
    met_relatie: set[int] = field(default_factory=set)
    # The one-off aids (read once per batch, not per item), and the organisation's
    # rules per aid (filled by the first registration that needs them).
    eenmalige: list[int] = field(default_factory=list)
    hulpvormregels: dict | None = None

    def geregistreerd(self, afhaling: Afhaling) -> None:
        self.bekend[afhaling.idempotentiesleutel] = afhaling
        self.afhalingen.setdefault(afhaling.gezin_id, []).append(afhaling)
        self.met_relatie.add(afhaling.gezin_id)


def voorkennis_laden(
    organisatie: Organisatie,
    *,
    gezin_ids: list[int],
    sleutels: list[uuid.UUID],
    dagen: list[date],
    met_relatie: set[int] = frozenset(),
    doorverwijzingen_van: dict[int, list[Doorverwijzing]] | None = None,
) -> Voorkennis:
    """For registrations on `dagen` (at least one) of these households under these keys.

    Referrals already read (by kaartgegevens) are passed in; the rest are read here.
    """
    gezin_ids = sorted({pk for pk in gezin_ids if pk is not None})
    eenmalige = eenmalige_hulpvormen()
    verwijzingen = dict(doorverwijzingen_van or {})
    if ontbrekend := [pk for pk in gezin_ids if pk not in verwijzingen]:
        verwijzingen |= doorverwijzingen(organisatie, ontbrekend)
    per_gezin, bekend = afhalingen(
        organisatie,
        gezin_ids,
        van=min(dagen) - timedelta(days=TERUGBLIK_DAGEN),
        tot=max(dagen),
        sleutels=sleutels,
        altijd=eenmalige,
    )
    return Voorkennis(
        organisatie=organisatie,
        doorverwijzingen=verwijzingen,
        afhalingen=per_gezin,
        bekend=bekend,
        met_relatie=set(met_relatie),
        eenmalige=eenmalige,
    )
