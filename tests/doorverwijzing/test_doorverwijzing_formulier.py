"""The referral form on a phone: choosing the initiative is the list of those near the
household, least busy first, above the rest; the end date fits the kind (issue 14.12)."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from doorverwijzing.models import Doorverwijzing
from hulpverlening.kalender import maanden_verder
from hulpverlening.models import Hulpvorm, Locatie, Organisatie, Rol
from registratie.models import Afhaalregels

from ..conftest import maak_gebruiker, maak_gezin


def _pagina(client, gezin, data=None):
    url = reverse("doorverwijzing_nieuw", args=[gezin.pk])
    return (client.post(url, data) if data else client.get(url)).content.decode()


def test_initiatives_near_the_household_come_first_as_choices_above_the_button(
    wereld, als, maatschappelijk_werker
):
    Afhaalregels.objects.create(organisatie=wereld.initiatief_b, postcodes="9050")
    gezin = maak_gezin(wereld.sociale_dienst)  # postcode 9000
    html = _pagina(als(maatschappelijk_werker), gezin)
    keuze_a = html.index(f'value="{wereld.initiatief_a.pk}"')
    keuze_b = html.index(f'value="{wereld.initiatief_b.pk}"')
    verder = html.index("elders in de gemeente")
    knop = html.index("Versturen")
    # A serves every postcode; B only 9050: A is near, B further, and both before the button.
    assert keuze_a < verder < keuze_b < knop
    assert 'type="radio" id="initiatief-' in html
    assert "<select" not in html.split("Naar welk initiatief?")[1].split("</fieldset>")[0]
    # No second list of initiatives under the button any more.
    assert html.count(wereld.initiatief_a.naam) == 1
    # The other municipality's initiative is not offered.
    assert wereld.initiatief_eeklo.naam not in html


def test_a_choice_further_away_survives_an_error_and_its_list_stays_open(
    wereld, als, maatschappelijk_werker
):
    Afhaalregels.objects.create(organisatie=wereld.initiatief_b, postcodes="9050")
    gezin = maak_gezin(wereld.sociale_dienst)
    html = _pagina(
        als(maatschappelijk_werker),
        gezin,
        {"organisatie": wereld.initiatief_b.pk, "soort": "doorverwijzing", "start": ""},
    )
    assert re.search(rf'value="{wereld.initiatief_b.pk}"\s+checked', html)
    assert "<details open>" in html
    assert not Doorverwijzing.objects.exists()


def test_no_initiative_chosen_says_so(wereld, als, maatschappelijk_werker):
    gezin = maak_gezin(wereld.sociale_dienst)
    html = _pagina(
        als(maatschappelijk_werker),
        gezin,
        {
            "soort": "doorverwijzing",
            "hulpvorm": Hulpvorm.objects.standaard().pk,
            "start": timezone.localdate().isoformat(),
            "einde": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "frequentie": "wekelijks",
            "pakket": "middel",
            "reden": "wachttijd",
        },
    )
    assert "Kies een initiatief." in html and 'aria-describedby="fout-organisatie"' in html


def test_a_referral_by_the_social_service_proposes_half_a_year_not_two_months(
    wereld, als, maatschappelijk_werker
):
    gezin = maak_gezin(wereld.sociale_dienst)
    html = _pagina(als(maatschappelijk_werker), gezin)
    zes_maanden = maanden_verder(timezone.localdate(), 6)
    assert f'name="einde" value="{zes_maanden.isoformat()}"' in html
    assert "Een doorverwijzing loopt hoogstens 12 maanden" in html
    assert "Een aanmelding duurt hoogstens 2 maanden." not in html


def test_an_aanmelding_by_a_referrer_keeps_two_months(wereld, als):
    verwijzer = Organisatie.objects.create(
        gemeente=wereld.gent, naam="CAW Gent", soort=Organisatie.Soort.DOORVERWIJZER
    )
    gebruiker = maak_gebruiker("caw", verwijzer, Rol.MAATSCHAPPELIJK_WERKER)
    gezin = maak_gezin(verwijzer)
    html = _pagina(als(gebruiker), gezin)
    twee_maanden = timezone.localdate() + timedelta(days=60)
    assert f'name="einde" value="{twee_maanden.isoformat()}"' in html
    assert "Een aanmelding duurt hoogstens 2 maanden" in html


def test_an_initiative_with_a_pickup_point_in_the_postcode_is_the_first_choice(
    wereld, als, maatschappelijk_werker
):
    Locatie.objects.create(organisatie=wereld.initiatief_b, naam="Zaal", postcode="9000")
    gezin = maak_gezin(wereld.sociale_dienst)  # postcode 9000
    html = _pagina(als(maatschappelijk_werker), gezin)
    assert "Met een afhaalpunt in 9000" in html
    dichtbij, verder = html.split("elders in de gemeente", 1)
    assert f'value="{wereld.initiatief_b.pk}"' in dichtbij
    assert f'value="{wereld.initiatief_a.pk}"' in verder
    assert "werkt niet voor deze postcode" not in html
