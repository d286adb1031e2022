"""The desk with several aids (issue 13.3): one scan shows every aid, one tap registers
the ticked ones as one visit, online and offline, and undo takes the whole visit back."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from registratie.models import Afhaling

from .conftest import aanmelden, open_balie

pytestmark = pytest.mark.browser


def _lijnen(page) -> dict:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#paneel-inhoud .aanbodlijn')]
            .map((l) => [l.dataset.hulpvorm, {kleur: l.dataset.kleur,
              aangevinkt: l.querySelector('input[type=checkbox]').checked}]))"""
    )


def _tik_en_registreer(page, aan=(), uit=()):
    for slug in aan:
        page.check(f"#hv-{slug}")
    for slug in uit:
        page.uncheck(f"#hv-{slug}")
    page.click("#registreer-form button[type=submit]")


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_one_scan_shows_every_aid_and_one_tap_registers_the_ticked_ones(
    telefoon, balie, vrijwilliger, drie_hulpvormen, offline
):
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    if offline:
        context.set_offline(True)

    page.click("#scan-knop")
    expect(page.locator("#paneel-inhoud h2")).to_have_text("Amina E.")
    if offline:
        expect(page.locator("#paneel-inhoud")).to_have_attribute("data-bron", "rooster")
    assert _lijnen(page) == {
        "voedselpakket": {"kleur": "oranje", "aangevinkt": True},
        "maaltijd": {"kleur": "groen", "aangevinkt": True},
        "babyuitzet": {"kleur": "oranje", "aangevinkt": False},
    }
    expect(page.locator("#paneel-inhoud .maaltijden")).to_contain_text(
        "Vol tarief: € 7,50 per maaltijd"
    )
    page.fill("#volw-maaltijd", "1")
    page.fill("#kind-maaltijd", "0")
    _tik_en_registreer(page, aan=["babyuitzet"])

    bevestiging = page.locator("#paneel-inhoud[data-uitkomst=bewaard]")
    expect(bevestiging.locator("li[data-sleutel]")).to_have_count(3)
    if offline:
        expect(page.locator("#wachtrij-tekst")).to_have_text("3 wachten op verzending")
        assert Afhaling.objects.count() == 0
        context.set_offline(False)  # the desk sends by itself when the network is back
    expect(page.locator("#paneel-inhoud")).to_have_attribute("data-uitkomst", "geaccepteerd")
    rijen = Afhaling.objects.all()
    assert sorted(rijen.values_list("hulpvorm__slug", flat=True)) == [
        "babyuitzet",
        "maaltijd",
        "voedselpakket",
    ]
    assert len(set(rijen.values_list("bezoek", flat=True))) == 1
    assert len(set(rijen.values_list("idempotentiesleutel", flat=True))) == 3
    maal = rijen.get(hulpvorm__slug="maaltijd")
    assert (maal.aantal, maal.tarief, maal.bedrag) == (1, "vol", Decimal("7.50"))


def test_undo_takes_the_whole_visit_back(telefoon, balie, vrijwilliger, drie_hulpvormen):
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    page.click("#scan-knop")
    expect(page.locator("#paneel-inhoud h2")).to_have_text("Amina E.")
    _tik_en_registreer(page, aan=["babyuitzet"])
    expect(page.locator("#paneel-inhoud")).to_have_attribute("data-uitkomst", "geaccepteerd")
    assert Afhaling.objects.filter(status="geregistreerd").count() == 3

    page.click("#ongedaan-knop")
    expect(page.locator("#paneel-inhoud")).to_have_attribute("data-uitkomst", "ongedaan")
    assert set(Afhaling.objects.values_list("status", flat=True)) == {"ongedaan"}


def test_nothing_ticked_is_asked_again_on_the_phone(telefoon, balie, vrijwilliger, drie_hulpvormen):
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    page.click("#scan-knop")
    expect(page.locator("#paneel-inhoud h2")).to_have_text("Amina E.")
    _tik_en_registreer(page, uit=["voedselpakket", "maaltijd"])
    expect(page.locator("#registreer-fout")).to_have_text("Vink aan wat u meegeeft.")
    page.fill("#volw-maaltijd", "0")
    page.fill("#kind-maaltijd", "0")
    _tik_en_registreer(page, aan=["maaltijd"])
    expect(page.locator("#registreer-fout")).to_have_text("Tel minstens één maaltijd.")
    assert page.evaluate("Outbox.count()") == 0


def test_two_volunteers_handing_out_two_aids_to_one_household_both_succeed(
    telefoon, balie, vrijwilliger, drie_hulpvormen, wereld
):
    from ..conftest import maak_gebruiker

    tweede = maak_gebruiker("vrijwilliger_a2", wereld.initiatief_a, "vrijwilliger")
    paginas = []
    for gebruiker in (vrijwilliger, tweede):
        page = telefoon().new_page()
        aanmelden(page, gebruiker)
        open_balie(page, balie)
        page.click("#scan-knop")
        expect(page.locator("#paneel-inhoud h2")).to_have_text("Amina E.")
        paginas.append(page)
    # Both panels are open before either taps: each hands out another aid.
    _tik_en_registreer(paginas[0], uit=["maaltijd"])
    _tik_en_registreer(paginas[1], aan=["babyuitzet"], uit=["voedselpakket", "maaltijd"])
    for page in paginas:
        expect(page.locator("#paneel-inhoud")).to_have_attribute("data-uitkomst", "geaccepteerd")
    assert sorted(Afhaling.objects.values_list("hulpvorm__slug", flat=True)) == [
        "babyuitzet",
        "voedselpakket",
    ]

    # The same aid once more, from the panel still showing it: the database says no.
    page = paginas[1]
    page.click("#scan-knop")
    expect(
        page.locator("#paneel-inhoud .aanbodlijn[data-hulpvorm=voedselpakket]")
    ).to_have_attribute("data-kleur", "rood")
    assert Afhaling.objects.filter(hulpvorm__slug="voedselpakket").count() == 1


def test_vouchers_handed_out_offline_arrive_with_their_numbers(
    telefoon, balie, vrijwilliger, wereld
):
    from decimal import Decimal as D

    from hulpverlening.models import Hulpvorm
    from registratie.models import Waardebon

    cheque, _ = Hulpvorm.objects.update_or_create(
        slug="maaltijdcheque",
        defaults={"naam": "Maaltijdcheque", "soort": "waardebon", "eenheid": "euro",
                  "bonwaarde": D("5.00"), "bon_geldig_maanden": 3},
    )  # fmt: skip
    wereld.initiatief_a.hulpvormen.set([Hulpvorm.objects.standaard(), cheque])
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    context.set_offline(True)
    page.click("#scan-knop")
    expect(page.locator("#paneel-inhoud[data-bron=rooster] h2")).to_have_text("Amina E.")
    page.check("#hv-maaltijdcheque")
    page.fill("#bonnen-maaltijdcheque", "2")
    page.fill("#eerste-maaltijdcheque", "O500")  # a letter O for a zero: said, not sent
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#registreer-fout")).to_contain_text("Typ het nummer van de eerste bon")
    page.fill("#eerste-maaltijdcheque", "500")
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#wachtrij-tekst")).to_have_text("2 wachten op verzending")
    context.set_offline(False)
    expect(page.locator("#paneel-inhoud")).to_have_attribute("data-uitkomst", "geaccepteerd")
    assert sorted(Waardebon.objects.values_list("nummer", flat=True)) == [500, 501]
    assert Afhaling.objects.get(hulpvorm=cheque).bedrag == D("10.00")


def test_a_typed_code_offline_still_asks_what_was_handed_out(
    telefoon, balie, vrijwilliger, drie_hulpvormen
):
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    context.set_offline(True)
    page.fill("#kaartcode", balie.kaarten[1].leesbare_code)
    page.click("#code-form button[type=submit]")
    expect(page.locator("#paneel-inhoud .kleurwoord")).to_have_text("Code genoteerd")
    expect(page.locator("#paneel-inhoud .aanbodlijn")).to_have_count(3)
    _tik_en_registreer(page, aan=["babyuitzet"], uit=["maaltijd"])
    expect(page.locator("#wachtrij-tekst")).to_have_text("2 wachten op verzending")
    context.set_offline(False)
    expect(page.locator("#wachtrij-tekst")).to_have_text("Alles is verzonden.")
    assert sorted(Afhaling.objects.values_list("hulpvorm__slug", flat=True)) == [
        "babyuitzet",
        "voedselpakket",
    ]


def test_a_restaurant_desk_confirms_how_many_meals(telefoon, balie, vrijwilliger, wereld):
    from hulpverlening.models import Hulpvorm

    maaltijd, _ = Hulpvorm.objects.update_or_create(
        slug="maaltijd",
        defaults={"naam": "Maaltijd", "soort": "maaltijd", "eenheid": "maaltijd",
                  "sociaal_tarief": Decimal("2.00"), "vol_tarief": Decimal("7.50")},
    )  # fmt: skip
    wereld.initiatief_a.hulpvormen.set([maaltijd])
    context = telefoon()
    page = context.new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    page.click("#scan-knop")
    expect(page.locator("#registreer-form button[type=submit]")).to_have_text(
        "Maaltijden registreren"
    )
    page.fill("#kind-maaltijd", "1")
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#paneel-inhoud .lijnen li")).to_contain_text("2 maaltijden")
    expect(page.locator("#paneel-inhoud")).to_have_attribute("data-uitkomst", "geaccepteerd")
    assert Afhaling.objects.get().aantal == 2
