"""The Content Security Policy blocks nothing the desk or the login pages need."""

import pytest
from playwright.sync_api import expect

from .conftest import Balie, aanmelden, registreer_met_code

pytestmark = pytest.mark.browser

# Collects violations from the first moment of every page, before any script runs.
VERZAMEL_SCHENDINGEN = """
window.__schendingen = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__schendingen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
});
"""
# Forces the vendored decoder (and its blob: worker) where Chromium has a native detector.
ZONDER_NATIEVE_DETECTOR = "delete window.BarcodeDetector;"


def _volg(page) -> list[str]:
    meldingen = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and meldingen.append(m.text),
    )
    return meldingen


def _schendingen(page) -> list[str]:
    return page.evaluate("window.__schendingen")


def _open_balie(page, balie: Balie) -> None:
    # A predicate given as an expression is eval'ed in the page while polling,
    # which the policy forbids ('unsafe-eval'); a function is not.
    page.goto(balie.url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_selector("#balie[data-rooster=vers]", state="attached")


def test_the_desk_scans_searches_and_registers_without_a_csp_violation(
    telefoon, balie, vrijwilliger
):
    context = telefoon()
    context.add_init_script(VERZAMEL_SCHENDINGEN + ZONDER_NATIEVE_DETECTOR)
    page = context.new_page()
    console = _volg(page)
    aanmelden(page, vrijwilliger)
    assert _schendingen(page) == []
    _open_balie(page, balie)

    page.click("#scan-knop")  # camera → qr-scanner → its worker from a blob: URL
    expect(page.locator("#paneel-inhoud h2")).to_have_text("Amina E.")
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#paneel-inhoud[data-uitkomst]")).to_be_visible()
    registreer_met_code(page, balie.kaarten[1])
    page.fill("#zoeknaam", "Peet")  # htmx search
    expect(page.locator("#zoekresultaten")).to_contain_text("Sofie")

    assert _schendingen(page) == []
    assert console == []
    assert page.evaluate("document.querySelectorAll('style').length") == 0


def test_the_check_would_see_a_violation(telefoon, balie, vrijwilliger):
    """The listener is not blind: an inline script is reported."""
    context = telefoon()
    context.add_init_script(VERZAMEL_SCHENDINGEN)
    page = context.new_page()
    page.goto("/account/login/")
    page.evaluate(
        """() => { const s = document.createElement("script");
        s.textContent = "window.uitgevoerd = true"; document.body.appendChild(s); }"""
    )
    page.wait_for_function("() => window.__schendingen.length > 0")
    assert page.evaluate("window.uitgevoerd") is None
    assert "script-src" in _schendingen(page)[0]


def test_the_app_setup_page_shows_its_qr_code_without_a_violation(telefoon, coordinator):
    context = telefoon()
    context.add_init_script(VERZAMEL_SCHENDINGEN)
    page = context.new_page()
    aanmelden(page, coordinator)
    expect(page).to_have_url("/account/2fa/totp/activate/")
    qr = page.locator("main img")
    expect(qr).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", qr.element_handle()) > 0
    assert _schendingen(page) == []
