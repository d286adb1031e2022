import pytest
from django.urls import reverse

from hulpverlening.middleware import SESSION_KEY
from hulpverlening.models import Lidmaatschap, Rol

from ..conftest import WACHTWOORD

ROLLEN = [
    "vrijwilliger",
    "coordinator",
    "maatschappelijk_werker",
    "stadsmedewerker",
    "beleidsmedewerker",
    "beheerder",
]


@pytest.mark.parametrize("persona", ROLLEN)
def test_every_role_logs_in_with_username_and_lands_on_its_start_page(request, client, persona):
    user = request.getfixturevalue(persona)
    response = client.post(
        reverse("account_login"), {"login": user.username, "password": WACHTWOORD}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    lidmaatschap = user.lidmaatschappen.get()
    assert lidmaatschap.organisatie.naam in response.content.decode()


def test_login_with_email_address_works_too(client, coordinator):
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": WACHTWOORD}
    )
    assert response.status_code == 302


def test_wrong_password_says_so_in_dutch_and_keeps_the_username(client, vrijwilliger):
    response = client.post(
        reverse("account_login"), {"login": vrijwilliger.username, "password": "fout"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{vrijwilliger.username}"' in html
    assert "Gebruikersnaam of wachtwoord klopt niet." in html


def test_self_signup_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert "gesloten" in response.content.decode().lower() or response.status_code != 200


def test_user_in_two_organisations_picks_the_active_one(wereld, als, vrijwilliger):
    Lidmaatschap.objects.create(
        user=vrijwilliger, organisatie=wereld.initiatief_b, rol=Rol.COORDINATOR
    )
    client = als(vrijwilliger)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("kies_organisatie")
    tweede = vrijwilliger.lidmaatschappen.get(organisatie=wereld.initiatief_b)
    response = client.post(reverse("kies_organisatie"), {"lidmaatschap": tweede.pk})
    assert client.session[SESSION_KEY] == tweede.pk
    home = client.get(reverse("home")).content.decode()
    assert "Sociale Kruidenier Ledeberg" in home
    assert "coördinator" in home


def test_picking_someone_elses_membership_is_refused(wereld, als, vrijwilliger, coordinator_b):
    vreemd = coordinator_b.lidmaatschappen.get()
    client = als(vrijwilliger)
    client.post(reverse("kies_organisatie"), {"lidmaatschap": vreemd.pk})
    assert client.session.get(SESSION_KEY) != vreemd.pk


def test_open_redirect_after_picking_is_ignored(wereld, als, vrijwilliger):
    lid = vrijwilliger.lidmaatschappen.get()
    response = als(vrijwilliger).post(
        reverse("kies_organisatie"), {"lidmaatschap": lid.pk, "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_only_someone_with_several_organisations_is_offered_to_switch(als, wereld, vrijwilliger):
    from django.urls import reverse

    from hulpverlening.models import Lidmaatschap, Rol

    client = als(vrijwilliger)
    assert ">Wissel<" not in client.get(reverse("home")).content.decode()
    Lidmaatschap.objects.create(
        user=vrijwilliger, organisatie=wereld.initiatief_b, rol=Rol.VRIJWILLIGER
    )
    hier = Lidmaatschap.objects.filter(user=vrijwilliger).order_by("pk").first()
    client.post(reverse("kies_organisatie"), {"lidmaatschap": hier.pk})
    assert ">Wissel<" in client.get(reverse("home")).content.decode()
