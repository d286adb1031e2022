"""Art. 15: a household's data as JSON and as a PDF, for whoever helps them, logged."""

import json
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from doorverwijzing.models import Rechtenverkenning
from hulpverlening import services
from hulpverlening import toestemmingsteksten as toestemming
from hulpverlening.models import Auditregel, Hulpvorm
from registratie import services as registratie_services
from registratie.models import Afhaling


@pytest.fixture
def zelfmelder(wereld, vrijwilliger, moment_a):
    """A person who came to initiative A, gave consent, got a card, a pickup and a toeleiding."""
    gezin = registratie_services.zelfmelder_registreren(
        lidmaatschap=vrijwilliger.lidmaatschappen.get(),
        voornaam="Sara",
        achternaam="Peeters",
        geboortejaar=1990,
        volwassenen=1,
        kinderen_0_2=1,
        kinderen_3_11=0,
        kinderen_12_17=0,
        postcode="9040",
        kaart=None,
        toeleiding=True,
    )
    services.kaart_uitgeven(gezin=gezin, organisatie=wereld.initiatief_a)
    Rechtenverkenning.objects.create(
        toeleiding=gezin.toeleidingen.get(),
        antwoorden={"leefloon": "nee", "huurpremie": "ja"},
        gemist=["leefloon"],
    )
    Afhaling.objects.create(
        gezin=gezin,
        kaart=gezin.actieve_kaart,
        organisatie=wereld.initiatief_a,
        locatie=moment_a.locatie,
        afhaalmoment=moment_a,
        hulpvorm=Hulpvorm.objects.standaard(),
        datum=date(2026, 11, 3),
        gescand_op=timezone.now(),
    )
    return gezin


def _json(client, gezin):
    response = client.get(reverse("gezin_export_json", args=[gezin.pk]))
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_json_export_holds_everything_about_the_household(
    wereld, als, coordinator, zelfmelder, moment_a
):
    response, data = _json(als(coordinator), zelfmelder)
    kaart = zelfmelder.actieve_kaart

    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert data["gezin"]["id"] == zelfmelder.pk
    assert data["gezin"]["postcode"] == "9040"
    assert data["gezin"]["kinderen_0_2"] == 1
    assert data["personen"] == [
        {
            "voornaam": "Sara",
            "achternaam": "Peeters",
            "geboortejaar": 1990,
            "relatie": "referentiepersoon",
            "extern_id": None,
        }
    ]
    assert data["kaarten"][0]["code"] == kaart.leesbare_code
    assert data["kaarten"][0]["uitgegeven_door"] == wereld.initiatief_a.naam
    (afhaling,) = data["afhalingen"]
    assert afhaling["datum"] == "2026-11-03"
    assert afhaling["locatie"] == moment_a.locatie.naam
    assert afhaling["hulpvorm"] == "Voedselpakket"
    doelen = {t["doel"]: t for t in data["toestemmingen"]}
    assert set(doelen) == {"registratie als zelfmelder", "toeleiding naar de Sociale Dienst"}
    assert doelen["registratie als zelfmelder"]["tekstversie"] == toestemming.ZELFMELDER_VERSIE
    assert doelen["registratie als zelfmelder"]["tekst"] == toestemming.ZELFMELDER_TEKST
    assert doelen["registratie als zelfmelder"]["gegeven_op"]
    assert data["toeleidingen"][0]["naar"] == wereld.sociale_dienst.naam
    assert data["rechtenverkenningen"] == [
        {
            "aangemaakt_op": data["rechtenverkenningen"][0]["aangemaakt_op"],
            "antwoorden": {"leefloon": "nee", "huurpremie": "ja"},
            "gemist": ["leefloon"],
        }
    ]
    assert {o["organisatie"] for o in data["organisaties"]} == {
        wereld.initiatief_a.naam,
        wereld.sociale_dienst.naam,
    }
    assert data["bewaartermijn_maanden"] == 24


def test_export_never_contains_a_card_token(als, coordinator, zelfmelder):
    kaart = zelfmelder.actieve_kaart
    response, _data = _json(als(coordinator), zelfmelder)
    assert kaart.token not in response.content.decode()


def test_export_says_which_organisations_opened_the_household(als, coordinator, zelfmelder):
    client = als(coordinator)
    client.get(zelfmelder.get_absolute_url())
    _response, data = _json(client, zelfmelder)
    (geraadpleegd,) = data["geraadpleegd_door"]
    assert geraadpleegd["organisatie"] == "Voedselbank Brugse Poort"
    assert geraadpleegd["aantal_keer"] >= 1


def test_export_is_logged_as_an_export_and_never_cached(als, maatschappelijk_werker, zelfmelder):
    client = als(maatschappelijk_werker)
    for naam in ("gezin_export_json", "gezin_export_pdf"):
        response = client.get(reverse(naam, args=[zelfmelder.pk]))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    regels = Auditregel.objects.filter(actie=Auditregel.Actie.EXPORT, gezin_id=zelfmelder.pk)
    assert sorted(r.waar.split()[0] for r in regels) == ["gezin_export_json", "gezin_export_pdf"]
    assert {r.user_id for r in regels} == {maatschappelijk_werker.pk}


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils ontbreekt")
def test_pdf_export_is_an_a4_document_with_the_data_and_no_token(
    als, coordinator, zelfmelder, tmp_path
):
    kaart = zelfmelder.actieve_kaart
    response = als(coordinator).get(reverse("gezin_export_pdf", args=[zelfmelder.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pad = tmp_path / "gegevens.pdf"
    pad.write_bytes(response.content)
    tekst = subprocess.run(
        ["pdftotext", pad, "-"], check=True, capture_output=True, text=True
    ).stdout
    for verwacht in (
        "Uw gegevens bij Materiële hulp Gent",
        "leefloon: nee, huurpremie: ja",
        "Sara Peeters",
        "1990",
        kaart.leesbare_code,
        "03/11/2026",
        toestemming.ZELFMELDER_VERSIE,
        "Gegevensbeschermingsautoriteit",
    ):
        assert verwacht in tekst, verwacht
    assert kaart.token not in tekst
    info = subprocess.run(["pdfinfo", pad], check=True, capture_output=True, text=True).stdout
    assert "pts (A4)" in info


@pytest.mark.parametrize("naam", ["gezin_export_json", "gezin_export_pdf"])
def test_volunteers_and_city_staff_may_not_export(
    als, vrijwilliger, stadsmedewerker, zelfmelder, naam
):
    url = reverse(naam, args=[zelfmelder.pk])
    for user in (vrijwilliger, stadsmedewerker):
        assert als(user).get(url).status_code == 403
    assert not Auditregel.objects.filter(actie=Auditregel.Actie.EXPORT).exists()


@pytest.mark.parametrize("naam", ["gezin_export_json", "gezin_export_pdf"])
def test_other_organisations_and_municipalities_get_404(
    als, coordinator_b, coordinator_eeklo, zelfmelder, naam
):
    url = reverse(naam, args=[zelfmelder.pk])
    for user in (coordinator_b, coordinator_eeklo):
        assert als(user).get(url).status_code == 404
    assert not Auditregel.objects.filter(actie=Auditregel.Actie.EXPORT).exists()


def test_export_holds_meals_paid_and_vouchers_by_number(als, coordinator, zelfmelder, wereld):
    """Issue 13: what a household paid for meals and the vouchers it got are its data."""
    from decimal import Decimal

    from registratie.models import Waardebon

    maaltijd = Afhaling.objects.get(gezin=zelfmelder)
    Afhaling.objects.filter(pk=maaltijd.pk).update(
        aantal=2, volwassenen=1, kinderen=1, tarief="vol", bedrag=Decimal("15.00")
    )
    Waardebon.objects.create(
        organisatie=wereld.initiatief_a,
        nummer=1041,
        gezin=zelfmelder,
        afhaling=maaltijd,
        waarde=Decimal("5.00"),
        uitgegeven_op=date(2026, 11, 3),
        geldig_tot=date(2027, 2, 3),
    )
    client = als(coordinator)
    _response, data = _json(client, zelfmelder)
    tekst = json.dumps(data)
    assert "15.00" in tekst and "vol tarief" in tekst
    assert "1041" in tekst and "2027-02-03" in tekst
    assert client.get(reverse("gezin_export_pdf", args=[zelfmelder.pk])).status_code == 200
