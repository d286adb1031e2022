"""Issue 13.7: existing pickups migrate to visits of one line without loss, and every
report figure is the same before and after."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F
from django.utils import timezone

from hulpverlening.kalender import maand_van, vorige_maand
from hulpverlening.models import Gemeente, Organisatie
from rapportering.cijfers import foodsavers_cijfers
from rapportering.dashboard import dashboard
from registratie.models import Afhaling, Waardebon

from ..conftest import als_eigenaar

VOOR = [
    ("registratie", "0005_afhaling_een_per_hulpvorm"),
    ("hulpverlening", "0016_hulpvorm_soort"),
]


def _alle_cijfers() -> dict:
    gent = Gemeente.objects.get(slug="gent")
    deze = maand_van(timezone.localdate())
    maanden = [vorige_maand(vorige_maand(deze)), vorige_maand(deze)]
    cijfers = {}
    for maand in maanden:
        cijfers[("stad", maand)] = foodsavers_cijfers(gemeente=gent, organisatie=None, maand=maand)
        for organisatie in Organisatie.objects.filter(gemeente=gent).order_by("pk"):
            cijfers[(organisatie.pk, maand)] = foodsavers_cijfers(
                gemeente=gent, organisatie=organisatie, maand=maand
            )
    bord = dashboard(gemeente=gent, organisatie=None, van=maanden[0], tot=deze)
    # The new per-aid table exists after the migration only; everything else must match.
    bord.pop("per_hulpvorm")
    cijfers["dashboard"] = bord
    return cijfers


def _migreer(doelen) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(doelen)


@pytest.mark.django_db(transaction=True)
def test_a_seeded_database_migrates_to_visits_with_the_same_figures(settings):
    call_command("seed_demo", households=60, months=3, verbosity=0)
    # Before visits, every pickup stood alone, one item, no vouchers: the seed's
    # visits of several aids, meals and vouchers become what the old schema held.
    Waardebon.objects.all().delete()
    Afhaling.objects.update(
        bezoek=F("idempotentiesleutel"), aantal=1, volwassenen=0, kinderen=0, tarief="", bedrag=None
    )
    rijen_voor = set(
        Afhaling.objects.values_list("idempotentiesleutel", "gezin_id", "hulpvorm_id", "datum")
    )
    assert len(rijen_voor) > 100
    voor = _alle_cijfers()

    # Schema changes are the owner's (tests run as the app role, as production does).
    with als_eigenaar():
        _migreer(VOOR)
        _migreer(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert (
        set(Afhaling.objects.values_list("idempotentiesleutel", "gezin_id", "hulpvorm_id", "datum"))
        == rijen_voor
    )
    # Every pickup is a visit of one line, its key the visit's.
    assert not Afhaling.objects.exclude(bezoek=F("idempotentiesleutel")).exists()
    assert set(Afhaling.objects.values_list("aantal", flat=True)) == {1}
    assert _alle_cijfers() == voor
