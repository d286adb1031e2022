"""The phone's queue behind a loopback proxy that misbehaves (issue 11.1, 11.6, 11.7):
only this application's own answer decides an item's fate."""

import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hulpverlening import services as kaartdienst
from hulpverlening.models import Rol
from registratie import services
from registratie.models import Afhaling
from tests.conftest import maak_gebruiker, maak_gezin

from .conftest import aanmelden, registreer_met_code
from .proxy import Proxy
from .test_outbox import OPGESLAGEN

pytestmark = pytest.mark.browser


@pytest.fixture
def proxy(live_server):
    with Proxy(live_server.url) as p:
        yield p


@pytest.fixture
def achter_proxy(browser, playwright_sessie, proxy, balie, vrijwilliger):
    """The desk opened through the proxy; no service worker, the page sends the queue."""
    context = browser.new_context(
        **playwright_sessie.devices["Pixel 5"], base_url=proxy.url, service_workers="block"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    page.goto(balie.url)
    page.wait_for_selector("#balie[data-rooster=vers]", state="attached")
    yield page
    context.close()


def test_a_proxys_400_keeps_six_pickups_queued_until_it_heals(achter_proxy, proxy, balie, wereld):
    page = achter_proxy
    kaarten = list(balie.kaarten)
    for naam in ("Omar", "Lotte", "Yusuf"):
        gezin = maak_gezin(wereld.initiatief_a, voornaam=naam, achternaam="Test")
        kaarten.append(kaartdienst.kaart_uitgeven(gezin=gezin, organisatie=wereld.initiatief_a))
    page.reload()
    page.wait_for_selector("#balie[data-rooster]", state="attached")

    proxy.storing.soort, proxy.storing.aantal = "400", 10_000
    for kaart in kaarten:
        registreer_met_code(page, kaart)
    expect(page.locator("#wachtrij-tekst")).to_have_text("6 wachten op verzending")
    assert page.evaluate(OPGESLAGEN)["outbox"] == 6
    assert page.evaluate(OPGESLAGEN)["mislukt"] == 0
    assert "400" in proxy.storing.gezien

    proxy.storing.aantal = 0
    page.evaluate("Outbox.flush({opnieuw: true})")
    expect(page.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    assert Afhaling.objects.count() == 6
    assert page.evaluate(OPGESLAGEN)["mislukt"] == 0


def test_a_connection_cut_after_the_server_answered_is_still_a_green_success(
    achter_proxy, proxy, balie
):
    page = achter_proxy
    proxy.storing.soort, proxy.storing.aantal = "knip_na", 1
    registreer_met_code(page, balie.kaarten[0])
    expect(page.locator("#bevestiging-status")).to_have_text("Verzonden.")
    paneel = page.locator("#paneel-inhoud")
    expect(paneel).to_have_attribute("data-uitkomst", "geaccepteerd")
    expect(paneel).to_have_class("paneel status-groen")
    assert proxy.storing.gezien[:2] == ["knip_na", "door"]
    assert Afhaling.objects.count() == 1


def test_one_network_error_does_not_make_a_second_pickup_of_another_phones_household(
    achter_proxy, proxy, balie, wereld, moment_a
):
    page = achter_proxy
    kaart = balie.kaarten[1]
    page.fill("#kaartcode", kaart.leesbare_code)
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#registreer-form")
    # Meanwhile phone A, another volunteer of the initiative, registers the household.
    ander = maak_gebruiker("vrijwilliger_a2", wereld.initiatief_a, Rol.VRIJWILLIGER)
    services.afhaling_registreren(
        sleutel=uuid.uuid4(),
        lidmaatschap=ander.lidmaatschappen.get(),
        afhaalmoment=moment_a,
        dag=timezone.localdate(),
        gescand_op=timezone.now(),
        kaart=kaart,
    )
    proxy.storing.soort, proxy.storing.aantal = "knip_voor", 1
    page.click("#registreer-form button[type=submit]")

    paneel = page.locator("#paneel-inhoud")
    expect(paneel).to_have_attribute("data-uitkomst", "duplicaat")
    expect(paneel).to_contain_text("Al geregistreerd om")
    expect(page.locator("#ongedaan-knop")).to_have_count(0)
    expect(paneel).not_to_contain_text("Afhaling geregistreerd")
    assert proxy.storing.gezien[:2] == ["knip_voor", "door"]
    assert Afhaling.objects.count() == 1
    page.set_viewport_size({"width": 360, "height": 640})
    page.screenshot(path="/tmp/shot-dubbel-360.png")
