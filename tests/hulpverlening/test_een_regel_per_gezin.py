"""One household is judged by one set of rules: the caseworker's form, the desk's intake,
the import and the database agree (hulpverlening/validators.py)."""

import json

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from doorverwijzing import importeren
from hulpverlening import kalender
from hulpverlening.forms import GezinForm, PersoonForm
from hulpverlening.models import Gezin, Persoon
from registratie.forms import ZelfmelderForm

from ..conftest import maak_gezin

TIENER_ALLEEN = {"volwassenen": 0, "kinderen_0_2": 0, "kinderen_3_11": 0, "kinderen_12_17": 1}
NIEMAND = {"volwassenen": 0, "kinderen_0_2": 2, "kinderen_3_11": 0, "kinderen_12_17": 0}
INTAKE = {
    "voornaam": "Ion",
    "achternaam": "Popescu",
    "geboortejaar": "2009",
    "postcode": "9000",
    "toestemming": "on",
}


def _importeer(wereld, **gezin):
    rij = {"extern_id": "G-1", "postcode": "9000", "toestemming": True} | gezin
    verslag = importeren.dossier_importeren(
        invoer=importeren.lees_bestanden(
            [("dossier.json", json.dumps({"gezinnen": [rij]}).encode())]
        ),
        organisatie=wereld.sociale_dienst,
        door=None,
        alleen_controleren=True,
    )
    return [reden for r in verslag.geweigerd for _veld, reden in r.fouten]


@pytest.mark.django_db
def test_a_teenager_alone_is_a_household_on_every_path(wereld):
    assert GezinForm(TIENER_ALLEEN | {"postcode": "9000"}).is_valid()
    assert ZelfmelderForm(INTAKE | TIENER_ALLEEN).is_valid()
    assert _importeer(wereld, **TIENER_ALLEEN) == []


@pytest.mark.django_db
def test_a_household_of_small_children_only_is_refused_on_every_path_with_one_message(wereld):
    bericht = "Een gezin heeft minstens één volwassene of tiener."
    gezin = GezinForm(NIEMAND | {"postcode": "9000"})
    intake = ZelfmelderForm(INTAKE | NIEMAND)
    assert bericht in gezin.non_field_errors()
    assert bericht in intake.non_field_errors()
    assert _importeer(wereld, **NIEMAND) == [bericht]
    with pytest.raises(IntegrityError), transaction.atomic():
        Gezin.objects.create(gemeente=wereld.gent, aangemaakt_door=wereld.sociale_dienst, **NIEMAND)


@pytest.mark.django_db
@pytest.mark.parametrize("veld,waarde", [("postcode", "900"), ("volwassenen", 21)])
def test_a_wrong_value_gets_the_same_message_in_the_form_and_the_import(wereld, veld, waarde):
    gegevens = {"postcode": "9000", "volwassenen": 1} | {veld: waarde}
    formulier = GezinForm(gegevens | {"kinderen_0_2": 0, "kinderen_3_11": 0, "kinderen_12_17": 0})
    assert _importeer(wereld, **gegevens) == [formulier.errors[veld][0]]


@pytest.mark.django_db
def test_the_birth_year_is_judged_by_the_belgian_date_at_new_year(wereld):
    # 31 December 23:30 UTC is already 1 January in Ghent.
    with time_machine.travel("2026-12-31 23:30:00 +00:00", tick=False):
        persoon = PersoonForm(
            {"voornaam": "Nieuw", "achternaam": "Jaar", "geboortejaar": 2027, "relatie": "kind"}
        )
        assert persoon.is_valid(), persoon.errors
        assert ZelfmelderForm(INTAKE | TIENER_ALLEEN | {"geboortejaar": "2028"}).errors[
            "geboortejaar"
        ] == ["Geef een geboortejaar tussen 1900 en nu, bv. 1984."]


def test_the_desk_finds_a_household_by_a_partners_name_as_the_caseworker_does(
    wereld, als, vrijwilliger, moment_a
):
    gezin = maak_gezin(wereld.initiatief_a)
    Persoon.objects.create(
        gezin=gezin, voornaam="Karim", achternaam="Haddad", geboortejaar=1983, relatie="partner"
    )
    client = als(vrijwilliger)

    response = client.post(reverse("balie_zoeken", args=[moment_a.pk]), {"q": "Haddad"})

    assert response.context["personen"] == [gezin.referentiepersoon]
    assert list(Gezin.objects.zoek("Haddad")) == [gezin]


@pytest.mark.parametrize(
    "dag,maanden,verwacht",
    [
        ("2026-03-31", -1, "2026-02-28"),
        ("2024-03-31", -1, "2024-02-29"),
        ("2026-01-31", 1, "2026-02-28"),
        ("2026-11-15", 2, "2027-01-15"),
        ("2026-01-15", -24, "2024-01-15"),
        ("2026-12-01", 0, "2026-12-01"),
    ],
)
def test_months_on_the_calendar_keep_the_day_or_take_the_last_of_a_short_month(
    dag, maanden, verwacht
):
    from datetime import date

    assert kalender.maanden_verder(date.fromisoformat(dag), maanden) == date.fromisoformat(verwacht)


def test_next_and_previous_month_start_on_the_first():
    from datetime import date

    assert kalender.volgende_maand(date(2026, 12, 17)) == date(2027, 1, 1)
    assert kalender.vorige_maand(date(2026, 1, 31)) == date(2025, 12, 1)
