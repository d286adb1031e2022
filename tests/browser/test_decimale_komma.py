"""A coordinator types 12,5 kg in Chromium: 12.5 kg is stored, never 125 (issue 14.1)."""

from decimal import Decimal

import pytest
from django.test import Client
from playwright.sync_api import expect

from rapportering.models import Levering
from tests.mfa_helpers import aanmelden as aanmelden_met_code

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("getypt", ["12,5", "12.5"])
def test_a_decimal_comma_or_point_in_a_delivery_is_twelve_and_a_half_kilos(
    telefoon, wereld, coordinator, live_server, getypt
):
    client = Client()
    aanmelden_met_code(client, coordinator)
    context = telefoon(locale="nl-BE")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto("/rapporten/leveringen/")
    veld = page.locator("#id_groenten_fruit")
    assert veld.get_attribute("inputmode") == "decimal"
    veld.fill(getypt)
    page.click("text=Levering bewaren")
    expect(page.locator(".melding")).to_contain_text("Levering van 12,5 kg bewaard.")
    assert Levering.objects.get().groenten_fruit == Decimal("12.5")
