"""The registration's hand-written reads give what the ORM queries they replace give.

registratie/lezen.py and registratie/sqlrijen.py trade the ORM for speed on
the busiest request; these tests hold each statement against the ORM query
with the same meaning, on SQLite and on PostgreSQL (CI).
"""

import uuid
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from doorverwijzing.models import Doorverwijzing
from hulpverlening import services
from hulpverlening.models import (
    Afhaalmoment,
    Auditregel,
    Gezinsrelatie,
    Hulpvorm,
    Lidmaatschap,
    Locatie,
)
from registratie import balie, lezen, rechten, sqlrijen
from registratie.models import Afhaalregels, Afhaling

from ..conftest import maak_gezin

DAG = date(2026, 11, 25)


def _moment(locatie, **extra) -> Afhaalmoment:
    return Afhaalmoment.objects.create(
        locatie=locatie, weekdag=2, start=time(9), einde=time(12), capaciteit=10, **extra
    )


def _verwijzing(wereld, gezin, organisatie=None, **extra) -> Doorverwijzing:
    velden = {
        "gezin": gezin,
        "organisatie": organisatie or wereld.initiatief_a,
        "verwijzer": wereld.sociale_dienst,
        "soort": Doorverwijzing.Soort.DOORVERWIJZING,
        "hulpvorm": Hulpvorm.objects.standaard(),
        "start": DAG - timedelta(days=10),
        "einde": DAG + timedelta(days=50),
    }
    return Doorverwijzing.objects.create(**velden | extra)


def _afhaling(gezin, moment, dag, **extra) -> Afhaling:
    return Afhaling.objects.create(
        gezin=gezin,
        organisatie=moment.locatie.organisatie,
        locatie=moment.locatie,
        afhaalmoment=moment,
        hulpvorm=Hulpvorm.objects.standaard(),
        datum=dag,
        gescand_op=timezone.make_aware(datetime.combine(dag, time(10))),
        **extra,
    )


def _lidmaatschap(user) -> Lidmaatschap:
    return Lidmaatschap.objects.get(user=user)


# --- kaartgegevens ---------------------------------------------------------------------------


def test_moments_are_those_of_balie_momenten_van(wereld, vrijwilliger):
    lidmaatschap = _lidmaatschap(vrijwilliger)
    hier = Locatie.objects.create(organisatie=wereld.initiatief_a, naam="Hier", postcode="9000")
    dicht = Locatie.objects.create(
        organisatie=wereld.initiatief_a, naam="Dicht", postcode="9000", actief=False
    )
    elders = Locatie.objects.create(organisatie=wereld.initiatief_b, naam="B", postcode="9000")
    momenten = [
        _moment(hier),
        _moment(hier, actief=False),
        _moment(dicht),
        _moment(elders),
    ]
    ids = [m.pk for m in momenten] + [987654]

    gelezen = lezen.kaartgegevens(lidmaatschap.organisatie, moment_ids=ids, tokens=[], codes=[])

    verwacht = balie.momenten_van(lidmaatschap).filter(pk__in=ids)
    assert set(gelezen.momenten) == {m.pk for m in verwacht} == {momenten[0].pk}
    moment = gelezen.momenten[momenten[0].pk]
    assert moment.locatie.naam == "Hier"
    assert moment.start == time(9)


def test_cards_come_by_token_and_by_code_with_their_household(wereld, moment_a, gezin_a, kaart_a):
    gezin_b = maak_gezin(wereld.initiatief_b, voornaam="Jan")
    kaart_b = services.kaart_uitgeven(gezin=gezin_b, organisatie=wereld.initiatief_b)
    reeks = services.kaartbatch_aanmaken(organisatie=wereld.initiatief_a, aantal=1, door=None)
    leeg = reeks.kaarten.get()

    gelezen = lezen.kaartgegevens(
        wereld.initiatief_a,
        moment_ids=[moment_a.pk],
        tokens=[kaart_a.token, leeg.token, "onbekend"],
        codes=[kaart_b.code],
    )

    assert gelezen.kaarten[kaart_a.token] is gelezen.kaarten[kaart_a.code]
    assert gelezen.kaarten[kaart_a.token].gezin.postcode == gezin_a.postcode
    assert gelezen.kaarten[kaart_b.code].gezin.pk == gezin_b.pk
    assert gelezen.kaarten[leeg.token].gezin is None
    assert "onbekend" not in gelezen.kaarten
    # A wants to know which households it is related to: its own, not B's.
    assert gelezen.met_relatie == {gezin_a.pk}
    assert Gezinsrelatie.objects.filter(organisatie=wereld.initiatief_a, gezin=gezin_b).count() == 0


def test_referrals_are_all_of_the_household_to_this_organisation(
    wereld, moment_a, gezin_a, kaart_a
):
    hier = [_verwijzing(wereld, gezin_a), _verwijzing(wereld, gezin_a, einde=DAG)]
    _verwijzing(wereld, gezin_a, organisatie=wereld.initiatief_b)

    gelezen = lezen.kaartgegevens(
        wereld.initiatief_a, moment_ids=[moment_a.pk], tokens=[kaart_a.token], codes=[]
    )

    verwacht = Doorverwijzing.objects.filter(organisatie=wereld.initiatief_a, gezin=gezin_a)
    assert sorted(d.pk for d in gelezen.doorverwijzingen[gezin_a.pk]) == sorted(
        d.pk for d in verwacht
    )
    assert {d.pk for d in verwacht} == {d.pk for d in hier}
    verwijzing = gelezen.doorverwijzingen[gezin_a.pk][0]
    assert verwijzing.hulpvorm.slug == "voedselpakket"
    assert isinstance(verwijzing.einde, date)


def test_a_household_without_referrals_has_an_empty_list(wereld, moment_a, gezin_a, kaart_a):
    gelezen = lezen.kaartgegevens(
        wereld.initiatief_a, moment_ids=[moment_a.pk], tokens=[kaart_a.token], codes=[]
    )
    assert gelezen.doorverwijzingen == {gezin_a.pk: []}


def test_without_a_valid_moment_nothing_is_read(wereld, kaart_a):
    gelezen = lezen.kaartgegevens(
        wereld.initiatief_a, moment_ids=[987654], tokens=[kaart_a.token], codes=[]
    )
    assert gelezen == lezen.Kaartgegevens()


# --- afhalingen ------------------------------------------------------------------------------


def test_pickups_that_count_are_those_of_the_orm_filter(wereld, moment_a, gezin_a):
    elders = _moment(
        Locatie.objects.create(organisatie=wereld.initiatief_b, naam="B", postcode="9000")
    )
    van, tot = DAG - timedelta(days=35), DAG
    telt = [
        _afhaling(gezin_a, moment_a, DAG - timedelta(days=3)),
        _afhaling(gezin_a, moment_a, van),
        _afhaling(gezin_a, moment_a, DAG - timedelta(days=200), zelfmelder=True),
        _afhaling(gezin_a, moment_a, DAG, status=Afhaling.Status.TE_CONTROLEREN),
    ]
    telt_niet = [
        _afhaling(gezin_a, moment_a, DAG - timedelta(days=36)),
        _afhaling(gezin_a, moment_a, DAG + timedelta(days=1)),
        _afhaling(gezin_a, moment_a, DAG - timedelta(days=2), status=Afhaling.Status.ONGEDAAN),
        _afhaling(gezin_a, elders, DAG - timedelta(days=1)),
    ]

    per_gezin, bekend = lezen.afhalingen(wereld.initiatief_a, [gezin_a.pk], van=van, tot=tot)

    assert bekend == {}
    assert [a.pk for a in per_gezin[gezin_a.pk]] == [
        a.pk for a in sorted(telt, key=lambda a: a.gescand_op)
    ]
    assert not {a.pk for a in telt_niet} & {a.pk for a in per_gezin[gezin_a.pk]}


def test_pickups_come_with_who_registered_them(wereld, moment_a, gezin_a, vrijwilliger):
    vrijwilliger.first_name = "Els"
    vrijwilliger.save()
    _afhaling(gezin_a, moment_a, DAG, geregistreerd_door=vrijwilliger)

    per_gezin, _ = lezen.afhalingen(wereld.initiatief_a, [gezin_a.pk], van=DAG, tot=DAG)

    assert rechten.eerdere(per_gezin[gezin_a.pk][0]).door == "Els"
    assert per_gezin[gezin_a.pk][0].geregistreerd_door.username == "vrijwilliger_a"


def test_known_keys_are_found_whatever_they_belong_to(wereld, moment_a, gezin_a, gezin_b):
    elders = _moment(
        Locatie.objects.create(organisatie=wereld.initiatief_b, naam="B", postcode="9000")
    )
    hier = _afhaling(gezin_a, moment_a, DAG, idempotentiesleutel=uuid.uuid4())
    daar = _afhaling(gezin_b, elders, DAG - timedelta(days=300), idempotentiesleutel=uuid.uuid4())

    per_gezin, bekend = lezen.afhalingen(
        wereld.initiatief_a,
        [],
        van=DAG,
        tot=DAG,
        sleutels=[hier.idempotentiesleutel, daar.idempotentiesleutel, uuid.uuid4()],
    )

    assert per_gezin == {}
    assert {k: a.pk for k, a in bekend.items()} == {
        hier.idempotentiesleutel: hier.pk,
        daar.idempotentiesleutel: daar.pk,
    }


def test_facts_for_the_roster_and_for_a_registration_agree(wereld, moment_a, gezin_a, kaart_a):
    _verwijzing(wereld, gezin_a)
    _afhaling(gezin_a, moment_a, DAG - timedelta(days=1))
    _afhaling(gezin_a, moment_a, DAG - timedelta(days=90), zelfmelder=True)

    rooster = rechten.feiten_laden([gezin_a.pk], organisatie=wereld.initiatief_a, dag=DAG)[
        gezin_a.pk
    ]
    voorkennis = lezen.voorkennis_laden(
        wereld.initiatief_a, gezin_ids=[gezin_a.pk], sleutels=[], dagen=[DAG]
    )
    registratie = rechten.feiten_op(
        gezin=gezin_a,
        kaart=kaart_a,
        doorverwijzingen=voorkennis.doorverwijzingen[gezin_a.pk],
        afhalingen=voorkennis.afhalingen[gezin_a.pk],
        dag=DAG,
    )

    assert rooster.afhalingen == registratie.afhalingen
    assert [d.pk for d in rooster.doorverwijzingen] == [d.pk for d in registratie.doorverwijzingen]
    assert rooster.zelfmelder_bezoeken == registratie.zelfmelder_bezoeken == 1


# --- the organisation's rules ------------------------------------------------------------


def test_the_batch_read_brings_the_organisations_rules(wereld, moment_a, django_assert_num_queries):
    Afhaalregels.objects.create(organisatie=wereld.initiatief_a, max_per_week=2)
    organisatie = type(wereld.initiatief_a).objects.get(pk=wereld.initiatief_a.pk)
    with django_assert_num_queries(1):
        lezen.kaartgegevens(organisatie, moment_ids=[moment_a.pk], tokens=[], codes=[])
        assert rechten.regels_van(organisatie).max_per_week == 2


def test_without_stored_rules_the_batch_read_gives_the_defaults(wereld, moment_a):
    organisatie = type(wereld.initiatief_a).objects.get(pk=wereld.initiatief_a.pk)
    lezen.kaartgegevens(organisatie, moment_ids=[moment_a.pk], tokens=[], codes=[])
    regels = rechten.regels_van(organisatie)
    assert regels.pk is None
    assert regels.max_per_week == Afhaalregels().max_per_week


# --- sqlrijen --------------------------------------------------------------------------------


def test_inserted_rows_get_their_keys_and_defaults(wereld):
    regels = [Auditregel(actie=Auditregel.Actie.GELEZEN, waar="x", gezin_id=i) for i in (1, 2, 3)]
    sqlrijen.invoegen(regels)
    assert all(r.pk for r in regels)
    opgeslagen = Auditregel.objects.get(pk=regels[1].pk)
    assert opgeslagen.gezin_id == 2
    assert opgeslagen.tijd == regels[1].tijd


def test_auto_now_add_is_filled_in_on_insert(wereld, vrijwilliger):
    lidmaatschap = Lidmaatschap(
        user=vrijwilliger, organisatie=wereld.initiatief_b, rol="vrijwilliger"
    )
    sqlrijen.invoegen([lidmaatschap])
    assert Lidmaatschap.objects.get(pk=lidmaatschap.pk).aangemaakt_op is not None


def test_a_conflicting_insert_is_skipped_and_the_transaction_goes_on(wereld, gezin_a):
    with transaction.atomic():
        dubbel = Gezinsrelatie(
            gezin=gezin_a, organisatie=wereld.initiatief_a, reden="afhaling", niveau="balie"
        )
        assert sqlrijen.invoegen_tenzij_bestaat(dubbel) is False
        assert dubbel.pk is None
        # Still usable: no savepoint was needed to survive the conflict.
        nieuw = Gezinsrelatie(
            gezin=gezin_a, organisatie=wereld.initiatief_b, reden="afhaling", niveau="balie"
        )
        assert sqlrijen.invoegen_tenzij_bestaat(nieuw) is True
    assert Gezinsrelatie.objects.filter(gezin=gezin_a).count() == 2


def test_values_read_back_are_converted_as_by_the_orm(wereld, moment_a, gezin_a):
    sleutel = uuid.uuid4()
    origineel = _afhaling(gezin_a, moment_a, DAG, idempotentiesleutel=sleutel)
    _, bekend = lezen.afhalingen(wereld.initiatief_a, [], van=DAG, tot=DAG, sleutels=[sleutel])
    gelezen = bekend[sleutel]
    assert gelezen.idempotentiesleutel == sleutel
    assert gelezen.datum == DAG
    assert gelezen.gescand_op == origineel.gescand_op
    assert timezone.is_aware(gelezen.gescand_op)
    assert gelezen.zelfmelder is False


def test_hot_path_statements_are_seen_by_query_logging(wereld, moment_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        lezen.kaartgegevens(wereld.initiatief_a, moment_ids=[moment_a.pk], tokens=[], codes=[])


def test_the_desk_relationship_read_equals_the_orm_rule_on_generated_data(wereld):
    """kaartgegevens().met_relatie is Gezin.objects.aan_balie_bij, also across municipalities.

    Generated households of Gent and Eeklo, some pseudonymised, with relationships
    of either level to initiative A or none; each with an active card.
    """
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from hulpverlening.models import Gezin

    organisatie = wereld.initiatief_a
    locatie = Locatie.objects.create(organisatie=organisatie, naam="Zaal", postcode="9000")
    moment = _moment(locatie)
    gezin_spec = st.tuples(
        st.sampled_from(["gent", "eeklo"]),
        st.booleans(),  # pseudonymised
        st.sampled_from([None, "afhaling", "doorverwijzing", "toestemming"]),
    )

    @settings(
        max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.lists(gezin_spec, min_size=1, max_size=6))
    def controleer(specs):
        with transaction.atomic():
            kaarten = []
            for i, (gemeente, gepseudonimiseerd, reden) in enumerate(specs):
                maker = wereld.initiatief_b if gemeente == "gent" else wereld.initiatief_eeklo
                gezin = maak_gezin(maker, voornaam=f"G{i}")
                kaarten.append(services.kaart_uitgeven(gezin=gezin, organisatie=maker))
                if reden is not None:
                    Gezinsrelatie.objects.create(
                        gezin=gezin,
                        organisatie=organisatie,
                        reden=reden,
                        niveau=Gezinsrelatie.niveau_van(reden),
                    )
                if gepseudonimiseerd:
                    Gezin.objects.filter(pk=gezin.pk).update(gepseudonimiseerd_op=timezone.now())
            gegevens = lezen.kaartgegevens(
                organisatie,
                moment_ids=[moment.pk],
                tokens=[k.token for k in kaarten],
                codes=[k.code for k in kaarten],
            )
            ids = [k.gezin_id for k in kaarten]
            verwacht = set(
                Gezin.objects.aan_balie_bij(organisatie)
                .filter(pk__in=ids)
                .values_list("pk", flat=True)
            )
            assert gegevens.met_relatie == verwacht
            transaction.set_rollback(True)

    controleer()
