"""Retention: households without activity are pseudonymised, and every figure stays the same."""

import uuid
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from doorverwijzing import services as doorverwijzing_services
from doorverwijzing.models import Doorverwijzing, Rechtenverkenning, Toeleiding
from doorverwijzing.rechtenverkenning import gemiste_rechten_tellen
from hulpverlening import kalender, privacy, scoping, services
from hulpverlening.models import (
    Auditregel,
    Gezin,
    Gezinsrelatie,
    Hulpvorm,
    Kaart,
    Locatie,
    Persoon,
    Rol,
    Toestemming,
)
from rapportering.cijfers import foodsavers_cijfers
from registratie import services as registratie_services
from registratie.models import Afhaling

from ..conftest import maak_gebruiker, maak_gezin

OP = date(2026, 6, 15)  # with the default 24 months: no activity since 15 June 2024
GRENS = date(2024, 6, 15)


def _moment(dag: date, uur: time = time(12, 0)) -> datetime:
    return timezone.make_aware(datetime.combine(dag, uur))


def _laatst_actief(gezin: Gezin, wanneer: datetime) -> None:
    """Move every trace of activity of this household back to `wanneer`."""
    Gezin.objects.filter(pk=gezin.pk).update(laatste_activiteit=wanneer, aangemaakt_op=wanneer)
    Kaart.objects.filter(gezin=gezin).update(gekoppeld_op=wanneer)
    Toestemming.objects.filter(gezin=gezin).update(gegeven_op=wanneer)
    Toeleiding.objects.filter(gezin=gezin).update(aangemaakt_op=wanneer)


def _afhaling(gezin: Gezin, locatie: Locatie, dag: date, **extra) -> Afhaling:
    return Afhaling.objects.create(
        gezin=gezin,
        organisatie=locatie.organisatie,
        locatie=locatie,
        hulpvorm=Hulpvorm.objects.standaard(),
        datum=dag,
        gescand_op=_moment(dag),
        **extra,
    )


def _doorverwijzing(wereld, gezin: Gezin, start: date, einde: date, **extra) -> Doorverwijzing:
    return Doorverwijzing.objects.create(
        gezin=gezin,
        organisatie=wereld.initiatief_a,
        verwijzer=wereld.sociale_dienst,
        soort=Doorverwijzing.Soort.DOORVERWIJZING,
        hulpvorm=Hulpvorm.objects.standaard(),
        start=start,
        einde=einde,
        aangemaakt_op=_moment(start),
        **extra,
    )


def _te_doen(gemeente, op=OP) -> set[int]:
    return set(privacy.te_pseudonimiseren(gemeente, op=op).values_list("pk", flat=True))


# Which households are due --------------------------------------------------------------


def test_retention_boundary_is_the_day_exactly_the_retention_period_ago(wereld):
    net_te_oud = maak_gezin(wereld.initiatief_a, voornaam="Oud")
    net_op_tijd = maak_gezin(wereld.initiatief_a, voornaam="Net")
    _laatst_actief(net_te_oud, _moment(GRENS - timedelta(days=1), time(23, 59)))
    _laatst_actief(net_op_tijd, _moment(GRENS, time(0, 0)))

    assert privacy.retentiegrens(wereld.gent, op=OP) == GRENS
    assert _te_doen(wereld.gent) == {net_te_oud.pk}


def test_a_household_active_today_is_never_due(wereld, gezin_a):
    assert _te_doen(wereld.gent, op=timezone.localdate()) == set()


def test_months_are_calendar_months_and_end_of_month_is_clamped():
    assert kalender.maanden_terug(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert kalender.maanden_terug(date(2026, 1, 15), 24) == date(2024, 1, 15)
    assert kalender.maanden_terug(date(2026, 2, 28), 12) == date(2025, 2, 28)


def test_the_retention_period_is_set_per_municipality(wereld):
    gezin = maak_gezin(wereld.initiatief_a)
    _laatst_actief(gezin, _moment(date(2025, 11, 1)))
    assert _te_doen(wereld.gent) == set()
    wereld.gent.retentie_maanden = 6
    wereld.gent.save()
    assert privacy.retentiegrens(wereld.gent, op=OP) == date(2025, 12, 15)
    assert _te_doen(wereld.gent) == {gezin.pk}
    assert _te_doen(wereld.eeklo) == set()


def test_a_recent_pickup_counts_even_if_laatste_activiteit_lags_behind(wereld, moment_a):
    gezin = maak_gezin(wereld.initiatief_a)
    _laatst_actief(gezin, _moment(date(2023, 1, 1)))
    _afhaling(gezin, moment_a.locatie, GRENS)
    assert _te_doen(wereld.gent) == set()


def test_a_referral_still_running_within_the_period_keeps_the_household(wereld):
    gezin = maak_gezin(wereld.initiatief_a)
    _laatst_actief(gezin, _moment(date(2023, 1, 1)))
    dv = _doorverwijzing(wereld, gezin, date(2023, 1, 1), GRENS)
    assert _te_doen(wereld.gent) == set()
    Doorverwijzing.objects.filter(pk=dv.pk).update(einde=GRENS - timedelta(days=1))
    assert _te_doen(wereld.gent) == {gezin.pk}


def test_a_recent_toeleiding_card_or_consent_keeps_the_household(wereld, vrijwilliger):
    gezin = registratie_services.zelfmelder_registreren(
        lidmaatschap=vrijwilliger.lidmaatschappen.get(),
        voornaam="Sara",
        achternaam="Peeters",
        geboortejaar=1990,
        volwassenen=1,
        kinderen_0_2=0,
        kinderen_3_11=0,
        kinderen_12_17=0,
        postcode="9040",
        kaart=None,
        toeleiding=True,
    )
    services.kaart_uitgeven(gezin=gezin, organisatie=wereld.initiatief_a)
    _laatst_actief(gezin, _moment(date(2023, 1, 1)))
    assert _te_doen(wereld.gent) == {gezin.pk}
    for model, veld in [
        (Toeleiding, "aangemaakt_op"),
        (Kaart, "gekoppeld_op"),
        (Toestemming, "gegeven_op"),
    ]:
        rijen = model.objects.filter(gezin=gezin)
        rijen.update(**{veld: _moment(GRENS)})
        assert _te_doen(wereld.gent) == set(), model.__name__
        rijen.update(**{veld: _moment(date(2023, 1, 1))})


def test_pseudonymised_households_and_other_municipalities_are_not_selected(wereld):
    gent = maak_gezin(wereld.initiatief_a)
    eeklo = maak_gezin(wereld.initiatief_eeklo)
    for gezin in (gent, eeklo):
        _laatst_actief(gezin, _moment(date(2023, 1, 1)))
    assert _te_doen(wereld.gent) == {gent.pk}
    assert _te_doen(wereld.eeklo) == {eeklo.pk}
    privacy.gezin_pseudonimiseren(gezin=gent, reden=privacy.Reden.RETENTIE)
    assert _te_doen(wereld.gent) == set()


# What pseudonymisation does --------------------------------------------------------------


@pytest.fixture
def oud_gezin(wereld, moment_a):
    """A household last seen in January 2023, with a card, a referral, a toeleiding, pickups."""
    gezin = maak_gezin(wereld.initiatief_a, voornaam="Fatima", achternaam="Benali", jaar=1979)
    Gezin.objects.filter(pk=gezin.pk).update(bron=wereld.sociale_dienst, extern_id="SD-G-77")
    kaart = services.kaart_uitgeven(gezin=gezin, organisatie=wereld.initiatief_a)
    services.gezinsrelatie_leggen(
        gezin=gezin, organisatie=wereld.sociale_dienst, reden=Gezinsrelatie.Reden.DOORVERWIJZING
    )
    _doorverwijzing(
        wereld,
        gezin,
        date(2022, 10, 1),
        date(2022, 12, 31),
        bericht="Komt met de fiets, kan niet veel dragen",
        extern_id="SD-2022-0042",
    )
    for dag in (date(2022, 11, 3), date(2022, 12, 1), date(2023, 1, 5)):
        _afhaling(gezin, moment_a.locatie, dag, kaart=kaart)
    _afhaling(
        gezin, moment_a.locatie, date(2023, 1, 5), override_reden="Zus van Fatima haalt mee af"
    )
    doorverwijzing_services.toeleiding_aanmaken(
        lidmaatschap=maak_gebruiker(
            "balie_oud", wereld.initiatief_a, Rol.VRIJWILLIGER
        ).lidmaatschappen.get(),
        gezin=gezin,
        reden=Toeleiding.Reden.VAAK,
        antwoorden={"leefloon": "ja", "huurpremie": "nee", "uitpas": "weet_niet"},
    )
    _laatst_actief(gezin, _moment(date(2023, 1, 5)))
    return gezin


def _cijfers(gemeente) -> dict:
    """The figures reports are made of: none may change when a household is pseudonymised."""
    afhalingen = Afhaling.objects.filter(gezin__gemeente=gemeente).exclude(
        status=Afhaling.Status.ONGEDAAN
    )
    met_afhaling = Gezin.objects.filter(pk__in=afhalingen.values("gezin"))
    return {
        "unieke gezinnen per maand": list(
            afhalingen.annotate(maand=TruncMonth("datum"))
            .values("maand")
            .annotate(n=Count("gezin", distinct=True))
            .order_by("maand")
            .values_list("maand", "n")
        ),
        "afhalingen per organisatie": list(
            afhalingen.values("organisatie")
            .annotate(n=Count("id"))
            .order_by("organisatie")
            .values_list("organisatie", "n")
        ),
        "uitzonderingen": afhalingen.exclude(override_reden="").count(),
        "personen per leeftijdsgroep": met_afhaling.aggregate(
            volwassenen=Sum("volwassenen"),
            k0_2=Sum("kinderen_0_2"),
            k3_11=Sum("kinderen_3_11"),
            k12_17=Sum("kinderen_12_17"),
        ),
        "gezinnen per postcode": list(
            met_afhaling.values("postcode")
            .annotate(n=Count("id"))
            .order_by("postcode")
            .values_list("postcode", "n")
        ),
        "gezinnen": Gezin.objects.filter(gemeente=gemeente).count(),
        "doorverwijzingen per initiatief": list(
            Doorverwijzing.objects.filter(gezin__gemeente=gemeente)
            .values("organisatie", "status")
            .annotate(n=Count("id"))
            .order_by("organisatie", "status")
            .values_list("organisatie", "status", "n")
        ),
        "toeleidingen": Toeleiding.objects.filter(gezin__gemeente=gemeente).count(),
        "gemiste rechten": gemiste_rechten_tellen(
            gemeente, van=date(2000, 1, 1), tot=date(2100, 1, 1)
        ),
        "kaarten uitgegeven": Kaart.objects.filter(gemeente=gemeente).count(),
        "FoodSavers-rapporten": [
            foodsavers_cijfers(gemeente=gemeente, organisatie=organisatie, maand=maand)
            for maand in (date(2022, 11, 1), date(2022, 12, 1), date(2023, 1, 1))
            for organisatie in (None, *gemeente.organisaties.order_by("pk"))
        ],
    }


def test_pseudonymisation_keeps_every_figure(wereld, oud_gezin, gezin_a, moment_a, vrijwilliger):
    # A household that stays, with pickups in the same months, so distinct counts are tested.
    _afhaling(gezin_a, moment_a.locatie, date(2022, 12, 2))
    _afhaling(gezin_a, moment_a.locatie, date(2026, 6, 1))
    zelfmelder = registratie_services.zelfmelder_registreren(
        lidmaatschap=vrijwilliger.lidmaatschappen.get(),
        voornaam="Sara",
        achternaam="Peeters",
        geboortejaar=1990,
        volwassenen=2,
        kinderen_0_2=1,
        kinderen_3_11=0,
        kinderen_12_17=1,
        postcode="9040",
        kaart=None,
        toeleiding=True,
    )
    _afhaling(zelfmelder, moment_a.locatie, date(2023, 1, 5))
    _laatst_actief(zelfmelder, _moment(date(2023, 1, 5)))
    voor = _cijfers(wereld.gent)

    resultaat = privacy.retentie_toepassen(gemeente=wereld.gent, op=OP)

    assert resultaat.gezinnen == sorted([oud_gezin.pk, zelfmelder.pk])
    assert _cijfers(wereld.gent) == voor
    assert voor["uitzonderingen"] == 1 and voor["toeleidingen"] == 2
    assert voor["gemiste rechten"] == {"huurpremie": 1, "uitpas": 1}


def test_pseudonymisation_clears_names_relations_and_free_text_and_revokes_the_card(
    wereld, oud_gezin
):
    kaart = oud_gezin.actieve_kaart
    privacy.retentie_toepassen(gemeente=wereld.gent, op=OP)

    oud_gezin.refresh_from_db()
    kaart.refresh_from_db()
    assert oud_gezin.gepseudonimiseerd_op is not None
    assert (oud_gezin.volwassenen, oud_gezin.kinderen_3_11, oud_gezin.postcode) == (1, 2, "9000")
    assert oud_gezin.extern_id == ""  # the file number in the social dossier would say who
    assert not Persoon.objects.filter(gezin=oud_gezin).exists()
    assert not Gezinsrelatie.objects.filter(gezin=oud_gezin).exists()
    assert not kaart.is_actief
    assert kaart.intrekkingsreden == Kaart.Intrekkingsreden.GEPSEUDONIMISEERD
    assert kaart.gezin_id == oud_gezin.pk  # retention keeps the (dead) card's link
    dv = Doorverwijzing.objects.get(gezin=oud_gezin)
    assert (dv.bericht, dv.extern_id) == ("", "")
    redenen = set(Afhaling.objects.filter(gezin=oud_gezin).values_list("override_reden", flat=True))
    assert redenen == {"", privacy.GEWIST}
    assert Afhaling.objects.filter(gezin=oud_gezin).count() == 4
    verkenning = Rechtenverkenning.objects.get(toeleiding__gezin=oud_gezin)
    assert verkenning.antwoorden == {}  # which rights someone has: no figure needs it
    assert verkenning.gemist == ["huurpremie", "uitpas"]


def test_pseudonymisation_is_logged_without_personal_data(wereld, oud_gezin):
    privacy.retentie_toepassen(gemeente=wereld.gent, op=OP)
    regel = Auditregel.objects.get(gezin_id=oud_gezin.pk)
    assert regel.actie == Auditregel.Actie.GEWIJZIGD
    assert regel.waar == "pseudonimisering: bewaartermijn verstreken"


def test_pseudonymising_twice_does_nothing_the_second_time(wereld, oud_gezin):
    assert privacy.gezin_pseudonimiseren(gezin=oud_gezin, reden=privacy.Reden.RETENTIE)
    assert not privacy.gezin_pseudonimiseren(gezin=oud_gezin, reden=privacy.Reden.RETENTIE)
    assert privacy.retentie_toepassen(gemeente=wereld.gent, op=OP).gezinnen == []


def test_after_pseudonymisation_no_organisation_can_open_the_household(
    wereld, als, coordinator, maatschappelijk_werker, oud_gezin
):
    kaart = oud_gezin.actieve_kaart
    client = als(coordinator)
    assert client.get(oud_gezin.get_absolute_url()).status_code == 200
    privacy.retentie_toepassen(gemeente=wereld.gent, op=OP)

    for user in (coordinator, maatschappelijk_werker):
        client = als(user)
        assert client.get(oud_gezin.get_absolute_url()).status_code == 404
        assert client.get(reverse("gezin_export_json", args=[oud_gezin.pk])).status_code == 404
        gevonden = client.post(reverse("gezin_lijst"), {"q": "Benali"}).content.decode()
        assert oud_gezin.get_absolute_url() not in gevonden
    opzoeking = scoping.kaart_opzoeken(coordinator.lidmaatschappen.get(), kaart.code)
    assert opzoeking.gezin is None
    assert "ingetrokken" in opzoeking.fout


def test_a_pickup_at_the_desk_after_pseudonymisation_is_refused(
    wereld, oud_gezin, moment_a, vrijwilliger
):
    kaart = oud_gezin.actieve_kaart
    privacy.retentie_toepassen(gemeente=wereld.gent, op=OP)
    kaart.refresh_from_db()
    resultaat = registratie_services.afhaling_registreren(
        sleutel=uuid.uuid4(),
        lidmaatschap=vrijwilliger.lidmaatschappen.get(),
        afhaalmoment=moment_a,
        dag=timezone.localdate(),
        gescand_op=timezone.now(),
        kaart=kaart,
    )
    assert resultaat.uitkomst == registratie_services.Uitkomst.FOUT


# The command, the task and the schedule --------------------------------------------------


def _momentopname() -> list:
    return [
        list(Gezin.objects.order_by("pk").values_list("pk", "gepseudonimiseerd_op")),
        list(Persoon.objects.order_by("pk").values_list("pk", "voornaam", "achternaam")),
        list(Kaart.objects.order_by("pk").values_list("pk", "ingetrokken_op", "gezin_id")),
        Gezinsrelatie.objects.count(),
        list(Afhaling.objects.order_by("pk").values_list("pk", "override_reden", "kaart_id")),
        list(Doorverwijzing.objects.order_by("pk").values_list("pk", "bericht", "extern_id")),
        list(Rechtenverkenning.objects.order_by("pk").values_list("pk", "antwoorden")),
        Auditregel.objects.count(),
    ]


def test_dry_run_lists_ids_per_municipality_without_names_and_changes_nothing(
    wereld, oud_gezin, gezin_a, capsys
):
    voor = _momentopname()
    call_command("retentie", "--dry-run", "--op", OP.isoformat())
    uitvoer = capsys.readouterr().out

    assert _momentopname() == voor
    assert "Gent: 1 gezin zou gepseudonimiseerd worden" in uitvoer
    assert "geen activiteit sinds 2024-06-15" in uitvoer
    assert f"gezinnen: {oud_gezin.pk}\n" in uitvoer
    assert "Eeklo: 0 gezinnen zouden gepseudonimiseerd worden" in uitvoer
    assert "niets gewijzigd" in uitvoer
    for naam in ("Fatima", "Benali", "Amina"):
        assert naam not in uitvoer


def test_command_pseudonymises_and_can_be_limited_to_one_municipality(wereld, oud_gezin, capsys):
    eeklo = maak_gezin(wereld.initiatief_eeklo)
    _laatst_actief(eeklo, _moment(date(2023, 1, 1)))

    call_command("retentie", "--gemeente", "eeklo", "--op", OP.isoformat())
    assert "Eeklo: 1 gezin gepseudonimiseerd" in capsys.readouterr().out
    oud_gezin.refresh_from_db()
    assert oud_gezin.gepseudonimiseerd_op is None

    call_command("retentie", "--op", OP.isoformat())
    oud_gezin.refresh_from_db()
    assert oud_gezin.gepseudonimiseerd_op is not None


def test_command_refuses_an_unknown_municipality_or_date(db):
    with pytest.raises(CommandError, match="Geen gemeente"):
        call_command("retentie", "--gemeente", "atlantis")
    with pytest.raises(CommandError, match="datum"):
        call_command("retentie", "--op", "gisteren")


def test_celery_task_pseudonymises_every_municipality_as_of_today(wereld, gezin_a):
    from hulpverlening.tasks import retentie_toepassen

    oud = maak_gezin(wereld.initiatief_a, voornaam="Oud")
    _laatst_actief(oud, _moment(kalender.maanden_terug(timezone.localdate(), 25)))

    assert retentie_toepassen.delay().get() == {"gent": 1, "eeklo": 0}
    oud.refresh_from_db()
    gezin_a.refresh_from_db()
    assert oud.gepseudonimiseerd_op is not None
    assert gezin_a.gepseudonimiseerd_op is None


def test_celery_beat_runs_retention_daily():
    from materielehulp.celery import app

    (regel,) = [
        r
        for r in app.conf.beat_schedule.values()
        if r["task"] == "hulpverlening.tasks.retentie_toepassen"
    ]
    assert regel["schedule"].hour == {3}
    from hulpverlening.tasks import retentie_toepassen

    assert retentie_toepassen.name == regel["task"]
