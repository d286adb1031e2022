# ruff: noqa: F811 - pytest fixtures are imported and then named as parameters
"""HTML and script injection: whatever someone types is shown escaped, never as markup.

Three layers:
- every free-text field the brief names is submitted with a script tag and an
  attribute break-out, and the page that shows it again contains the escaped
  text and not the raw tag;
- reflected, generated: every parameter of every view in MATRIX gets the payload;
  no HTML answer (and no HTML handed to WeasyPrint for a PDF) contains it raw;
- stored, generated: every free-text column of every model of the project is
  filled with the payload, then every page in MATRIX is opened.
JSON answers (roster, sync) may carry the text as is: they are served as
application/json with X-Content-Type-Options: nosniff, and must parse back.
"""

import json
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, models, transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from hulpverlening import services
from hulpverlening.models import Kaart, Rol

from .conftest import maak_gebruiker, maak_gezin, nieuw_gezin_post
from .kwaadaardig import (  # noqa: F401 - als, sweep, pdf_html, werelden are fixtures
    aanmelden,
    als,
    bekend,
    formuliervelden,
    goed_item,
    parameters_van,
    pdf_html,
    project_apps,
    sweep,
    sync_post,
    vraag,
)
from .test_toegangsmatrix import MATRIX, werelden  # noqa: F401

SCRIPT = "<script>alert(1)</script>"
ATTRIBUUT = '"><img src=x onerror=alert(1)>'
BEIDE = '"><script>alert(1)</script>'  # fits a 30-character column
RAUW = ("<script>alert(1)", "<img src=x onerror")


def toont_ontsnapt(html: str, tekst: str) -> None:
    assert tekst not in html
    assert escape(tekst) in html, f"{escape(tekst)!r} not on the page"


def geen_rauwe_markup(inhoud: str, waar: str) -> None:
    for rauw in RAUW:
        assert rauw not in inhoud, f"raw {rauw!r} in {waar}"


# --- the fields the brief names -------------------------------------------------------


def _intake(**overrides):
    return {
        "voornaam": "Ion",
        "achternaam": "Popescu",
        "geboortejaar": "1990",
        "volwassenen": "1",
        "kinderen_0_2": "0",
        "kinderen_3_11": "1",
        "kinderen_12_17": "0",
        "postcode": "9000",
        "toestemming": "on",
    } | overrides


def test_household_form_names_are_escaped_when_echoed_and_when_shown(als, coordinator):
    client = als(coordinator)
    namen = {"persoon-0-voornaam": SCRIPT, "persoon-0-achternaam": ATTRIBUUT}
    fout = client.post(reverse("gezin_nieuw"), nieuw_gezin_post(postcode="900", **namen))
    assert fout.status_code == 200
    for tekst in (SCRIPT, ATTRIBUUT):
        toont_ontsnapt(fout.content.decode(), tekst)

    goed = client.post(reverse("gezin_nieuw"), nieuw_gezin_post(**namen), follow=True)
    for tekst in (SCRIPT, ATTRIBUUT):
        toont_ontsnapt(goed.content.decode(), tekst)  # the household page
    lijst = client.get(reverse("gezin_lijst")).content.decode()
    toont_ontsnapt(lijst, SCRIPT)


def test_zelfmelder_intake_names_are_escaped_when_echoed_and_on_the_panel(
    als, vrijwilliger, moment_a
):
    client = als(vrijwilliger)
    url = reverse("zelfmelder", args=[moment_a.pk])
    fout = client.post(url, _intake(voornaam=SCRIPT, achternaam=ATTRIBUUT, toestemming=""))
    for tekst in (SCRIPT, ATTRIBUUT):
        toont_ontsnapt(fout.content.decode(), tekst)
    paneel = client.post(url, _intake(voornaam=SCRIPT, achternaam=ATTRIBUUT), follow=True)
    toont_ontsnapt(paneel.content.decode(), f"{SCRIPT} {ATTRIBUUT[0]}.")  # "first name + initial"


def test_similar_household_warning_shows_names_escaped(wereld, als, vrijwilliger, moment_a):
    maak_gezin(wereld.initiatief_a, voornaam=SCRIPT, achternaam="Popescu", jaar=1990)
    response = als(vrijwilliger).post(
        reverse("zelfmelder", args=[moment_a.pk]), _intake(voornaam=SCRIPT, achternaam="Popescou")
    )
    assert "gelijkaardig" in response.content.decode() or "gekend" in response.content.decode()
    toont_ontsnapt(response.content.decode(), f"{SCRIPT} P.")


def test_override_reason_name_and_location_are_escaped_on_the_review_page(
    wereld, als, vrijwilliger, coordinator, moment_a, kaart_a
):
    vrijwilliger.first_name = ATTRIBUUT
    vrijwilliger.save()
    moment_a.locatie.naam = SCRIPT
    moment_a.locatie.save()
    services.kaart_intrekken(kaart=kaart_a, reden=Kaart.Intrekkingsreden.VERLOREN)
    reden = f"{SCRIPT}{ATTRIBUUT}"
    als(vrijwilliger).post(
        reverse("registreren", args=[moment_a.pk]),
        {"sleutel": str(uuid.uuid4()), "kaart": kaart_a.qr_payload, "override_reden": reden},
    )
    html = als(coordinator).get(reverse("te_controleren")).content.decode()
    for tekst in (reden, ATTRIBUUT, SCRIPT):
        toont_ontsnapt(html, tekst)


def test_desk_search_box_and_results_are_escaped(wereld, als, vrijwilliger, moment_a):
    maak_gezin(wereld.initiatief_a, voornaam=f"Alerta{SCRIPT}")
    client = als(vrijwilliger)
    url = reverse("balie_zoeken", args=[moment_a.pk])
    toont_ontsnapt(client.post(url, {"q": ATTRIBUUT}).content.decode(), ATTRIBUUT)
    resultaten = client.post(url, {"q": "Alerta"}, HTTP_HX_REQUEST="true").content.decode()
    toont_ontsnapt(resultaten, f"Alerta{SCRIPT}")


def test_household_search_box_is_escaped(als, coordinator):
    html = als(coordinator).post(reverse("gezin_lijst"), {"q": ATTRIBUUT}).content.decode()
    toont_ontsnapt(html, ATTRIBUUT)


@pytest.mark.parametrize("tekst", [ATTRIBUUT, '"><b>x', SCRIPT])
def test_card_code_typed_at_the_desk_is_escaped_in_field_and_message(
    als, vrijwilliger, moment_a, tekst
):
    client = als(vrijwilliger)
    for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.post(reverse("paneel", args=[moment_a.pk]), {"kaart": tekst}, **htmx)
        html = response.content.decode()
        geen_rauwe_markup(html, "paneel")
        assert tekst not in html
    volledig = client.post(reverse("paneel", args=[moment_a.pk]), {"kaart": tekst}).content.decode()
    assert f'value="{escape(tekst)}"' in volledig  # typed text stays in the field, escaped


def test_card_lookup_and_card_linking_echo_the_code_escaped(als, coordinator, gezin_a):
    client = als(coordinator)
    html = client.post(reverse("kaart_opzoeken"), {"code": ATTRIBUUT}).content.decode()
    toont_ontsnapt(html, ATTRIBUUT)
    kort = '"><svg onload=alert(1)>'  # the card code field takes 30 characters
    response = client.post(reverse("gezin_kaart_koppelen", args=[gezin_a.pk]), {"code": kort})
    assert response.status_code == 422
    toont_ontsnapt(response.content.decode(), kort)


@pytest.mark.parametrize("veld", ["gezin", "gebruiker", "van", "tot"])
def test_auditlog_filters_are_escaped(als, beheerder, veld):
    html = als(beheerder).get(reverse("auditlog"), {veld: ATTRIBUUT}).content.decode()
    toont_ontsnapt(html, ATTRIBUUT)


def test_a_path_with_markup_is_logged_and_shown_escaped_in_the_auditlog(
    client, als, beheerder, coordinator
):
    # A member of the beheerder's municipality: anonymous rows belong to no municipality.
    assert als(coordinator).get("/" + SCRIPT + "/").status_code == 404  # logged as refused
    client.logout()
    html = als(beheerder).get(reverse("auditlog"), {"actie": "geweigerd"}).content.decode()
    toont_ontsnapt(html, SCRIPT)


def test_postcode_list_error_on_the_rules_page_is_escaped(als, coordinator):
    response = als(coordinator).post(
        reverse("afhaalregels"),
        {"zelfmelder_bezoeken": "3", "max_per_week": "1", "postcodes": f"9000, {SCRIPT}"},
    )
    assert response.status_code == 200
    toont_ontsnapt(response.content.decode(), SCRIPT)


@pytest.mark.parametrize("htmx", [False, True])
def test_already_registered_message_escapes_the_volunteers_name(
    wereld, vrijwilliger, moment_a, kaart_a, htmx
):
    vrijwilliger.first_name = ATTRIBUUT
    vrijwilliger.save()
    eerste = aanmelden(Client(), vrijwilliger)
    eerste.post(
        reverse("registreren", args=[moment_a.pk]),
        {"sleutel": str(uuid.uuid4()), "kaart": kaart_a.qr_payload},
    )
    tweede = aanmelden(Client(), maak_gebruiker("tweede", wereld.initiatief_a, Rol.VRIJWILLIGER))
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {"follow": True}
    response = tweede.post(
        reverse("registreren", args=[moment_a.pk]),
        {"sleutel": str(uuid.uuid4()), "kaart": kaart_a.qr_payload},
        **extra,
    )
    html = response.content.decode()
    assert "Al geregistreerd" in html
    toont_ontsnapt(html, ATTRIBUUT)


def test_roster_json_carries_names_as_json_strings(wereld, als, vrijwilliger, moment_a):
    gezin = maak_gezin(wereld.initiatief_a, voornaam=SCRIPT)
    services.kaart_uitgeven(gezin=gezin, organisatie=wereld.initiatief_a)
    response = als(vrijwilliger).get(reverse("rooster", args=[moment_a.pk]))
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    namen = [g["naam"] for g in json.loads(response.content)["gezinnen"]]
    assert f"{SCRIPT} E." in namen


def test_sync_answers_carry_typed_text_as_json_strings(als, vrijwilliger, moment_a, kaart_a):
    items = [goed_item(moment_a.pk, '"><b>'), goed_item(moment_a.pk, kaart_a.qr_payload)]
    items[1]["sleutel"] = ATTRIBUUT
    response = sync_post(als(vrijwilliger), {"afhalingen": items})
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    resultaten = json.loads(response.content)["resultaten"]
    assert resultaten[1]["sleutel"] == ATTRIBUUT  # the key is echoed, as data
    assert "<" in resultaten[0]["bericht"]  # "De code bevat een teken ...: \" < >"


# --- reflected, generated ----------------------------------------------------------------------


def _controleer(response, waar: str, pdf_html) -> None:
    assert response.status_code < 500, f"{waar}: {response!r}"
    soort = response.get("Content-Type", "") if hasattr(response, "get") else ""
    if soort.startswith("text/html"):
        inhoud = b"".join(response.streaming_content) if response.streaming else response.content
        geen_rauwe_markup(inhoud.decode(errors="replace"), waar)
    elif soort.startswith("application/json"):
        json.loads(response.content)
    for html in pdf_html.html:
        geen_rauwe_markup(html, f"{waar} (HTML for a PDF)")
    pdf_html.html.clear()


def test_every_parameter_of_every_view_is_escaped_when_shown(sweep, pdf_html):
    for naam in sorted(MATRIX):
        with transaction.atomic():
            _, client, url = sweep(naam)
            for methode in ("get", "post"):
                namen = parameters_van(url) | (
                    formuliervelden() if methode == "post" else frozenset()
                )
                for waarde in (BEIDE, ATTRIBUUT):
                    data = dict.fromkeys(namen - bekend(naam, methode), waarde)
                    response = vraag(client, methode, url, data)
                    _controleer(response, f"{methode.upper()} {url}", pdf_html)
            transaction.set_rollback(True)


# --- stored, generated ---------------------------------------------------------------------


def _vul_alle_tekstvelden(tekst: str) -> list[str]:
    """Every non-unique free-text column of the project's models (and user names) := tekst."""
    gevuld = []
    modellen = [m for config in project_apps() for m in config.get_models()]
    for model in [*modellen, get_user_model()]:
        velden = [
            veld.name
            for veld in model._meta.concrete_fields
            if isinstance(veld, (models.CharField, models.TextField))
            and not veld.choices
            and not veld.unique
            and not veld.primary_key
            and (veld.max_length is None or veld.max_length >= len(tekst))
            and (model is not get_user_model() or veld.name in ("first_name", "last_name"))
        ]
        if not velden:
            continue
        try:
            with transaction.atomic():
                model._base_manager.update(**dict.fromkeys(velden, tekst))
        except DatabaseError:  # append-only tables (the audit log on PostgreSQL)
            continue
        gevuld += [f"{model._meta.label}.{veld}" for veld in velden]
    return gevuld


@pytest.fixture
def alles_gevuld(sweep):
    """Logged-in clients for every view first, so their users get the payload too."""
    clients = {naam: sweep(naam) for naam in sorted(MATRIX)}
    gevuld = _vul_alle_tekstvelden(BEIDE)
    assert "hulpverlening.Persoon.voornaam" in gevuld
    return clients


def test_stored_free_text_is_escaped_on_every_page(alles_gevuld, pdf_html):
    ontsnapt = 0
    for naam, (regel, client, url) in alles_gevuld.items():
        response = vraag(client, regel.methode.lower(), url, regel.data)
        _controleer(response, f"{naam} {url}", pdf_html)
        if hasattr(response, "content") and escape(BEIDE) in response.content.decode(
            errors="replace"
        ):
            ontsnapt += 1
    assert ontsnapt >= 5, "the stored text should show (escaped) on several pages"
