"""A shared phone (issue 11.2): the queue belongs to the volunteer and organisation that
made each pickup; another volunteer's session neither sends nor shows it."""

from datetime import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hulpverlening.models import Afhaalmoment, Locatie
from registratie.models import Afhaling

from .conftest import aanmelden, open_balie, registreer_met_code
from .test_outbox import OPGESLAGEN

pytestmark = pytest.mark.browser


def test_a_queue_waits_for_its_own_volunteer_and_the_login_page_says_so(
    telefoon, balie, vrijwilliger, vrijwilliger_b, wereld
):
    vrijwilliger.first_name = "Anna"
    vrijwilliger.save()
    locatie_b = Locatie.objects.create(
        organisatie=wereld.initiatief_b, naam="Ledeberg", postcode="9050"
    )
    moment_b = Afhaalmoment.objects.create(
        locatie=locatie_b, weekdag=timezone.localdate().weekday(), start=time(0, 0),
        einde=time(23, 59), capaciteit=40,
    )  # fmt: skip
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    context.set_offline(True)
    for kaart in balie.kaarten[:2]:
        registreer_met_code(page, kaart)
    expect(page.locator("#wachtrij-tekst")).to_have_text("2 wachten op verzending")

    # The browser is closed (the session cookie goes); someone else picks up the phone.
    context.clear_cookies()
    context.set_offline(False)
    page.goto("/account/login/")
    expect(page.locator("#wachtend")).to_have_text(
        "2 afhalingen van Anna wachten op verzending. Meld u aan als Anna om ze te verzenden."
    )
    page.set_viewport_size({"width": 360, "height": 640})
    page.screenshot(path="/tmp/shot-gedeeld-login-360.png")
    page.fill("input[name=login]", vrijwilliger_b.username)
    page.fill("input[name=password]", "test-wachtwoord-123")
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/account/login/" not in url)
    page.goto(f"/registratie/balie/{moment_b.pk}/")
    page.wait_for_selector("#balie[data-rooster]", state="attached")
    page.evaluate("Outbox.flush({opnieuw: true})")
    expect(page.locator("#wachtrij")).to_be_hidden()
    assert Afhaling.objects.count() == 0
    assert page.evaluate(OPGESLAGEN)["outbox"] == 2
    assert page.evaluate("Outbox.all().then((a) => a.map((i) => i.kaart || ''))") != []
    assert "El Idrissi" not in page.content() and "Amina" not in page.content()

    # Anna logs in again: her pickups leave, under her name.
    context.clear_cookies()
    aanmelden(page, vrijwilliger)
    page.goto(balie.url)
    page.wait_for_selector("#balie[data-rooster]", state="attached")
    expect(page.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    assert Afhaling.objects.filter(geregistreerd_door=vrijwilliger).count() == 2
    assert page.evaluate(OPGESLAGEN)["outbox"] == 0


def test_the_server_refuses_a_batch_of_another_volunteer_and_says_why(als, vrijwilliger, moment_a):
    import json

    client = als(vrijwilliger)
    response = client.post(
        "/registratie/api/afhalingen/",
        json.dumps({"eigenaar": "999:1", "afhalingen": []}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "andere_gebruiker"
