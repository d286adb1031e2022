"""A desk left open on a moment that ended: it says so, proposes the moment going on
now, and asks before registering there (issue 14.9). In the browser: test_balie_uren."""

import uuid
from datetime import datetime, time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from hulpverlening.models import Afhaalmoment, Locatie
from registratie import balie
from registratie.models import Afhaling

BRUSSEL = timezone.get_default_timezone()
# A Wednesday.
WOENSDAG = datetime(2026, 12, 2, tzinfo=BRUSSEL).date()


def _om(uur: int, minuut: int = 0, dag=WOENSDAG) -> datetime:
    return datetime.combine(dag, time(uur, minuut), BRUSSEL)


@pytest.fixture
def ochtend_en_middag(wereld):
    locatie = Locatie.objects.create(organisatie=wereld.initiatief_a, naam="Zaal", postcode="9000")
    maak = lambda start, einde: Afhaalmoment.objects.create(  # noqa: E731
        locatie=locatie, weekdag=2, start=start, einde=einde, capaciteit=30
    )
    return maak(time(9), time(11, 30)), maak(time(13, 30), time(16))


@pytest.mark.parametrize(
    ("nu", "zin"),
    [
        (_om(8, 15), ""),  # setting up: within the margin
        (_om(10), ""),
        (_om(12, 15), ""),  # clearing away
        (_om(8, 14), "Dit afhaalmoment begint pas om 09:00."),
        (_om(14), "Dit afhaalmoment is voorbij: het eindigde om 11:30."),
        (_om(10, dag=WOENSDAG.replace(day=3)), "Dit afhaalmoment is op woensdag, niet vandaag."),
    ],
)
def test_a_moment_says_why_now_is_not_its_time(ochtend_en_middag, nu, zin):
    ochtend, _middag = ochtend_en_middag
    assert balie.buiten_uren(ochtend, nu) == zin


def test_the_desk_of_the_morning_says_it_ended_and_links_to_the_afternoon(
    als, vrijwilliger, ochtend_en_middag
):
    ochtend, middag = ochtend_en_middag
    with time_machine.travel(_om(14), tick=False):
        html = als(vrijwilliger).get(reverse("balie", args=[ochtend.pk])).content.decode()
    assert "Dit afhaalmoment is voorbij: het eindigde om 11:30." in html
    assert f'href="{reverse("balie", args=[middag.pk])}"' in html
    assert "Naar het moment van nu" in html


def test_the_desk_of_the_moment_going_on_says_nothing(als, vrijwilliger, ochtend_en_middag):
    _ochtend, middag = ochtend_en_middag
    with time_machine.travel(_om(14), tick=False):
        html = als(vrijwilliger).get(reverse("balie", args=[middag.pk])).content.decode()
    assert 'id="buiten-uren" class="melding warning" role="status" hidden' in html


def test_registering_after_the_moment_asks_first_and_registers_when_confirmed(
    als, vrijwilliger, ochtend_en_middag, kaart_a
):
    ochtend, _middag = ochtend_en_middag
    client = als(vrijwilliger)
    sleutel = str(uuid.uuid4())
    vraag = {"kaart": kaart_a.qr_payload, "sleutel": sleutel}
    with time_machine.travel(_om(14), tick=False):
        response = client.post(reverse("registreren", args=[ochtend.pk]), vraag)
        html = response.content.decode()
        assert response.status_code == 200 and not Afhaling.objects.exists()
        assert "Toch registreren op dit moment?" in html and "Ja, toch registreren" in html
        assert 'name="buiten_uren_ok" value="1"' in html and sleutel in html

        response = client.post(
            reverse("registreren", args=[ochtend.pk]), {**vraag, "buiten_uren_ok": "1"}
        )
    assert response.status_code == 302
    assert Afhaling.objects.get().afhaalmoment == ochtend


def test_registering_during_the_moment_asks_nothing(als, vrijwilliger, ochtend_en_middag, kaart_a):
    ochtend, _middag = ochtend_en_middag
    with time_machine.travel(_om(10), tick=False):
        response = als(vrijwilliger).post(
            reverse("registreren", args=[ochtend.pk]),
            {"kaart": kaart_a.qr_payload, "sleutel": str(uuid.uuid4())},
        )
    assert response.status_code == 302 and Afhaling.objects.count() == 1
