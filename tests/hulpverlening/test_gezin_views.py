from django.urls import reverse

from hulpverlening.models import Gezin, Gezinsrelatie

from ..conftest import nieuw_gezin_post


def test_caseworker_registers_a_household_and_becomes_related(wereld, als, maatschappelijk_werker):
    response = als(maatschappelijk_werker).post(reverse("gezin_nieuw"), nieuw_gezin_post())
    gezin = Gezin.objects.get()
    assert response.status_code == 302
    assert response.url == gezin.get_absolute_url()
    assert gezin.grootte == 4
    assert gezin.personen.get().voornaam == "Fatma"
    assert Gezinsrelatie.objects.filter(gezin=gezin, organisatie=wereld.sociale_dienst).exists()


def test_invalid_household_form_keeps_what_was_typed_with_dutch_errors(als, coordinator):
    response = als(coordinator).post(
        reverse("gezin_nieuw"),
        nieuw_gezin_post(**{"persoon-0-geboortejaar": "19799", "postcode": "900"}),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Gezin.objects.exists()
    assert 'value="Fatma"' in html and 'value="Yilmaz"' in html
    assert "Geef een geboortejaar tussen 1900 en nu" in html
    assert "Een Belgische postcode heeft 4 cijfers" in html
    assert 'aria-invalid="true"' in html


def test_volunteer_may_not_register_households_here(als, vrijwilliger):
    assert als(vrijwilliger).get(reverse("gezin_nieuw")).status_code == 403


def test_household_search_finds_by_name_birth_year_and_card_code(wereld, als, coordinator, gezin_a):
    from hulpverlening import services

    kaart = services.kaart_uitgeven(gezin=gezin_a, organisatie=wereld.initiatief_a)
    client = als(coordinator)
    for zoek in ["amina", "El Idr 1985", kaart.leesbare_code.lower()]:
        response = client.post(reverse("gezin_lijst"), {"q": zoek})
        assert gezin_a.get_absolute_url() in response.content.decode(), zoek
    response = client.post(reverse("gezin_lijst"), {"q": "Amina 1990"})
    assert gezin_a.get_absolute_url() not in response.content.decode()


def test_search_partial_for_htmx_returns_only_the_results(als, coordinator, gezin_a):
    response = als(coordinator).post(reverse("gezin_lijst"), {"q": "Amina"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="resultaten"')
    assert "<html" not in html


def test_search_does_not_show_other_organisations_households(als, coordinator_b, gezin_a):
    response = als(coordinator_b).post(reverse("gezin_lijst"), {"q": "Amina"})
    assert gezin_a.get_absolute_url() not in response.content.decode()


def test_household_page_is_404_for_another_organisation(als, coordinator_b, gezin_a):
    assert als(coordinator_b).get(gezin_a.get_absolute_url()).status_code == 404


def test_city_staff_gets_403_on_household_pages(als, stadsmedewerker, gezin_a):
    assert als(stadsmedewerker).get(gezin_a.get_absolute_url()).status_code == 403
    assert als(stadsmedewerker).get(reverse("gezin_lijst")).status_code == 403


def test_anonymous_user_is_sent_to_login(client, gezin_a):
    response = client.get(gezin_a.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_extra_household_members_are_saved_and_blank_rows_ignored(als, coordinator):
    data = nieuw_gezin_post(
        **{
            "persoon-TOTAL_FORMS": "3",
            "persoon-1-voornaam": "Emre",
            "persoon-1-achternaam": "Yilmaz",
            "persoon-1-geboortejaar": "2015",
            "persoon-1-relatie": "kind",
        }
    )
    response = als(coordinator).post(reverse("gezin_nieuw"), data)
    assert response.status_code == 302
    gezin = Gezin.objects.get()
    assert [p.voornaam for p in gezin.personen.all()] == ["Fatma", "Emre"]


def test_a_name_or_card_code_in_the_url_searches_nothing(wereld, als, coordinator, gezin_a):
    """Look-ups come by POST: a name in a URL lands in access logs and browser history."""
    from hulpverlening import services

    kaart = services.kaart_uitgeven(gezin=gezin_a, organisatie=wereld.initiatief_a)
    client = als(coordinator)
    lijst = client.get(reverse("gezin_lijst"), {"q": "Amina"}).content.decode()
    assert gezin_a.get_absolute_url() in lijst  # the list of recent households, unfiltered
    assert 'method="post"' in lijst and "hx-post" in lijst and 'value="Amina"' not in lijst
    opzoeking = client.get(
        reverse("kaart_opzoeken"), {"code": kaart.leesbare_code}
    ).content.decode()
    assert "Geldige kaart" not in opzoeking and 'method="post"' in opzoeking
