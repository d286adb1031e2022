"""Aid as data (issue 13.1): each aid has a kind, a unit and whether it counts for
FoodSavers; the database refuses an incomplete one-off item."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hulpverlening.models import Hulpvorm, Rol

from ..conftest import maak_gebruiker


def test_the_existing_aids_got_their_kinds_in_the_migration(db):
    soorten = {
        h.slug: (h.soort, h.eenheid, h.telt_voor_foodsavers, h.eenmalig_per)
        for h in Hulpvorm.objects.all()
    }
    assert soorten["voedselpakket"] == ("pakket", "pakket", True, "")
    assert soorten["maaltijd"] == ("maaltijd", "maaltijd", True, "")
    assert soorten["hygienepakket"] == ("pakket", "pakket", False, "")
    assert soorten["babyuitzet"] == ("eenmalig", "pakket", False, "kind")
    assert soorten["startpakket"] == ("eenmalig", "pakket", False, "gezin")
    assert soorten["maaltijdcheque"] == ("waardebon", "euro", False, "")


def test_a_one_off_item_must_say_how_often(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Hulpvorm.objects.create(slug="kit", naam="Kit", soort="eenmalig")
    with pytest.raises(IntegrityError), transaction.atomic():
        Hulpvorm.objects.create(slug="kit2", naam="Kit 2", soort="eenmalig", eenmalig_per="periode")
    Hulpvorm.objects.create(
        slug="kit3", naam="Kit 3", soort="eenmalig", eenmalig_per="periode", eenmalig_maanden=6
    )


def test_a_voucher_needs_a_value_and_a_meal_its_tariffs(db):
    with pytest.raises(ValidationError) as bon:
        Hulpvorm(slug="bon", naam="Bon", soort="waardebon", eenheid="euro").full_clean()
    assert "bonwaarde" in bon.value.message_dict
    with pytest.raises(ValidationError) as maaltijd:
        Hulpvorm(slug="m", naam="M", soort="maaltijd", sociaal_tarief=2).full_clean()
    assert list(maaltijd.value.message_dict) == ["vol_tarief"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Hulpvorm.objects.create(slug="neg", naam="Neg", soort="waardebon", bonwaarde=-5)


def test_a_beheerder_sets_an_aids_kind_in_the_admin(als, wereld):
    beheerder = maak_gebruiker(
        "beheer", wereld.stad, Rol.BEHEERDER, is_staff=True, is_superuser=True
    )  # as in the demo
    bon = Hulpvorm.objects.get(slug="maaltijdcheque")
    url = f"/beheer/hulpverlening/hulpvorm/{bon.pk}/change/"
    client = als(beheerder)
    assert client.get(url).status_code == 200
    velden = {
        "naam": bon.naam,
        "slug": bon.slug,
        "actief": "on",
        "soort": "waardebon",
        "eenheid": "euro",
        "eenmalig_per": "",
    }
    zonder_waarde = client.post(url, velden)
    assert zonder_waarde.status_code == 200
    assert "Een waardebon heeft een waarde in euro." in zonder_waarde.content.decode()
    assert client.post(url, {**velden, "bonwaarde": "7,50"}).status_code == 302
    bon.refresh_from_db()
    assert str(bon.bonwaarde) == "7.50"
