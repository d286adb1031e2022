"""Privacy at first contact: a card at another organisation's desk gives the desk level only.

The attack: a volunteer of initiative B types (or scans) the card of a
household known only to initiative A. Before, the pickup made B a full
relation of the household: its file, export and erasure opened to B.
"""

import json
import re
import uuid
from datetime import time

import pytest
from django.urls import reverse
from django.utils import timezone

from hulpverlening import kaartcodes, scoping, services
from hulpverlening import toestemmingsteksten as toestemming
from hulpverlening.models import (
    Afhaalmoment,
    Auditregel,
    Gezinsrelatie,
    Hulpvorm,
    Lidmaatschap,
    Locatie,
    Rol,
    Toestemming,
)
from registratie.models import Afhaling

from ..conftest import maak_gebruiker, maak_gezin


@pytest.fixture
def moment_b(wereld):
    locatie = Locatie.objects.create(
        organisatie=wereld.initiatief_b, naam="Buurtzaal Ledeberg", postcode="9050"
    )
    return Afhaalmoment.objects.create(
        locatie=locatie,
        weekdag=timezone.localdate().weekday(),
        start=time(0, 0),
        einde=time(23, 59),
        capaciteit=40,
    )


def _lid(user) -> Lidmaatschap:
    return user.lidmaatschappen.get()


def _relatie(gezin, organisatie) -> Gezinsrelatie | None:
    return Gezinsrelatie.objects.filter(gezin=gezin, organisatie=organisatie).first()


def _bestand_urls(gezin) -> list[str]:
    return [
        reverse("gezin_detail", args=[gezin.pk]),
        reverse("gezin_export_json", args=[gezin.pk]),
        reverse("gezin_export_pdf", args=[gezin.pk]),
        reverse("gezin_wissen", args=[gezin.pk]),
        reverse("gezin_kaart_pdf", args=[gezin.pk]),
    ]


def _bestand_dicht(client, gezin):
    for url in _bestand_urls(gezin):
        assert client.get(url).status_code in (403, 404), url


@pytest.mark.parametrize("bewijs", ["getypt", "gescand"])
def test_a_card_at_another_initiatives_desk_gives_the_desk_level_never_the_file(
    bewijs, als, wereld, vrijwilliger_b, coordinator_b, moment_b, kaart_a, gezin_a
):
    tekst = kaart_a.leesbare_code if bewijs == "getypt" else kaart_a.qr_payload
    client = als(vrijwilliger_b)

    paneel = client.post(reverse("paneel", args=[moment_b.pk]), {"kaart": tekst})
    html = paneel.content.decode()
    assert paneel.status_code == 200
    # The text a person sees: a URL may hold "1985" as a moment's id.
    zichtbaar = re.sub(r"<[^>]*>", " ", html)
    assert "Amina E." in zichtbaar and "Idrissi" not in html and "1985" not in zichtbaar
    assert f'data-gezin="{gezin_a.pk}"' not in html

    response = client.post(
        reverse("registreren", args=[moment_b.pk]), {"kaart": tekst, "sleutel": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    afhaling = Afhaling.objects.get(organisatie=wereld.initiatief_b)
    assert afhaling.bewijs == bewijs
    assert _relatie(gezin_a, wereld.initiatief_b).niveau == Gezinsrelatie.Niveau.BALIE

    _bestand_dicht(client, gezin_a)
    _bestand_dicht(als(coordinator_b), gezin_a)
    assert not scoping.gezinnen(_lid(coordinator_b)).filter(pk=gezin_a.pk).exists()
    assert scoping.baliegezinnen(_lid(coordinator_b)).filter(pk=gezin_a.pk).exists()


def test_a_typed_code_for_a_household_new_here_is_flagged_a_scanned_card_is_not(
    als, wereld, vrijwilliger_b, moment_b, kaart_a, gezin_a
):
    client = als(vrijwilliger_b)
    client.post(
        reverse("registreren", args=[moment_b.pk]),
        {"kaart": kaart_a.code, "sleutel": str(uuid.uuid4())},
    )
    getypt = Afhaling.objects.get()
    assert getypt.status == Afhaling.Status.TE_CONTROLEREN
    assert "getypt" in getypt.controle_reden
    assert Auditregel.objects.filter(
        actie=Auditregel.Actie.CODE_GETYPT,
        gezin_id=gezin_a.pk,
        organisatie_id=wereld.initiatief_b.pk,
    ).exists()

    # Known at this desk now: a typed code is no longer a first contact.
    Afhaling.objects.all().update(status=Afhaling.Status.ONGEDAAN)
    client.post(
        reverse("registreren", args=[moment_b.pk]),
        {"kaart": kaart_a.code, "sleutel": str(uuid.uuid4())},
    )
    assert Afhaling.objects.exclude(status="ongedaan").get().status == "geregistreerd"


def test_a_scanned_card_of_a_household_new_here_is_not_flagged(
    als, vrijwilliger_b, moment_b, kaart_a
):
    als(vrijwilliger_b).post(
        reverse("registreren", args=[moment_b.pk]),
        {"kaart": kaart_a.qr_payload, "sleutel": str(uuid.uuid4())},
    )
    assert Afhaling.objects.get().status == Afhaling.Status.GEREGISTREERD


@pytest.mark.parametrize("tekst", ["code", "qr"])
def test_the_sync_api_gives_no_file_either(
    tekst, als, wereld, vrijwilliger_b, coordinator_b, moment_b, kaart_a, gezin_a
):
    client = als(vrijwilliger_b)
    item = {
        "sleutel": str(uuid.uuid4()),
        "moment": moment_b.pk,
        "datum": timezone.localdate().isoformat(),
        "gescand_op": timezone.localtime().isoformat(),
        "kaart": kaart_a.code if tekst == "code" else kaart_a.qr_payload,
        "offline": True,
    }
    antwoord = client.post(
        reverse("sync_api"), {"afhalingen": [item]}, content_type="application/json"
    ).json()["resultaten"][0]
    assert antwoord["uitkomst"] == ("te_controleren" if tekst == "code" else "geaccepteerd")
    assert "Idrissi" not in json.dumps(antwoord)
    assert Afhaling.objects.get().bewijs == ("getypt" if tekst == "code" else "gescand")
    assert _relatie(gezin_a, wereld.initiatief_b).niveau == "balie"
    _bestand_dicht(als(coordinator_b), gezin_a)


def test_consent_at_the_desk_opens_the_file_with_its_text_version(
    als, wereld, vrijwilliger_b, coordinator_b, moment_b, kaart_a, gezin_a
):
    client = als(vrijwilliger_b)
    url = reverse("balie_toestemming", args=[moment_b.pk])
    paneel = client.post(reverse("paneel", args=[moment_b.pk]), {"kaart": kaart_a.qr_payload})
    assert "uw gegevens bewaren en inzien?" in paneel.content.decode()

    zonder_ja = client.post(url, {"kaart": kaart_a.qr_payload})
    assert zonder_ja.status_code == 422
    assert "de persoon ja zei" in zonder_ja.content.decode()
    assert not Toestemming.objects.filter(organisatie=wereld.initiatief_b).exists()

    response = client.post(url, {"kaart": kaart_a.qr_payload, "antwoord": "ja"})
    assert response.status_code == 302
    toestemming_b = Toestemming.objects.get(organisatie=wereld.initiatief_b)
    assert toestemming_b.doel == Toestemming.Doel.DOSSIER
    assert toestemming_b.tekstversie == toestemming.DOSSIER_VERSIE
    relatie = _relatie(gezin_a, wereld.initiatief_b)
    assert (relatie.niveau, relatie.reden) == ("dossier", "toestemming")
    assert als(coordinator_b).get(reverse("gezin_detail", args=[gezin_a.pk])).status_code == 200
    assert Auditregel.objects.filter(actie=Auditregel.Actie.TOESTEMMING, gezin_id=gezin_a.pk)


def test_consent_needs_a_scanned_card_not_a_typed_code(
    als, wereld, vrijwilliger_b, moment_b, kaart_a
):
    client = als(vrijwilliger_b)
    paneel = client.post(reverse("paneel", args=[moment_b.pk]), {"kaart": kaart_a.code})
    assert "toestemming-ja" not in paneel.content.decode()
    response = client.post(
        reverse("balie_toestemming", args=[moment_b.pk]), {"kaart": kaart_a.code, "antwoord": "ja"}
    )
    assert response.status_code == 422
    assert "Scan de QR-code" in response.content.decode()
    assert _relatie(kaart_a.gezin, wereld.initiatief_b) is None


def test_typed_codes_are_limited_per_user_and_scanning_keeps_working(
    als, settings, wereld, vrijwilliger_b, moment_b, kaart_a
):
    settings.GETYPTE_CODES_LIMIET = {"gebruiker": 3, "organisatie": 100}
    client = als(vrijwilliger_b)
    paneel = reverse("paneel", args=[moment_b.pk])
    codes = [kaartcodes.format_code(kaartcodes.new_code()) for _ in range(3)]
    for code in codes:
        assert "U typte veel codes" not in client.post(paneel, {"kaart": code}).content.decode()
    # The same code again is not a new guess.
    assert "U typte veel codes" not in client.post(paneel, {"kaart": codes[0]}).content.decode()

    geweigerd = client.post(paneel, {"kaart": kaart_a.leesbare_code}).content.decode()
    assert "U typte veel codes" in geweigerd and "Amina" not in geweigerd
    assert Auditregel.objects.filter(actie=Auditregel.Actie.CODE_LIMIET).count() == 1
    assert "Amina E." in client.post(paneel, {"kaart": kaart_a.qr_payload}).content.decode()


def test_typed_codes_are_limited_per_organisation_across_its_volunteers(
    als, settings, wereld, moment_b, kaart_a
):
    settings.GETYPTE_CODES_LIMIET = {"gebruiker": 100, "organisatie": 4}
    paneel = reverse("paneel", args=[moment_b.pk])
    for i in range(2):
        client = als(maak_gebruiker(f"vrijwilliger_b{i}", wereld.initiatief_b, Rol.VRIJWILLIGER))
        for _ in range(2):
            client.post(paneel, {"kaart": kaartcodes.new_code()})
    client = als(maak_gebruiker("vrijwilliger_b9", wereld.initiatief_b, Rol.VRIJWILLIGER))
    assert "U typte veel codes" in client.post(paneel, {"kaart": kaart_a.code}).content.decode()


def test_sync_keeps_typed_codes_over_the_limit_for_later_and_registers_scans(
    als, settings, wereld, vrijwilliger_b, moment_b, kaart_a
):
    settings.GETYPTE_CODES_LIMIET = {"gebruiker": 1, "organisatie": 100}
    gezin_c = maak_gezin(wereld.initiatief_a, voornaam="Ion", achternaam="Popa")
    kaart_c = services.kaart_uitgeven(gezin=gezin_c, organisatie=wereld.initiatief_a)

    def item(kaart):
        return {
            "sleutel": str(uuid.uuid4()),
            "moment": moment_b.pk,
            "datum": timezone.localdate().isoformat(),
            "gescand_op": timezone.localtime().isoformat(),
            "kaart": kaart,
            "offline": True,
        }

    items = [item(kaart_a.code), item(kaart_c.code), item(kaart_c.qr_payload)]
    resultaten = (
        als(vrijwilliger_b)
        .post(reverse("sync_api"), {"afhalingen": items}, content_type="application/json")
        .json()["resultaten"]
    )
    assert [r["uitkomst"] for r in resultaten] == ["te_controleren", "later", "geaccepteerd"]
    assert Afhaling.objects.count() == 2


def test_a_referral_raises_the_desk_level_to_the_file_and_a_pickup_never_lowers_it(wereld, gezin_a):
    services.gezinsrelatie_leggen(
        gezin=gezin_a, organisatie=wereld.initiatief_b, reden=Gezinsrelatie.Reden.AFHALING
    )
    assert _relatie(gezin_a, wereld.initiatief_b).niveau == "balie"
    services.gezinsrelatie_leggen(
        gezin=gezin_a, organisatie=wereld.initiatief_b, reden=Gezinsrelatie.Reden.DOORVERWIJZING
    )
    relatie = _relatie(gezin_a, wereld.initiatief_b)
    assert (relatie.niveau, relatie.reden) == ("dossier", "doorverwijzing")
    services.gezinsrelatie_leggen(
        gezin=gezin_a, organisatie=wereld.initiatief_b, reden=Gezinsrelatie.Reden.AFHALING
    )
    assert _relatie(gezin_a, wereld.initiatief_b).niveau == "dossier"


def test_the_roster_holds_desk_level_households_without_code_and_only_file_ones_searchable(
    als, wereld, vrijwilliger_b, moment_b, kaart_a, gezin_a
):
    services.gezinsrelatie_leggen(gezin=gezin_a, organisatie=wereld.initiatief_b, reden="afhaling")
    eigen = maak_gezin(wereld.initiatief_b, voornaam="Jan", achternaam="Claeys")
    eigen_kaart = services.kaart_uitgeven(gezin=eigen, organisatie=wereld.initiatief_b)
    data = als(vrijwilliger_b).get(reverse("rooster", args=[moment_b.pk])).json()
    per_naam = {item["naam"]: item for item in data["gezinnen"]}
    assert per_naam["Amina E."]["zoekbaar"] is False
    assert per_naam["Jan C."]["zoekbaar"] is True
    tekst = json.dumps(data)
    for kaart in (kaart_a, eigen_kaart):
        assert kaart.code not in tekst and kaart.token not in tekst
        assert kaartcodes.token_hash(kaart.code) not in tekst
    assert "Idrissi" not in tekst and "Claeys" not in tekst
    assert data["vervalt_op"] > data["datum"]


def test_review_post_reaches_only_what_the_review_list_shows(als, wereld, coordinator, moment_a):
    gezin = maak_gezin(wereld.initiatief_b, voornaam="Jan", achternaam="Claeys")
    # A flagged pickup at A of a household A does not know at all (no relationship).
    afhaling = Afhaling.objects.create(
        gezin=gezin,
        organisatie=wereld.initiatief_a,
        locatie=moment_a.locatie,
        afhaalmoment=moment_a,
        hulpvorm=Hulpvorm.objects.standaard(),
        datum=timezone.localdate(),
        gescand_op=timezone.now(),
        status=Afhaling.Status.TE_CONTROLEREN,
    )
    client = als(coordinator)
    assert "Claeys" not in client.get(reverse("te_controleren")).content.decode()
    response = client.post(
        reverse("te_controleren"), {"afhaling": afhaling.pk, "besluit": "bevestigen"}
    )
    assert response.status_code == 404
    afhaling.refresh_from_db()
    assert afhaling.status == Afhaling.Status.TE_CONTROLEREN


def test_the_review_list_shows_first_name_and_initial_and_how_the_card_was_read(
    als, coordinator_b, vrijwilliger_b, moment_b, kaart_a
):
    als(vrijwilliger_b).post(
        reverse("registreren", args=[moment_b.pk]),
        {"kaart": kaart_a.code, "sleutel": str(uuid.uuid4())},
    )
    html = als(coordinator_b).get(reverse("te_controleren")).content.decode()
    assert "Amina E." in html and "Idrissi" not in html
    assert "code getypt" in html


def test_volunteers_see_first_name_and_initial_in_the_household_list(als, vrijwilliger, gezin_a):
    html = als(vrijwilliger).get(reverse("gezin_lijst")).content.decode()
    assert "Amina E." in html and "Idrissi" not in html


def test_the_desk_looks_up_cards_by_post_so_no_token_lands_in_a_url(balie_a, moment_a):
    html = balie_a.get(reverse("balie", args=[moment_a.pk])).content.decode()
    assert 'id="code-form" method="post"' in html
    assert 'id="zoek-form" method="post"' in html


@pytest.fixture
def balie_a(als, vrijwilliger):
    return als(vrijwilliger)


def test_the_brute_force_search_finds_codes_in_the_old_roster_format_and_none_in_the_new(
    als, vrijwilliger, moment_a, kaart_a
):
    from bench.rooster_aanval import waarden_in, zoeken

    rooster = als(vrijwilliger).get(reverse("rooster", args=[moment_a.pk])).json()
    vast = kaart_a.code[:6]
    gevonden, geprobeerd, _ = zoeken(waarden_in(rooster), vast, vrije_tekens=2)
    assert geprobeerd == 32**2 and gevonden == []
    oud, _, _ = zoeken({kaartcodes.token_hash(kaart_a.code)}, vast, vrije_tekens=2)
    assert oud == [kaart_a.code]
