"""Throttling that a header bypasses (issue 19.4): X-Forwarded-For counts only from our proxy."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from hulpverlening.netwerk import client_ip

from ..conftest import WACHTWOORD

TE_VEEL = "Te veel inlogpogingen"
PROXY = "172.30.0.10"


@pytest.fixture(autouse=True)
def _lege_cache():
    cache.clear()
    yield
    cache.clear()


def _verzoek(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(_verzoek("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_a_direct_request_cannot_choose_its_address_by_header():
    assert client_ip(_verzoek("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_through_the_proxy_the_address_it_appended_counts_not_what_the_client_sent():
    # The client sent "1.2.3.4"; our proxy appended the address it saw.
    assert client_ip(_verzoek(PROXY, "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(_verzoek(PROXY, "203.0.113.5")) == "203.0.113.5"


@override_settings(TRUSTED_PROXIES=["172.30.0.0/24"])
def test_a_chain_of_own_proxies_is_skipped_and_garbage_stops_the_walk():
    assert client_ip(_verzoek(PROXY, "203.0.113.5, 172.30.0.11")) == "203.0.113.5"
    assert client_ip(_verzoek(PROXY, "nonsense, 172.30.0.11")) == "172.30.0.11"
    assert client_ip(_verzoek(PROXY)) == PROXY


def _login(client, wachtwoord, **meta):
    return client.post(
        reverse("account_login"), {"login": "vrijwilliger_a", "password": wachtwoord}, **meta
    )


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_rotating_x_forwarded_for_on_the_app_port_gives_no_fresh_tries(client, vrijwilliger):
    for nummer in range(12):
        _login(client, "fout", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.9.0.{nummer}")
    antwoord = _login(
        client, WACHTWOORD, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert TE_VEEL in antwoord.content.decode()


@override_settings(TRUSTED_PROXIES=[PROXY], LOGIN_MISLUKT_PER_ACCOUNT="8/h/key")
def test_the_account_limit_holds_whatever_the_address(vrijwilliger):
    for nummer in range(8):
        _login(Client(), "fout", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.{nummer}")
    antwoord = _login(Client(), WACHTWOORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert TE_VEEL in antwoord.content.decode()


@override_settings(LOGIN_MISLUKT_PER_ACCOUNT="8/h/key")
def test_a_successful_login_does_not_use_up_the_account_limit(vrijwilliger):
    for nummer in range(10):
        client = Client()
        assert _login(client, WACHTWOORD, REMOTE_ADDR=f"203.0.113.{nummer}").status_code == 302
