"""One state at a time at the desk: a search replaces the panel and a panel the search
results, so the register button never belongs to a previous look-up (issue 14.6)."""

import pytest
from playwright.sync_api import expect

from .conftest import aanmelden

pytestmark = pytest.mark.browser


def test_scan_then_search_then_scan_never_leaves_an_old_panel(telefoon, balie, vrijwilliger):
    page = telefoon(service_workers="block").new_page()
    aanmelden(page, vrijwilliger)
    page.goto(balie.url)
    page.wait_for_selector("#balie[data-rooster=vers]", state="attached")
    paneel = page.locator("#paneel-inhoud")

    page.fill("#kaartcode", balie.kaarten[0].leesbare_code)
    page.click("#code-form button[type=submit]")
    expect(paneel.locator("h2")).to_have_text("Amina E.")

    page.fill("#kaartcode", "")
    page.fill("#zoeknaam", "Sofie")
    expect(page.locator("#zoekresultaten")).to_contain_text("Sofie")
    expect(paneel).to_have_count(0)

    page.click("#zoekresultaten a[data-gezin]")
    expect(paneel.locator("h2")).to_have_text("Sofie P.")
    expect(page.locator("#zoekresultaten li")).to_have_count(0)

    page.fill("#kaartcode", balie.kaarten[1].leesbare_code)
    page.click("#code-form button[type=submit]")
    expect(paneel.locator("h2")).to_have_text("Jan C.")
    expect(page.locator("#paneel-inhoud")).to_have_count(1)
