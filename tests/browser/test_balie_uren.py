"""A phone left open on the morning's moment, in the evening and offline: the desk says
the moment ended, proposes the moment going on now, and asks once before registering
there (issue 14.9). The hours come from the phone's clock, set here to 20:00 today."""

from datetime import datetime, time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hulpverlening.models import Afhaalmoment
from registratie.models import Afhaling

from .conftest import aanmelden, open_balie

pytestmark = pytest.mark.browser


def _klok_op(wanneer: datetime) -> str:
    """Date.now() at `wanneer`, ticking on from there."""
    doel = int(wanneer.timestamp() * 1000)
    return f"""(() => {{
      const Echt = Date; const verschil = {doel} - Echt.now();
      class Verzet extends Echt {{
        constructor(...a) {{ super(...(a.length ? a : [Echt.now() + verschil])); }}
        static now() {{ return Echt.now() + verschil; }}
      }}
      Date = Verzet;
    }})();"""


def test_an_ended_moment_says_so_offline_and_asks_once_before_registering(
    telefoon, balie, vrijwilliger
):
    vandaag = timezone.localdate()
    Afhaalmoment.objects.filter(pk=balie.moment.pk).update(start=time(9), einde=time(11, 30))
    avond = Afhaalmoment.objects.create(
        locatie=balie.moment.locatie,
        weekdag=vandaag.weekday(),
        start=time(19, 30),
        einde=time(21),
        capaciteit=20,
    )
    context = telefoon(viewport={"width": 360, "height": 640})
    context.add_init_script(
        _klok_op(datetime.combine(vandaag, time(20), timezone.get_default_timezone()))
    )
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    context.set_offline(True)

    melding = page.locator("#buiten-uren")
    expect(melding).to_be_visible()
    expect(melding).to_contain_text("Dit afhaalmoment is voorbij: het eindigde om 11:30.")
    expect(page.locator("#moment-van-nu-link")).to_have_attribute(
        "href", f"/registratie/balie/{avond.pk}/"
    )
    expect(page.locator("#moment-van-nu-naam")).to_have_text("Kerkzaal Brugse Poort · 19:30–21:00")
    page.screenshot(path="/tmp/shot-buiten-uren-360.png", full_page=True)

    page.fill("#kaartcode", balie.kaarten[1].leesbare_code)
    page.click("#code-form button[type=submit]")
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#buiten-vraag")).to_contain_text("Toch registreren op dit moment?")
    knop = page.locator("#registreer-form button[type=submit]")
    expect(knop).to_have_text("Ja, toch registreren")
    expect(knop).to_be_focused()
    page.screenshot(path="/tmp/shot-buiten-vraag-360.png", full_page=True)
    assert page.evaluate("async () => (await window.Outbox.all()).length") == 0

    knop.click()
    expect(page.locator("#paneel-inhoud[data-uitkomst]")).to_be_visible()
    assert page.evaluate("async () => (await window.Outbox.all()).length") == 1

    # Asked once: the next household on this desk registers with one tap.
    page.fill("#kaartcode", balie.kaarten[2].leesbare_code)
    page.click("#code-form button[type=submit]")
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#paneel-inhoud[data-uitkomst]")).to_be_visible()
    assert page.evaluate("async () => (await window.Outbox.all()).length") == 2

    context.set_offline(False)  # back online, the queue sends itself
    expect(page.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    assert set(Afhaling.objects.values_list("afhaalmoment", flat=True)) == {balie.moment.pk}
