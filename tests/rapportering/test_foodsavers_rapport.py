"""The monthly FoodSavers report: right figures, the same in PDF, XLSX and CSV."""

import csv
import io
import shutil
import subprocess
import uuid
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from openpyxl import load_workbook

from hulpverlening.models import Afhaalmoment, Hulpvorm, Locatie
from rapportering import bestanden, services, tasks
from rapportering.cijfers import foodsavers_cijfers, vorige_maand
from rapportering.models import Levering, Rapport
from registratie.models import Afhaling

from ..conftest import maak_gezin

MAAND = vorige_maand(timezone.localdate().replace(day=1))


def _moment(organisatie):
    locatie = Locatie.objects.create(
        organisatie=organisatie, naam=f"Zaal {organisatie.pk}", postcode="9000"
    )
    return Afhaalmoment.objects.create(
        locatie=locatie, weekdag=0, start=time(9), einde=time(12), capaciteit=30
    )


def _afhaling(gezin, moment, dag, **kw):
    return Afhaling.objects.create(
        gezin=gezin,
        organisatie=moment.locatie.organisatie,
        locatie=moment.locatie,
        afhaalmoment=moment,
        hulpvorm=Hulpvorm.objects.standaard(),
        datum=dag,
        gescand_op=timezone.now(),
        idempotentiesleutel=uuid.uuid4(),
        **kw,
    )


@pytest.fixture
def maanddata(wereld):
    """A: 2 households (one also at B, one new); B: 1 household; deliveries at A."""
    a, b = _moment(wereld.initiatief_a), _moment(wereld.initiatief_b)
    oud = maak_gezin(wereld.initiatief_a, voornaam="Oud")  # 1 adult, 2 children 3-11
    nieuw = maak_gezin(wereld.initiatief_a, voornaam="Nieuw")
    _afhaling(oud, a, vorige_maand(MAAND) + timedelta(days=3))
    for week in range(3):
        _afhaling(oud, a, MAAND + timedelta(days=7 * week))
    _afhaling(nieuw, a, MAAND + timedelta(days=1), zelfmelder=True)
    _afhaling(oud, b, MAAND + timedelta(days=2))
    _afhaling(nieuw, a, MAAND + timedelta(days=2), status="ongedaan")
    Levering.objects.create(
        organisatie=wereld.initiatief_a,
        datum=MAAND,
        groenten_fruit=Decimal("120"),
        brood=Decimal("30"),
    )
    Levering.objects.create(
        organisatie=wereld.initiatief_a, datum=MAAND + timedelta(days=9), zuivel=Decimal("50")
    )
    return a, b


def test_organisation_figures(wereld, maanddata):
    c = foodsavers_cijfers(gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=MAAND)
    assert (c["gezinnen"], c["personen"], c["volwassenen"], c["kinderen_3_11"]) == (2, 6, 2, 4)
    assert c["afhalingen"] == 4  # the undone pickup does not count
    assert (c["nieuwe_gezinnen"], c["terugkerende_gezinnen"]) == (1, 1)
    assert (c["verwezen_gezinnen"], c["zelfmelder_gezinnen"]) == (0, 2)
    assert c["kg_totaal"] == 200.0 and c["aandeel_groenten_fruit"] == 60.0
    assert c["co2_vermeden_kg"] == 508.0
    assert c["vorige_maand"]["gezinnen"] == 1


def test_city_counts_unique_households_once_not_the_sum(wereld, maanddata):
    c = foodsavers_cijfers(gemeente=wereld.gent, organisatie=None, maand=MAAND)
    assert c["gezinnen"] == 2
    assert c["som_per_organisatie"] == 3
    assert c["gezinnen_per_organisatie"] == {
        "Sociale Kruidenier Ledeberg": 1,
        "Voedselbank Brugse Poort": 2,
    }


def test_small_numbers_are_masked_in_city_exports_and_explained(wereld, maanddata):
    c = foodsavers_cijfers(gemeente=wereld.gent, organisatie=None, maand=MAAND)
    regels = {r.label: r.getoond(groeperen=True) for r in bestanden.regels(c)}
    assert regels["Unieke gezinnen"] == "<5"
    assert regels["Afhalingen in totaal"] == "5"  # five or more: shown
    # Every count in the city's report is masked, pickups too (issue 20.4).
    assert regels[f"Zaal {wereld.initiatief_a.pk}"] == "<5"  # 4 pickups at A's location
    assert regels[f"Zaal {wereld.initiatief_b.pk}"] == "<5"
    assert regels["Afhalingen vorige maand"] == "<5"
    assert regels["Organisaties met afhalingen"] == "<5"
    assert not [
        r
        for r in bestanden.regels(c)
        if r.soort == "aantal" and not r.gemaskeerd and 0 < r.waarde < 5
    ]
    eigen = {
        r.label: r.getoond(groeperen=True)
        for r in bestanden.regels(
            foodsavers_cijfers(gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=MAAND)
        )
    }
    assert eigen["Unieke gezinnen"] == "2"


def _pdf_tekst(inhoud: bytes, tmp_path) -> str:
    (tmp_path / "r.pdf").write_bytes(inhoud)
    return subprocess.run(
        ["pdftotext", "-layout", tmp_path / "r.pdf", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils ontbreekt")
def test_pdf_xlsx_and_csv_show_the_same_numbers(wereld, maanddata, tmp_path):
    c = foodsavers_cijfers(gemeente=wereld.gent, organisatie=None, maand=MAAND)
    regels = bestanden.regels(c)
    rijen = list(csv.reader(io.StringIO(bestanden.als_csv(c).decode("utf-8-sig")), delimiter=";"))
    assert [tuple(r) for r in rijen[1:]] == [
        (r.sectie, r.label, r.getoond(groeperen=False)) for r in regels
    ]
    blad = load_workbook(io.BytesIO(bestanden.als_xlsx(c)))["Overzicht"]
    xlsx = list(blad.iter_rows(min_row=3, values_only=True))
    assert xlsx == [
        (r.sectie, r.label, None if r.gemaskeerd else r.waarde, "<5" if r.gemaskeerd else None)
        for r in regels
    ]
    tekst = _pdf_tekst(bestanden.als_pdf(c), tmp_path)
    assert "één keer geteld" in tekst and "'<5'" in tekst
    tabel = tekst.split("Alle cijfers", 1)[1]
    for r in regels[1:]:
        regel = next(t for t in tabel.splitlines() if r.label in t)
        assert regel.rstrip().endswith(r.getoond(groeperen=True)), (r, regel)


def test_the_xlsx_holds_numbers_that_sum_with_a_frozen_filterable_header(wereld, maanddata):
    Levering.objects.create(
        organisatie=wereld.initiatief_b, datum=MAAND, droge_voeding=Decimal("1234.5")
    )
    c = foodsavers_cijfers(gemeente=wereld.gent, organisatie=None, maand=MAAND)
    boek = load_workbook(io.BytesIO(bestanden.als_xlsx(c)))
    assert boek.sheetnames == ["Overzicht", "Per organisatie", "Per maand"]
    blad = boek["Per organisatie"]
    kop = [cel.value for cel in blad[2]]
    assert blad.freeze_panes == "A3" and blad.auto_filter.ref.startswith("A2:")
    totaal = kop.index("totaal (kg)") + 1
    kilos = [blad.cell(rij, totaal).value for rij in range(3, blad.max_row + 1)]
    assert all(isinstance(k, int | float) for k in kilos)  # numbers, not text
    assert sum(kilos) == pytest.approx(c["kg_totaal"]) == 1434.5
    droog = kop.index("droge voeding (kg)") + 1
    assert blad.cell(3, droog).number_format == "#,##0.0"
    # A city's small counts are empty cells with the reason as a comment, never text.
    gezinnen = [blad.cell(rij, 2) for rij in range(3, blad.max_row + 1)]
    assert all(cel.value is None and "<5" in cel.comment.text for cel in gezinnen)
    overzicht = {r[1]: r[2] for r in boek["Overzicht"].iter_rows(min_row=3, values_only=True)}
    assert overzicht["Totaal (kg)"] == 1434.5
    assert overzicht["Aandeel groenten en fruit (%)"] == pytest.approx(8.4)
    maanden = list(boek["Per maand"].iter_rows(min_row=3, values_only=True))
    assert len(maanden) == 12 and maanden[-1][0].date() == MAAND
    assert maanden[-1][3] == 1434.5 and maanden[-2][3] == 0


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils ontbreekt")
def test_csv_and_pdf_use_the_belgian_decimal_comma(wereld, maanddata, tmp_path):
    Levering.objects.create(
        organisatie=wereld.initiatief_a, datum=MAAND, droge_voeding=Decimal("1234.5")
    )
    c = foodsavers_cijfers(gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=MAAND)
    rijen = {
        r[1]: r[2]
        for r in csv.reader(io.StringIO(bestanden.als_csv(c).decode("utf-8-sig")), delimiter=";")
    }
    # No thousands point in a CSV: another program would read "1.434,5" as 1.4345.
    assert rijen["droge voeding (kg)"] == "1234,5" and rijen["Totaal (kg)"] == "1434,5"
    assert rijen["Aandeel groenten en fruit (%)"] == "8,4"
    tekst = _pdf_tekst(bestanden.als_pdf(c), tmp_path)
    assert "1.434,5" in tekst and "1.434.5" not in tekst and "1434.5" not in tekst


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils ontbreekt")
def test_the_running_month_is_marked_incomplete_everywhere_and_cannot_be_submitted(
    wereld, coordinator, tmp_path, django_capture_on_commit_callbacks
):
    vandaag = timezone.localdate()
    deze = vandaag.replace(day=1)
    c = foodsavers_cijfers(gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=deze)
    dag = formats.date_format(vandaag, "j F Y")
    zin = f"(onvolledig, tot {dag})"
    assert c["onvolledig_tot"] == vandaag.isoformat()
    assert zin in bestanden.als_csv(c).decode("utf-8-sig")
    boek = load_workbook(io.BytesIO(bestanden.als_xlsx(c)))
    assert all(zin in boek[naam]["A1"].value for naam in boek.sheetnames)
    assert zin in boek["Per maand"].cell(boek["Per maand"].max_row, 5).value
    assert zin in " ".join(_pdf_tekst(bestanden.als_pdf(c), tmp_path).split())
    vorige = foodsavers_cijfers(gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=MAAND)
    assert vorige["onvolledig_tot"] is None
    assert "onvolledig" not in bestanden.als_csv(vorige).decode("utf-8-sig")

    with django_capture_on_commit_callbacks(execute=True):
        rapport, _gestart = tasks.aanvragen(
            gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=deze
        )
    rapport.refresh_from_db()
    assert rapport.onvolledig_tot == vandaag
    with pytest.raises(services.RapportFout, match="nog niet voorbij"):
        services.rapport_indienen(rapport=rapport, door=coordinator)


def test_export_cells_cannot_become_formulas(wereld, maanddata):
    Locatie.objects.filter(organisatie=wereld.initiatief_a).update(naam='=HYPERLINK("http://x")')
    c = foodsavers_cijfers(gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=MAAND)
    assert "'=HYPERLINK" in bestanden.als_csv(c).decode("utf-8-sig")
    blad = load_workbook(io.BytesIO(bestanden.als_xlsx(c))).active
    assert all(
        not str(cel.value).startswith("=") for rij in blad.iter_rows() for cel in rij if cel.value
    )


def test_building_is_a_task_and_asking_again_returns_the_stored_file(
    wereld, maanddata, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rapport, gestart = tasks.aanvragen(
            gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=MAAND
        )
    rapport.refresh_from_db()
    assert gestart and rapport.status == "klaar" and rapport.pdf.read().startswith(b"%PDF")
    checksum = rapport.checksums["pdf"]
    with django_capture_on_commit_callbacks(execute=True):
        opnieuw, gestart = tasks.aanvragen(
            gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=MAAND
        )
    assert not gestart and opnieuw.checksums["pdf"] == checksum
    Levering.objects.create(organisatie=wereld.initiatief_a, datum=MAAND, andere=Decimal("5"))
    with django_capture_on_commit_callbacks(execute=True):
        _r, gestart = tasks.aanvragen(
            gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=MAAND
        )
    assert gestart
    assert Rapport.objects.get(pk=rapport.pk).cijfers["kg_totaal"] == 205.0


def test_coordinator_builds_with_progress_then_submits_and_the_city_sees_it(
    wereld, als, coordinator, stadsmedewerker, maanddata, django_capture_on_commit_callbacks
):
    client = als(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("rapport_aanvragen"), {"maand": MAAND.isoformat()}, HTTP_HX_REQUEST="true"
        )
    html = response.content.decode()
    assert 'id="status-' in html and ("every 2s" in html or "PDF" in html)
    rapport = Rapport.objects.get(organisatie=wereld.initiatief_a)
    status = client.get(reverse("rapport_status", args=[rapport.pk])).content.decode()
    assert "PDF" in status and "every 2s" not in status
    client.post(reverse("rapport_indienen", args=[rapport.pk]))
    rapport.refresh_from_db()
    assert rapport.ingediend_op is not None
    overzicht = als(stadsmedewerker).get(reverse("rapporten")).content.decode()
    assert "✔" in overzicht
    response = als(stadsmedewerker).get(reverse("rapport_download", args=[rapport.pk, "csv"]))
    assert response["Content-Type"].startswith("text/csv")


def test_other_organisations_report_is_404(
    wereld, als, coordinator_b, maanddata, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rapport, _ = tasks.aanvragen(
            gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=MAAND
        )
    assert (
        als(coordinator_b).get(reverse("rapport_download", args=[rapport.pk, "pdf"])).status_code
        == 404
    )


def test_monthly_schedule_builds_every_active_organisation_and_the_city(
    wereld, maanddata, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.maandrapporten_maken(maand=MAAND.isoformat()) == 3
    assert Rapport.objects.filter(status="klaar").count() == 3


def test_a_delivery_on_the_phone_form(wereld, als, coordinator):
    client = als(coordinator)
    vandaag = timezone.localdate().isoformat()
    response = client.post(
        reverse("leveringen"), {"datum": vandaag, "groenten_fruit": "12,5", "brood": ""}
    )
    assert response.status_code == 302
    response = client.post(reverse("leveringen"), {"datum": vandaag, "zuivel": "12.5"})
    assert response.status_code == 302
    eerste, tweede = Levering.objects.order_by("pk")
    assert eerste.groenten_fruit == Decimal("12.5") and tweede.zuivel == Decimal("12.5")
    leeg = client.post(reverse("leveringen"), {"datum": timezone.localdate().isoformat()})
    assert "Vul minstens één gewicht in." in leeg.content.decode()


def test_deliveries_csv_from_excel_with_bad_rows(wereld, als, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    inhoud = (
        "datum;groenten_fruit;zuivel;brood;droge_voeding;vlees_vis;andere\n"
        "03/11/2026;10,5;2;0;0;0;0\n"
        "gisteren;1;0;0;0;0;0\n"
        "2026-11-10;-4;0;0;0;0;0\n"
        "\n"
        "2026-11-12;0;0;0;7;0;0\n"
    ).encode("cp1252")
    response = als(coordinator).post(
        reverse("leveringen_importeren"), {"bestand": SimpleUploadedFile("l.csv", inhoud)}
    )
    html = response.content.decode()
    assert Levering.objects.count() == 2
    assert "Rij 3: &#x27;gisteren&#x27; is geen datum" in html
    assert "kan niet" in html


def test_missing_columns_are_named(wereld, als, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = als(coordinator).post(
        reverse("leveringen_importeren"),
        {"bestand": SimpleUploadedFile("l.csv", b"datum,brood\n2026-11-01,3\n")},
    )
    assert "Kolommen ontbreken: groenten_fruit" in response.content.decode()
    assert not Levering.objects.exists()


MAAND_CSV = (
    b"datum;groenten_fruit;zuivel;brood;droge_voeding;vlees_vis;andere\n"
    b"03/11/2026;10,5;2;0;0;0;0\n"
    b"10/11/2026;4;0;1;0;0;0\n"
)


def _inlezen(client, inhoud: bytes, naam: str = "november.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("leveringen_importeren"), {"bestand": SimpleUploadedFile(naam, inhoud)}
    )


def test_importing_the_same_month_twice_counts_its_kilos_once(wereld, als, coordinator):
    client = als(coordinator)
    _inlezen(client, MAAND_CSV)
    tweede = _inlezen(client, MAAND_CSV).content.decode()
    assert Levering.objects.count() == 2
    assert "Deze leveringen stonden er al: niets bijgeteld." in tweede
    assert "03/11/2026: deze levering staat er al" in tweede


def test_a_file_with_one_new_row_adds_only_that_row_and_says_so(wereld, als, coordinator):
    client = als(coordinator)
    _inlezen(client, MAAND_CSV)
    uitgebreid = MAAND_CSV + b"17/11/2026;0;0;0;5;0;0\n"
    html = _inlezen(client, uitgebreid).content.decode()
    assert Levering.objects.count() == 3
    assert "1 rij bewaard. 2 rijen stonden er al en zijn niet nog eens geteld." in html


def test_an_oversized_upload_gets_a_dutch_message_and_saves_nothing(wereld, als, coordinator):
    te_groot = MAAND_CSV + b"10/11/2026;1;0;0;0;0;0\n" * 30000
    antwoord = _inlezen(als(coordinator), te_groot)
    assert antwoord.status_code == 422
    assert "Dit bestand is te groot" in antwoord.content.decode()
    assert not Levering.objects.exists()


KOP = b"datum;groenten_fruit;zuivel;brood;droge_voeding;vlees_vis;andere\n"


@pytest.mark.parametrize("waarde", [b"NaN", b"sNaN", b"Infinity", b"-inf"])
def test_not_a_number_in_a_kilo_cell_is_a_row_error_not_a_500(wereld, als, coordinator, waarde):
    antwoord = _inlezen(als(coordinator), KOP + b"03/11/2026;" + waarde + b";0;0;0;0;0\n")
    assert antwoord.status_code == 200
    assert "is geen getal" in antwoord.content.decode()
    assert not Levering.objects.exists()


def test_a_binary_file_is_named_as_not_a_csv(wereld, als, coordinator):
    xlsx_achtig = b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 20
    antwoord = _inlezen(als(coordinator), xlsx_achtig, "november.xlsx")
    assert antwoord.status_code == 200
    assert "Dit bestand is geen CSV-tabel" in antwoord.content.decode()
    assert not Levering.objects.exists()


def test_an_unreadable_row_stops_the_file_there_and_says_which(wereld, als, coordinator):
    te_lang = b"x" * 140_000
    inhoud = MAAND_CSV + b'17/11/2026;"' + te_lang + b'";0;0;0;0;0\n' + b"20/11/2026;1;0;0;0;0;0\n"
    antwoord = _inlezen(als(coordinator), inhoud)
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Rij 4: Deze rij kan niet gelezen worden" in html
    assert Levering.objects.count() == 2
    assert len(html) < 100_000


def test_future_too_old_and_empty_rows_are_refused_like_on_the_form(
    wereld, als, coordinator, settings
):
    vandaag = timezone.localdate()
    morgen = vandaag + timedelta(days=1)
    oud = vandaag - timedelta(days=800)
    inhoud = (
        KOP
        + (
            f"{morgen:%d/%m/%Y};3;0;0;0;0;0\n{oud:%d/%m/%Y};3;0;0;0;0;0\n"
            f"{vandaag:%d/%m/%Y};0;0;0;0;0;0\n{vandaag:%d/%m/%Y};12,5;0;0;0;0;0\n"
        ).encode()
    )
    html = _inlezen(als(coordinator), inhoud).content.decode()
    assert "ligt in de toekomst" in html
    assert "ligt meer dan twee jaar terug" in html
    assert "geen enkel gewicht ingevuld" in html
    assert "12,5 kg bewaard" in html
    assert "1 rij bewaard." in html and "3 rijen hebben een fout" in html
    assert Levering.objects.get().groenten_fruit == Decimal("12.5")


def test_rows_already_there_are_not_shown_as_errors(wereld, als, coordinator):
    client = als(coordinator)
    _inlezen(client, MAAND_CSV)
    html = _inlezen(client, MAAND_CSV).content.decode()
    assert 'class="fout"' not in html
    assert "melding warning" in html


def test_the_phone_form_refuses_a_date_more_than_two_years_back(wereld, als, coordinator):
    oud = timezone.localdate() - timedelta(days=800)
    html = (
        als(coordinator)
        .post(reverse("leveringen"), {"datum": oud.isoformat(), "groenten_fruit": "3"})
        .content.decode()
    )
    assert "meer dan twee jaar terug" in html
    assert not Levering.objects.exists()


def _dag(dagen_terug: int = 2) -> str:
    return f"{timezone.localdate() - timedelta(days=dagen_terug):%d/%m/%Y}"


def test_more_than_one_decimal_is_refused_never_rounded(wereld, als, coordinator):
    inhoud = (
        KOP
        + (
            f"{_dag()};1.250;0;0;0;0;0\n{_dag(3)};0,05;0;0;0;0;0\n{_dag(4)};1.250,5;0;0;0;0;0\n"
        ).encode()
    )
    html = _inlezen(als(coordinator), inhoud).content.decode()
    assert html.count("heeft meer dan 1 cijfer na de komma") == 2
    assert Levering.objects.get().groenten_fruit == Decimal("1250.5")


def test_a_stray_quote_stops_the_file_and_says_the_rows_after_it_were_not_read(
    wereld, als, coordinator
):
    inhoud = (
        KOP
        + (f'{_dag()};"3,3";0;0;0;0;0\n{_dag()};"3,4;0;0;0;0;0\n{_dag()};3,5;0;0;0;0;0\n').encode()
    )
    html = _inlezen(als(coordinator), inhoud).content.decode()
    assert "Rij 3: Een aanhalingsteken" in html
    assert "staat verkeerd" in html
    assert Levering.objects.count() == 1


def test_a_row_with_more_or_fewer_cells_than_the_header_is_refused(wereld, als, coordinator):
    inhoud = KOP + f"{_dag()};3,1;0;0;0;0;0;5;6\n{_dag()};3,2\n".encode()
    html = _inlezen(als(coordinator), inhoud).content.decode()
    assert "Rij 2: Deze rij heeft 9 cellen, de kop 7." in html
    assert "Rij 3: Deze rij heeft 2 cellen, de kop 7." in html
    assert not Levering.objects.exists()


def test_the_separator_comes_from_the_header_even_when_a_row_is_odd(wereld, als, coordinator):
    kop = b"datum,groenten_fruit,zuivel,brood,droge_voeding,vlees_vis,andere\n"
    inhoud = kop + f"{_dag()},2.8,0,0,0,0,0\n{_dag(3)},2,9,0,0,0,0,0\n".encode()
    html = _inlezen(als(coordinator), inhoud).content.decode()
    assert "Kolommen ontbreken" not in html
    assert "Rij 3: Deze rij heeft 8 cellen" in html
    assert Levering.objects.get().groenten_fruit == Decimal("2.8")


def test_the_same_row_twice_in_one_file_counts_once(wereld, als, coordinator):
    rij = f"{_dag()};4;0;0;0;0;0\n".encode()
    html = _inlezen(als(coordinator), KOP + rij + rij).content.decode()
    assert "staat hoger al in dit bestand" in html
    assert Levering.objects.count() == 1


def test_rows_past_the_limit_are_counted_and_the_advice_is_to_split(
    wereld, als, coordinator, settings
):
    from rapportering import leveringen_import

    settings_max = leveringen_import.MAX_RIJEN
    leveringen_import.MAX_RIJEN = 3
    try:
        rijen = b"".join(f"{_dag(n)};{n};0;0;0;0;0\n".encode() for n in range(1, 7))
        html = _inlezen(als(coordinator), KOP + rijen).content.decode()
    finally:
        leveringen_import.MAX_RIJEN = settings_max
    assert "3 rijen bewaard. 3 rijen zijn niet gelezen." in html
    assert "Splits het bestand" in html
    assert "verbeter ze" not in html


def test_a_header_only_file_says_there_were_no_deliveries(wereld, als, coordinator):
    html = _inlezen(als(coordinator), KOP).content.decode()
    assert "Het bestand heeft geen leveringen" in html
    assert "melding success" not in html


def test_a_file_that_is_no_table_says_only_that(wereld, als, coordinator):
    html = _inlezen(als(coordinator), b"\x89PNG\r\n\x1a\n\x00\x00", "foto.png").content.decode()
    assert "Dit bestand is geen CSV-tabel" in html
    assert "verbeter ze" not in html and "Rij 1" not in html


def test_excels_unicode_text_with_tabs_is_read(wereld, als, coordinator):
    tekst = "datum\tgroenten_fruit\tzuivel\tbrood\tdroge_voeding\tvlees_vis\tandere\n"
    tekst += f"{_dag()}\t6,5\t0\t0\t0\t0\t0\n"
    _inlezen(als(coordinator), tekst.encode("utf-16"))
    assert Levering.objects.get().groenten_fruit == Decimal("6.5")


def test_a_baby_kit_in_the_month_leaves_the_foodsavers_figures_as_they_were(wereld, maanddata):
    """Only aids that count for FoodSavers are in its report (issue 13.6)."""
    a, _b = maanddata
    voor = {
        wie: foodsavers_cijfers(gemeente=wereld.gent, organisatie=wie, maand=MAAND)
        for wie in (None, wereld.initiatief_a)
    }
    kit = Hulpvorm.objects.get(slug="babyuitzet")
    nieuw = maak_gezin(wereld.initiatief_a, voornaam="Baby")
    for gezin in (nieuw, Afhaling.objects.filter(organisatie=wereld.initiatief_a).first().gezin):
        Afhaling.objects.create(
            gezin=gezin,
            organisatie=wereld.initiatief_a,
            locatie=a.locatie,
            afhaalmoment=a,
            hulpvorm=kit,
            datum=MAAND + timedelta(days=4),
            gescand_op=timezone.now(),
            idempotentiesleutel=uuid.uuid4(),
        )
    for wie, cijfers in voor.items():
        assert foodsavers_cijfers(gemeente=wereld.gent, organisatie=wie, maand=MAAND) == cijfers


def test_a_report_whose_file_went_missing_is_a_404_not_a_500(
    wereld, maanddata, als, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rapport, _gestart = tasks.aanvragen(
            gemeente=wereld.gent, organisatie=wereld.initiatief_a, maand=MAAND
        )
    rapport.refresh_from_db()
    rapport.xlsx.storage.delete(rapport.xlsx.name)
    client = als(coordinator)
    assert client.get(reverse("rapport_download", args=[rapport.pk, "xlsx"])).status_code == 404
    Rapport.objects.filter(pk=rapport.pk).update(csv="")
    assert client.get(reverse("rapport_download", args=[rapport.pk, "csv"])).status_code == 404
    assert client.get(reverse("rapport_download", args=[rapport.pk, "pdf"])).status_code == 200
