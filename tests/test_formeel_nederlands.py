"""allauth's pages, errors, messages and e-mails say "u", like the rest of the app.

allauth's own Dutch says "je"; locale/nl/LC_MESSAGES/django.po overrides it.
"""

import gettext
import re
from pathlib import Path

import allauth
import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from .conftest import WACHTWOORD
from .mfa_helpers import aanmelden, geef_app
from .zichtbaar import zichtbare_tekst

INFORMEEL = re.compile(r"\b(je|jij|jouw|jou|jezelf)\b", re.IGNORECASE)
NIEUW = "Nieuw-wachtwoord-2026!"


def assert_formeel(response, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    tekst = zichtbare_tekst(response.content.decode())
    assert not INFORMEEL.findall(tekst), tekst
    return tekst


@pytest.fixture(autouse=True)
def _lege_cache():
    # Rate limits live in the cache, shared by all tests.
    cache.clear()
    yield
    cache.clear()


def _resetlink(client, email: str) -> str:
    client.post(reverse("account_reset_password"), {"email": email})
    return re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+)", mail.outbox[-1].body)[1]


def test_every_dutch_string_of_allauth_says_u():
    """Also the pages this project does not show today: a setting could switch them on."""
    mo = Path(allauth.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as bestand:
        msgids = gettext.GNUTranslations(bestand)._catalog
    informeel = []
    with translation.override("nl-be"):
        for sleutel in msgids:
            if isinstance(sleutel, tuple):
                msgid, vorm = sleutel
                tekst = translation.ngettext(msgid, msgid, 1 if vorm == 0 else 2)
            elif sleutel:
                tekst = translation.gettext(sleutel)
            else:
                continue
            if INFORMEEL.search(tekst):
                informeel.append(tekst)
    assert informeel == []


@pytest.mark.parametrize(
    "url",
    [
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "verlopen"}),
        reverse("account_reset_password_from_key_done"),
        reverse("account_signup"),
    ],
)
def test_password_reset_pages_say_u(client, db, url):
    assert_formeel(client.get(url))


def test_an_invalid_reset_link_says_what_to_do(client, db):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "verlopen"})
    tekst = assert_formeel(client.get(url))
    assert "Vraag een nieuwe link aan" in tekst


def test_choosing_a_new_password_from_the_mail_says_u(client, vrijwilliger):
    formulier = client.get(_resetlink(client, vrijwilliger.email), follow=True)
    assert_formeel(formulier)
    url = formulier.redirect_chain[-1][0]
    fout = client.post(url, {"password1": NIEUW, "password2": NIEUW + "x"})
    assert "Typ twee keer hetzelfde wachtwoord." in assert_formeel(fout)
    klaar = client.post(url, {"password1": NIEUW, "password2": NIEUW}, follow=True)
    assert "Meld u nu aan met uw nieuwe wachtwoord." in assert_formeel(klaar)


def test_reset_mails_say_u_and_offer_no_sign_up(client, vrijwilliger):
    client.post(reverse("account_reset_password"), {"email": vrijwilliger.email})
    client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    bekend, onbekend = mail.outbox
    for bericht in (bekend, onbekend):
        assert not INFORMEEL.findall(bericht.subject + bericht.body), bericht.body
    assert f"Uw gebruikersnaam is {vrijwilliger.username}." in bekend.body
    assert reverse("account_signup") not in onbekend.body
    assert "coördinator" in onbekend.body
    for bericht in (bekend, onbekend):
        assert bericht.body.startswith("Beste,")
        assert "Met vriendelijke groeten,\nMateriële hulp Gent" in bericht.body


def test_too_many_reset_requests_get_a_dutch_page(client, db):
    for _ in range(5):
        client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    response = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    assert response.status_code == 429
    assert "Wacht een paar minuten" in zichtbare_tekst(response.content.decode())


def test_a_wrong_password_at_login_says_u(client, vrijwilliger):
    response = client.post(
        reverse("account_login"), {"login": vrijwilliger.username, "password": "fout"}
    )
    assert "Gebruikersnaam of wachtwoord klopt niet." in assert_formeel(response)


def test_password_change_page_and_its_errors_say_u(client, vrijwilliger):
    aanmelden(client, vrijwilliger)
    url = reverse("account_change_password")
    assert_formeel(client.get(url))
    fout = client.post(url, {"oldpassword": "fout", "password1": "kort", "password2": "anders"})
    tekst = assert_formeel(fout)
    assert "Typ uw huidige wachtwoord." in tekst
    assert "Dit wachtwoord is te kort" in tekst


def test_the_message_after_a_password_change_says_u(client, vrijwilliger):
    aanmelden(client, vrijwilliger)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": WACHTWOORD, "password1": NIEUW, "password2": NIEUW},
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd." in assert_formeel(response)


def test_sign_out_and_email_pages_say_u(client, vrijwilliger, coordinator):
    aanmelden(client, vrijwilliger)
    assert "Wilt u zich afmelden?" in assert_formeel(client.get(reverse("account_logout")))
    # A volunteer's e-mail is kept by the coordinator; the refusal says so formally.
    geweigerd = assert_formeel(client.get(reverse("account_email")), status=403)
    assert "Vraag het aan uw coördinator" in geweigerd
    client.logout()
    aanmelden(client, coordinator)
    assert_formeel(client.get(reverse("account_email")))


def test_setting_up_the_app_says_u(client, coordinator):
    client.post(reverse("account_login"), {"login": coordinator.username, "password": WACHTWOORD})
    url = reverse("mfa_activate_totp")
    assert_formeel(client.get(url))
    assert client.session[SECRET_SESSION_KEY]
    assert_formeel(client.post(url, {"code": "000000"}))


def test_the_code_page_says_u(client, coordinator):
    geef_app(coordinator)
    client.post(reverse("account_login"), {"login": coordinator.username, "password": WACHTWOORD})
    url = reverse("mfa_authenticate")
    assert_formeel(client.get(url))
    assert_formeel(client.post(url, {"code": "000000"}))


def test_cancel_on_the_new_password_form_looks_secondary(client, vrijwilliger):
    formulier = client.get(_resetlink(client, vrijwilliger.email), follow=True)
    html = formulier.content.decode()
    assert 'form="logout-from-stage"' in html
    knop = html[html.index('form="logout-from-stage"') - 20 : html.index("Annuleren")]
    assert 'class="secundair"' in knop


def test_djangos_empty_choice_of_a_select_is_dutch():
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("nl-be"):
        assert str(BLANK_CHOICE_LABEL) == "- Kies -"
