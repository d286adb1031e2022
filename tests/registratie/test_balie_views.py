"""The desk in the browser without JavaScript, and its HTMX partials."""

import re
import uuid

import pytest
from django.templatetags.static import static
from django.urls import reverse

from doorverwijzing.models import Toeleiding
from hulpverlening import kaartcodes, services
from hulpverlening.models import Gezin, Kaart, Toestemming
from registratie.models import Afhaling

from ..conftest import maak_gezin


@pytest.fixture
def balie(als, vrijwilliger):
    return als(vrijwilliger)


def test_volunteer_is_sent_to_the_moment_that_is_open_now(balie, moment_a):
    response = balie.get(reverse("balie_kiezen"))
    assert response.status_code == 302
    assert response.url == reverse("balie", args=[moment_a.pk])


def test_desk_page_has_the_hooks_the_offline_script_needs(balie, moment_a):
    html = balie.get(reverse("balie", args=[moment_a.pk])).content.decode()
    for hook in [
        'id="balie"',
        'data-sync-url="/registratie/api/afhalingen/"',
        'id="scan-knop"',
        'id="code-form"',
        'id="zoek-form"',
        'id="paneel"',
        'id="wachtrij"',
        "00000000-0000",
    ]:
        assert hook in html, hook


def test_desk_page_loads_the_text_catalogue_before_the_scripts_that_use_it(balie, moment_a):
    """Deferred scripts run in order: gettext() exists when outbox.js and balie.js start."""
    html = balie.get(reverse("balie", args=[moment_a.pk])).content.decode()
    scripts = re.findall(r'<script src="([^"]+)" defer>', html)
    catalogus = scripts.index(reverse("javascript_catalog"))
    assert catalogus < scripts.index(static("registratie/outbox.js"))
    assert catalogus < scripts.index(static("registratie/balie.js"))


def test_scanned_card_shows_first_name_initial_size_and_entitlement(balie, moment_a, kaart_a):
    response = balie.post(
        reverse("paneel", args=[moment_a.pk]), {"kaart": kaart_a.qr_payload}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'id="paneel-inhoud"' in html and "<html" not in html
    assert "Amina E." in html
    assert "El Idrissi" not in html
    assert "1 volw. · 2 kinderen" in html
    assert 'data-kleur="oranje"' in html and "Zelfmelder: bezoek 1 van 3." in html
    assert "Afhaling registreren" in html


def test_typed_code_with_a_typo_gets_a_dutch_message_not_an_error(balie, moment_a, kaart_a):
    fout = kaart_a.code[:-1] + ("0" if kaart_a.code[-1] != "0" else "1")
    response = balie.post(reverse("paneel", args=[moment_a.pk]), {"kaart": fout})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze code klopt niet" in html
    assert f'value="{fout}"' in html  # what was typed stays in the field


def test_plain_post_registers_and_redirects_back_to_the_desk(balie, moment_a, kaart_a):
    sleutel = uuid.uuid4()
    response = balie.post(
        reverse("registreren", args=[moment_a.pk]),
        {"sleutel": sleutel, "kaart": kaart_a.leesbare_code},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("balie", args=[moment_a.pk])
    assert "Afhaling geregistreerd." in response.content.decode()
    assert Afhaling.objects.get().idempotentiesleutel == sleutel


def test_htmx_post_answers_with_a_confirmation_and_an_undo_button(balie, moment_a, kaart_a):
    response = balie.post(
        reverse("registreren", args=[moment_a.pk]),
        {"sleutel": uuid.uuid4(), "kaart": kaart_a.qr_payload},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Afhaling geregistreerd." in html and "Ongedaan maken" in html
    sleutel = Afhaling.objects.get().idempotentiesleutel
    response = balie.post(reverse("afhaling_ongedaan", args=[sleutel]), follow=True)
    assert "ongedaan gemaakt" in response.content.decode()
    assert Afhaling.objects.get().status == Afhaling.Status.ONGEDAAN


def test_red_panel_asks_for_a_reason_and_the_reason_registers_for_review(balie, moment_a, kaart_a):
    services.kaart_intrekken(kaart=kaart_a, reden=Kaart.Intrekkingsreden.VERLOREN)
    html = balie.post(
        reverse("paneel", args=[moment_a.pk]), {"kaart": kaart_a.qr_payload}
    ).content.decode()
    assert 'data-kleur="rood"' in html and 'name="override_reden"' in html
    zonder = balie.post(
        reverse("registreren", args=[moment_a.pk]),
        {"sleutel": uuid.uuid4(), "kaart": kaart_a.qr_payload},
        follow=True,
    )
    assert "Kaart ingetrokken" in zonder.content.decode()
    assert not Afhaling.objects.exists()
    balie.post(
        reverse("registreren", args=[moment_a.pk]),
        {
            "sleutel": uuid.uuid4(),
            "kaart": kaart_a.qr_payload,
            "override_reden": "Nieuwe kaart onderweg",
        },
    )
    assert Afhaling.objects.get().status == Afhaling.Status.TE_CONTROLEREN


def test_name_search_only_finds_this_organisations_households(balie, moment_a, gezin_a, gezin_b):
    html = balie.post(
        reverse("balie_zoeken", args=[moment_a.pk]), {"q": "am"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Amina E." in html
    html = balie.post(
        reverse("balie_zoeken", args=[moment_a.pk]), {"q": "Jan"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Claeys" not in html and "Jan" not in html.split('id="zoekresultaten"')[1]


def test_another_organisations_moment_is_404(als, vrijwilliger_b, moment_a):
    assert als(vrijwilliger_b).get(reverse("balie", args=[moment_a.pk])).status_code == 404


def test_caseworker_has_no_desk(als, maatschappelijk_werker, moment_a):
    assert als(maatschappelijk_werker).get(reverse("balie", args=[moment_a.pk])).status_code == 403


def test_roster_holds_hashes_and_minimal_fields_only(balie, moment_a, kaart_a):
    data = balie.get(reverse("rooster", args=[moment_a.pk])).json()
    (item,) = data["gezinnen"]
    assert item["h"] == kaartcodes.token_hash(kaart_a.token)
    assert item["naam"] == "Amina E."
    assert item["zoekbaar"] is True
    assert set(item) == {
        "h",
        "gezin",
        "naam",
        "zoekbaar",
        "volwassenen",
        "kinderen",
        "hulpvorm",
        "pakket",
        "kleur",
        "woord",
        "redenen",
        # The aid to send with the pickup, and with several aids each one judged.
        "slug",
        "aanbod",
    }
    assert kaart_a.token not in str(data)


def _intake(**overrides):
    data = {
        "voornaam": "Ion",
        "achternaam": "Popescu",
        "geboortejaar": "1990",
        "volwassenen": "1",
        "kinderen_0_2": "0",
        "kinderen_3_11": "1",
        "kinderen_12_17": "0",
        "postcode": "9000",
        "toestemming": "on",
    }
    return data | overrides


def test_zelfmelder_intake_records_consent_links_a_card_and_offers_a_toeleiding(
    wereld, balie, moment_a, coordinator
):
    vrije = services.kaartbatch_aanmaken(
        organisatie=wereld.initiatief_a, aantal=1, door=coordinator
    ).kaarten.get()
    response = balie.post(
        reverse("zelfmelder", args=[moment_a.pk]), _intake(kaart=vrije.qr_payload, toeleiding="on")
    )
    gezin = Gezin.objects.get()
    assert response.status_code == 302
    assert f"gezin={gezin.pk}" in response.url
    assert gezin.actieve_kaart == vrije
    assert {t.doel for t in Toestemming.objects.all()} == {"registratie", "toeleiding"}
    assert Toestemming.objects.get(doel="registratie").tekstversie.startswith("zelfmelder-")
    assert Toeleiding.objects.get().naar == wereld.sociale_dienst


def test_intake_without_consent_is_refused_and_keeps_what_was_typed(balie, moment_a):
    response = balie.post(reverse("zelfmelder", args=[moment_a.pk]), _intake(toestemming=""))
    html = response.content.decode()
    assert "Zonder akkoord" in html
    assert 'value="Popescu"' in html
    assert not Gezin.objects.exists()


def test_intake_errors_are_summed_up_at_the_top_with_links_and_focus(balie, moment_a):
    response = balie.post(
        reverse("zelfmelder", args=[moment_a.pk]), _intake(toestemming="", voornaam="")
    )
    html = response.content.decode()
    overzicht = html.index('id="foutoverzicht"')
    assert overzicht < html.index("<form", html.index("<main"))
    samenvatting = html[overzicht : html.index("</div>", overzicht)]
    assert 'tabindex="-1" autofocus' in samenvatting and "Verbeter 2 dingen:" in samenvatting
    assert 'href="#id_voornaam"' in samenvatting and 'href="#id_toestemming"' in samenvatting
    assert "Zonder akkoord" in samenvatting


def test_intake_offers_the_camera_for_the_card(balie, moment_a):
    html = balie.get(reverse("zelfmelder", args=[moment_a.pk])).content.decode()
    assert 'id="kaart-scan"' in html and "registratie/zelfmelder.js" in html
    assert "registratie/scanner.js" in html


def test_likely_existing_household_elsewhere_asks_for_the_card_without_showing_it(
    wereld, balie, moment_a
):
    maak_gezin(wereld.initiatief_b, voornaam="Ion", achternaam="Popescu", jaar=1990)
    response = balie.post(reverse("zelfmelder", args=[moment_a.pk]), _intake(achternaam="Popescou"))
    html = response.content.decode()
    assert "gelijkaardige naam" in html and "kaart" in html
    assert Gezin.objects.count() == 1
    assert 'name="toch_nieuw" value="on"' in html or 'name="toch_nieuw" value="True"' in html
    response = balie.post(
        reverse("zelfmelder", args=[moment_a.pk]), _intake(achternaam="Popescou", toch_nieuw="on")
    )
    assert response.status_code == 302
    assert Gezin.objects.count() == 2


def test_coordinator_reviews_flagged_pickups(als, coordinator, vrijwilliger, moment_a, kaart_a):
    from django.utils import timezone

    from registratie import services as reg

    lid = vrijwilliger.lidmaatschappen.get()
    for _ in range(2):
        reg.afhaling_registreren(
            sleutel=uuid.uuid4(),
            lidmaatschap=lid,
            afhaalmoment=moment_a,
            dag=timezone.localdate(),
            gescand_op=timezone.now(),
            kaart=kaart_a,
            offline=True,
        )
    vlag = Afhaling.objects.get(status=Afhaling.Status.TE_CONTROLEREN)
    client = als(coordinator)
    assert "Al geregistreerd om" in client.get(reverse("te_controleren")).content.decode()
    client.post(
        reverse("te_controleren"),
        {"afhaling": vlag.pk, "besluit": "afkeuren", "opmerking": "Twee keer gescand"},
    )
    vlag.refresh_from_db()
    assert vlag.status == Afhaling.Status.ONGEDAAN
    assert "Afgekeurd door" in vlag.override_reden
    assert "Twee keer gescand" in vlag.override_reden


def test_the_review_list_pages_and_says_how_many(als, coordinator, vrijwilliger, moment_a, kaart_a):
    """Issue 14.2: it was cut at 200 without a word."""
    from datetime import timedelta

    from django.utils import timezone

    from hulpverlening.models import Hulpvorm

    Afhaling.objects.bulk_create(
        Afhaling(
            gezin=kaart_a.gezin,
            organisatie=moment_a.locatie.organisatie,
            locatie=moment_a.locatie,
            afhaalmoment=moment_a,
            hulpvorm=Hulpvorm.objects.standaard(),
            datum=timezone.localdate() - timedelta(days=i),
            gescand_op=timezone.now() - timedelta(days=i),
            status=Afhaling.Status.TE_CONTROLEREN,
            controle_reden=f"Reden {i}",
        )
        for i in range(30)
    )
    client = als(coordinator)
    eerste = client.get(reverse("te_controleren")).content.decode()
    assert "30 in totaal" in eerste and "pagina 1 van 2" in eerste
    assert "Reden 0<" in eerste and "Reden 29<" not in eerste
    tweede = client.get(reverse("te_controleren"), {"pagina": 2}).content.decode()
    assert "Reden 29<" in tweede and "Reden 0<" not in tweede


def test_rejecting_asks_once_more_and_confirming_does_not(
    als, coordinator, vrijwilliger, moment_a, kaart_a
):
    from django.utils import timezone

    from registratie import services as reg

    lid = vrijwilliger.lidmaatschappen.get()
    for _ in range(2):
        reg.afhaling_registreren(
            sleutel=uuid.uuid4(),
            lidmaatschap=lid,
            afhaalmoment=moment_a,
            dag=timezone.localdate(),
            gescand_op=timezone.now(),
            kaart=kaart_a,
            offline=True,
        )
    pagina = als(coordinator).get(reverse("te_controleren")).content.decode()
    # The rejecting button sits inside a closed <details>, after its warning.
    bevestig, _, rest = pagina.partition('<details class="bevestig">')
    assert 'value="bevestigen"' in bevestig and 'value="afkeuren"' not in bevestig
    assert rest.index("nog terugzetten") < rest.index('value="afkeuren"')


def test_a_review_decision_can_be_taken_back_for_ten_minutes(
    als, coordinator, vrijwilliger, moment_a, kaart_a
):
    """Issue 14.16: 'Afkeuren' had no undo."""
    import time_machine
    from django.utils import timezone

    from registratie import services as reg

    lid = vrijwilliger.lidmaatschappen.get()
    for _ in range(2):
        reg.afhaling_registreren(
            sleutel=uuid.uuid4(),
            lidmaatschap=lid,
            afhaalmoment=moment_a,
            dag=timezone.localdate(),
            gescand_op=timezone.now(),
            kaart=kaart_a,
            offline=True,
            override_reden="Kwam met haar zus",
        )
    vlag = Afhaling.objects.get(status=Afhaling.Status.TE_CONTROLEREN)
    client = als(coordinator)
    url = reverse("te_controleren")
    client.post(url, {"afhaling": vlag.pk, "besluit": "afkeuren", "opmerking": "dubbel"})
    vlag.refresh_from_db()
    assert vlag.status == Afhaling.Status.ONGEDAAN
    pagina = client.get(url).content.decode()
    assert "Per vergissing afgekeurd?" in pagina and 'value="terugzetten"' in pagina

    response = client.post(url, {"afhaling": vlag.pk, "besluit": "terugzetten"})
    assert response.status_code == 302
    vlag.refresh_from_db()
    assert vlag.status == Afhaling.Status.TE_CONTROLEREN
    assert vlag.override_reden == "Kwam met haar zus"  # as before the decision
    assert "Teruggezet" in client.get(url).content.decode()

    # Once, and not after ten minutes.
    client.post(url, {"afhaling": vlag.pk, "besluit": "bevestigen"})
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=11)):
        te_laat = client.post(url, {"afhaling": vlag.pk, "besluit": "terugzetten"}, follow=True)
    assert "Dit kan niet meer teruggezet worden." in te_laat.content.decode()
    vlag.refresh_from_db()
    assert vlag.status == Afhaling.Status.GEREGISTREERD


def test_volunteer_cannot_review(balie, db, moment_a):
    assert balie.get(reverse("te_controleren")).status_code == 403


def test_a_card_token_in_the_desk_url_is_not_looked_up(balie, moment_a, kaart_a):
    """Card texts come by POST only; the name search takes no GET at all."""
    response = balie.get(reverse("paneel", args=[moment_a.pk]), {"kaart": kaart_a.qr_payload})
    assert "Amina E." not in response.content.decode()
    zoeken = balie.get(reverse("balie_zoeken", args=[moment_a.pk]), {"q": "Amina"})
    assert zoeken.status_code == 405


def test_a_card_of_another_municipality_shows_only_why_not_an_empty_household(
    balie, wereld, moment_a
):
    eeklo = services.kaart_uitgeven(
        gezin=maak_gezin(wereld.initiatief_eeklo), organisatie=wereld.initiatief_eeklo
    )
    html = balie.post(
        reverse("paneel", args=[moment_a.pk]), {"kaart": eeklo.qr_payload}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Deze kaart is van een andere gemeente" in html
    assert "Geldt hier niet" in html
    assert "volw." not in html
    assert "Afhaling registreren" not in html


def test_the_panel_address_opened_by_get_goes_back_to_the_desk(balie, moment_a):
    antwoord = balie.get(reverse("paneel", args=[moment_a.pk]) + "?kaart=ABCD-EFGH-J")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("balie", args=[moment_a.pk])


def test_a_new_card_leads_the_volunteer_to_the_intake_with_the_card_filled_in(
    balie, wereld, moment_a
):
    batch = services.kaartbatch_aanmaken(organisatie=wereld.initiatief_a, aantal=1, door=None)
    vrij = batch.kaarten.get()
    html = balie.post(
        reverse("paneel", args=[moment_a.pk]), {"kaart": vrij.qr_payload}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Deze kaart hoort nog bij geen gezin." in html
    assert "Afhaling registreren" not in html and "volw." not in html
    assert "Gezin inschrijven met deze kaart" in html
    intake = balie.post(
        reverse("zelfmelder", args=[moment_a.pk]), {"kaart": vrij.leesbare_code, "begin": "1"}
    )
    assert intake.status_code == 200
    intake_html = intake.content.decode()
    assert f'value="{vrij.leesbare_code}"' in intake_html
    assert "errorlist" not in intake_html
