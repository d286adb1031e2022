"""Lokaal Signaal end to end: a field worker reports, policy staff bundle and follow up,
the field worker sees what happened; bad input, scoping, exports and the VVSG view."""

import csv
import io
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hulpverlening.models import Auditregel, Rol
from signalen import services, vvsg
from signalen.models import Actie, Deelname, Melding, Signaal, Thema
from signalen.themas import themas_voor

from ..conftest import maak_gebruiker

try:  # force_login plus the second factor, where the platform asks for one
    from ..mfa_helpers import aanmelden
except ImportError:  # pragma: no cover

    def aanmelden(client, user):
        client.force_login(user)
        return client


GELDIG = {
    "themas": ["energie"],
    "tekst": "Veel gezinnen kunnen hun energiefactuur niet meer betalen.",
    "omvang": "6-20",
    "frequentie": "wekelijks",
    "gebied": "Brugse Poort",
    "met_organisatie": "on",
}


@pytest.fixture
def deelname(wereld):
    for gemeente in (wereld.gent, wereld.eeklo):
        Deelname.objects.create(gemeente=gemeente)
        themas_voor(gemeente)


@pytest.fixture
def melder(client, vrijwilliger, deelname):
    return aanmelden(client, vrijwilliger)


@pytest.fixture
def beleid(beleidsmedewerker, deelname):
    from django.test import Client

    return aanmelden(Client(), beleidsmedewerker)


@pytest.fixture
def beleid_eeklo(wereld, deelname):
    from django.test import Client

    from hulpverlening.models import Organisatie

    stad = Organisatie.objects.create(
        gemeente=wereld.eeklo, naam="Stad Eeklo", soort=Organisatie.Soort.STAD
    )
    return aanmelden(Client(), maak_gebruiker("beleid_eeklo", stad, Rol.BELEIDSMEDEWERKER))


def _melden(client, **anders):
    return client.post(reverse("melding_nieuw"), GELDIG | anders)


def _signaal(wereld, beleidsmedewerker, *, gemeente_lid=None, aantal=1, titel="Energie"):
    lid = (
        gemeente_lid
        or maak_gebruiker(
            f"v{Melding.objects.count()}", wereld.initiatief_b, Rol.VRIJWILLIGER
        ).lidmaatschappen.get()
    )
    energie = Thema.objects.get(gemeente=lid.organisatie.gemeente, slug="energie")
    meldingen = [
        services.melding_aanmaken(
            lidmaatschap=lid,
            themas=[energie],
            tekst="Energiefactuur te hoog",
            omvang="2-5",
            frequentie="wekelijks",
            postcode="9000",
        )
        for _ in range(aantal)
    ]
    return services.signaal_aanmaken(
        lidmaatschap=beleidsmedewerker.lidmaatschappen.get(), titel=titel, meldingen=meldingen
    )


# --- the field worker ---------------------------------------------------------------------


def test_a_field_worker_reports_in_one_post_and_lands_on_my_meldingen(melder, wereld):
    response = _melden(melder)
    assert response.status_code == 302
    assert response.url == reverse("mijn_meldingen")
    melding = Melding.objects.get()
    assert melding.gemeente == wereld.gent
    assert melding.organisatie == wereld.initiatief_a
    assert (melding.postcode, melding.wijk) == ("9000", "Brugse Poort")
    assert [t.slug for t in melding.themas.all()] == ["energie"]
    assert "nog niet bekeken" in melder.get(reverse("mijn_meldingen")).content.decode().lower()


def test_the_organisation_may_be_left_out(melder):
    data = GELDIG.copy()
    del data["met_organisatie"]
    assert melder.post(reverse("melding_nieuw"), data).status_code == 302
    assert Melding.objects.get().organisatie is None


def test_the_desk_link_prefills_theme_source_and_area(melder):
    url = reverse("melding_nieuw") + "?thema=voeding&bron=balie&postcode=9000&terug=/registratie/"
    response = melder.get(url)
    assert response.context["form"].initial["themas"] == ["voeding"]
    html = response.content.decode()
    assert 'name="bron" value="balie"' in html
    assert 'value="9000"' in html
    response = _melden(melder, bron="balie", terug="/registratie/")
    assert response.url == "/registratie/"
    assert Melding.objects.get().bron == "balie"


def test_the_rights_check_link_turns_a_missed_right_into_its_theme(melder):
    url = reverse("melding_nieuw") + "?bron=rechtenverkenning&recht=huurpremie"
    response = melder.get(url)
    assert 'name="bron" value="rechtenverkenning"' in response.content.decode()
    assert response.context["form"].initial["themas"] == ["wonen"]


def test_an_unknown_theme_in_the_link_is_named_and_ignored(melder):
    html = melder.get(reverse("melding_nieuw") + "?thema=ruimtevaart").content.decode()
    assert "Onbekend thema genegeerd: ruimtevaart" in html


@pytest.mark.parametrize(
    ("veld", "waarde", "bericht"),
    [
        ("tekst", "", "Beschrijf kort wat u ziet."),
        ("tekst", "   ", "Beschrijf kort wat u ziet."),
        ("tekst", "x" * 10_000, "hoogstens 1000 tekens (u typte er 10000)"),
        ("themas", ["ruimtevaart"], "“ruimtevaart” is geen thema van uw gemeente"),
        ("themas", [], "Kies minstens één thema."),
        ("omvang", "duizend", "Selecteer een geldige keuze"),
        ("gebied", "", "Vul een wijk of postcode in"),
        ("gebied", "Sleepstraat 12", "geen adres of naam"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(melder, veld, waarde, bericht):
    response = _melden(melder, **{veld: waarde})
    assert response.status_code == 422
    html = response.content.decode()
    assert bericht in html
    if veld != "tekst":
        assert GELDIG["tekst"] in html  # what was typed survives
    assert not Melding.objects.exists()


def test_personal_data_is_refused_then_refused_again_when_insisted(melder):
    tekst = "Mevrouw Janssens van de Sleepstraat 12 belt 0470 12 34 56"
    eerste = _melden(melder, tekst=tekst)
    assert eerste.status_code == 422
    html = eerste.content.decode()
    assert "Haal deze persoonsgegevens weg" in html
    assert "telefoonnummer “0470 12 34 56”" in html
    assert tekst in html
    vingerafdruk = eerste.context["form"].vingerafdruk
    tweede = _melden(melder, tekst=tekst, geweigerd=vingerafdruk)
    assert tweede.status_code == 422
    assert "Niet bewaard: de tekst bevat nog altijd persoonsgegevens" in tweede.content.decode()
    assert not Melding.objects.exists()


def test_personal_data_can_be_replaced_in_one_tap_and_then_saved(melder):
    tekst = "Mevrouw Janssens belt elke week, ze kan de huur niet betalen"
    response = _melden(melder, tekst=tekst, vervangen="1")
    assert response.status_code == 200  # not saved: the worker reads it first
    assert response.context["form"].data["tekst"] == (
        "Mevrouw [naam] belt elke week, ze kan de huur niet betalen"
    )
    assert _melden(melder, tekst=response.context["form"].data["tekst"]).status_code == 302


def test_the_service_refuses_personal_data_even_without_the_form(wereld, vrijwilliger, deelname):
    with pytest.raises(services.SignaalFout, match="rijksregisternummer|telefoonnummer"):
        services.melding_aanmaken(
            lidmaatschap=vrijwilliger.lidmaatschappen.get(),
            themas=themas_voor(wereld.gent)[:1],
            tekst="Bel 0470 12 34 56",
            omvang="1",
            frequentie="eenmalig",
            postcode="9000",
        )


def test_my_meldingen_page_and_say_how_many(melder, wereld, vrijwilliger):
    """Issue 14.2: the list was cut at 100 without a word."""
    energie = themas_voor(wereld.gent)[:1]
    for i in range(27):
        services.melding_aanmaken(
            lidmaatschap=vrijwilliger.lidmaatschappen.get(),
            themas=energie,
            tekst=f"Probleem nummer {i}",
            omvang="1",
            frequentie="eenmalig",
            postcode="9000",
        )
    eerste = melder.get(reverse("mijn_meldingen")).content.decode()
    assert "27 in totaal" in eerste and "pagina 1 van 2" in eerste
    assert "Probleem nummer 26" in eerste and "Probleem nummer 0<" not in eerste
    tweede = melder.get(reverse("mijn_meldingen"), {"pagina": 2}).content.decode()
    assert "Probleem nummer 0<" in tweede


def test_the_live_check_shows_findings_while_typing(melder):
    response = melder.post(reverse("melding_controleren"), {"tekst": "Bel Fatima"})
    assert 'naam: <mark class="pg">Fatima</mark>' in response.content.decode()
    leeg = melder.post(reverse("melding_controleren"), {"tekst": "Veel mensen"})
    assert leeg.content.decode().strip() == ""


def test_a_municipality_that_does_not_take_part_gets_an_explanation(client, coordinator_eeklo):
    html = aanmelden(client, coordinator_eeklo).get(reverse("melding_nieuw")).content.decode()
    assert "doet (nog) niet mee aan Lokaal Signaal" in html
    response = client.post(reverse("melding_nieuw"), GELDIG)
    assert "doet (nog) niet mee" in response.content.decode()
    assert not Melding.objects.exists()


def test_themes_of_another_municipality_cannot_be_chosen(melder, wereld):
    Thema.objects.create(gemeente=wereld.eeklo, slug="polders", naam="Polders")
    assert _melden(melder, themas=["polders"]).status_code == 422


# --- policy staff -------------------------------------------------------------------------


def test_the_whole_journey_from_melding_to_feedback(melder, beleid, vrijwilliger, wereld):
    _melden(melder)
    _melden(melder, tekst="Gezinnen betalen hun energiefactuur niet meer, vooral huurders.")
    _melden(melder, themas=["mobiliteit"], tekst="Geen bus na 19 uur.", gebied="Drongen")
    eerste, tweede = Melding.objects.filter(themas__slug="energie").order_by("pk")

    inbox = beleid.get(reverse("signalen_inbox"))
    assert inbox.status_code == 200
    assert "Geen bus na 19 uur." in inbox.content.decode()

    keuze = beleid.get(reverse("signaal_nieuw") + f"?melding={eerste.pk}")
    voorgesteld = [g.melding for g in keuze.context["suggesties"]]
    assert voorgesteld == [tweede]  # the bus melding is not alike

    response = beleid.post(
        reverse("signaal_nieuw"),
        {"melding": [eerste.pk, tweede.pk], "wat": "nieuw", "titel": "Energiefacturen"},
    )
    signaal = Signaal.objects.get()
    assert response.url == signaal.get_absolute_url()
    assert signaal.meldingen.count() == 2
    assert [t.slug for t in signaal.themas.all()] == ["energie"]

    detail = beleid.get(signaal.get_absolute_url()).content.decode()
    assert "ernst × (meldingen + 2 × (organisaties − 1)) × trend" in detail
    assert "3 × (2 + 2 × 0) × 2 = 12" in detail

    url = reverse("signaal_status", args=[signaal.pk])
    assert beleid.post(url, {"naar": "in_behandeling", "tekst": ""}).status_code == 302
    fout = beleid.post(url, {"naar": "actie_ondernomen", "tekst": ""})
    assert fout.status_code == 422
    assert "de melders lezen het" in fout.content.decode()
    sprong = beleid.post(url, {"naar": "nieuw", "tekst": "terug"})
    assert "niet naar “nieuw”" in sprong.content.decode()
    actie = "Extra zitdagen van de energiecel in de Brugse Poort."
    assert beleid.post(url, {"naar": "actie_ondernomen", "tekst": actie}).status_code == 302
    assert (
        beleid.post(url, {"naar": "actie_ondernomen", "tekst": "Folder gedrukt."}).status_code
        == 302
    )
    assert beleid.post(url, {"naar": "afgesloten", "tekst": "Opgevolgd."}).status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == "afgesloten"
    assert list(signaal.acties.values_list("van_status", "naar_status")) == [
        ("nieuw", "in_behandeling"),
        ("in_behandeling", "actie_ondernomen"),
        ("actie_ondernomen", "actie_ondernomen"),
        ("actie_ondernomen", "afgesloten"),
    ]

    mijn = melder.get(reverse("mijn_meldingen")).content.decode()
    assert "Gebundeld in het signaal “Energiefacturen”" in mijn
    assert actie in mijn
    assert 'aria-current="step">Afgesloten' in mijn
    assert "Stad Gent" in mijn
    assert "beleid" not in mijn  # the policy worker's username stays hidden


def test_policy_staff_never_see_who_reported(melder, beleid, vrijwilliger):
    """The melding is on the page (without that, as this test once was, nothing about
    the reporter could ever show), and nothing that names the reporter is."""
    vrijwilliger.first_name, vrijwilliger.last_name = "Griet", "Vandamme"
    vrijwilliger.save()
    _melden(melder)
    melding = Melding.objects.get()
    html = beleid.get(reverse("signalen_inbox")).content.decode()
    assert f'id="melding-{melding.pk}"' in html and melding.tekst in html
    for persoonlijk in ("Griet", "Vandamme", vrijwilliger.username, vrijwilliger.email):
        assert persoonlijk not in html
    assert "Voedselbank Brugse Poort" in html  # the organisation, as the worker chose


def test_a_melding_can_join_an_existing_signaal_from_the_inbox(
    melder, beleid, wereld, beleidsmedewerker
):
    signaal = _signaal(wereld, beleidsmedewerker)
    _melden(melder)
    melding = Melding.objects.in_inbox().get()
    inbox = beleid.get(reverse("signalen_inbox"))
    assert inbox.context["rijen"][0].suggestie[0] == signaal
    response = beleid.post(
        reverse("signaal_meldingen", args=[signaal.pk]),
        {"melding": melding.pk, "terug": reverse("signalen_inbox")},
    )
    assert response.url == reverse("signalen_inbox")
    assert signaal.meldingen.count() == 2
    beleid.post(reverse("signaal_meldingen", args=[signaal.pk]), {"loskoppelen": melding.pk})
    assert Melding.objects.in_inbox().get() == melding


def test_a_melding_set_aside_tells_the_reporter_why(melder, beleid):
    _melden(melder)
    melding = Melding.objects.get()
    url = reverse("melding_klasseren", args=[melding.pk])
    leeg = beleid.post(url, {"reden": ""})
    assert leeg.status_code == 422
    assert "Schrijf kort waarom" in leeg.content.decode()
    assert beleid.post(url, {"reden": "Eenmalig, hoort bij de huisarts."}).status_code == 302
    assert (
        "Eenmalig, hoort bij de huisarts." in melder.get(reverse("mijn_meldingen")).content.decode()
    )
    assert not Melding.objects.in_inbox().exists()


def _klasseren(beleid, melding, reden="Dubbel, zie de melding van gisteren."):
    assert (
        beleid.post(reverse("melding_klasseren", args=[melding.pk]), {"reden": reden}).status_code
        == 302
    )


def test_a_melding_set_aside_is_listed_and_can_be_put_back_in_the_inbox(melder, beleid):
    _melden(melder)
    melding = Melding.objects.get()
    _klasseren(beleid, melding)
    assert "Geklasseerd" in beleid.get(reverse("signalen_inbox")).content.decode()  # the way there

    lijst = beleid.get(reverse("meldingen_geklasseerd"))
    assert [m.pk for m in lijst.context["rijen"]] == [melding.pk]
    html = lijst.content.decode()
    assert "Dubbel, zie de melding van gisteren." in html
    assert reverse("melding_terugzetten", args=[melding.pk]) in html

    response = beleid.post(reverse("melding_terugzetten", args=[melding.pk]), follow=True)
    assert response.redirect_chain == [(reverse("meldingen_geklasseerd"), 302)]
    assert "De melding staat terug in de inbox." in response.content.decode()
    assert not response.context["rijen"]
    melding.refresh_from_db()
    assert Melding.objects.in_inbox().get() == melding
    assert (melding.klasseerreden, melding.geklasseerd_op) == ("", None)
    assert melding.teruggezet_op is not None
    inbox = beleid.get(reverse("signalen_inbox")).content.decode()
    assert f"teruggezet op {timezone.localdate():%-d}" in inbox
    mijn = melder.get(reverse("mijn_meldingen")).content.decode()
    assert "Dubbel, zie de melding van gisteren." not in mijn
    assert "Nog niet bekeken door de gemeente." in mijn


def test_putting_back_a_melding_that_is_not_set_aside_changes_nothing_and_says_so(
    melder, beleid, wereld, beleidsmedewerker
):
    _melden(melder)
    melding = Melding.objects.get()
    url = reverse("melding_terugzetten", args=[melding.pk])
    response = beleid.post(url, follow=True)
    assert "niet geklasseerd" in response.content.decode()
    _klasseren(beleid, melding)
    beleid.post(url)
    tweede = beleid.post(url, follow=True)  # a colleague already did
    assert "niet geklasseerd" in tweede.content.decode()
    gebundeld = _signaal(wereld, beleidsmedewerker).meldingen.get()
    beleid.post(reverse("melding_terugzetten", args=[gebundeld.pk]))
    assert Melding.objects.get(pk=gebundeld.pk).signaal_id is not None


def test_putting_back_is_a_post(melder, beleid):
    _melden(melder)
    melding = Melding.objects.get()
    _klasseren(beleid, melding)
    assert beleid.get(reverse("melding_terugzetten", args=[melding.pk])).status_code == 405
    assert not Melding.objects.in_inbox().exists()


def test_the_set_aside_list_filters_by_theme(melder, beleid):
    _melden(melder)
    _melden(melder, themas=["mobiliteit"], tekst="Geen bus na 19 uur.", gebied="Drongen")
    for melding in Melding.objects.all():
        _klasseren(beleid, melding)
    lijst = beleid.get(reverse("meldingen_geklasseerd") + "?thema=mobiliteit")
    assert [m.tekst for m in lijst.context["rijen"]] == ["Geen bus na 19 uur."]
    assert lijst.context["totaal"] == 2
    onbekend = beleid.get(reverse("meldingen_geklasseerd") + "?thema=%00")
    assert len(onbekend.context["rijen"]) == 2


def test_another_municipality_cannot_see_or_put_back_a_set_aside_melding(
    melder, beleid, beleid_eeklo
):
    _melden(melder)
    melding = Melding.objects.get()
    _klasseren(beleid, melding)
    assert not beleid_eeklo.get(reverse("meldingen_geklasseerd")).context["rijen"]
    url = reverse("melding_terugzetten", args=[melding.pk])
    assert beleid_eeklo.post(url).status_code == 404
    assert not Melding.objects.in_inbox().exists()


# --- bundling: the title of a new signaal -------------------------------------------------


def test_the_title_of_a_new_signaal_is_required_and_labelled_so(melder, beleid):
    _melden(melder)
    melding = Melding.objects.get()
    pagina = beleid.get(reverse("signaal_nieuw") + f"?melding={melding.pk}").content.decode()
    assert "Titel van het nieuwe signaal" in pagina
    assert "niet verplicht" not in pagina
    leeg = beleid.post(
        reverse("signaal_nieuw"), {"melding": [melding.pk], "wat": "nieuw", "titel": "   "}
    )
    assert leeg.status_code == 422
    html = leeg.content.decode()
    assert "Geef het nieuwe signaal een korte titel." in html
    assert "niet verplicht" not in html
    assert not Signaal.objects.exists()


def test_joining_an_existing_signaal_needs_the_signaal_not_a_title(
    melder, beleid, wereld, beleidsmedewerker
):
    signaal = _signaal(wereld, beleidsmedewerker)
    _melden(melder)
    melding = Melding.objects.in_inbox().get()
    url = reverse("signaal_nieuw")
    zonder = beleid.post(url, {"melding": [melding.pk], "wat": "toevoegen", "titel": ""})
    assert zonder.status_code == 422
    assert "Kies het signaal waar de meldingen bij horen." in zonder.content.decode()
    assert "niet verplicht" not in zonder.content.decode()
    response = beleid.post(
        url, {"melding": [melding.pk], "wat": "toevoegen", "titel": "", "signaal": signaal.pk}
    )
    assert response.url == signaal.get_absolute_url()
    assert signaal.meldingen.count() == 2


def test_the_service_refuses_a_signaal_without_a_title(wereld, beleidsmedewerker, deelname):
    signaal = _signaal(wereld, beleidsmedewerker)
    melding = signaal.meldingen.get()
    services.melding_loskoppelen(signaal=signaal, melding=melding)
    with pytest.raises(services.SignaalFout, match="titel"):
        services.signaal_aanmaken(
            lidmaatschap=beleidsmedewerker.lidmaatschappen.get(), titel=" ", meldingen=[melding]
        )
    with pytest.raises(services.SignaalFout, match="titel"):
        services.signaal_bewerken(signaal=signaal, titel="", omschrijving="", ernst=3, themas=[])
    with pytest.raises(services.SignaalFout, match="hoogstens 120 tekens"):
        services.signaal_bewerken(
            signaal=signaal, titel="x" * 121, omschrijving="", ernst=3, themas=[]
        )
    assert Signaal.objects.get().titel == "Energie"


def test_editing_a_signaal_keeps_what_was_typed_on_an_error(beleid, wereld, beleidsmedewerker):
    signaal = _signaal(wereld, beleidsmedewerker)
    url = reverse("signaal_bewerken", args=[signaal.pk])
    response = beleid.post(
        url, {"titel": "Energie", "omschrijving": "Bel Fatima op 0470 12 34 56", "ernst": "9"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Bel Fatima op 0470 12 34 56" in html
    ok = beleid.post(
        url,
        {
            "titel": "Energie bij huurders",
            "omschrijving": "",
            "ernst": "5",
            "themas": ["energie", "wonen"],
        },
    )
    assert ok.status_code == 302
    signaal.refresh_from_db()
    assert (signaal.titel, signaal.ernst) == ("Energie bij huurders", 5)
    assert sorted(t.slug for t in signaal.themas.all()) == ["energie", "wonen"]
    fout = beleid.post(
        url,
        {
            "titel": "Energie",
            "omschrijving": "Bel Fatima op 0470 12 34 56",
            "ernst": "3",
            "themas": ["energie"],
        },
    )
    assert fout.status_code == 422
    assert "persoonsgegevens" in fout.content.decode()


def test_two_staff_moving_the_same_signaal_do_not_both_step(wereld, beleidsmedewerker, deelname):
    signaal = _signaal(wereld, beleidsmedewerker)
    lid = beleidsmedewerker.lidmaatschappen.get()
    verouderd = Signaal.objects.get(pk=signaal.pk)
    services.signaal_status_wijzigen(signaal=signaal, lidmaatschap=lid, naar="in_behandeling")
    with pytest.raises(services.SignaalFout, match="intussen"):
        services.signaal_status_wijzigen(signaal=verouderd, lidmaatschap=lid, naar="in_behandeling")
    assert Actie.objects.count() == 1


def test_themes_can_be_added_and_switched_off_per_municipality(beleid, wereld, melder):
    url = reverse("signalen_themas")
    assert beleid.post(url, {"naam": "Kinderopvang"}).status_code == 302
    assert beleid.post(url, {"naam": "kinderopvang"}).status_code == 422
    assert beleid.post(url, {"wissel": "mobiliteit"}).status_code == 302
    html = melder.get(reverse("melding_nieuw")).content.decode()
    assert "Kinderopvang" in html
    assert "Mobiliteit" not in html
    assert not Thema.objects.filter(gemeente=wereld.eeklo, slug="kinderopvang").exists()


# --- scoping --------------------------------------------------------------------------------


def test_another_municipalitys_signaal_and_melding_are_404(
    beleid, beleid_eeklo, wereld, beleidsmedewerker
):
    gent = _signaal(wereld, beleidsmedewerker, titel="Facturen in Gent")
    melding = gent.meldingen.get()
    for url in [
        reverse("signaal_detail", args=[gent.pk]),
        reverse("signalen_pdf") + f"?signaal={gent.pk}",
        reverse("signalen_csv") + f"?signaal={gent.pk}",
    ]:
        assert beleid_eeklo.get(url).status_code == 404, url
    for url in [
        reverse("signaal_status", args=[gent.pk]),
        reverse("signaal_meldingen", args=[gent.pk]),
        reverse("melding_klasseren", args=[melding.pk]),
    ]:
        assert beleid_eeklo.post(url, {"naar": "in_behandeling", "reden": "x"}).status_code == 404
    assert gent.titel not in beleid_eeklo.get(reverse("signaal_lijst")).content.decode()
    assert beleid.get(reverse("signaal_detail", args=[gent.pk])).status_code == 200


def test_another_municipalitys_meldingen_cannot_be_bundled(beleid, beleid_eeklo, wereld, deelname):
    lid = maak_gebruiker("v_eeklo", wereld.initiatief_eeklo, Rol.VRIJWILLIGER).lidmaatschappen.get()
    melding = services.melding_aanmaken(
        lidmaatschap=lid,
        themas=themas_voor(wereld.eeklo)[:1],
        tekst="Geen bus",
        omvang="2-5",
        frequentie="wekelijks",
        postcode="9900",
    )
    response = beleid.post(
        reverse("signaal_nieuw"), {"melding": [melding.pk], "wat": "nieuw", "titel": "Bus"}
    )
    assert response.status_code == 422  # none of the chosen is in this inbox
    assert "staan niet meer in de inbox" in response.content.decode()
    assert not Signaal.objects.exists()
    assert melding.pk not in [m.pk for m in beleid.get(reverse("signalen_inbox")).context["rijen"]]


def test_a_field_worker_sees_only_own_meldingen(melder, wereld, client, deelname):
    _melden(melder)
    from django.test import Client

    ander = aanmelden(Client(), maak_gebruiker("v_b", wereld.initiatief_b, Rol.VRIJWILLIGER))
    assert GELDIG["tekst"] not in ander.get(reverse("mijn_meldingen")).content.decode()


def test_field_workers_cannot_open_the_inbox(melder):
    assert melder.get(reverse("signalen_inbox")).status_code == 403


# --- exports ---------------------------------------------------------------------------------


def test_the_dossier_pdf_is_a_real_pdf_and_logged(beleid, wereld, beleidsmedewerker):
    signaal = _signaal(wereld, beleidsmedewerker, aantal=2)
    response = beleid.get(reverse("signalen_pdf") + f"?signaal={signaal.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="signaal-{signaal.pk}-' in response["Content-Disposition"]
    regel = Auditregel.objects.get(actie=Auditregel.Actie.EXPORT)
    assert "signalen_pdf" in regel.waar


def test_the_dossier_lists_the_selection_with_formula_and_actions(
    beleid, wereld, beleidsmedewerker, tmp_path
):
    eerste = _signaal(wereld, beleidsmedewerker, titel="Energie")
    tweede = _signaal(wereld, beleidsmedewerker, titel="Wonen")
    services.signaal_status_wijzigen(
        signaal=eerste,
        lidmaatschap=beleidsmedewerker.lidmaatschappen.get(),
        naar="in_behandeling",
        tekst="Op de agenda van de raad.",
    )
    pdf = beleid.get(reverse("signalen_pdf") + f"?signaal={eerste.pk}&signaal={tweede.pk}")
    (tmp_path / "dossier.pdf").write_bytes(pdf.content)
    # The real PDF, read back as text: lines may wrap, so spaces are compared loosely.
    tekst = " ".join(
        subprocess.run(
            ["pdftotext", tmp_path / "dossier.pdf", "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    assert "Energie" in tekst and "Wonen" in tekst
    assert "Op de agenda van de raad." in tekst
    assert "ernst × (meldingen + 2 × (organisaties − 1)) × trend" in tekst
    assert "Energiefactuur te hoog" in tekst


def test_the_csv_has_one_row_per_melding_and_is_safe(beleid, wereld, beleidsmedewerker):
    signaal = _signaal(wereld, beleidsmedewerker, aantal=2)
    Melding.objects.filter(signaal=signaal).update(tekst='=HYPERLINK("x")')
    response = beleid.get(reverse("signalen_csv") + f"?signaal={signaal.pk}")
    assert response.status_code == 200
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0][:3] == ["signaal", "titel", "status"]
    assert len(rijen) == 3
    assert rijen[1][-1].startswith("'=")
    assert Auditregel.objects.filter(actie=Auditregel.Actie.EXPORT).count() == 1


def test_export_with_garbage_ids_is_404_not_500(beleid):
    for waarde in ["abc", "9" * 30, "", "1.5"]:
        assert beleid.get(reverse("signalen_csv"), {"signaal": waarde}).status_code == 404


# --- evidence from the platform ----------------------------------------------------------


def test_a_voeding_signaal_shows_pressure_and_unique_households(
    beleid, wereld, beleidsmedewerker, moment_a, kaart_a, vrijwilliger
):
    import uuid

    from registratie import services as registratie_services

    vorige_maand = timezone.localdate().replace(day=1) - timedelta(days=3)
    registratie_services.afhaling_registreren(
        sleutel=uuid.uuid4(),
        lidmaatschap=vrijwilliger.lidmaatschappen.get(),
        afhaalmoment=moment_a,
        dag=vorige_maand,
        gescand_op=timezone.now(),
        kaart=kaart_a,
    )
    signaal = _signaal(wereld, beleidsmedewerker)
    signaal.themas.set([Thema.objects.get(gemeente=wereld.gent, slug="voeding")])
    response = beleid.get(signaal.get_absolute_url())
    bewijs = response.context["bewijs"]
    assert [d.moment for d in bewijs.drukte] == [moment_a]
    assert bewijs.gezinnen[-1].gemeente == 1
    assert bewijs.gezinnen[-1].gebied == "< 5"  # the signaal's postcode 9000, masked
    assert "Drukte per afhaalmoment" in response.content.decode()


def test_missed_rights_come_from_the_rights_checks(
    beleid, wereld, beleidsmedewerker, gezin_a, vrijwilliger
):
    from doorverwijzing import services as doorverwijzing_services

    Organisatie = wereld.sociale_dienst.__class__
    assert Organisatie.objects.filter(soort="sociale_dienst", gemeente=wereld.gent).exists()
    doorverwijzing_services.toeleiding_aanmaken(
        lidmaatschap=vrijwilliger.lidmaatschappen.get(),
        gezin=gezin_a,
        reden="rechten",
        antwoorden={"sociaal_energietarief": "nee", "huurpremie": "ja"},
    )
    signaal = _signaal(wereld, beleidsmedewerker)  # theme energie
    bewijs = beleid.get(signaal.get_absolute_url()).context["bewijs"]
    assert [(r.naam, r.aantal, r.relevant) for r in bewijs.rechten] == [
        ("Sociaal tarief energie", 1, True)
    ]
    assert bewijs.verkenningen == 1


# --- VVSG ---------------------------------------------------------------------------------------


def test_vvsg_counts_are_masked_below_five():
    assert [vvsg.gemaskeerd(n) for n in (0, 1, 4, 5, 37)] == ["0", "< 5", "< 5", "5", "37"]


def test_vvsg_overview_counts_by_theme_and_month_across_participants(
    wereld, deelname, beheerder, client
):
    gent = maak_gebruiker("vg", wereld.initiatief_a, Rol.VRIJWILLIGER).lidmaatschappen.get()
    eeklo = maak_gebruiker("ve", wereld.initiatief_eeklo, Rol.VRIJWILLIGER).lidmaatschappen.get()
    for lid, aantal in ((gent, 4), (eeklo, 3)):
        energie = Thema.objects.get(gemeente=lid.organisatie.gemeente, slug="energie")
        for _ in range(aantal):
            services.melding_aanmaken(
                lidmaatschap=lid,
                themas=[energie],
                tekst="Factuur te hoog",
                omvang="2-5",
                frequentie="wekelijks",
                postcode="9000",
            )
    samen = vvsg.overzicht()
    energie = next(r for r in samen.rijen if r.slug == "energie")
    assert energie.cellen[-1] == "7"
    alleen_gent = next(r for r in vvsg.overzicht(gemeente=wereld.gent).rijen if r.slug == "energie")
    assert alleen_gent.cellen[-1] == "< 5"
    Deelname.objects.filter(gemeente=wereld.eeklo).update(actief=False)
    energie = next(r for r in vvsg.overzicht().rijen if r.slug == "energie")
    assert energie.cellen[-1] == "< 5"

    html = aanmelden(client, beheerder).get(reverse("signalen_vvsg")).content.decode()
    assert "&lt; 5" in html
    assert "Factuur te hoog" not in html  # counts only, never texts


def test_vvsg_is_refused_to_policy_staff_of_a_municipality_that_does_not_take_part(wereld, client):
    lid = maak_gebruiker("beleid_x", wereld.stad, Rol.BELEIDSMEDEWERKER)
    assert aanmelden(client, lid).get(reverse("signalen_vvsg")).status_code == 403


def test_the_demo_command_makes_meldingen_and_signalen(db):
    from django.core.management import call_command

    from demo import lokaal_signaal as demo

    with pytest.raises(demo.DemoFout):
        demo.seed_signalen()  # needs seed_demo's organisations
    call_command("seed_demo", households=30, months=1, seed=1)
    uit = io.StringIO()
    call_command("seed_signalen", stdout=uit)
    assert "meldingen" in uit.getvalue()
    assert Signaal.objects.filter(gemeente__slug="gent").count() == 2
    assert Signaal.objects.filter(gemeente__slug="eeklo").count() == 1
    call_command("seed_signalen", stdout=io.StringIO())  # twice: nothing new
    assert Signaal.objects.count() == 3
