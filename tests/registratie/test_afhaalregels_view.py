from django.urls import reverse

from registratie.models import Afhaalregels


def test_coordinator_sets_the_rules_of_their_own_organisation(wereld, als, coordinator):
    response = als(coordinator).post(
        reverse("afhaalregels"),
        {
            "vereist_doorverwijzing": "on",
            "zelfmelder_bezoeken": "2",
            "max_per_week": "1",
            "postcodes": "9000,9040 , 9041",
        },
    )
    assert response.status_code == 302
    regels = Afhaalregels.objects.get(organisatie=wereld.initiatief_a)
    assert regels.vereist_doorverwijzing and regels.zelfmelder_bezoeken == 2
    assert regels.postcodelijst == ["9000", "9040", "9041"]


def test_bad_postcodes_are_named_and_the_input_kept(als, coordinator):
    response = als(coordinator).post(
        reverse("afhaalregels"),
        {"zelfmelder_bezoeken": "2", "max_per_week": "0", "postcodes": "9000, 90x0"},
    )
    html = response.content.decode()
    assert "Geen Belgische postcode: 90x0." in html
    assert "Kies tussen 1 en 7" in html
    assert 'value="9000, 90x0"' in html
    assert not Afhaalregels.objects.exists()


def test_volunteer_cannot_change_the_rules(als, vrijwilliger):
    assert als(vrijwilliger).get(reverse("afhaalregels")).status_code == 403
