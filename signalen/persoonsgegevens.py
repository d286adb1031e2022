"""Spotting personal data in a melding before it is saved.

A melding describes a problem, never a person. This checker looks for what
would make a person recognisable: names (first names from a list, common
surnames, any capitalised word after "mevrouw", "meneer", "familie" ...), phone
numbers in Belgian formats and international ones, e-mail addresses, Belgian
national register numbers (only when the mod-97 check holds, so invoice numbers
pass), bank account numbers (IBAN) and street addresses with a house number.

It is tuned to let ordinary policy sentences through: "Veel mensen in de Brugse
Poort kunnen hun energiefactuur niet betalen" has nothing to remove, "in de
Dampoortstraat 12 gezinnen" counts households rather than giving an address,
and "0800 14 689" is a service number, not a person's. tests/test_signalen_
persoonsgegevens.py holds the sentences it is measured on.
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hulpverlening import namen
from hulpverlening.namen import LEEG, Namenregister, sleutel

DATA = Path(__file__).resolve().parent / "data"


class Soort(StrEnum):
    NAAM = "naam"
    TELEFOON = "telefoonnummer"
    EMAIL = "e-mailadres"
    RIJKSREGISTER = "rijksregisternummer"
    REKENING = "rekeningnummer"
    ADRES = "adres"

    @property
    def label(self) -> str:
        return str(SOORT_LABELS[self])

    def __str__(self) -> str:
        # The reason as the user reads it: templates print a finding's kind as it is.
        return self.label


SOORT_LABELS = {
    Soort.NAAM: _("naam"),
    Soort.TELEFOON: _("telefoonnummer"),
    Soort.EMAIL: _("e-mailadres"),
    Soort.RIJKSREGISTER: _("rijksregisternummer"),
    Soort.REKENING: _("rekeningnummer"),
    Soort.ADRES: _("adres"),
}


@dataclass(frozen=True)
class Vondst:
    soort: Soort
    tekst: str
    start: int
    einde: int

    def __str__(self) -> str:
        return gettext("%(soort)s “%(tekst)s”") % {"soort": self.soort.label, "tekst": self.tekst}


# First names that are also ordinary Dutch words, so a capital at the start of a
# sentence proves nothing: these count only before a capitalised surname.
DUBBELZINNIG = frozenset(
    {
        "Amber", "Ben", "Bo", "Eden", "Fleur", "Floor", "Ion", "Iris", "Jade", "Junior",
        "Leen", "Lieve", "Max", "Rein", "Roman", "Roos", "Staf", "Toon",
    }
)  # fmt: skip

# Words after which a capitalised word is a name: "mevrouw Janssens", "dhr. Peeters".
TITELS = frozenset(
    {
        "mevrouw", "mevr", "mw", "mme", "madame", "meneer", "mijnheer", "mr", "dhr", "heer",
        "monsieur", "juffrouw", "dokter", "dr", "familie", "fam", "gezin", "meester",
    }
)  # fmt: skip
AFKORTINGEN = frozenset({"mevr", "mw", "mme", "mr", "dhr", "dr", "fam"})
# After "familie" or "gezin" an adjective is no name: "een gezin Syrische vluchtelingen".
FAMILIEWOORDEN = frozenset({"familie", "fam", "gezin"})

# Institutions and places in and around Ghent whose names contain a first name.
GEEN_PERSOON = re.compile(
    r"\b(?:Jan[\s-]Palfijn|Maria[\s-]Middelares|Jan[\s-]Yperman|Jan[\s-]Breydel"
    r"|Pieter[\s-]de[\s-]Coninck|Emile[\s-]Braun|Frans[\s-]Masereel)\b",
    re.IGNORECASE,
)
# "Sint-Lucas", "Sint Jan", "Onze-Lieve-Vrouw": saints are places and schools here.
HEILIGE = re.compile(r"(?:Sint|Sinte|Heilige|Onze-Lieve|OLV)[\s-]*$", re.IGNORECASE)

# Particles of surnames, as their normalised key (hulpverlening.namen.sleutel).
TUSSENVOEGSELS = frozenset(
    {
        "van", "de", "der", "den", "vande", "vanden", "vander", "von", "ter", "ten", "te",
        "le", "la", "du", "da", "di", "del", "della", "el", "al", "ben", "bin", "bou", "abu",
        "abou", "ould", "ait",
    }
)  # fmt: skip
# Capitalised, these start a surname whatever follows: "El Amrani", "Ben Salah",
# "Abu Bakr", "Ould Ahmed". "De" and "Van" also start "De Lijn" or "Van Eyck-
# zwembad", so after those the next word must be a known surname.
EENDUIDIGE_TUSSENVOEGSELS = frozenset(
    {"el", "al", "ben", "bin", "bou", "abu", "abou", "ould", "ait", "vanden", "vander", "vande"}
)

STRAATWOORDEN = (
    "straat", "laan", "plein", "steenweg", "dreef", "lei", "kaai", "weg", "baan", "singel",
    "markt", "dijk", "vest", "gracht", "pad", "wegel", "hof", "plaats", "kouter", "ring",
)  # fmt: skip

# A number after a street name that counts something is no house number:
# "in de Dampoortstraat 12 gezinnen".
TELWOORDEN = frozenset(
    {
        "gezinnen", "gezin", "mensen", "personen", "persoon", "kinderen", "kind", "huishoudens",
        "families", "bewoners", "jongeren", "ouderen", "senioren", "studenten", "vrouwen",
        "mannen", "moeders", "vaders", "alleenstaanden", "cliënten", "klanten", "dossiers",
        "meldingen", "huizen", "woningen", "appartementen", "plaatsen", "bedden", "keer", "maal",
        "euro", "eur", "procent", "dagen", "dag", "weken", "week", "maanden", "maand", "jaar",
        "jaren", "uur", "uren", "minuten", "km", "meter", "pakketten", "pakket", "stuks",
        "adressen", "panden", "units", "kamers",
    }
)  # fmt: skip

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[0-9A-Z]{4}){2,7}(?:[ ]?[0-9A-Z]{1,3})?\b")
RIJKSREGISTER = re.compile(
    r"(?<![\d])(\d{2})[.\s-]?(\d{2})[.\s-]?(\d{2})[.\s-]?(\d{3})[.\s-]?(\d{2})(?![\d])"
)
# Digits with the separators people type in phone numbers, optionally international.
TELEFOONKANDIDAAT = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d\s./()-]{6,24}\d(?![\d])")
STRAAT = re.compile(
    r"(?<![\w-])(?:[A-ZÀ-Ý][\w'’.-]*\s+){0,2}[\wÀ-ÿ'’-]{2,}(?:"
    + "|".join(STRAATWOORDEN)
    + r")\s+(?:nr\.?\s*|nummer\s+)?\d{1,4}(?:\s?[a-zA-Z](?!\w))?(?:\s*(?:bus|b)\s*\d{1,4})?(?!\d)"
)
VOLGWOORD = re.compile(r"\s*([^\W\d_]+|%|€)")
WOORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-žİıŞşĞğȘșȚț][\wÀ-ÿĀ-žİıŞşĞğȘșȚț'’-]*")


def _normaal(tekst: str) -> str:
    return unicodedata.normalize("NFC", tekst)


def _lijst(bestand: str) -> frozenset[str]:
    regels = (DATA / bestand).read_text(encoding="utf-8").splitlines()
    return frozenset(
        _normaal(regel.strip()) for regel in regels if regel.strip() and not regel.startswith("#")
    )


@cache
def voornamen() -> frozenset[str]:
    return _lijst("voornamen.txt")


def _sleutels(bestand: str) -> frozenset[str]:
    return frozenset(sleutel(naam) for naam in _lijst(bestand))


@cache
def achternamen() -> frozenset[str]:
    """As keys: Şahin and Sahin are one."""
    return _sleutels("achternamen.txt")


@cache
def achternamen_na_tussenvoegsel() -> frozenset[str]:
    return _sleutels("achternamen_na_tussenvoegsel.txt")


@cache
def gewone_woorden() -> frozenset[str]:
    return _sleutels("gewone_woorden.txt")


@cache
def voornaamsleutels() -> frozenset[str]:
    return _sleutels("voornamen.txt")


@cache
def plaatsen() -> frozenset[str]:
    """Words of the wijken the areas module knows: "Ledeberg" in the registry is no name here."""
    from .gebieden import WIJKEN

    return frozenset(
        deel for wijken in WIJKEN.values() for wijk in wijken for deel in namen.delen(wijk)
    )


def rijksregisternummer_geldig(cijfers: str) -> bool:
    """The mod-97 check of an 11-digit number, for people born before and after 2000."""
    if len(cijfers) != 11 or not cijfers.isascii() or not cijfers.isdigit():
        return False
    basis, controle = int(cijfers[:9]), int(cijfers[9:])
    return controle in (97 - basis % 97, 97 - (2_000_000_000 + basis) % 97)


def _iban_geldig(iban: str) -> bool:
    tekens = iban.replace(" ", "")
    herschikt = tekens[4:] + tekens[:4]
    return int("".join(str(int(teken, 36)) for teken in herschikt)) % 97 == 1


def _belgisch_nummer(cijfers: str) -> bool:
    """A Belgian number in national form (0...): mobile 04xx, or a 9-digit fixed line."""
    if re.fullmatch(r"04[5-9]\d{7}", cijfers):
        return True
    if len(cijfers) != 9 or not cijfers.startswith("0") or cijfers.startswith("04"):
        return False
    # Free, shared-cost and premium numbers belong to services, not to people.
    return not cijfers.startswith(("0800", "090", "070", "078", "077"))


def _telefoon(kandidaat: str) -> int:
    """How many characters at the start of `kandidaat` form a phone number (0: none)."""
    internationaal = kandidaat.startswith(("+", "00"))
    cijfers = ""
    for match in re.finditer(r"\d+", kandidaat):
        cijfers += match.group()
        einde = match.end()
        if internationaal:
            zonder = cijfers[2:] if kandidaat.startswith("00") else cijfers
            if zonder.startswith("32") and _belgisch_nummer("0" + zonder[2:]):
                return einde
            if not zonder.startswith("32") and 10 <= len(zonder) <= 15:
                # Foreign numbers: take the longest run that still looks like one.
                rest = kandidaat[einde:]
                volgend = re.match(r"[\s./-]?\d+", rest)
                if volgend is None or len(zonder) + len(re.sub(r"\D", "", volgend.group())) > 15:
                    return einde
        elif _belgisch_nummer(cijfers):
            return einde
        if len(cijfers) > 15:
            break
    return 0


def _overlapt(start: int, einde: int, bezet: list[tuple[int, int]]) -> bool:
    return any(start < b_einde and b_start < einde for b_start, b_einde in bezet)


def _nummers(tekst: str, bezet: list[tuple[int, int]]) -> list[Vondst]:
    vondsten: list[Vondst] = []
    for match in EMAIL.finditer(tekst):
        vondsten.append(Vondst(Soort.EMAIL, match.group(), match.start(), match.end()))
        bezet.append(match.span())
    for match in IBAN.finditer(tekst):
        if _iban_geldig(match.group()) and not _overlapt(*match.span(), bezet):
            vondsten.append(Vondst(Soort.REKENING, match.group(), match.start(), match.end()))
            bezet.append(match.span())
    for match in RIJKSREGISTER.finditer(tekst):
        if not _overlapt(*match.span(), bezet) and rijksregisternummer_geldig(
            "".join(match.groups())
        ):
            vondsten.append(Vondst(Soort.RIJKSREGISTER, match.group(), *match.span()))
            bezet.append(match.span())
    positie = 0
    while match := TELEFOONKANDIDAAT.search(tekst, positie):
        lengte = _telefoon(match.group())
        start = match.start()
        if lengte and not _overlapt(start, start + lengte, bezet):
            nummer = match.group()[:lengte]
            vondsten.append(Vondst(Soort.TELEFOON, nummer, start, start + lengte))
            bezet.append((start, start + lengte))
            positie = start + lengte
        else:
            # Try again from the next group of digits: "op 12/3 belde 0470 ..." .
            volgende = re.search(r"[\s./()-]\d", match.group())
            positie = start + (volgende.start() + 1 if volgende else len(match.group()))
    return vondsten


def _adressen(tekst: str, bezet: list[tuple[int, int]]) -> list[Vondst]:
    vondsten = []
    for match in STRAAT.finditer(tekst):
        volgwoord = VOLGWOORD.match(tekst, match.end())
        if volgwoord and volgwoord.group(1).lower() in TELWOORDEN | {"%", "€"}:
            continue
        if not _overlapt(*match.span(), bezet):
            vondsten.append(Vondst(Soort.ADRES, match.group(), *match.span()))
            bezet.append(match.span())
    return vondsten


def _vrij_van_instellingen(tekst: str) -> str:
    return GEEN_PERSOON.sub(lambda m: " " * len(m.group()), tekst)


@lru_cache(maxsize=32)
def _uit_register(register: Namenregister) -> tuple[frozenset[str], frozenset[str]]:
    """The registry's words that may count on their own: no particles, no ordinary
    words, no places of the municipality, nothing shorter than three letters."""
    weg = gewone_woorden() | TUSSENVOEGSELS | plaatsen() | {sleutel(n) for n in DUBBELZINNIG}

    def bruikbaar(woorden: frozenset[str]) -> frozenset[str]:
        return frozenset(w for w in woorden if len(w) >= 3 and w not in weg)

    return bruikbaar(register.voornamen), bruikbaar(register.achternamen)


def _namen(tekst: str, bezet: list[tuple[int, int]], register: Namenregister) -> list[Vondst]:
    vrij = _vrij_van_instellingen(tekst)
    matches = list(WOORD.finditer(vrij))
    woorden = [_normaal(m.group().rstrip("'’-")) for m in matches]
    sleutels = [sleutel(w) for w in woorden]
    posities = [m.span() for m in matches]
    register_voor, register_achter = _uit_register(register)
    voor = voornaamsleutels() | register_voor
    achter = achternamen() | register_achter
    na_tussenvoegsel = achter | achternamen_na_tussenvoegsel()
    vondsten: list[Vondst] = []

    def hoofdletter(i: int) -> bool:
        return i < len(woorden) and woorden[i][0].isupper()

    def straatnaam(i: int) -> bool:
        return i < len(woorden) and woorden[i].lower().endswith(STRAATWOORDEN)

    def tussenvoegsel(i: int) -> bool:
        return i < len(woorden) and sleutels[i] in TUSSENVOEGSELS

    def aaneen(i: int) -> bool:
        """Word i follows word i-1 with only spaces between: one name, no new clause."""
        return 0 < i < len(woorden) and not vrij[posities[i - 1][1] : posities[i][0]].strip()

    def delen(i: int) -> list[str]:
        return [d for d in re.split(r"[-'’]", sleutels[i]) if d]

    def voornaam(i: int) -> bool:
        return sleutels[i] in voor or delen(i)[0] in voor

    def achternaam(i: int) -> bool:
        """A known surname on its own, or a hyphenated one: "El-Amrani", "Peeters-Claes"."""
        stukken = delen(i)
        if sleutels[i] in achter or any(d in achter for d in stukken):
            return True
        return len(stukken) > 1 and stukken[0] in EENDUIDIGE_TUSSENVOEGSELS

    def naam_vanaf(i: int) -> int:
        """Index after the name that starts at word i: "Fatima El Amrani", "Van den Broeck".

        Particles may stand between its words; it ends on a capitalised word, at
        a street name, a lower-case word or punctuation.
        """
        einde, j = i, i
        while j < len(woorden) and j - i < 5 and (j == i or aaneen(j)):
            if tussenvoegsel(j) and j + 1 < len(woorden):
                j += 1
            elif hoofdletter(j) and not straatnaam(j):
                j += 1
                einde = j
            else:
                break
        return einde

    def tussenvoegsel_naam(i: int) -> int:
        """A surname that starts with a capitalised particle: "El Amrani", "Van der Linden",
        "De Smet" (only when the word after the particle is a known surname: "De Lijn" and
        "De Krook" pass)."""
        if not (hoofdletter(i) and tussenvoegsel(i)):
            return i
        j = i + 1
        while tussenvoegsel(j) and aaneen(j):
            j += 1
        if not (hoofdletter(j) and aaneen(j)) or straatnaam(j):
            return i
        eenduidig = sleutels[i] in EENDUIDIGE_TUSSENVOEGSELS or j > i + 1
        if eenduidig or sleutels[j] in na_tussenvoegsel or delen(j)[0] in na_tussenvoegsel:
            return naam_vanaf(i)
        return i

    def na_titel(i: int) -> int:
        """Index after the name that a title before word i announces: "mevrouw Janssens",
        "meneer el amrani" (typed without capitals: then a known surname must follow)."""
        if i == 0 or sleutels[i - 1] not in TITELS:
            return i
        titel = sleutels[i - 1]
        tussen = vrij[posities[i - 1][1] : posities[i][0]]
        if tussen.strip() not in ("", ".") or (tussen.strip() == "." and titel not in AFKORTINGEN):
            return i
        # "een gezin Syrische vluchtelingen": an adjective, not a family name.
        if titel in FAMILIEWOORDEN and woorden[i].lower().endswith(("se", "sche")):
            return i
        if hoofdletter(i):
            return max(naam_vanaf(i), i + 1)
        j = i
        while tussenvoegsel(j) and aaneen(j + 1):
            j += 1
        if j > i and hoofdletter(j) and not straatnaam(j):
            return naam_vanaf(i)
        if j > i and sleutels[j] in na_tussenvoegsel:
            return j + 1
        return i

    i = 0
    while i < len(woorden):
        tot = i
        if straatnaam(i):
            pass
        elif (met_titel := na_titel(i)) > i:
            tot = met_titel
        elif (met_tussenvoegsel := tussenvoegsel_naam(i)) > i:
            tot = met_tussenvoegsel
        elif hoofdletter(i) and voornaam(i) and not straatnaam(i + 1):
            heilige = HEILIGE.search(vrij, 0, posities[i][0])
            met_achternaam = naam_vanaf(i + 1) if aaneen(i + 1) else i + 1
            if heilige:
                pass
            elif met_achternaam > i + 1:
                tot = met_achternaam
            elif woorden[i] not in DUBBELZINNIG:
                tot = i + 1
        elif hoofdletter(i) and achternaam(i):
            tot = naam_vanaf(i)
        if tot > i:
            start, einde = posities[i][0], posities[tot - 1][1]
            if not _overlapt(start, einde, bezet):
                vondsten.append(Vondst(Soort.NAAM, tekst[start:einde], start, einde))
                bezet.append((start, einde))
            i = tot
        else:
            i += 1
    return vondsten


def zoek(tekst: str, register: Namenregister = LEEG) -> list[Vondst]:
    """Everything in `tekst` that may identify a person, in reading order.

    `register`: the names of the municipality's households
    (`hulpverlening.namen.van_gemeente`); a capitalised word that is one of them
    counts as a name, without saying whose.
    """
    tekst = tekst or ""
    bezet: list[tuple[int, int]] = []
    vondsten = _nummers(tekst, bezet)
    vondsten += _adressen(tekst, bezet)
    vondsten += _namen(tekst, bezet, register)
    return sorted(vondsten, key=lambda v: v.start)


def maskeer(
    tekst: str, vondsten: list[Vondst] | None = None, register: Namenregister = LEEG
) -> str:
    """The text with every finding replaced by its kind in brackets: "[telefoonnummer]"."""
    vondsten = zoek(tekst, register) if vondsten is None else vondsten
    for vondst in sorted(vondsten, key=lambda v: v.start, reverse=True):
        tekst = f"{tekst[: vondst.start]}[{vondst.soort.label}]{tekst[vondst.einde :]}"
    return tekst


def uitleg(vondsten: list[Vondst]) -> str:
    """One Dutch sentence naming what was found."""
    return ", ".join(str(v) for v in vondsten)
