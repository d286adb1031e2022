"""What a lost phone gives away, and a desk whose roster is not today's.

Copying a phone's storage after a day at the desk must yield no card code and
no token; a typed code offline is queued for the server to decide; an older
roster is said out loud and never deletes a newer one.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hulpverlening import kaartcodes
from registratie.models import Afhaling

from .conftest import aanmelden, open_balie

pytestmark = pytest.mark.browser

# Everything the desk keeps on the phone: IndexedDB (roster, outbox), localStorage, caches.
OPSLAG = """async () => {
  const uit = {idb: {}, local: {...localStorage}, caches: {}};
  const db = await new Promise((ok, fout) => {
    const r = indexedDB.open("materielehulp"); r.onsuccess = () => ok(r.result); r.onerror = fout;
  });
  for (const naam of db.objectStoreNames) {
    uit.idb[naam] = await new Promise((ok) => {
      db.transaction(naam).objectStore(naam).getAll().onsuccess = (e) => ok(e.target.result);
    });
  }
  for (const naam of await caches.keys()) {
    const cache = await caches.open(naam);
    uit.caches[naam] = [];
    for (const req of await cache.keys()) {
      const resp = await cache.match(req);
      const type = resp.headers.get("Content-Type") || "";
      uit.caches[naam].push(type.startsWith("text/html") ? await resp.text() : req.url);
    }
  }
  return uit;
}"""


def _dbnaam(page) -> str:
    return page.evaluate("() => indexedDB.databases().then((d) => d.map((x) => x.name))")


def test_a_copied_phone_holds_no_card_code_token_or_surname(telefoon, balie, vrijwilliger):
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    namen = _dbnaam(page)
    assert namen, "the desk keeps its roster in IndexedDB"
    opslag = json.dumps(page.evaluate(OPSLAG.replace('"materielehulp"', json.dumps(namen[0]))))
    assert "Amina E." in opslag  # the desk level is there, for offline use
    for kaart in balie.kaarten:
        assert kaart.code not in opslag and kaart.leesbare_code not in opslag
        assert kaart.token not in opslag
        assert kaartcodes.token_hash(kaart.code) not in opslag
    for achternaam in ("El Idrissi", "Claeys", "Peeters"):
        assert achternaam not in opslag


def test_a_typed_code_offline_is_queued_and_the_server_decides(telefoon, balie, vrijwilliger):
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    context.set_offline(True)

    page.fill("#kaartcode", balie.kaarten[1].leesbare_code)
    page.click("#code-form button[type=submit]")
    paneel = page.locator("#paneel-inhoud[data-bron=rooster]")
    expect(paneel).to_contain_text("Code genoteerd")
    expect(paneel).to_have_attribute("data-kleur", "oranje")
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#wachtrij-tekst")).to_have_text("1 wacht op verzending")

    # A wrong check character is caught on the phone, before anything is queued.
    fout = balie.kaarten[2].code[:8] + ("0" if balie.kaarten[2].code[8] != "0" else "1")
    page.fill("#kaartcode", fout)
    page.click("#code-form button[type=submit]")
    expect(paneel).to_contain_text("Deze code klopt niet")

    context.set_offline(False)
    expect(page.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    afhaling = Afhaling.objects.get()
    assert afhaling.kaart_id == balie.kaarten[1].pk
    assert afhaling.bewijs == Afhaling.Bewijs.GETYPT


def _klok(dagen: int) -> str:
    """An init script that moves this page's clock `dagen` days ahead."""
    ms = int(timedelta(days=dagen).total_seconds() * 1000)
    return f"""(() => {{
      const Echt = Date; const verschil = {ms};
      class Verzet extends Echt {{
        constructor(...a) {{ super(...(a.length ? a : [Echt.now() + verschil])); }}
        static now() {{ return Echt.now() + verschil; }}
      }}
      Date = Verzet;
    }})();"""


def test_an_older_roster_is_said_out_loud_and_today_is_the_devices_day(
    telefoon, balie, vrijwilliger
):
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    vandaag = timezone.localdate()

    # The next day, still without network: yesterday's list is all there is.
    context.set_offline(True)
    context.add_init_script(_klok(1))
    page.reload()
    melding = page.locator("#rooster-oud")
    expect(melding).to_contain_text(f"Lijst van {vandaag:%d/%m/%Y}: maak verbinding")
    page.click("#scan-knop")
    paneel = page.locator("#paneel-inhoud[data-bron=rooster]")
    expect(paneel.locator("h2")).to_have_text("Amina E.")
    expect(paneel).to_contain_text("Lijst van")
    page.click("#registreer-form button[type=submit]")
    # Yesterday's moment is not today's: asked once (tests/browser/test_balie_uren.py).
    expect(page.locator("#buiten-vraag")).to_contain_text("niet vandaag")
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#paneel-inhoud[data-uitkomst]")).to_be_visible()
    datum = page.evaluate("() => Outbox.all().then((items) => items[0].datum)")
    assert datum == (vandaag + timedelta(days=1)).isoformat()
    # The older roster is kept: nothing deletes a list because a page is old or new.
    bewaard = page.evaluate(
        "([m, d]) => Outbox.rooster.haal(m, d).then((r) => Boolean(r))",
        [balie.moment.pk, vandaag.isoformat()],
    )
    assert bewaard
    page.screenshot(path="/tmp/rooster-oud-360.png")


def test_an_expired_roster_is_gone_from_the_phone(telefoon, balie, vrijwilliger):
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    context.set_offline(True)
    context.add_init_script(_klok(7))
    page.reload()
    expect(page.locator("#scan-knop")).to_be_visible()
    page.wait_for_function(
        "([m]) => Outbox.rooster.nieuwste(m).then((r) => r === null)", arg=[balie.moment.pk]
    )
