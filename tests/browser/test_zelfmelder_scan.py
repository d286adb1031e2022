"""The intake of a new person at the desk, on a phone: the card is scanned with the
camera like at the desk, and after a mistake the list of what to fix is at the top
with the focus on it (issue 14.11)."""

import pytest
from playwright.sync_api import expect

from hulpverlening import services
from hulpverlening.models import Gezin, Kaart

from .conftest import CAMERA_TOKEN, aanmelden

pytestmark = pytest.mark.browser


def test_the_camera_fills_the_card_and_a_mistake_is_summed_up_with_focus(
    telefoon, balie, vrijwilliger, coordinator, wereld
):
    # The camera now films a new, pre-printed card instead of a household's.
    Kaart.objects.filter(token=CAMERA_TOKEN).update(token="AndereKaartVoorDeTest-02")
    vrije = services.kaartbatch_aanmaken(
        organisatie=wereld.initiatief_a, aantal=1, door=coordinator
    ).kaarten.get()
    Kaart.objects.filter(pk=vrije.pk).update(token=CAMERA_TOKEN)

    page = telefoon(service_workers="block", viewport={"width": 360, "height": 640}).new_page()
    aanmelden(page, vrijwilliger)
    page.goto(f"/registratie/balie/{balie.moment.pk}/zelfmelder/")
    page.fill("#id_voornaam", "Ion")
    page.fill("#id_achternaam", "Popescu")
    page.fill("#id_geboortejaar", "1990")
    page.fill("#id_postcode", "9000")

    page.click("#kaart-scan")
    expect(page.locator("#kaart-gescand")).to_be_visible()
    assert page.input_value("#id_kaart") == f"MHG1:{CAMERA_TOKEN}"
    expect(page.locator("#kaart-scanner")).to_be_hidden()
    expect(page.locator("#id_toestemming")).to_be_focused()

    # Registering without the person's consent: the summary says so, at the top, focused.
    page.click("form button[type=submit].groot")
    overzicht = page.locator("#foutoverzicht")
    expect(overzicht).to_be_focused()
    expect(overzicht).to_contain_text("Zonder akkoord kunnen we de persoon niet registreren.")
    assert overzicht.bounding_box()["y"] < 640
    page.screenshot(path="/tmp/shot-zelfmelder-fout-360.png")
    assert page.input_value("#id_achternaam") == "Popescu"

    overzicht.locator("a").first.click()
    expect(page.locator("#id_toestemming")).to_be_focused()
    page.check("#id_toestemming")
    page.click("form button[type=submit].groot")
    page.wait_for_url(lambda url: "zelfmelder" not in url)
    vrije.refresh_from_db()
    assert vrije.gezin.referentiepersoon.achternaam == "Popescu"
    assert Gezin.objects.count() == 4
