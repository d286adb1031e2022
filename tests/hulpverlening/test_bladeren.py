"""Long lists page and say how many there are; none is cut without a word (issue 14.2)."""

from datetime import date

from django.urls import reverse

from hulpverlening import audit
from hulpverlening.models import Auditregel
from rapportering.models import Levering


def test_deliveries_beyond_the_first_page_are_reachable_and_counted(wereld, als, coordinator):
    Levering.objects.bulk_create(
        Levering(organisatie=wereld.initiatief_a, datum=date(2026, 1, 1 + i % 28), groenten_fruit=i)
        for i in range(60)
    )
    client = als(coordinator)
    eerste = client.get(reverse("leveringen")).content.decode()
    assert "60 in totaal · pagina 1 van 3" in eerste
    derde = client.get(reverse("leveringen"), {"pagina": 3})
    assert len(derde.context["leveringen"]) == 10
    # A page number that does not exist gives a page, never an error.
    assert client.get(reverse("leveringen"), {"pagina": "999"}).status_code == 200


def test_the_audit_log_pages_and_keeps_its_filter_in_the_links(wereld, als, beheerder):
    client = als(beheerder)
    Auditregel.objects.bulk_create(
        Auditregel(actie=audit.Actie.GELEZEN, gezin_id=7, waar="x", organisatie_id=wereld.stad.pk)
        for _ in range(150)
    )
    html = client.get(reverse("auditlog"), {"gezin": "7"}).content.decode()
    assert "150 in totaal · pagina 1 van 2" in html
    assert "?gezin=7&amp;pagina=2" in html
