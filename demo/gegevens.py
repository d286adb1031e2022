"""Names, places and organisations of the demo Ghent: entirely fictitious."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import time

from hulpverlening.models import (
    Organisatie,
)

DEMO_WACHTWOORD = "demo-gent-2026"  # documented in seed_demo --help; development only
GENT = ("Gent", "gent")
EEKLO = ("Eeklo", "eeklo")

Soort = Organisatie.Soort
VH = Soort.VOEDSELHULP
SK = Soort.SOCIALE_KRUIDENIER
RESTO = Soort.SOCIAAL_RESTAURANT

STAD_GENT = "Stad Gent"
SOCIALE_DIENST = "Sociale Dienst Gent"
DEMO_INITIATIEF = "Voedselhulp Het Pakhuis"
TWEEDE_INITIATIEF = "Sociale kruidenier De Toonbank"
# A social restaurant (issue 13.4): lunch on weekdays, meals per person at a tariff.
RESTAURANT = "Sociaal restaurant De Tafel"
RESTAURANT_MOMENTEN = [[(dag, (time(11, 30), time(13, 30)), 60) for dag in range(5)]]
# Which aids each kind of initiative gives; the demo initiative gives several, so the
# desk shows a visit of several aids (issue 13.3).
HULPVORMEN_VAN = {
    "demo": ["voedselpakket", "hygienepakket", "babyuitzet", "startpakket"],
    "bonnen": ["voedselpakket", "maaltijdcheque"],
    Soort.SOCIALE_KRUIDENIER: ["voedselpakket", "hygienepakket"],
    Soort.SOCIAAL_RESTAURANT: ["maaltijd"],
    Soort.VOEDSELHULP: ["voedselpakket"],
}
# The voucher scheme (issue 13.5, Kras): meal vouchers instead of some parcels.
BONNEN_INITIATIEF = "De Zonnebloem Sint-Amandsberg"
# What a meal costs the household (issue 13.4), and a meal voucher's value.
TARIEVEN = {"maaltijd": {"sociaal_tarief": "2.00", "vol_tarief": "7.50"}}
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
    (RESTAURANT, RESTO, "Sluizeken"),
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
HERKOMST_GEWICHTEN = list(itertools.accumulate(h.gewicht for h in HERKOMSTEN))


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
GEZINSTYPE_GEWICHTEN = list(itertools.accumulate(w for _n, w in GEZINSTYPES))
