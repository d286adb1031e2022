"""Initiatives send households on to the social service; the outcome comes back as a status."""

import re

import pytest
from django.urls import reverse

from doorverwijzing import rechtenverkenning
from doorverwijzing.models import Rechtenvraag, Toeleiding
from hulpverlening.models import Toestemming


def _post(client, gezin, **kw):
    data = {"reden": "zelfmelder", "toestemming": "on"} | kw
    return client.post(reverse("toeleiding_nieuw", args=[gezin.pk]), data)


def test_volunteer_sends_a_household_with_consent_and_a_rights_check(
    wereld, als, vrijwilliger, gezin_a
):
    response = _post(
        als(vrijwilliger),
        gezin_a,
        recht_verhoogde_tegemoetkoming="nee",
        recht_uitpas_kansentarief="weet_niet",
        recht_huurpremie="ja",
    )
    assert response.status_code == 302
    toeleiding = Toeleiding.objects.get()
    assert toeleiding.naar == wereld.sociale_dienst and toeleiding.van == wereld.initiatief_a
    assert toeleiding.toestemming.tekstversie.startswith("toeleiding-")
    assert toeleiding.toestemming.geregistreerd_door == vrijwilliger
    assert toeleiding.rechtenverkenning.gemist == [
        "uitpas_kansentarief",
        "verhoogde_tegemoetkoming",
    ]


def test_without_consent_nothing_is_sent_and_answers_are_kept(als, vrijwilliger, gezin_a):
    response = _post(als(vrijwilliger), gezin_a, toestemming="", recht_huurpremie="nee")
    html = response.content.decode()
    assert "Zonder akkoord sturen we niets door." in html
    assert re.search(r'name="recht_huurpremie" value="nee"[^>]*checked', html)
    assert not Toeleiding.objects.exists() and not Toestemming.objects.exists()


def test_at_most_eight_questions_per_municipality(wereld):
    vragen = rechtenverkenning.vragen_voor(wereld.gent)
    assert len(vragen) == 8
    Rechtenvraag.objects.create(gemeente=wereld.gent, recht="extra", naam="Extra", vraag="?")
    assert len(rechtenverkenning.vragen_voor(wereld.gent)) == Rechtenvraag.MAX_PER_GEMEENTE


def test_social_service_records_the_outcome_and_the_initiative_sees_only_the_status(
    wereld, als, vrijwilliger, coordinator, maatschappelijk_werker, gezin_a
):
    _post(als(vrijwilliger), gezin_a, recht_leefloon="nee")
    toeleiding = Toeleiding.objects.get()
    client = als(maatschappelijk_werker)
    inbox = client.get(reverse("toeleiding_lijst")).content.decode()
    assert "Amina El Idrissi" in inbox and "Leefloon" in inbox
    response = client.post(
        reverse("toeleiding_uitkomst", args=[toeleiding.pk]),
        {"status": "hulp_gestart"},
        HTTP_HX_REQUEST="true",
    )
    assert f'id="toeleiding-{toeleiding.pk}"' in response.content.decode()
    toeleiding.refresh_from_db()
    assert toeleiding.status == "hulp_gestart"
    initiatief = als(coordinator).get(reverse("toeleiding_lijst")).content.decode()
    assert "Hulp gestart" in initiatief
    assert "Leefloon" not in initiatief  # never the rights check or the social file


def test_a_second_toeleiding_while_one_waits_is_refused(als, vrijwilliger, gezin_a):
    _post(als(vrijwilliger), gezin_a)
    response = _post(als(vrijwilliger), gezin_a)
    assert "Dit gezin werd al doorgestuurd op" in response.content.decode()
    assert Toeleiding.objects.count() == 1


def test_already_sent_is_said_before_the_consent_and_the_questions(als, vrijwilliger, gezin_a):
    _post(als(vrijwilliger), gezin_a)
    html = als(vrijwilliger).get(reverse("toeleiding_nieuw", args=[gezin_a.pk])).content.decode()
    assert "Dit gezin werd al doorgestuurd op" in html
    assert "Lees dit voor" not in html and 'name="recht_' not in html


def test_the_desk_panel_says_already_sent_instead_of_offering_to_send(
    als, vrijwilliger, gezin_a, kaart_a, moment_a
):
    client = als(vrijwilliger)
    paneel = reverse("paneel", args=[moment_a.pk])
    html = client.post(paneel, {"kaart": kaart_a.qr_payload}).content.decode()
    assert "Doorsturen naar de Sociale Dienst" in html
    _post(client, gezin_a)
    html = client.post(paneel, {"kaart": kaart_a.qr_payload}).content.decode()
    assert "Al doorgestuurd naar de Sociale Dienst op" in html
    assert "Doorsturen naar de Sociale Dienst</a>" not in html


def test_questions_about_children_are_not_asked_of_a_household_without_them(
    wereld, als, vrijwilliger, gezin_a
):
    url = reverse("toeleiding_nieuw", args=[gezin_a.pk])
    met_kinderen = als(vrijwilliger).get(url).content.decode()  # gezin_a has two children
    assert 'name="recht_groeipakket_toeslag"' in met_kinderen
    gezin_a.kinderen_3_11 = 0
    gezin_a.save()
    zonder = als(vrijwilliger).get(url).content.decode()
    assert 'name="recht_groeipakket_toeslag"' not in zonder
    assert 'name="recht_schooltoeslag"' not in zonder
    assert 'name="recht_huurpremie"' in zonder


def test_each_question_asks_one_thing(wereld):
    """'A fixed income, or a leefloon?' answered 'no' said nothing about either."""
    for vraag in rechtenverkenning.vragen_voor(wereld.gent):
        assert ", of " not in vraag.vraag, vraag.vraag


def test_missed_rights_are_counted_for_reports(
    wereld, als, vrijwilliger, gezin_a, gezin_b, vrijwilliger_b
):
    from django.utils import timezone

    _post(als(vrijwilliger), gezin_a, recht_huurpremie="nee", recht_leefloon="ja")
    _post(als(vrijwilliger_b), gezin_b, recht_huurpremie="weet_niet")
    vandaag = timezone.localdate()
    teller = rechtenverkenning.gemiste_rechten_tellen(wereld.gent, van=vandaag, tot=vandaag)
    assert teller == {"huurpremie": 2}


def test_caseworker_sees_one_timeline_across_organisations(
    wereld, als, vrijwilliger, maatschappelijk_werker, gezin_a
):
    _post(als(vrijwilliger), gezin_a, recht_huurpremie="nee")
    from hulpverlening.models import Auditregel

    html = (
        als(maatschappelijk_werker)
        .get(reverse("gezinsdossier", args=[gezin_a.pk]))
        .content.decode()
    )
    assert "Toeleiding" in html and wereld.initiatief_a.naam in html and "Huurpremie" in html
    assert Auditregel.objects.filter(gezin_id=gezin_a.pk, waar__startswith="gezinsdossier").exists()


@pytest.mark.parametrize("persona", ["vrijwilliger", "coordinator"])
def test_initiatives_cannot_open_the_dossier(request, als, persona, gezin_a):
    assert (
        als(request.getfixturevalue(persona))
        .get(reverse("gezinsdossier", args=[gezin_a.pk]))
        .status_code
        == 403
    )


def test_a_caseworker_without_relationship_gets_404(wereld, als, gezin_b):
    from ..conftest import maak_gebruiker

    mw = maak_gebruiker("mw2", wereld.sociale_dienst, "maatschappelijk_werker")
    assert als(mw).get(reverse("gezinsdossier", args=[gezin_b.pk])).status_code == 404


def test_missed_rights_are_shown_by_name_never_as_codes(
    wereld, als, vrijwilliger, maatschappelijk_werker, stadsmedewerker, gezin_a
):
    _post(als(vrijwilliger), gezin_a, recht_sociaal_energietarief="nee")
    Rechtenvraag.objects.filter(gemeente=wereld.gent, recht="sociaal_energietarief").update(
        naam="Sociaal tarief gas en stroom"
    )
    inbox = als(maatschappelijk_werker).get(reverse("toeleiding_lijst")).content.decode()
    dossier = (
        als(maatschappelijk_werker)
        .get(reverse("gezinsdossier", args=[gezin_a.pk]))
        .content.decode()
    )
    for html in (inbox, dossier):
        assert "Sociaal tarief gas en stroom" in html
        assert "sociaal_energietarief" not in html
    assert rechtenverkenning.benoemd(["weg_recht"], {}) == ["Weg recht"]
