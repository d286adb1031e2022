import re

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


def test_coordinator_says_which_aids_the_organisation_gives(wereld, als, coordinator):
    """Issue 13.1: without code; a referral for another aid is then refused."""
    from hulpverlening.models import Hulpvorm

    pakket, kit = (
        Hulpvorm.objects.get(slug="voedselpakket"),
        Hulpvorm.objects.get(slug="babyuitzet"),
    )
    client = als(coordinator)
    html = client.get(reverse("afhaalregels")).content.decode()
    assert "Babyuitzet · eenmalig pakket" in html
    # Nothing chosen yet means the food parcel (doorverwijzing.services.biedt_hulpvorm_aan).
    assert re.search(rf'value="{pakket.pk}" id="[^"]+" checked', html)
    assert not re.search(rf'value="{kit.pk}" id="[^"]+" checked', html)

    response = client.post(reverse("afhaalregels"), {"deel": "hulpvormen", "hulpvormen": [kit.pk]})
    assert response.status_code == 302
    assert list(wereld.initiatief_a.hulpvormen.all()) == [kit]

    leeg = client.post(reverse("afhaalregels"), {"deel": "hulpvormen"}).content.decode()
    assert "Kies minstens één hulpvorm." in leeg
    assert list(wereld.initiatief_a.hulpvormen.all()) == [kit]

    from doorverwijzing import services

    assert not services.biedt_hulpvorm_aan(wereld.initiatief_a, pakket)
    assert services.biedt_hulpvorm_aan(wereld.initiatief_a, kit)
