"""Invariants that hold in the database itself, whatever code writes the rows."""

from datetime import date, time

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from hulpverlening import kaartcodes, services
from hulpverlening.models import Afhaalmoment, Gezin, Kaart, Lidmaatschap, Locatie, Persoon, Rol

from .conftest import maak_gezin


def _faalt(maak):
    with pytest.raises(IntegrityError), transaction.atomic():
        maak()


@pytest.fixture
def locatie(wereld):
    return Locatie.objects.create(organisatie=wereld.initiatief_a, naam="Kerk", postcode="9000")


def test_pickup_moment_needs_positive_capacity_and_an_end_after_its_start(locatie):
    def moment(**kw):
        velden = {"weekdag": 2, "start": time(14), "einde": time(16), "capaciteit": 30} | kw
        return lambda: Afhaalmoment.objects.create(locatie=locatie, **velden)

    _faalt(moment(capaciteit=0))
    _faalt(moment(einde=time(13)))
    _faalt(moment(weekdag=7))
    moment()()


def test_a_household_has_at_most_one_active_card(wereld):
    gezin = maak_gezin(wereld.initiatief_a)
    services.kaart_uitgeven(gezin=gezin, organisatie=wereld.initiatief_a)

    def tweede():
        Kaart.objects.create(
            gemeente=wereld.gent,
            uitgegeven_door=wereld.initiatief_a,
            code=kaartcodes.new_code(),
            gezin=gezin,
            gekoppeld_op=timezone.now(),
        )

    _faalt(tweede)


def test_card_tokens_and_codes_are_unique(wereld):
    kaart = Kaart.objects.create(
        gemeente=wereld.gent, uitgegeven_door=wereld.initiatief_a, code=kaartcodes.new_code()
    )
    _faalt(
        lambda: Kaart.objects.create(
            gemeente=wereld.gent, uitgegeven_door=wereld.initiatief_a, code=kaart.code
        )
    )
    _faalt(
        lambda: Kaart.objects.create(
            gemeente=wereld.gent,
            uitgegeven_door=wereld.initiatief_a,
            code=kaartcodes.new_code(),
            token=kaart.token,
        )
    )


def test_a_revoked_card_must_say_why_and_a_code_must_have_the_printed_form(wereld):
    def kaart(**kw):
        return lambda: Kaart.objects.create(
            gemeente=wereld.gent, uitgegeven_door=wereld.initiatief_a, **kw
        )

    _faalt(kaart(code=kaartcodes.new_code(), ingetrokken_op=timezone.now()))
    _faalt(kaart(code="abc"))
    _faalt(kaart(code="ABCDEFGHU"))


def test_a_linked_card_records_when_it_was_linked(wereld, gezin_a):
    _faalt(
        lambda: Kaart.objects.create(
            gemeente=wereld.gent,
            uitgegeven_door=wereld.initiatief_a,
            code=kaartcodes.new_code(),
            gezin=gezin_a,
        )
    )


def test_household_needs_someone_and_a_plausible_birth_year(wereld, gezin_a):
    _faalt(
        lambda: Gezin.objects.create(
            gemeente=wereld.gent, aangemaakt_door=wereld.initiatief_a, volwassenen=0
        )
    )
    _faalt(
        lambda: Persoon.objects.create(
            gezin=gezin_a, voornaam="X", achternaam="Y", geboortejaar=1800, relatie="kind"
        )
    )
    _faalt(
        lambda: Persoon.objects.create(
            gezin=gezin_a,
            voornaam="Tweede",
            achternaam="Referentie",
            geboortejaar=1980,
            relatie=Persoon.Relatie.REFERENTIEPERSOON,
        )
    )


def test_one_membership_per_user_and_organisation_and_only_known_roles(wereld, vrijwilliger):
    _faalt(
        lambda: Lidmaatschap.objects.create(
            user=vrijwilliger, organisatie=wereld.initiatief_a, rol=Rol.COORDINATOR
        )
    )
    _faalt(
        lambda: Lidmaatschap.objects.create(
            user=vrijwilliger, organisatie=wereld.initiatief_b, rol="baas"
        )
    )


def test_location_postcode_is_belgian(wereld):
    _faalt(
        lambda: Locatie.objects.create(organisatie=wereld.initiatief_a, naam="X", postcode="0900")
    )


def test_one_pickup_per_household_per_moment_per_day_unless_overridden(wereld, gezin_a, locatie):
    from hulpverlening.models import Hulpvorm
    from registratie.models import Afhaling

    moment = Afhaalmoment.objects.create(
        locatie=locatie, weekdag=2, start=time(14), einde=time(16), capaciteit=30
    )
    velden = {
        "gezin": gezin_a,
        "organisatie": wereld.initiatief_a,
        "locatie": locatie,
        "afhaalmoment": moment,
        "hulpvorm": Hulpvorm.objects.standaard(),
        "datum": date(2026, 11, 25),
        "gescand_op": timezone.now(),
    }
    Afhaling.objects.create(**velden)
    _faalt(lambda: Afhaling.objects.create(**velden))
    Afhaling.objects.create(**velden, override_reden="Tweede pakket voor grootouders")
