"""Art. 15 export and gezinsdossier: each organisation downloads what its level allows.

The attack: a coordinator of initiative B, with a relationship of its own, got
in the export the reason of a referral between the social service and
initiative A, and the answers of a rights check between A and the social
service. Those belong to the person's copy, but B must send the person to the
organisations that hold them.
"""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from doorverwijzing import services as doorverwijzing_services
from doorverwijzing.models import Rechtenverkenning
from hulpverlening import privacy, services
from hulpverlening.models import Hulpvorm, Organisatie, Rol

from ..conftest import maak_gebruiker

VERTROUWELIJK = {
    "doorverwijzingen": {"reden", "bericht", "weigerreden", "extern_id"},
    "rechtenverkenningen": {"antwoorden", "gemist"},
    "toeleidingen": {"reden"},
}


@pytest.fixture
def traject(wereld, gezin_a, maatschappelijk_werker, vrijwilliger):
    """The social service refers the household to A (crisis); A sends it back, rights checked."""
    doorverwijzing_services.doorverwijzing_aanmaken(
        lidmaatschap=maatschappelijk_werker.lidmaatschappen.get(),
        gezin=gezin_a,
        organisatie=wereld.initiatief_a,
        soort="doorverwijzing",
        hulpvorm=Hulpvorm.objects.standaard(),
        start=timezone.localdate(),
        einde=timezone.localdate() + timedelta(days=60),
        frequentie="wekelijks",
        pakket="middel",
        reden="crisis",
        bericht="Graag snel",
    )
    toeleiding = doorverwijzing_services.toeleiding_aanmaken(
        lidmaatschap=vrijwilliger.lidmaatschappen.get(), gezin=gezin_a, reden="rechten"
    )
    Rechtenverkenning.objects.create(
        toeleiding=toeleiding, antwoorden={"leefloon": "ja"}, gemist=["huurpremie"]
    )
    # B knows the household through the person's consent at its desk.
    services.gezinsrelatie_leggen(
        gezin=gezin_a, organisatie=wereld.initiatief_b, reden="toestemming"
    )
    return gezin_a


def _export(client, gezin) -> dict:
    response = client.get(reverse("gezin_export_json", args=[gezin.pk]))
    assert response.status_code == 200
    return json.loads(response.content)


def _zichtbaar(gegevens: dict, sleutel: str) -> set[str]:
    return {veld for rij in gegevens[sleutel] for veld, waarde in rij.items() if waarde is not None}


@pytest.mark.parametrize(
    ("persona", "ziet"),
    [
        ("coordinator_a", {"doorverwijzingen", "rechtenverkenningen", "toeleidingen"}),
        ("mw_sociale_dienst", {"doorverwijzingen", "rechtenverkenningen", "toeleidingen"}),
        ("coordinator_b", set()),
    ],
)
def test_the_export_holds_other_organisations_secrets_only_for_the_parties(
    persona, ziet, als, wereld, traject, coordinator, coordinator_b, maatschappelijk_werker
):
    user = {
        "coordinator_a": coordinator,
        "mw_sociale_dienst": maatschappelijk_werker,
        "coordinator_b": coordinator_b,
    }[persona]
    gegevens = _export(als(user), traject)
    for sleutel, velden in VERTROUWELIJK.items():
        getoond = _zichtbaar(gegevens, sleutel) & velden
        if sleutel in ziet:
            assert getoond, f"{persona} is a party of {sleutel} and gets its details"
        else:
            assert getoond == set(), f"{persona} must not get {getoond} of {sleutel}"
    # Everything else of the person's copy is there for every level.
    assert gegevens["personen"][0]["achternaam"] == "El Idrissi"
    assert len(gegevens["doorverwijzingen"]) == 1 and len(gegevens["toeleidingen"]) == 1
    op_aanvraag = {item["onderdeel"]: item["bij"] for item in gegevens["op_aanvraag"]}
    if ziet:
        assert op_aanvraag == {}
    else:
        assert op_aanvraag == {
            "Doorverwijzingen": "Sociale Dienst Gent",
            "Toeleidingen naar de Sociale Dienst": "Voedselbank Brugse Poort",
            "Verkenning van sociale rechten": "Voedselbank Brugse Poort",
        }
    assert "tijdelijke crisis" not in json.dumps(gegevens) or "doorverwijzingen" in ziet


def test_the_whole_copy_holds_everything(traject):
    gegevens = privacy.gezin_gegevens(traject, voor=None)
    assert gegevens["doorverwijzingen"][0]["reden"] == "tijdelijke crisis"
    assert gegevens["rechtenverkenningen"][0]["antwoorden"] == {"leefloon": "ja"}
    assert gegevens["op_aanvraag"] == []


def test_the_pdf_says_where_to_ask_for_what_was_left_out(traject, wereld):
    gegevens = privacy.gezin_gegevens(traject, voor=wereld.initiatief_b)
    pdf = privacy.gegevens_pdf(gegevens)
    assert pdf.startswith(b"%PDF")
    assert gegevens["op_aanvraag"]


def test_the_gezinsdossier_shows_missed_rights_only_to_the_parties(als, wereld, traject):
    caw = Organisatie.objects.create(
        gemeente=wereld.gent, naam="CAW Oost-Vlaanderen", soort=Organisatie.Soort.DOORVERWIJZER
    )
    services.gezinsrelatie_leggen(gezin=traject, organisatie=caw, reden="doorverwijzing")
    caw_werker = maak_gebruiker("caw", caw, Rol.MAATSCHAPPELIJK_WERKER)
    sd_werker = maak_gebruiker("sd2", wereld.sociale_dienst, Rol.MAATSCHAPPELIJK_WERKER)
    url = reverse("gezinsdossier", args=[traject.pk])

    html_caw = als(caw_werker).get(url).content.decode()
    assert "Toeleiding" in html_caw
    assert "huurpremie" not in html_caw.lower() and "tijdelijke crisis" not in html_caw
    assert "Huurpremie" in als(sd_werker).get(url).content.decode()
