"""The priority formula of a signaal, its inputs from the database, and similarity."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from signalen import gelijkenis, queries, services
from signalen.models import Deelname, Melding
from signalen.prioriteit import Prioriteit, maanden_terug
from signalen.themas import themas_voor

from ..conftest import maak_gebruiker


def test_the_formula_with_growing_broad_support():
    p = Prioriteit(meldingen=6, organisaties=3, recent=5, vorig=1, ernst=4)
    assert p.basis == 6 + 2 * 2
    assert p.trend == 2.0  # (5 + 1) / (1 + 1) = 3, kept at 2
    assert p.score == 80
    assert p.uitgewerkt() == "4 × (6 + 2 × 2) × 2 = 80"


def test_one_organisation_adds_nothing_and_none_counts_as_one():
    assert Prioriteit(3, 1, 0, 0, 3).basis == 3
    assert Prioriteit(3, 0, 0, 0, 3).basis == 3


def test_a_fading_problem_weighs_half_at_least():
    p = Prioriteit(meldingen=10, organisaties=1, recent=0, vorig=9, ernst=2)
    assert p.trend == 0.5
    assert p.score == 10.0
    assert p.trendwoord == "dalend"


def test_a_stable_problem_keeps_its_weight():
    p = Prioriteit(meldingen=4, organisaties=2, recent=2, vorig=2, ernst=5)
    assert p.trend == 1.0
    assert p.score == 5 * (4 + 2) * 1
    assert p.trendwoord == "stabiel"


def test_scores_are_written_the_belgian_way():
    p = Prioriteit(meldingen=3, organisaties=1, recent=1, vorig=3, ernst=3)
    assert p.score == 4.5
    assert p.weergave == "4,5"
    assert p.uitgewerkt() == "3 × (3 + 2 × 0) × 0,5 = 4,5"


@pytest.mark.parametrize(
    ("dag", "maanden", "verwacht"),
    [
        (date(2026, 5, 31), 3, date(2026, 2, 28)),
        (date(2026, 1, 15), 3, date(2025, 10, 15)),
        (date(2024, 8, 31), 6, date(2024, 2, 29)),
    ],
)
def test_months_back_lands_on_a_real_day(dag, maanden, verwacht):
    assert maanden_terug(dag, maanden) == verwacht


@pytest.fixture
def gent_doet_mee(wereld):
    Deelname.objects.create(gemeente=wereld.gent)
    return {t.slug: t for t in themas_voor(wereld.gent)}


def _melding(lid, themas, tekst, *, dagen=0, wijk="Rabot", postcode="9000", **extra):
    melding = services.melding_aanmaken(
        lidmaatschap=lid,
        themas=themas,
        tekst=tekst,
        omvang=Melding.Omvang.ENKELE,
        frequentie=Melding.Frequentie.WEKELIJKS,
        postcode=postcode,
        wijk=wijk,
        **extra,
    )
    Melding.objects.filter(pk=melding.pk).update(gemeld_op=timezone.now() - timedelta(days=dagen))
    return melding


def test_priority_counts_meldingen_organisations_and_the_trend_from_the_database(
    wereld, gent_doet_mee, beleidsmedewerker
):
    a = maak_gebruiker("a", wereld.initiatief_a, "vrijwilliger").lidmaatschappen.get()
    b = maak_gebruiker("b", wereld.initiatief_b, "vrijwilliger").lidmaatschappen.get()
    energie = [gent_doet_mee["energie"]]
    meldingen = [
        _melding(a, energie, "Factuur te hoog", dagen=10),
        _melding(a, energie, "Factuur te hoog", dagen=20),
        _melding(b, energie, "Factuur te hoog", dagen=30),
        _melding(b, energie, "Factuur te hoog", dagen=120),
        _melding(a, energie, "Factuur te hoog", dagen=200, met_organisatie=False),
    ]
    beleid = beleidsmedewerker.lidmaatschappen.get()
    signaal = services.signaal_aanmaken(
        lidmaatschap=beleid, titel="Energie", meldingen=meldingen, ernst=4
    )
    p = queries.prioriteit_van(signaal)
    assert (p.meldingen, p.organisaties, p.recent, p.vorig, p.ernst) == (5, 2, 3, 1, 4)
    assert p.score == 4 * (5 + 2) * 2.0


def test_signalen_are_listed_highest_priority_first(wereld, gent_doet_mee, beleidsmedewerker):
    lid = maak_gebruiker("a", wereld.initiatief_a, "vrijwilliger").lidmaatschappen.get()
    beleid = beleidsmedewerker.lidmaatschappen.get()
    klein = services.signaal_aanmaken(
        lidmaatschap=beleid,
        titel="Klein",
        meldingen=[_melding(lid, [gent_doet_mee["wonen"]], "Schimmel")],
        ernst=1,
    )
    groot = services.signaal_aanmaken(
        lidmaatschap=beleid,
        titel="Groot",
        meldingen=[_melding(lid, [gent_doet_mee["wonen"]], "Schimmel") for _ in range(3)],
        ernst=5,
    )
    rijen = queries.met_prioriteit(queries.signalen(beleid))
    assert [r.signaal for r in rijen] == [groot, klein]


def test_similar_meldingen_are_suggested_by_theme_area_and_words(wereld, gent_doet_mee):
    lid = maak_gebruiker("a", wereld.initiatief_a, "vrijwilliger").lidmaatschappen.get()
    energie, mobiliteit = gent_doet_mee["energie"], gent_doet_mee["mobiliteit"]
    basis = _melding(lid, [energie], "Gezinnen kunnen hun energiefactuur niet betalen")
    zelfde = _melding(lid, [energie], "Veel gezinnen betalen hun energiefactuur niet meer")
    ander_gebied = _melding(
        lid, [energie], "Energiefactuur te hoog voor ouderen", wijk="Drongen", postcode="9031"
    )
    ander = _melding(
        lid, [mobiliteit], "Geen bus naar de bedeling", wijk="Drongen", postcode="9031"
    )
    profiel = gelijkenis.Profiel.van([basis])
    voorstellen = gelijkenis.suggesties(profiel, [zelfde, ander_gebied, ander])
    assert [v.melding for v in voorstellen] == [zelfde, ander_gebied]
    assert voorstellen[0].score > voorstellen[1].score
    assert gelijkenis.tekstgelijkenis("energiefactuur", "Energiefacturen!") > 0.6
    assert gelijkenis.tekstgelijkenis("de het een", "en of") == 0.0
