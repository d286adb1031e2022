"""A tapped button says "Bezig…" and takes no second tap while the page loads (issue 14.17)."""

import pytest

from ..conftest import WACHTWOORD

pytestmark = pytest.mark.browser

# Written into sessionStorage, which outlives the navigation the tap starts.
WAARNEMER = """() => {
  const knop = document.querySelector("form button[type=submit]");
  new MutationObserver(() => {
    sessionStorage.setItem("knop", JSON.stringify(
      { uit: knop.disabled, tekst: knop.textContent, bezig: knop.getAttribute("aria-busy") }));
  }).observe(knop, { attributes: true, childList: true, characterData: true, subtree: true });
  knop.click();
  setTimeout(() => knop.click(), 150);  // the second tap of a double tap
}"""


def test_the_login_button_is_busy_and_refuses_a_second_tap(telefoon, vrijwilliger):
    page = telefoon().new_page()
    vastgehouden = []
    page.route("**/account/login/", lambda route: (
        vastgehouden.append(route) if route.request.method == "POST" else route.continue_()
    ))  # fmt: skip
    page.goto("/account/login/")
    page.fill("input[name=login]", vrijwilliger.username)
    page.fill("input[name=password]", WACHTWOORD)

    page.evaluate(WAARNEMER)
    page.wait_for_timeout(600)  # the answer is held back: a slow login

    assert len(vastgehouden) == 1
    vastgehouden[0].continue_()
    page.wait_for_url(lambda url: "/account/login/" not in url)
    assert page.evaluate("() => JSON.parse(sessionStorage.getItem('knop'))") == {
        "uit": True,
        "tekst": "Bezig…",
        "bezig": "true",
    }
