"""The plan of the demo: households, referrals and months of pickups, from one seeded Random."""

from __future__ import annotations

import importlib
import itertools
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from doorverwijzing.models import Doorverwijzing
from hulpverlening import kaartcodes
from hulpverlening.kalender import maanden_terug, maanden_verder
from hulpverlening.models import (
    Afhaalmoment,
    Gemeente,
    Gezin,
    Gezinsrelatie,
    Hulpvorm,
    Kaart,
    KaartBatch,
    Lidmaatschap,
    Locatie,
    Organisatie,
    Persoon,
    Rol,
)
from registratie.drukte import VENSTER_DAGEN
from registratie.models import Afhaling, Hulpvormregels, Waardebon

from .accounts import DEMO_ACCOUNTS, DEMO_USERNAMES, DemoFout
from .gegevens import (
    AANTAL_LOCATIES,
    BONNEN_INITIATIEF,
    DEMO_GEWICHT,
    DEMO_INITIATIEF,
    DEMO_MOMENTEN,
    DEMO_WACHTWOORD,
    DOORVERWIJZERS,
    EEKLO,
    GENT,
    GEZINSTYPE_GEWICHTEN,
    GEZINSTYPES,
    HERKOMST_GEWICHTEN,
    HERKOMSTEN,
    HULPVORMEN_VAN,
    INITIATIEF_EEKLO,
    INITIATIEVEN,
    LOKALEN,
    POSTCODE_GEWICHTEN,
    RESTAURANT,
    RESTAURANT_MOMENTEN,
    SOCIALE_DIENST,
    STAD_GENT,
    STRATEN,
    TARIEVEN,
    TIJDSLOTEN,
    TWEEDE_INITIATIEF,
    VH,
    WIJKEN,
    Herkomst,
    Soort,
)
from .schrijven import AFHALING_KOLOMMEN, ZELFMELDER_BEZOEKEN, Ids, foreign_keys_achteraf, schrijf

# --- the plan ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Moment:
    id: int
    locatie_id: int
    organisatie_id: int
    weekdag: int
    start: time
    duur: int  # seconds
    capaciteit: int
    toestellen: tuple[str, ...]


@dataclass(slots=True)
class _Initiatief:
    org: Organisatie
    momenten: list[_Moment]
    vrijwilligers: list[int]
    postcodes: list[str]

    @property
    def capaciteit(self) -> int:
        return sum(m.capaciteit for m in self.momenten)


@dataclass(slots=True)
class _Gezin:
    id: int
    gemeente_id: int
    aangemaakt_door: int
    aangemaakt_op: datetime
    postcode: str
    personen: list[tuple[str, str, int, str]]  # voornaam, achternaam, geboortejaar, relatie
    telling: tuple[int, int, int, int]  # volwassenen, 0-2, 3-11, 12-17
    initiatief: _Initiatief
    moment: _Moment
    begin: date
    einde: date
    stap: int
    fase: int
    opkomst: float
    pauze: tuple[int, int]
    tweede: tuple[_Initiatief, _Moment] | None
    kaart_id: int
    oude_kaart_id: int | None = None
    vervangen_op: datetime | None = None
    batch_id: int | None = None
    batch_op: datetime | None = None
    oude_kaart_offline: bool = False  # the old card was scanned offline once more
    # Referrals to the household's initiative: (id, start, end), in order.
    verwijzingen: list[tuple[int, date, date]] = field(default_factory=list)
    laatste: datetime | None = None
    eerste_per_org: dict[int, datetime] = field(default_factory=dict)
    zelfmelder_bezoeken: dict[int, int] = field(default_factory=dict)


def _kies(rng: random.Random, cum: list[int], items: list):
    return rng.choices(items, cum_weights=cum)[0]


def hulpvormen() -> dict[str, int]:
    """The aid kinds of data migrations 0002 and 0016 (with the demo's tariffs); `flush`
    removes them, so make them if missing."""
    migratie = importlib.import_module("hulpverlening.migrations.0002_hulpvormen")
    soorten = importlib.import_module("hulpverlening.migrations.0016_hulpvorm_soort").SOORTEN
    ids = {}
    for slug, naam in migratie.HULPVORMEN:
        velden = {**soorten.get(slug, {}), **TARIEVEN.get(slug, {})}
        if slug == "maaltijdcheque":
            velden["bonwaarde"] = "5.00"
        hulpvorm, _ = Hulpvorm.objects.update_or_create(
            slug=slug, defaults={"naam": naam, **velden}
        )
        ids[slug] = hulpvorm.pk
    return ids


class Bouwer:
    def __init__(self, *, households: int, months: int, seed: int, vandaag: date):
        self.n = households
        self.seed = seed
        self.vandaag = vandaag
        self.tz = timezone.get_default_timezone()
        self.venster_start = maanden_terug(vandaag, months)
        self.laatste_dag = vandaag - timedelta(days=1)
        self.rng = random.Random(f"gezinnen-{seed}")
        self.aantallen: dict[str, int] = {}
        self.ids = Ids()
        self.doorverwijzingen: list[list] = []

    def moment_op(self, dag: date, tijd: time) -> datetime:
        return datetime.combine(dag, tijd, tzinfo=self.tz)

    # Structure: the same for every household count, so logins and names stay put.
    def structuur(self) -> None:
        rng = random.Random(f"structuur-{self.seed}")
        self.hulpvorm = hulpvormen()
        self.gent = Gemeente.objects.create(naam=GENT[0], slug=GENT[1])
        self.eeklo, _ = Gemeente.objects.get_or_create(slug=EEKLO[1], defaults={"naam": EEKLO[0]})

        orgs = [
            Organisatie(gemeente=self.gent, naam=STAD_GENT, soort=Soort.STAD),
            Organisatie(gemeente=self.gent, naam=SOCIALE_DIENST, soort=Soort.SOCIALE_DIENST),
            *(
                Organisatie(gemeente=self.gent, naam=naam, soort=Soort.DOORVERWIJZER)
                for naam in DOORVERWIJZERS
            ),
            *(
                Organisatie(gemeente=self.gent, naam=naam, soort=soort)
                for naam, soort, _wijk in INITIATIEVEN
            ),
        ]
        if not Organisatie.objects.filter(gemeente=self.eeklo, naam=INITIATIEF_EEKLO).exists():
            orgs.append(Organisatie(gemeente=self.eeklo, naam=INITIATIEF_EEKLO, soort=VH))
        # Its own random stream: the households and pickups stay what they were.
        contact = random.Random(f"contact-{self.seed}")
        for i, org in enumerate(orgs):
            postcode, plaats = ("9900", "Eeklo") if org.gemeente is self.eeklo else ("9000", "Gent")
            org.telefoon = f"09 {210 + i} {contact.randint(10, 99)} {contact.randint(10, 99)}"
            straat = contact.choice(STRATEN)
            org.adres = f"{straat} {contact.randint(1, 120)}, {postcode} {plaats}"
        Organisatie.objects.bulk_create(orgs)
        self.org = {o.naam: o for o in orgs}
        if INITIATIEF_EEKLO not in self.org:
            self.org[INITIATIEF_EEKLO] = Organisatie.objects.get(
                gemeente=self.eeklo, naam=INITIATIEF_EEKLO
            )
        self.doorverwijzers = [self.org[n] for n in DOORVERWIJZERS]

        # Pickup points: every initiative one in its own neighbourhood, some more elsewhere.
        aantal_locaties = {naam: 1 for naam, _s, _w in INITIATIEVEN}
        aantal_locaties[DEMO_INITIATIEF] = len(DEMO_MOMENTEN)
        while sum(aantal_locaties.values()) < AANTAL_LOCATIES:
            naam = rng.choice(INITIATIEVEN)[0]
            if naam not in (DEMO_INITIATIEF, RESTAURANT) and aantal_locaties[naam] < 3:
                aantal_locaties[naam] += 1
        locaties: list[tuple[str, Locatie]] = []
        for naam, _soort, wijk in INITIATIEVEN:
            wijken = [wijk, *rng.sample([w for w in WIJKEN if w != wijk], 2)]
            for i in range(aantal_locaties[naam]):
                w = wijken[i]
                lokaal = rng.choice(LOKALEN)
                locaties.append(
                    (
                        naam,
                        Locatie(
                            organisatie=self.org[naam],
                            naam=f"{lokaal} {w}",
                            adres=f"{rng.choice(STRATEN)} {rng.randint(1, 180)}",
                            postcode=WIJKEN[w],
                        ),
                    )
                )
        locaties.append(
            (
                INITIATIEF_EEKLO,
                Locatie(
                    organisatie=self.org[INITIATIEF_EEKLO],
                    naam="Buurthuis Eeklo",
                    adres="Stationsstraat 21",
                    postcode="9900",
                ),
            )
        )
        Locatie.objects.bulk_create([loc for _n, loc in locaties])

        momenten: list[tuple[str, int, Afhaalmoment]] = []
        vaste_momenten = {
            DEMO_INITIATIEF: iter(DEMO_MOMENTEN),
            INITIATIEF_EEKLO: iter([[(4, TIJDSLOTEN[3], 45)]]),
            RESTAURANT: iter(RESTAURANT_MOMENTEN),
        }
        for index, (naam, loc) in enumerate(locaties):
            if naam in vaste_momenten:
                plan = next(vaste_momenten[naam])
            else:
                gewichten = [50, 40, 10] if self.org[naam].soort == VH else [20, 50, 30]
                aantal = rng.choices([1, 2, 3], weights=gewichten)[0]
                plan = []
                for dag in sorted(rng.sample(range(6), aantal)):
                    slot = rng.choice(TIJDSLOTEN[:2] if dag == 5 else TIJDSLOTEN)
                    plan.append((dag, slot, rng.randrange(20, 81, 5)))
            for dag, (start, einde), capaciteit in plan:
                moment = Afhaalmoment(
                    locatie=loc, weekdag=dag, start=start, einde=einde, capaciteit=capaciteit
                )
                momenten.append((naam, index, moment))
        Afhaalmoment.objects.bulk_create([m for _n, _i, m in momenten])
        self.aantallen["locaties"] = len(locaties)
        self.aantallen["afhaalmomenten"] = len(momenten)

        self.maak_gebruikers(rng)

        self.initiatieven: dict[str, _Initiatief] = {}
        for naam, index, m in momenten:
            init = self.initiatieven.get(naam)
            if init is None:
                init = self.initiatieven[naam] = _Initiatief(
                    org=self.org[naam],
                    momenten=[],
                    vrijwilligers=self.vrijwilligers[naam],
                    postcodes=[],
                )
            duur = (
                datetime.combine(self.vandaag, m.einde) - datetime.combine(self.vandaag, m.start)
            ).seconds
            init.momenten.append(
                _Moment(
                    id=m.pk,
                    locatie_id=m.locatie.pk,
                    organisatie_id=init.org.pk,
                    weekdag=m.weekdag,
                    start=m.start,
                    duur=duur,
                    capaciteit=m.capaciteit,
                    toestellen=(f"gsm-{index + 1:02d}a", f"gsm-{index + 1:02d}b"),
                )
            )
            init.postcodes.append(m.locatie.postcode)
        self.hulpvormen_geven()
        self.eeklo_init = self.initiatieven.pop(INITIATIEF_EEKLO)
        self.gent_inits = list(self.initiatieven.values())
        self.gent_cum = list(
            itertools.accumulate(
                i.capaciteit * (DEMO_GEWICHT if i.org.naam == DEMO_INITIATIEF else 1)
                for i in self.gent_inits
            )
        )

    def hulpvormen_geven(self) -> None:
        """Which aids each initiative gives (HULPVORMEN_VAN), and the baby kit's rule."""
        tussen = Organisatie.hulpvormen.through
        self.geeft: dict[int, set[int]] = {}
        rijen = []
        for naam, soort, _wijk in INITIATIEVEN:
            org = self.org[naam]
            sleutel = {DEMO_INITIATIEF: "demo", BONNEN_INITIATIEF: "bonnen"}.get(naam, soort)
            ids = {self.hulpvorm[s] for s in HULPVORMEN_VAN[sleutel]}
            self.geeft[org.pk] = ids
            rijen += [tussen(organisatie_id=org.pk, hulpvorm_id=pk) for pk in sorted(ids)]
        tussen.objects.bulk_create(rijen)
        Hulpvormregels.objects.create(
            organisatie=self.org[DEMO_INITIATIEF],
            hulpvorm_id=self.hulpvorm["babyuitzet"],
            voorwaarde=Hulpvormregels.Voorwaarde.KIND_0_2,
        )

    def maak_gebruikers(self, rng: random.Random) -> None:
        User = get_user_model()
        wachtwoord = make_password(DEMO_WACHTWOORD)
        bestaand = set(
            User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True)
        )
        self.bestaande_accounts = bestaand
        nieuw: dict[str, object] = {}
        for username, _rol, _org, staff, voornaam, achternaam in DEMO_ACCOUNTS:
            if username in bestaand or username in nieuw:
                continue
            nieuw[username] = User(
                username=username,
                password=wachtwoord,
                first_name=voornaam,
                last_name=achternaam,
                email=f"{username}@demo.invalid",
                is_staff=staff,
                is_superuser=staff,
            )
        # Volunteers who registered the pickups of the other initiatives; they cannot log in.
        self.vrijwilligers: dict[str, list] = {}
        extra = []
        for naam, _soort, _wijk in [*INITIATIEVEN, (INITIATIEF_EEKLO, VH, "")]:
            if naam == DEMO_INITIATIEF:
                continue
            for k in (1, 2):
                herkomst = _kies(rng, HERKOMST_GEWICHTEN, HERKOMSTEN)
                vrouw = rng.random() < 0.6
                user = User(
                    username=f"vw-{slugify(naam)[:40]}-{k}",
                    password=make_password(None),
                    first_name=rng.choice(herkomst.vrouwen if vrouw else herkomst.mannen),
                    last_name=rng.choice(herkomst.achternamen)[1 if vrouw else 0],
                )
                extra.append((naam, user))
        namen_extra = [u.username for _n, u in extra]
        al_daar = set(
            User.objects.filter(username__in=namen_extra).values_list("username", flat=True)
        )
        extra = [(n, u) for n, u in extra if u.username not in al_daar]
        User.objects.bulk_create([*nieuw.values(), *(u for _n, u in extra)])
        users = {
            u.username: u for u in User.objects.filter(username__in=[*DEMO_USERNAMES, *namen_extra])
        }
        leden = [
            Lidmaatschap(user=users[username], organisatie=self.org[org], rol=rol)
            for username, rol, org, _s, _v, _a in DEMO_ACCOUNTS
        ]
        leden += [
            Lidmaatschap(user=users[u.username], organisatie=self.org[n], rol=Rol.VRIJWILLIGER)
            for n, u in extra
        ]
        Lidmaatschap.objects.bulk_create(leden, ignore_conflicts=True)
        self.users = users
        self.vrijwilligers[DEMO_INITIATIEF] = [
            users["vrijwilliger"].pk,
            users["vrijwilliger"].pk,
            users["vrijwilliger2"].pk,
            users["coordinator"].pk,
        ]
        self.vrijwilligers[TWEEDE_INITIATIEF] = [users["vrijwilliger2"].pk]
        self.vrijwilligers[INITIATIEF_EEKLO] = [users["eeklo"].pk]
        for n, u in extra:
            self.vrijwilligers.setdefault(n, []).append(users[u.username].pk)
        self.verwijzers = {
            self.org[SOCIALE_DIENST].pk: users["maatschappelijkwerker"].pk,
            self.org["CAW Oost-Vlaanderen"].pk: users["caw"].pk,
        }
        self.aantallen["gebruikers"] = len(nieuw) + len(extra)
        self.aantallen["lidmaatschappen"] = len(leden)

    # Households: who they are, where they go, from when to when.
    def gezinnen(self) -> list[_Gezin]:
        rng = self.rng
        n_eeklo = max(1, self.n // 50) if self.n >= 10 else 0
        n_gent = self.n - n_eeklo
        gezin_ids = self.ids.reserveer(Gezin, self.n)
        gezinnen = []
        sd = self.org[SOCIALE_DIENST]
        doorv = self.doorverwijzers
        venster_dagen = (self.laatste_dag - self.venster_start).days + 1
        for i in range(self.n):
            eeklo = i >= n_gent
            init = self.eeklo_init if eeklo else _kies(rng, self.gent_cum, self.gent_inits)
            moment = rng.choices(init.momenten, weights=[m.capaciteit for m in init.momenten])[0]
            if eeklo:
                postcode = "9900"
                maker = init.org
            else:
                if rng.random() < 0.7:
                    postcode = rng.choice(init.postcodes)
                else:
                    postcode = rng.choices(
                        list(POSTCODE_GEWICHTEN), weights=list(POSTCODE_GEWICHTEN.values())
                    )[0]
                r = rng.random()
                maker = sd if r < 0.55 else rng.choice(doorv) if r < 0.7 else init.org
            personen, telling = self.personen(rng)

            # Two in three were already coming before the window, the others start
            # during it; about one in seven stops before today.
            if rng.random() < 0.65:
                begin = self.venster_start
                aangemaakt = self.venster_start - timedelta(days=rng.randint(7, 3 * 365))
            else:
                begin = self.venster_start + timedelta(days=rng.randrange(venster_dagen))
                aangemaakt = begin - timedelta(days=rng.randint(0, 10))
            einde = self.laatste_dag
            if rng.random() < 0.15 and (self.laatste_dag - begin).days > 14:
                einde = begin + timedelta(days=rng.randint(14, (self.laatste_dag - begin).days))
            aangemaakt_op = self.moment_op(aangemaakt, time(9)) + timedelta(
                seconds=rng.randrange(8 * 3600)
            )
            r = rng.random()
            stap = 1 if r < 0.85 else 2 if r < 0.97 else 4  # weekly, fortnightly, monthly
            pauze = (0, 0)  # weeks away: holidays, hospital, a job for a while
            if rng.random() < 0.2:
                p = rng.randrange(max(1, venster_dagen // 7))
                pauze = (p, p + rng.randint(2, 4))
            tweede = None
            if not eeklo and rng.random() < 0.12:
                andere = [x for x in self.gent_inits if x is not init]
                t = rng.choice(andere)
                tweede = (t, rng.choice(t.momenten))
            gezin = _Gezin(
                id=gezin_ids[i],
                gemeente_id=(self.eeklo if eeklo else self.gent).pk,
                aangemaakt_door=maker.pk,
                aangemaakt_op=aangemaakt_op,
                postcode=postcode,
                personen=personen,
                telling=telling,
                initiatief=init,
                moment=moment,
                begin=begin,
                einde=einde,
                stap=stap,
                fase=rng.randrange(stap),
                opkomst=rng.uniform(0.8, 0.97),
                pauze=pauze,
                tweede=tweede,
                kaart_id=0,
            )
            if rng.random() < 0.03 and (einde - begin).days > 28:
                # Lost the first card; a new one since then.
                dag = begin + timedelta(days=rng.randint(14, (einde - begin).days))
                gezin.vervangen_op = self.moment_op(dag, time(8))
                gezin.oude_kaart_offline = rng.random() < 0.5
            self.verwijs(gezin, rng, sd, zelfmelder=maker == init.org)
            gezinnen.append(gezin)
        self.doorverwijzingen_ids(gezinnen)
        vervangen = sum(g.vervangen_op is not None for g in gezinnen)
        kaart_ids = iter(self.ids.reserveer(Kaart, self.n + vervangen))
        for g in gezinnen:
            g.kaart_id = next(kaart_ids)
            if g.vervangen_op is not None:
                g.oude_kaart_id = next(kaart_ids)
        self.aantallen["gezinnen"] = len(gezinnen)
        return gezinnen

    def verwijs(self, g: _Gezin, rng: random.Random, sd: Organisatie, *, zelfmelder: bool) -> None:
        """The referrals that entitle a household to its pickups, as periods of six months.

        Referred by the social service: a doorverwijzing from the day after the
        household was made. By a CAW or other referrer: first their aanmelding
        (two months at most), then the social service takes over. Someone who
        came by themselves picks up as a zelfmelder (three visits at most); two
        in three of them are then sent on to the social service (toeleiding)
        and get a doorverwijzing, the others stop coming.
        """
        if g.gemeente_id != self.gent.pk:
            return  # Eeklo's only organisation helps zelfmelders
        start = max(g.begin, g.aangemaakt_op.date() + timedelta(days=1))
        if zelfmelder:
            if rng.random() < 1 / 3:
                return
            eerste = start + timedelta(days=(g.moment.weekdag - start.weekday()) % 7)
            start = eerste + timedelta(days=15)  # after three weeks of visits
            if g.begin == self.venster_start:  # known for long: referred long ago
                start = g.aangemaakt_op.date() + timedelta(days=22)
        else:
            start = g.aangemaakt_op.date()
        perioden = []
        if not zelfmelder and g.aangemaakt_door != sd.pk:
            perioden.append((Doorverwijzing.Soort.AANMELDING, g.aangemaakt_door, start, 60))
            start += timedelta(days=60)
        while start <= min(g.einde, self.laatste_dag):
            perioden.append((Doorverwijzing.Soort.DOORVERWIJZING, sd.pk, start, 182))
            start += timedelta(days=182)
        grootte = sum(g.telling)
        pakket = "klein" if grootte <= 2 else "middel" if grootte <= 4 else "groot"
        frequentie = {1: "wekelijks", 2: "tweewekelijks", 4: "maandelijks"}[g.stap]
        for soort, verwijzer, begin, dagen in perioden:
            einde = begin + timedelta(days=dagen - 1)
            if einde < self.venster_start:
                continue  # only what the months of pickups need
            door = self.verwijzers.get(verwijzer)
            g.verwijzingen.append((0, begin, einde))
            self.doorverwijzingen.append(
                [
                    0,
                    g.id,
                    g.initiatief.org.pk,
                    verwijzer,
                    soort,
                    self.hulpvorm[
                        "maaltijd" if g.initiatief.org.naam == RESTAURANT else "voedselpakket"
                    ],
                    pakket,
                    frequentie,
                    begin,
                    einde,
                    Doorverwijzing.Status.AANVAARD,
                    door,
                    max(
                        g.aangemaakt_op + timedelta(minutes=5),
                        self.moment_op(begin - timedelta(days=rng.randint(0, 14)), time(9))
                        + timedelta(seconds=rng.randrange(7 * 3600)),
                    ),
                ]
            )

    def doorverwijzingen_ids(self, gezinnen: list[_Gezin]) -> None:
        ids = iter(self.ids.reserveer(Doorverwijzing, len(self.doorverwijzingen)))
        rijen = iter(self.doorverwijzingen)
        for g in gezinnen:
            for i, (_id, begin, einde) in enumerate(g.verwijzingen):
                pk = next(ids)
                next(rijen)[0] = pk
                g.verwijzingen[i] = (pk, begin, einde)

    def personen(self, rng: random.Random):
        jaar = self.vandaag.year
        herkomst = _kies(rng, HERKOMST_GEWICHTEN, HERKOMSTEN)
        soort = _kies(rng, GEZINSTYPE_GEWICHTEN, GEZINSTYPES)[0]
        achternaam = rng.choice(herkomst.achternamen)

        def naam(vrouw: bool, leeftijd: int, h: Herkomst = herkomst, familie=achternaam):
            oud_v, oud_m = h.oudere_vrouwen, h.oudere_mannen
            if leeftijd >= 70 and (oud_v if vrouw else oud_m):
                voornaam = rng.choice(oud_v if vrouw else oud_m)
            else:
                voornaam = rng.choice(h.vrouwen if vrouw else h.mannen)
            return voornaam, familie[1 if vrouw else 0]

        def partner_van(vrouw: bool, leeftijd: int):
            # Most partners share a background; the name is their own.
            h = herkomst if rng.random() < 0.85 else _kies(rng, HERKOMST_GEWICHTEN, HERKOMSTEN)
            familie = rng.choice(h.achternamen)
            oud = max(18, leeftijd + rng.randint(-6, 6))
            return (*naam(not vrouw, oud, h, familie), jaar - oud, "partner")

        ref_vrouw = rng.random() < 0.55
        if soort == "alleenstaand":
            leeftijd = rng.randint(20, 64)
        elif soort in ("oudere_alleenstaand", "ouder_koppel"):
            leeftijd = rng.randint(65, 89)
        elif soort == "eenoudergezin":
            leeftijd = rng.randint(20, 52)
            ref_vrouw = rng.random() < 0.85
        else:
            leeftijd = rng.randint(22, 58)
        personen = [(*naam(ref_vrouw, leeftijd), jaar - leeftijd, "referentiepersoon")]
        if soort in ("ouder_koppel", "koppel_met_kinderen", "koppel", "drie_generaties"):
            personen.append(partner_van(ref_vrouw, leeftijd))
        if soort in ("eenoudergezin", "koppel_met_kinderen", "drie_generaties"):
            aantal = rng.choices([1, 2, 3, 4, 5, 6], weights=[30, 32, 20, 10, 5, 3])[0]
            ouder = min(leeftijd - 18, 17)
            if rng.random() < 0.1 and leeftijd >= 40:
                ouder = min(leeftijd - 18, 23)  # a grown-up child still at home
            for _ in range(aantal):
                kind = rng.randint(0, max(0, ouder))
                personen.append((*naam(rng.random() < 0.5, kind), jaar - kind, "kind"))
        if soort == "drie_generaties":
            oud = min(95, leeftijd + rng.randint(22, 32))
            personen.append((*naam(rng.random() < 0.7, oud), jaar - oud, "ander"))
        telling = [0, 0, 0, 0]
        for _v, _a, geboortejaar, _r in personen:
            leeftijd = jaar - geboortejaar
            telling[
                0 if leeftijd >= 18 else 1 if leeftijd <= 2 else 2 if leeftijd <= 11 else 3
            ] += 1
        return personen, tuple(telling)

    # Pickups, streamed into the database.
    def afhalingen(self, gezinnen: list[_Gezin]) -> Iterator[tuple]:
        """Every household's pickups, in the order of AFHALING_KOLOMMEN."""
        rng = self.rng
        random_ = rng.random
        getrandbits = rng.getrandbits
        triangular = rng.triangular
        randint = rng.randint
        choice = rng.choice
        UUID = uuid.UUID
        combine = datetime.combine
        tz = self.tz
        td = timedelta
        week = td(days=7)
        hv = self.hulpvorm
        voedsel, hygiene, baby, start = (
            hv["voedselpakket"],
            hv["hygienepakket"],
            hv["babyuitzet"],
            hv["startpakket"],
        )
        geregistreerd, te_controleren, ongedaan = Afhaling.Status.values
        ingetrokken = "Kaart ingetrokken (verloren)."
        max_zelfmelder = ZELFMELDER_BEZOEKEN

        maaltijd, cheque = hv["maaltijd"], hv["maaltijdcheque"]
        tarieven = {k: Decimal(v) for k, v in TARIEVEN["maaltijd"].items()}
        geeft = self.geeft

        def rij(g: _Gezin, m: _Moment, dag: date, hulpvorm: int, vrijwilligers: list[int]):
            """One pickup, or None when a zelfmelder has had all visits without referral.

            A meal line says who ate and what it cost; any other line is one item."""
            verwijzing = None
            if m.organisatie_id == g.initiatief.org.pk:
                for pk, begin, einde in g.verwijzingen:
                    if begin <= dag <= einde:
                        verwijzing = pk
                        break
            if verwijzing is None:
                bezoeken = g.zelfmelder_bezoeken.get(m.organisatie_id, 0)
                if bezoeken >= max_zelfmelder:
                    return None
                g.zelfmelder_bezoeken[m.organisatie_id] = bezoeken + 1
            duur = m.duur
            gescand = combine(dag, m.start, tzinfo=tz) + td(
                seconds=int(triangular(0, duur, duur * 0.25))
            )
            kaart, status, reden = g.kaart_id, geregistreerd, ""
            r = random_()
            if r < 0.08:  # registered offline, sent when the network came back
                ontvangen = gescand + td(seconds=randint(60, 3 * 3600))
            else:
                ontvangen = gescand + td(seconds=randint(0, 2))
                if r > 0.998:
                    status = ongedaan  # the volunteer scanned the wrong card and undid it
            if g.vervangen_op is not None and gescand < g.vervangen_op:
                kaart = g.oude_kaart_id
            elif g.oude_kaart_offline:
                # The lost card turned up and was scanned offline: for the coordinator.
                g.oude_kaart_offline = False
                kaart, status, reden = g.oude_kaart_id, te_controleren, ingetrokken
                ontvangen = gescand + td(seconds=randint(60, 3 * 3600))
            if g.laatste is None or gescand > g.laatste:
                g.laatste = gescand
            if m.organisatie_id not in g.eerste_per_org:
                g.eerste_per_org[m.organisatie_id] = gescand
            sleutel = UUID(int=getrandbits(128), version=4)
            aantal, volwassenen, kinderen, tarief, bedrag = 1, 0, 0, "", None
            if hulpvorm == maaltijd:
                volwassenen, kinderen = g.telling[0], sum(g.telling[1:])
                aantal = min(volwassenen + kinderen, 30)
                tarief = "sociaal" if verwijzing else "vol"
                bedrag = tarieven[f"{tarief}_tarief"] * aantal
            return (
                sleutel,
                g.id,
                kaart,
                m.organisatie_id,
                m.locatie_id,
                m.id,
                hulpvorm,
                verwijzing,
                verwijzing is None,
                dag,
                gescand,
                ontvangen,
                choice(vrijwilligers),
                choice(m.toestellen),
                status,
                "",
                reden,
                sleutel,  # a visit of its own; an extra aid joins it (below)
                aantal,
                volwassenen,
                kinderen,
                tarief,
                bedrag,
            )

        def erbij(afhaling: tuple, hulpvorm: int) -> tuple:
            """A second line of the same visit: another aid, its own key."""
            lijn = list(afhaling)
            lijn[0] = UUID(int=getrandbits(128), version=4)
            lijn[6] = hulpvorm
            return tuple(lijn)

        for g in gezinnen:
            m = g.moment
            init = g.initiatief
            andere = [x for x in init.momenten if x is not m]
            begin = max(g.begin, g.aangemaakt_op.date() + td(days=1))
            dag = begin + td(days=(m.weekdag - begin.weekday()) % 7)
            baby_nodig = g.telling[1] > 0
            nieuw = g.begin > self.venster_start
            w = 0
            while dag <= g.einde:
                if (
                    w % g.stap == g.fase
                    and not (g.pauze[0] <= w < g.pauze[1])
                    and random_() < g.opkomst
                ):
                    moment, op = m, dag
                    if andere and random_() < 0.04:  # came to another moment that week
                        moment = choice(andere)
                        op = dag + td(days=moment.weekdag - m.weekdag)
                        if op < begin or op > g.einde:
                            moment, op = m, dag
                    # A kit or hygiene parcel comes with the food parcel, in the same
                    # visit, where the initiative gives it.
                    extra = None
                    if nieuw and g.laatste is None and random_() < 0.1:
                        extra = start
                    elif baby_nodig and random_() < 0.3:
                        extra, baby_nodig = baby, False
                    elif random_() < 0.06:
                        extra = hygiene
                    elif random_() < 0.3:
                        extra = cheque
                    gegeven = geeft.get(moment.organisatie_id, {voedsel})
                    hoofd = maaltijd if maaltijd in gegeven else voedsel
                    afhaling = rij(g, moment, op, hoofd, init.vrijwilligers)
                    if afhaling is not None:
                        yield afhaling
                        if extra in gegeven:
                            yield erbij(afhaling, extra)
                dag += week
                w += 1
            if g.tweede is not None:
                # Now and then to a second initiative, without referral there.
                t, tm = g.tweede
                dag = begin + td(days=(tm.weekdag - begin.weekday()) % 7 + 7 * randint(0, 3))
                while dag <= g.einde:
                    if random_() < 0.7:
                        daar = maaltijd if maaltijd in geeft.get(tm.organisatie_id, ()) else voedsel
                        afhaling = rij(g, tm, dag, daar, t.vrijwilligers)
                        if afhaling is None:
                            break
                        yield afhaling
                    dag += 4 * week

    def kaartbatches(self, gezinnen: list[_Gezin]) -> list[tuple]:
        """Pre-printed cards of the demo initiative: an older, partly used batch and a new one."""
        init = self.initiatieven[DEMO_INITIATIEF]
        coord = self.users["coordinator"]
        oud_op = self.moment_op(self.venster_start - timedelta(days=14), time(10))
        nieuw_op = self.moment_op(self.vandaag - timedelta(days=5), time(10))
        oud = KaartBatch.objects.create(
            organisatie=init.org, aantal=20, aangemaakt_door=coord, aangemaakt_op=oud_op
        )
        nieuw = KaartBatch.objects.create(
            organisatie=init.org, aantal=30, aangemaakt_door=coord, aangemaakt_op=nieuw_op
        )
        # Self-presenting households at the demo initiative got a card of the old batch.
        gebruikt = 0
        for g in gezinnen:
            if gebruikt == oud.aantal:
                break
            if g.aangemaakt_door == init.org.pk and g.aangemaakt_op > oud_op:
                g.batch_id, g.batch_op = oud.pk, oud_op
                gebruikt += 1
        vrij = [(oud, oud_op)] * (oud.aantal - gebruikt) + [(nieuw, nieuw_op)] * nieuw.aantal
        self.aantallen["vrije kaarten"] = len(vrij)
        return [
            (kaart_id, batch, op)
            for kaart_id, (batch, op) in zip(
                self.ids.reserveer(Kaart, len(vrij)), vrij, strict=True
            )
        ]

    def kaarten(self, gezinnen: list[_Gezin], vrij: list[tuple]) -> list[tuple]:
        rijen = list(self._kaarten(gezinnen, vrij))
        # Codes are random; make sure none clashes with a card already in the database.
        for stuk in itertools.batched(sorted(r[5] for r in rijen), 1000):
            if Kaart.objects.filter(code__in=stuk).exists():
                raise DemoFout("Een nieuwe kaartcode bestaat al; probeer opnieuw.")
        return rijen

    def _kaarten(self, gezinnen: list[_Gezin], vrij: list[tuple]) -> Iterator[tuple]:
        codes: set[str] = set()

        def code() -> str:
            while True:
                c = kaartcodes.new_code()
                if c not in codes:
                    codes.add(c)
                    return c

        gezin_gemeente = self.gent.pk
        for g in gezinnen:
            gekoppeld = g.aangemaakt_op + timedelta(minutes=2)
            aangemaakt = g.batch_op or gekoppeld
            if g.oude_kaart_id is not None:
                yield (
                    g.oude_kaart_id,
                    g.gemeente_id,
                    g.aangemaakt_door,
                    g.batch_id,
                    kaartcodes.new_token(),
                    code(),
                    g.id,
                    aangemaakt,
                    gekoppeld,
                    g.vervangen_op,
                    Kaart.Intrekkingsreden.VERLOREN,
                    g.kaart_id,
                )
                yield (
                    g.kaart_id,
                    g.gemeente_id,
                    g.initiatief.org.pk,
                    None,
                    kaartcodes.new_token(),
                    code(),
                    g.id,
                    g.vervangen_op,
                    g.vervangen_op,
                    None,
                    "",
                    None,
                )
            else:
                yield (
                    g.kaart_id,
                    g.gemeente_id,
                    g.aangemaakt_door,
                    g.batch_id,
                    kaartcodes.new_token(),
                    code(),
                    g.id,
                    aangemaakt,
                    gekoppeld,
                    None,
                    "",
                    None,
                )
        for kaart_id, batch, op in vrij:
            yield (
                kaart_id,
                gezin_gemeente,
                batch.organisatie_id,
                batch.pk,
                kaartcodes.new_token(),
                code(),
                None,
                op,
                None,
                None,
                "",
                None,
            )

    def bouw(self) -> None:
        self.structuur()
        gezinnen = self.gezinnen()
        vrij = self.kaartbatches(gezinnen)
        with foreign_keys_achteraf(Afhaling, Doorverwijzing, Gezin, Persoon, Kaart, Gezinsrelatie):
            self.schrijf(gezinnen, vrij)
        self.waardebonnen()
        self.capaciteit_naar_drukte()
        self.leveringen()

    def waardebonnen(self) -> None:
        """The voucher lines' vouchers, numbered as the booklets are; most came back
        through the partner restaurant within a month, some expired unused."""
        rng = random.Random(f"bonnen-{self.seed}")
        cheque = Hulpvorm.objects.get(pk=self.hulpvorm["maaltijdcheque"])
        nummer, bonnen, per_aantal = 1000, [], {}
        lijnen = Afhaling.objects.filter(hulpvorm=cheque).order_by("gescand_op")
        for afhaling in lijnen.only("pk", "organisatie_id", "gezin_id", "datum", "gescand_op"):
            aantal = rng.choice([1, 2, 2, 3])
            per_aantal.setdefault(aantal, []).append(afhaling.pk)
            for _ in range(aantal):
                nummer += 1
                geldig_tot = maanden_verder(afhaling.datum, cheque.bon_geldig_maanden)
                terug = afhaling.gescand_op + timedelta(days=rng.randint(2, 40))
                ingewisseld = terug.date() < self.vandaag and rng.random() < 0.8
                if terug.date() > geldig_tot:
                    ingewisseld = False
                bonnen.append(
                    Waardebon(
                        organisatie_id=afhaling.organisatie_id,
                        nummer=nummer,
                        gezin_id=afhaling.gezin_id,
                        afhaling_id=afhaling.pk,
                        waarde=cheque.bonwaarde,
                        uitgegeven_op=afhaling.datum,
                        geldig_tot=geldig_tot,
                        ingewisseld_op=terug if ingewisseld else None,
                        ingewisseld_door_id=None,
                        ingewisseld_bij="Restaurant De Hoek" if ingewisseld else "",
                    )
                )
        Waardebon.objects.bulk_create(bonnen, batch_size=2000)
        for aantal, ids in per_aantal.items():
            Afhaling.objects.filter(pk__in=ids).update(
                aantal=aantal, bedrag=cheque.bonwaarde * aantal
            )
        self.aantallen["waardebonnen"] = len(bonnen)

    def capaciteit_naar_drukte(self) -> None:
        """Capacities that fit the pickups made: most moments well filled, some full.

        The capacities drawn in `structuur` only weigh where households go; with
        600 or 15,000 households the real load differs by far, and a pressure
        chart of 20% or 1,300% everywhere would show nothing.
        """
        rng = random.Random(f"capaciteit-{self.seed}")
        van = self.vandaag - timedelta(days=VENSTER_DAGEN)
        per_moment = dict(
            Afhaling.objects.filter(datum__gte=van, datum__lt=self.vandaag)
            .values("afhaalmoment")
            .annotate(n=Count("id"))
            .values_list("afhaalmoment", "n")
        )
        momenten = list(Afhaalmoment.objects.order_by("pk"))
        for moment in momenten:
            per_keer = per_moment.get(moment.pk, 0) / (VENSTER_DAGEN // 7)
            bezetting = rng.choices([0.5, 0.7, 0.85, 0.95, 1.05], weights=[2, 4, 3, 2, 1])[0]
            moment.capaciteit = max(5, round(per_keer / bezetting / 5) * 5 or 5)
        Afhaalmoment.objects.bulk_update(momenten, ["capaciteit"], batch_size=500)

    def leveringen(self) -> None:
        """Weekly FoodSavers deliveries to every food initiative, so reports have kilos."""
        from rapportering.models import Levering

        rng = random.Random(self.seed + 7)
        initiatieven = [o for o in self.org.values() if o.deelt_hulp_uit]
        eerste = self.venster_start
        rijen = []
        for organisatie in initiatieven:
            grootte = rng.uniform(0.5, 2.5)
            dag = eerste + timedelta(days=rng.randrange(7))
            while dag < self.vandaag:
                kg = {
                    "groenten_fruit": 80,
                    "zuivel": 30,
                    "brood": 25,
                    "droge_voeding": 40,
                    "vlees_vis": 10,
                    "andere": 8,
                }
                rijen.append(
                    Levering(
                        organisatie=organisatie,
                        datum=dag,
                        **{k: round(v * grootte * rng.uniform(0.6, 1.4), 1) for k, v in kg.items()},
                    )
                )
                dag += timedelta(days=7)
        Levering.objects.bulk_create(rijen, batch_size=2000)
        self.aantallen["leveringen"] = len(rijen)

    def schrijf(self, gezinnen: list[_Gezin], vrij: list[tuple]) -> None:
        self.aantallen["doorverwijzingen"] = schrijf(
            Doorverwijzing,
            [
                "id",
                "gezin_id",
                "organisatie_id",
                "verwijzer_id",
                "soort",
                "hulpvorm_id",
                "pakket",
                "frequentie",
                "start",
                "einde",
                "status",
                "aangemaakt_door_id",
                "aangemaakt_op",
            ],
            (tuple(rij) for rij in self.doorverwijzingen),
        )
        # The pickups first: writing them fills in each household's last activity.
        self.aantallen["afhalingen"] = schrijf(
            Afhaling, AFHALING_KOLOMMEN, self.afhalingen(gezinnen)
        )
        schrijf(
            Gezin,
            [
                "id",
                "gemeente_id",
                "volwassenen",
                "kinderen_0_2",
                "kinderen_3_11",
                "kinderen_12_17",
                "postcode",
                "aangemaakt_door_id",
                "aangemaakt_op",
                "laatste_activiteit",
                "gepseudonimiseerd_op",
            ],
            (
                (
                    g.id,
                    g.gemeente_id,
                    *g.telling,
                    g.postcode,
                    g.aangemaakt_door,
                    g.aangemaakt_op,
                    g.laatste or g.aangemaakt_op,
                    None,
                )
                for g in gezinnen
            ),
        )
        self.aantallen["personen"] = schrijf(
            Persoon,
            ["gezin_id", "voornaam", "achternaam", "geboortejaar", "relatie"],
            ((g.id, *p) for g in gezinnen for p in g.personen),
        )
        self.aantallen["kaarten"] = schrijf(
            Kaart,
            [
                "id",
                "gemeente_id",
                "uitgegeven_door_id",
                "batch_id",
                "token",
                "code",
                "gezin_id",
                "aangemaakt_op",
                "gekoppeld_op",
                "ingetrokken_op",
                "intrekkingsreden",
                "vervangen_door_id",
            ],
            self.kaarten(gezinnen, vrij),
        )
        self.aantallen["gezinsrelaties"] = schrijf(
            Gezinsrelatie,
            ["gezin_id", "organisatie_id", "reden", "niveau", "sinds"],
            self.relaties(gezinnen),
        )

    def relaties(self, gezinnen: list[_Gezin]) -> Iterator[tuple]:
        """Why each organisation may see the household: it made it, referred it, or hands out."""
        reden = Gezinsrelatie.Reden
        verwezen: dict[int, list[tuple[int, datetime]]] = {}
        for rij in self.doorverwijzingen:
            gezin, naar, van, aangemaakt_op = rij[1], rij[2], rij[3], rij[12]
            verwezen.setdefault(gezin, []).extend([(van, aangemaakt_op), (naar, aangemaakt_op)])
        for g in gezinnen:
            # The first reason stays, as with services.gezinsrelatie_leggen.
            kandidaten = [
                (sinds, org, reden.DOORVERWIJZING) for org, sinds in verwezen.get(g.id, [])
            ]
            kandidaten += [(sinds, org, reden.AFHALING) for org, sinds in g.eerste_per_org.items()]
            relaties = {g.aangemaakt_door: (reden.AANGEMAAKT, g.aangemaakt_op)}
            # A referral raises a pickup's desk level to the file, whichever came first.
            for sinds, org, waarom in sorted(kandidaten, key=lambda k: (k[2] == reden.AFHALING, k)):
                relaties.setdefault(org, (waarom, sinds))
            for org, (waarom, sinds) in relaties.items():
                yield (g.id, org, waarom, Gezinsrelatie.niveau_van(waarom), sinds)
