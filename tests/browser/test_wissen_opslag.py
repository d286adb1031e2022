"""Cleared storage (issue 11.5): a queue that vanished from IndexedDB is noticed and said."""

import pytest
from playwright.sync_api import expect

from registratie.models import Afhaling

from .conftest import aanmelden, registreer_met_code

pytestmark = pytest.mark.browser

SYNC = "**/registratie/api/afhalingen/"
WACHTRIJ_LEEGMAKEN = """async () => {
    const db = await new Promise((ok, fout) => {
        const r = indexedDB.open("materielehulp");
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fout(r.error);
    });
    await new Promise((ok) => {
        const t = db.transaction("outbox", "readwrite");
        t.objectStore("outbox").clear();
        t.oncomplete = ok;
    });
    db.close();
}"""
ZELF_VERSTUREN_EN_WISSEN = """async (url) => {
    // What the service worker does with no page open: send, then delete from the store.
    const items = await Outbox.all();
    const cfg = await Outbox.instellingen();
    const antwoord = await fetch(url, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": Outbox.csrfToken(cfg)},
        body: JSON.stringify({eigenaar: cfg.eigenaar, afhalingen: items.map((r) => ({
            sleutel: r.sleutel, moment: r.moment, datum: r.datum, gescand_op: r.gescand_op,
            kaart: r.kaart, gezin: r.gezin, offline: false, override_reden: ""}))}),
    });
    if (!antwoord.ok) throw new Error(String(antwoord.status));
    const uitkomst = await antwoord.json();
    const db = await new Promise((ok) => {
        const r = indexedDB.open("materielehulp");
        r.onsuccess = () => ok(r.result);
    });
    await new Promise((ok) => {
        const t = db.transaction("outbox", "readwrite");
        t.objectStore("outbox").clear();
        t.oncomplete = ok;
    });
    db.close();
    return uitkomst;
}"""


@pytest.fixture
def pagina(telefoon, balie, vrijwilliger):
    context = telefoon(service_workers="block")
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    page.goto(balie.url)
    page.wait_for_selector("#balie[data-rooster=vers]", state="attached")
    return page


def _drie_in_de_wachtrij(pagina, balie):
    pagina.route(SYNC, lambda route: route.abort())
    for kaart in balie.kaarten:
        registreer_met_code(pagina, kaart)
    expect(pagina.locator("#wachtrij-tekst")).to_have_text("3 wachten op verzending")
    pagina.unroute(SYNC)


def test_a_cleared_queue_is_said_to_be_lost_never_all_sent(pagina, balie):
    _drie_in_de_wachtrij(pagina, balie)
    pagina.evaluate(WACHTRIJ_LEEGMAKEN)
    pagina.reload()
    verdwenen = pagina.locator("#verdwenen")
    expect(verdwenen).to_contain_text(
        "3 afhalingen zijn van dit toestel verdwenen voor ze verzonden waren: "
        "meld dit aan de coördinator."
    )
    expect(pagina.locator("#wachtrij-tekst")).not_to_have_text("Alles is verzonden.")
    assert Afhaling.objects.count() == 0

    pagina.click("#verdwenen-gemeld")
    expect(verdwenen).to_have_count(0)
    pagina.reload()
    pagina.wait_for_selector("#balie[data-rooster]", state="attached")
    expect(pagina.locator("#verdwenen")).to_have_count(0)


def test_pickups_the_service_worker_sent_are_not_reported_lost(pagina, balie):
    _drie_in_de_wachtrij(pagina, balie)
    uitkomst = pagina.evaluate(ZELF_VERSTUREN_EN_WISSEN, "/registratie/api/afhalingen/")
    assert Afhaling.objects.count() == 3, uitkomst
    pagina.reload()
    pagina.wait_for_selector("#balie[data-rooster]", state="attached")
    pagina.evaluate("Outbox.controleer()")
    expect(pagina.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    expect(pagina.locator("#verdwenen")).to_have_count(0)
    assert (
        pagina.evaluate(
            "Object.keys(JSON.parse(localStorage.getItem('mh-wachtrij-sleutels') || '{}')).length"
        )
        == 0
    )


def test_the_ledger_holds_keys_only_no_card_text(pagina, balie):
    _drie_in_de_wachtrij(pagina, balie)
    opgeslagen = pagina.evaluate("localStorage.getItem('mh-wachtrij-sleutels')")
    for kaart in balie.kaarten:
        assert kaart.code not in opgeslagen and kaart.token not in opgeslagen
        assert kaart.leesbare_code not in opgeslagen
