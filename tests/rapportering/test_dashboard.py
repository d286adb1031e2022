"""Dashboards: aggregates only, small numbers masked for the city, each chart with its table."""

import uuid
from datetime import time, timedelta

from django.urls import reverse
from django.utils import formats, timezone

from hulpverlening.models import Afhaalmoment, Hulpvorm, Locatie
from rapportering.dashboard import dashboard
from registratie.models import Afhaling

from ..conftest import maak_gezin


def _pickups(wereld):
    vandaag = timezone.localdate()
    loc_a = Locatie.objects.create(organisatie=wereld.initiatief_a, naam="A", postcode="9000")
    loc_b = Locatie.objects.create(organisatie=wereld.initiatief_b, naam="B", postcode="9000")
    ma = Afhaalmoment.objects.create(
        locatie=loc_a, weekdag=0, start=time(10), einde=time(12), capaciteit=2
    )
    mb = Afhaalmoment.objects.create(
        locatie=loc_b, weekdag=3, start=time(14), einde=time(16), capaciteit=40
    )
    gezinnen = [maak_gezin(wereld.initiatief_a, voornaam=f"G{i}") for i in range(7)]

    def af(gezin, moment, dagen_terug):
        Afhaling.objects.create(
            gezin=gezin,
            organisatie=moment.locatie.organisatie,
            locatie=moment.locatie,
            afhaalmoment=moment,
            hulpvorm=Hulpvorm.objects.standaard(),
            datum=vandaag - timedelta(days=dagen_terug),
            gescand_op=timezone.now(),
            idempotentiesleutel=uuid.uuid4(),
        )

    for g in gezinnen:
        for week in range(4):
            af(g, ma, 7 * week + 1)
    af(gezinnen[0], mb, 3)
    af(gezinnen[0], ma, 200)  # an earlier episode, 8+ weeks before
    return ma, mb


def _reeks(cijfers, begin: str):
    return next(r for r in cijfers["reeksen"] if r.titel.startswith(begin))


def test_city_dashboard_counts_unique_households_and_masks_small_cells(wereld):
    _pickups(wereld)
    vandaag = timezone.localdate()
    cijfers = dashboard(
        gemeente=wereld.gent,
        organisatie=None,
        van=vandaag - timedelta(days=90),
        tot=vandaag + timedelta(days=1),
    )
    assert cijfers["uniek"] == 7
    assert cijfers["som_per_initiatief"] == 8
    per_initiatief = dict(_reeks(cijfers, "Unieke gezinnen per initiatief").rijen)
    assert per_initiatief == {"Voedselbank Brugse Poort": 7, "Sociale Kruidenier Ledeberg": "<5"}
    assert cijfers["overlap"] == [("Sociale Kruidenier Ledeberg", "Voedselbank Brugse Poort", "<5")]
    episodes = _reeks(cijfers, "Periodes van hulp").rijen
    episodes = dict(episodes)
    assert episodes["1 periode"] == 6 and episodes["2 periodes"] == "<5"
    maandag = dict(cijfers["heatmap"]["rijen"])["maandag"]
    assert maandag[1] is None
    cel = maandag[0]  # 7 households a week on a moment for 2
    assert (cel.gemiddeld, cel.piek, cel.vol, cel.keren) == (350, 350, 4, 4)


def test_the_heatmap_shows_the_one_week_in_four_the_door_overflows(wereld, als, stadsmedewerker):
    """An average of 75 % is orange; the week with 15 people for 10 parcels is red."""
    vandaag = timezone.localdate()
    locatie = Locatie.objects.create(organisatie=wereld.initiatief_a, naam="Zaal", postcode="9000")
    moment = Afhaalmoment.objects.create(
        locatie=locatie, weekdag=2, start=time(13), einde=time(15), capaciteit=10
    )
    gezinnen = [maak_gezin(wereld.initiatief_a, voornaam=f"H{i}") for i in range(15)]
    for week, aantal in enumerate([15, 5, 5, 5]):
        for gezin in gezinnen[:aantal]:
            Afhaling.objects.create(
                gezin=gezin,
                organisatie=wereld.initiatief_a,
                locatie=locatie,
                afhaalmoment=moment,
                hulpvorm=Hulpvorm.objects.standaard(),
                datum=vandaag - timedelta(days=7 * week + 2),
                gescand_op=timezone.now(),
                idempotentiesleutel=uuid.uuid4(),
            )
    cijfers = dashboard(
        gemeente=wereld.gent,
        organisatie=None,
        van=vandaag - timedelta(days=90),
        tot=vandaag + timedelta(days=1),
    )
    cel = dict(cijfers["heatmap"]["rijen"])["woensdag"][0]
    assert (cel.gemiddeld, cel.piek, cel.vol, cel.keren) == (75, 150, 1, 4)
    [vaak] = cijfers["vaak_vol"]
    assert (vaak.drukte.moment, vaak.vol, vaak.keren, vaak.piek) == (moment, 1, 4, 150)

    html = als(stadsmedewerker).get(reverse("dashboard")).content.decode()
    assert 'fill="#a4161a"' in html  # the cell is red
    assert "1 van 4 keer vol, drukste keer 150%" in html
    assert "drukste 150%, gemiddeld 75%" in html
    assert "gezin-maanden" in html and "telt drie keer" in html


def test_coordinator_sees_only_their_own_organisation_unmasked(wereld, als, coordinator_b):
    _pickups(wereld)
    html = als(coordinator_b).get(reverse("dashboard")).content.decode()
    assert "Voedselbank Brugse Poort" not in html
    assert "<strong>1</strong> unieke gezinnen" in html


def test_city_page_has_the_heatmap_and_a_table_behind_each_chart(wereld, als, stadsmedewerker):
    _pickups(wereld)
    html = als(stadsmedewerker).get(reverse("dashboard"), {"maanden": "abc"}).content.decode()
    assert html.count("<svg") >= 5
    assert html.count("<summary>Tabel</summary>") >= 5
    assert "unieke gezinnen" in html and "&lt;5" in html


def test_volunteers_have_no_dashboard(als, vrijwilliger):
    assert als(vrijwilliger).get(reverse("dashboard")).status_code == 403


def test_month_by_month_counts_add_up_to_the_period(wereld):
    _pickups(wereld)
    vandaag = timezone.localdate()
    cijfers = dashboard(
        gemeente=wereld.gent,
        organisatie=wereld.initiatief_a,
        van=vandaag - timedelta(days=90),
        tot=vandaag + timedelta(days=1),
    )
    afhalingen = _reeks(cijfers, "Afhalingen per maand").rijen
    gezinnen = _reeks(cijfers, "Unieke gezinnen per maand").rijen
    assert sum(n for _maand, n in afhalingen) == 28  # 7 households, 4 weeks
    assert [m for m, _n in afhalingen] == [m for m, _n in gezinnen]
    assert all(n == 7 for _maand, n in gezinnen)
    assert afhalingen[-1][0].startswith(formats.date_format(vandaag, "F Y"))
    if (vandaag + timedelta(days=1)).day != 1:  # the current month counts up to today
        dag = formats.date_format(vandaag, "j F")
        assert afhalingen[-1][0].endswith(f"(onvolledig, tot {dag})")
        assert dag.split()[1].islower()  # "4 december", Dutch; never "Dec"


def test_the_page_reuses_figures_for_ten_minutes_and_says_when_they_were_made(
    wereld, als, coordinator, django_assert_max_num_queries
):
    ma, _mb = _pickups(wereld)
    client = als(coordinator)
    eerste = client.get(reverse("dashboard"))
    assert "Cijfers berekend om" in eerste.content.decode()
    Afhaling.objects.filter(afhaalmoment=ma).delete()
    # The same figures again, from the cache: far fewer queries, same count.
    with django_assert_max_num_queries(8):
        tweede = client.get(reverse("dashboard"))
    assert tweede.context["cijfers"]["uniek"] == eerste.context["cijfers"]["uniek"] == 7
