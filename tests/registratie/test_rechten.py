"""The eligibility rule: colour and words for every situation at the desk."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from doorverwijzing.models import Doorverwijzing
from hulpverlening.models import Hulpvorm, Kaart
from registratie import rechten
from registratie.models import Afhaalregels
from registratie.rechten import GROEN, ORANJE, ROOD, EerdereAfhaling, Feiten

DAG = date(2026, 11, 25)  # a Wednesday


@pytest.fixture
def verwijzing(wereld, gezin_a):
    return Doorverwijzing(
        gezin=gezin_a,
        organisatie=wereld.initiatief_a,
        verwijzer=wereld.sociale_dienst,
        soort=Doorverwijzing.Soort.DOORVERWIJZING,
        hulpvorm=Hulpvorm.objects.standaard(),
        pakket=Doorverwijzing.Pakket.GROOT,
        start=DAG - timedelta(days=30),
        einde=DAG + timedelta(days=60),
        status=Doorverwijzing.Status.AANVAARD,
    )


def _oordeel(wereld, feiten, regels=None, moment=1):
    return rechten.beoordeel(
        feiten,
        organisatie=wereld.initiatief_a,
        regels=regels or Afhaalregels(organisatie=wereld.initiatief_a),
        dag=DAG,
        afhaalmoment_id=moment,
    )


def test_active_referral_is_green_with_its_aid_and_parcel(wereld, gezin_a, kaart_a, verwijzing):
    uitkomst = _oordeel(wereld, Feiten(gezin_a, kaart_a, [verwijzing]))
    assert uitkomst.kleur == GROEN
    assert uitkomst.woord == "In orde"
    assert uitkomst.pakket == "groot"
    assert uitkomst.hulpvorm.slug == "voedselpakket"


def test_referral_ending_within_seven_days_is_orange(wereld, gezin_a, kaart_a, verwijzing):
    verwijzing.einde = DAG + timedelta(days=5)
    uitkomst = _oordeel(wereld, Feiten(gezin_a, kaart_a, [verwijzing]))
    assert uitkomst.kleur == ORANJE
    assert "loopt af op 30 november" in uitkomst.redenen[0]


def test_already_picked_up_this_week_is_orange(wereld, gezin_a, kaart_a, verwijzing):
    maandag = EerdereAfhaling(DAG - timedelta(days=2), 7, "10:00", "Els", False)
    uitkomst = _oordeel(wereld, Feiten(gezin_a, kaart_a, [verwijzing], [maandag]))
    assert uitkomst.kleur == ORANJE
    assert "Al afgehaald deze week" in uitkomst.redenen[0]


def test_already_registered_at_this_moment_is_red_and_names_who(
    wereld, gezin_a, kaart_a, verwijzing
):
    eerder = EerdereAfhaling(DAG, 1, "10:42", "Els", False)
    uitkomst = _oordeel(wereld, Feiten(gezin_a, kaart_a, [verwijzing], [eerder]))
    assert uitkomst.kleur == ROOD
    assert uitkomst.redenen == ["Al geregistreerd om 10:42 door Els."]
    assert uitkomst.vraagt_reden


def test_revoked_card_is_red(wereld, gezin_a, kaart_a):
    kaart_a.revoke(Kaart.Intrekkingsreden.VERLOREN)
    uitkomst = _oordeel(wereld, Feiten(gezin_a, kaart_a))
    assert uitkomst.kleur == ROOD
    assert "Kaart ingetrokken (verloren)" in uitkomst.redenen[0]


def test_expired_referral_is_red_where_a_referral_is_required(wereld, gezin_a, kaart_a, verwijzing):
    verwijzing.einde = DAG - timedelta(days=3)
    regels = Afhaalregels(organisatie=wereld.initiatief_a, vereist_doorverwijzing=True)
    uitkomst = _oordeel(wereld, Feiten(gezin_a, kaart_a, [verwijzing]), regels)
    assert uitkomst.kleur == ROOD
    assert "Doorverwijzing verlopen op 22 november" in uitkomst.redenen[0]


def test_no_referral_where_no_zelfmelders_are_allowed_is_not_for_this_organisation(
    wereld, gezin_a, kaart_a
):
    regels = Afhaalregels(organisatie=wereld.initiatief_a, zelfmelder_bezoeken=0)
    uitkomst = _oordeel(wereld, Feiten(gezin_a, kaart_a), regels)
    assert uitkomst.kleur == ROOD
    assert uitkomst.redenen == ["Niet doorverwezen naar uw organisatie."]


def test_zelfmelder_visits_are_counted_n_of_n_then_red(wereld, gezin_a, kaart_a):
    regels = Afhaalregels(organisatie=wereld.initiatief_a, zelfmelder_bezoeken=3)
    tweede = _oordeel(wereld, Feiten(gezin_a, kaart_a, zelfmelder_bezoeken=1), regels)
    assert tweede.kleur == ORANJE
    assert "Zelfmelder: bezoek 2 van 3." in tweede.redenen
    vierde = _oordeel(wereld, Feiten(gezin_a, kaart_a, zelfmelder_bezoeken=3), regels)
    assert vierde.kleur == ROOD
    assert "toeleiding" in vierde.redenen[0]


def test_postcode_outside_the_area_is_a_warning(wereld, gezin_a, kaart_a, verwijzing):
    regels = Afhaalregels(organisatie=wereld.initiatief_a, postcodes="9040, 9041")
    uitkomst = _oordeel(wereld, Feiten(gezin_a, kaart_a, [verwijzing]), regels)
    assert uitkomst.kleur == ORANJE
    assert "postcode 9000" in uitkomst.redenen[0]


def test_card_of_another_municipality_is_red(wereld, gezin_a, kaart_a):
    kaart_a.gemeente = wereld.eeklo
    assert _oordeel(wereld, Feiten(gezin_a, kaart_a)).kleur == ROOD


def test_loading_facts_in_bulk_gives_the_same_answer_as_for_one(
    wereld, gezin_a, kaart_a, moment_a, vrijwilliger
):
    from registratie import services

    lid = vrijwilliger.lidmaatschappen.get()
    vandaag = timezone.localdate()
    services.afhaling_registreren(
        sleutel=__import__("uuid").uuid4(),
        lidmaatschap=lid,
        afhaalmoment=moment_a,
        dag=vandaag,
        gescand_op=timezone.now(),
        kaart=kaart_a,
    )
    een = rechten.beoordeel_gezin(
        gezin=gezin_a,
        kaart=kaart_a,
        organisatie=wereld.initiatief_a,
        afhaalmoment=moment_a,
        dag=vandaag,
    )
    feiten = rechten.feiten_laden([gezin_a.pk], organisatie=wereld.initiatief_a, dag=vandaag)
    veel = rechten.beoordeel(
        feiten[gezin_a.pk],
        organisatie=wereld.initiatief_a,
        regels=rechten.regels_van(wereld.initiatief_a),
        dag=vandaag,
        afhaalmoment_id=moment_a.pk,
    )
    assert (een.kleur, een.redenen) == (veel.kleur, veel.redenen)
    assert een.kleur == ROOD


def test_a_baby_kit_this_week_is_no_food_parcel_this_week(wereld, gezin_a, kaart_a, verwijzing):
    """How often counts per aid (issue 13.2): before, any pickup made the next orange."""
    kit = Hulpvorm.objects.get(slug="babyuitzet")
    maandag_kit = EerdereAfhaling(DAG - timedelta(days=2), 7, "10:00", "Els", False, kit.pk)
    uitkomst = _oordeel(wereld, Feiten(gezin_a, kaart_a, [verwijzing], [maandag_kit]))
    assert uitkomst.kleur == GROEN and uitkomst.hulpvorm.slug == "voedselpakket"
    maandag_pakket = EerdereAfhaling(
        DAG - timedelta(days=2), 7, "10:00", "Els", False, Hulpvorm.objects.standaard().pk
    )
    uitkomst = _oordeel(wereld, Feiten(gezin_a, kaart_a, [verwijzing], [maandag_pakket]))
    assert uitkomst.kleur == ORANJE and "Al afgehaald deze week" in uitkomst.redenen[0]


def test_another_aid_at_this_moment_today_is_another_line_of_the_visit(
    wereld, gezin_a, kaart_a, verwijzing
):
    kit = Hulpvorm.objects.get(slug="babyuitzet")
    vandaag_kit = EerdereAfhaling(DAG, 1, "10:00", "Els", False, kit.pk)
    uitkomst = _oordeel(wereld, Feiten(gezin_a, kaart_a, [verwijzing], [vandaag_kit]))
    assert uitkomst.kleur == GROEN and uitkomst.hulpvorm.slug == "voedselpakket"
    als_kit = rechten.beoordeel(
        Feiten(gezin_a, kaart_a, [verwijzing], [vandaag_kit]),
        organisatie=wereld.initiatief_a,
        regels=Afhaalregels(organisatie=wereld.initiatief_a),
        dag=DAG,
        afhaalmoment_id=1,
        hulpvorm=kit,
    )
    assert als_kit.kleur == ROOD and als_kit.al_geregistreerd == vandaag_kit
    # The food referral does not entitle to a baby kit: judged as a zelfmelder's.
    assert als_kit.doorverwijzing is None and als_kit.zelfmelder
