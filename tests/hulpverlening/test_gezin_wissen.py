"""Art. 17: erasure on request, after a typed confirmation, keeping every count."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from doorverwijzing.models import Doorverwijzing
from hulpverlening.models import (
    Auditregel,
    Gezin,
    Gezinsrelatie,
    Hulpvorm,
    Kaart,
    Persoon,
    Toestemming,
)
from registratie.models import Afhaling


def _url(gezin) -> str:
    return reverse("gezin_wissen", args=[gezin.pk])


def _afhaling(gezin, moment, kaart) -> Afhaling:
    return Afhaling.objects.create(
        gezin=gezin,
        kaart=kaart,
        organisatie=moment.locatie.organisatie,
        locatie=moment.locatie,
        afhaalmoment=moment,
        hulpvorm=Hulpvorm.objects.standaard(),
        datum=date(2026, 10, 1),
        gescand_op=timezone.now(),
    )


def test_the_page_says_what_goes_and_what_stays_and_warns_about_a_running_referral(
    wereld, als, coordinator, gezin_a
):
    vandaag = timezone.localdate()
    Doorverwijzing.objects.create(
        gezin=gezin_a,
        organisatie=wereld.initiatief_a,
        verwijzer=wereld.sociale_dienst,
        soort=Doorverwijzing.Soort.DOORVERWIJZING,
        hulpvorm=Hulpvorm.objects.standaard(),
        start=vandaag,
        einde=vandaag + timedelta(days=30),
    )
    response = als(coordinator).get(_url(gezin_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Amina El Idrissi" in html
    assert "Wat verdwijnt" in html and "Wat blijft" in html
    assert "Dit gezin krijgt nog hulp." in html and "doorverwijzing tot" in html
    assert reverse("gezin_export_pdf", args=[gezin_a.pk]) in html


def test_without_the_typed_confirmation_nothing_is_erased(als, coordinator, gezin_a):
    client = als(coordinator)
    for bevestiging in ("", "ja", "wis"):
        response = client.post(_url(gezin_a), {"bevestiging": bevestiging})
        assert response.status_code == 422
    assert "Typ WISSEN" in response.content.decode()
    gezin_a.refresh_from_db()
    assert gezin_a.gepseudonimiseerd_op is None
    assert Persoon.objects.filter(gezin=gezin_a).exists()


def test_erasure_removes_the_person_and_keeps_the_counts(
    wereld, als, coordinator, gezin_a, kaart_a, moment_a
):
    afhaling = _afhaling(gezin_a, moment_a, kaart_a)
    toestemming = Toestemming.objects.create(
        gezin=gezin_a, organisatie=wereld.initiatief_a, doel="registratie", tekstversie="v1"
    )
    client = als(coordinator)

    response = client.post(_url(gezin_a), {"bevestiging": "wissen "})

    assert response.status_code == 302
    assert response.url == reverse("gezin_lijst")
    gezin_a.refresh_from_db()
    kaart_a.refresh_from_db()
    afhaling.refresh_from_db()
    assert gezin_a.gepseudonimiseerd_op is not None
    assert (gezin_a.volwassenen, gezin_a.kinderen_3_11, gezin_a.postcode) == (1, 2, "9000")
    assert not Persoon.objects.filter(gezin=gezin_a).exists()
    assert not Gezinsrelatie.objects.filter(gezin=gezin_a).exists()
    # The card the person keeps is dead and leads nowhere.
    assert not kaart_a.is_actief
    assert kaart_a.gezin_id is None
    assert afhaling.gezin_id == gezin_a.pk and afhaling.kaart_id is None
    assert Afhaling.objects.filter(gezin=gezin_a).count() == 1
    assert Toestemming.objects.filter(pk=toestemming.pk).exists()
    assert Gezin.objects.filter(gemeente=wereld.gent).count() == 1
    # Nobody can open it any more, not even the one who erased it.
    assert client.get(gezin_a.get_absolute_url()).status_code == 404
    assert client.get(_url(gezin_a)).status_code == 404


def test_erasure_is_in_the_audit_log_with_who_and_why(als, coordinator, gezin_a):
    als(coordinator).post(_url(gezin_a), {"bevestiging": "WISSEN"})
    regels = Auditregel.objects.filter(gezin_id=gezin_a.pk, actie=Auditregel.Actie.GEWIJZIGD)
    door = regels.get(user_id=coordinator.pk)
    assert door.waar == f"gezin_wissen {_url(gezin_a)}"
    assert regels.filter(waar="pseudonimisering: gewist op verzoek").exists()


def test_volunteers_and_other_roles_may_not_erase(
    als, vrijwilliger, stadsmedewerker, beheerder, gezin_a
):
    for user in (vrijwilliger, stadsmedewerker, beheerder):
        assert als(user).post(_url(gezin_a), {"bevestiging": "WISSEN"}).status_code == 403
    gezin_a.refresh_from_db()
    assert gezin_a.gepseudonimiseerd_op is None


def test_other_organisations_and_municipalities_get_404_and_erase_nothing(
    als, coordinator_b, coordinator_eeklo, gezin_a
):
    for user in (coordinator_b, coordinator_eeklo):
        client = als(user)
        assert client.get(_url(gezin_a)).status_code == 404
        assert client.post(_url(gezin_a), {"bevestiging": "WISSEN"}).status_code == 404
    gezin_a.refresh_from_db()
    assert gezin_a.gepseudonimiseerd_op is None


def test_the_household_page_links_to_export_and_erasure_for_coordinators_only(
    als, coordinator, vrijwilliger, gezin_a
):
    html = als(coordinator).get(gezin_a.get_absolute_url()).content.decode()
    for naam in ("gezin_export_pdf", "gezin_export_json", "gezin_wissen"):
        assert reverse(naam, args=[gezin_a.pk]) in html
    html = als(vrijwilliger).get(gezin_a.get_absolute_url()).content.decode()
    assert reverse("gezin_wissen", args=[gezin_a.pk]) not in html


def test_an_erased_card_scanned_at_the_desk_is_refused(wereld, coordinator, gezin_a, kaart_a):
    from hulpverlening import privacy, scoping

    privacy.gezin_wissen(gezin=gezin_a)
    opzoeking = scoping.kaart_opzoeken(coordinator.lidmaatschappen.get(), kaart_a.code)
    assert not opzoeking.gevonden
    assert opzoeking.gezin is None
    assert Kaart.objects.get(pk=kaart_a.pk).intrekkingsreden == "gepseudonimiseerd"
