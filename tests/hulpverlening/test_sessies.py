"""Sessions and devices (issue 19.7): idle limits, the end of the shift, signing out from afar."""

import time
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hulpverlening.models import Afhaalmoment, Auditregel, Rol, Sessie

from ..conftest import maak_gebruiker
from ..mfa_helpers import aanmelden


def _over(seconden: float):
    return mock.patch("hulpverlening.sessies.time.time", return_value=time.time() + seconden)


def _aangemeld(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_a_staff_session_ends_after_thirty_idle_minutes(client, coordinator):
    aanmelden(client, coordinator)
    with _over(29 * 60):
        assert _aangemeld(client)
    with _over(29 * 60 + 31 * 60):
        antwoord = client.get(reverse("home"), follow=True)
    assert antwoord.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "30 minuten niet actief" in antwoord.content.decode()
    assert not Sessie.objects.filter(user=coordinator).exists()


def test_activity_keeps_a_staff_session_alive(client, coordinator):
    aanmelden(client, coordinator)
    for stap in range(1, 5):
        with _over(stap * 20 * 60):
            assert _aangemeld(client), stap


@pytest.fixture(autouse=True)
def _middag(op_een_woensdag):
    """A moment ending in 200 minutes must end today: the clock is at 14:00."""


def _moment_dat_eindigt_over(wereld, minuten: int) -> Afhaalmoment:
    nu = timezone.localtime()
    einde = (nu + timedelta(minutes=minuten)).time()
    begin = (datetime.combine(nu.date(), einde) - timedelta(hours=1)).time()
    assert begin < einde and einde > nu.time(), "the frozen clock keeps the moment on one day"
    locatie = wereld.initiatief_a.locaties.create(naam="Zaal", postcode="9000")
    return Afhaalmoment.objects.create(
        locatie=locatie, weekdag=nu.weekday(), start=begin, einde=einde, capaciteit=10
    )


def test_a_volunteer_is_signed_out_half_an_hour_after_the_moment_ends(client, wereld, vrijwilliger):
    moment = _moment_dat_eindigt_over(wereld, 10)
    aanmelden(client, vrijwilliger)
    assert client.get(reverse("balie", args=[moment.pk])).status_code == 200
    with _over(10 * 60 + 29 * 60):
        assert _aangemeld(client)
    with _over(10 * 60 + 31 * 60):
        antwoord = client.get(reverse("home"), follow=True)
    assert "Het afhaalmoment is voorbij" in antwoord.content.decode()


def test_a_volunteer_at_the_desk_is_not_cut_off_during_a_long_quiet_spell(
    client, wereld, vrijwilliger
):
    moment = _moment_dat_eindigt_over(wereld, 200)
    aanmelden(client, vrijwilliger)
    client.get(reverse("balie", args=[moment.pk]))
    with _over(180 * 60):
        assert _aangemeld(client)


def test_a_volunteer_who_opened_no_desk_is_signed_out_after_two_idle_hours(client, vrijwilliger):
    aanmelden(client, vrijwilliger)
    with _over(119 * 60):
        assert _aangemeld(client)
    with _over(119 * 60 + 121 * 60):
        assert not _aangemeld(client)


def test_a_coordinator_signs_a_volunteer_out_on_every_device(als, coordinator, vrijwilliger):
    gsm, tablet = Client(), Client()
    aanmelden(gsm, vrijwilliger)
    aanmelden(tablet, vrijwilliger)
    assert Sessie.objects.filter(user=vrijwilliger).count() == 2

    beheer = als(coordinator)
    lijst = beheer.get(reverse("vrijwilligers")).content.decode()
    assert "Aangemeld op 2 toestellen" in lijst
    antwoord = beheer.post(reverse("vrijwilliger_afmelden", args=[vrijwilliger.pk]), follow=True)
    assert "afgemeld op 2 toestellen" in antwoord.content.decode()

    assert not _aangemeld(gsm) and not _aangemeld(tablet)
    assert not Sessie.objects.filter(user=vrijwilliger).exists()
    regel = Auditregel.objects.get(actie=Auditregel.Actie.OP_AFSTAND_AFGEMELD)
    assert regel.user_id == coordinator.pk and str(vrijwilliger.pk) in regel.waar
    assert _aangemeld(beheer)


def test_only_volunteers_of_the_own_organisation_can_be_signed_out(
    als, wereld, coordinator, coordinator_b, vrijwilliger
):
    andere = als(coordinator_b)
    url = reverse("vrijwilliger_afmelden", args=[vrijwilliger.pk])
    assert andere.post(url).status_code == 404
    assert "vrijwilliger_a" not in andere.get(reverse("vrijwilligers")).content.decode()
    collega = maak_gebruiker("coordinator_a2", wereld.initiatief_a, Rol.COORDINATOR)
    beheer = als(coordinator)
    assert beheer.post(reverse("vrijwilliger_afmelden", args=[collega.pk])).status_code == 404


def test_a_volunteer_cannot_open_the_volunteers_page(als, vrijwilliger):
    assert als(vrijwilliger).get(reverse("vrijwilligers")).status_code == 403


def test_logging_out_removes_the_device_from_the_list(client, vrijwilliger):
    aanmelden(client, vrijwilliger)
    client.post(reverse("account_logout"))
    assert not Sessie.objects.filter(user=vrijwilliger).exists()


def test_personal_pages_are_never_stored_by_the_browser(als, coordinator, gezin_a):
    client = als(coordinator)
    for url in (gezin_a.get_absolute_url(), reverse("gezin_lijst"), reverse("home")):
        cache = client.get(url)["Cache-Control"]
        assert "no-store" in cache and "private" in cache, url


def test_a_nul_byte_in_the_address_is_a_404_not_a_500(client, db):
    for pad in ("/%00", "/gezinnen/%00/", "/account/login/%00"):
        assert client.get(pad).status_code == 404, pad


ANDROID = (
    "Mozilla/5.0 (Linux; Android 13; SM-A515F) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
)


def _kies(client, lidmaatschap) -> None:
    client.post(reverse("kies_organisatie"), {"lidmaatschap": lidmaatschap.pk})


def test_a_volunteer_working_elsewhere_is_not_seen_or_signed_out_by_this_coordinator(
    als, wereld, coordinator, coordinator_b, vrijwilliger
):
    from hulpverlening.models import Lidmaatschap

    hier = Lidmaatschap.objects.get(user=vrijwilliger)
    elders = Lidmaatschap.objects.create(
        user=vrijwilliger, organisatie=wereld.initiatief_b, rol=Rol.VRIJWILLIGER
    )
    gsm_a, gsm_b = Client(HTTP_USER_AGENT=ANDROID), Client()
    aanmelden(gsm_a, vrijwilliger)
    _kies(gsm_a, hier)
    aanmelden(gsm_b, vrijwilliger)
    _kies(gsm_b, elders)

    lijst_a = als(coordinator).get(reverse("vrijwilligers")).content.decode()
    assert "Aangemeld op 1 toestel" in lijst_a
    lijst_b = als(coordinator_b).get(reverse("vrijwilligers")).content.decode()
    assert "Aangemeld op 1 toestel" in lijst_b

    antwoord = als(coordinator_b).post(
        reverse("vrijwilliger_afmelden", args=[vrijwilliger.pk]), follow=True
    )
    assert "afgemeld op 1 toestel" in antwoord.content.decode()
    assert not _aangemeld(gsm_b)
    assert _aangemeld(gsm_a)


def test_switching_organisation_moves_the_device_to_the_other_list_at_once(
    als, wereld, coordinator, vrijwilliger
):
    from hulpverlening.models import Lidmaatschap

    hier = Lidmaatschap.objects.get(user=vrijwilliger)
    elders = Lidmaatschap.objects.create(
        user=vrijwilliger, organisatie=wereld.initiatief_b, rol=Rol.VRIJWILLIGER
    )
    gsm = Client()
    aanmelden(gsm, vrijwilliger)
    _kies(gsm, hier)
    assert Sessie.objects.get(user=vrijwilliger).organisatie == wereld.initiatief_a
    _kies(gsm, elders)
    assert Sessie.objects.get(user=vrijwilliger).organisatie == wereld.initiatief_b
    assert "Nergens aangemeld." in als(coordinator).get(reverse("vrijwilligers")).content.decode()


def test_a_session_that_ended_by_itself_is_not_listed_and_is_cleaned_up(
    als, coordinator, vrijwilliger
):
    from hulpverlening import sessies

    gsm = Client()
    aanmelden(gsm, vrijwilliger)
    sessie = Sessie.objects.get(user=vrijwilliger)
    assert sessie.geldig_tot > timezone.now() + timedelta(minutes=110)
    Sessie.objects.filter(pk=sessie.pk).update(geldig_tot=timezone.now() - timedelta(minutes=1))
    assert "Nergens aangemeld." in als(coordinator).get(reverse("vrijwilligers")).content.decode()
    assert sessies.opruimen() >= 1
    assert not Sessie.objects.filter(pk=sessie.pk).exists()


def test_the_desk_of_a_moment_extends_the_session_to_the_end_of_the_moment(
    client, wereld, vrijwilliger
):
    moment = _moment_dat_eindigt_over(wereld, 200)
    aanmelden(client, vrijwilliger)
    client.get(reverse("balie", args=[moment.pk]))
    tot = Sessie.objects.get(user=vrijwilliger).geldig_tot
    assert tot > timezone.now() + timedelta(minutes=200 + 25)


def test_a_device_is_named_as_its_owner_knows_it(als, coordinator, vrijwilliger):
    from ..conftest import WACHTWOORD

    gsm = Client(HTTP_USER_AGENT=ANDROID)
    gsm.post(reverse("account_login"), {"login": vrijwilliger.username, "password": WACHTWOORD})
    lijst = als(coordinator).get(reverse("vrijwilligers")).content.decode()
    assert "Chrome Mobile op Android 13 · Samsung SM-A515F" in lijst
    assert "Mozilla/5.0" not in lijst


def test_signing_out_asks_for_confirmation_first(als, coordinator, vrijwilliger):
    aanmelden(Client(), vrijwilliger)
    lijst = als(coordinator).get(reverse("vrijwilligers")).content.decode()
    assert '<details class="bevestigen">' in lijst
    assert "Ja, nu afmelden" in lijst
