from django.urls import reverse

from hulpverlening.models import Notification


def test_messages_for_me_and_my_organisation_and_marking_them_read(
    wereld, als, coordinator, coordinator_b
):
    Notification.objects.create(organisatie=wereld.initiatief_a, tekst="Nieuwe doorverwijzing")
    Notification.objects.create(user=coordinator, tekst="Voor mij")
    Notification.objects.create(organisatie=wereld.initiatief_b, tekst="Niet voor A")
    client = als(coordinator)
    home = client.get(reverse("home")).content.decode()
    assert "Berichten (2)" in home
    html = client.get(reverse("berichten")).content.decode()
    assert "Nieuwe doorverwijzing" in html and "Voor mij" in html and "Niet voor A" not in html
    client.post(reverse("berichten"))
    assert "Berichten (2)" not in client.get(reverse("home")).content.decode()
    assert Notification.objects.get(tekst="Niet voor A").gelezen_op is None
