"""Editing a household after creation: a birth, a new partner, someone who left, a move."""

from django.urls import reverse

from hulpverlening.models import Auditregel, Persoon

from ..conftest import maak_gezin, nieuw_gezin_post


def _post(gezin, **overrides) -> dict:
    """The edit form as the page sends it, unchanged, with fields to change."""
    data = {
        "persoon-TOTAL_FORMS": str(gezin.personen.count()),
        "persoon-INITIAL_FORMS": str(gezin.personen.count()),
        "persoon-MIN_NUM_FORMS": "0",
        "persoon-MAX_NUM_FORMS": "20",
        "volwassenen": gezin.volwassenen,
        "kinderen_0_2": gezin.kinderen_0_2,
        "kinderen_3_11": gezin.kinderen_3_11,
        "kinderen_12_17": gezin.kinderen_12_17,
        "postcode": gezin.postcode,
    }
    for i, p in enumerate(gezin.personen.order_by("pk")):
        data |= {
            f"persoon-{i}-id": p.pk,
            f"persoon-{i}-voornaam": p.voornaam,
            f"persoon-{i}-achternaam": p.achternaam,
            f"persoon-{i}-geboortejaar": p.geboortejaar,
            f"persoon-{i}-relatie": p.relatie,
        }
    return data | overrides


def _url(gezin):
    return reverse("gezin_wijzigen", args=[gezin.pk])


def test_the_file_links_to_the_edit_page_for_who_may_change_it(als, coordinator, gezin_a):
    pagina = als(coordinator).get(gezin_a.get_absolute_url()).content.decode()
    assert _url(gezin_a) in pagina


def test_a_birth_adds_a_child_and_is_logged(als, coordinator, gezin_a):
    data = _post(
        gezin_a,
        **{
            "persoon-TOTAL_FORMS": "2",
            "persoon-1-voornaam": "Yara",
            "persoon-1-achternaam": "El Idrissi",
            "persoon-1-geboortejaar": "2026",
            "persoon-1-relatie": "kind",
            "kinderen_0_2": gezin_a.kinderen_0_2 + 1,
        },
    )
    response = als(coordinator).post(_url(gezin_a), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    gezin_a.refresh_from_db()
    assert [p.voornaam for p in gezin_a.personen.order_by("pk")] == ["Amina", "Yara"]
    assert gezin_a.kinderen_0_2 == 1
    assert Auditregel.objects.filter(actie="gewijzigd", gezin_id=gezin_a.pk).count() == 1


def test_a_named_person_the_composition_does_not_count_is_refused_with_what_was_typed(
    als, coordinator, wereld
):
    gezin = maak_gezin(wereld.initiatief_a)
    gezin.kinderen_3_11 = 0  # one adult, counted alone
    gezin.save()
    data = _post(
        gezin,
        **{
            "persoon-TOTAL_FORMS": "2",
            "persoon-1-voornaam": "Yara",
            "persoon-1-achternaam": "El Idrissi",
            "persoon-1-geboortejaar": "2026",
            "persoon-1-relatie": "kind",
        },
    )
    response = als(coordinator).post(_url(gezin), data)
    assert response.status_code == 422
    pagina = response.content.decode()
    assert "U noemt 2 personen, maar de samenstelling telt er 1." in pagina
    assert 'value="Yara"' in pagina
    assert gezin.personen.count() == 1


def test_the_reference_person_can_pass_to_the_partner(als, coordinator, wereld):
    gezin = maak_gezin(wereld.initiatief_a)
    Persoon.objects.create(
        gezin=gezin, voornaam="Karim", achternaam="El Idrissi", geboortejaar=1983, relatie="partner"
    )
    gezin.volwassenen = 2
    gezin.save()
    data = _post(
        gezin, **{"persoon-0-relatie": "partner", "persoon-1-relatie": "referentiepersoon"}
    )
    assert als(coordinator).post(_url(gezin), data).status_code == 302
    assert gezin.referentiepersoon.voornaam == "Karim"


def test_someone_who_left_is_removed(als, coordinator, wereld):
    gezin = maak_gezin(wereld.initiatief_a)
    Persoon.objects.create(
        gezin=gezin, voornaam="Karim", achternaam="El Idrissi", geboortejaar=1983, relatie="partner"
    )
    data = _post(gezin, **{"persoon-1-DELETE": "on", "volwassenen": 1})
    assert als(coordinator).post(_url(gezin), data).status_code == 302
    assert [p.voornaam for p in gezin.personen.all()] == ["Amina"]


def test_removing_the_reference_person_without_a_new_one_is_refused(als, coordinator, gezin_a):
    data = _post(gezin_a, **{"persoon-0-DELETE": "on"})
    response = als(coordinator).post(_url(gezin_a), data)
    assert response.status_code == 422
    assert "Duid precies één referentiepersoon aan." in response.content.decode()
    assert gezin_a.personen.count() == 1


def test_a_forged_person_of_another_household_is_not_touched(als, coordinator, wereld, gezin_a):
    ander = maak_gezin(wereld.initiatief_b, "Piet", "Janssens")
    vreemde = ander.personen.get()
    data = _post(
        gezin_a,
        **{
            "persoon-TOTAL_FORMS": "2",
            "persoon-INITIAL_FORMS": "2",
            "persoon-1-id": vreemde.pk,
            "persoon-1-voornaam": "Gekaapt",
            "persoon-1-achternaam": "X",
            "persoon-1-geboortejaar": "1970",
            "persoon-1-relatie": "partner",
            "volwassenen": 3,
        },
    )
    response = als(coordinator).post(_url(gezin_a), data)
    assert response.status_code in (302, 422)
    vreemde.refresh_from_db()
    assert vreemde.voornaam == "Piet" and vreemde.gezin_id == ander.pk


def test_another_organisation_cannot_open_the_edit_page(als, coordinator_b, gezin_a):
    assert als(coordinator_b).get(_url(gezin_a)).status_code == 404
    assert als(coordinator_b).post(_url(gezin_a), _post(gezin_a)).status_code == 404


def test_a_volunteer_cannot_edit(als, vrijwilliger, gezin_a):
    assert als(vrijwilliger).get(_url(gezin_a)).status_code in (403, 404)


def test_one_more_person_keeps_what_was_typed_and_saves_nothing(als, maatschappelijk_werker):
    data = nieuw_gezin_post(**{"persoon-0-voornaam": "Fatma", "meer": "1"})
    response = als(maatschappelijk_werker).post(reverse("gezin_nieuw"), data)
    pagina = response.content.decode()
    assert response.status_code == 200
    assert 'value="Fatma"' in pagina
    assert 'name="persoon-1-voornaam"' in pagina
    assert 'name="persoon-TOTAL_FORMS" value="2"' in pagina


def test_a_new_household_may_name_more_than_three_persons(als, maatschappelijk_werker):
    data = nieuw_gezin_post(
        **{"persoon-TOTAL_FORMS": "5", "volwassenen": "2", "kinderen_3_11": "3"}
    )
    for i, naam in enumerate(["Ali", "Sara", "Omar", "Lina"], start=1):
        data |= {
            f"persoon-{i}-voornaam": naam,
            f"persoon-{i}-achternaam": "Yilmaz",
            f"persoon-{i}-geboortejaar": "2018",
            f"persoon-{i}-relatie": "kind",
        }
    response = als(maatschappelijk_werker).post(reverse("gezin_nieuw"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Persoon.objects.filter(achternaam="Yilmaz").count() == 5
