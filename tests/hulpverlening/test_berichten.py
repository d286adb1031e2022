"""Messages: one per thing, naming the household where the reader may, linking to it,
folded when a day brings many of one kind (issue 14.14)."""

from django.urls import reverse

from doorverwijzing import services
from doorverwijzing.models import Toeleiding
from hulpverlening.models import Notification

from ..conftest import maak_gezin


def _toeleiding(wereld, coordinator, voornaam):
    gezin = maak_gezin(wereld.initiatief_a, voornaam, "Peeters")
    return services.toeleiding_aanmaken(
        lidmaatschap=coordinator.lidmaatschappen.get(),
        gezin=gezin,
        reden=Toeleiding.Reden.ZELFMELDER,
    )


def test_many_toeleidingen_of_one_day_fold_into_one_line_naming_each_household(
    als, wereld, coordinator, maatschappelijk_werker
):
    toeleidingen = [_toeleiding(wereld, coordinator, f"Naam{i}") for i in range(30)]
    pagina = als(maatschappelijk_werker).get(reverse("berichten")).content.decode()
    assert pagina.count("<details>") == 1
    assert "30 × Nieuwe toeleiding van Voedselbank Brugse Poort." in pagina
    for t in toeleidingen:
        assert f'href="{reverse("toeleiding_lijst")}?toeleiding={t.pk}"' in pagina
    assert "Naam7 P." in pagina


def test_two_messages_stay_two_lines(als, wereld, coordinator, maatschappelijk_werker):
    for i in range(2):
        _toeleiding(wereld, coordinator, f"Naam{i}")
    pagina = als(maatschappelijk_werker).get(reverse("berichten")).content.decode()
    assert "<details>" not in pagina
    assert "Naam0 P.: Nieuwe toeleiding van Voedselbank Brugse Poort." in pagina


def test_the_stored_text_holds_no_name_and_the_outcome_says_who_it_is_about(
    als, wereld, coordinator, maatschappelijk_werker
):
    toeleiding = _toeleiding(wereld, coordinator, "Jonas")
    services.toeleiding_uitkomst(
        toeleiding=toeleiding,
        lidmaatschap=maatschappelijk_werker.lidmaatschappen.get(),
        status=Toeleiding.Status.HULP_GESTART,
    )
    assert not Notification.objects.filter(tekst__contains="Jonas").exists()
    pagina = als(coordinator).get(reverse("berichten")).content.decode()
    assert "Jonas P.: Toeleiding naar Sociale Dienst Gent: hulp gestart." in pagina
    assert f"Toeleiding {toeleiding.pk}" not in pagina


def test_a_message_link_opens_that_one_toeleiding_and_nothing_of_another_organisation(
    als, wereld, coordinator, coordinator_b, maatschappelijk_werker
):
    eigen = _toeleiding(wereld, coordinator, "Jonas")
    _toeleiding(wereld, coordinator, "Lotte")
    client = als(maatschappelijk_werker)
    pagina = client.get(reverse("toeleiding_lijst"), {"toeleiding": eigen.pk}).content.decode()
    assert "Jonas" in pagina and "Lotte" not in pagina
    assert "Alle toeleidingen tonen" in pagina
    vreemd = als(coordinator_b).get(reverse("toeleiding_lijst"), {"toeleiding": eigen.pk})
    assert "Jonas" not in vreemd.content.decode()


def test_a_household_name_is_not_shown_to_a_reader_without_its_file(
    als, wereld, coordinator, coordinator_b
):
    toeleiding = _toeleiding(wereld, coordinator, "Jonas")
    # The same message delivered to an organisation that cannot open the household.
    Notification.objects.create(
        organisatie=wereld.initiatief_b, tekst="Test", gezin=toeleiding.gezin
    )
    pagina = als(coordinator_b).get(reverse("berichten")).content.decode()
    assert "Test" in pagina and "Jonas" not in pagina
