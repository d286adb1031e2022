"""The offline queue's batch endpoint: per-item answers, bad input never a 500."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hulpverlening.models import Afhaalmoment, Hulpvorm, Locatie
from registratie.models import Afhaling

URL = "/registratie/api/afhalingen/"


def _item(afhaalmoment, gezinskaart, **kw):
    return {
        "sleutel": str(uuid.uuid4()),
        "moment": afhaalmoment.pk,
        "datum": timezone.localdate().isoformat(),
        "gescand_op": timezone.now().isoformat(),
        "kaart": gezinskaart.qr_payload,
        "offline": True,
    } | kw


def _post(client, body):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data, content_type="application/json")


@pytest.fixture
def balie(als, vrijwilliger):
    return als(vrijwilliger)


def test_url_name_matches_the_documented_path():
    assert reverse("sync_api") == URL


def test_a_batch_is_registered_and_replaying_it_adds_nothing(balie, moment_a, kaart_a, wereld):
    from hulpverlening import services

    from ..conftest import maak_gezin

    tweede = services.kaart_uitgeven(
        gezin=maak_gezin(wereld.initiatief_a, "Piet"), organisatie=wereld.initiatief_a
    )
    batch = {
        "apparaat": "toestel-1",
        "afhalingen": [_item(moment_a, kaart_a), _item(moment_a, tweede)],
    }
    eerste = _post(balie, batch).json()["resultaten"]
    assert [r["uitkomst"] for r in eerste] == ["geaccepteerd", "geaccepteerd"]
    assert Afhaling.objects.count() == 2
    opnieuw = _post(balie, batch).json()["resultaten"]
    assert [r["uitkomst"] for r in opnieuw] == ["duplicaat", "duplicaat"]
    assert Afhaling.objects.count() == 2
    assert Afhaling.objects.first().apparaat == "toestel-1"


def test_a_bad_item_does_not_cost_the_others(balie, moment_a, kaart_a, wereld):
    andere_locatie = Locatie.objects.create(
        organisatie=wereld.initiatief_b, naam="B", postcode="9000"
    )
    vreemd_moment = Afhaalmoment.objects.create(
        locatie=andere_locatie, weekdag=0, start="10:00", einde="12:00", capaciteit=5
    )
    toekomst = (timezone.now() + timedelta(days=3)).isoformat()
    items = [
        _item(moment_a, kaart_a, moment=999999),
        _item(moment_a, kaart_a, moment=vreemd_moment.pk),
        _item(moment_a, kaart_a, gescand_op=toekomst),
        _item(moment_a, kaart_a, kaart="https://example.org"),
        _item(moment_a, kaart_a, kaart="WIFI:S:net;;"),
        _item(moment_a, kaart_a, sleutel="geen-uuid"),
        _item(moment_a, kaart_a, datum="gisteren"),
        {"sleutel": str(uuid.uuid4())},
        "geen object",
        _item(moment_a, kaart_a),
    ]
    resultaten = _post(balie, {"afhalingen": items}).json()["resultaten"]
    uitkomsten = [r["uitkomst"] for r in resultaten]
    # A scan time in the future is a wrong clock: kept, dated by the moment, flagged.
    assert uitkomsten[:9] == ["fout", "fout", "te_controleren"] + ["fout"] * 6
    assert uitkomsten[9] in ("geaccepteerd", "duplicaat", "te_controleren"), resultaten[9]
    berichten = [r["bericht"] for r in resultaten]
    assert berichten[0] == berichten[1] == "Dit afhaalmoment is niet van uw organisatie."
    assert "Kijk de klok van het toestel na" in berichten[2]
    assert "geen kaart van Materiële hulp" in berichten[3]
    assert Afhaling.objects.count() == 2 - (uitkomsten[9] == "duplicaat")


def test_card_of_another_municipality_is_a_per_item_error(balie, moment_a, wereld):
    from hulpverlening import services

    from ..conftest import maak_gezin

    eeklo = services.kaart_uitgeven(
        gezin=maak_gezin(wereld.initiatief_eeklo), organisatie=wereld.initiatief_eeklo
    )
    (resultaat,) = _post(balie, {"afhalingen": [_item(moment_a, eeklo)]}).json()["resultaten"]
    assert resultaat["uitkomst"] == "fout"
    assert "andere gemeente" in resultaat["bericht"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{niet json", 400),
        ('"een tekst"', 400),
        ('{"afhalingen": "geen lijst"}', 400),
        (b"\xff\xfe", 400),
        (json.dumps({"afhalingen": [{}] * 201}), 400),
    ],
)
def test_unusable_batches_get_a_clear_400(balie, db, body, status):
    response = _post(balie, body)
    assert response.status_code == status
    assert response.json()["fout"]


def test_a_ten_megabyte_body_is_refused_with_413(balie, db):
    response = _post(balie, '{"afhalingen": ["' + "x" * (10 * 1024 * 1024) + '"]}')
    assert response.status_code == 413


def test_not_logged_in_is_401_json_so_the_queue_waits(client, db):
    response = _post(client, {"afhalingen": []})
    assert response.status_code == 401
    assert "Meld u opnieuw aan" in response.json()["fout"]


def test_city_staff_may_not_register(als, stadsmedewerker):
    response = _post(als(stadsmedewerker), {"afhalingen": []})
    assert response.status_code == 403


def test_sync_needs_csrf_like_every_post(vrijwilliger, db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(vrijwilliger)
    assert client.post(URL, "{}", content_type="application/json").status_code == 403


def test_a_pickup_earlier_in_the_batch_counts_for_the_items_after_it(balie, moment_a, kaart_a):
    """A zelfmelder allowed one visit, scanned on two days while offline: the second is flagged."""
    from registratie.models import Afhaalregels

    Afhaalregels.objects.create(organisatie=moment_a.locatie.organisatie, zelfmelder_bezoeken=1)
    vandaag = timezone.localdate()
    gisteren = vandaag - timedelta(days=1)
    items = [
        _item(moment_a, kaart_a, datum=gisteren.isoformat()),
        _item(moment_a, kaart_a, datum=vandaag.isoformat()),
    ]
    resultaten = _post(balie, {"afhalingen": items}).json()["resultaten"]
    assert [r["uitkomst"] for r in resultaten] == ["geaccepteerd", "te_controleren"]
    assert "al 1 bezoek gehad" in resultaten[1]["bericht"]


def test_the_same_household_twice_at_one_moment_in_a_batch_is_flagged_not_lost(
    balie, moment_a, kaart_a
):
    items = [_item(moment_a, kaart_a), _item(moment_a, kaart_a)]
    resultaten = _post(balie, {"afhalingen": items}).json()["resultaten"]
    assert [r["uitkomst"] for r in resultaten] == ["geaccepteerd", "te_controleren"]
    assert Afhaling.objects.count() == 2


def test_the_nightly_task_marks_households_active_from_their_pickups(
    balie, moment_a, kaart_a, gezin_a
):
    from hulpverlening.models import Gezin
    from registratie.tasks import laatste_activiteit_bijwerken

    lang_geleden = timezone.now() - timedelta(days=90)
    Gezin.objects.filter(pk=gezin_a.pk).update(laatste_activiteit=lang_geleden)
    item = _item(moment_a, kaart_a)
    _post(balie, {"afhalingen": [item]})
    gezin_a.refresh_from_db()
    assert gezin_a.laatste_activiteit == lang_geleden  # registering writes no household row

    assert laatste_activiteit_bijwerken.delay().get() == 1
    gezin_a.refresh_from_db()
    assert gezin_a.laatste_activiteit.isoformat() == item["gescand_op"]
    assert laatste_activiteit_bijwerken.delay().get() == 0  # nothing newer: nothing changes


def test_an_undone_pickup_does_not_mark_the_household_active(moment_a, kaart_a, gezin_a):
    from hulpverlening.models import Gezin
    from registratie import services

    lang_geleden = timezone.now() - timedelta(days=90)
    Gezin.objects.filter(pk=gezin_a.pk).update(laatste_activiteit=lang_geleden)
    Afhaling.objects.create(
        gezin=gezin_a,
        organisatie=moment_a.locatie.organisatie,
        locatie=moment_a.locatie,
        afhaalmoment=moment_a,
        hulpvorm=Hulpvorm.objects.standaard(),
        datum=timezone.localdate(),
        gescand_op=timezone.now(),
        status=Afhaling.Status.ONGEDAAN,
    )
    assert services.laatste_activiteit_bijwerken(sinds=timezone.now() - timedelta(days=1)) == 0


def test_a_registration_costs_a_fixed_handful_of_queries(
    balie, moment_a, kaart_a, wereld, django_assert_max_num_queries
):
    """Session, user, cards with the organisation's rules, pickups, insert, audit, and here
    a savepoint and its release (the test runs in a transaction). Memberships and the
    second-factor check come from the session, the default aid from the cache.

    Guards the hot path (registratie/lezen.py): a query per item would show here.
    """
    from hulpverlening import services

    from ..conftest import maak_gezin

    kaarten = [
        kaart_a,
        *(
            services.kaart_uitgeven(
                gezin=maak_gezin(wereld.initiatief_a, f"G{i}"), organisatie=wereld.initiatief_a
            )
            for i in range(3)
        ),
    ]
    _post(balie, {"afhalingen": [_item(moment_a, kaarten[0])]})  # warm the session
    with django_assert_max_num_queries(8):
        _post(balie, {"afhalingen": [_item(moment_a, kaarten[1])]})
    with django_assert_max_num_queries(10):
        _post(balie, {"afhalingen": [_item(moment_a, k) for k in kaarten[2:]]})


def _bekend(client, sleutels):
    return client.post(
        reverse("sync_bekend"), json.dumps({"sleutels": sleutels}), content_type="application/json"
    )


def test_a_phone_can_ask_which_of_its_keys_arrived(balie, moment_a, kaart_a):
    item = _item(moment_a, kaart_a)
    _post(balie, {"afhalingen": [item]})
    onbekend = str(uuid.uuid4())
    antwoord = _bekend(balie, [item["sleutel"], onbekend])
    assert antwoord.status_code == 200
    assert antwoord.json() == {"bekend": [item["sleutel"]]}


def test_another_organisations_keys_are_unknown_to_the_asker(
    balie, als, vrijwilliger_b, moment_a, kaart_a
):
    item = _item(moment_a, kaart_a)
    _post(balie, {"afhalingen": [item]})
    assert _bekend(als(vrijwilliger_b), [item["sleutel"]]).json() == {"bekend": []}


@pytest.mark.parametrize(
    "body",
    [
        "nee",
        {"sleutels": "x"},
        {"sleutels": ["geen-uuid"]},
        {"sleutels": [str(uuid.uuid4())] * 501},
    ],
)
def test_asking_with_garbage_gets_a_dutch_refusal(balie, body):
    data = body if isinstance(body, str) else json.dumps(body)
    antwoord = balie.post(reverse("sync_bekend"), data, content_type="application/json")
    assert antwoord.status_code == 400
    assert antwoord.json()["code"] == "ongeldig"


def test_asking_without_a_session_says_log_in(client, db):
    assert _bekend(client, []).status_code == 401


def test_a_visit_of_two_aids_is_two_items_and_an_unknown_aid_is_named(
    balie, moment_a, kaart_a, wereld
):
    """Issue 13.3 through the phone's queue: one key per line of the visit."""
    kit = Hulpvorm.objects.get(slug="babyuitzet")
    wereld.initiatief_a.hulpvormen.set([Hulpvorm.objects.standaard(), kit])
    batch = {
        "afhalingen": [
            _item(moment_a, kaart_a, hulpvorm="voedselpakket"),
            _item(moment_a, kaart_a, hulpvorm="babyuitzet"),
            _item(moment_a, kaart_a, hulpvorm="babyuitzet"),
            _item(moment_a, kaart_a, hulpvorm="kaviaar"),
        ]
    }
    resultaten = _post(balie, batch).json()["resultaten"]
    assert [r["uitkomst"] for r in resultaten[:3]] == [
        "geaccepteerd",
        "geaccepteerd",
        "te_controleren",
    ]
    assert resultaten[3]["uitkomst"] == "fout"
    assert resultaten[3]["bericht"] == "Deze hulpvorm kennen we niet."
    assert Afhaling.objects.filter(hulpvorm=kit, status="geregistreerd").count() == 1
