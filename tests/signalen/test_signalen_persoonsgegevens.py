"""The personal-data checker of Lokaal Signaal on realistic Dutch sentences.

MET: sentences with personal data and what must be found in them (true positives);
ZONDER: sentences as field workers write them that must pass (no false positives),
among them the traps: street names without a number, counts after a street name,
service numbers, dates and times, saints, hospitals, first names that are words.
"""

import pytest

from signalen import persoonsgegevens
from signalen.persoonsgegevens import Soort


def rijksregisternummer(geboorte: str, volgnummer: str, *, na_2000: bool = False) -> str:
    basis = int(("2" if na_2000 else "") + geboorte + volgnummer)
    return f"{geboorte}{volgnummer}{97 - basis % 97:02d}"


RRN_1985 = rijksregisternummer("850730", "033")
RRN_2012 = rijksregisternummer("120315", "128", na_2000=True)

MET = [
    (
        "Mevrouw Janssens van de Sleepstraat 12 belt 0470 12 34 56",
        {
            (Soort.NAAM, "Janssens"),
            (Soort.ADRES, "Sleepstraat 12"),
            (Soort.TELEFOON, "0470 12 34 56"),
        },
    ),
    ("Fatima heeft al drie maanden geen leefloon", {(Soort.NAAM, "Fatima")}),
    ("Stuur het verslag naar jan.peeters@telenet.be", {(Soort.EMAIL, "jan.peeters@telenet.be")}),
    (
        f"Zijn rijksregisternummer is {RRN_1985[:2]}.{RRN_1985[2:4]}.{RRN_1985[4:6]}-"
        f"{RRN_1985[6:9]}.{RRN_1985[9:]}",
        {
            (
                Soort.RIJKSREGISTER,
                f"{RRN_1985[:2]}.{RRN_1985[2:4]}.{RRN_1985[4:6]}-{RRN_1985[6:9]}.{RRN_1985[9:]}",
            )
        },
    ),
    (f"Kind met nummer {RRN_2012} heeft geen schoolmateriaal", {(Soort.RIJKSREGISTER, RRN_2012)}),
    (
        "Bel dhr. De Smet op 09 223 45 67",
        {(Soort.NAAM, "De Smet"), (Soort.TELEFOON, "09 223 45 67")},
    ),
    ("Roos Peeters belde ons over haar huur", {(Soort.NAAM, "Roos Peeters")}),
    ("Het gezin Yilmaz woont in een vochtige woning", {(Soort.NAAM, "Yilmaz")}),
    ("Ze woont Frans Spaasstraat 3 bus 2", {(Soort.ADRES, "Frans Spaasstraat 3 bus 2")}),
    ("Storting op BE68 5390 0754 7034 lukt niet", {(Soort.REKENING, "BE68 5390 0754 7034")}),
    (
        "Mohamed en Amina hebben geen internet thuis",
        {(Soort.NAAM, "Mohamed"), (Soort.NAAM, "Amina")},
    ),
    (
        "Hun zoon belt vanuit Nederland: +31 6 12345678 of +32 470 12 34 56",
        {(Soort.TELEFOON, "+31 6 12345678"), (Soort.TELEFOON, "+32 470 12 34 56")},
    ),
    ("Meneer Van den Broeck kan zijn huur niet betalen", {(Soort.NAAM, "Van den Broeck")}),
    ("Op de Vrijdagmarkt 10 woont een man zonder verwarming", {(Soort.ADRES, "Vrijdagmarkt 10")}),
    ("Griet Claeys komt elke week te laat voor haar pakket", {(Soort.NAAM, "Griet Claeys")}),
    ("Het gsm-nummer is 0486/11.22.33", {(Soort.TELEFOON, "0486/11.22.33")}),
    ("Familie Benali heeft schimmel in de kinderkamer", {(Soort.NAAM, "Benali")}),
    (
        "Ahmet woont Kortrijksesteenweg 150 en mailt naar ahmet1980@gmail.com",
        {
            (Soort.NAAM, "Ahmet"),
            (Soort.ADRES, "Kortrijksesteenweg 150"),
            (Soort.EMAIL, "ahmet1980@gmail.com"),
        },
    ),
    ("Volgens dokter Vermeulen is de wachttijd drie maanden", {(Soort.NAAM, "Vermeulen")}),
    ("Ivan en zijn vrouw slapen in hun auto", {(Soort.NAAM, "Ivan")}),
]

ZONDER = [
    "Veel mensen in de Brugse Poort kunnen hun energiefactuur niet betalen",
    "In de Dampoortstraat 12 gezinnen zonder verwarming sinds de storm",
    "Bel de Energielijn op 0800 14 689 voor info over het sociaal tarief",
    "Sinds januari komen 40% meer gezinnen naar de voedselbedeling",
    "Patiënten van AZ Jan Palfijn wachten lang op een afspraak bij de sociale dienst",
    "Ouderen in Sint-Amandsberg raken niet meer aan hun bankzaken door de digitale loketten",
    "Roos geeft aan dat de wachtlijsten voor sociale woningen te lang zijn",
    "Een gezin Syrische vluchtelingen vindt geen huurwoning",
    "Op 12/03/2024 kwamen er 85 mensen tussen 09.00 en 12.00",
    "De huur in de Kortrijksesteenweg stijgt elk jaar",
    "Max 3 pakketten per week is te weinig voor grote gezinnen",
    "Ben je op de hoogte van de nieuwe regels voor het groeipakket?",
    "Leerlingen van Sint-Lucas hebben geen laptop voor hun huiswerk",
    "Mensen van 65 jaar en ouder vinden de weg niet naar de premie",
    "Budgetmeters staan leeg: 15 huishoudens in de Rooigemlaan 3 keer per maand",
    "De factuur van Fluvius bedraagt vaak meer dan € 250 per maand",
    "Studenten uit Zwijnaarde vragen voedselpakketten, vooral in de examenperiode",
    "Alleenstaande moeders in Nieuw Gent kunnen de crèche niet betalen",
    "De bus 70 rijdt niet meer na 19 uur, mensen missen hun afspraak",
    "Wachttijd bij het OCMW is 6 weken, in 2023 was dat nog 3 weken",
    "Veel vragen over de premie van 1.250 euro voor isolatie",
    "In de wijk Rabot wonen 300 gezinnen in slecht geïsoleerde woningen",
    "Mensen raken hun papieren kwijt en vragen hulp bij de aanvraag via itsme",
    "Het Huis van het Kind in Ledeberg ziet meer ouders zonder luiers",
    "Ze wonen met 6 personen in een studio van 30 m²",
    "Jongeren tussen 18 en 25 jaar vallen uit de boot bij het leefloon",
    "Toon meer begrip voor mensen die te laat komen: de tram 4 rijdt onregelmatig",
]


def _gevonden(zin: str) -> set[tuple[str, str]]:
    return {(v.soort, v.tekst) for v in persoonsgegevens.zoek(zin)}


@pytest.mark.parametrize(("zin", "verwacht"), MET, ids=[z for z, _ in MET])
def test_personal_data_is_found(zin, verwacht):
    assert _gevonden(zin) == verwacht


@pytest.mark.parametrize("zin", ZONDER)
def test_ordinary_policy_sentences_pass(zin):
    assert _gevonden(zin) == set()


def test_there_are_enough_realistic_sentences():
    assert len(MET) + len(ZONDER) >= 25


def test_national_register_number_needs_the_mod_97_check():
    assert persoonsgegevens.rijksregisternummer_geldig(RRN_1985)
    assert persoonsgegevens.rijksregisternummer_geldig(RRN_2012)
    fout = RRN_1985[:-2] + f"{(int(RRN_1985[-2:]) + 1) % 100:02d}"
    assert not persoonsgegevens.rijksregisternummer_geldig(fout)
    # An invoice number of eleven digits is no person.
    assert _gevonden(f"Factuurnummer {fout} is niet betaald") == set()


def test_masking_replaces_each_finding_by_its_kind():
    tekst = "Mevrouw Janssens van de Sleepstraat 12 belt 0470 12 34 56"
    assert persoonsgegevens.maskeer(tekst) == (
        "Mevrouw [naam] van de [adres] belt [telefoonnummer]"
    )
    assert persoonsgegevens.zoek(persoonsgegevens.maskeer(tekst)) == []


def test_the_explanation_names_what_was_found():
    uitleg = persoonsgegevens.uitleg(persoonsgegevens.zoek("Bel Fatima op 0470 12 34 56"))
    assert uitleg == "naam “Fatima”, telefoonnummer “0470 12 34 56”"


def test_the_first_name_list_is_shipped_and_broad():
    namen = persoonsgegevens.voornamen()
    assert len(namen) > 500
    assert {"Jan", "Fatima", "Mehmet", "Zuzana", "Yonas", "Griet"} <= namen


def test_empty_and_very_long_texts_are_checked_quickly():
    assert persoonsgegevens.zoek("") == []
    lang = "Veel mensen kunnen hun energiefactuur niet betalen. " * 200
    assert persoonsgegevens.zoek(lang) == []
