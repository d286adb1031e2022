"""The start page: a coordinator's daily work first, set-up last."""

from django.urls import reverse


def test_a_coordinator_sees_daily_work_before_monthly_work_before_set_up(als, coordinator):
    html = als(coordinator).get(reverse("home")).content.decode()
    vandaag, maand, instellen = (
        html.index(f"<h2>{k}</h2>") for k in ("Vandaag", "Elke week of maand", "Instellen")
    )
    assert vandaag < maand < instellen
    assert vandaag < html.index(reverse("balie_kiezen")) < maand
    assert vandaag < html.index(reverse("te_controleren")) < maand
    assert maand < html.index(reverse("rapporten")) < instellen
    assert instellen < html.index(reverse("afhaalregels"))


def test_every_link_a_coordinator_had_is_still_there_once(als, coordinator):
    html = als(coordinator).get(reverse("home")).content.decode()
    for naam in (
        "balie_kiezen",
        "afhaalregels",
        "dashboard",
        "rapporten",
        "leveringen",
        "toeleiding_lijst",
        "te_controleren",
        "vrijwilligers",
        "gezin_lijst",
        "kaart_opzoeken",
        "doorverwijzing_lijst",
        "gezin_nieuw",
        "kaartbatch_lijst",
        "melding_nieuw",
        "mijn_meldingen",
    ):
        assert html.count(f'href="{reverse(naam)}"') == 1, naam


def test_other_roles_keep_one_list(als, maatschappelijk_werker):
    html = als(maatschappelijk_werker).get(reverse("home")).content.decode()
    assert "<h2>Vandaag</h2>" not in html
    assert reverse("doorverwijzing_lijst") in html


def test_a_coordinator_sets_the_phone_and_address_for_the_letters(als, coordinator, wereld):
    client = als(coordinator)
    url = reverse("organisatie_contact")
    fout = client.post(url, {"telefoon": "bel me", "adres": "Kerkstraat 5, 9000 Gent"})
    assert fout.status_code == 422
    pagina = fout.content.decode()
    assert "Typ een telefoonnummer met cijfers" in pagina
    assert 'value="Kerkstraat 5, 9000 Gent"' in pagina  # what was typed stays
    assert (
        client.post(url, {"telefoon": "09 210 11 22", "adres": "Kerkstraat 5"}).status_code == 302
    )
    wereld.initiatief_a.refresh_from_db()
    assert wereld.initiatief_a.telefoon == "09 210 11 22"


def test_a_phone_number_takes_ascii_digits_only(als, coordinator):
    """Found by an attacker's walk: '²²²²²²²²²' and Arabic-Indic digits were saved."""
    url = reverse("organisatie_contact")
    for nummer in ["²²²²²²²²²", "٠٩١٢٣٤٥٦٧٨"]:
        response = als(coordinator).post(url, {"telefoon": nummer, "adres": ""})
        assert response.status_code in (200, 422), nummer
    coordinator.lidmaatschappen.get().organisatie.refresh_from_db()
    assert coordinator.lidmaatschappen.get().organisatie.telefoon == ""
