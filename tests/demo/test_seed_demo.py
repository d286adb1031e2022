"""manage.py seed_demo: a small demo Ghent that is complete, consistent and repeatable."""

from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from demo import seed as demo
from demo.gegevens import INITIATIEVEN
from doorverwijzing.models import Doorverwijzing
from hulpverlening import kaartcodes
from hulpverlening.models import (
    Afhaalmoment,
    Gemeente,
    Gezin,
    Gezinsrelatie,
    Kaart,
    Lidmaatschap,
    Organisatie,
    Persoon,
    Rol,
)
from registratie.models import Afhaling

KLEIN = {"households": 40, "months": 2, "seed": 7}


def seed(**opties) -> str:
    uit = StringIO()
    call_command("seed_demo", stdout=uit, **{**KLEIN, **opties})
    return uit.getvalue()


@pytest.fixture
def snelle_wachtwoorden(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_gent(db, snelle_wachtwoorden) -> str:
    return seed()


def test_every_role_has_a_demo_account_that_can_log_in(demo_gent, client):
    rollen = set(
        Lidmaatschap.objects.filter(user__username__in=demo.DEMO_USERNAMES).values_list(
            "rol", flat=True
        )
    )
    assert rollen == set(Rol.values)
    for username in demo.DEMO_USERNAMES:
        assert client.login(username=username, password=demo.DEMO_WACHTWOORD), username
        client.logout()
    beheerder = get_user_model().objects.get(username="beheerder")
    assert beheerder.is_staff and beheerder.is_superuser
    # The volunteers who registered other initiatives' pickups cannot log in.
    anderen = get_user_model().objects.filter(username__startswith="vw-")
    # Two per initiative but the demo one, and two for Eeklo's.
    assert anderen.count() == 2 * len(INITIATIEVEN)
    assert not any(u.has_usable_password() for u in anderen)


def test_volunteer_and_coordinator_share_an_initiative_and_vrijwilliger2_has_two(demo_gent):
    def organisaties(username):
        return {
            lid.organisatie
            for lid in Lidmaatschap.objects.filter(user__username=username).select_related(
                "organisatie"
            )
        }

    (initiatief,) = organisaties("vrijwilliger")
    assert organisaties("coordinator") == {initiatief}
    assert initiatief.deelt_hulp_uit
    assert len(organisaties("vrijwilliger2")) == 2
    assert initiatief in organisaties("vrijwilliger2")


def test_logins_are_printed_as_a_table(demo_gent):
    for username in demo.DEMO_USERNAMES:
        assert username in demo_gent
    assert demo.DEMO_WACHTWOORD in demo_gent
    assert "Sociale Dienst Gent" in demo_gent


def test_ghent_has_its_organisations_and_eeklo_one(demo_gent):
    gent = Gemeente.objects.get(slug="gent")
    soorten = Counter(gent.organisaties.values_list("soort", flat=True))
    assert soorten[Organisatie.Soort.STAD] == 1
    assert soorten[Organisatie.Soort.SOCIALE_DIENST] == 1
    assert soorten[Organisatie.Soort.DOORVERWIJZER] >= 3
    assert (
        soorten[Organisatie.Soort.VOEDSELHULP] + soorten[Organisatie.Soort.SOCIALE_KRUIDENIER] == 30
    )
    assert Organisatie.objects.filter(gemeente__slug="eeklo").count() == 1
    momenten = Afhaalmoment.objects.filter(locatie__organisatie__gemeente=gent)
    assert 55 <= momenten.values("locatie").distinct().count() <= 65
    for moment in momenten:
        assert moment.capaciteit >= 5
        assert moment.start < moment.einde
        assert moment.locatie.postcode in demo.POSTCODE_GEWICHTEN


def test_every_household_has_one_active_card_with_a_valid_code(demo_gent):
    assert Gezin.objects.count() == KLEIN["households"]
    for gezin in Gezin.objects.prefetch_related("kaarten"):
        actief = [k for k in gezin.kaarten.all() if k.is_actief]
        assert len(actief) == 1, gezin
        assert kaartcodes.normalise_code(actief[0].code) == actief[0].code
        assert actief[0].gekoppeld_op is not None
    codes = list(Kaart.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    vrij = Kaart.objects.vrij()
    assert vrij.exists()
    assert all(k.batch_id is not None for k in vrij)


def test_household_composition_matches_its_persons(demo_gent):
    jaar = timezone.localdate().year
    for gezin in Gezin.objects.prefetch_related("personen"):
        personen = list(gezin.personen.all())
        assert [p.relatie for p in personen].count(Persoon.Relatie.REFERENTIEPERSOON) == 1
        leeftijden = [jaar - p.geboortejaar for p in personen]
        assert gezin.volwassenen == sum(a >= 18 for a in leeftijden) >= 1
        assert gezin.kinderen_0_2 == sum(a <= 2 for a in leeftijden)
        assert gezin.kinderen_3_11 == sum(3 <= a <= 11 for a in leeftijden)
        assert gezin.kinderen_12_17 == sum(12 <= a <= 17 for a in leeftijden)
        assert gezin.postcode in {*demo.POSTCODE_GEWICHTEN, "9900"}
        assert all(p.voornaam and p.achternaam for p in personen)


def test_pickups_are_plausible_and_obey_the_constraint(demo_gent):
    afhalingen = list(Afhaling.objects.select_related("afhaalmoment", "locatie", "kaart", "gezin"))
    assert len(afhalingen) > KLEIN["households"]
    # One per household, moment, day and aid: a kit comes as a second line of the visit.
    sleutels = Counter((a.gezin_id, a.afhaalmoment_id, a.datum, a.hulpvorm_id) for a in afhalingen)
    assert max(sleutels.values()) == 1
    per_bezoek = Counter(a.bezoek for a in afhalingen)
    assert max(per_bezoek.values()) == 2, "the demo has visits of several aids"
    assert len({a.idempotentiesleutel for a in afhalingen}) == len(afhalingen)
    leden = set(Lidmaatschap.objects.values_list("user_id", "organisatie_id"))
    relaties = set(Gezinsrelatie.objects.values_list("gezin_id", "organisatie_id"))
    vandaag = timezone.localdate()
    for a in afhalingen:
        moment = a.afhaalmoment
        assert a.datum < vandaag
        assert a.datum.weekday() == moment.weekdag
        assert a.locatie_id == moment.locatie_id
        assert a.organisatie_id == a.locatie.organisatie_id
        lokaal = timezone.localtime(a.gescand_op)
        assert lokaal.date() == a.datum
        assert moment.start <= lokaal.time() <= moment.einde
        assert a.ontvangen_op >= a.gescand_op
        assert a.kaart.gezin_id == a.gezin_id
        assert (a.geregistreerd_door_id, a.organisatie_id) in leden
        assert (a.gezin_id, a.organisatie_id) in relaties
    laatste = {}
    for a in afhalingen:
        laatste[a.gezin_id] = max(laatste.get(a.gezin_id, a.gescand_op), a.gescand_op)
    for gezin in Gezin.objects.filter(pk__in=laatste):
        assert gezin.laatste_activiteit == laatste[gezin.pk]


def test_relationships_are_made_by_the_creator_referrers_and_pickup_places(demo_gent):
    for gezin in Gezin.objects.prefetch_related("relaties"):
        redenen = {r.organisatie_id: r.reden for r in gezin.relaties.all()}
        assert redenen[gezin.aangemaakt_door_id] == Gezinsrelatie.Reden.AANGEMAAKT
        assert set(redenen.values()) <= {
            Gezinsrelatie.Reden.AANGEMAAKT,
            Gezinsrelatie.Reden.DOORVERWIJZING,
            Gezinsrelatie.Reden.AFHALING,
        }
    relaties = set(Gezinsrelatie.objects.values_list("gezin_id", "organisatie_id"))
    for d in Doorverwijzing.objects.all():
        assert (d.gezin_id, d.organisatie_id) in relaties
        assert (d.gezin_id, d.verwijzer_id) in relaties
    eeklo = Gemeente.objects.get(slug="eeklo")
    assert (
        Gezinsrelatie.objects.filter(gezin__gemeente=eeklo)
        .exclude(organisatie__gemeente=eeklo)
        .count()
        == 0
    )


def test_pickups_are_referred_or_a_few_zelfmelder_visits(demo_gent):
    verwijzingen = Doorverwijzing.objects.in_bulk()
    assert verwijzingen
    # Visits without referral per household and organisation: a kit handed out with
    # the parcel is a second line of the same visit, not a second visit.
    bezoeken = defaultdict(set)
    for a in Afhaling.objects.all():
        if a.doorverwijzing_id is None:
            assert a.zelfmelder
            bezoeken[a.gezin_id, a.organisatie_id].add(a.bezoek)
        else:
            d = verwijzingen[a.doorverwijzing_id]
            assert not a.zelfmelder
            assert d.gezin_id == a.gezin_id and d.organisatie_id == a.organisatie_id
            assert d.start <= a.datum <= d.einde
    zelfmelder = Counter({sleutel: len(b) for sleutel, b in bezoeken.items()})
    assert zelfmelder and max(zelfmelder.values()) <= 3
    sociale_dienst = Organisatie.objects.get(naam="Sociale Dienst Gent")
    for d in verwijzingen.values():
        if d.soort == Doorverwijzing.Soort.DOORVERWIJZING:
            assert d.verwijzer == sociale_dienst
        assert d.organisatie.deelt_hulp_uit
        assert d.aangemaakt_op >= d.gezin.aangemaakt_op
    # Most households that still come have a referral valid today.
    vandaag = timezone.localdate()
    assert Doorverwijzing.objects.geldig_op(vandaag).values("gezin").distinct().count() > 10


def _momentopname():
    """The demo data without database ids, to compare two runs."""
    rang = {pk: i for i, pk in enumerate(Gezin.objects.order_by("pk").values_list("pk", flat=True))}
    gezinnen = [
        (
            g.postcode,
            g.volwassenen,
            g.kinderen_0_2,
            g.kinderen_3_11,
            g.kinderen_12_17,
            g.aangemaakt_door.naam,
            g.aangemaakt_op,
            g.laatste_activiteit,
            [(p.voornaam, p.achternaam, p.geboortejaar, p.relatie) for p in g.personen.all()],
        )
        for g in Gezin.objects.order_by("pk")
        .select_related("aangemaakt_door")
        .prefetch_related("personen")
    ]
    afhalingen = [
        (
            a.idempotentiesleutel,
            rang[a.gezin_id],
            a.locatie.naam,
            str(a.afhaalmoment),
            a.datum,
            a.gescand_op,
            a.ontvangen_op,
            a.hulpvorm.slug,
            a.geregistreerd_door.username,
            a.status,
        )
        for a in Afhaling.objects.order_by("idempotentiesleutel").select_related(
            "locatie", "afhaalmoment", "hulpvorm", "geregistreerd_door"
        )
    ]
    momenten = sorted(
        Afhaalmoment.objects.values_list(
            "locatie__organisatie__naam", "locatie__naam", "locatie__adres", "weekdag", "start"
        )
    )
    verwijzingen = sorted(
        (rang[d.gezin_id], d.organisatie.naam, d.verwijzer.naam, d.soort, d.start, d.einde)
        for d in Doorverwijzing.objects.select_related("organisatie", "verwijzer")
    )
    return gezinnen, afhalingen, momenten, verwijzingen


def _in_teruggedraaide_transactie(**opties):
    with transaction.atomic():
        seed(**opties)
        opname = _momentopname()
        transaction.set_rollback(True)
    return opname


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data(snelle_wachtwoorden):
    eerste = _in_teruggedraaide_transactie()
    assert not Gemeente.objects.exists()
    tweede = _in_teruggedraaide_transactie()
    assert eerste == tweede
    ander = _in_teruggedraaide_transactie(seed=8)
    assert ander[0] != eerste[0]
    assert ander[2] != eerste[2]


def test_if_empty_does_nothing_the_second_time(demo_gent):
    aantallen = (Gezin.objects.count(), Afhaling.objects.count(), Kaart.objects.count())
    uitvoer = seed(if_empty=True, households=80)
    assert (Gezin.objects.count(), Afhaling.objects.count(), Kaart.objects.count()) == aantallen
    assert "bestaat al" in uitvoer
    assert "vrijwilliger2" in uitvoer and demo.DEMO_WACHTWOORD in uitvoer
    with pytest.raises(CommandError, match="bestaat al"):
        seed()


@pytest.mark.django_db
def test_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="productie"):
        seed()
    assert not Gemeente.objects.exists()


def test_capacities_fit_the_pickups_so_the_pressure_chart_means_something(db, snelle_wachtwoorden):
    from registratie.drukte import momenten_met_drukte

    seed(households=600)

    organisaties = list(Organisatie.objects.filter(gemeente__slug="gent", actief=True))
    drukte = [
        d for d in momenten_met_drukte(organisaties, tot=timezone.localdate()) if d.gemiddeld >= 5
    ]
    assert drukte
    assert all(0.3 <= d.bezetting <= 1.5 for d in drukte), [d.procent for d in drukte]
    assert any(d.ruimte for d in drukte) and any(not d.ruimte for d in drukte)
