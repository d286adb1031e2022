"""The outbox against a server that fails, refuses or forgot the session: nothing is lost."""

import json
import time

import pytest
from playwright.sync_api import expect

from registratie.models import Afhaling

from .conftest import WACHTWOORD, aanmelden, registreer_met_code

pytestmark = pytest.mark.browser

SYNC = "**/registratie/api/afhalingen/"
OPGESLAGEN = """async () => {
    const db = await new Promise((ok, fout) => {
        const r = indexedDB.open("materielehulp");
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fout(r.error);
    });
    const tel = (naam) => new Promise((ok) => {
        db.transaction(naam).objectStore(naam).count().onsuccess = (e) => ok(e.target.result);
    });
    const uit = {
        outbox: await tel("outbox"), mislukt: await tel("mislukt"), rooster: await tel("rooster"),
    };
    db.close();
    return uit;
}"""


@pytest.fixture
def pagina(telefoon, balie, vrijwilliger):
    """The desk without a service worker, so that page.route() sees every upload."""
    context = telefoon(service_workers="block")
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    page.goto(balie.url)
    page.wait_for_selector("#balie[data-rooster=vers]", state="attached")
    return page


def test_a_server_error_keeps_the_pickup_and_retries_after_a_pause(pagina, balie):
    pogingen = []

    def eerst_kapot(route):
        pogingen.append(time.monotonic())
        if len(pogingen) == 1:
            route.fulfill(status=503, body="onderhoud")
        else:
            route.continue_()

    pagina.route(SYNC, eerst_kapot)
    registreer_met_code(pagina, balie.kaarten[0])
    expect(pagina.locator("#wachtrij-status")).to_contain_text("De server antwoordt niet goed")
    expect(pagina.locator("#wachtrij-tekst")).to_have_text("1 wacht op verzending")

    expect(pagina.locator("#bevestiging-status")).to_have_text("Verzonden.")
    expect(pagina.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    assert Afhaling.objects.count() == 1
    assert pogingen[1] - pogingen[0] >= 1.5


def test_an_expired_session_keeps_the_queue_until_the_volunteer_logs_in(pagina, balie):
    pagina.context.clear_cookies()
    registreer_met_code(pagina, balie.kaarten[0])
    expect(pagina.locator("#wachtrij-status")).to_contain_text("Meld u opnieuw aan om te verzenden")
    expect(pagina.locator("#wachtrij-tekst")).to_have_text("1 wacht op verzending")
    assert Afhaling.objects.count() == 0

    pagina.click("#wachtrij-status a")
    pagina.fill("input[name=login]", "vrijwilliger_a")
    pagina.fill("input[name=password]", WACHTWOORD)
    pagina.click("form button[type=submit]")
    pagina.wait_for_url(f"**{balie.url}")
    expect(pagina.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    assert Afhaling.objects.count() == 1


def test_a_refused_pickup_stays_visible_and_is_not_sent_again(pagina, balie):
    verzonden = []

    def weiger(route):
        body = route.request.post_data_json
        verzonden.append(body)
        resultaten = [
            {"sleutel": item["sleutel"], "uitkomst": "fout", "bericht": "Deze kaart is vervangen."}
            for item in body["afhalingen"]
        ]
        route.fulfill(
            status=200, content_type="application/json", body=json.dumps({"resultaten": resultaten})
        )

    pagina.route(SYNC, weiger)
    registreer_met_code(pagina, balie.kaarten[0])
    expect(pagina.locator("#paneel-inhoud")).to_have_attribute("data-uitkomst", "fout")
    expect(pagina.locator("#bevestiging-status")).to_have_text("Deze kaart is vervangen.")
    expect(pagina.locator("#mislukt")).to_contain_text("Deze kaart is vervangen.")
    assert pagina.evaluate(OPGESLAGEN) == {"outbox": 0, "mislukt": 1, "rooster": 1}

    pagina.evaluate("Outbox.flush({opnieuw: true})")
    pagina.reload()
    expect(pagina.locator("#mislukt")).to_contain_text("Deze kaart is vervangen.")
    assert len(verzonden) == 1


def test_undo_before_the_upload_takes_it_out_of_the_queue(pagina, balie):
    pagina.context.set_offline(True)
    registreer_met_code(pagina, balie.kaarten[0])
    expect(pagina.locator("#wachtrij-tekst")).to_have_text("1 wacht op verzending")
    pagina.click("#ongedaan-knop")
    expect(pagina.locator("#paneel-inhoud")).to_have_attribute("data-uitkomst", "ongedaan")
    expect(pagina.locator("#wachtrij")).to_be_hidden()

    pagina.context.set_offline(False)
    pagina.reload()
    pagina.wait_for_selector("#balie[data-rooster]", state="attached")
    assert Afhaling.objects.count() == 0


def test_undo_after_the_upload_undoes_it_on_the_server(pagina, balie):
    registreer_met_code(pagina, balie.kaarten[0])
    expect(pagina.locator("#bevestiging-status")).to_have_text("Verzonden.")
    pagina.click("#ongedaan-knop")
    expect(pagina.locator("#paneel-inhoud")).to_have_attribute("data-uitkomst", "ongedaan")
    assert Afhaling.objects.get().status == Afhaling.Status.ONGEDAAN


def test_logging_out_clears_the_rosters_and_keeps_the_queue(pagina, balie):
    pagina.route(SYNC, lambda route: route.abort())
    registreer_met_code(pagina, balie.kaarten[0])
    expect(pagina.locator("#wachtrij-tekst")).to_have_text("1 wacht op verzending")

    pagina.click("header form button[type=submit]")
    pagina.wait_for_url("**/account/login/**")
    assert pagina.evaluate(OPGESLAGEN) == {"outbox": 1, "mislukt": 0, "rooster": 0}


def test_rosters_of_other_days_are_removed(pagina, balie):
    pagina.evaluate("Outbox.rooster.bewaar({moment: 1, datum: '2000-01-01', gezinnen: []})")
    assert pagina.evaluate(OPGESLAGEN)["rooster"] == 2
    pagina.reload()
    pagina.wait_for_selector("#balie[data-rooster]", state="attached")
    assert pagina.evaluate(OPGESLAGEN)["rooster"] == 1


@pytest.mark.parametrize("web_locks", [True, False], ids=["web-locks", "indexeddb-slot"])
def test_two_tabs_replaying_at_once_send_each_pickup_once(telefoon, balie, vrijwilliger, web_locks):
    """Both tabs see `online` and flush; the lock (or its IndexedDB stand-in) serialises them."""
    context = telefoon(service_workers="block")
    if not web_locks:
        context.add_init_script("delete Navigator.prototype.locks;")
    verzonden = []

    def tel(request):
        if request.method == "POST" and request.url.endswith("/registratie/api/afhalingen/"):
            verzonden.extend(i["sleutel"] for i in request.post_data_json["afhalingen"])

    context.on("requestfinished", tel)
    tabs = [context.new_page(), context.new_page()]
    aanmelden(tabs[0], vrijwilliger)
    for tab in tabs:
        tab.goto(balie.url)
        tab.wait_for_selector("#balie[data-rooster]", state="attached")
    assert tabs[0].evaluate("'locks' in navigator") is web_locks

    tabs[0].bring_to_front()
    context.set_offline(True)
    for kaart in balie.kaarten:
        registreer_met_code(tabs[0], kaart)
    context.set_offline(False)
    for tab in tabs:
        tab.evaluate("() => { Outbox.flush(); Outbox.flush({opnieuw: true}); }")

    for tab in tabs:
        expect(tab.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    assert len(verzonden) == 3
    assert Afhaling.objects.count() == 3


def test_signed_out_from_afar_the_desk_asks_to_log_in_and_keeps_the_queue(
    pagina, balie, wereld, vrijwilliger, coordinator
):
    """A coordinator ends the volunteer's sessions (a lost phone): the cookie stays, the
    session is gone. What is scanned after that waits for the next login, and the list
    of names leaves the phone as soon as the desk learns it is signed out."""
    from hulpverlening.sessies import afmelden_op_afstand

    assert pagina.evaluate(OPGESLAGEN)["rooster"] == 1
    assert (
        afmelden_op_afstand(user=vrijwilliger, door=coordinator, organisatie=wereld.initiatief_a)
        == 1
    )
    registreer_met_code(pagina, balie.kaarten[0])
    expect(pagina.locator("#wachtrij-status")).to_contain_text("Meld u opnieuw aan om te verzenden")
    expect(pagina.locator("#wachtrij-tekst")).to_have_text("1 wacht op verzending")
    assert Afhaling.objects.count() == 0
    opgeslagen = pagina.evaluate(OPGESLAGEN)
    assert opgeslagen["outbox"] == 1
    assert opgeslagen["rooster"] == 0

    pagina.click("#wachtrij-status a")
    pagina.fill("input[name=login]", "vrijwilliger_a")
    pagina.fill("input[name=password]", WACHTWOORD)
    pagina.click("form button[type=submit]")
    pagina.wait_for_url(f"**{balie.url}")
    expect(pagina.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    assert Afhaling.objects.count() == 1
