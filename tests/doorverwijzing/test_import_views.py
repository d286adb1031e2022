"""The upload page: check first (nothing saved), then import the same file; scoping; audit."""

import csv
import io
import json
from datetime import timedelta

import pytest
from allauth.account.internal.flows.login import record_authentication
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from doorverwijzing import import_views
from hulpverlening.models import Auditregel, Gezin, Hulpvorm, Rol, Toestemming

from ..conftest import maak_gebruiker

URL = "/doorverwijzingen/import/"


def aanmelden(client, user):
    """force_login, plus allauth's record of a passed second step (required for caseworkers)."""
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "mfa", type="totp")
    request.session.save()
    return client


def dossier(wereld, **extra) -> bytes:
    vandaag = timezone.localdate()
    return json.dumps(
        {
            "gezinnen": [
                {
                    "extern_id": "G-1",
                    "postcode": "9000",
                    "volwassenen": 1,
                    "kinderen_0_2": 0,
                    "kinderen_3_11": 2,
                    "kinderen_12_17": 0,
                    "toestemming": "ja",
                },
                {"extern_id": "G-2", "postcode": "9000", "volwassenen": 1, "toestemming": "nee"},
            ],
            "personen": [
                {
                    "extern_id": "P-1",
                    "gezin_extern_id": "G-1",
                    "voornaam": "Nadia",
                    "achternaam": "Benali",
                    "geboortejaar": 1990,
                    "relatie": "referentiepersoon",
                }
            ],
            "doorverwijzingen": [
                {
                    "extern_id": "D-1",
                    "gezin_extern_id": "G-1",
                    "initiatief": wereld.initiatief_a.naam,
                    "soort": "doorverwijzing",
                    "hulpvorm": "voedselpakket",
                    "start": f"{vandaag:%d/%m/%Y}",
                    "einde": f"{vandaag + timedelta(days=90):%d/%m/%Y}",
                    "frequentie": "wekelijks",
                    "pakket": "middel",
                    "reden": "laag_inkomen",
                }
            ],
        }
        | extra
    ).encode()


def bestand(inhoud: bytes, naam="dossier.json"):
    return SimpleUploadedFile(naam, inhoud, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def _voedselpakket(db):
    Hulpvorm.objects.standaard()


@pytest.fixture
def mw(client, maatschappelijk_werker):
    return aanmelden(client, maatschappelijk_werker)


def test_check_saves_nothing_then_import_saves_and_is_audited(wereld, mw, maatschappelijk_werker):
    assert mw.get(URL).status_code == 200

    controle = mw.post(URL, {"actie": "controleren", "bestand": bestand(dossier(wereld))})
    inhoud = controle.content.decode()
    assert controle.status_code == 200
    assert "Nog niets bewaard" in inhoud and "Zonder toestemming" in inhoud
    assert not Gezin.objects.exists()
    assert not Auditregel.objects.filter(actie="gewijzigd").exists()
    sleutel = controle.context["import_sleutel"]
    assert controle.context["verslag"].totalen == {
        "aangemaakt": 3,
        "bijgewerkt": 0,
        "ongewijzigd": 0,
        "geweigerd": 1,
    }

    response = mw.post(URL, {"actie": "importeren", "sleutel": sleutel, "bevestigd": "ja"})
    assert response.status_code == 200
    assert "Geïmporteerd." in response.content.decode()
    gezin = Gezin.objects.get()
    assert gezin.personen.get().voornaam == "Nadia"
    akkoord = Toestemming.objects.get()
    assert (akkoord.gezin, akkoord.geregistreerd_door) == (gezin, maatschappelijk_werker)
    regel = Auditregel.objects.get(actie="gewijzigd")
    assert (regel.gezin_id, regel.user_id, regel.organisatie_id) == (
        gezin.pk,
        maatschappelijk_werker.pk,
        wereld.sociale_dienst.pk,
    )
    assert regel.waar.startswith("import_upload ")

    # The same file a second time: nothing to import any more.
    opnieuw = mw.post(URL, {"actie": "controleren", "bestand": bestand(dossier(wereld))})
    assert opnieuw.context["verslag"].totalen["ongewijzigd"] == 3
    assert "import_sleutel" not in opnieuw.context
    assert "Er valt niets te importeren" in opnieuw.content.decode()


def test_import_without_confirming_consent_imports_nothing(wereld, mw):
    sleutel = mw.post(URL, {"actie": "controleren", "bestand": bestand(dossier(wereld))}).context[
        "import_sleutel"
    ]
    response = mw.post(URL, {"actie": "importeren", "sleutel": sleutel})
    assert "Bevestig eerst" in response.content.decode()
    assert not Gezin.objects.exists()
    # The question is asked again, with a new key for the same file.
    nieuwe = response.context["import_sleutel"]
    mw.post(URL, {"actie": "importeren", "sleutel": nieuwe, "bevestigd": "ja"})
    assert Gezin.objects.count() == 1


def test_a_key_works_once_and_only_for_its_user(wereld, client, mw, maatschappelijk_werker):
    sleutel = mw.post(URL, {"actie": "controleren", "bestand": bestand(dossier(wereld))}).context[
        "import_sleutel"
    ]
    collega = maak_gebruiker("mw2", wereld.sociale_dienst, Rol.MAATSCHAPPELIJK_WERKER)
    ander = aanmelden(client, collega).post(
        URL, {"actie": "importeren", "sleutel": sleutel, "bevestigd": "ja"}
    )
    assert ander.status_code == 422 and not Gezin.objects.exists()

    aanmelden(client, maatschappelijk_werker)
    data = {"actie": "importeren", "sleutel": sleutel, "bevestigd": "ja"}
    assert client.post(URL, data).status_code == 200
    tweede = client.post(URL, data)
    assert tweede.status_code == 422
    assert "niet meer beschikbaar" in tweede.content.decode()


def test_csv_files_and_the_report_as_csv(wereld, mw):
    gezinnen = (
        "\ufeffextern_id;postcode;volwassenen;kinderen_0_2;kinderen_3_11;kinderen_12_17;"
        "toestemming\r\nG-1;9000;1;0;0;0;ja\r\nG-1;9000;1;0;0;0;ja\r\n"
    ).encode()
    personen = (
        "extern_id;gezin_extern_id;voornaam;achternaam;geboortejaar;relatie\r\n"
        "P-1;G-1;José;Müller;1975;referentiepersoon\r\n"
    ).encode("cp1252")
    response = mw.post(
        URL,
        {
            "actie": "controleren",
            "bestand": [bestand(gezinnen, "gezinnen.csv"), bestand(personen, "personen.csv")],
        },
    )
    inhoud = response.content.decode()
    assert response.status_code == 200
    assert "Windows-1252" in inhoud
    assert "staat al op rij 2" in inhoud

    verslag = mw.get(
        reverse("import_verslag_csv"), {"sleutel": response.context["verslag_sleutel"]}
    )
    assert verslag["Content-Type"].startswith("text/csv")
    regels = list(csv.reader(io.StringIO(verslag.content.decode("utf-8-sig")), delimiter=";"))
    assert regels == [
        ["soort", "rij", "extern_id", "resultaat", "reden"],
        ["gezin", "2", "G-1", "aangemaakt", ""],
        [
            "gezin",
            "3",
            "G-1",
            "geweigerd",
            "extern_id: Dit extern id staat al op rij 2 van dit bestand; deze rij werd "
            "overgeslagen.",
        ],
        ["persoon", "2", "P-1", "aangemaakt", ""],
    ]
    assert mw.get(reverse("import_verslag_csv"), {"sleutel": "oud"}).status_code == 404


@pytest.mark.parametrize(
    ("inhoud", "naam", "bericht"),
    [
        (b"extern_id;postcode\nG-1;9000\n", "g.csv", "deze kolommen ontbreken"),
        (b"PK\x03\x04\x14\x00", "dossier.xlsx", "Excel- of zip-bestand"),
        (b"{niet: json}", "d.json", "geen geldige JSON"),
        (b"\xff\xfe\x00\x00garbage", "x.csv", "kan niet gelezen worden"),
        (b"", "leeg.csv", "het bestand is leeg"),
        (b"rijksregisternummer;extern_id\n1;2\n", "x.csv", "rijksregisternummer"),
    ],
)
def test_a_file_that_cannot_be_used_gets_a_clear_message_never_a_500(
    wereld, mw, inhoud, naam, bericht
):
    response = mw.post(URL, {"actie": "controleren", "bestand": bestand(inhoud, naam)})
    assert response.status_code == 422
    assert bericht in response.content.decode()
    assert not Gezin.objects.exists()


def test_no_file_or_a_file_too_large_is_refused(wereld, mw, monkeypatch):
    assert "Kies een bestand" in mw.post(URL, {"actie": "controleren"}).content.decode()
    monkeypatch.setattr(import_views, "PAGINA_MAX_BYTES", 100)
    response = mw.post(URL, {"actie": "controleren", "bestand": bestand(dossier(wereld))})
    assert response.status_code == 422 and "Te groot" in response.content.decode()


def test_an_unexpected_failure_says_nothing_was_saved(wereld, mw, monkeypatch):
    def kapot(**kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr(import_views.importeren, "dossier_importeren", kapot)
    response = mw.post(URL, {"actie": "controleren", "bestand": bestand(dossier(wereld))})
    assert response.status_code == 422
    assert "Er werd niets bewaard" in response.content.decode()


def test_only_caseworkers_of_the_social_service_may_import(
    wereld, client, coordinator, vrijwilliger
):
    caw = maak_gebruiker(
        "caw",
        wereld.sociale_dienst.__class__.objects.create(
            gemeente=wereld.gent, naam="CAW Oost-Vlaanderen", soort="doorverwijzer"
        ),
        Rol.MAATSCHAPPELIJK_WERKER,
    )
    for user in (caw, coordinator, vrijwilliger):
        aanmelden(client, user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"bestand": bestand(b"{}")}).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_a_caseworker_of_another_organisation_cannot_see_imported_households(
    wereld, client, mw, coordinator_b
):
    sleutel = mw.post(URL, {"actie": "controleren", "bestand": bestand(dossier(wereld))}).context[
        "import_sleutel"
    ]
    mw.post(URL, {"actie": "importeren", "sleutel": sleutel, "bevestigd": "ja"})
    gezin = Gezin.objects.get()
    detail = reverse("gezin_detail", args=[gezin.pk])
    assert mw.get(detail).status_code == 200

    caw_org = wereld.sociale_dienst.__class__.objects.create(
        gemeente=wereld.gent, naam="CAW", soort="doorverwijzer"
    )
    caw = maak_gebruiker("caw", caw_org, Rol.MAATSCHAPPELIJK_WERKER)
    assert aanmelden(client, caw).get(detail).status_code == 404
    assert aanmelden(client, coordinator_b).get(detail).status_code == 404
    # The initiative the household was referred to does see it.
    coordinator_a = maak_gebruiker("coord_a", wereld.initiatief_a, Rol.COORDINATOR)
    assert aanmelden(client, coordinator_a).get(detail).status_code == 200


def test_too_many_rows_for_the_page_points_to_the_api(wereld, mw, monkeypatch):
    monkeypatch.setattr(import_views, "PAGINA_MAX_RIJEN", 1)
    response = mw.post(URL, {"actie": "controleren", "bestand": bestand(dossier(wereld))})
    inhoud = response.content.decode()
    assert response.status_code == 422
    assert "meer dan 1 rijen" in inhoud and "via de API" in inhoud
    assert not Gezin.objects.exists()
