"""How full a pickup moment is: recent pickups, or the referrals assigned to it."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from doorverwijzing.models import Doorverwijzing
from hulpverlening.models import Afhaalmoment, Hulpvorm, Locatie
from registratie.drukte import momenten_met_drukte

from ..conftest import maak_gezin


@pytest.fixture
def moment(wereld):
    locatie = Locatie.objects.create(organisatie=wereld.initiatief_a, naam="Zaal", postcode="9000")
    return Afhaalmoment.objects.create(
        locatie=locatie, weekdag=1, start=time(10), einde=time(12), capaciteit=10
    )


def _verwijzingen(wereld, moment, aantal, frequentie):
    vandaag = timezone.localdate()
    for i in range(aantal):
        Doorverwijzing.objects.create(
            gezin=maak_gezin(wereld.initiatief_a, voornaam=f"{frequentie}{i}"),
            organisatie=wereld.initiatief_a,
            verwijzer=wereld.sociale_dienst,
            soort=Doorverwijzing.Soort.DOORVERWIJZING,
            hulpvorm=Hulpvorm.objects.standaard(),
            frequentie=frequentie,
            start=vandaag - timedelta(days=5),
            einde=vandaag + timedelta(days=60),
            status=Doorverwijzing.Status.AANVAARD,
            afhaalmoment=moment,
        )


@pytest.mark.parametrize(
    ("frequentie", "procent"),
    [("wekelijks", 80), ("tweewekelijks", 40), ("maandelijks", 18)],
)
def test_assigned_referrals_fill_a_moment_by_how_often_they_come(
    wereld, moment, frequentie, procent
):
    _verwijzingen(wereld, moment, 8, frequentie)
    (drukte,) = momenten_met_drukte([wereld.initiatief_a], tot=timezone.localdate())
    assert drukte.procent == procent


def test_a_moment_with_monthly_referrals_still_has_room(wereld, moment):
    _verwijzingen(wereld, moment, 12, "maandelijks")
    (drukte,) = momenten_met_drukte([wereld.initiatief_a], tot=timezone.localdate())
    assert drukte.ruimte
