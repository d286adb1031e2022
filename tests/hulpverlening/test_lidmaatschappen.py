"""Memberships are read once per session and read again after any change (lidmaatschappen.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hulpverlening.lidmaatschappen import SESSIE_SLEUTEL, uit_database
from hulpverlening.models import Lidmaatschap, Rol

from ..conftest import maak_gebruiker


def _lidmaatschap_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as gezien:
        client.get(url)
    tabel = Lidmaatschap._meta.db_table
    return [q["sql"] for q in gezien.captured_queries if tabel in q["sql"]]


def test_only_active_memberships_of_active_organisations_are_read(wereld, vrijwilliger):
    Lidmaatschap.objects.create(
        user=vrijwilliger, organisatie=wereld.initiatief_b, rol=Rol.COORDINATOR
    )
    Lidmaatschap.objects.create(
        user=vrijwilliger, organisatie=wereld.sociale_dienst, rol=Rol.VRIJWILLIGER, actief=False
    )
    wereld.initiatief_eeklo.actief = False
    wereld.initiatief_eeklo.save()
    Lidmaatschap.objects.create(
        user=vrijwilliger, organisatie=wereld.initiatief_eeklo, rol=Rol.VRIJWILLIGER
    )

    gelezen = uit_database(vrijwilliger)

    assert [lid.organisatie for lid in gelezen] == [wereld.initiatief_a, wereld.initiatief_b]
    assert gelezen[0].organisatie.gemeente.naam == "Gent"


def test_a_second_request_reads_no_membership_from_the_database(wereld, vrijwilliger, als):
    client = als(vrijwilliger)
    client.get(reverse("balie_kiezen"))
    assert _lidmaatschap_queries(client, reverse("balie_kiezen")) == []


def test_the_session_copy_equals_the_database(wereld, coordinator, als):
    client = als(coordinator)
    client.get(reverse("balie_kiezen"))
    bewaard = client.session[SESSIE_SLEUTEL]["rijen"][0]
    lid = Lidmaatschap.objects.select_related("organisatie__gemeente").get(user=coordinator)
    assert bewaard["lidmaatschap"]["id"] == str(lid.pk)
    assert bewaard["organisatie"]["naam"] == lid.organisatie.naam
    assert bewaard["gemeente"]["slug"] == "gent"

    response = client.get(reverse("balie_kiezen"))
    gebruikt = response.wsgi_request.lidmaatschap
    assert gebruikt.pk == lid.pk
    assert gebruikt.aangemaakt_op == lid.aangemaakt_op
    assert (
        gebruikt.organisatie.gemeente.retentie_maanden == lid.organisatie.gemeente.retentie_maanden
    )


def test_a_membership_switched_off_ends_access_at_the_next_request(wereld, vrijwilliger, als):
    client = als(vrijwilliger)
    assert client.get(reverse("balie_kiezen")).status_code == 200

    lid = Lidmaatschap.objects.get(user=vrijwilliger)
    lid.actief = False
    lid.save()

    assert client.get(reverse("balie_kiezen")).status_code in (302, 403)


def test_an_organisation_switched_off_ends_access_at_the_next_request(wereld, vrijwilliger, als):
    client = als(vrijwilliger)
    assert client.get(reverse("balie_kiezen")).status_code == 200

    wereld.initiatief_a.actief = False
    wereld.initiatief_a.save()

    assert client.get(reverse("balie_kiezen")).status_code in (302, 403)


def test_a_new_role_needing_two_factors_is_enforced_at_the_next_request(wereld, vrijwilliger, als):
    client = als(vrijwilliger)
    assert client.get(reverse("balie_kiezen")).status_code == 200

    Lidmaatschap.objects.filter(user=vrijwilliger).update(rol=Rol.COORDINATOR)
    # A bulk update sends no signal; the save below stands for the form that changes roles.
    Lidmaatschap.objects.get(user=vrijwilliger).save()

    response = client.get(reverse("balie_kiezen"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_another_user_in_the_same_session_never_gets_the_copy(wereld, vrijwilliger, client):
    andere = maak_gebruiker("andere", wereld.initiatief_b, Rol.VRIJWILLIGER)
    client.force_login(vrijwilliger)
    client.get(reverse("balie_kiezen"))
    sessie = client.session
    bewaard = sessie[SESSIE_SLEUTEL]
    client.force_login(andere)
    sessie = client.session
    sessie[SESSIE_SLEUTEL] = bewaard  # as if the copy had survived the login
    sessie.save()

    response = client.get(reverse("balie_kiezen"))

    assert response.wsgi_request.lidmaatschap.organisatie == wereld.initiatief_b


def test_the_default_aid_comes_from_the_cache_and_follows_a_rename(
    wereld, django_assert_num_queries
):
    from hulpverlening.models import Hulpvorm

    eerste = Hulpvorm.objects.standaard()
    with django_assert_num_queries(0):
        assert Hulpvorm.objects.standaard() == eerste

    eerste.naam = "Voedselpakket (droog)"
    eerste.save()

    assert Hulpvorm.objects.standaard().naam == "Voedselpakket (droog)"
