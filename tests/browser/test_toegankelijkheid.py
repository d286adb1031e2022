"""axe-core over every page of the access matrix, as every role that may open it, and
the desk's states, at phone width: no critical and no serious violation (issue 14.21).

axe-core is vendored from npm in tests/browser/vendor/ (it is a test tool, never
served). Its script goes in through Playwright, so these contexts bypass the CSP
that forbids injected scripts; the pages themselves are unchanged.
"""

from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from hulpverlening.models import Rol
from tests.conftest import maak_gebruiker
from tests.mfa_helpers import aanmelden as aanmelden_met_code
from tests.test_toegangsmatrix import MATRIX, _url, werelden  # noqa: F401 - werelden: fixture

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
TELEFOON = {"width": 360, "height": 640}
# Every role that may open a page checks it: a role sees other links and buttons.
VOLGORDE = [
    Rol.VRIJWILLIGER,
    Rol.COORDINATOR,
    Rol.MAATSCHAPPELIJK_WERKER,
    Rol.STADSMEDEWERKER,
    Rol.BELEIDSMEDEWERKER,
    Rol.BEHEERDER,
]
ERNSTIG = """async () => {
  const r = await axe.run(document, { resultTypes: ["violations"] });
  return r.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${v.impact} ${v.id}: ` +
      v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}"""


def ernstige_fouten(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(ERNSTIG)


def _context_als(telefoon, live_server, user):
    client = Client()
    aanmelden_met_code(client, user)
    context = telefoon(viewport=TELEFOON, bypass_csp=True, service_workers="block")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


# About 45 s: every page as every role (80+ page loads with axe).
@pytest.mark.slow
def test_every_page_of_the_matrix_has_no_serious_accessibility_fault(
    telefoon,
    live_server,
    wereld,
    werelden,  # noqa: F811
):
    contexten, fouten, gezien = {}, [], 0
    paginas = [
        (naam, regel, rol)
        for naam, regel in sorted(MATRIX.items())
        if regel.methode == "GET"
        for rol in VOLGORDE
        if rol in regel.rollen
    ]
    for naam, regel, rol in paginas:
        sleutel = (rol, regel.bij)
        if sleutel not in contexten:
            user = maak_gebruiker(f"axe_{rol}_{regel.bij}"[:30], getattr(wereld, regel.bij), rol)
            contexten[sleutel] = _context_als(telefoon, live_server, user).new_page()
        page = contexten[sleutel]
        url = _url(naam, regel, werelden["eigen"])
        try:
            antwoord = page.goto(url)
        except PlaywrightError as fout:
            if "Download is starting" in str(fout):
                continue  # a file (PDF, CSV, JSON): no page
            raise
        if antwoord is None or "text/html" not in antwoord.headers.get("content-type", ""):
            continue
        if antwoord.status != 200 or not antwoord.text().lstrip().lower().startswith("<!doctype"):
            continue  # refused, or an HTMX fragment (checked inside its page)
        gezien += 1
        fouten += [f"{url} ({rol}): {f}" for f in ernstige_fouten(page)]
    assert gezien >= 80, gezien
    assert not fouten, "\n".join(fouten)


def test_the_desk_in_each_state_has_no_serious_accessibility_fault(
    telefoon, balie, vrijwilliger, live_server
):
    page = _context_als(telefoon, live_server, vrijwilliger).new_page()
    page.goto(balie.url)
    expect(page.locator("h1")).to_have_text("Kerkzaal Brugse Poort")
    fouten = [f"leeg: {f}" for f in ernstige_fouten(page)]

    page.fill("#kaartcode", balie.kaarten[1].leesbare_code)
    page.click("#code-form button[type=submit]")
    expect(page.locator("#paneel-inhoud h2")).to_be_visible()
    fouten += [f"paneel: {f}" for f in ernstige_fouten(page)]

    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#paneel-inhoud[data-uitkomst]")).to_be_visible()
    fouten += [f"bevestiging: {f}" for f in ernstige_fouten(page)]

    page.fill("#zoeknaam", "Sofie")
    expect(page.locator("#zoekresultaten li")).to_have_count(1)
    fouten += [f"zoekresultaten: {f}" for f in ernstige_fouten(page)]

    page.fill("#kaartcode", "ABCD-EFGH-J")
    page.click("#code-form button[type=submit]")
    expect(page.locator("#paneel-inhoud")).to_be_visible()
    fouten += [f"niet gevonden: {f}" for f in ernstige_fouten(page)]
    assert not fouten, "\n".join(fouten)
