"""A phone whose clock is a day ahead: the pickup arrives, dated right, and the
coordinator sees why it is flagged (issue 11.3, in Chromium, looked at at 360x640)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from registratie.models import Afhaling
from tests.mfa_helpers import aanmelden as aanmelden_met_code

from .conftest import aanmelden

pytestmark = pytest.mark.browser

TELEFOON = {"width": 360, "height": 640}


def _klok_uren(uren: int) -> str:
    ms = int(timedelta(hours=uren).total_seconds() * 1000)
    return f"""(() => {{
      const Echt = Date; const verschil = {ms};
      class Verzet extends Echt {{
        constructor(...a) {{ super(...(a.length ? a : [Echt.now() + verschil])); }}
        static now() {{ return Echt.now() + verschil; }}
      }}
      Date = Verzet;
    }})();"""


def test_a_phone_a_day_ahead_registers_today_and_the_coordinator_sees_the_clock(
    telefoon, balie, vrijwilliger, coordinator, live_server
):
    context = telefoon(service_workers="block", viewport=TELEFOON)
    context.add_init_script(_klok_uren(25))
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    page.goto(balie.url)
    page.wait_for_selector("#balie[data-rooster=vers]", state="attached")

    # Its clock says tomorrow: the desk says the moment is not today and asks once.
    expect(page.locator("#buiten-uren")).to_contain_text("niet vandaag")
    page.fill("#kaartcode", balie.kaarten[1].leesbare_code)
    page.click("#code-form button[type=submit]")
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#buiten-vraag")).to_contain_text("Toch registreren op dit moment?")
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#paneel-inhoud[data-uitkomst]")).to_be_visible()
    expect(page.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    page.screenshot(path="/tmp/shot-klok-balie-360.png")

    afhaling = Afhaling.objects.get()
    assert afhaling.datum == timezone.localdate()
    assert abs(afhaling.gescand_op - timezone.now()) < timedelta(minutes=5)
    assert afhaling.status == Afhaling.Status.TE_CONTROLEREN
    assert "klok van het toestel liep" in afhaling.controle_reden

    # The coordinator's review page, as the coordinator sees it on a phone.
    client = Client()
    aanmelden_met_code(client, coordinator)
    beheer = telefoon(viewport=TELEFOON)
    beheer.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    pagina = beheer.new_page()
    pagina.goto(reverse("te_controleren"))
    expect(pagina.locator(".kaartje .melding")).to_contain_text("De klok van het toestel liep")
    pagina.screenshot(path="/tmp/shot-klok-controle-360.png", full_page=True)
