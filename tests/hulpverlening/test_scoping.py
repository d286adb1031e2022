"""An organisation sees a household only while it has a relationship with it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hulpverlening import scoping, services
from hulpverlening.models import Gezinsrelatie, Lidmaatschap


def lid(user) -> Lidmaatschap:
    return user.lidmaatschappen.get()


def test_organisation_sees_the_households_it_created(coordinator, gezin_a):
    assert list(scoping.gezinnen(lid(coordinator))) == [gezin_a]
    assert scoping.gezin_of_404(lid(coordinator), gezin_a.pk) == gezin_a


def test_other_organisation_gets_404_not_403_for_a_household(coordinator_b, gezin_a):
    assert not scoping.gezinnen(lid(coordinator_b)).exists()
    with pytest.raises(Http404):
        scoping.gezin_of_404(lid(coordinator_b), gezin_a.pk)


def test_a_relationship_opens_the_household_to_that_organisation(wereld, coordinator_b, gezin_a):
    services.gezinsrelatie_leggen(
        gezin=gezin_a, organisatie=wereld.initiatief_b, reden=Gezinsrelatie.Reden.DOORVERWIJZING
    )
    assert scoping.gezin_of_404(lid(coordinator_b), gezin_a.pk) == gezin_a


def test_other_municipality_never_sees_the_household(wereld, coordinator_eeklo, gezin_a):
    # Even a stray relationship row cannot cross municipalities, at either level.
    Gezinsrelatie.objects.create(
        gezin=gezin_a, organisatie=wereld.initiatief_eeklo, reden=Gezinsrelatie.Reden.DOORVERWIJZING
    )
    assert not scoping.gezinnen(lid(coordinator_eeklo)).exists()
    assert not scoping.baliegezinnen(lid(coordinator_eeklo)).exists()


@pytest.mark.parametrize("persona", ["stadsmedewerker", "beleidsmedewerker", "beheerder"])
def test_aggregate_roles_see_no_household_data(request, persona, gezin_a):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        scoping.gezinnen(lid(user))


def test_nonsense_ids_are_a_404(coordinator):
    for pk in ["abc", None, -1, 10**12]:
        with pytest.raises(Http404):
            scoping.gezin_of_404(lid(coordinator), pk)


def test_persons_and_cards_follow_the_household_scope(wereld, coordinator, coordinator_b, gezin_a):
    services.kaart_uitgeven(gezin=gezin_a, organisatie=wereld.initiatief_a)
    assert scoping.personen(lid(coordinator)).count() == 1
    assert scoping.personen(lid(coordinator_b)).count() == 0
    assert scoping.kaarten(lid(coordinator)).count() == 1
    assert scoping.kaarten(lid(coordinator_b)).count() == 0


def test_looking_up_a_card_of_an_unknown_household_reveals_no_household(
    wereld, coordinator_b, gezin_a
):
    kaart = services.kaart_uitgeven(gezin=gezin_a, organisatie=wereld.initiatief_a)
    opzoeking = scoping.kaart_opzoeken(lid(coordinator_b), kaart.leesbare_code)
    assert opzoeking.gevonden
    assert opzoeking.gezin is None


def test_card_of_another_municipality_is_refused_with_a_reason(wereld, coordinator_eeklo, gezin_a):
    kaart = services.kaart_uitgeven(gezin=gezin_a, organisatie=wereld.initiatief_a)
    opzoeking = scoping.kaart_opzoeken(lid(coordinator_eeklo), kaart.qr_payload)
    assert not opzoeking.gevonden
    assert "andere gemeente" in opzoeking.fout
