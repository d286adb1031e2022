"""Login hardening: brute-force cooloff, no user enumeration, password reset, sessions, CSP."""

import re
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from .conftest import WACHTWOORD
from .mfa_helpers import aanmelden, geef_app, totp_code

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TE_VEEL = "Te veel inlogpogingen"


@pytest.fixture(autouse=True)
def _lege_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, login, wachtwoord, ip="10.0.0.1"):
    return client.post(
        reverse("account_login"), {"login": login, "password": wachtwoord}, REMOTE_ADDR=ip
    )


# --- brute force ---------------------------------------------------------------


def test_five_wrong_passwords_give_a_cooloff_that_ends_after_five_minutes(client, vrijwilliger):
    for _ in range(5):
        assert TE_VEEL not in _login(client, "vrijwilliger_a", "fout").content.decode()
    geblokkeerd = _login(client, "vrijwilliger_a", WACHTWOORD)
    assert geblokkeerd.status_code == 200
    assert TE_VEEL in geblokkeerd.content.decode()

    later = time.time() + 5 * 60 + 1
    with mock.patch("allauth.core.internal.ratelimit.time.time", return_value=later):
        response = _login(client, "vrijwilliger_a", WACHTWOORD)
    assert response.status_code == 302


def test_someone_elsewhere_cannot_lock_a_volunteer_out(client, vrijwilliger):
    """The count is per address and account: the guesser's cooloff is not the volunteer's."""
    from django.test import Client

    for _ in range(6):
        _login(client, "vrijwilliger_a", "fout", ip="203.0.113.9")
    assert TE_VEEL in _login(client, "vrijwilliger_a", "fout", ip="203.0.113.9").content.decode()

    aan_de_balie = Client()
    response = _login(aan_de_balie, "vrijwilliger_a", WACHTWOORD, ip="198.51.100.20")
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_one_address_guessing_many_accounts_is_stopped_too(client, db):
    for nummer in range(10):
        _login(client, f"iemand{nummer}", "fout", ip="203.0.113.10")
    assert TE_VEEL in _login(client, "nog_iemand", "fout", ip="203.0.113.10").content.decode()


def test_wrong_codes_in_the_second_step_are_limited_too(client, coordinator):
    geef_app(coordinator)
    _login(client, "coordinator_a", WACHTWOORD)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(
        reverse("mfa_authenticate"), {"code": totp_code()}, REMOTE_ADDR="10.0.0.1"
    )
    assert TE_VEEL in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


# --- enumeration -----------------------------------------------------------------


def test_login_answers_the_same_for_an_unknown_account_and_a_wrong_password(client, vrijwilliger):
    bestaand = _login(client, "vrijwilliger_a", "fout", ip="10.0.0.2")
    onbekend = _login(client, "niemand_hier", "fout", ip="10.0.0.3")
    assert bestaand.status_code == onbekend.status_code == 200

    def zonder_naam(response, naam):
        html = response.content.decode().replace(f'value="{naam}"', 'value=""')
        # CSRF tokens are masked afresh on every page.
        return re.sub(r'"X-CSRFToken": "\w+"|name="csrfmiddlewaretoken" value="\w+"', "", html)

    assert zonder_naam(bestaand, "vrijwilliger_a") == zonder_naam(onbekend, "niemand_hier")


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(client, vrijwilliger):
    url = reverse("account_reset_password")
    bestaand = client.post(url, {"email": "vrijwilliger_a@example.org"})
    onbekend = client.post(url, {"email": "niemand@example.org"})
    assert bestaand.status_code == onbekend.status_code == 302
    assert bestaand.url == onbekend.url
    # Only the owner of the address learns whether it has an account.
    assert [m.to for m in mail.outbox] == [["vrijwilliger_a@example.org"], ["niemand@example.org"]]


# --- password reset ----------------------------------------------------------------


def test_a_password_reset_does_not_log_in_nor_skip_the_second_step(client, coordinator):
    assert settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET is False
    geef_app(coordinator)
    client.post(reverse("account_reset_password"), {"email": "coordinator_a@example.org"})
    link = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+)", mail.outbox[0].body)
    formulier = client.get(link[1])
    assert formulier.status_code == 302
    nieuw = "Nieuw-wachtwoord-2026!"
    response = client.post(formulier.url, {"password1": nieuw, "password2": nieuw})
    assert response.url == reverse("account_reset_password_from_key_done")
    assert client.get(reverse("home")).url.startswith(reverse("account_login"))

    response = _login(client, "coordinator_a", nieuw)
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.get(reverse("home")).status_code == 200


# --- sessions and cookies ------------------------------------------------------------


def test_the_session_cookie_ends_with_the_browser_and_the_session_within_a_day(
    client, vrijwilliger
):
    _login(client, "vrijwilliger_a", WACHTWOORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"]
    assert client.session.get_expiry_age() <= 12 * 60 * 60


def test_guessing_the_admin_password_meets_the_same_limit(client, beheerder):
    """25 wrong passwords at /beheer/login/, then the right one, used to give /beheer/."""
    for _ in range(25):
        client.post("/beheer/login/", {"username": "beheerder", "password": "fout"})
    client.post("/beheer/login/", {"username": "beheerder", "password": WACHTWOORD})
    assert "_auth_user_id" not in client.session
    for _ in range(5):
        _login(client, "beheerder", "fout")
    assert TE_VEEL in _login(client, "beheerder", WACHTWOORD).content.decode()


# --- content security policy ----------------------------------------------------------------


def _csp(response) -> dict[str, list[str]]:
    regels = [deel.strip().split() for deel in response["Content-Security-Policy"].split(";")]
    return {regel[0]: regel[1:] for regel in regels if regel}


def test_pages_carry_a_strict_content_security_policy(client, vrijwilliger, moment_a):
    anoniem = _csp(client.get(reverse("account_login")))
    aanmelden(client, vrijwilliger)
    balie = _csp(client.get(reverse("balie", args=[moment_a.pk])))
    for beleid in (anoniem, balie):
        assert beleid["script-src"] == ["'self'"]
        assert beleid["style-src"] == ["'self'"]
        assert beleid["worker-src"] == ["'self'", "blob:"]
        assert beleid["connect-src"] == ["'self'"]
        assert beleid["img-src"] == ["'self'", "data:"]
        assert beleid["frame-ancestors"] == ["'none'"]
        assert beleid["object-src"] == ["'none'"]
        assert beleid["base-uri"] == ["'self'"]
        assert beleid["form-action"] == ["'self'"]
        assert beleid["manifest-src"] == ["'self'"]


def test_the_service_worker_and_the_json_api_carry_it_too(client, vrijwilliger):
    sw = client.get(reverse("pwa_service_worker"))
    assert _csp(sw)["script-src"] == ["'self'"]
    aanmelden(client, vrijwilliger)
    api = client.post(reverse("sync_api"), {"afhalingen": []}, content_type="application/json")
    assert "Content-Security-Policy" in api


def test_htmx_injects_no_indicator_style_and_evaluates_nothing(client):
    html = client.get(reverse("account_login")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html


def _browserpaginas() -> list[str]:
    # *_pdf.html is rendered by WeasyPrint, never by a browser.
    # TODO(500.html): its inline style is blocked; it stays readable unstyled.
    return sorted(
        str(pad.relative_to(TEMPLATES))
        for pad in TEMPLATES.rglob("*.html")
        if not pad.name.endswith("_pdf.html") and pad.name != "500.html"
    )


@pytest.mark.parametrize("sjabloon", _browserpaginas())
def test_no_template_needs_inline_scripts_or_styles(sjabloon):
    inhoud = (TEMPLATES / sjabloon).read_text()
    assert not re.search(r"\sstyle=", inhoud), "move the style to static/css/app.css"
    assert not re.search(r"<style", inhoud)
    assert not re.search(r"<[^>]*\son[a-z]+=[\"']", inhoud), "event handlers are inline scripts"
    for script in re.findall(r"<script[^>]*>", inhoud):
        assert "src=" in script or 'type="application/json"' in script, script


def test_the_camera_is_for_this_site_only_and_nothing_else_may_be_asked(client, db):
    beleid = client.get(reverse("account_login"))["Permissions-Policy"]
    regels = dict(deel.strip().split("=", 1) for deel in beleid.split(","))
    assert regels["camera"] == "(self)"
    assert regels["microphone"] == regels["geolocation"] == regels["payment"] == "()"
