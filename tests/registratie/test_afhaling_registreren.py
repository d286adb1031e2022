"""Registering a pickup: idempotent, one per household per moment, nothing lost offline."""

import threading
import uuid

import pytest
from django.db import connection, connections
from django.utils import timezone

from hulpverlening.models import Kaart
from registratie import services
from registratie.models import Afhaling
from registratie.services import Uitkomst


def _registreer(lid, moment, **kw):
    velden = {
        "sleutel": uuid.uuid4(),
        "lidmaatschap": lid,
        "afhaalmoment": moment,
        "dag": timezone.localdate(),
        "gescand_op": timezone.now(),
    } | kw
    return services.afhaling_registreren(**velden)


@pytest.fixture
def lid(vrijwilliger):
    return vrijwilliger.lidmaatschappen.get()


def test_a_pickup_is_registered_and_relates_the_household(wereld, lid, moment_a, kaart_a):
    resultaat = _registreer(lid, moment_a, kaart=kaart_a)
    assert resultaat.uitkomst == Uitkomst.GEACCEPTEERD
    afhaling = resultaat.afhaling
    assert afhaling.gezin == kaart_a.gezin
    assert afhaling.zelfmelder  # no referral: a zelfmelder visit
    assert afhaling.geregistreerd_door == lid.user


def test_the_same_key_twice_is_one_pickup(lid, moment_a, kaart_a):
    sleutel = uuid.uuid4()
    gescand = timezone.now()
    eerste = _registreer(lid, moment_a, kaart=kaart_a, sleutel=sleutel, gescand_op=gescand)
    tweede = _registreer(lid, moment_a, kaart=kaart_a, sleutel=sleutel, gescand_op=gescand)
    assert (eerste.uitkomst, tweede.uitkomst) == (Uitkomst.GEACCEPTEERD, Uitkomst.DUPLICAAT)
    assert Afhaling.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(lid, moment_a, kaart_a):
    sleutel = uuid.uuid4()
    _registreer(lid, moment_a, kaart=kaart_a, sleutel=sleutel)
    ander = _registreer(lid, moment_a, kaart=kaart_a, sleutel=sleutel, override_reden="x")
    assert ander.uitkomst == Uitkomst.FOUT
    assert "andere gegevens" in ander.bericht


def test_second_volunteer_sees_who_registered_already(lid, moment_a, kaart_a, wereld):
    from ..conftest import maak_gebruiker

    tweede_lid = maak_gebruiker("tweede", wereld.initiatief_a, "vrijwilliger").lidmaatschappen.get()
    lid.user.first_name = "Els"
    lid.user.save()
    _registreer(lid, moment_a, kaart=kaart_a)
    tweede = _registreer(tweede_lid, moment_a, kaart=kaart_a)
    assert tweede.uitkomst == Uitkomst.DUPLICAAT
    assert tweede.bericht.startswith("Al geregistreerd om ")
    assert tweede.bericht.endswith(" door Els.")
    assert Afhaling.objects.count() == 1


def test_override_with_a_reason_registers_a_second_pickup_for_review(lid, moment_a, kaart_a):
    _registreer(lid, moment_a, kaart=kaart_a)
    tweede = _registreer(lid, moment_a, kaart=kaart_a, override_reden="Pakket voor de buurvrouw")
    assert tweede.uitkomst == Uitkomst.TE_CONTROLEREN
    assert Afhaling.objects.count() == 2


def test_red_online_without_reason_is_refused_but_offline_it_is_kept_and_flagged(
    lid, moment_a, kaart_a
):
    Kaart.objects.filter(pk=kaart_a.pk).update(
        ingetrokken_op=timezone.now(), intrekkingsreden="verloren"
    )
    kaart_a.refresh_from_db()
    online = _registreer(lid, moment_a, kaart=kaart_a)
    assert online.uitkomst == Uitkomst.FOUT
    assert not Afhaling.objects.exists()
    offline = _registreer(lid, moment_a, kaart=kaart_a, offline=True)
    assert offline.uitkomst == Uitkomst.TE_CONTROLEREN
    assert "Kaart ingetrokken" in offline.afhaling.controle_reden


def test_offline_double_of_the_same_moment_is_kept_for_the_coordinator(lid, moment_a, kaart_a):
    _registreer(lid, moment_a, kaart=kaart_a)
    tweede = _registreer(lid, moment_a, kaart=kaart_a, offline=True)
    assert tweede.uitkomst == Uitkomst.TE_CONTROLEREN
    assert Afhaling.objects.count() == 2


def test_undo_within_the_window_and_not_by_someone_else(lid, moment_a, kaart_a, vrijwilliger_b):
    resultaat = _registreer(lid, moment_a, kaart=kaart_a)
    sleutel = resultaat.afhaling.idempotentiesleutel
    ander = vrijwilliger_b.lidmaatschappen.get()
    assert services.afhaling_ongedaan_maken(sleutel=sleutel, lidmaatschap=ander) is None
    assert services.afhaling_ongedaan_maken(sleutel=sleutel, lidmaatschap=lid).status == "ongedaan"
    # Undone, the household may be registered again at this moment.
    assert _registreer(lid, moment_a, kaart=kaart_a).uitkomst == Uitkomst.GEACCEPTEERD


def test_coordinator_confirms_or_rejects_a_flagged_pickup(lid, moment_a, kaart_a, coordinator):
    _registreer(lid, moment_a, kaart=kaart_a)
    vlag = _registreer(lid, moment_a, kaart=kaart_a, offline=True).afhaling
    services.afhaling_beoordelen(afhaling=vlag, goedgekeurd=True, door=coordinator)
    vlag.refresh_from_db()
    assert vlag.status == Afhaling.Status.GEREGISTREERD
    assert vlag.override_reden.startswith("Nagekeken door")


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
)


def _tegelijk(aantal, werk):
    """Run `werk(i)` in `aantal` threads that start together, each on its own connection."""
    start = threading.Barrier(aantal)
    resultaten = [None] * aantal
    fouten = []

    def draad(i):
        try:
            start.wait()
            resultaten[i] = werk(i)
        except Exception as fout:  # noqa: BLE001 - reported below
            fouten.append(fout)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=draad, args=(i,)) for i in range(aantal)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not fouten, fouten
    return resultaten


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_volunteers_scanning_the_same_card_at_once_register_one_pickup(
    wereld, moment_a, kaart_a
):
    from ..conftest import maak_gebruiker

    leden = [
        maak_gebruiker(f"balie{i}", wereld.initiatief_a, "vrijwilliger").lidmaatschappen.get()
        for i in range(2)
    ]
    for _ in range(10):
        Afhaling.objects.all().delete()
        resultaten = _tegelijk(2, lambda i: _registreer(leden[i], moment_a, kaart=kaart_a))
        uitkomsten = sorted(r.uitkomst for r in resultaten)
        assert uitkomsten == [Uitkomst.DUPLICAAT, Uitkomst.GEACCEPTEERD]
        assert Afhaling.objects.count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_replays_of_one_key_make_one_row(wereld, vrijwilliger, moment_a, kaart_a):
    lid = vrijwilliger.lidmaatschappen.get()
    sleutel = uuid.uuid4()
    gescand = timezone.now()
    resultaten = _tegelijk(
        20,
        lambda i: _registreer(
            lid, moment_a, kaart=kaart_a, sleutel=sleutel, gescand_op=gescand, offline=True
        ),
    )
    assert Afhaling.objects.count() == 1
    assert sorted({r.uitkomst for r in resultaten}) == [Uitkomst.DUPLICAAT, Uitkomst.GEACCEPTEERD]


@pytest.fixture
def kit(wereld):
    """Initiative A gives food parcels and baby kits."""
    from hulpverlening.models import Hulpvorm

    # get_or_create: a transactional test's flush removed the migration's rows.
    kit, _ = Hulpvorm.objects.get_or_create(
        slug="babyuitzet",
        defaults={"naam": "Babyuitzet", "soort": "eenmalig", "eenmalig_per": "kind"},
    )
    wereld.initiatief_a.hulpvormen.set([Hulpvorm.objects.standaard(), kit])
    return kit


def test_two_aids_at_one_moment_are_two_pickups_and_the_same_aid_twice_is_one(
    lid, moment_a, kaart_a, kit
):
    """Issue 13.3: each aid is its own line of the visit."""
    pakket = _registreer(lid, moment_a, kaart=kaart_a)
    babyuitzet = _registreer(lid, moment_a, kaart=kaart_a, hulpvorm=kit)
    nog_eens = _registreer(lid, moment_a, kaart=kaart_a, hulpvorm=kit)
    assert (pakket.uitkomst, babyuitzet.uitkomst) == (Uitkomst.GEACCEPTEERD, Uitkomst.GEACCEPTEERD)
    assert nog_eens.uitkomst == Uitkomst.DUPLICAAT
    assert sorted(Afhaling.objects.values_list("hulpvorm__slug", flat=True)) == [
        "babyuitzet",
        "voedselpakket",
    ]


def test_an_aid_the_organisation_does_not_give_is_refused_in_dutch(lid, moment_a, kaart_a):
    from hulpverlening.models import Hulpvorm

    start, _ = Hulpvorm.objects.get_or_create(
        slug="startpakket",
        defaults={"naam": "Startpakket", "soort": "eenmalig", "eenmalig_per": "gezin"},
    )
    resultaat = _registreer(lid, moment_a, kaart=kaart_a, hulpvorm=start)
    assert resultaat.uitkomst == Uitkomst.FOUT
    assert resultaat.bericht == "Uw organisatie geeft geen startpakket."
    assert not Afhaling.objects.exists()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_volunteers_handing_out_two_aids_at_once_both_succeed_the_same_aid_once(
    wereld, moment_a, kaart_a, kit
):
    from hulpverlening.models import Hulpvorm

    from ..conftest import maak_gebruiker

    leden = [
        maak_gebruiker(f"hulp{i}", wereld.initiatief_a, "vrijwilliger").lidmaatschappen.get()
        for i in range(2)
    ]
    pakket = Hulpvorm.objects.standaard()
    for _ in range(5):
        Afhaling.objects.all().delete()
        resultaten = _tegelijk(
            2,
            lambda i: _registreer(leden[i], moment_a, kaart=kaart_a, hulpvorm=[pakket, kit][i]),
        )
        assert [r.uitkomst for r in resultaten] == [Uitkomst.GEACCEPTEERD] * 2
        assert Afhaling.objects.count() == 2
        Afhaling.objects.all().delete()
        resultaten = _tegelijk(
            2, lambda i: _registreer(leden[i], moment_a, kaart=kaart_a, hulpvorm=kit)
        )
        assert sorted(r.uitkomst for r in resultaten) == [Uitkomst.DUPLICAAT, Uitkomst.GEACCEPTEERD]
        assert Afhaling.objects.count() == 1


def test_without_a_chosen_aid_the_rules_aid_must_be_one_the_organisation_gives(
    wereld, lid, moment_a, kaart_a, kit
):
    """Found by an attacker's walk: an initiative giving only baby kits registered food
    parcels when the phone sent no aid."""
    wereld.initiatief_a.hulpvormen.set([kit])
    online = _registreer(lid, moment_a, kaart=kaart_a)
    assert online.uitkomst == Uitkomst.FOUT
    assert online.bericht == "Uw organisatie geeft geen voedselpakket."
    assert not Afhaling.objects.exists()
    offline = _registreer(lid, moment_a, kaart=kaart_a, offline=True)
    assert offline.uitkomst == Uitkomst.TE_CONTROLEREN  # it happened: kept, for review
    assert "geeft geen voedselpakket" in offline.afhaling.controle_reden
