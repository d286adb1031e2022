"""The import API: bearer token of the social service, JSON in, the per-row report out."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from doorverwijzing import import_views
from hulpverlening import apitokens
from hulpverlening.models import ApiToken, Auditregel, Gezin, Hulpvorm, Toestemming

URL = "/doorverwijzingen/import/api/"
GEZIN = {
    "extern_id": "G-1",
    "postcode": "9000",
    "volwassenen": 2,
    "kinderen_0_2": 0,
    "kinderen_3_11": 0,
    "kinderen_12_17": 1,
    "toestemming": True,
}


@pytest.fixture(autouse=True)
def _voedselpakket(db):
    Hulpvorm.objects.standaard()


@pytest.fixture
def sleutel(wereld) -> str:
    _token, sleutel = apitokens.api_token_aanmaken(
        organisatie=wereld.sociale_dienst, naam="Sociaal dossier"
    )
    return sleutel


@pytest.fixture
def api():
    """Like the dossier system: no cookies, and CSRF checks on as in production."""
    return Client(enforce_csrf_checks=True)


def stuur(api, sleutel, inhoud, *, pad=URL, **extra):
    data = inhoud if isinstance(inhoud, bytes) else json.dumps(inhoud)
    return api.post(
        pad,
        data,
        content_type="application/json",
        headers={"Authorization": f"Bearer {sleutel}"},
        **extra,
    )


def test_good_token_imports_and_answers_per_row(wereld, api, sleutel):
    response = stuur(
        api, sleutel, {"gezinnen": [GEZIN, GEZIN | {"extern_id": "G-2", "postcode": "x"}]}
    )

    assert response.status_code == 200
    antwoord = response.json()
    assert antwoord["totalen"] == {
        "aangemaakt": 1,
        "bijgewerkt": 0,
        "ongewijzigd": 0,
        "geweigerd": 1,
    }
    assert antwoord["rijen"][1] == {
        "soort": "gezin",
        "rij": 2,
        "extern_id": "G-2",
        "resultaat": "geweigerd",
        "fouten": [
            {"veld": "postcode", "reden": "Een Belgische postcode heeft 4 cijfers, bv. 9000."}
        ],
    }
    gezin = Gezin.objects.get()
    assert gezin.bron == wereld.sociale_dienst
    assert Toestemming.objects.get().geregistreerd_door is None

    token = ApiToken.objects.get()
    regel = Auditregel.objects.get(actie="gewijzigd")
    assert (regel.gezin_id, regel.user_id, regel.organisatie_id, regel.gebruikersnaam) == (
        gezin.pk,
        None,
        wereld.sociale_dienst.pk,
        f"api:{token.begin}",
    )
    assert token.laatst_gebruikt_op is not None

    opnieuw = stuur(api, sleutel, {"gezinnen": [GEZIN]}).json()
    assert opnieuw["totalen"]["ongewijzigd"] == 1
    # An import that changed nothing still leaves one trace.
    assert Auditregel.objects.filter(actie="gewijzigd", gezin_id__isnull=True).count() == 1


def test_dry_run_through_the_api_writes_nothing(wereld, api, sleutel):
    antwoord = stuur(api, sleutel, {"gezinnen": [GEZIN]}, pad=URL + "?controleren=true").json()
    assert (antwoord["alleen_controleren"], antwoord["uitgevoerd"]) == (True, False)
    assert antwoord["totalen"]["aangemaakt"] == 1
    assert not Gezin.objects.exists()
    assert not Auditregel.objects.filter(actie="gewijzigd").exists()


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer mhg_verkeerd", "Basic dXNlcjpwYXNz", "Token x"],
)
def test_without_or_with_a_bad_token_401(wereld, api, sleutel, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = api.post(
        URL, json.dumps({"gezinnen": [GEZIN]}), content_type="application/json", headers=headers
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="import"'
    assert "API-sleutel" in response.json()["fout"]
    assert not Gezin.objects.exists()
    assert Auditregel.objects.filter(actie="geweigerd", status=401).exists()


def test_a_revoked_token_401(wereld, api, sleutel):
    apitokens.api_token_intrekken(token=ApiToken.objects.get())
    assert stuur(api, sleutel, {"gezinnen": [GEZIN]}).status_code == 401


def test_a_token_of_an_inactive_organisation_401(wereld, api, sleutel):
    wereld.sociale_dienst.actief = False
    wereld.sociale_dienst.save()
    assert stuur(api, sleutel, {"gezinnen": [GEZIN]}).status_code == 401


def test_a_token_of_another_organisation_may_not_import(wereld, api):
    _token, andere = apitokens.api_token_aanmaken(organisatie=wereld.initiatief_a, naam="x")
    response = stuur(api, andere, {"gezinnen": [GEZIN]})
    assert response.status_code == 403 and "Sociale Dienst" in response.json()["fout"]


def test_a_session_cookie_is_no_key(wereld, api, maatschappelijk_werker):
    api.force_login(maatschappelijk_werker)
    response = api.post(URL, json.dumps({"gezinnen": [GEZIN]}), content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("inhoud", "status", "bericht"),
    [
        (b"{", 400, "geen geldige JSON"),
        (b"[]", 400, "verwacht een JSON-object"),
        (b" ", 400, "geen geldige JSON"),
        (b'{"gezinnen": [{"extern_id": "G-1", "rrn": "x"}]}', 400, "rijksregisternummer"),
        (b'{"gezinnen": "G-1"}', 400, "moet een lijst zijn"),
        ('{"gezinnen": []}'.encode("utf-16"), 200, ""),
    ],
)
def test_bad_json_gets_400_with_a_reason(wereld, api, sleutel, inhoud, status, bericht):
    response = stuur(api, sleutel, inhoud)
    assert response.status_code == status
    assert bericht in " ".join(response.json()["fouten"])


def test_method_content_type_and_size(wereld, api, sleutel, monkeypatch):
    auth = {"Authorization": f"Bearer {sleutel}"}
    assert api.get(URL, headers=auth).status_code == 405
    assert api.post(URL, {"a": "b"}, headers=auth).status_code == 415
    monkeypatch.setattr(import_views, "MAX_BYTES", 50)
    response = stuur(api, sleutel, {"gezinnen": [GEZIN]})
    assert response.status_code == 413 and "in delen" in response.json()["fout"]


def test_a_body_over_djangos_upload_limit_is_read(wereld, api, sleutel, settings):
    """DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) does not apply: the import has its own limit."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    gezinnen = [GEZIN | {"extern_id": f"G-{i}"} for i in range(100)]
    response = stuur(api, sleutel, {"gezinnen": gezinnen})
    assert response.status_code == 200 and response.json()["totalen"]["aangemaakt"] == 100


def test_the_command_shows_a_token_once_and_revokes_it(wereld, api):
    uit = io.StringIO()
    call_command("api_token", organisatie="Sociale Dienst Gent", naam="Dossier", stdout=uit)
    sleutel = uit.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert sleutel.startswith(token.begin) and len(sleutel) > 40
    assert sleutel not in token.sleutel_hash and token.organisatie == wereld.sociale_dienst
    assert stuur(api, sleutel, {"gezinnen": [GEZIN]}).status_code == 200

    lijst = io.StringIO()
    call_command("api_token", lijst=True, stdout=lijst)
    assert token.begin in lijst.getvalue() and sleutel not in lijst.getvalue()

    call_command("api_token", intrekken=token.begin, stdout=io.StringIO())
    assert stuur(api, sleutel, {"gezinnen": [GEZIN]}).status_code == 401
    with pytest.raises(CommandError):
        call_command("api_token", organisatie="Bestaat niet", stdout=io.StringIO())


@pytest.mark.parametrize("waarde", ["yes", "on", "waar", "TRUE ", "2", "true,false"])
def test_an_unknown_dry_run_value_is_refused_and_writes_nothing(wereld, api, sleutel, waarde):
    response = stuur(api, sleutel, {"gezinnen": [GEZIN]}, pad=URL + f"?controleren={waarde}")
    if waarde.strip().lower() == "true":
        assert response.status_code == 200 and response.json()["alleen_controleren"]
    else:
        assert response.status_code == 400
        assert "controleren" in response.json()["fouten"][0]
    assert not Gezin.objects.exists()
    assert not Toestemming.objects.exists()


@pytest.mark.parametrize(
    ("waarde", "droog"), [("", False), ("false", False), ("0", False), ("1", True), ("ja", True)]
)
def test_the_documented_dry_run_values_work(wereld, api, sleutel, waarde, droog):
    response = stuur(api, sleutel, {"gezinnen": [GEZIN]}, pad=URL + f"?controleren={waarde}")
    assert response.status_code == 200
    assert response.json()["alleen_controleren"] is droog
    assert Gezin.objects.exists() is not droog
