# ruff: noqa: F811 - pytest fixtures are imported and then named as parameters
"""CSRF on every state-changing request, generated from the URL configuration.

- Every view in tests/test_toegangsmatrix.py's MATRIX (so every view of the
  project: that test fails on a view missing from MATRIX) refuses a POST
  without a CSRF token from a logged-in user of a role that may use it, and a
  POST whose Origin is another site; the same POST with the token gets past.
- Every other URL (allauth's login, logout, password and MFA pages, the admin,
  the PWA files) refuses a POST without a token, logged in or not.
- No view is csrf_exempt, except the bearer-token APIs listed in TOKEN_APIS,
  and those ignore the session cookie, so a forged cross-site POST carrying
  someone's cookie gets nowhere.
- Actions that change something answer GET with 405, and GET does not log out.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from hulpverlening.models import Rol

from .conftest import maak_gebruiker
from .kwaadaardig import (  # noqa: F401 - pdf_html, sweep are fixtures
    ROLVOORKEUR,
    aanmelden,
    pdf_html,
    project_apps,
    sweep,
)
from .test_toegangsmatrix import MATRIX, _url, werelden  # noqa: F401

# csrf_exempt views and why that is safe: they authenticate by a bearer token only.
TOKEN_APIS = {"import_api": "Authorization: Bearer <API-sleutel>, never the session cookie"}

ANDERE_SITE = "https://aanvaller.example"

# Reference data a GET may create once, the first time it is needed (idempotent).
LUIE_STANDAARDEN = {
    "doorverwijzing.Rechtenvraag": "a municipality's default rights-check questions",
}


def _alle_patronen():
    """(path, pattern, name to reverse, with its namespace) for every URL."""

    def walk(resolver, prefix="", namespace=""):
        for patroon in resolver.url_patterns:
            pad = prefix + str(patroon.pattern)
            if isinstance(patroon, URLResolver):
                ns = f"{namespace}{patroon.namespace}:" if patroon.namespace else namespace
                yield from walk(patroon, pad, ns)
            elif isinstance(patroon, URLPattern):
                yield pad, patroon, f"{namespace}{patroon.name}" if patroon.name else None

    return list(walk(get_resolver()))


def _post(client, naam, url, regel_data, **extra):
    if naam in ("sync_api", "sync_bekend"):
        return client.post(url, regel_data, content_type="application/json", **extra)
    return client.post(url, regel_data, **extra)


def _csrf_client(wereld, naam):
    regel = MATRIX[naam]
    rol = next(r for r in ROLVOORKEUR if r in regel.rollen)
    bij = getattr(wereld, getattr(regel, "bij", "initiatief_a"))
    client = aanmelden(
        Client(enforce_csrf_checks=True), maak_gebruiker(f"csrf_{naam[:20]}", bij, rol)
    )
    client.get(reverse("home"))  # a page with a form: sets the CSRF cookie
    return regel, client


def _csrf_fouten(naam, wereld, werelden) -> list[str]:
    regel, client = _csrf_client(wereld, naam)
    url = _url(naam, regel, werelden["eigen"])
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    fouten = []

    zonder = _post(client, naam, url, regel.data)
    if zonder.status_code != 403 or b"CSRF" not in zonder.content:
        fouten.append(f"POST {url} without token: {zonder.status_code}")
    vreemd = _post(client, naam, url, regel.data, HTTP_X_CSRFTOKEN=token, HTTP_ORIGIN=ANDERE_SITE)
    if vreemd.status_code != 403:
        fouten.append(f"POST {url} from {ANDERE_SITE}: {vreemd.status_code}")
    vals = _post(client, naam, url, regel.data, HTTP_X_CSRFTOKEN="x" * 32)
    if vals.status_code != 403:
        fouten.append(f"POST {url} with a made-up token: {vals.status_code}")

    # The control: with the token the same request is not a CSRF refusal.
    met = _post(client, naam, url, regel.data, HTTP_X_CSRFTOKEN=token)
    if met.status_code == 403 and b"CSRF" in met.content:
        fouten.append(f"POST {url} with the token: refused")
    elif regel.methode == "POST" and met.status_code not in regel.ok:
        fouten.append(f"POST {url} with the token: {met.status_code}, expected {set(regel.ok)}")
    return fouten


def test_post_without_csrf_token_is_refused_for_an_allowed_role(wereld, werelden):
    """Every view in MATRIX, by a user whose role may use it."""
    fouten = []
    for naam in sorted(set(MATRIX) - set(TOKEN_APIS)):
        with transaction.atomic():
            fouten += _csrf_fouten(naam, wereld, werelden)
            transaction.set_rollback(True)
    assert not fouten, "\n".join(fouten)


def _zonder_argumenten():
    """Named URLs outside MATRIX that need no arguments (allauth, admin, PWA)."""
    namen = set()
    for _, _, naam in _alle_patronen():
        if naam and naam not in MATRIX:
            try:
                reverse(naam)
            except NoReverseMatch:
                continue
            namen.add(naam)
    return sorted(namen)


def test_every_other_url_refuses_a_post_without_token(wereld):
    """allauth (login, logout, password, MFA), the admin and the PWA files."""
    anoniem = Client(enforce_csrf_checks=True)
    ingelogd = aanmelden(
        Client(enforce_csrf_checks=True), maak_gebruiker("csrf_beheer", wereld.stad, Rol.BEHEERDER)
    )
    namen = _zonder_argumenten()
    assert {"account_login", "account_logout", "account_change_password"} <= set(namen)
    fouten = []
    for naam in namen:
        if naam in TOKEN_APIS:
            continue
        for wie, client in (("anoniem", anoniem), ("ingelogd", ingelogd)):
            response = client.post(reverse(naam), {"login": "x", "password": "y"})
            if response.status_code != 403:
                fouten.append(f"{wie} POST {reverse(naam)}: {response.status_code}")
    assert not fouten, "\n".join(fouten)


def test_no_view_skips_the_csrf_check_except_the_token_apis():
    vrij = {
        naam or pad
        for pad, patroon, naam in _alle_patronen()
        if getattr(patroon.callback, "csrf_exempt", False)
    }
    assert vrij <= set(TOKEN_APIS), (
        f"csrf_exempt without a reason in TOKEN_APIS: {vrij - set(TOKEN_APIS)}"
    )


@pytest.mark.parametrize("naam", sorted(TOKEN_APIS))
def test_token_apis_ignore_the_session_cookie(naam, wereld):
    try:
        url = reverse(naam)
    except NoReverseMatch:
        pytest.skip(f"{naam} is not in the URL configuration (yet)")
    for rol, bij in (
        (Rol.MAATSCHAPPELIJK_WERKER, wereld.sociale_dienst),
        (Rol.BEHEERDER, wereld.stad),
    ):
        client = aanmelden(Client(enforce_csrf_checks=True), maak_gebruiker(f"tok_{rol}", bij, rol))
        response = client.post(url, "{}", content_type="application/json", HTTP_ORIGIN=ANDERE_SITE)
        assert response.status_code in (401, 403), (
            f"{rol}: a cookie alone got {response.status_code}"
        )


def _toestand() -> dict:
    """Every row of every project model except the append-only audit log."""
    toestand = {}
    for config in project_apps():
        for model in config.get_models():
            if model._meta.label in ("hulpverlening.Auditregel", *LUIE_STANDAARDEN):
                continue
            toestand[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return toestand


def test_get_changes_nothing_and_actions_need_post(sweep):
    """GET on any view leaves every table as it was; action URLs answer GET with 405
    or with a page that asks to confirm (like erasing a household)."""
    fouten = []
    for naam, regel in sorted(MATRIX.items()):
        _, client, url = sweep(naam)
        voor = _toestand()
        response = client.get(url)
        na = _toestand()
        veranderd = [label for label in voor if voor[label] != na.get(label)]
        if veranderd:
            fouten.append(f"GET {url} changed {veranderd}")
        # A redirect back to the page the action belongs to is fine too (the desk's
        # panel goes back to the desk), as long as it is not to the login page.
        terug = response.status_code == 302 and "/account/login/" not in response["Location"]
        if (
            regel.methode == "POST"
            and naam not in TOKEN_APIS
            and response.status_code not in (200, 405)
            and not terug
        ):
            fouten.append(f"GET {url}: {response.status_code}")
    assert not fouten, "\n".join(fouten)


def test_logout_needs_a_post(wereld, vrijwilliger):
    client = aanmelden(Client(enforce_csrf_checks=True), vrijwilliger)
    client.get(reverse("account_logout"))
    assert client.get(reverse("home")).status_code == 200  # still logged in
    assert client.post(reverse("account_logout")).status_code == 403  # and POST needs the token
