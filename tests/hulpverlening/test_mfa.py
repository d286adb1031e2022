"""Two-factor authentication: required beyond the volunteer role, asked at every login."""

import json
import re
import uuid

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hulpverlening.mfa import (
    MFA_HERSTELCODE,
    MFA_INGESTELD,
    ZONDER_APP,
    MfaVerplichtMiddleware,
    mfa_vereist,
)
from hulpverlening.models import Auditregel, Lidmaatschap, Rol

from ..conftest import WACHTWOORD
from ..mfa_helpers import aanmelden, geef_app, totp_code

ROLLEN_MET_MFA = [
    "coordinator",
    "maatschappelijk_werker",
    "stadsmedewerker",
    "beleidsmedewerker",
    "beheerder",
]
ACTIVEREN = reverse("mfa_activate_totp")
TWEEDE_STAP = reverse("mfa_authenticate")


@pytest.fixture(autouse=True)
def _lege_cache():
    # Rate limits and used TOTP codes live in the cache, shared by all tests.
    cache.clear()
    yield
    cache.clear()


def _wachtwoord(client, user, **extra):
    return client.post(
        reverse("account_login"), {"login": user.username, "password": WACHTWOORD}, **extra
    )


def test_volunteer_logs_in_with_password_alone(client, vrijwilliger):
    response = _wachtwoord(client, vrijwilliger)
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("persona", ROLLEN_MET_MFA)
def test_every_role_beyond_volunteer_is_sent_to_set_up_an_app(request, client, persona):
    user = request.getfixturevalue(persona)
    _wachtwoord(client, user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == ACTIVEREN
    pagina = client.get(ACTIVEREN)
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "Tweestapsverificatie instellen" in html
    assert "gegevens van gezinnen" in html


def test_staff_without_membership_needs_an_app_too(client, django_user_model):
    user = django_user_model.objects.create_user("admin", password=WACHTWOORD, is_staff=True)
    assert mfa_vereist(user)
    client.force_login(user)
    assert client.get("/beheer/").url == ACTIVEREN


def test_an_inactive_staff_membership_does_not_count(wereld, vrijwilliger):
    Lidmaatschap.objects.create(
        user=vrijwilliger, organisatie=wereld.initiatief_b, rol=Rol.COORDINATOR, actief=False
    )
    assert not mfa_vereist(vrijwilliger)


# allauth announces the new app on commit, and the session must hear of it
# within the same request, as it does outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_setting_up_the_app_lets_the_coordinator_in_without_a_second_code(client, coordinator):
    _wachtwoord(client, coordinator)
    client.get(ACTIVEREN)
    geheim = client.session[SECRET_SESSION_KEY]
    assert client.post(ACTIVEREN, {"code": "123456"}).status_code == 200  # wrong code
    response = client.post(ACTIVEREN, {"code": totp_code(geheim)})
    assert response.url == reverse("mfa_view_recovery_codes")
    codes = client.get(response.url)
    assert codes.status_code == 200
    assert "Herstelcodes" in codes.content.decode()
    assert client.get(reverse("home")).status_code == 200
    assert Auditregel.objects.filter(actie=MFA_INGESTELD, user_id=coordinator.pk).exists()


def test_login_with_an_app_asks_for_the_code_after_the_password(client, coordinator):
    """Password → second-step page → code from the app → logged in."""
    geef_app(coordinator)
    response = _wachtwoord(client, coordinator)
    assert response.url == TWEEDE_STAP
    pagina = client.get(TWEEDE_STAP).content.decode()
    assert "code uit uw app" in pagina
    # Not logged in yet: the start page still wants a login.
    assert client.get(reverse("home")).url.startswith(reverse("account_login"))

    fout = client.post(TWEEDE_STAP, {"code": "000000"})
    assert "Ongeldige code" in fout.content.decode()
    response = client.post(TWEEDE_STAP, {"code": totp_code()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    mislukt = Auditregel.objects.get(actie=Auditregel.Actie.AANMELDING_MISLUKT)
    assert mislukt.user_id == coordinator.pk


def test_a_recovery_code_logs_in_when_the_phone_is_lost_and_leaves_a_trace(client, coordinator):
    geef_app(coordinator)
    code = RecoveryCodes.activate(coordinator).get_unused_codes()[0]
    _wachtwoord(client, coordinator)
    client.post(TWEEDE_STAP, {"code": code})
    assert client.get(reverse("home")).status_code == 200
    assert Auditregel.objects.filter(actie=MFA_HERSTELCODE, user_id=coordinator.pk).exists()


def test_the_admin_login_is_the_sites_login_with_its_second_step(client, beheerder):
    """Django's admin login counted no failures and knew no second step: it now sends
    everyone to allauth's login, which does both, and back to the admin after the code."""
    geef_app(beheerder)
    naar_admin_login = client.get("/beheer/")
    assert naar_admin_login.url.startswith("/beheer/login/")
    naar_login = client.get(naar_admin_login.url)
    assert naar_login.url == f"{reverse('account_login')}?next=%2Fbeheer%2F"
    # A password posted to the old form logs nobody in.
    client.post("/beheer/login/?next=/beheer/", {"username": "beheerder", "password": WACHTWOORD})
    assert client.get("/beheer/").status_code == 302

    response = client.post(
        reverse("account_login"),
        {"login": "beheerder", "password": WACHTWOORD, "next": "/beheer/"},
    )
    assert response.url == TWEEDE_STAP
    response = client.post(TWEEDE_STAP, {"code": totp_code()})
    assert response.url == "/beheer/"
    assert client.get("/beheer/").status_code == 200


def test_a_logged_in_user_without_admin_rights_gets_a_refusal_not_a_loop(als, coordinator):
    client = als(coordinator)
    assert client.get("/beheer/login/?next=/beheer/").status_code == 403


def test_staff_cannot_switch_their_app_off(client, coordinator):
    aanmelden(client, coordinator)
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert "verplicht" in response.content.decode()
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()


def test_the_desk_sync_api_answers_json_401_to_staff_without_app(client, coordinator, moment_a):
    """The outbox keeps its queue on 401 and asks for a login; no HTML redirect."""
    client.force_login(coordinator)
    response = client.post(reverse("sync_api"), {"afhalingen": []}, content_type="application/json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "tweestapsverificatie" in json.loads(response.content)["fout"]
    rooster = client.get(
        reverse("rooster", args=[moment_a.pk]), headers={"accept": "application/json"}
    )
    assert rooster.status_code == 401


def test_htmx_requests_are_sent_to_the_setup_page_as_a_whole_page(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("gezin_lijst"), headers={"hx-request": "true"})
    assert response["HX-Redirect"] == ACTIVEREN


def test_volunteers_desk_is_untouched(client, vrijwilliger, moment_a):
    client.force_login(vrijwilliger)
    response = client.post(reverse("sync_api"), {"afhalingen": []}, content_type="application/json")
    assert response.status_code == 200


def _voorbeeldpaden():
    """Every URL pattern of the project with made-up arguments, and its name."""
    waarden = {"int": "1", "uuid": str(uuid.uuid4()), "slug": "x", "str": "x", "path": "x"}

    def walk(resolver, prefix=""):
        for patroon in resolver.url_patterns:
            pad = prefix + str(patroon.pattern)
            if isinstance(patroon, URLResolver):
                yield from walk(patroon, pad)
            elif isinstance(patroon, URLPattern):
                pad = re.sub(r"<(?:(\w+):)?\w+>", lambda m: waarden[m.group(1) or "str"], pad)
                if "(" not in pad and "\\" not in pad:  # admin's regex routes
                    yield patroon.name, "/" + pad.lstrip("^").rstrip("$")

    return sorted(set(walk(get_resolver())), key=lambda item: item[1])


def test_before_the_app_is_set_up_only_login_logout_pwa_and_setup_are_reachable(coordinator):
    """Covers every URL, also those added later, without knowing what they need."""
    middleware = MfaVerplichtMiddleware(lambda request: HttpResponse("doorgelaten"))
    factory = RequestFactory()
    paden = _voorbeeldpaden()
    assert len(paden) > 50
    open_ = set()
    for naam, pad in paden:
        request = factory.get(pad)
        request.user = coordinator
        request.session = {}
        request.htmx = False
        if middleware(request).status_code == 200:
            open_.add(naam)
    assert open_ <= ZONDER_APP
    assert {
        "mfa_activate_totp",
        "account_logout",
        "pwa_service_worker",
        "javascript_catalog",
    } <= open_
