from django.urls import reverse

from hulpverlening import kaartcodes, services
from hulpverlening.models import Kaart


def test_new_card_replaces_the_old_one(wereld, als, coordinator, gezin_a):
    oud = services.kaart_uitgeven(gezin=gezin_a, organisatie=wereld.initiatief_a)
    response = als(coordinator).post(reverse("gezin_kaart_nieuw", args=[gezin_a.pk]))
    assert response.status_code == 302
    oud.refresh_from_db()
    nieuw = gezin_a.actieve_kaart
    assert nieuw != oud
    assert oud.intrekkingsreden == Kaart.Intrekkingsreden.VERVANGEN
    assert oud.vervangen_door == nieuw


def test_linking_a_preprinted_card_typed_sloppily(wereld, als, coordinator, gezin_a):
    batch = services.kaartbatch_aanmaken(
        organisatie=wereld.initiatief_a, aantal=3, door=coordinator
    )
    kaart = batch.kaarten.first()
    getypt = kaart.leesbare_code.lower().replace("-", " ")
    response = als(coordinator).post(
        reverse("gezin_kaart_koppelen", args=[gezin_a.pk]), {"code": getypt}
    )
    assert response.status_code == 302
    kaart.refresh_from_db()
    assert kaart.gezin == gezin_a


def test_linking_a_card_of_another_household_is_refused_and_the_code_kept(
    wereld, als, coordinator, gezin_a, gezin_b
):
    vreemde = services.kaart_uitgeven(gezin=gezin_b, organisatie=wereld.initiatief_b)
    response = als(coordinator).post(
        reverse("gezin_kaart_koppelen", args=[gezin_a.pk]), {"code": vreemde.leesbare_code}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "hoort al bij een ander gezin" in html
    assert f'value="{vreemde.leesbare_code}"' in html
    vreemde.refresh_from_db()
    assert vreemde.gezin == gezin_b


def test_mistyped_unknown_and_revoked_codes_get_clear_messages(wereld, als, coordinator, gezin_a):
    client = als(coordinator)
    url = reverse("gezin_kaart_koppelen", args=[gezin_a.pk])
    code = kaartcodes.new_code()
    fout_getypt = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert "Deze code klopt niet" in client.post(url, {"code": fout_getypt}).content.decode()
    assert "kennen we niet" in client.post(url, {"code": code}).content.decode()
    ingetrokken = services.kaartbatch_aanmaken(
        organisatie=wereld.initiatief_a, aantal=1, door=coordinator
    ).kaarten.get()
    services.kaart_intrekken(kaart=ingetrokken, reden=Kaart.Intrekkingsreden.VERLOREN)
    html = client.post(url, {"code": ingetrokken.code}).content.decode()
    assert "ingetrokken" in html


def test_revoking_needs_a_reason(wereld, als, coordinator, gezin_a):
    kaart = services.kaart_uitgeven(gezin=gezin_a, organisatie=wereld.initiatief_a)
    client = als(coordinator)
    url = reverse("gezin_kaart_intrekken", args=[gezin_a.pk])
    assert client.post(url, {"reden": ""}).status_code == 422
    assert client.post(url, {"reden": "verloren"}).status_code == 302
    kaart.refresh_from_db()
    assert not kaart.is_actief
    assert kaart.intrekkingsreden == "verloren"


def test_card_actions_on_another_organisations_household_are_404(
    wereld, als, coordinator_b, gezin_a
):
    client = als(coordinator_b)
    for name in ["gezin_kaart_nieuw", "gezin_kaart_koppelen", "gezin_kaart_intrekken"]:
        assert client.post(reverse(name, args=[gezin_a.pk]), {"code": "x"}).status_code == 404
    assert client.get(reverse("gezin_kaart_pdf", args=[gezin_a.pk])).status_code == 404


def test_card_lookup_page_explains_bad_input(wereld, als, vrijwilliger, gezin_a):
    client = als(vrijwilliger)
    kaart = services.kaart_uitgeven(gezin=gezin_a, organisatie=wereld.initiatief_a)
    cases = {
        "https://example.org/": "geen kaart van Materiële hulp",
        "WIFI:S:x;;": "geen kaart van Materiële hulp",
        "ABC": "9 tekens",
        "MHG1:" + "x" * 5: "beschadigd",
        kaart.leesbare_code: "Naar het gezin",
    }
    for tekst, verwacht in cases.items():
        response = client.post(reverse("kaart_opzoeken"), {"code": tekst})
        assert response.status_code == 200
        assert verwacht in response.content.decode(), tekst


def test_batch_pdf_is_only_for_the_organisation_that_made_it(
    wereld, als, coordinator, coordinator_b
):
    batch = services.kaartbatch_aanmaken(
        organisatie=wereld.initiatief_a, aantal=2, door=coordinator
    )
    assert als(coordinator_b).get(reverse("kaartbatch_pdf", args=[batch.pk])).status_code == 404
    response = als(coordinator).get(reverse("kaartbatch_pdf", args=[batch.pk]))
    assert response["Content-Type"] == "application/pdf"


def test_batch_form_refuses_silly_numbers_and_keeps_the_input(als, coordinator):
    response = als(coordinator).post(reverse("kaartbatch_lijst"), {"aantal": "5000"})
    assert response.status_code == 200
    assert 'value="5000"' in response.content.decode()
    assert not Kaart.objects.exists()
