"""Several kinds of aid at one desk (issue 13): rules per aid, one visit of several lines."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from doorverwijzing.models import Doorverwijzing
from hulpverlening.models import Hulpvorm
from registratie import rechten, services
from registratie.models import Afhaalregels, Afhaling, Hulpvormregels
from registratie.services import Lijn, Uitkomst


def _hulpvorm(slug, **velden):
    hulpvorm, _ = Hulpvorm.objects.get_or_create(slug=slug, defaults={"naam": slug.title()})
    for veld, waarde in velden.items():
        setattr(hulpvorm, veld, waarde)
    hulpvorm.save()
    return hulpvorm


@pytest.fixture
def pakket(db):
    return Hulpvorm.objects.standaard()


@pytest.fixture
def babyuitzet(db):
    return _hulpvorm("babyuitzet", naam="Babyuitzet", soort="eenmalig", eenmalig_per="gezin")


@pytest.fixture
def hygiene(db):
    return _hulpvorm("hygienepakket", naam="Hygiënepakket", soort="pakket")


@pytest.fixture
def maaltijd(db):
    return _hulpvorm(
        "maaltijd",
        naam="Maaltijd",
        soort="maaltijd",
        eenheid="maaltijd",
        sociaal_tarief=Decimal("2.00"),
        vol_tarief=Decimal("7.50"),
    )


@pytest.fixture
def lid(vrijwilliger):
    return vrijwilliger.lidmaatschappen.get()


@pytest.fixture
def geeft(wereld):
    def zet(*hulpvormen):
        wereld.initiatief_a.hulpvormen.set(hulpvormen)

    return zet


def _verwijzing(wereld, gezin, hulpvorm, **kw):
    vandaag = timezone.localdate()
    return Doorverwijzing.objects.create(
        gezin=gezin,
        organisatie=wereld.initiatief_a,
        verwijzer=wereld.sociale_dienst,
        soort=Doorverwijzing.Soort.DOORVERWIJZING,
        hulpvorm=hulpvorm,
        start=vandaag - timedelta(days=10),
        einde=vandaag + timedelta(days=60),
        **kw,
    )


def _afhaling(gezin, moment, hulpvorm, dagen_geleden, **kw):
    dag = timezone.localdate() - timedelta(days=dagen_geleden)
    return Afhaling.objects.create(
        gezin=gezin,
        organisatie=moment.locatie.organisatie,
        locatie=moment.locatie,
        afhaalmoment=moment,
        hulpvorm=hulpvorm,
        datum=dag,
        gescand_op=timezone.now() - timedelta(days=dagen_geleden),
        **kw,
    )


def _aanbod(wereld, gezin, moment):
    lijnen = rechten.aanbod_gezin(
        gezin=gezin,
        kaart=gezin.actieve_kaart,
        organisatie=wereld.initiatief_a,
        afhaalmoment=moment,
        dag=timezone.localdate(),
    )
    return {b.hulpvorm.slug: b for b in lijnen}


# --- rules per aid (13.2) --------------------------------------------------------------


def test_a_food_pickup_this_week_leaves_the_baby_kit_green(
    wereld, gezin_a, moment_a, pakket, babyuitzet, geeft
):
    geeft(pakket, babyuitzet)
    _afhaling(gezin_a, moment_a, pakket, 0, zelfmelder=True)
    aanbod = _aanbod(wereld, gezin_a, moment_a)
    # Orange only as a zelfmelder's first baby kit, not for the parcel.
    assert aanbod["babyuitzet"].redenen == ["Zelfmelder: bezoek 1 van 3."]
    assert aanbod["voedselpakket"].kleur == rechten.ROOD  # registered at this moment already


def test_two_referrals_to_one_organisation_each_keep_their_own_right(
    wereld, gezin_a, moment_a, pakket, hygiene, geeft
):
    geeft(pakket, hygiene)
    _verwijzing(wereld, gezin_a, pakket, frequentie="wekelijks")
    _verwijzing(wereld, gezin_a, hygiene, frequentie="maandelijks")
    _afhaling(gezin_a, moment_a, pakket, 8)
    aanbod = _aanbod(wereld, gezin_a, moment_a)
    assert aanbod["voedselpakket"].kleur == rechten.GROEN
    assert aanbod["hygienepakket"].kleur == rechten.GROEN
    assert all(b.voorgevinkt and b.doorverwijzing for b in aanbod.values())


def test_an_aids_own_rules_apply_to_it_and_not_to_the_others(
    wereld, gezin_a, moment_a, pakket, hygiene, geeft
):
    geeft(pakket, hygiene)
    Hulpvormregels.objects.create(
        organisatie=wereld.initiatief_a, hulpvorm=hygiene, max_per_periode=1, periode="maand"
    )
    dagen = timezone.localdate().day - 1  # the first of this month
    _afhaling(gezin_a, moment_a, hygiene, dagen, zelfmelder=True)
    _afhaling(gezin_a, moment_a, pakket, dagen, zelfmelder=True)
    aanbod = _aanbod(wereld, gezin_a, moment_a)
    assert any("deze maand" in r for r in aanbod["hygienepakket"].redenen)
    assert not any("deze maand" in r for r in aanbod["voedselpakket"].redenen)


def test_zelfmelder_visits_are_counted_per_aid(wereld, gezin_a, moment_a, pakket, hygiene, geeft):
    geeft(pakket, hygiene)
    Afhaalregels.objects.create(organisatie=wereld.initiatief_a, zelfmelder_bezoeken=2)
    for dagen in (20, 13):
        _afhaling(gezin_a, moment_a, pakket, dagen, zelfmelder=True)
    aanbod = _aanbod(wereld, gezin_a, moment_a)
    assert aanbod["voedselpakket"].kleur == rechten.ROOD
    assert aanbod["hygienepakket"].redenen == ["Zelfmelder: bezoek 1 van 2."]


def test_a_one_off_kit_given_long_ago_is_red_and_not_pre_ticked(
    wereld, gezin_a, moment_a, pakket, babyuitzet, geeft
):
    geeft(pakket, babyuitzet)
    _afhaling(gezin_a, moment_a, babyuitzet, 200)
    lijn = _aanbod(wereld, gezin_a, moment_a)["babyuitzet"]
    assert lijn.kleur == rechten.ROOD
    assert "één keer per gezin" in lijn.redenen[0]
    assert not lijn.voorgevinkt


def test_a_kit_per_child_can_be_given_once_for_each_child(
    wereld, gezin_a, moment_a, babyuitzet, geeft
):
    babyuitzet.eenmalig_per = "kind"
    babyuitzet.save()
    geeft(babyuitzet)
    _afhaling(gezin_a, moment_a, babyuitzet, 100)  # gezin_a has two children
    assert _aanbod(wereld, gezin_a, moment_a)["babyuitzet"].kleur != rechten.ROOD
    _afhaling(gezin_a, moment_a, babyuitzet, 50)
    lijn = _aanbod(wereld, gezin_a, moment_a)["babyuitzet"]
    assert lijn.kleur == rechten.ROOD
    assert lijn.redenen[0].startswith("Al 2 keer gekregen, voor elk kind")


def test_a_kit_every_n_months_is_red_until_then(wereld, gezin_a, moment_a, babyuitzet, geeft):
    babyuitzet.eenmalig_per, babyuitzet.eenmalig_maanden = "periode", 6
    babyuitzet.save()
    geeft(babyuitzet)
    _afhaling(gezin_a, moment_a, babyuitzet, 40)
    assert "Opnieuw vanaf" in _aanbod(wereld, gezin_a, moment_a)["babyuitzet"].redenen[0]
    Afhaling.objects.update(datum=timezone.localdate() - timedelta(days=200))
    assert _aanbod(wereld, gezin_a, moment_a)["babyuitzet"].kleur != rechten.ROOD


def test_a_baby_kit_only_for_households_with_a_young_child(
    wereld, gezin_a, moment_a, babyuitzet, geeft
):
    geeft(babyuitzet)
    Hulpvormregels.objects.create(
        organisatie=wereld.initiatief_a, hulpvorm=babyuitzet, voorwaarde="kind_0_2"
    )
    lijn = _aanbod(wereld, gezin_a, moment_a)["babyuitzet"]  # children of 3-11 only
    assert lijn.redenen[0] == "Enkel voor gezinnen met een kind van 0 tot 2 jaar."
    gezin_a.kinderen_0_2 = 1
    gezin_a.save()
    assert _aanbod(wereld, gezin_a, moment_a)["babyuitzet"].kleur != rechten.ROOD


def test_a_restaurant_serves_a_referred_household_every_day_at_the_social_tariff(
    wereld, gezin_a, moment_a, maaltijd, geeft
):
    geeft(maaltijd)
    _verwijzing(wereld, gezin_a, maaltijd, frequentie="wekelijks")
    _afhaling(gezin_a, moment_a, maaltijd, 1, tarief="sociaal")
    lijn = _aanbod(wereld, gezin_a, moment_a)["maaltijd"]
    assert (lijn.kleur, lijn.tarief, lijn.prijs) == (rechten.GROEN, "sociaal", Decimal("2.00"))
    assert lijn.tariefzin == "Sociaal tarief: € 2,00 per maaltijd"


def test_a_zelfmelder_at_a_restaurant_is_a_normal_guest_at_the_full_tariff(
    wereld, gezin_a, moment_a, maaltijd, geeft
):
    geeft(maaltijd)
    Afhaalregels.objects.create(organisatie=wereld.initiatief_a, zelfmelder_bezoeken=1)
    for dagen in (3, 2, 1):
        _afhaling(gezin_a, moment_a, maaltijd, dagen, zelfmelder=True, tarief="vol")
    lijn = _aanbod(wereld, gezin_a, moment_a)["maaltijd"]
    assert (lijn.kleur, lijn.redenen, lijn.tarief) == (rechten.GROEN, [], "vol")
    assert (lijn.volwassenen, lijn.kinderen) == (1, 2)


def test_the_moment_offers_only_its_own_aids(wereld, gezin_a, moment_a, pakket, hygiene, geeft):
    geeft(pakket, hygiene)
    moment_a.hulpvormen.set([hygiene])
    assert list(_aanbod(wereld, gezin_a, moment_a)) == ["hygienepakket"]
    moment_a.hulpvormen.set([])
    assert sorted(_aanbod(wereld, gezin_a, moment_a)) == ["hygienepakket", "voedselpakket"]


# --- one visit, several lines (13.3) --------------------------------------------------------


def _bezoek(lid, moment, kaart, lijnen, **kw):
    return services.bezoek_registreren(
        bezoek=kw.pop("bezoek", uuid.uuid4()),
        lijnen=lijnen,
        lidmaatschap=lid,
        afhaalmoment=moment,
        dag=timezone.localdate(),
        gescand_op=timezone.now(),
        kaart=kaart,
        **kw,
    )


def test_a_visit_of_three_aids_is_three_pickups_with_their_own_keys(
    lid, moment_a, kaart_a, pakket, hygiene, maaltijd, geeft
):
    geeft(pakket, hygiene, maaltijd)
    bezoek = uuid.uuid4()
    lijnen = [Lijn(pakket), Lijn(hygiene), Lijn(maaltijd, volwassenen=1, kinderen=1)]
    resultaten = _bezoek(lid, moment_a, kaart_a, lijnen, bezoek=bezoek)
    assert [r.uitkomst for _, r in resultaten] == [Uitkomst.GEACCEPTEERD] * 3
    rijen = Afhaling.objects.filter(bezoek=bezoek)
    assert rijen.count() == 3
    assert len({a.idempotentiesleutel for a in rijen}) == 3
    maal = rijen.get(hulpvorm=maaltijd)
    assert (maal.aantal, maal.volwassenen, maal.kinderen) == (2, 1, 1)
    assert (maal.tarief, maal.bedrag) == ("vol", Decimal("15.00"))

    # The same form sent again (a cut connection) is the same three pickups.
    opnieuw = _bezoek(lid, moment_a, kaart_a, lijnen, bezoek=bezoek)
    assert {r.uitkomst for _, r in opnieuw} == {Uitkomst.DUPLICAAT}
    assert Afhaling.objects.count() == 3


def test_one_refused_line_leaves_the_rest_of_the_visit_registered(
    lid, moment_a, kaart_a, pakket, babyuitzet, geeft
):
    geeft(pakket, babyuitzet)
    _afhaling(kaart_a.gezin, moment_a, babyuitzet, 30)
    resultaten = dict(
        (lijn.hulpvorm.slug, r)
        for lijn, r in _bezoek(lid, moment_a, kaart_a, [Lijn(pakket), Lijn(babyuitzet)])
    )
    assert resultaten["voedselpakket"].uitkomst == Uitkomst.GEACCEPTEERD
    assert resultaten["babyuitzet"].uitkomst == Uitkomst.FOUT
    assert "Al gekregen op" in resultaten["babyuitzet"].bericht


@pytest.mark.parametrize(
    ("volwassenen", "kinderen", "bericht"),
    [(0, 0, "Tel minstens één maaltijd."), (30, 10, "Hoogstens 30 maaltijden per gezin.")],
)
def test_a_meal_count_of_0_or_40_is_refused_in_dutch(
    lid, moment_a, kaart_a, pakket, maaltijd, geeft, volwassenen, kinderen, bericht
):
    geeft(pakket, maaltijd)
    lijnen = [Lijn(pakket), Lijn(maaltijd, volwassenen=volwassenen, kinderen=kinderen)]
    (_, eerste), (_, tweede) = _bezoek(lid, moment_a, kaart_a, lijnen)
    assert eerste.uitkomst == Uitkomst.GEACCEPTEERD
    assert (tweede.uitkomst, tweede.bericht) == (Uitkomst.FOUT, bericht)


def test_undo_with_the_visits_key_undoes_every_line(lid, moment_a, kaart_a, pakket, hygiene, geeft):
    geeft(pakket, hygiene)
    bezoek = uuid.uuid4()
    _bezoek(lid, moment_a, kaart_a, [Lijn(pakket), Lijn(hygiene)], bezoek=bezoek)
    assert services.afhaling_ongedaan_maken(sleutel=bezoek, lidmaatschap=lid) is not None
    assert set(Afhaling.objects.values_list("status", flat=True)) == {Afhaling.Status.ONGEDAAN}


def test_an_aid_not_given_at_this_moment_is_refused_online_and_kept_offline(
    lid, moment_a, kaart_a, pakket, hygiene, geeft
):
    geeft(pakket, hygiene)
    moment_a.hulpvormen.set([pakket])
    ((_, online),) = _bezoek(lid, moment_a, kaart_a, [Lijn(hygiene)])
    assert (online.uitkomst, online.bericht) == (
        Uitkomst.FOUT,
        "Op dit afhaalmoment geeft u geen hygiënepakket.",
    )
    ((_, offline),) = _bezoek(lid, moment_a, kaart_a, [Lijn(hygiene)], offline=True)
    assert offline.uitkomst == Uitkomst.TE_CONTROLEREN


# --- the desk (13.3) --------------------------------------------------------------------------


@pytest.fixture
def balie(als, vrijwilliger, moment_a):
    als(vrijwilliger)
    return moment_a


def _paneel(client, moment, kaart):
    return client.post(reverse("paneel", args=[moment.pk]), {"kaart": kaart.leesbare_code})


def test_the_panel_shows_every_aid_with_its_colour_and_ticks_the_usual_ones(
    client, balie, kaart_a, pakket, babyuitzet, geeft
):
    geeft(pakket, babyuitzet)
    html = _paneel(client, balie, kaart_a).content.decode()
    assert "Wat geeft u mee?" in html
    assert 'value="voedselpakket" id="hv-voedselpakket" checked' in html
    assert 'value="babyuitzet" id="hv-babyuitzet">' in html  # a kit: the volunteer decides
    assert "Meegeven en registreren" in html


def test_one_tap_registers_the_ticked_aids_as_one_visit(
    client, balie, kaart_a, pakket, babyuitzet, geeft
):
    geeft(pakket, babyuitzet)
    sleutel = uuid.uuid4()
    antwoord = client.post(
        reverse("registreren", args=[balie.pk]),
        {
            "sleutel": sleutel,
            "kaart": kaart_a.leesbare_code,
            "hulpvorm": ["voedselpakket", "babyuitzet"],
        },
        HTTP_HX_REQUEST="true",
    )
    html = antwoord.content.decode()
    assert "2 van 2 geregistreerd." in html
    assert set(Afhaling.objects.values_list("bezoek", flat=True)) == {sleutel}
    assert reverse("afhaling_ongedaan", args=[sleutel]) in html


def test_nothing_ticked_asks_again_and_keeps_what_was_typed(
    client, balie, kaart_a, pakket, babyuitzet, geeft
):
    geeft(pakket, babyuitzet)
    _afhaling(kaart_a.gezin, balie, babyuitzet, 30)
    antwoord = client.post(
        reverse("registreren", args=[balie.pk]),
        {"sleutel": uuid.uuid4(), "kaart": kaart_a.leesbare_code, "override_reden": "tweeling"},
    )
    assert antwoord.status_code == 422
    html = antwoord.content.decode()
    assert "Vink aan wat u meegeeft." in html
    assert 'value="tweeling"' in html
    assert not Afhaling.objects.filter(datum=timezone.localdate()).exists()


def test_a_reason_lifts_only_the_red_line(client, balie, kaart_a, pakket, babyuitzet, geeft):
    """An override stands outside the one-per-moment constraint: a green line must not get it."""
    geeft(pakket, babyuitzet)
    _afhaling(kaart_a.gezin, balie, babyuitzet, 30)
    client.post(
        reverse("registreren", args=[balie.pk]),
        {
            "sleutel": uuid.uuid4(),
            "kaart": kaart_a.leesbare_code,
            "hulpvorm": ["voedselpakket", "babyuitzet"],
            "override_reden": "tweede kind geboren",
        },
    )
    vandaag = Afhaling.objects.filter(datum=timezone.localdate())
    assert dict(vandaag.values_list("hulpvorm__slug", "override_reden")) == {
        "voedselpakket": "",
        "babyuitzet": "tweede kind geboren",
    }
    assert vandaag.get(hulpvorm=babyuitzet).status == Afhaling.Status.TE_CONTROLEREN


def test_a_meal_count_typed_as_text_is_a_message_not_a_500(client, balie, kaart_a, maaltijd, geeft):
    geeft(maaltijd)
    antwoord = client.post(
        reverse("registreren", args=[balie.pk]),
        {
            "sleutel": uuid.uuid4(),
            "kaart": kaart_a.leesbare_code,
            "hulpvorm": "maaltijd",
            "volwassenen_maaltijd": "twee",
            "kinderen_maaltijd": "1",
        },
    )
    assert antwoord.status_code == 422
    assert "Tel de maaltijden met cijfers." in antwoord.content.decode()


def test_the_roster_carries_every_aid_as_the_panel_judges_it(
    client, balie, kaart_a, pakket, babyuitzet, geeft
):
    geeft(pakket, babyuitzet)
    rooster = client.get(reverse("rooster", args=[balie.pk])).json()
    (item,) = rooster["gezinnen"]
    assert [(r["slug"], r["kleur"], r["voorgevinkt"]) for r in item["aanbod"]] == [
        ("voedselpakket", "oranje", True),
        ("babyuitzet", "oranje", False),
    ]


def test_the_sync_api_takes_a_visits_lines(client, balie, kaart_a, pakket, maaltijd, geeft):
    geeft(pakket, maaltijd)
    bezoek = str(uuid.uuid4())
    basis = {
        "moment": balie.pk,
        "datum": timezone.localdate().isoformat(),
        "gescand_op": timezone.now().isoformat(),
        "kaart": kaart_a.qr_payload,
        "bezoek": bezoek,
    }
    antwoord = client.post(
        reverse("sync_api"),
        {
            "afhalingen": [
                basis | {"sleutel": str(uuid.uuid4()), "hulpvorm": "voedselpakket"},
                basis
                | {
                    "sleutel": str(uuid.uuid4()),
                    "hulpvorm": "maaltijd",
                    "volwassenen": 2,
                    "kinderen": 0,
                },
                basis | {"sleutel": str(uuid.uuid4()), "hulpvorm": "maaltijd", "volwassenen": "x"},
            ]
        },
        content_type="application/json",
    ).json()
    uitkomsten = [r["uitkomst"] for r in antwoord["resultaten"]]
    assert uitkomsten == ["geaccepteerd", "geaccepteerd", "fout"]
    assert Afhaling.objects.filter(bezoek=bezoek).count() == 2
    assert Afhaling.objects.get(hulpvorm=maaltijd).aantal == 2


# --- the coordinator configures aids, rules per aid and aids per moment (13.1, 13.2) ----------


def test_a_coordinator_sets_an_aids_own_rules_and_goes_back_to_the_organisations(
    client, als, coordinator, wereld, pakket, babyuitzet, geeft
):
    geeft(pakket, babyuitzet)
    als(coordinator)
    url = reverse("afhaalregels")
    pagina = client.get(url).content.decode()
    assert "Regels per hulpvorm" in pagina and "regels van de organisatie" in pagina
    client.post(
        url,
        {
            "deel": "hulpvorm:babyuitzet",
            "babyuitzet-zelfmelder_bezoeken": "1",
            "babyuitzet-max_per_periode": "1",
            "babyuitzet-periode": "maand",
            "babyuitzet-voorwaarde": "kind_0_2",
            "babyuitzet-postcodes": "",
        },
    )
    regels = Hulpvormregels.objects.get(organisatie=wereld.initiatief_a, hulpvorm=babyuitzet)
    assert (regels.voorwaarde, regels.zelfmelder_bezoeken) == ("kind_0_2", 1)
    client.post(url, {"deel": "wis:babyuitzet"})
    assert not Hulpvormregels.objects.exists()


def test_bad_rules_for_an_aid_are_a_message_and_the_typed_values_stay(
    client, als, coordinator, pakket, babyuitzet, geeft
):
    geeft(pakket, babyuitzet)
    als(coordinator)
    antwoord = client.post(
        reverse("afhaalregels"),
        {
            "deel": "hulpvorm:babyuitzet",
            "babyuitzet-zelfmelder_bezoeken": "3",
            "babyuitzet-max_per_periode": "99",
            "babyuitzet-periode": "maand",
            "babyuitzet-voorwaarde": "",
            "babyuitzet-postcodes": "9000, 123",
        },
    )
    tekst = antwoord.content.decode()
    assert "Hoogstens 31 keer per periode." in tekst
    assert "Geen Belgische postcode: 123." in tekst
    assert 'value="9000, 123"' in tekst
    assert '<details id="regels-babyuitzet" open>' in tekst
    assert not Hulpvormregels.objects.exists()


def test_a_coordinator_chooses_what_a_moment_gives(
    client, als, coordinator, moment_a, pakket, hygiene, geeft
):
    geeft(pakket, hygiene)
    als(coordinator)
    client.post(
        reverse("afhaalregels"),
        {"deel": f"moment:{moment_a.pk}", f"m{moment_a.pk}-hulpvormen": [hygiene.pk]},
    )
    assert list(moment_a.hulpvormen.all()) == [hygiene]
    assert moment_a.hulpvorm_slugs(moment_a.locatie.organisatie) == {"hygienepakket"}


def test_another_organisations_moment_cannot_be_set(
    client, als, coordinator_b, moment_a, pakket, hygiene, geeft
):
    geeft(pakket, hygiene)
    als(coordinator_b)
    client.post(
        reverse("afhaalregels"),
        {"deel": f"moment:{moment_a.pk}", f"m{moment_a.pk}-hulpvormen": [hygiene.pk]},
    )
    assert not moment_a.hulpvormen.exists()


def test_an_undo_with_another_organisations_visit_key_touches_only_its_own_lines(
    wereld, lid, moment_a, kaart_a, gezin_b, vrijwilliger_b, pakket, geeft
):
    from hulpverlening.models import Auditregel, Locatie

    geeft(pakket)
    bezoek = uuid.uuid4()
    locatie_b = Locatie.objects.create(organisatie=wereld.initiatief_b, naam="B", postcode="9000")
    moment_b = moment_a.__class__.objects.create(
        locatie=locatie_b, weekdag=moment_a.weekdag, start=moment_a.start, einde=moment_a.einde,
        capaciteit=10,
    )  # fmt: skip
    hun = _afhaling(gezin_b, moment_b, pakket, 0, bezoek=bezoek)
    _bezoek(lid, moment_a, kaart_a, [Lijn(pakket)], bezoek=bezoek)
    # The audit log is append-only for the app role: only lines written from here on.
    voor = Auditregel.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    assert services.afhaling_ongedaan_maken(sleutel=bezoek, lidmaatschap=lid).gezin == kaart_a.gezin
    hun.refresh_from_db()
    assert hun.status == Afhaling.Status.GEREGISTREERD
    assert gezin_b.pk not in {g for r in Auditregel.objects.filter(pk__gt=voor) for g in r.gezinnen}


def test_a_meal_count_half_typed_is_still_at_most_thirty(client, balie, kaart_a, maaltijd, geeft):
    geeft(maaltijd)
    antwoord = client.post(
        reverse("sync_api"),
        {
            "afhalingen": [
                {
                    "sleutel": str(uuid.uuid4()),
                    "moment": balie.pk,
                    "datum": timezone.localdate().isoformat(),
                    "gescand_op": timezone.now().isoformat(),
                    "kaart": kaart_a.qr_payload,
                    "hulpvorm": "maaltijd",
                    "kinderen": 30,
                }
            ]
        },
        content_type="application/json",
    ).json()
    (r,) = antwoord["resultaten"]
    assert (r["uitkomst"], r["bericht"]) == ("fout", "Hoogstens 30 maaltijden per gezin.")


def test_the_rules_page_refuses_ids_beyond_64_bits_and_unknown_parts_in_dutch(
    client, als, coordinator, moment_a, pakket, hygiene, geeft
):
    geeft(pakket, hygiene)
    als(coordinator)
    url = reverse("afhaalregels")
    antwoord = client.post(url, {"deel": "hulpvormen", "hulpvormen": str(10**30)})
    assert antwoord.status_code == 200
    antwoord = client.post(
        url, {"deel": f"moment:{moment_a.pk}", f"m{moment_a.pk}-hulpvormen": str(2**63)}
    )
    assert antwoord.status_code == 200
    assert "is geen beschikbare keuze." in antwoord.content.decode()
    antwoord = client.post(url, {"deel": "moment:999999"})
    assert "Dit onderdeel kunnen we niet bewaren." in antwoord.content.decode()
