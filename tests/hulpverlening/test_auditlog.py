"""Every read and change of household data leaves a trace without personal data."""

from unittest.mock import patch

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from hulpverlening import audit
from hulpverlening.models import Auditregel, Rol

from ..conftest import WACHTWOORD, maak_gezin
from ..mfa_helpers import aanmelden

Actie = Auditregel.Actie


def test_opening_a_household_logs_who_which_household_and_from_where(als, coordinator, gezin_a):
    als(coordinator).get(gezin_a.get_absolute_url())
    regel = Auditregel.objects.get(actie=Actie.GELEZEN)
    assert regel.user_id == coordinator.pk
    assert regel.gezin_id == gezin_a.pk
    assert regel.organisatie_id == coordinator.lidmaatschappen.get().organisatie_id
    assert regel.waar == f"gezin_detail /gezinnen/{gezin_a.pk}/"


def test_a_search_logs_the_households_shown_but_not_the_search_words(als, coordinator, gezin_a):
    als(coordinator).post(reverse("gezin_lijst"), {"q": "Amina El Idrissi"})
    regel = Auditregel.objects.get(actie=Actie.GELEZEN)
    assert regel.gezin_id == gezin_a.pk
    alles = " ".join(f"{r.waar} {r.gebruikersnaam}" for r in Auditregel.objects.all())
    assert "Amina" not in alles and "Idrissi" not in alles


def test_changes_are_logged(als, coordinator, gezin_a):
    als(coordinator).post(reverse("gezin_kaart_nieuw", args=[gezin_a.pk]))
    assert Auditregel.objects.filter(actie=Actie.GEWIJZIGD, gezin_id=gezin_a.pk).exists()


def test_guessing_another_organisations_household_is_logged_as_refused(als, coordinator_b, gezin_a):
    als(coordinator_b).get(gezin_a.get_absolute_url())
    regel = Auditregel.objects.get(actie=Actie.GEWEIGERD)
    assert regel.status == 404
    assert regel.user_id == coordinator_b.pk
    assert regel.gezin_id is None  # a refused request reveals no household


def test_logins_and_failed_logins_are_logged_without_the_typed_name(client, vrijwilliger):
    client.post(reverse("account_login"), {"login": "iemand@example.org", "password": "fout"})
    client.post(reverse("account_login"), {"login": vrijwilliger.username, "password": WACHTWOORD})
    acties = list(Auditregel.objects.order_by("id").values_list("actie", "gebruikersnaam"))
    assert (Actie.AANMELDING_MISLUKT, "") in acties
    assert (Actie.AANGEMELD, vrijwilliger.username) in acties
    assert "iemand@example.org" not in str(list(Auditregel.objects.values()))


def test_beheerder_searches_and_exports_the_log_safely(als, beheerder, coordinator, gezin_a):
    from django.test import Client

    andere = Client()
    aanmelden(andere, coordinator)
    andere.get(gezin_a.get_absolute_url())
    client = als(beheerder)
    html = client.get(reverse("auditlog"), {"gezin": gezin_a.pk}).content.decode()
    assert "coordinator_a" in html
    response = client.get(reverse("auditlog"), {"gezin": gezin_a.pk, "formaat": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "gezin_detail" in response.content.decode("utf-8-sig")
    assert Auditregel.objects.filter(actie=Actie.EXPORT, user_id=beheerder.pk).exists()


def test_formula_like_cells_are_neutralised_in_csv():
    from hulpverlening.csvexport import veilige_cel

    assert veilige_cel('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert veilige_cel("+32 9 123") == "'+32 9 123"
    assert veilige_cel("gewoon") == "gewoon"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="enforced by PostgreSQL")
def test_the_database_refuses_to_change_or_delete_log_rows(db):
    """The trigger refuses the owner; the app role has no right to try (test_db_rollen)."""
    regel = Auditregel.objects.create(actie=Actie.GELEZEN, waar="test")
    geweigerd = "enkel aangevuld|permission denied|toegang geweigerd"
    with pytest.raises(DatabaseError, match=geweigerd), transaction.atomic():
        Auditregel.objects.filter(pk=regel.pk).update(waar="vervalst")
    with pytest.raises(DatabaseError, match=geweigerd), transaction.atomic():
        Auditregel.objects.filter(pk=regel.pk).delete()
    assert Auditregel.objects.get(pk=regel.pk).waar == "test"


def test_second_factor_events_can_be_filtered_on_in_the_log(als, beheerder, coordinator):
    Auditregel.objects.create(actie=Actie.MFA_HERSTELCODE, user_id=coordinator.pk, waar="login")
    Auditregel.objects.create(actie=Actie.AANGEMELD, user_id=coordinator.pk, waar="login")
    client = als(beheerder)
    response = client.get(reverse("auditlog"), {"actie": Actie.MFA_HERSTELCODE})
    html = response.content.decode()
    assert 'value="mfa_herstelcode" selected' in html
    assert "aangemeld met een herstelcode" in html
    regels = response.context["regels"]
    assert {r.actie for r in regels} == {Actie.MFA_HERSTELCODE}


def test_anonymous_refusals_write_a_limited_number_of_rows_per_address(client, db):
    """50 anonymous 404s no longer leave 50 rows nobody can delete."""
    for i in range(50):
        assert client.get(f"/bestaat-niet-{i}/").status_code == 404
    assert Auditregel.objects.filter(actie=Actie.GEWEIGERD).count() == audit.ANONIEM_PER_ADRES


def test_anonymous_refusals_from_many_addresses_are_capped_in_total(client, db):
    for i in range(2 * audit.ANONIEM_IN_TOTAAL):
        client.get("/bestaat-niet/", REMOTE_ADDR=f"10.0.{i // 200}.{i % 200}")
    assert Auditregel.objects.filter(actie=Actie.GEWEIGERD).count() == audit.ANONIEM_IN_TOTAAL


def test_the_anonymous_limit_starts_again_the_next_minute(client, db):
    with patch.object(audit.time, "time", return_value=1_800_000_000.0):
        for _ in range(audit.ANONIEM_PER_ADRES + 5):
            client.get("/bestaat-niet/")
    with patch.object(audit.time, "time", return_value=1_800_000_060.0):
        client.get("/bestaat-niet/")
    assert Auditregel.objects.filter(actie=Actie.GEWEIGERD).count() == audit.ANONIEM_PER_ADRES + 1


def test_every_refusal_of_a_logged_in_user_is_logged(als, vrijwilliger):
    client = als(vrijwilliger)
    for i in range(audit.ANONIEM_PER_ADRES + 5):
        client.get(f"/gezinnen/{900_000 + i}/")
    regels = Auditregel.objects.filter(actie=Actie.GEWEIGERD, user_id=vrijwilliger.pk)
    assert regels.count() == audit.ANONIEM_PER_ADRES + 5


def test_a_beheerder_sees_only_the_log_of_their_own_municipality(
    als, beheerder, coordinator, coordinator_eeklo, wereld
):
    Auditregel.objects.create(
        actie=Actie.GELEZEN, gezin_id=11, organisatie_id=wereld.initiatief_a.pk, waar="gent"
    )
    Auditregel.objects.create(
        actie=Actie.GELEZEN, gezin_id=22, organisatie_id=wereld.initiatief_eeklo.pk, waar="eeklo"
    )
    Auditregel.objects.create(actie=Actie.AANGEMELD, user_id=coordinator.pk, waar="login gent")
    Auditregel.objects.create(
        actie=Actie.AANGEMELD, user_id=coordinator_eeklo.pk, waar="login eeklo"
    )
    Auditregel.objects.create(actie=Actie.GEWEIGERD, waar="anoniem", status=404)
    client = als(beheerder)
    getoond = {r.waar for r in client.get(reverse("auditlog")).context["regels"]}
    assert {"gent", "login gent"} <= getoond
    assert not getoond & {"eeklo", "login eeklo", "anoniem"}
    csv = client.get(reverse("auditlog"), {"formaat": "csv"}).content.decode("utf-8-sig")
    assert "gent" in csv and "eeklo" not in csv
    assert len(client.get(reverse("auditlog"), {"gezin": 22}).context["regels"]) == 0


def test_a_beheerder_of_eeklo_does_not_see_gent(als, wereld, coordinator):
    from ..conftest import maak_gebruiker

    beheerder_eeklo = maak_gebruiker("beheerder_eeklo", wereld.initiatief_eeklo, Rol.BEHEERDER)
    Auditregel.objects.create(
        actie=Actie.GELEZEN, gezin_id=11, organisatie_id=wereld.initiatief_a.pk, waar="gent"
    )
    regels = als(beheerder_eeklo).get(reverse("auditlog")).context["regels"]
    assert "gent" not in {r.waar for r in regels}


def test_times_are_belgian_time_on_the_page_and_in_the_csv(als, wereld, beheerder, coordinator):
    from django.utils import timezone

    regel = Auditregel.objects.create(
        gebruikersnaam="coordinator_a",
        organisatie_id=wereld.initiatief_a.pk,
        actie=Auditregel.Actie.GELEZEN,
        waar="test-tijd",
    )
    lokaal = timezone.localtime(regel.tijd)
    client = als(beheerder)
    html = client.get(reverse("auditlog")).content.decode()
    assert "Tijd (UTC)" not in html and "Belgische tijd" in html
    assert f"{lokaal:%d/%m/%Y %H:%M}" in html
    csv = client.get(reverse("auditlog"), {"formaat": "csv"}).content.decode()
    assert lokaal.isoformat()[:16] in csv
    assert lokaal.isoformat().endswith(("+01:00", "+02:00"))


def test_the_household_file_leaves_a_read_line_of_its_own(als, wereld, maatschappelijk_werker):
    gezin = maak_gezin(wereld.sociale_dienst)
    als(maatschappelijk_werker).get(reverse("gezinsdossier", args=[gezin.pk]))
    regel = Auditregel.objects.get(actie=Actie.GELEZEN)
    assert (regel.gezin_id, regel.waar) == (
        gezin.pk,
        f"gezinsdossier /doorverwijzingen/dossier/{gezin.pk}/",
    )


def test_a_page_outside_the_scope_leaves_a_refusal_and_no_read_line(als, coordinator_b, gezin_a):
    response = als(coordinator_b).get(gezin_a.get_absolute_url())
    assert response.status_code == 404
    assert not Auditregel.objects.filter(actie=Actie.GELEZEN).exists()
    assert Auditregel.objects.filter(actie=Actie.GEWEIGERD, status=404).count() == 1
