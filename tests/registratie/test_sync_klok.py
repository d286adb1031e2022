"""A phone with a wrong clock, a retry of one's own key, a refusal by a proxy (issue 11.1,
11.3 and 11.7, the server side): nothing dropped, nothing dated on a wrong day unflagged."""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from registratie.models import Afhaling

URL = "/registratie/api/afhalingen/"


@pytest.fixture
def balie(als, vrijwilliger):
    return als(vrijwilliger)


def _post(client, body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def _batch(moment, kaart, *, scheef: timedelta, klok: bool = True, sleutel=None, offline=True):
    """A pickup scanned just now on a phone whose clock is `scheef` off, sent at once."""
    toestel_nu = timezone.now() + scheef
    item = {
        "sleutel": str(sleutel or uuid.uuid4()),
        "moment": moment.pk,
        "datum": timezone.localdate(toestel_nu).isoformat(),
        "gescand_op": toestel_nu.isoformat(),
        "kaart": kaart.qr_payload,
        "offline": offline,
    }
    body = {"apparaat": "t", "afhalingen": [item]}
    if klok:
        body["klok"] = toestel_nu.isoformat()
    return body


@pytest.mark.parametrize(
    "scheef",
    [timedelta(hours=25), timedelta(hours=23), timedelta(days=365), timedelta(days=-1),
     timedelta(days=-365), timedelta(days=-730)],
    ids=["+25h", "+23h", "+1 jaar", "-1 dag", "-1 jaar", "-2 jaar"],
)  # fmt: skip
def test_a_wrong_clock_is_corrected_kept_and_flagged(balie, moment_a, kaart_a, scheef):
    [resultaat] = _post(balie, _batch(moment_a, kaart_a, scheef=scheef)).json()["resultaten"]
    assert resultaat["uitkomst"] == "te_controleren"
    assert "klok van het toestel" in resultaat["bericht"]
    afhaling = Afhaling.objects.get()
    # Dated by the server's clock, not the phone's; the receive time is kept next to it.
    assert abs(afhaling.gescand_op - timezone.now()) < timedelta(minutes=1)
    assert afhaling.datum == timezone.localdate()
    assert afhaling.ontvangen_op >= afhaling.gescand_op - timedelta(seconds=5)
    assert afhaling.status == Afhaling.Status.TE_CONTROLEREN


def test_without_the_phones_clock_an_impossible_time_is_dated_by_the_moment(
    balie, moment_a, kaart_a
):
    body = _batch(moment_a, kaart_a, scheef=timedelta(hours=25), klok=False)
    [resultaat] = _post(balie, body).json()["resultaten"]
    assert resultaat["uitkomst"] == "te_controleren"
    assert "Kijk de klok van het toestel na" in resultaat["bericht"]
    afhaling = Afhaling.objects.get()
    assert afhaling.datum <= timezone.localdate()
    assert afhaling.datum.weekday() == moment_a.weekdag
    assert (timezone.localdate() - afhaling.datum).days < 7


def test_a_right_clock_keeps_yesterdays_offline_pickup_on_yesterday(balie, moment_a, kaart_a):
    gisteren = timezone.now() - timedelta(days=1)
    body = {
        "klok": timezone.now().isoformat(),
        "afhalingen": [
            {
                "sleutel": str(uuid.uuid4()),
                "moment": moment_a.pk,
                "datum": timezone.localdate(gisteren).isoformat(),
                "gescand_op": gisteren.isoformat(),
                "kaart": kaart_a.qr_payload,
                "offline": True,
            }
        ],
    }
    [resultaat] = _post(balie, body).json()["resultaten"]
    assert resultaat["uitkomst"] == "geaccepteerd"
    assert Afhaling.objects.get().datum == timezone.localdate(gisteren)


def test_a_flagged_pickup_resent_after_the_clock_is_fixed_is_the_same_pickup(
    balie, moment_a, kaart_a
):
    sleutel = uuid.uuid4()
    _post(balie, _batch(moment_a, kaart_a, scheef=timedelta(days=365), sleutel=sleutel))
    [opnieuw] = _post(
        balie, _batch(moment_a, kaart_a, scheef=timedelta(days=365), sleutel=sleutel)
    ).json()["resultaten"]
    assert opnieuw["uitkomst"] == "duplicaat" and opnieuw["zelfde_sleutel"] is True
    assert Afhaling.objects.count() == 1


def test_a_retry_of_the_own_key_says_so(balie, moment_a, kaart_a):
    body = _batch(moment_a, kaart_a, scheef=timedelta(0), offline=False)
    [eerste] = _post(balie, body).json()["resultaten"]
    [opnieuw] = _post(balie, body).json()["resultaten"]
    assert eerste["uitkomst"] == "geaccepteerd" and "zelfde_sleutel" not in eerste
    assert opnieuw["uitkomst"] == "duplicaat" and opnieuw["zelfde_sleutel"] is True


def test_another_phones_pickup_of_the_household_is_no_own_retry(
    balie, moment_a, kaart_a, client, vrijwilliger
):
    _post(balie, _batch(moment_a, kaart_a, scheef=timedelta(0), offline=False))
    [tweede] = _post(balie, _batch(moment_a, kaart_a, scheef=timedelta(0), offline=False)).json()[
        "resultaten"
    ]
    assert tweede["uitkomst"] == "duplicaat"
    assert "Al geregistreerd om" in tweede["bericht"]
    assert "zelfde_sleutel" not in tweede
    assert Afhaling.objects.count() == 1


def test_a_whole_request_refusal_carries_the_apps_code(balie):
    response = balie.post(URL, "{", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "ongeldig"
