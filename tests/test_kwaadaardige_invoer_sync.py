"""Bad input against the sync endpoint: never a 5xx, one answer per item, nothing lost.

Hypothesis throws arbitrary JSON, arbitrary items (wrong types, huge and odd
strings, negative and huge numbers, dates far away, naive and aware times,
other people's QR codes) and random bytes at POST /registratie/api/afhalingen/
as a logged-in volunteer. Each example runs in a savepoint that is rolled back,
so examples do not see each other's pickups.

The tests at the bottom pin the bugs this sweep found (impossible dates, NUL
characters, deep nesting, ancient scan times); an input that hits a newly found
bug goes in tests/kwaadaardig.py's `bekende_sync_bug` with an xfail test here.
"""

import json
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, assume, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from hulpverlening import services
from hulpverlening.models import Afhaalmoment, Kaart, Locatie
from registratie.models import Afhaling

from .conftest import maak_gezin
from .kwaadaardig import (
    aanmelden,
    bekende_sync_bug,
    diepte,
    goed_item,
    sync_post,
)

UITKOMSTEN = {"geaccepteerd", "duplicaat", "te_controleren", "fout"}
AFGELEVERD = {"geaccepteerd", "te_controleren"}  # what a fresh, good offline item must get

VOORBEELDEN = settings(
    max_examples=150,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the work tree
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


class Omgeving:
    """Real objects the generated items may point at, next to the garbage."""

    def __init__(self, wereld, client, moment, kaart, gezin):
        self.client = client
        self.moment = moment
        self.kaart = kaart
        self.gezin = gezin
        self.andere_gezin = maak_gezin(wereld.initiatief_b, "Jan", "Claeys", 1961)
        locatie_b = Locatie.objects.create(
            organisatie=wereld.initiatief_b, naam="B", postcode="9000"
        )
        self.ander_moment = Afhaalmoment.objects.create(
            locatie=locatie_b, weekdag=0, start="10:00", einde="12:00", capaciteit=5
        )
        self.kaart_eeklo = services.kaart_uitgeven(
            gezin=maak_gezin(wereld.initiatief_eeklo), organisatie=wereld.initiatief_eeklo
        )
        ingetrokken_gezin = maak_gezin(wereld.initiatief_a, "Piet", "Peeters", 1970)
        self.ingetrokken = services.kaart_uitgeven(
            gezin=ingetrokken_gezin, organisatie=wereld.initiatief_a
        )
        services.kaart_intrekken(kaart=self.ingetrokken, reden=Kaart.Intrekkingsreden.VERLOREN)
        self.vrije_kaart = services.kaartbatch_aanmaken(
            organisatie=wereld.initiatief_a, aantal=1, door=None
        ).kaarten.get()


@pytest.fixture
def omgeving(wereld, client, vrijwilliger, moment_a, kaart_a, gezin_a):
    return Omgeving(wereld, aanmelden(client, vrijwilliger), moment_a, kaart_a, gezin_a)


# --- strategies -----------------------------------------------------------------

tekst = st.text(max_size=40)
rare_tekst = st.one_of(
    tekst,
    st.text(min_size=190, max_size=260),
    st.just("x" * 20_000),
    st.sampled_from(
        [
            "NaN",
            "Infinity",
            "-0",
            "null",
            "true",
            "0x1F",
            "1e309",
            "١٢٣",
            "²",
            "😀",
            "\u202eRTL",
            "<script>alert(1)</script>",
            "'; DROP TABLE registratie_afhaling; --",
            "%00",
        ]
    ),
)
rare_int = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**30, -(10**30)]),
)
json_blad = st.one_of(
    st.none(), st.booleans(), rare_int, st.floats(allow_nan=True, allow_infinity=True), tekst
)
json_waarde = st.recursive(
    json_blad,
    lambda kind: st.lists(kind, max_size=4) | st.dictionaries(tekst, kind, max_size=4),
    max_leaves=12,
)
zones = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minuten: dt_timezone(timedelta(minutes=minuten))
)


def _datums():
    vandaag = timezone.localdate()
    return st.one_of(
        st.just(vandaag.isoformat()),
        st.integers(min_value=-40, max_value=3).map(
            lambda d: (vandaag + timedelta(days=d)).isoformat()
        ),
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
        st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
        rare_tekst,
        json_waarde,
    )


def _scantijden():
    nu = timezone.now()
    return st.one_of(
        st.just(nu.isoformat()),
        st.integers(min_value=-40 * 24, max_value=72).map(
            lambda uur: (nu + timedelta(hours=uur)).isoformat()
        ),
        st.datetimes(timezones=zones).map(datetime.isoformat),  # aware, any year
        st.datetimes().map(datetime.isoformat),  # naive, any year
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
            lambda d: d.isoformat(sep=" ")
        ),
        st.from_regex(
            r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?\Z"
        ),
        rare_tekst,
        json_waarde,
    )


def _kaarten(o: Omgeving):
    code = o.kaart.code
    typfout = code[:-1] + ("0" if code[-1] != "0" else "1")
    return st.one_of(
        st.sampled_from(
            [
                o.kaart.qr_payload,
                o.kaart.code,
                o.kaart.leesbare_code.lower(),
                f"  {o.kaart.leesbare_code}  ",
                typfout,
                o.kaart_eeklo.qr_payload,  # another municipality
                o.ingetrokken.qr_payload,  # revoked
                o.vrije_kaart.qr_payload,  # printed, no household yet
                "MHG1:",
                "MHG1:" + "A" * 24,
                "MHG1:" + o.kaart.qr_payload,
                "https://example.org/?q=MHG1:abc",  # someone else's QR code
                "WIFI:T:WPA;S:Kerkzaal;P:geheim;;",
                "BEGIN:VCARD\nFN:Iemand\nEND:VCARD",
                "",
                "   ",
            ]
        ),
        st.builds(lambda t: "MHG1:" + t, tekst),
        rare_tekst,
        json_waarde,
    )


def _velden(o: Omgeving) -> dict:
    return {
        "sleutel": st.one_of(
            st.uuids().map(str), st.uuids().map(lambda u: u.hex), rare_tekst, json_waarde
        ),
        "moment": st.one_of(
            st.sampled_from([o.moment.pk, o.ander_moment.pk, str(o.moment.pk), float(o.moment.pk)]),
            rare_int,
            json_waarde,
        ),
        "datum": _datums(),
        "gescand_op": _scantijden(),
        "kaart": _kaarten(o),
        "gezin": st.one_of(
            st.sampled_from([o.gezin.pk, o.andere_gezin.pk, str(o.gezin.pk), True]),
            rare_int,
            json_waarde,
        ),
        "override_reden": st.one_of(st.just(""), rare_tekst, json_waarde),
        "offline": st.one_of(st.booleans(), json_waarde),
    }


@st.composite
def _bijna_goed_item(draw, o: Omgeving) -> dict:
    """A valid item with one to three fields replaced by garbage or left out.

    Most garbage then reaches the deeper checks (dates, card, household)
    instead of stopping at the first field.
    """
    velden = _velden(o)
    item = goed_item(
        o.moment.pk,
        draw(st.sampled_from([o.kaart.qr_payload, o.kaart.code])),
        sleutel=str(draw(st.uuids())),
        offline=draw(st.booleans()),
    )
    for veld in draw(
        st.lists(st.sampled_from(sorted(velden)), min_size=1, max_size=3, unique=True)
    ):
        if draw(st.integers(min_value=0, max_value=4)) == 0:
            item.pop(veld, None)
        else:
            item[veld] = draw(velden[veld], label=veld)
    if item.get("gezin") is not None and draw(st.booleans()):
        item.pop("kaart", None)  # find the household by id instead of by card
    return item


def _items(o: Omgeving):
    return st.one_of(
        _bijna_goed_item(o),
        _bijna_goed_item(o),
        _bijna_goed_item(o),
        # Any subset of the known fields, plus unknown ones.
        st.fixed_dictionaries({}, optional=_velden(o)).flatmap(
            lambda item: st.dictionaries(tekst, json_waarde, max_size=2).map(
                lambda extra: extra | item
            )
        ),
        json_waarde,  # not an object at all
    )


def _controleer_antwoord(response, items):
    assert response.status_code == 200, f"{response!r}"
    assert response["Content-Type"] == "application/json"
    resultaten = response.json()["resultaten"]
    assert len(resultaten) == len(items)
    for item, resultaat in zip(items, resultaten, strict=True):
        assert set(resultaat) - {"zelfde_sleutel"} == {"sleutel", "uitkomst", "bericht"}
        assert resultaat["uitkomst"] in UITKOMSTEN
        if currently_in_test_context():
            event(f"{resultaat['uitkomst']}: {resultaat['bericht'][:30]}")
        assert isinstance(resultaat["bericht"], str) and resultaat["bericht"].strip()
        verwacht = str(item.get("sleutel", "")) if isinstance(item, dict) else ""
        assert resultaat["sleutel"] == verwacht
    return resultaten


def _nederlandse_fout(response):
    data = response.json()
    assert set(data) == {"fout", "code"}
    assert data["code"] in {"aanmelden", "rol", "ongeldig", "te_groot", "andere_gebruiker"}
    fout = data["fout"]
    assert isinstance(fout, str) and fout.strip()
    for engels in ("Expecting", "Traceback", "Error", "codec", "char ", "column"):
        assert engels not in fout, fout


# --- properties -------------------------------------------------------------------


@VOORBEELDEN
@given(data=st.data())
def test_a_good_item_among_garbage_is_registered_exactly_once(omgeving, data):
    o = omgeving
    slechte = data.draw(st.lists(_items(o), max_size=5), label="slechte items")
    goed = goed_item(o.moment.pk, data.draw(st.sampled_from([o.kaart.qr_payload, o.kaart.code])))
    plaats = data.draw(st.integers(min_value=0, max_value=len(slechte)), label="plaats")
    items = [*slechte[:plaats], goed, *slechte[plaats:]]
    body = {"apparaat": data.draw(st.one_of(rare_tekst, json_waarde)), "afhalingen": items}
    assume(bekende_sync_bug(body) is None)

    with transaction.atomic():
        response = sync_post(o.client, body)
        resultaten = _controleer_antwoord(response, items)
        assert resultaten[plaats]["uitkomst"] in AFGELEVERD, resultaten[plaats]
        assert Afhaling.objects.filter(idempotentiesleutel=goed["sleutel"]).count() == 1
        # Replaying the whole batch (the phone did not see the answer) adds nothing.
        aantal = Afhaling.objects.count()
        opnieuw = _controleer_antwoord(sync_post(o.client, body), items)
        assert opnieuw[plaats]["uitkomst"] == "duplicaat"
        assert Afhaling.objects.count() == aantal
        transaction.set_rollback(True)


@VOORBEELDEN
@given(data=st.data())
def test_arbitrary_items_get_one_answer_each_and_never_a_server_error(omgeving, data):
    o = omgeving
    items = data.draw(st.lists(_items(o), max_size=8), label="items")
    body = {"afhalingen": items} | data.draw(
        st.fixed_dictionaries({}, optional={"apparaat": st.one_of(rare_tekst, json_waarde)})
    )
    assume(bekende_sync_bug(body) is None)
    with transaction.atomic():
        _controleer_antwoord(sync_post(o.client, body), items)
        transaction.set_rollback(True)


@VOORBEELDEN
@given(body=json_waarde)
def test_arbitrary_json_is_answered_200_or_a_dutch_400(omgeving, body):
    with transaction.atomic():
        response = sync_post(omgeving.client, body)
        assert response.status_code in (200, 400), f"{response!r}"
        if response.status_code == 200:
            _controleer_antwoord(response, body["afhalingen"])
        else:
            _nederlandse_fout(response)
        transaction.set_rollback(True)


@VOORBEELDEN
@given(body=st.binary(max_size=2000))
def test_random_bytes_are_answered_200_or_a_dutch_400(omgeving, body):
    try:
        geparsed = json.loads(body)
    except ValueError:
        geparsed = None
    else:
        assume(diepte(geparsed) < 500 and bekende_sync_bug(geparsed) is None)
    with transaction.atomic():
        response = sync_post(omgeving.client, body)
        assert response.status_code in (200, 400), f"{response!r}"
        if response.status_code == 400:
            _nederlandse_fout(response)
        transaction.set_rollback(True)


# --- fixed cases from issue 3's "Bad input" not covered by tests/registratie/test_sync_api.py


@pytest.mark.parametrize(
    "kaart",
    [
        "MHG1:kapot",  # malformed payload
        "MHG1:" + "!" * 24,
        "http://example.org/",  # a URL
        "WIFI:S:Kerkzaal;T:WPA;P:geheim;;",  # a Wi-Fi code
        "K7QM-4XPR-T0",  # a code that is not ours
        "X" * 10_000,
    ],
)
def test_foreign_and_malformed_qr_codes_are_a_dutch_per_item_error(omgeving, kaart):
    o = omgeving
    items = [goed_item(o.moment.pk, kaart), goed_item(o.moment.pk, o.kaart.qr_payload)]
    resultaten = _controleer_antwoord(sync_post(o.client, {"afhalingen": items}), items)
    assert resultaten[0]["uitkomst"] == "fout"
    assert resultaten[1]["uitkomst"] == "geaccepteerd"
    assert Afhaling.objects.count() == 1


@pytest.mark.parametrize("veld", ["sleutel", "moment", "datum", "gescand_op", "kaart"])
def test_each_missing_field_is_a_per_item_error(omgeving, veld):
    o = omgeving
    kapot = goed_item(o.moment.pk, o.kaart.qr_payload)
    del kapot[veld]
    items = [kapot, goed_item(o.moment.pk, o.kaart.qr_payload)]
    resultaten = _controleer_antwoord(sync_post(o.client, {"afhalingen": items}), items)
    assert [r["uitkomst"] for r in resultaten] == ["fout", "geaccepteerd"]


def test_scan_time_more_than_a_day_ahead_is_flagged_and_within_a_day_is_kept(omgeving):
    o = omgeving
    nu = timezone.now()
    items = [
        goed_item(
            o.moment.pk, o.kaart.qr_payload, gescand_op=(nu + timedelta(hours=25)).isoformat()
        ),
        goed_item(
            o.moment.pk, o.kaart.qr_payload, gescand_op=(nu + timedelta(hours=2)).isoformat()
        ),
    ]
    resultaten = _controleer_antwoord(sync_post(o.client, {"afhalingen": items}), items)
    # Never dropped: a wrong clock is flagged for the coordinator (issue 11.3).
    assert resultaten[0]["uitkomst"] == "te_controleren"
    assert "klok" in resultaten[0]["bericht"]
    assert resultaten[1]["uitkomst"] in AFGELEVERD


def test_same_key_with_other_content_is_refused_not_overwritten(omgeving):
    o = omgeving
    item = goed_item(o.moment.pk, o.kaart.qr_payload)
    _controleer_antwoord(sync_post(o.client, {"afhalingen": [item]}), [item])
    vervalst = item | {"kaart": None, "gezin": o.andere_gezin.pk}
    vervalst2 = item | {"override_reden": "iets anders"}
    items = [vervalst, vervalst2]
    resultaten = _controleer_antwoord(sync_post(o.client, {"afhalingen": items}), items)
    assert resultaten[0]["uitkomst"] == "fout"
    assert resultaten[1]["uitkomst"] == "fout"
    assert Afhaling.objects.get().gezin_id == o.gezin.pk


@pytest.mark.parametrize(
    "lengte", ["abc", "-1", "", "99999999999999999999999", str(2 * 1024 * 1024)]
)
def test_a_lying_content_length_is_never_a_server_error(omgeving, lengte):
    response = sync_post(omgeving.client, {"afhalingen": []}, CONTENT_LENGTH=lengte)
    assert response.status_code in (200, 400, 413), f"{response!r}"
    if response.status_code != 200:
        _nederlandse_fout(response)


def test_just_over_one_megabyte_is_413_with_a_dutch_message(omgeving):
    body = json.dumps({"afhalingen": [], "apparaat": "x" * (1024 * 1024)})
    response = sync_post(omgeving.client, body)
    assert response.status_code == 413
    _nederlandse_fout(response)


# --- once bugs: each test shows one fixed ------------------------------------------------


def test_deeply_nested_json_is_a_400_not_a_500(omgeving):
    response = sync_post(omgeving.client, "[" * 100_000)
    assert response.status_code == 400, f"{response!r}"
    _nederlandse_fout(response)


@pytest.mark.parametrize(
    ("veld", "waarde"),
    [
        ("datum", "2026-02-30"),
        ("gescand_op", "2026-13-01T10:00:00"),
        ("gescand_op", "2026-01-01T25:00"),
    ],
)
def test_an_impossible_date_is_a_per_item_error(omgeving, veld, waarde):
    o = omgeving
    items = [
        goed_item(o.moment.pk, o.kaart.qr_payload),
        goed_item(o.moment.pk, o.kaart.qr_payload, **{veld: waarde}),
    ]
    resultaten = _controleer_antwoord(sync_post(o.client, {"afhalingen": items}), items)
    assert [r["uitkomst"] for r in resultaten] == ["geaccepteerd", "fout"]


@pytest.mark.parametrize("gescand_op", ["0001-01-01T00:00:00+01:00", "1000-01-01T00:00:00"])
def test_a_scan_time_long_before_the_day_is_kept_and_flagged(omgeving, gescand_op):
    o = omgeving
    items = [goed_item(o.moment.pk, o.kaart.qr_payload, gescand_op=gescand_op)]
    resultaten = _controleer_antwoord(sync_post(o.client, {"afhalingen": items}), items)
    # A wrong clock never drops a pickup (issue 11.3): dated by the moment, flagged.
    assert resultaten[0]["uitkomst"] == "te_controleren"
    afhaling = Afhaling.objects.get()
    assert afhaling.datum <= timezone.localdate()
    assert afhaling.datum.weekday() == o.moment.weekdag


@pytest.mark.parametrize("veld", ["apparaat", "override_reden"])
def test_nul_characters_in_saved_text_are_never_a_server_error(omgeving, veld):
    o = omgeving
    item = goed_item(o.moment.pk, o.kaart.qr_payload)
    body = {"afhalingen": [item]}
    if veld == "apparaat":
        body["apparaat"] = "toestel\x00"
    else:
        item["override_reden"] = "kaart\x00vergeten"
    resultaten = _controleer_antwoord(sync_post(o.client, body), [item])
    assert resultaten[0]["uitkomst"] in UITKOMSTEN
