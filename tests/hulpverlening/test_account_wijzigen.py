"""Changing an account's e-mail or password from an unlocked phone: the finding of
issue 19.2 (add an address without the password, reset the password to it, log in)."""

import time

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from ..conftest import WACHTWOORD
from ..mfa_helpers import aanmelden

RECORDS = "account_authentication_methods"


def _lang_geleden_aangemeld(client) -> None:
    """The session of someone who logged in an hour ago and left the phone unlocked."""
    session = client.session
    session[RECORDS] = [dict(r, at=time.time() - 3600) for r in session[RECORDS]]
    session.save()


def _adres_toevoegen(client, adres="overname@example.net"):
    return client.post(reverse("account_email"), {"action_add": "", "email": adres})


def test_a_volunteer_cannot_change_the_e_mail_the_coordinator_manages(client, vrijwilliger):
    aanmelden(client, vrijwilliger)
    pagina = client.get(reverse("account_email"))
    assert pagina.status_code == 403
    assert "Vraag het aan uw coördinator" in pagina.content.decode()
    assert _adres_toevoegen(client).status_code == 403
    assert not EmailAddress.objects.filter(email="overname@example.net").exists()


def test_a_volunteer_who_is_also_coordinator_elsewhere_keeps_the_page(client, wereld, vrijwilliger):
    from hulpverlening.models import Lidmaatschap, Rol

    Lidmaatschap.objects.create(
        user=vrijwilliger, organisatie=wereld.initiatief_b, rol=Rol.COORDINATOR
    )
    aanmelden(client, vrijwilliger)
    assert client.get(reverse("account_email")).status_code == 200


def test_staff_cannot_add_an_unverified_address_next_to_their_second_factor(client, coordinator):
    aanmelden(client, coordinator)
    response = _adres_toevoegen(client)
    assert "tweestapsverificatie" in response.content.decode()
    assert not EmailAddress.objects.filter(email="overname@example.net").exists()
    # The takeover's next step finds no such address on the account: no reset link.
    client.logout()
    client.post(reverse("account_reset_password"), {"email": "overname@example.net"})
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


def _tweede_adres(user) -> EmailAddress:
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    return EmailAddress.objects.create(user=user, email="nieuw@example.org", verified=True)


def test_moving_the_account_to_another_address_on_an_old_session_asks_the_password(
    client, coordinator
):
    _tweede_adres(coordinator)
    aanmelden(client, coordinator)
    _lang_geleden_aangemeld(client)
    response = client.post(
        reverse("account_email"), {"action_primary": "", "email": "nieuw@example.org"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert EmailAddress.objects.get(user=coordinator, primary=True).email == coordinator.email


def test_after_the_password_the_address_moves_and_the_old_one_is_told(client, coordinator):
    _tweede_adres(coordinator)
    aanmelden(client, coordinator)
    _lang_geleden_aangemeld(client)
    client.post(reverse("account_reauthenticate"), {"password": WACHTWOORD})
    response = client.post(
        reverse("account_email"), {"action_primary": "", "email": "nieuw@example.org"}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=coordinator, primary=True).email == "nieuw@example.org"
    (bericht,) = mail.outbox
    assert bericht.to == [coordinator.email]
    assert "nieuw@example.org" in bericht.body


def test_a_changed_password_is_told_to_the_account_address(client, coordinator):
    aanmelden(client, coordinator)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": WACHTWOORD,
            "password1": "een-nieuw-lang-wachtwoord-42",
            "password2": "een-nieuw-lang-wachtwoord-42",
        },
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


@pytest.mark.parametrize("oud", ["", "fout"])
def test_the_password_cannot_change_without_the_old_one(client, vrijwilliger, oud):
    aanmelden(client, vrijwilliger)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": oud,
            "password1": "x-nieuw-wachtwoord-42",
            "password2": "x-nieuw-wachtwoord-42",
        },
    )
    assert response.status_code == 200
    vrijwilliger.refresh_from_db()
    assert vrijwilliger.check_password(WACHTWOORD)
    assert not mail.outbox
