"""Issue 15.1: monthly totals built from the pickups hold exactly what the pickups say."""

from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone

from hulpverlening.kalender import maand_van, vorige_maand
from rapportering import maandtotalen
from rapportering.models import Maandtotaal
from registratie.models import Afhaling


@pytest.fixture
def demo(db):
    call_command("seed_demo", households=80, months=3, verbosity=0)


def _ruw(maand):
    from hulpverlening.kalender import volgende_maand

    return Afhaling.objects.filter(
        datum__gte=maand, datum__lt=volgende_maand(maand), status=Afhaling.Status.GEREGISTREERD
    )


def test_totals_match_the_raw_pickups_on_generated_data(demo):
    vandaag = timezone.localdate()
    maanden = maandtotalen.gesloten_maanden(vandaag)
    assert len(maanden) >= 3
    for maand in maanden:
        maandtotalen.maand_bouwen(maand)
    for maand in maanden:
        ruw, totaal = _ruw(maand), Maandtotaal.objects.filter(maand=maand)
        assert totaal.aggregate(n=Sum("afhalingen"))["n"] == ruw.count()
        assert totaal.aggregate(e=Sum("eenheden"))["e"] == ruw.aggregate(e=Sum("aantal"))["e"]
        # Unique households: distinct over the rows, city-wide and per organisation.
        assert totaal.values("gezin").distinct().count() == ruw.values("gezin").distinct().count()
        per_org_ruw = dict(ruw.values_list("organisatie").annotate(n=Count("gezin", distinct=True)))
        per_org_totaal = dict(
            totaal.values_list("organisatie").annotate(n=Count("gezin", distinct=True))
        )
        assert per_org_totaal == per_org_ruw
        zelf_ruw = defaultdict(int)
        for hulpvorm, zelfmelder in ruw.values_list("hulpvorm", "zelfmelder"):
            zelf_ruw[hulpvorm] += zelfmelder
        zelf = dict(totaal.values_list("hulpvorm").annotate(n=Sum("zelfmelder")))
        assert zelf == dict(zelf_ruw)


def test_building_a_month_twice_gives_the_same_rows_and_late_pickups_count(demo):
    maand = vorige_maand(maand_van(timezone.localdate()))
    eerst = maandtotalen.maand_bouwen(maand)
    rijen = set(
        Maandtotaal.objects.filter(maand=maand).values_list("gezin", "hulpvorm", "afhalingen")
    )
    assert maandtotalen.maand_bouwen(maand) == eerst
    assert (
        set(Maandtotaal.objects.filter(maand=maand).values_list("gezin", "hulpvorm", "afhalingen"))
        == rijen
    )

    # A pickup synced late into that month is in it after the next build.
    late = _ruw(maand).first()
    Afhaling.objects.filter(pk=late.pk).update(status=Afhaling.Status.ONGEDAAN)
    maandtotalen.maand_bouwen(maand)
    assert Maandtotaal.objects.filter(maand=maand).aggregate(n=Sum("afhalingen"))["n"] == (
        _ruw(maand).count()
    )


def test_the_nightly_rebuild_reaches_the_months_a_late_sync_can_reach():
    from datetime import date

    assert maandtotalen.nog_te_bereiken(date(2026, 12, 20)) == [date(2026, 11, 1)]
    # On 15 November a phone may still send a pickup of 15 October.
    assert maandtotalen.nog_te_bereiken(date(2026, 11, 15)) == [date(2026, 10, 1)]


def test_the_command_rebuilds_every_closed_month(demo, capsys):
    call_command("maandtotalen")
    uit = capsys.readouterr().out
    assert "maanden opnieuw gebouwd." in uit
    assert Maandtotaal.objects.exists()
    with pytest.raises(Exception, match="JJJJ-MM"):
        call_command("maandtotalen", van="december")


def test_the_foodsavers_figures_from_the_totals_equal_those_from_the_pickups(demo):
    """Built months are read from the totals (issue 15.1): the report must not change."""
    from hulpverlening.models import Gemeente, Organisatie
    from rapportering.cijfers import foodsavers_cijfers

    gent = Gemeente.objects.get(slug="gent")
    deze = maand_van(timezone.localdate())
    maanden = [vorige_maand(vorige_maand(deze)), vorige_maand(deze), deze]
    organisaties = [None, *Organisatie.objects.filter(gemeente=gent).order_by("pk")[:6]]

    def alles():
        return {
            (maand, o.pk if o else None): foodsavers_cijfers(
                gemeente=gent, organisatie=o, maand=maand
            )
            for maand in maanden
            for o in organisaties
        }

    uit_afhalingen = alles()
    for maand in maandtotalen.gesloten_maanden(timezone.localdate()):
        maandtotalen.maand_bouwen(maand)
    assert maandtotalen.gebouwd(maanden) == set(maanden[:2])
    assert alles() == uit_afhalingen
