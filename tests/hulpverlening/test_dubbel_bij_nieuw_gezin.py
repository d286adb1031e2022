"""The caseworker's "Nieuw gezin" asks before making a second household for one family
(issue 17.1: the check ran only at the desk's intake), revealing nothing of a
household the caseworker's organisation may not see."""

from django.urls import reverse

from hulpverlening.models import Auditregel, Gezin

from ..conftest import maak_gezin, nieuw_gezin_post


def test_a_household_known_elsewhere_gets_a_neutral_warning_and_nothing_is_made(
    wereld, als, maatschappelijk_werker
):
    bestaand = maak_gezin(wereld.initiatief_b, voornaam="Fatma", achternaam="Yilmaz", jaar=1980)
    response = als(maatschappelijk_werker).post(
        reverse("gezin_nieuw"), nieuw_gezin_post(**{"persoon-0-voornaam": "Fatmá"})
    )
    html = response.content.decode()
    assert response.status_code == 200 and Gezin.objects.count() == 1
    assert "Iemand met een gelijkaardige naam en geboortejaar is al geregistreerd" in html
    assert "Yilmaz" not in html.split('id="mogelijk-dubbel"')[1].split("</div>")[0]
    assert bestaand.get_absolute_url() not in html
    assert 'name="toch_nieuw" value="1"' in html and 'value="Fatmá"' in html
    # The answer tells that a named person is known in the municipality: logged.
    assert Auditregel.objects.filter(actie="dubbelcheck", gezin_id=bestaand.pk).exists()


def test_a_household_the_caseworker_knows_is_linked(wereld, als, maatschappelijk_werker):
    bestaand = maak_gezin(wereld.sociale_dienst, voornaam="Fatma", achternaam="Yilmaz", jaar=1979)
    html = (
        als(maatschappelijk_werker)
        .post(reverse("gezin_nieuw"), nieuw_gezin_post())
        .content.decode()
    )
    assert "misschien al gekend bij uw organisatie" in html
    assert f'href="{bestaand.get_absolute_url()}"' in html


def test_confirming_makes_the_second_household(wereld, als, maatschappelijk_werker):
    maak_gezin(wereld.initiatief_b, voornaam="Fatma", achternaam="Yilmaz", jaar=1979)
    response = als(maatschappelijk_werker).post(
        reverse("gezin_nieuw"), nieuw_gezin_post(toch_nieuw="1")
    )
    assert response.status_code == 302 and Gezin.objects.count() == 2


def test_a_different_person_is_made_at_once(wereld, als, maatschappelijk_werker):
    maak_gezin(wereld.initiatief_b, voornaam="Fatma", achternaam="Yilmaz", jaar=1960)
    response = als(maatschappelijk_werker).post(reverse("gezin_nieuw"), nieuw_gezin_post())
    assert response.status_code == 302 and Gezin.objects.count() == 2
