"""The desk on a phone without network: scan, queue, reload, reconnect, never twice."""

import uuid
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from registratie.models import Afhaling

from .conftest import aanmelden, open_balie, registreer_met_code

pytestmark = pytest.mark.browser

ZONDER_BACKGROUND_SYNC = """
delete window.SyncManager;
delete ServiceWorkerRegistration.prototype.sync;
"""


def wachtrij_als_batch(page) -> dict:
    """The queued registrations as the outbox sends them."""
    return page.evaluate(
        """async () => {
        const items = await Outbox.all();
        return {apparaat: items[0].apparaat, afhalingen: items.map((r) => ({
            sleutel: r.sleutel, moment: r.moment, datum: r.datum, gescand_op: r.gescand_op,
            kaart: r.kaart, override_reden: r.override_reden, offline: r.offline,
            hulpvorm: r.hulpvorm}))};
    }"""
    )


def verstuur(page, batch: dict, keer: int = 1) -> list[dict]:
    """POST a batch to the sync endpoint from the page, `keer` times at once."""
    return page.evaluate(
        """async ([batch, keer]) => {
        const een = () => fetch(document.getElementById("balie").dataset.syncUrl, {
            method: "POST", credentials: "same-origin",
            headers: {"Content-Type": "application/json", "X-CSRFToken": Outbox.csrfToken({})},
            body: JSON.stringify(batch),
        }).then(async (r) => {
            // Not JSON (an error page): its start, so a failure says what came back.
            const tekst = await r.text();
            try { return {status: r.status, body: JSON.parse(tekst)}; }
            catch (e) { return {status: r.status, body: tekst.slice(0, 300)}; }
        });
        return Promise.all(Array.from({length: keer}, een));
    }""",
        [batch, keer],
    )


def test_three_pickups_offline_survive_a_reload_and_arrive_exactly_once(
    telefoon, balie, vrijwilliger
):
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)

    context.set_offline(True)
    expect(page.locator("#netwerk")).to_be_visible()
    page.click("#scan-knop")
    paneel = page.locator("#paneel-inhoud[data-bron=rooster]")
    expect(paneel.locator("h2")).to_have_text("Amina E.")
    expect(paneel).to_have_attribute("data-kleur", "oranje")
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#paneel-inhoud[data-uitkomst=bewaard]")).to_contain_text("Amina E.")
    for kaart in balie.kaarten[1:]:
        registreer_met_code(page, kaart)
    expect(page.locator("#wachtrij-tekst")).to_have_text("3 wachten op verzending")
    batch = wachtrij_als_batch(page)

    page.reload()
    expect(page.locator("#scan-knop")).to_be_visible()
    expect(page.locator("#wachtrij-tekst")).to_have_text("3 wachten op verzending")
    assert Afhaling.objects.count() == 0

    context.set_offline(False)
    expect(page.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    expect(page.locator("#netwerk")).to_be_hidden()
    assert Afhaling.objects.count() == 3
    assert {a.kaart_id for a in Afhaling.objects.all()} == {k.pk for k in balie.kaarten}
    assert set(Afhaling.objects.values_list("apparaat", flat=True)) == {batch["apparaat"]}

    antwoord = verstuur(page, batch)[0]
    assert antwoord["status"] == 200
    assert [r["uitkomst"] for r in antwoord["body"]["resultaten"]] == ["duplicaat"] * 3
    assert Afhaling.objects.count() == 3


def test_without_background_sync_the_online_event_sends_the_queue(telefoon, balie, vrijwilliger):
    """As on iOS Safari and Firefox: replay on `online` and on page load, not by the worker."""
    context = telefoon()
    context.add_init_script(ZONDER_BACKGROUND_SYNC)
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => !('sync' in r))")

    context.set_offline(True)
    for kaart in balie.kaarten:
        registreer_met_code(page, kaart)
    expect(page.locator("#wachtrij-tekst")).to_have_text("3 wachten op verzending")

    # The same card again at the same moment: this device knows it was just registered.
    page.fill("#kaartcode", balie.kaarten[0].leesbare_code)
    page.click("#code-form button[type=submit]")
    paneel = page.locator("#paneel-inhoud[data-bron=rooster]")
    expect(paneel).to_have_attribute("data-kleur", "rood")
    expect(paneel).to_contain_text("Al geregistreerd op dit toestel")

    page.reload()
    expect(page.locator("#wachtrij-tekst")).to_have_text("3 wachten op verzending")
    context.set_offline(False)
    expect(page.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    assert Afhaling.objects.count() == 3


def test_a_tab_closed_offline_sends_its_queue_when_reopened_online(telefoon, balie, vrijwilliger):
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)

    context.set_offline(True)
    for kaart in balie.kaarten:
        registreer_met_code(page, kaart)
    expect(page.locator("#wachtrij-tekst")).to_have_text("3 wachten op verzending")
    page.close()

    context.set_offline(False)
    page = context.new_page()
    page.goto(balie.url)
    expect(page.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    assert Afhaling.objects.count() == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database is one connection shared by the server's threads",
)
def test_twenty_concurrent_replays_of_one_batch_register_each_pickup_once(
    telefoon, balie, vrijwilliger
):
    context = telefoon(service_workers="block")
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    page.goto(balie.url)
    nu = timezone.localtime()
    batch = {
        "apparaat": "test-toestel",
        "afhalingen": [
            {
                "sleutel": str(uuid.uuid4()),
                "moment": balie.moment.pk,
                "datum": nu.date().isoformat(),
                "gescand_op": nu.isoformat(timespec="seconds"),
                "kaart": kaart.qr_payload,
                "offline": True,
            }
            for kaart in balie.kaarten
        ],
    }

    antwoorden = verstuur(page, batch, keer=20)

    assert [a["status"] for a in antwoorden] == [200] * 20, antwoorden
    uitkomsten = Counter(
        (r["sleutel"], r["uitkomst"]) for a in antwoorden for r in a["body"]["resultaten"]
    )
    for item in batch["afhalingen"]:
        assert uitkomsten[(item["sleutel"], "geaccepteerd")] == 1
        assert uitkomsten[(item["sleutel"], "duplicaat")] == 19
    assert Afhaling.objects.count() == 3
