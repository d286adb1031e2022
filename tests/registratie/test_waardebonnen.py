"""Meal vouchers (issue 13.5): issued at the desk by number, redeemed once by the issuing
organisation, and counted as issued, redeemed and expired value."""

import io
import threading
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from hulpverlening import kalender
from hulpverlening.models import Hulpvorm
from registratie import services
from registratie import waardebonnen as bonnen
from registratie.models import Afhaling, Waardebon
from registratie.services import Lijn, Uitkomst

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
)


@pytest.fixture
def cheque(wereld):
    cheque, _ = Hulpvorm.objects.update_or_create(
        slug="maaltijdcheque",
        defaults={
            "naam": "Maaltijdcheque",
            "soort": "waardebon",
            "eenheid": "euro",
            "bonwaarde": Decimal("5.00"),
            "bon_geldig_maanden": 3,
        },
    )
    wereld.initiatief_a.hulpvormen.set([Hulpvorm.objects.standaard(), cheque])
    return cheque


@pytest.fixture
def lid(vrijwilliger):
    return vrijwilliger.lidmaatschappen.get()


def _geef(lid, moment, kaart, cheque, eerste, aantal=1, **kw):
    ((_lijn, resultaat),) = services.bezoek_registreren(
        bezoek=uuid.uuid4(),
        lijnen=[Lijn(cheque, bonnen=aantal, eerste_bon=eerste)],
        lidmaatschap=lid,
        afhaalmoment=moment,
        dag=timezone.localdate(),
        gescand_op=timezone.now(),
        kaart=kaart,
        **kw,
    )
    return resultaat


def test_vouchers_are_issued_at_the_desk_by_their_numbers(
    client, als, vrijwilliger, moment_a, kaart_a, cheque
):
    als(vrijwilliger)
    antwoord = client.post(
        reverse("registreren", args=[moment_a.pk]),
        {
            "sleutel": uuid.uuid4(),
            "kaart": kaart_a.leesbare_code,
            "hulpvorm": "maaltijdcheque",
            "bonnen_maaltijdcheque": "3",
            "eerste_maaltijdcheque": "1041",
        },
    )
    assert antwoord.status_code == 302
    afhaling = Afhaling.objects.get(hulpvorm=cheque)
    assert (afhaling.aantal, afhaling.bedrag) == (3, Decimal("15.00"))
    vandaag = timezone.localdate()
    assert list(
        Waardebon.objects.values_list("nummer", "waarde", "uitgegeven_op", "geldig_tot")
    ) == [
        (n, Decimal("5.00"), vandaag, kalender.maanden_verder(vandaag, 3))
        for n in (1041, 1042, 1043)
    ]


def test_the_panel_asks_how_many_vouchers_and_the_first_number(
    client, als, vrijwilliger, moment_a, kaart_a, cheque
):
    als(vrijwilliger)
    html = client.post(reverse("paneel", args=[moment_a.pk]), {"kaart": kaart_a.leesbare_code})
    tekst = html.content.decode()
    assert 'name="bonnen_maaltijdcheque"' in tekst and 'name="eerste_maaltijdcheque"' in tekst
    assert "Een bon is € 5,00 waard, 3 maanden geldig." in tekst


def test_a_number_typed_wrong_is_a_message_and_what_was_typed_stays(
    client, als, vrijwilliger, moment_a, kaart_a, cheque
):
    als(vrijwilliger)
    antwoord = client.post(
        reverse("registreren", args=[moment_a.pk]),
        {
            "sleutel": uuid.uuid4(),
            "kaart": kaart_a.leesbare_code,
            "hulpvorm": ["voedselpakket", "maaltijdcheque"],
            "bonnen_maaltijdcheque": "2",
            "eerste_maaltijdcheque": "l04l",
        },
    )
    assert antwoord.status_code == 422
    tekst = antwoord.content.decode()
    assert "Typ het nummer van de eerste bon, zoals het op de bon staat." in tekst
    assert 'name="bonnen_maaltijdcheque" value="2"' in tekst
    assert not Afhaling.objects.exists()


def test_a_voucher_number_handed_out_before_is_refused_online_and_flagged_offline(
    lid, moment_a, kaart_a, cheque, gezin_b, wereld
):
    assert _geef(lid, moment_a, kaart_a, cheque, 500, aantal=2).uitkomst == Uitkomst.GEACCEPTEERD
    Afhaling.objects.update(datum=timezone.localdate() - timedelta(days=7))
    opnieuw = _geef(lid, moment_a, kaart_a, cheque, 501)
    assert opnieuw.uitkomst == Uitkomst.FOUT
    assert opnieuw.bericht.startswith("Bon 501 is al uitgegeven op ")
    offline = _geef(lid, moment_a, kaart_a, cheque, 501, offline=True)
    assert offline.uitkomst == Uitkomst.TE_CONTROLEREN
    assert Waardebon.objects.count() == 2


def test_without_a_first_number_a_voucher_line_is_refused(lid, moment_a, kaart_a, cheque):
    resultaat = _geef(lid, moment_a, kaart_a, cheque, None)
    assert (resultaat.uitkomst, resultaat.bericht) == (
        Uitkomst.FOUT,
        "Typ het nummer van de eerste bon, zoals het op de bon staat.",
    )


def test_redeeming_records_each_voucher_once_and_says_why_not(
    lid, coordinator, moment_a, kaart_a, cheque
):
    _geef(lid, moment_a, kaart_a, cheque, 100, aantal=3)
    Waardebon.objects.filter(nummer=102).update(
        uitgegeven_op=timezone.localdate() - timedelta(days=20),
        geldig_tot=timezone.localdate() - timedelta(days=1),
    )
    beheer = coordinator.lidmaatschappen.get()
    eerst = bonnen.bonnen_inwisselen(lidmaatschap=beheer, nummers=[100], bij="Resto De Hoek")
    assert [u.uitkomst for u in eerst] == [bonnen.INGEWISSELD]

    uitkomsten = bonnen.bonnen_inwisselen(
        lidmaatschap=beheer, nummers=[100, 101, 101, 102, 999], bij=""
    )
    assert [(u.nummer, u.uitkomst) for u in uitkomsten] == [
        (100, bonnen.AL_INGEWISSELD),
        (101, bonnen.INGEWISSELD),
        (101, bonnen.DUBBEL),
        (102, bonnen.VERVALLEN),
        (999, bonnen.ONBEKEND),
    ]
    assert Waardebon.objects.get(nummer=100).ingewisseld_bij == "Resto De Hoek"


def test_another_organisations_voucher_is_unknown_and_stays_unredeemed(
    lid, moment_a, kaart_a, cheque, coordinator_b
):
    _geef(lid, moment_a, kaart_a, cheque, 700)
    (uitkomst,) = bonnen.bonnen_inwisselen(
        lidmaatschap=coordinator_b.lidmaatschappen.get(), nummers=[700]
    )
    assert uitkomst.uitkomst == bonnen.ONBEKEND
    assert Waardebon.objects.get(nummer=700).ingewisseld_op is None


def test_a_partners_csv_with_a_header_and_semicolons_is_read(
    client, als, coordinator, lid, moment_a, kaart_a, cheque
):
    _geef(lid, moment_a, kaart_a, cheque, 300, aantal=2)
    als(coordinator)
    bestand = io.BytesIO(b"bonnummer;datum\n300;01/12/2026\n301;02/12/2026\n")
    bestand.name = "partner.csv"
    antwoord = client.post(reverse("waardebonnen"), {"bestand": bestand, "bij": "Resto"})
    assert antwoord.status_code == 200
    assert "2 bonnen ingewisseld" in antwoord.content.decode()
    assert Waardebon.objects.filter(ingewisseld_op__isnull=False).count() == 2


def test_text_that_is_no_number_is_a_message_and_stays_typed(client, als, coordinator, cheque):
    als(coordinator)
    antwoord = client.post(reverse("waardebonnen"), {"nummers": "100\n10l"})
    assert antwoord.status_code == 422
    tekst = antwoord.content.decode()
    assert "Geen bonnummer: 10l." in tekst
    assert "100\n10l</textarea>" in tekst


def test_a_volunteer_cannot_redeem(client, als, vrijwilliger, cheque):
    als(vrijwilliger)
    assert client.get(reverse("waardebonnen")).status_code == 403


def test_figures_show_issued_redeemed_and_expired_value(
    wereld, lid, coordinator, moment_a, kaart_a, cheque
):
    _geef(lid, moment_a, kaart_a, cheque, 10, aantal=4)
    Waardebon.objects.filter(nummer=13).update(
        uitgegeven_op=timezone.localdate() - timedelta(days=20),
        geldig_tot=timezone.localdate() - timedelta(days=1),
    )
    bonnen.bonnen_inwisselen(lidmaatschap=coordinator.lidmaatschappen.get(), nummers=[10, 11])
    cijfers = bonnen.bonnencijfers(
        gemeente=wereld.gent,
        organisatie=wereld.initiatief_a,
        van=timezone.localdate() - timedelta(days=30),
        tot=timezone.localdate() + timedelta(days=1),
    )
    assert (cijfers.uitgegeven, cijfers.uitgegeven_waarde) == (4, Decimal("20.00"))
    assert (cijfers.ingewisseld, cijfers.ingewisseld_waarde) == (2, Decimal("10.00"))
    assert (cijfers.vervallen, cijfers.vervallen_waarde) == (1, Decimal("5.00"))
    assert (cijfers.open, cijfers.open_waarde) == (1, Decimal("5.00"))


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_redeeming_one_voucher_at_once_redeem_it_once(
    wereld, vrijwilliger, coordinator, moment_a, kaart_a, cheque
):
    from ..conftest import maak_gebruiker

    _geef(vrijwilliger.lidmaatschappen.get(), moment_a, kaart_a, cheque, 42)
    tweede = maak_gebruiker("coordinator_a2", wereld.initiatief_a, "coordinator")
    leden = [coordinator.lidmaatschappen.get(), tweede.lidmaatschappen.get()]
    uitkomsten, fouten = [], []
    start = threading.Barrier(2)

    def draad(i):
        try:
            start.wait()
            uitkomsten.extend(bonnen.bonnen_inwisselen(lidmaatschap=leden[i], nummers=[42]))
        except Exception as fout:  # noqa: BLE001 - reported below
            fouten.append(fout)
        finally:
            connections.close_all()

    draden = [threading.Thread(target=draad, args=(i,)) for i in range(2)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert not fouten, fouten
    assert sorted(u.uitkomst for u in uitkomsten) == [bonnen.AL_INGEWISSELD, bonnen.INGEWISSELD]


def test_undoing_a_voucher_visit_frees_its_numbers(lid, moment_a, kaart_a, cheque):
    resultaat = _geef(lid, moment_a, kaart_a, cheque, 880, aantal=2)
    services.afhaling_ongedaan_maken(sleutel=resultaat.afhaling.bezoek, lidmaatschap=lid)
    assert not Waardebon.objects.exists()
    assert _geef(lid, moment_a, kaart_a, cheque, 880, aantal=2).uitkomst == Uitkomst.GEACCEPTEERD
    assert Waardebon.objects.count() == 2


def test_a_rejected_voucher_line_frees_its_numbers_but_not_a_redeemed_one(
    lid, coordinator, moment_a, kaart_a, cheque
):
    resultaat = _geef(lid, moment_a, kaart_a, cheque, 60, aantal=2)
    Afhaling.objects.filter(pk=resultaat.afhaling.pk).update(status=Afhaling.Status.TE_CONTROLEREN)
    bonnen.bonnen_inwisselen(lidmaatschap=coordinator.lidmaatschappen.get(), nummers=[60])
    services.afhaling_beoordelen(
        afhaling=resultaat.afhaling, goedgekeurd=False, door=coordinator, opmerking="vergissing"
    )
    assert list(Waardebon.objects.values_list("nummer", flat=True)) == [60]


@pytest.mark.parametrize(
    ("inhoud", "bericht"),
    [
        ("1079;é\n".encode() * 140_000, "Dit bestand is groter dan 1 MB."),
        (b'"' + b"a" * 200_000 + b'"\n1082\n', "Dit bestand kunnen we niet lezen als CSV."),
    ],
    ids=["over-1-mb-in-bytes", "a-field-over-128-kb"],
)
def test_a_partners_file_that_cannot_be_read_whole_is_refused_not_cut(
    client, als, coordinator, cheque, inhoud, bericht
):
    als(coordinator)
    bestand = io.BytesIO(inhoud)
    bestand.name = "partner.csv"
    antwoord = client.post(reverse("waardebonnen"), {"bestand": bestand})
    assert antwoord.status_code == 422
    assert bericht in antwoord.content.decode()


def test_typed_numbers_are_never_cut_off(client, als, coordinator, lid, moment_a, kaart_a, cheque):
    _geef(lid, moment_a, kaart_a, cheque, 1095)
    als(coordinator)
    antwoord = client.post(reverse("waardebonnen"), {"nummers": " " * 39_996 + "10951"})
    assert antwoord.status_code == 422
    assert "Te veel tekst" in antwoord.content.decode()
    assert Waardebon.objects.get(nummer=1095).ingewisseld_op is None


def test_the_no_js_desk_says_which_line_was_refused(
    client, als, vrijwilliger, lid, moment_a, kaart_a, cheque
):
    _geef(lid, moment_a, kaart_a, cheque, 1001)
    Afhaling.objects.update(datum=timezone.localdate() - timedelta(days=7))
    als(vrijwilliger)
    antwoord = client.post(
        reverse("registreren", args=[moment_a.pk]),
        {
            "sleutel": uuid.uuid4(),
            "kaart": kaart_a.leesbare_code,
            "hulpvorm": ["voedselpakket", "maaltijdcheque"],
            "eerste_maaltijdcheque": "1001",
        },
        follow=True,
    )
    tekst = antwoord.content.decode()
    assert "1 van 2 geregistreerd." in tekst
    assert "Maaltijdcheque: Bon 1001 is al uitgegeven op" in tekst
