"""Import from the social dossier: reading files, checking rows, the idempotent service."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from doorverwijzing import importeren
from doorverwijzing.importeren import Bestandsfout
from doorverwijzing.models import Doorverwijzing
from hulpverlening import privacy
from hulpverlening import toestemmingsteksten as toestemming
from hulpverlening.models import (
    Gezin,
    Gezinsrelatie,
    Hulpvorm,
    Notification,
    Persoon,
    Toestemming,
)

VANDAAG = timezone.localdate
RRN = "85.07.30-033.28"  # a made-up number with a valid check: 97 - 850730033 % 97 = 28


def gezin(extern_id="G-1", **kw) -> dict:
    return {
        "extern_id": extern_id,
        "postcode": "9000",
        "volwassenen": 2,
        "kinderen_0_2": 0,
        "kinderen_3_11": 1,
        "kinderen_12_17": 0,
        "toestemming": True,
    } | kw


def persoon(extern_id="P-1", gezin_extern_id="G-1", **kw) -> dict:
    return {
        "extern_id": extern_id,
        "gezin_extern_id": gezin_extern_id,
        "voornaam": "Zoë",
        "achternaam": "Çelik",
        "geboortejaar": 1985,
        "relatie": "referentiepersoon",
    } | kw


def verwijzing(wereld, extern_id="D-1", gezin_extern_id="G-1", **kw) -> dict:
    return {
        "extern_id": extern_id,
        "gezin_extern_id": gezin_extern_id,
        "initiatief": wereld.initiatief_a.naam,
        "soort": "doorverwijzing",
        "hulpvorm": "voedselpakket",
        "start": VANDAAG().isoformat(),
        "einde": (VANDAAG() + timedelta(days=90)).isoformat(),
        "frequentie": "wekelijks",
        "pakket": "groot",
        "reden": "laag_inkomen",
    } | kw


def importeer(wereld, *, bestanden=None, alleen_controleren=False, door=None, **lijsten):
    bestanden = bestanden or [("dossier.json", json.dumps(lijsten).encode())]
    return importeren.dossier_importeren(
        invoer=importeren.lees_bestanden(bestanden),
        organisatie=wereld.sociale_dienst,
        door=door,
        alleen_controleren=alleen_controleren,
    )


def resultaten(verslag) -> list[tuple[str, int, str]]:
    return [(r.soort, r.rij, r.resultaat) for r in verslag.rijen]


@pytest.fixture(autouse=True)
def _voedselpakket(db):
    Hulpvorm.objects.standaard()


def test_good_bad_and_duplicate_rows_each_get_their_own_result(wereld):
    verslag = importeer(
        wereld,
        gezinnen=[gezin("G-1"), gezin("G-2", postcode="900"), gezin("G-1", volwassenen=3)],
        personen=[persoon("P-1", "G-1"), persoon("P-2", "G-2"), persoon("P-3", "G-9")],
        doorverwijzingen=[verwijzing(wereld, "D-1", "G-1")],
    )

    assert resultaten(verslag) == [
        ("gezin", 1, "aangemaakt"),
        ("gezin", 2, "geweigerd"),
        ("gezin", 3, "geweigerd"),
        ("persoon", 1, "aangemaakt"),
        ("persoon", 2, "geweigerd"),
        ("persoon", 3, "geweigerd"),
        ("doorverwijzing", 1, "aangemaakt"),
    ]
    fouten = {(r.soort, r.rij): r.fouten for r in verslag.geweigerd}
    assert fouten[("gezin", 2)] == [
        ("postcode", "Een Belgische postcode heeft 4 cijfers, bv. 9000.")
    ]
    assert fouten[("gezin", 3)][0][0] == "extern_id" and "rij 1" in fouten[("gezin", 3)][0][1]
    assert "werd geweigerd (gezinnen, rij 2)" in fouten[("persoon", 2)][0][1]
    assert "Geen gezin 'G-9'" in fouten[("persoon", 3)][0][1]

    g = Gezin.objects.get()
    assert (g.bron, g.extern_id, g.volwassenen, g.gemeente) == (
        wereld.sociale_dienst,
        "G-1",
        2,
        wereld.gent,
    )
    assert g.relaties.get(organisatie=wereld.sociale_dienst).reden == "aangemaakt"
    akkoord = Toestemming.objects.get(gezin=g)
    assert (akkoord.doel, akkoord.tekstversie, akkoord.organisatie) == (
        "import",
        toestemming.IMPORT_VERSIE,
        wereld.sociale_dienst,
    )
    assert g.personen.get().voornaam == "Zoë"
    dv = Doorverwijzing.objects.get()
    assert (dv.extern_id, dv.verwijzer, dv.organisatie, dv.status) == (
        "D-1",
        wereld.sociale_dienst,
        wereld.initiatief_a,
        "verstuurd",
    )
    assert verslag.totalen == {"aangemaakt": 3, "bijgewerkt": 0, "ongewijzigd": 0, "geweigerd": 4}


def test_reimporting_the_same_file_changes_nothing(wereld):
    lijsten = {
        "gezinnen": [gezin("G-1"), gezin("G-2")],
        "personen": [persoon("P-1", "G-1"), persoon("P-2", "G-1", relatie="kind")],
        "doorverwijzingen": [verwijzing(wereld, "D-1", "G-1"), verwijzing(wereld, "D-2", "G-2")],
    }
    importeer(wereld, **lijsten)

    def toestand():
        return {
            model.__name__: sorted(map(str, model.objects.values_list()))
            for model in (Gezin, Persoon, Doorverwijzing, Gezinsrelatie, Toestemming, Notification)
        }

    voor = toestand()
    verslag = importeer(wereld, **lijsten)

    assert {r.resultaat for r in verslag.rijen} == {"ongewijzigd"}
    assert verslag.totalen["ongewijzigd"] == 6
    assert toestand() == voor


def test_a_changed_row_is_updated(wereld):
    importeer(
        wereld,
        gezinnen=[gezin("G-1")],
        personen=[persoon("P-1")],
        doorverwijzingen=[verwijzing(wereld, "D-1")],
    )
    later = (VANDAAG() + timedelta(days=120)).isoformat()
    verslag = importeer(
        wereld,
        gezinnen=[gezin("G-1", kinderen_0_2=1)],
        personen=[persoon("P-1", voornaam="Zoé")],
        doorverwijzingen=[verwijzing(wereld, "D-1", einde=later, pakket="klein")],
    )

    assert [r.resultaat for r in verslag.rijen] == ["bijgewerkt"] * 3
    g = Gezin.objects.get()
    assert g.kinderen_0_2 == 1 and g.personen.get().voornaam == "Zoé"
    dv = Doorverwijzing.objects.get()
    assert (dv.einde.isoformat(), dv.pakket) == (later, "klein")
    # Extended through the referral service, which tells the initiative.
    assert Notification.objects.filter(organisatie=wereld.initiatief_a, tekst__contains="verlengd")
    assert verslag.gewijzigde_gezinnen == [g.pk]


def test_the_referral_rules_of_the_service_reject_rows(wereld):
    hygiene, _ = Hulpvorm.objects.get_or_create(slug="hygienepakket", naam="Hygiënepakket")
    wereld.initiatief_b.hulpvormen.add(hygiene)
    start = VANDAAG()
    verslag = importeer(
        wereld,
        gezinnen=[gezin("G-1")],
        doorverwijzingen=[
            verwijzing(
                wereld, "D-1", soort="aanmelding", einde=(start + timedelta(days=90)).isoformat()
            ),
            verwijzing(wereld, "D-2", initiatief=wereld.initiatief_b.naam),
            verwijzing(wereld, "D-3", einde=(start - timedelta(days=1)).isoformat()),
            verwijzing(wereld, "D-4", initiatief="Bestaat Niet"),
            verwijzing(wereld, "D-5", initiatief=str(wereld.initiatief_eeklo.pk)),
            verwijzing(wereld, "D-6", initiatief=str(wereld.initiatief_a.pk)),
        ],
    )

    redenen = {r.extern_id: r.reden for r in verslag.rijen if r.soort == "doorverwijzing"}
    assert "aanmelding loopt hoogstens tot" in redenen["D-1"]
    assert "geeft geen voedselpakket" in redenen["D-2"]
    assert "einddatum ligt voor de begindatum" in redenen["D-3"]
    assert redenen["D-4"] == "initiatief: Geen initiatief 'Bestaat Niet' in Gent."
    assert "Geen initiatief" in redenen["D-5"]  # another municipality's initiative
    assert redenen["D-6"] == ""
    assert list(Doorverwijzing.objects.values_list("extern_id", flat=True)) == ["D-6"]


def test_imported_referral_looks_like_one_made_by_the_service(wereld, maatschappelijk_werker):
    importeer(
        wereld,
        door=maatschappelijk_werker,
        gezinnen=[gezin("G-1")],
        doorverwijzingen=[verwijzing(wereld, "D-1"), verwijzing(wereld, "D-2", pakket="klein")],
    )
    dv = Doorverwijzing.objects.get(extern_id="D-1")
    assert dv.aangemaakt_door == maatschappelijk_werker
    assert (dv.soort, dv.frequentie, dv.reden, dv.bericht, dv.vorige) == (
        "doorverwijzing",
        "wekelijks",
        "laag_inkomen",
        "",
        None,
    )
    relaties = dict(dv.gezin.relaties.values_list("organisatie", "reden"))
    assert relaties == {
        wereld.sociale_dienst.pk: "aangemaakt",
        wereld.initiatief_a.pk: "doorverwijzing",
    }
    # One message for the whole import, not one per referral.
    bericht = Notification.objects.get(organisatie=wereld.initiatief_a)
    assert bericht.tekst.startswith("2 nieuwe doorverwijzingen van Sociale Dienst Gent")


def test_a_referral_cannot_move_to_another_initiative_by_import(wereld):
    importeer(wereld, gezinnen=[gezin()], doorverwijzingen=[verwijzing(wereld)])
    verslag = importeer(
        wereld,
        gezinnen=[gezin()],
        doorverwijzingen=[
            verwijzing(wereld, initiatief=wereld.initiatief_b.naam),
        ],
    )
    rij = verslag.rijen[-1]
    assert rij.resultaat == "geweigerd" and rij.fouten[0][0] == "initiatief"
    assert "nieuw extern id" in rij.fouten[0][1]
    assert Doorverwijzing.objects.get().organisatie == wereld.initiatief_a


def test_an_earlier_end_is_refused_and_points_to_stopping(wereld):
    importeer(wereld, gezinnen=[gezin()], doorverwijzingen=[verwijzing(wereld)])
    korter = (VANDAAG() + timedelta(days=10)).isoformat()
    verslag = importeer(wereld, doorverwijzingen=[verwijzing(wereld, einde=korter)])
    assert verslag.rijen[0].fouten[0][0] == "einde"
    assert "stop de doorverwijzing" in verslag.rijen[0].fouten[0][1]


def test_dry_run_reports_the_same_and_writes_nothing(wereld):
    lijsten = {
        "gezinnen": [gezin("G-1"), gezin("G-2", toestemming="nee")],
        "personen": [persoon()],
        "doorverwijzingen": [verwijzing(wereld)],
    }
    controle = importeer(wereld, alleen_controleren=True, **lijsten)

    assert not Gezin.objects.exists() and not Notification.objects.exists()
    assert (controle.alleen_controleren, controle.uitgevoerd) == (True, False)
    echt = importeer(wereld, **lijsten)
    assert resultaten(controle) == resultaten(echt)
    assert controle.geweigerd[0].fouten[0][0] == "toestemming"


def test_without_consent_a_household_is_not_taken_over(wereld):
    verslag = importeer(wereld, gezinnen=[gezin(toestemming="nee"), gezin("G-2", toestemming="")])
    assert [r.fouten[0][0] for r in verslag.rijen] == ["toestemming", "toestemming"]
    assert not Gezin.objects.exists()


def test_a_second_referentiepersoon_is_refused_and_a_swap_works(wereld):
    importeer(wereld, gezinnen=[gezin()], personen=[persoon("P-1")])
    verslag = importeer(wereld, personen=[persoon("P-2", voornaam="Jan")])
    assert verslag.rijen[0].fouten[0] == (
        "relatie",
        "Dit gezin heeft al een referentiepersoon ('P-1'). Maak eerst die persoon partner of "
        "ander gezinslid.",
    )

    verslag = importeer(
        wereld,
        personen=[persoon("P-2", voornaam="Jan"), persoon("P-1", relatie="partner")],
    )
    assert [r.resultaat for r in verslag.rijen] == ["aangemaakt", "bijgewerkt"]
    relaties = dict(Persoon.objects.values_list("extern_id", "relatie"))
    assert relaties == {"P-1": "partner", "P-2": "referentiepersoon"}


def test_an_erased_household_comes_back_only_as_a_new_one(wereld):
    """Erasure clears the dossier id, so nothing links the new household to the old one."""
    importeer(wereld, gezinnen=[gezin()])
    oud = Gezin.objects.get()
    privacy.gezin_wissen(gezin=oud)
    verslag = importeer(wereld, gezinnen=[gezin()], personen=[persoon()])
    assert [r.resultaat for r in verslag.rijen] == ["aangemaakt", "aangemaakt"]
    nieuw = Gezin.objects.get(extern_id="G-1")
    assert nieuw.pk != oud.pk and nieuw.personen.count() == 1
    oud.refresh_from_db()
    assert oud.extern_id == "" and oud.gepseudonimiseerd_op is not None


def test_a_pseudonymised_household_that_kept_its_id_is_not_touched(wereld):
    importeer(wereld, gezinnen=[gezin()])
    Gezin.objects.update(gepseudonimiseerd_op=timezone.now())
    verslag = importeer(wereld, gezinnen=[gezin(volwassenen=3)], personen=[persoon()])
    assert [r.resultaat for r in verslag.rijen] == ["geweigerd", "geweigerd"]
    assert "gewist" in verslag.rijen[0].reden
    assert Gezin.objects.get().volwassenen == 2


def test_a_national_register_number_column_refuses_the_whole_file(wereld):
    csv = b"extern_id;Rijksregisternummer;postcode;volwassenen\nG-1;x;9000;1\n"
    with pytest.raises(Bestandsfout, match="Rijksregisternummer.*rijksregisternummer"):
        importeer(wereld, bestanden=[("gezinnen.csv", csv)])
    with pytest.raises(Bestandsfout, match="'insz'"):
        importeer(wereld, personen=[persoon(insz="x")])
    assert not Gezin.objects.exists()


def test_a_value_that_looks_like_a_national_register_number_is_refused_and_hidden(wereld):
    verslag = importeer(
        wereld,
        gezinnen=[gezin(RRN), gezin("G-2")],
        personen=[persoon("P-1", "G-2", voornaam="85073003328")],
    )
    eerste, _tweede, derde = verslag.rijen
    assert eerste.resultaat == "geweigerd" and eerste.getoonde_id == "(verborgen)"
    assert derde.fouten == [("voornaam", importeren.RRN_REDEN)]
    assert "85" not in json.dumps(verslag.als_dict())
    assert list(Gezin.objects.values_list("extern_id", flat=True)) == ["G-2"]


def test_json_that_is_not_the_format_gets_a_clear_message(wereld):
    for inhoud, bericht in [
        (b"{", "geen geldige JSON"),
        (b"[]", "verwacht een JSON-object"),
        (b'{"gezinnen": {}}', "'gezinnen' moet een lijst zijn"),
        (b"\x00\x01\x02", "geen tekstbestand"),
    ]:
        with pytest.raises(Bestandsfout, match=bericht):
            importer_bytes(wereld, inhoud)
    verslag = importer_bytes(wereld, b'{"gezinnen": [1, {"extern_id": []}]}')
    assert [r.resultaat for r in verslag.rijen] == ["geweigerd", "geweigerd"]
    assert "geen JSON-object" in verslag.rijen[0].reden


def importer_bytes(wereld, inhoud: bytes):
    return importeer(wereld, bestanden=[("dossier.json", inhoud)])


# CSV -------------------------------------------------------------------------------

GEZINNEN_CSV = (
    "extern_id;postcode;volwassenen;kinderen_0_2;kinderen_3_11;kinderen_12_17;toestemming\n"
    "G-1;9000;2;0;1;0;ja\n"
    "\n"
    "G-2;9050;1;0;0;0;JA\n"
    ";;;;;;\n"
)
PERSONEN_CSV = (
    "Extern ID;Gezin extern ID;Voornaam;Achternaam;Geboortejaar;Relatie\n"
    "P-1;G-1;Zoë;Çelik;1985;Referentiepersoon\n"
    "P-2;G-2;Anaïs;Dupré;1990;referentiepersoon\n"
)


def verwijzingen_csv(wereld, start: date, einde: str) -> str:
    return (
        "extern_id;gezin_extern_id;initiatief;soort;hulpvorm;start;einde;frequentie;pakket;reden\n"
        f"D-1;G-1;{wereld.initiatief_a.naam};doorverwijzing;voedselpakket;"
        f"{start:%d/%m/%Y};{einde};om de twee weken;;Laag_inkomen\n"
    )


@pytest.mark.parametrize(
    "codering",
    [
        pytest.param("utf-8", id="utf-8"),
        pytest.param("utf-8-sig", id="utf-8 met BOM"),
        pytest.param("cp1252", id="Latin-1 (Excel, Windows)"),
        pytest.param("utf-16", id="utf-16 (Excel Unicode-tekst)"),
    ],
)
def test_excel_csv_files_with_semicolons_in_any_encoding(wereld, codering):
    einde = (VANDAAG() + timedelta(days=60)).strftime("%d/%m/%Y")
    bestanden = [
        ("gezinnen.csv", GEZINNEN_CSV.encode(codering)),
        ("Personen (2).csv", PERSONEN_CSV.encode(codering)),
        ("dv.csv", verwijzingen_csv(wereld, VANDAAG(), einde).encode(codering)),
    ]
    verslag = importeer(wereld, bestanden=bestanden)

    assert resultaten(verslag) == [
        ("gezin", 2, "aangemaakt"),
        ("gezin", 4, "aangemaakt"),
        ("persoon", 2, "aangemaakt"),
        ("persoon", 3, "aangemaakt"),
        ("doorverwijzing", 2, "aangemaakt"),
    ], verslag.rijen
    assert sorted(Persoon.objects.values_list("voornaam", "achternaam")) == [
        ("Anaïs", "Dupré"),
        ("Zoë", "Çelik"),
    ]
    dv = Doorverwijzing.objects.get()
    assert (dv.start, dv.einde.strftime("%d/%m/%Y"), dv.frequentie, dv.pakket) == (
        VANDAAG(),
        einde,
        "tweewekelijks",
        "middel",
    )
    gelezen_als_latin1 = any("Windows-1252" in m for m in verslag.meldingen)
    assert gelezen_als_latin1 == (codering == "cp1252")
    assert importeer(wereld, bestanden=bestanden).totalen["ongewijzigd"] == 5


def test_comma_separated_csv_with_quotes_and_iso_dates(wereld):
    csv = (
        "extern_id,postcode,volwassenen,kinderen_0_2,kinderen_3_11,kinderen_12_17,toestemming\r\n"
        '"G-1","9000","1","","","",x\r\n'
    )
    personen = (
        "extern_id,gezin_extern_id,voornaam,achternaam,geboortejaar,relatie\r\n"
        'P-1,G-1,"Marie, Louise",Peeters,1970,referentiepersoon\r\n'
    )
    verslag = importeer(wereld, bestanden=[("a.csv", csv.encode()), ("b.csv", personen.encode())])
    assert verslag.totalen["aangemaakt"] == 2
    assert Persoon.objects.get().voornaam == "Marie, Louise"


def test_a_csv_with_missing_columns_says_which(wereld):
    csv = b"extern_id;postcode;volwassenen;toestemming\nG-1;9000;1;ja\n"
    with pytest.raises(Bestandsfout) as fout:
        importeer(wereld, bestanden=[("gezinnen.csv", csv)])
    assert "deze kolommen ontbreken: kinderen_0_2, kinderen_3_11, kinderen_12_17" in str(fout.value)


@pytest.mark.parametrize(
    ("inhoud", "bericht"),
    [
        (b"", "leeg"),
        (b"naam;adres\nJan;Kerkstraat 1\n", "niet te zien of dit gezinnen"),
        (b"extern_id;postcode;postcode\n", "meer dan één keer"),
        (b"PK\x03\x04rest-of-an-xlsx", "Excel- of zip-bestand"),
        (GEZINNEN_CSV.split("\n")[0].encode(), "geen rijen onder de kopregel"),
    ],
)
def test_a_csv_that_cannot_be_used_gets_a_clear_message(wereld, inhoud, bericht):
    with pytest.raises(Bestandsfout, match=bericht):
        importeer(wereld, bestanden=[("x.csv", inhoud)])


def test_two_csv_files_of_the_same_kind_are_refused(wereld):
    with pytest.raises(Bestandsfout, match="allebei gezinnen"):
        importeer(
            wereld,
            bestanden=[("a.csv", GEZINNEN_CSV.encode()), ("b.csv", GEZINNEN_CSV.encode())],
        )


def test_a_row_with_more_values_than_columns_is_rejected(wereld):
    csv = (
        "extern_id,gezin_extern_id,voornaam,achternaam,geboortejaar,relatie\n"
        "P-1,G-1,Marie, Louise,Peeters,1970,kind\n"
    )
    importeer(wereld, gezinnen=[gezin()])
    verslag = importeer(wereld, bestanden=[("p.csv", csv.encode())])
    assert "meer waarden (7) dan er kolommen zijn" in verslag.rijen[0].reden


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("31/12/2026", date(2026, 12, 31)),
        ("1/2/2027", date(2027, 2, 1)),
        ("01-02-27", date(2027, 2, 1)),
        ("31.12.2026", date(2026, 12, 31)),
        ("2026-12-31", date(2026, 12, 31)),
        ("2026-12-31 00:00:00", date(2026, 12, 31)),
        ("31/12/2026 0:00", date(2026, 12, 31)),
        ("31/02/2026", "bestaat niet"),
        ("12/31/2026", "bestaat niet"),
        ("46000", "Excel-datumgetal"),
        ("morgen", "Geen datum"),
        ("", "Vul een datum in"),
    ],
)
def test_dates_as_excel_writes_them_and_iso(tekst, verwacht):
    rv = importeren.Rijverslag("doorverwijzing", 2, "D-1")
    datum = importeren._Rij({"start": tekst}, rv).datum("start")
    if isinstance(verwacht, date):
        assert (datum, rv.fouten) == (verwacht, [])
    else:
        assert datum is None and verwacht in rv.fouten[0][1]


@pytest.mark.parametrize(
    ("waarde", "lijkt"),
    [
        (RRN, True),
        ("85073003328", True),
        ("03.01.01-001.68", True),  # born in 2003: the check adds 2000000000
        ("dossier 85073003328 x", True),
        (85073003328, True),
        ("85073003329", False),
        ("G-1", False),
        ("2026-12-31", False),
        (True, False),
    ],
)
def test_what_looks_like_a_national_register_number(waarde, lijkt):
    assert importeren.lijkt_rijksregisternummer(waarde) is lijkt


def test_only_the_social_service_imports(wereld):
    with pytest.raises(Bestandsfout, match="Enkel de Sociale Dienst"):
        importeren.dossier_importeren(invoer=importeren.Invoer(), organisatie=wereld.initiatief_a)


def test_too_many_rows_are_refused_before_anything_is_read(wereld, monkeypatch):
    monkeypatch.setattr(importeren.lezen, "MAX_RIJEN", 2)
    with pytest.raises(Bestandsfout, match="meer dan 2 rijen"):
        importeer(wereld, gezinnen=[gezin("G-1"), gezin("G-2"), gezin("G-3")])
    with pytest.raises(Bestandsfout, match="meer dan 2 rijen"):
        importeer(
            wereld, bestanden=[("g.csv", (GEZINNEN_CSV + "G-3;9000;1;0;0;0;ja\n" * 2).encode())]
        )


def test_nested_huge_or_odd_values_are_rejected_not_a_crash(wereld):
    diep = "[" * 900 + "]" * 900
    inhoud = (
        '{"gezinnen": ['
        f'{{"extern_id": "G-1", "volwassenen": {diep}, "toestemming": true}},'
        '{"extern_id": "G-2", "volwassenen": NaN, "toestemming": true},'
        '{"extern_id": {"a": 1}, "volwassenen": 1e400, "toestemming": true}'
        "]}"
    ).encode()
    verslag = importer_bytes(wereld, inhoud)
    assert [r.resultaat for r in verslag.rijen] == ["geweigerd"] * 3
    assert verslag.rijen[0].fouten == [
        ("volwassenen", "Verwacht één waarde, geen lijst of object.")
    ]
    with pytest.raises(Bestandsfout, match="te groot"):
        importer_bytes(wereld, b'{"gezinnen": [{"volwassenen": 1' + b"0" * 5000 + b"}]}")


def test_a_question_mark_from_excel_in_a_name_is_flagged_in_the_dry_run(wereld):
    # Excel's plain CSV (Windows-1252) cannot hold Ğ: it writes "?" and the name is lost.
    personen = (
        "Extern ID;Gezin extern ID;Voornaam;Achternaam;Geboortejaar;Relatie\n"
        "P-1;G-1;Zoë;Çelik;1985;Referentiepersoon\n"
        "P-2;G-2;Tu?ba;Do?an;1990;referentiepersoon\n"
    ).encode("cp1252")
    bestanden = [("gezinnen.csv", GEZINNEN_CSV.encode("cp1252")), ("personen.csv", personen)]
    verslag = importeer(wereld, bestanden=bestanden, alleen_controleren=True)
    rij = next(r for r in verslag.rijen if r.soort == "persoon" and r.rij == 3)
    assert rij.resultaat == "geweigerd"
    assert {veld for veld, _ in rij.fouten} == {"voornaam", "achternaam"}
    assert "CSV UTF-8" in rij.fouten[0][1]
    assert ("persoon", 2, "aangemaakt") in resultaten(verslag)


@pytest.mark.parametrize("initiatief", ["²", "١", "٣٤", "¹²"])
def test_an_organisation_number_is_ascii_digits(wereld, initiatief):
    verslag = importeer(
        wereld,
        gezinnen=[gezin()],
        personen=[persoon()],
        doorverwijzingen=[verwijzing(wereld, initiatief=initiatief)],
    )
    rij = next(r for r in verslag.rijen if r.soort == "doorverwijzing")
    assert rij.resultaat == "geweigerd"
    assert "Geen initiatief" in rij.fouten[0][1]


def test_counts_and_postcodes_in_other_scripts_are_refused(wereld):
    verslag = importeer(wereld, gezinnen=[gezin(volwassenen="٢", postcode="٩٠٠٠")])
    (rij,) = verslag.rijen
    assert rij.resultaat == "geweigerd"
    assert {veld for veld, _ in rij.fouten} == {"volwassenen", "postcode"}
