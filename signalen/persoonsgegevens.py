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
from functools import cache
from pathlib import Path

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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

TUSSENVOEGSELS = frozenset({"van", "de", "der", "den", "el", "al", "ben", "ter", "ten", "le", "la"})

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


@cache
def achternamen() -> frozenset[str]:
    return _lijst("achternamen.txt")


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


def _namen(tekst: str, bezet: list[tuple[int, int]]) -> list[Vondst]:
    vrij = GEEN_PERSOON.sub(lambda m: " " * len(m.group()), tekst)
    woorden = [_normaal(m.group().rstrip("'’-")) for m in WOORD.finditer(vrij)]
    posities = [m.span() for m in WOORD.finditer(vrij)]
    voor, achter = voornamen(), achternamen()
    vondsten: list[Vondst] = []

    def hoofdletter(i: int) -> bool:
        return i < len(woorden) and woorden[i][0].isupper()

    def straatnaam(i: int) -> bool:
        return i < len(woorden) and woorden[i].lower().endswith(STRAATWOORDEN)

    def voornaam(i: int) -> bool:
        return woorden[i] in voor or woorden[i].split("-")[0] in voor

    def na_achternaam(i: int) -> int:
        """Index after a surname starting at i, particles included: "Van den Broeck"."""
        j = i
        while j < len(woorden) and woorden[j].lower() in TUSSENVOEGSELS:
            j += 1
        if hoofdletter(j) and not straatnaam(j):
            return j + 1
        return i

    def na_titel(i: int) -> bool:
        if i == 0 or woorden[i - 1].lower() not in TITELS or not hoofdletter(i):
            return False
        titel = woorden[i - 1].lower()
        tussen = vrij[posities[i - 1][1] : posities[i][0]]
        if tussen.strip() not in ("", ".") or (tussen.strip() == "." and titel not in AFKORTINGEN):
            return False
        # "een gezin Syrische vluchtelingen": an adjective, not a family name.
        return not (titel in FAMILIEWOORDEN and woorden[i].lower().endswith(("se", "sche")))

    i = 0
    while i < len(woorden):
        tot = i
        if straatnaam(i):
            pass
        elif na_titel(i):
            tot = max(na_achternaam(i), i + 1)
        elif hoofdletter(i) and voornaam(i) and not straatnaam(i + 1):
            heilige = HEILIGE.search(vrij, 0, posities[i][0])
            met_achternaam = na_achternaam(i + 1)
            if heilige:
                pass
            elif met_achternaam > i + 1:
                tot = met_achternaam
            elif woorden[i] not in DUBBELZINNIG:
                tot = i + 1
        elif hoofdletter(i) and woorden[i] in achter:
            tot = i + 1
        if tot > i:
            start, einde = posities[i][0], posities[tot - 1][1]
            if not _overlapt(start, einde, bezet):
                vondsten.append(Vondst(Soort.NAAM, tekst[start:einde], start, einde))
                bezet.append((start, einde))
            i = tot
        else:
            i += 1
    return vondsten


def zoek(tekst: str) -> list[Vondst]:
    """Everything in `tekst` that may identify a person, in reading order."""
    tekst = tekst or ""
    bezet: list[tuple[int, int]] = []
    vondsten = _nummers(tekst, bezet)
    vondsten += _adressen(tekst, bezet)
    vondsten += _namen(tekst, bezet)
    return sorted(vondsten, key=lambda v: v.start)


def maskeer(tekst: str, vondsten: list[Vondst] | None = None) -> str:
    """The text with every finding replaced by its kind in brackets: "[telefoonnummer]"."""
    vondsten = zoek(tekst) if vondsten is None else vondsten
    for vondst in sorted(vondsten, key=lambda v: v.start, reverse=True):
        tekst = f"{tekst[: vondst.start]}[{vondst.soort.label}]{tekst[vondst.einde :]}"
    return tekst


def uitleg(vondsten: list[Vondst]) -> str:
    """One Dutch sentence naming what was found."""
    return ", ".join(str(v) for v in vondsten)
