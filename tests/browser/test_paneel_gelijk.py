"""The panel the phone draws from the roster (static/registratie/paneel.js) says what the
server's panel (templates/registratie/_paneel.html) says for the same household: the
same colour, word, name, composition, reasons, form fields and button."""

import pytest
from playwright.sync_api import expect

from .conftest import aanmelden

pytestmark = pytest.mark.browser

# What a volunteer sees and what the tap sends; the rest (a link to the Sociale Dienst
# online, "according to the list of 10:02" offline) differs on purpose.
STRUCTUUR = """() => {
  const s = document.querySelector("#paneel-inhoud");
  const tekst = (el) => el ? el.textContent.replace(/\\s+/g, " ").trim() : null;
  return {
    klassen: s.className,
    kleur: s.dataset.kleur,
    gezin: s.dataset.gezin,
    woord: tekst(s.querySelector(".kleurwoord")),
    naam: tekst(s.querySelector("h2")),
    samenstelling: tekst(s.querySelector("h2 + p")),
    redenen: [...s.querySelectorAll("ul.redenen li")].map(tekst),
    velden: [...s.querySelectorAll("#registreer-form input")]
      .map((i) => `${i.type}:${i.name}`).filter((n) => !n.endsWith(":csrfmiddlewaretoken")),
    knop: tekst(s.querySelector("#registreer-form button[type=submit]")),
  };
}"""


def _paneel_van(page, naam: str, zoek: str) -> dict:
    page.fill("#zoeknaam", zoek)
    page.locator("#zoekresultaten a[data-gezin]").first.click()
    expect(page.locator("#paneel-inhoud h2")).to_have_text(
        f"{naam} {'E.' if naam == 'Amina' else 'P.'}"
    )
    return page.evaluate(STRUCTUUR)


@pytest.mark.parametrize("naam", ["Amina", "Sofie"])
def test_the_offline_panel_says_what_the_online_panel_says(telefoon, balie, vrijwilliger, naam):
    context = telefoon(service_workers="block")
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    page.goto(balie.url)
    page.wait_for_selector("#balie[data-rooster=vers]", state="attached")

    online = _paneel_van(page, naam, naam)
    context.set_offline(True)
    # Another text: the search box asks again only when its value changed.
    offline = _paneel_van(page, naam, naam[:3])

    assert page.locator("#paneel-inhoud").get_attribute("data-bron") == "rooster"
    assert online == offline
    assert online["knop"] == "Afhaling registreren"
    assert "volw." in online["samenstelling"]


LIJNEN = """() => [...document.querySelectorAll("#paneel-inhoud .aanbodlijn")].map((l) => ({
  slug: l.dataset.hulpvorm, kleur: l.dataset.kleur, klassen: l.className,
  tekst: l.textContent.replace(/\\s+/g, " ").trim(),
  aangevinkt: l.querySelector("input[type=checkbox]").checked,
  velden: [...l.querySelectorAll("input")].map((i) => `${i.type}:${i.name}=${i.value}`),
}))"""


def test_with_several_aids_the_offline_panel_offers_what_the_online_panel_offers(
    telefoon, balie, vrijwilliger, drie_hulpvormen
):
    context = telefoon(service_workers="block")
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    page.goto(balie.url)
    page.wait_for_selector("#balie[data-rooster=vers]", state="attached")

    online = _paneel_van(page, "Amina", "Amina") | {"lijnen": page.evaluate(LIJNEN)}
    context.set_offline(True)
    offline = _paneel_van(page, "Amina", "Ami") | {"lijnen": page.evaluate(LIJNEN)}

    assert page.locator("#paneel-inhoud").get_attribute("data-bron") == "rooster"
    assert online == offline
    assert online["knop"] == "Meegeven en registreren"
    assert [lijn["slug"] for lijn in online["lijnen"]] == [
        "maaltijd",
        "voedselpakket",
        "babyuitzet",
    ]
