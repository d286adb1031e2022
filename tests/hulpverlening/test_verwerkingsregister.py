"""Art. 30: the record of processing activities, for every logged-in user."""

from django.urls import reverse


def test_every_logged_in_user_reads_the_register_with_each_municipalitys_retention(
    wereld, als, vrijwilliger, stadsmedewerker
):
    wereld.eeklo.retentie_maanden = 18
    wereld.eeklo.save()
    for user in (vrijwilliger, stadsmedewerker):
        response = als(user).get(reverse("verwerkingsregister"))
        html = response.content.decode()
        assert response.status_code == 200
        for kop in (
            "Register van verwerkingsactiviteiten",
            "Doeleinden",
            "Betrokkenen",
            "Categorieën van gegevens",
            "Wie de gegevens ziet",
            "Bewaartermijn",
            "Beveiliging",
        ):
            assert kop in html, kop
        assert "24 maanden" in html and "18 maanden" in html
        assert "geen rijksregisternummer" in html


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(reverse("verwerkingsregister"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_start_page_links_to_the_register(als, vrijwilliger):
    html = als(vrijwilliger).get(reverse("home")).content.decode()
    assert reverse("verwerkingsregister") in html
