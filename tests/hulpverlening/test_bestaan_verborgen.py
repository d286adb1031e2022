"""No existence oracle: a volunteer learns whether a named person or another
organisation's registration exists only where the work needs it, and never
without a trace."""

import json
import uuid
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hulpverlening.models import Afhaalmoment, Auditregel, Gezin, Locatie
from registratie.models import Afhaling

from ..conftest import maak_gezin

SYNC = "/registratie/api/afhalingen/"
WAARSCHUWING = "gelijkaardige naam"


def _intake(**overrides):
    return {
        "voornaam": "Ion",
        "achternaam": "Popescu",
        "geboortejaar": "1990",
        "volwassenen": "1",
        "kinderen_0_2": "0",
        "kinderen_3_11": "1",
        "kinderen_12_17": "0",
        "postcode": "9000",
        "toestemming": "on",
    } | overrides


@pytest.fixture
def popescu_bij_b(wereld) -> Gezin:
    return maak_gezin(wereld.initiatief_b, voornaam="Ion", achternaam="Popescu", jaar=1990)


def test_an_invalid_card_code_does_not_reveal_that_the_person_is_registered(
    als, vrijwilliger, moment_a, popescu_bij_b
):
    """Name, birth year and a made-up card code used to answer "al geregistreerd"."""
    response = als(vrijwilliger).post(
        reverse("zelfmelder", args=[moment_a.pk]), _intake(kaart="ABCD-EFGH")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert WAARSCHUWING not in html
    assert not response.context["gelijkaardig"]
    assert Gezin.objects.count() == 1
    assert not Auditregel.objects.filter(actie=Auditregel.Actie.DUBBELCHECK).exists()


def test_without_consent_no_duplicate_warning_is_shown(als, vrijwilliger, moment_a, popescu_bij_b):
    response = als(vrijwilliger).post(
        reverse("zelfmelder", args=[moment_a.pk]), _intake(toestemming="")
    )
    assert WAARSCHUWING not in response.content.decode()
    assert not Auditregel.objects.filter(actie=Auditregel.Actie.DUBBELCHECK).exists()


def test_the_duplicate_warning_after_consent_is_logged_without_personal_data(
    als, vrijwilliger, moment_a, popescu_bij_b
):
    response = als(vrijwilliger).post(reverse("zelfmelder", args=[moment_a.pk]), _intake())
    assert WAARSCHUWING in response.content.decode()
    regel = Auditregel.objects.get(actie=Auditregel.Actie.DUBBELCHECK)
    assert regel.gezin_id == popescu_bij_b.pk
    assert regel.user_id == vrijwilliger.pk
    assert regel.organisatie_id == vrijwilliger.lidmaatschappen.get().organisatie_id
    assert regel.waar == "zelfmelder " + reverse("zelfmelder", args=[moment_a.pk])
    alles = str(list(Auditregel.objects.values()))
    assert "Popescu" not in alles and "1990" not in alles


@pytest.fixture
def moment_b(wereld):
    locatie = Locatie.objects.create(organisatie=wereld.initiatief_b, naam="B", postcode="9000")
    return Afhaalmoment.objects.create(
        locatie=locatie,
        weekdag=timezone.localdate().weekday(),
        start=time(0, 0),
        einde=time(23, 59),
        capaciteit=40,
    )


def _item(moment, kaart, sleutel) -> dict:
    return {
        "sleutel": str(sleutel),
        "moment": moment.pk,
        "datum": timezone.localdate().isoformat(),
        "gescand_op": timezone.now().isoformat(),
        "kaart": kaart.qr_payload,
        "offline": True,
    }


def _sync(client, *items) -> list[dict]:
    body = json.dumps({"apparaat": "t", "afhalingen": list(items)})
    return client.post(SYNC, body, content_type="application/json").json()["resultaten"]


def test_a_replayed_key_of_another_organisation_reveals_nothing(
    als, vrijwilliger, vrijwilliger_b, moment_a, moment_b, kaart_a
):
    sleutel = uuid.uuid4()
    [eerste] = _sync(als(vrijwilliger), _item(moment_a, kaart_a, sleutel))
    assert eerste["uitkomst"] == "geaccepteerd", eerste
    client_b = als(vrijwilliger_b)
    [opnieuw] = _sync(client_b, _item(moment_b, kaart_a, sleutel))
    assert opnieuw["uitkomst"] == "fout"
    assert "ontvangen" not in opnieuw["bericht"]
    # The same answer whatever the content: it tells nothing about A's pickup.
    gisteren = (timezone.localdate() - timedelta(days=1)).isoformat()
    [anders] = _sync(client_b, {**_item(moment_b, kaart_a, sleutel), "datum": gisteren})
    assert anders["bericht"] == opnieuw["bericht"]
    assert Afhaling.objects.count() == 1
    assert Afhaling.objects.get().organisatie_id == moment_a.locatie.organisatie_id


def test_a_replayed_key_of_the_own_organisation_is_still_a_duplicate(
    als, vrijwilliger, moment_a, kaart_a
):
    sleutel = uuid.uuid4()
    client = als(vrijwilliger)
    _sync(client, _item(moment_a, kaart_a, sleutel))
    [opnieuw] = _sync(client, _item(moment_a, kaart_a, sleutel))
    assert opnieuw["uitkomst"] == "duplicaat"
    assert opnieuw["bericht"] == "Deze registratie was al ontvangen."
