"""After an idle or remote sign-out the next click is often an htmx search or a
form POST: it must lead to a full login page that brings the user back to the
page they were on, not to a fragment, a POST-only URL or an empty 405."""

from django.urls import reverse

from hulpverlening.models import Sessie
from hulpverlening.sessies import afmelden_op_afstand

LOGIN = reverse("account_login")


def _htmx(pagina: str) -> dict:
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver{pagina}"}


def test_an_htmx_search_without_login_reloads_the_page_to_login_and_back(client, moment_a):
    balie = reverse("balie", args=[moment_a.pk])
    antwoord = client.post(
        reverse("balie_zoeken", args=[moment_a.pk]), {"q": "Amina"}, **_htmx(balie)
    )
    assert antwoord.status_code == 200
    assert antwoord["HX-Redirect"] == f"{LOGIN}?next={balie.replace('/', '%2F')}"
    assert b"<form" not in antwoord.content


def test_a_form_post_without_login_comes_back_to_the_page_it_came_from(client, wereld):
    antwoord = client.post(
        reverse("gezin_lijst"), {"q": "El"}, HTTP_REFERER="http://testserver/gezinnen/?pagina=2"
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == f"{LOGIN}?next=%2Fgezinnen%2F%3Fpagina%3D2"


def test_a_referer_from_another_site_is_no_way_back(client, wereld):
    antwoord = client.post(
        reverse("kaart_opzoeken"), {"kaart": "X"}, HTTP_REFERER="https://kwaad.example/gezinnen/"
    )
    assert antwoord["Location"] == LOGIN


def test_a_plain_get_still_comes_back_to_itself(client, wereld):
    antwoord = client.get("/rapporten/leveringen/")
    assert antwoord["Location"] == f"{LOGIN}?next=%2Frapporten%2Fleveringen%2F"


def test_the_desk_scripts_get_401_json_instead_of_a_login_page(client, moment_a):
    antwoord = client.get(reverse("balie", args=[moment_a.pk]), HTTP_ACCEPT="application/json")
    assert antwoord.status_code == 401
    assert antwoord.json()["code"] == "aanmelden"


def test_a_remote_sign_out_sends_the_next_htmx_click_to_login(
    als, wereld, vrijwilliger, coordinator, moment_a
):
    telefoon = als(vrijwilliger)
    balie = reverse("balie", args=[moment_a.pk])
    assert telefoon.get(balie).status_code == 200
    assert Sessie.objects.filter(user=vrijwilliger).exists()
    afmelden_op_afstand(user=vrijwilliger, door=coordinator, organisatie=wereld.initiatief_a)
    antwoord = telefoon.post(
        reverse("balie_zoeken", args=[moment_a.pk]), {"q": "Amina"}, **_htmx(balie)
    )
    assert antwoord["HX-Redirect"].startswith(f"{LOGIN}?next=")


def test_get_on_a_post_only_url_is_a_dutch_page_with_a_way_on(als, coordinator, gezin_a):
    antwoord = als(coordinator).get(reverse("gezin_kaart_nieuw", args=[gezin_a.pk]))
    assert antwoord.status_code == 405
    assert "POST" in antwoord["Allow"]
    html = antwoord.content.decode()
    assert "Deze pagina opent zo niet" in html
    assert 'href="/"' in html


def test_a_way_back_that_is_a_post_only_url_becomes_the_page_it_belongs_to(client, moment_a):
    zoeken = reverse("balie_zoeken", args=[moment_a.pk])
    antwoord = client.post(zoeken, {"q": "x"}, **_htmx(zoeken))
    balie = reverse("balie", args=[moment_a.pk])
    assert antwoord["HX-Redirect"] == f"{LOGIN}?next={balie.replace('/', '%2F')}"


def test_after_a_csv_import_the_way_back_is_the_deliveries_page(client, wereld):
    importeren = reverse("leveringen_importeren")
    antwoord = client.post(importeren, {}, HTTP_REFERER=f"http://testserver{importeren}")
    assert antwoord["Location"] == f"{LOGIN}?next=%2Frapporten%2Fleveringen%2F"
