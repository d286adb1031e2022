"""Demo data: a plausible, entirely fictitious Ghent to click through and to measure.

`manage.py seed_demo` is a thin wrapper around `seed_demo()` here. It builds the
municipality Gent (the social service, referrers, the city and about thirty food
initiatives with some sixty pickup points), a second municipality Eeklo, demo
accounts for every role, households with persons and an active card each, the
referrals that entitle them, and months of weekly pickups at "their" initiative
(households start and stop, skip weeks, and zelfmelders come at most three times
without referral, as the default Afhaalregels allow).

Everything is generated in memory with one `random.Random(seed)`, so a seed
gives the same households, names, pickups and idempotency keys every time
(database ids aside). Card tokens and codes are the exception: they come from
`kaartcodes`, i.e. from `secrets`, because a card token is a credential even in
a demo database.

Speed: everything is written in one transaction, with PostgreSQL's COPY or, on
SQLite, bulk_create. 15,000 households over a year (about 440,000 pickups) take
some 15 s on PostgreSQL on a quiet 2-core machine; the default 600 households
over six months about 3 s on SQLite. Primary keys that rows refer to are
reserved up front, so the pickups can be written before their households
(Django's foreign keys are DEFERRABLE INITIALLY DEFERRED) and each household's
last activity is known when it is written. On PostgreSQL the foreign keys of the
bulk tables are checked once after the load instead of row by row (see
_foreign_keys_achteraf).
"""

from __future__ import annotations

import importlib
import itertools
import random
import time as clock
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from doorverwijzing.models import Doorverwijzing
from registratie.drukte import VENSTER_DAGEN
from registratie.models import Afhaalregels, Afhaling

from . import kaartcodes
from .models import (
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

DEMO_WACHTWOORD = "demo-gent-2026"  # documented in seed_demo --help; development only
GENT = ("Gent", "gent")
EEKLO = ("Eeklo", "eeklo")

Soort = Organisatie.Soort
VH = Soort.VOEDSELHULP
SK = Soort.SOCIALE_KRUIDENIER

STAD_GENT = "Stad Gent"
SOCIALE_DIENST = "Sociale Dienst Gent"
DEMO_INITIATIEF = "Voedselhulp Het Pakhuis"
TWEEDE_INITIATIEF = "Sociale kruidenier De Toonbank"
INITIATIEF_EEKLO = "Voedselhulp Eeklo"

DOORVERWIJZERS = [
    "CAW Oost-Vlaanderen",
    "JAC Gent",
    "Kras-dienst Brugse Poort",
    "Kras-dienst Ledeberg",
    "Wijkgezondheidscentrum De Meersen",
    "Huis van het Kind Nieuw Gent",
]

# Neighbourhoods with their real postcode.
WIJKEN = {
    "Binnenstad": "9000",
    "Brugse Poort": "9000",
    "Rabot": "9000",
    "Muide": "9000",
    "Meulestede": "9000",
    "Dampoort": "9000",
    "Sluizeken": "9000",
    "Tolhuis": "9000",
    "Nieuw Gent": "9000",
    "Macharius": "9000",
    "Heirnis": "9000",
    "Mariakerke": "9030",
    "Drongen": "9031",
    "Wondelgem": "9032",
    "Sint-Amandsberg": "9040",
    "Oostakker": "9041",
    "Sint-Kruis-Winkel": "9042",
    "Ledeberg": "9050",
    "Gentbrugge": "9050",
    "Moscou": "9050",
    "Sint-Denijs-Westrem": "9051",
    "Zwijnaarde": "9052",
}

# Where households live (weights), for those who do not live near their initiative.
POSTCODE_GEWICHTEN = {
    "9000": 44,
    "9030": 4,
    "9031": 2,
    "9032": 8,
    "9040": 13,
    "9041": 5,
    "9042": 2,
    "9050": 16,
    "9051": 2,
    "9052": 4,
}

# Fictitious initiatives: (name, kind, neighbourhood of the main pickup point).
INITIATIEVEN = [
    (DEMO_INITIATIEF, VH, "Brugse Poort"),
    ("De Zonnebloem Sint-Amandsberg", VH, "Sint-Amandsberg"),
    ("Buurtpakket Ledeberg", VH, "Ledeberg"),
    ("De Volle Tas Rabot", VH, "Rabot"),
    ("De Overbrugging Nieuw Gent", VH, "Nieuw Gent"),
    ("Het Graantje Muide", VH, "Muide"),
    ("De Brug Dampoort", VH, "Dampoort"),
    ("De Schakel Wondelgem", VH, "Wondelgem"),
    ("Zwijnaarde Helpt", VH, "Zwijnaarde"),
    ("De Oogst Oostakker", VH, "Oostakker"),
    ("De Kastanje Gentbrugge", VH, "Gentbrugge"),
    ("Het Broodhuis Sluizeken", VH, "Sluizeken"),
    ("De Buurtkast Tolhuis", VH, "Tolhuis"),
    ("Mariakerke Deelt", VH, "Mariakerke"),
    ("Leiehart Drongen", VH, "Drongen"),
    ("Sint-Denijs Solidair", VH, "Sint-Denijs-Westrem"),
    ("De Soepketel Macharius", VH, "Macharius"),
    ("Voedselpunt Meulestede", VH, "Meulestede"),
    ("Kanaalzone Helpt", VH, "Sint-Kruis-Winkel"),
    ("'t Hulpkot Heirnis", VH, "Heirnis"),
    ("Buurtpakket Moscou", VH, "Moscou"),
    (TWEEDE_INITIATIEF, SK, "Brugse Poort"),
    ("Sociale kruidenier De Mand", SK, "Ledeberg"),
    ("Sociale kruidenier Rabotwinkel", SK, "Rabot"),
    ("Sociale kruidenier De Korf", SK, "Sint-Amandsberg"),
    ("Sociale kruidenier Het Schap", SK, "Nieuw Gent"),
    ("Sociale kruidenier De Winkelhaak", SK, "Dampoort"),
    ("Sociale kruidenier De Voorraadkast", SK, "Oostakker"),
    ("Sociale kruidenier Het Winkelmandje", SK, "Wondelgem"),
    ("Sociale kruidenier De Muidewinkel", SK, "Muide"),
]
AANTAL_LOCATIES = 60

# The demo initiative is open every weekday but Sunday, so the volunteer has a
# moment most days: per pickup point, (weekday, (start, end), capacity).
DEMO_MOMENTEN = [
    [(0, (time(13, 30), time(16, 0)), 40), (2, (time(13, 30), time(16, 0)), 35),
     (4, (time(13, 30), time(16, 0)), 40)],
    [(1, (time(17, 30), time(19, 30)), 25), (3, (time(17, 30), time(19, 30)), 25),
     (5, (time(9, 0), time(11, 30)), 20)],
]  # fmt: skip
# It gets this many times its capacity's share of the households: a busy
# initiative next to quieter ones, so pressure per moment has something to show.
DEMO_GEWICHT = 9

LOKALEN = [
    "Buurtcentrum",
    "Parochiezaal",
    "Wijkpunt",
    "Ontmoetingsruimte",
    "Buurthuis",
    "Depot",
    "Lokaal",
    "Zaal",
]
STRATEN = [
    "Kerkstraat",
    "Molenstraat",
    "Schoolstraat",
    "Nieuwstraat",
    "Kapelstraat",
    "Pastorijstraat",
    "Bloemenstraat",
    "Kouterstraat",
    "Meersstraat",
    "Lindenlaan",
    "Beukenlaan",
    "Hoogstraat",
    "Dorpsstraat",
    "Stationsstraat",
    "Vlasstraat",
    "Spinnerijstraat",
]
# (start, end) of pickup moments; Saturday only gets the morning ones.
TIJDSLOTEN = [
    (time(9, 0), time(11, 30)),
    (time(10, 0), time(12, 0)),
    (time(13, 0), time(15, 30)),
    (time(13, 30), time(16, 0)),
    (time(14, 0), time(17, 0)),
    (time(17, 30), time(19, 30)),
    (time(18, 0), time(20, 0)),
]

# Fictitious people: first names (men, women) and last names per background,
# weighted roughly like the people who use food aid in Ghent. A last name is a
# (male, female) pair where the language inflects it.
_Naam = tuple[str, str]


@dataclass(frozen=True)
class Herkomst:
    gewicht: int
    mannen: tuple[str, ...]
    vrouwen: tuple[str, ...]
    achternamen: tuple[_Naam, ...]
    oudere_mannen: tuple[str, ...] = ()
    oudere_vrouwen: tuple[str, ...] = ()


def _zelfde(*namen: str) -> tuple[_Naam, ...]:
    return tuple((n, n) for n in namen)


def _slavisch(*paren: str) -> tuple[_Naam, ...]:
    return tuple(tuple(p.split("/")) for p in paren)  # type: ignore[misc]


HERKOMSTEN = [
    Herkomst(
        30,
        ("Jan", "Pieter", "Koen", "Stijn", "Dirk", "Luc", "Wim", "Bart", "Tom", "Kevin",
         "Jens", "Geert", "Dries", "Wouter", "Filip", "Lucas", "Arthur", "Louis", "Noah",
         "Jules", "Vic", "Finn", "Mats", "Lars", "Seppe"),
        ("An", "Els", "Katrien", "Sofie", "Nathalie", "Sandra", "Griet", "Veerle", "Hilde",
         "Kelly", "Lien", "Marleen", "Tine", "Nancy", "Jessica", "Olivia", "Emma", "Marie",
         "Nora", "Ella", "Lena", "Mila", "Fien", "Noor", "Elise"),
        _zelfde("Claeys", "De Smet", "Vermeulen", "Van den Broeck", "Maes", "Peeters",
                "Janssens", "De Vos", "Willems", "Goossens", "Vandenberghe", "De Clercq",
                "Van Damme", "Verstraete", "Martens", "De Backer", "Van de Velde", "Mortier",
                "Goethals", "Vercruysse", "De Meyer", "Van Hecke", "Coppens", "De Wilde",
                "Roels", "Verhaeghe", "Lambrecht", "Baert"),
        ("Gilbert", "Roger", "Etienne", "Willy", "André", "Marcel", "Georges", "Norbert"),
        ("Maria", "Godelieve", "Rosa", "Jeannine", "Agnes", "Simonne", "Denise", "Paula"),
    ),
    Herkomst(
        12,
        ("Mohamed", "Ahmed", "Youssef", "Karim", "Mustafa", "Rachid", "Said", "Hamza",
         "Bilal", "Ayoub", "Adam", "Ilyas", "Anas", "Omar", "Abdelkader", "Soufiane"),
        ("Fatima", "Khadija", "Naima", "Samira", "Malika", "Amina", "Soumaya", "Nadia",
         "Hafsa", "Salma", "Yasmina", "Imane", "Ikram", "Latifa", "Zineb", "Meryem"),
        _zelfde("El Amrani", "Benali", "El Idrissi", "Bouzid", "Azzouzi", "El Khattabi",
                "Ait Ouarab", "Boukhari", "El Ouardi", "Chakir", "Haddouchi", "Benmoussa",
                "Tahiri", "Lahlou", "Ouali", "Bakkali", "El Hamdaoui", "Ziani"),
    ),
    Herkomst(
        11,
        ("Mehmet", "Mustafa", "Ahmet", "Ali", "Hasan", "Hüseyin", "Emre", "Burak", "Yusuf",
         "Murat", "Kerem", "Efe", "Eren", "Ömer", "Serkan"),
        ("Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Merve", "Büşra", "Esra",
         "Hülya", "Songül", "Derya", "Ecrin", "Defne", "Yasemin"),
        _zelfde("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın",
                "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Koç", "Kurt", "Özdemir"),
    ),
    Herkomst(
        10,
        ("Ivan", "Georgi", "Dimitar", "Nikolay", "Hristo", "Stoyan", "Petar", "Emil",
         "Angel", "Erhan", "Orhan", "Sevgin", "Nedzhmi", "Bilyan"),
        ("Maria", "Elena", "Ivanka", "Desislava", "Gergana", "Nadezhda", "Silvia", "Sevgi",
         "Ayten", "Fatme", "Emine", "Nurie", "Gyulten", "Radka"),
        _slavisch("Ivanov/Ivanova", "Petrov/Petrova", "Georgiev/Georgieva",
                  "Dimitrov/Dimitrova", "Hristov/Hristova", "Stoyanov/Stoyanova",
                  "Mehmedov/Mehmedova", "Aliev/Alieva", "Hasanov/Hasanova",
                  "Salimov/Salimova", "Kolev/Koleva", "Yusein/Yusein", "Mustafov/Mustafova"),
    ),
    Herkomst(
        7,
        ("Marek", "Peter", "Jozef", "Ján", "Milan", "Roman", "Michal", "Tomáš", "Dávid",
         "Martin", "Rastislav", "Lukáš"),
        ("Mária", "Zuzana", "Jana", "Monika", "Veronika", "Lucia", "Simona", "Renáta",
         "Denisa", "Nikola", "Vanesa", "Klaudia"),
        _slavisch("Horváth/Horváthová", "Oláh/Oláhová", "Lakatoš/Lakatošová",
                  "Baláž/Balážová", "Gaži/Gažiová", "Rigo/Rigová", "Kotlár/Kotlárová",
                  "Červeňák/Červeňáková", "Pompa/Pompová", "Mirga/Mirgová",
                  "Dužda/Duždová", "Kováč/Kováčová"),
    ),
    Herkomst(
        6,
        ("Mohammad", "Ahmad", "Khaled", "Omar", "Mahmoud", "Abdullah", "Hassan", "Ammar",
         "Yaman", "Rami", "Karam", "Zaid"),
        ("Fatima", "Rasha", "Hiba", "Nour", "Lina", "Rania", "Dima", "Reem", "Alaa", "Heba",
         "Sham", "Joudi"),
        _zelfde("Al-Hassan", "Al-Ahmad", "Haddad", "Khalil", "Al-Ali", "Darwish",
                "Al-Khatib", "Hamoud", "Sabbagh", "Al-Hamwi", "Najjar", "Kurdi", "Shaheen"),
    ),
    Herkomst(
        5,
        ("Ahmad", "Mohammad", "Rahim", "Abdul", "Farid", "Hamid", "Nasir", "Jawad",
         "Mustafa", "Sohail", "Zabiullah", "Omid"),
        ("Fatima", "Maryam", "Zahra", "Parwana", "Shabnam", "Nargis", "Sakina", "Farzana",
         "Hosai", "Gulalai", "Mina", "Roya"),
        _zelfde("Ahmadi", "Rahimi", "Hakimi", "Noori", "Karimi", "Mohammadi", "Hashimi",
                "Rezaei", "Sultani", "Stanikzai", "Amiri", "Jafari", "Wardak", "Popal"),
    ),
    Herkomst(
        4,
        ("Yonas", "Tesfay", "Dawit", "Filmon", "Habte", "Kidane", "Mehari", "Samuel",
         "Tekle", "Yohannes", "Robel", "Biniam"),
        ("Helen", "Senait", "Saba", "Selam", "Ruth", "Hiwet", "Freweini", "Luwam", "Eden",
         "Yordanos", "Mebrat", "Rahwa"),
        _zelfde("Tesfamariam", "Gebremedhin", "Habtemariam", "Kidane", "Tekle", "Berhane",
                "Ghebreyesus", "Woldu", "Haile", "Mebrahtu", "Asmerom", "Ghirmay"),
    ),
    Herkomst(
        5,
        ("Jean", "Patrick", "Christian", "Joseph", "Pierre", "Didier", "Fabrice",
         "Emmanuel", "Glody", "Exaucé", "Daniel", "Junior"),
        ("Marie", "Grâce", "Chantal", "Esther", "Nadine", "Sarah", "Divine", "Merveille",
         "Clarisse", "Ruth", "Benie", "Josiane"),
        _zelfde("Mukendi", "Kabongo", "Ilunga", "Tshibangu", "Kalala", "Mbuyi", "Lukusa",
                "Nkulu", "Kasongo", "Mutombo", "Ngoy", "Kanku", "Lumbala", "Makiese"),
    ),
    Herkomst(
        3,
        ("Piotr", "Krzysztof", "Tomasz", "Paweł", "Marcin", "Michał", "Łukasz", "Jakub",
         "Kacper", "Szymon"),
        ("Anna", "Katarzyna", "Agnieszka", "Magdalena", "Joanna", "Monika", "Zuzanna",
         "Julia", "Maja", "Natalia"),
        _slavisch("Nowak/Nowak", "Kowalski/Kowalska", "Wiśniewski/Wiśniewska",
                  "Wójcik/Wójcik", "Kamiński/Kamińska", "Lewandowski/Lewandowska",
                  "Zieliński/Zielińska", "Szymański/Szymańska", "Dąbrowski/Dąbrowska",
                  "Mazur/Mazur"),
    ),
    Herkomst(
        3,
        ("Ion", "Andrei", "Gheorghe", "Florin", "Mihai", "Constantin", "Alexandru",
         "Ionuț", "Marius", "Cristian"),
        ("Elena", "Ioana", "Maria", "Andreea", "Florentina", "Georgiana", "Mihaela",
         "Alina", "Roxana", "Daniela"),
        _zelfde("Popescu", "Ionescu", "Stan", "Dumitru", "Stoica", "Munteanu", "Lungu",
                "Rusu", "Matei", "Ciobanu"),
    ),
]  # fmt: skip
_HERKOMST_GEWICHTEN = list(itertools.accumulate(h.gewicht for h in HERKOMSTEN))


# Household types: (name, weight).
GEZINSTYPES = [
    ("alleenstaand", 28),
    ("oudere_alleenstaand", 8),
    ("ouder_koppel", 4),
    ("eenoudergezin", 26),
    ("koppel_met_kinderen", 28),
    ("koppel", 4),
    ("drie_generaties", 2),
]
_GEZINSTYPE_GEWICHTEN = list(itertools.accumulate(w for _n, w in GEZINSTYPES))


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    username: str
    rol: str
    organisatie: str
    wachtwoord: str


@dataclass
class SeedResultaat:
    logins: list[DemoLogin]
    aantallen: dict[str, int] = field(default_factory=dict)
    overgeslagen: bool = False
    seconden: float = 0.0


class DemoFout(Exception):
    """The demo data cannot be made; the message says why."""


# Demo accounts: (username, role, organisation, is_staff/superuser, first name, last name).
DEMO_ACCOUNTS = [
    ("vrijwilliger", Rol.VRIJWILLIGER, DEMO_INITIATIEF, False, "Griet", "Demeulemeester"),
    ("vrijwilliger2", Rol.VRIJWILLIGER, DEMO_INITIATIEF, False, "Yusuf", "Aydın"),
    ("vrijwilliger2", Rol.VRIJWILLIGER, TWEEDE_INITIATIEF, False, "Yusuf", "Aydın"),
    ("coordinator", Rol.COORDINATOR, DEMO_INITIATIEF, False, "Hilde", "Van Acker"),
    (
        "maatschappelijkwerker",
        Rol.MAATSCHAPPELIJK_WERKER,
        SOCIALE_DIENST,
        False,
        "Sarah",
        "Bouzidi",
    ),
    ("caw", Rol.MAATSCHAPPELIJK_WERKER, "CAW Oost-Vlaanderen", False, "Tom", "Deprez"),
    ("stad", Rol.STADSMEDEWERKER, STAD_GENT, False, "Lotte", "Vanhove"),
    ("beleid", Rol.BELEIDSMEDEWERKER, STAD_GENT, False, "Ahmed", "Ouaali"),
    ("beheerder", Rol.BEHEERDER, STAD_GENT, True, "Koen", "Desmet"),
    ("eeklo", Rol.COORDINATOR, INITIATIEF_EEKLO, False, "Ingrid", "Van Hoorebeke"),
]
DEMO_USERNAMES = list(dict.fromkeys(a[0] for a in DEMO_ACCOUNTS))


def demo_logins() -> list[DemoLogin]:
    """The demo accounts as they are in the database now (for --if-empty)."""
    lidmaatschappen = (
        Lidmaatschap.objects.filter(user__username__in=DEMO_USERNAMES)
        .select_related("user", "organisatie")
        .order_by("user__username", "organisatie__naam")
    )
    per_user: dict[str, list[Lidmaatschap]] = {}
    for lid in lidmaatschappen:
        per_user.setdefault(lid.user.username, []).append(lid)
    return [
        DemoLogin(username, lid.get_rol_display(), lid.organisatie.naam, DEMO_WACHTWOORD)
        for username in DEMO_USERNAMES
        for lid in per_user.get(username, [])
    ]


# --- writing rows ------------------------------------------------------------------------------


class _Ids:
    """Primary keys for rows written later with COPY/bulk_create, so others can refer to them."""

    def __init__(self) -> None:
        self.volgende: dict[str, int] = {}  # SQLite: next free id per table in this run

    def reserveer(self, model, aantal: int) -> list[int]:
        if aantal == 0:
            return []
        tabel = model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [tabel, aantal],
                )
                return [r[0] for r in cursor.fetchall()]
            if tabel not in self.volgende:
                qn = connection.ops.quote_name
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {qn(tabel)}")
                self.volgende[tabel] = cursor.fetchone()[0]
        begin = self.volgende[tabel]
        self.volgende[tabel] += aantal
        return list(range(begin, begin + aantal))


def _schrijf(model, kolommen: list[str], rijen: Iterable[tuple]) -> int:
    """Insert rows (tuples in the order of `kolommen`, model attnames); return how many.

    PostgreSQL gets a COPY; other databases bulk_create in batches. Columns not
    given get their field default, so a field added to the model later does not
    break the seed.
    """
    meta = model._meta
    velden = [meta.get_field(k) for k in kolommen]
    gegeven = {v.attname for v in velden}
    rest = [v for v in meta.concrete_fields if v.attname not in gegeven and not v.primary_key]
    if connection.vendor != "postgresql":
        aantal = 0
        for batch in itertools.batched(rijen, 2000):
            model.objects.bulk_create(
                [model(**dict(zip(kolommen, rij, strict=True))) for rij in batch],
                batch_size=2000,
            )
            aantal += len(batch)
        return aantal

    vast = tuple(v.get_default() for v in rest if not callable(v.default))
    per_rij: list[Callable] = [v.get_default for v in rest if callable(v.default)]
    rest = [v for v in rest if not callable(v.default)] + [v for v in rest if callable(v.default)]
    qn = connection.ops.quote_name
    namen = ", ".join(qn(v.column) for v in [*velden, *rest])
    sql = f"COPY {qn(meta.db_table)} ({namen}) FROM STDIN"
    aantal = 0
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        schrijf = copy.write_row
        if not rest:
            for rij in rijen:
                schrijf(rij)
                aantal += 1
        elif not per_rij:
            for rij in rijen:
                schrijf(rij + vast)
                aantal += 1
        else:
            for rij in rijen:
                schrijf(rij + vast + tuple(f() for f in per_rij))
                aantal += 1
    return aantal


def _eigenaar_van(*models) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(pg_has_role(current_user, relowner, 'USAGE')) "
            "FROM pg_class WHERE oid = ANY(%s::regclass[])",
            [[m._meta.db_table for m in models]],
        )
        return bool(cursor.fetchone()[0])


@contextmanager
def _foreign_keys_achteraf(*models) -> Iterator[None]:
    """PostgreSQL: check these tables' foreign keys once after the load, not row by row.

    Checking a deferred foreign key costs a lookup per row at commit (about half
    a minute for the year of pickups); adding the constraint back afterwards
    validates all rows in one join. Same names and definitions, inside the
    seed's transaction: if anything fails, the rollback restores them too.
    Only the tables' owner may do that: connected as the application's role
    (docs/infrastructure.md, "Databaserollen") they stay and check row by row.
    """
    if connection.vendor != "postgresql" or not _eigenaar_van(*models):
        yield
        return
    qn = connection.ops.quote_name
    # Pending deferred checks on these tables block ALTER TABLE: run them now.
    connection.check_constraints()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            [[m._meta.db_table for m in models]],
        )
        foreign_keys = cursor.fetchall()
        for tabel, naam, _definitie in foreign_keys:
            cursor.execute(f"ALTER TABLE {tabel} DROP CONSTRAINT {qn(naam)}")
    yield
    connection.check_constraints()
    with connection.cursor() as cursor:
        for tabel, naam, definitie in foreign_keys:
            cursor.execute(f"ALTER TABLE {tabel} ADD CONSTRAINT {qn(naam)} {definitie}")


AFHALING_KOLOMMEN = [
    "idempotentiesleutel",
    "gezin_id",
    "kaart_id",
    "organisatie_id",
    "locatie_id",
    "afhaalmoment_id",
    "hulpvorm_id",
    "doorverwijzing_id",
    "zelfmelder",
    "datum",
    "gescand_op",
    "ontvangen_op",
    "geregistreerd_door_id",
    "apparaat",
    "status",
    "override_reden",
    "controle_reden",
]
# Visits without referral, as in the default Afhaalregels.
ZELFMELDER_BEZOEKEN = Afhaalregels._meta.get_field("zelfmelder_bezoeken").default

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


def _maanden_terug(dag: date, maanden: int) -> date:
    jaar, maand = divmod(dag.year * 12 + dag.month - 1 - maanden, 12)
    maand += 1
    for d in (dag.day, 30, 29, 28):
        try:
            return date(jaar, maand, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _kies(rng: random.Random, cum: list[int], items: list):
    return rng.choices(items, cum_weights=cum)[0]


def _hulpvormen() -> dict[str, int]:
    """The aid kinds from data migration 0002; `flush` removes them, so make them if missing."""
    migratie = importlib.import_module("hulpverlening.migrations.0002_hulpvormen")
    ids = {}
    for slug, naam in migratie.HULPVORMEN:
        hulpvorm, _ = Hulpvorm.objects.get_or_create(slug=slug, defaults={"naam": naam})
        ids[slug] = hulpvorm.pk
    return ids


class _Bouwer:
    def __init__(self, *, households: int, months: int, seed: int, vandaag: date):
        self.n = households
        self.seed = seed
        self.vandaag = vandaag
        self.tz = timezone.get_default_timezone()
        self.venster_start = _maanden_terug(vandaag, months)
        self.laatste_dag = vandaag - timedelta(days=1)
        self.rng = random.Random(f"gezinnen-{seed}")
        self.aantallen: dict[str, int] = {}
        self.ids = _Ids()
        self.doorverwijzingen: list[list] = []

    def moment_op(self, dag: date, tijd: time) -> datetime:
        return datetime.combine(dag, tijd, tzinfo=self.tz)

    # Structure: the same for every household count, so logins and names stay put.
    def structuur(self) -> None:
        rng = random.Random(f"structuur-{self.seed}")
        self.hulpvorm = _hulpvormen()
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
            if naam != DEMO_INITIATIEF and aantal_locaties[naam] < 3:
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
        self.eeklo_init = self.initiatieven.pop(INITIATIEF_EEKLO)
        self.gent_inits = list(self.initiatieven.values())
        self.gent_cum = list(
            itertools.accumulate(
                i.capaciteit * (DEMO_GEWICHT if i.org.naam == DEMO_INITIATIEF else 1)
                for i in self.gent_inits
            )
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
                herkomst = _kies(rng, _HERKOMST_GEWICHTEN, HERKOMSTEN)
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
                    self.hulpvorm["voedselpakket"],
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
        herkomst = _kies(rng, _HERKOMST_GEWICHTEN, HERKOMSTEN)
        soort = _kies(rng, _GEZINSTYPE_GEWICHTEN, GEZINSTYPES)[0]
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
            h = herkomst if rng.random() < 0.85 else _kies(rng, _HERKOMST_GEWICHTEN, HERKOMSTEN)
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

        def rij(g: _Gezin, m: _Moment, dag: date, hulpvorm: int, vrijwilligers: list[int]):
            """One pickup, or None when a zelfmelder has had all visits without referral."""
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
            return (
                UUID(int=getrandbits(128), version=4),
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
            )

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
                    if nieuw and g.laatste is None and random_() < 0.1:
                        hulpvorm = start
                    elif baby_nodig and random_() < 0.3:
                        hulpvorm, baby_nodig = baby, False
                    elif random_() < 0.06:
                        hulpvorm = hygiene
                    else:
                        hulpvorm = voedsel
                    afhaling = rij(g, moment, op, hulpvorm, init.vrijwilligers)
                    if afhaling is not None:
                        yield afhaling
                dag += week
                w += 1
            if g.tweede is not None:
                # Now and then to a second initiative, without referral there.
                t, tm = g.tweede
                dag = begin + td(days=(tm.weekdag - begin.weekday()) % 7 + 7 * randint(0, 3))
                while dag <= g.einde:
                    if random_() < 0.7:
                        afhaling = rij(g, tm, dag, voedsel, t.vrijwilligers)
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
        with _foreign_keys_achteraf(Afhaling, Doorverwijzing, Gezin, Persoon, Kaart, Gezinsrelatie):
            self.schrijf(gezinnen, vrij)
        self.capaciteit_naar_drukte()
        self.leveringen()

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
        self.aantallen["doorverwijzingen"] = _schrijf(
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
        self.aantallen["afhalingen"] = _schrijf(
            Afhaling, AFHALING_KOLOMMEN, self.afhalingen(gezinnen)
        )
        _schrijf(
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
        self.aantallen["personen"] = _schrijf(
            Persoon,
            ["gezin_id", "voornaam", "achternaam", "geboortejaar", "relatie"],
            ((g.id, *p) for g in gezinnen for p in g.personen),
        )
        self.aantallen["kaarten"] = _schrijf(
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
        self.aantallen["gezinsrelaties"] = _schrijf(
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


def bestaat_al() -> bool:
    return Gemeente.objects.filter(slug=GENT[1]).exists()


def seed_demo(
    *,
    households: int = 600,
    months: int = 6,
    seed: int = 2026,
    if_empty: bool = False,
    vandaag: date | None = None,
) -> SeedResultaat:
    """Build the demo Ghent in one transaction; with if_empty, do nothing when Gent exists."""
    if households < 1 or months < 1:
        raise DemoFout("Kies minstens 1 gezin en 1 maand.")
    if bestaat_al():
        if if_empty:
            return SeedResultaat(logins=demo_logins(), overgeslagen=True)
        raise DemoFout(
            "Gemeente Gent bestaat al. Gebruik --if-empty om niets te doen, "
            "of maak de database eerst leeg (manage.py flush)."
        )
    begonnen = clock.perf_counter()
    bouwer = _Bouwer(
        households=households,
        months=months,
        seed=seed,
        vandaag=vandaag or timezone.localdate(),
    )
    with transaction.atomic():
        bouwer.bouw()
    logins = [
        replace(lo, wachtwoord="(bestaand account, niet gewijzigd)")
        if lo.username in bouwer.bestaande_accounts
        else lo
        for lo in demo_logins()
    ]
    return SeedResultaat(
        logins=logins, aantallen=bouwer.aantallen, seconden=clock.perf_counter() - begonnen
    )


def logins_tabel(logins: list[DemoLogin]) -> str:
    koppen = ("gebruikersnaam", "rol", "organisatie", "wachtwoord")
    rijen = [koppen] + [(lo.username, lo.rol, lo.organisatie, lo.wachtwoord) for lo in logins]
    breedtes = [max(len(r[i]) for r in rijen) for i in range(len(koppen))]

    def regel(r) -> str:
        return "  ".join(c.ljust(b) for c, b in zip(r, breedtes, strict=True)).rstrip()

    lijn = "  ".join("-" * b for b in breedtes)
    return "\n".join([regel(koppen), lijn, *(regel(r) for r in rijen[1:])])
