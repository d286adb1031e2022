"""Referrals: caseworker → initiative accepts → pickups count against it → expiry."""

import shutil
import subprocess
import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from doorverwijzing import services, tasks
from doorverwijzing.models import Doorverwijzing
from hulpverlening import services as hv_services
from hulpverlening.models import Hulpvorm, Notification
from registratie import rechten
from registratie import services as reg

VANDAAG = timezone.localdate


def _post_nieuw(client, gezin, organisatie, **kw):
    data = {
        "organisatie": organisatie.pk,
        "soort": "doorverwijzing",
        "hulpvorm": Hulpvorm.objects.standaard().pk,
        "start": VANDAAG().isoformat(),
        "einde": (VANDAAG() + timedelta(days=90)).isoformat(),
        "frequentie": "wekelijks",
        "pakket": "groot",
        "reden": "wachttijd",
        "bericht": "Komt met de fiets.",
    } | kw
    return client.post(reverse("doorverwijzing_nieuw", args=[gezin.pk]), data)


@pytest.fixture
def gezin_sd(wereld, maatschappelijk_werker):
    """A household the Sociale Dienst registered, with a card."""
    from ..conftest import maak_gezin

    gezin = maak_gezin(wereld.sociale_dienst, voornaam="Nadia", achternaam="Benali", jaar=1990)
    hv_services.kaart_uitgeven(gezin=gezin, organisatie=wereld.sociale_dienst)
    return gezin


def test_the_whole_journey(
    wereld, als, maatschappelijk_werker, coordinator, vrijwilliger, gezin_sd, moment_a
):
    # The caseworker refers the household to initiative A.
    response = _post_nieuw(als(maatschappelijk_werker), gezin_sd, wereld.initiatief_a)
    dv = Doorverwijzing.objects.get()
    assert response.status_code == 302 and dv.status == "verstuurd"
    assert Notification.objects.filter(organisatie=wereld.initiatief_a).exists()

    # The initiative now sees the household and accepts with a moment, from its inbox (HTMX).
    client = als(coordinator)
    inbox = client.get(reverse("doorverwijzing_lijst")).content.decode()
    assert "Nadia Benali" in inbox and "Aanvaarden" in inbox
    response = client.post(
        reverse("doorverwijzing_actie", args=[dv.pk, "aanvaarden"]),
        {"afhaalmoment": moment_a.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"rij-{dv.pk}",
    )
    assert f'id="rij-{dv.pk}"' in response.content.decode()
    dv.refresh_from_db()
    assert dv.status == "aanvaard" and dv.afhaalmoment == moment_a
    assert Notification.objects.filter(
        user=maatschappelijk_werker, tekst__contains="aanvaardde"
    ).exists()

    # At the desk the referral makes the household green, and the pickup counts against it.
    lid = vrijwilliger.lidmaatschappen.get()
    kaart = gezin_sd.actieve_kaart
    oordeel = rechten.beoordeel_gezin(
        gezin=gezin_sd,
        kaart=kaart,
        organisatie=wereld.initiatief_a,
        afhaalmoment=moment_a,
        dag=VANDAAG(),
    )
    assert oordeel.kleur == "groen" and oordeel.pakket == "groot"
    reg.afhaling_registreren(
        sleutel=uuid.uuid4(),
        lidmaatschap=lid,
        afhaalmoment=moment_a,
        dag=VANDAAG(),
        gescand_op=timezone.now(),
        kaart=kaart,
    )
    detail = (
        als(maatschappelijk_werker)
        .get(reverse("doorverwijzing_detail", args=[dv.pk]))
        .content.decode()
    )
    assert "aantal: 1" in detail

    # Expiry: 14 days before the end both sides are warned, once; after the end it expires.
    Doorverwijzing.objects.filter(pk=dv.pk).update(einde=VANDAAG() + timedelta(days=10))
    assert services.doorverwijzingen_opvolgen(op=VANDAAG()) == (0, 1)
    assert services.doorverwijzingen_opvolgen(op=VANDAAG()) == (0, 0)
    assert len(mail.outbox) == 1 and "loopt af" in mail.outbox[0].subject
    assert "Nadia" not in mail.outbox[0].body
    assert (
        Notification.objects.filter(
            organisatie=wereld.initiatief_a, tekst__contains="loopt af"
        ).count()
        == 1
    )
    resultaat = tasks.doorverwijzingen_opvolgen.delay().get()
    assert resultaat == {"verlopen": 0, "gewaarschuwd": 0}
    assert services.doorverwijzingen_opvolgen(op=VANDAAG() + timedelta(days=11)) == (1, 0)
    dv.refresh_from_db()
    assert dv.status == "verlopen"


def test_an_aanmelding_is_capped_at_two_months(wereld, als, maatschappelijk_werker, gezin_sd):
    response = _post_nieuw(
        als(maatschappelijk_werker),
        gezin_sd,
        wereld.initiatief_a,
        soort="aanmelding",
        einde=(VANDAAG() + timedelta(days=70)).isoformat(),
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Doorverwijzing.objects.exists()
    assert "loopt hoogstens tot" in html
    assert 'value="Komt met de fiets."' in html or "Komt met de fiets." in html


def test_a_caw_may_only_make_an_aanmelding(wereld, als, gezin_sd):
    from hulpverlening.models import Organisatie

    from ..conftest import maak_gebruiker

    caw = Organisatie.objects.create(gemeente=wereld.gent, naam="CAW", soort="doorverwijzer")
    hv_services.gezinsrelatie_leggen(gezin=gezin_sd, organisatie=caw, reden="doorverwijzing")
    client = als(maak_gebruiker("caw", caw, "maatschappelijk_werker"))
    response = _post_nieuw(client, gezin_sd, wereld.initiatief_a)
    assert "Selecteer een geldige keuze" in response.content.decode()
    response = _post_nieuw(
        client,
        gezin_sd,
        wereld.initiatief_a,
        soort="aanmelding",
        einde=(VANDAAG() + timedelta(days=60)).isoformat(),
    )
    assert response.status_code == 302


def test_dates_out_of_order_and_beyond_the_maximum_are_explained(
    wereld, als, maatschappelijk_werker, gezin_sd
):
    client = als(maatschappelijk_werker)
    html = _post_nieuw(
        client, gezin_sd, wereld.initiatief_a, einde=(VANDAAG() - timedelta(days=1)).isoformat()
    ).content.decode()
    assert "De einddatum ligt voor de begindatum." in html
    html = _post_nieuw(
        client, gezin_sd, wereld.initiatief_a, einde=(VANDAAG() + timedelta(days=800)).isoformat()
    ).content.decode()
    assert "loopt hoogstens tot" in html
    assert not Doorverwijzing.objects.exists()


def test_an_initiative_that_does_not_give_that_aid_is_refused(
    wereld, als, maatschappelijk_werker, gezin_sd
):
    babyuitzet = Hulpvorm.objects.get(slug="babyuitzet")
    html = _post_nieuw(
        als(maatschappelijk_werker), gezin_sd, wereld.initiatief_a, hulpvorm=babyuitzet.pk
    ).content.decode()
    assert "geeft geen babyuitzet" in html
    wereld.initiatief_a.hulpvormen.add(babyuitzet)
    assert (
        _post_nieuw(
            als(maatschappelijk_werker), gezin_sd, wereld.initiatief_a, hulpvorm=babyuitzet.pk
        ).status_code
        == 302
    )


def _dv(wereld, mw, gezin, **kw):
    return services.doorverwijzing_aanmaken(
        lidmaatschap=mw.lidmaatschappen.get(),
        gezin=gezin,
        organisatie=wereld.initiatief_a,
        soort="doorverwijzing",
        hulpvorm=Hulpvorm.objects.standaard(),
        start=VANDAAG(),
        einde=VANDAAG() + timedelta(days=60),
        frequentie="wekelijks",
        pakket="middel",
        reden="laag_inkomen",
        **kw,
    )


def test_decline_sends_the_reason_back_and_cannot_be_answered_twice(
    wereld, maatschappelijk_werker, coordinator, gezin_sd
):
    dv = _dv(wereld, maatschappelijk_werker, gezin_sd)
    lid = coordinator.lidmaatschappen.get()
    services.doorverwijzing_weigeren(doorverwijzing=dv, lidmaatschap=lid, weigerreden="volzet")
    assert Notification.objects.get(user=maatschappelijk_werker).tekst.endswith("volzet.")
    with pytest.raises(services.DoorverwijzingFout, match="al beantwoord"):
        services.doorverwijzing_weigeren(doorverwijzing=dv, lidmaatschap=lid, weigerreden="volzet")


def test_extend_stop_and_renew(wereld, als, maatschappelijk_werker, gezin_sd):
    dv = _dv(wereld, maatschappelijk_werker, gezin_sd)
    client = als(maatschappelijk_werker)
    nieuw_einde = (VANDAAG() + timedelta(days=120)).isoformat()
    client.post(reverse("doorverwijzing_actie", args=[dv.pk, "verlengen"]), {"einde": nieuw_einde})
    dv.refresh_from_db()
    assert dv.einde.isoformat() == nieuw_einde
    client.post(reverse("doorverwijzing_actie", args=[dv.pk, "stoppen"]))
    dv.refresh_from_db()
    assert dv.status == "gestopt" and dv.einde == VANDAAG()
    client.post(reverse("doorverwijzing_actie", args=[dv.pk, "hernieuwen"]), {"einde": nieuw_einde})
    hernieuwd = Doorverwijzing.objects.get(vorige=dv)
    assert hernieuwd.start == VANDAAG() + timedelta(days=1) and hernieuwd.status == "verstuurd"


def test_only_the_referrer_changes_and_only_the_initiative_answers(
    wereld, maatschappelijk_werker, coordinator, gezin_sd, moment_a
):
    dv = _dv(wereld, maatschappelijk_werker, gezin_sd)
    with pytest.raises(services.DoorverwijzingFout):
        services.doorverwijzing_stoppen(
            doorverwijzing=dv, lidmaatschap=coordinator.lidmaatschappen.get()
        )
    with pytest.raises(services.DoorverwijzingFout):
        services.doorverwijzing_aanvaarden(
            doorverwijzing=dv,
            lidmaatschap=maatschappelijk_werker.lidmaatschappen.get(),
            afhaalmoment=moment_a,
        )


def test_caseworker_of_another_organisation_sees_nothing(
    wereld, als, maatschappelijk_werker, coordinator_b, gezin_sd
):
    dv = _dv(wereld, maatschappelijk_werker, gezin_sd)
    client = als(coordinator_b)
    assert client.get(reverse("doorverwijzing_detail", args=[dv.pk])).status_code == 404
    assert "Nadia" not in client.get(reverse("doorverwijzing_lijst")).content.decode()
    assert (
        client.post(
            reverse("doorverwijzing_actie", args=[dv.pk, "weigeren"]), {"weigerreden": "volzet"}
        ).status_code
        == 404
    )


def test_volunteers_see_no_referral_reasons(
    wereld, als, maatschappelijk_werker, vrijwilliger, gezin_sd, moment_a
):
    dv = _dv(wereld, maatschappelijk_werker, gezin_sd, bericht="Let op: schulden")
    client = als(vrijwilliger)
    assert client.get(reverse("doorverwijzing_detail", args=[dv.pk])).status_code == 403
    paneel = client.get(
        reverse("paneel", args=[moment_a.pk]), {"gezin": gezin_sd.pk}
    ).content.decode()
    assert "Nadia B." in paneel  # the entitlement is shown...
    for reden in ["inkomen te laag", "schulden", dv.get_reden_display()]:
        assert reden not in paneel  # ...never the reason or the message


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils ontbreekt")
def test_referral_letter_pdf_has_the_qr_code_place_and_moments(
    wereld, als, maatschappelijk_werker, coordinator, gezin_sd, moment_a, tmp_path
):
    dv = _dv(wereld, maatschappelijk_werker, gezin_sd)
    services.doorverwijzing_aanvaarden(
        doorverwijzing=dv, lidmaatschap=coordinator.lidmaatschappen.get(), afhaalmoment=moment_a
    )
    response = als(maatschappelijk_werker).get(reverse("doorverwijzing_brief", args=[dv.pk]))
    assert response["Content-Type"] == "application/pdf"
    (tmp_path / "b.pdf").write_bytes(response.content)
    tekst = subprocess.run(
        ["pdftotext", tmp_path / "b.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Nadia Benali" in tekst and moment_a.locatie.naam in tekst
    assert gezin_sd.actieve_kaart.leesbare_code in tekst
    assert gezin_sd.actieve_kaart.token not in tekst
    import zxingcpp
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", tmp_path / "b.pdf", tmp_path / "p"], check=True
    )
    (pagina,) = sorted(tmp_path.glob("p*.png"))
    assert {c.text for c in zxingcpp.read_barcodes(Image.open(pagina))} == {
        gezin_sd.actieve_kaart.qr_payload
    }


def test_max_einde_for_a_doorverwijzing_follows_the_municipality(wereld):
    wereld.gent.max_doorverwijzing_maanden = 6
    assert services.max_einde(
        soort="doorverwijzing", start=date(2026, 1, 31), gemeente=wereld.gent
    ) == date(2026, 7, 28)
    assert services.max_einde(
        soort="aanmelding", start=date(2026, 1, 1), gemeente=wereld.gent
    ) == date(2026, 3, 4)


def test_a_referral_past_its_end_shows_as_ended_before_the_nightly_task_ran(
    wereld, als, maatschappelijk_werker, coordinator, gezin_sd
):
    dv = _dv(wereld, maatschappelijk_werker, gezin_sd)
    Doorverwijzing.objects.filter(pk=dv.pk).update(
        status=Doorverwijzing.Status.AANVAARD,
        start=VANDAAG() - timedelta(days=30),
        einde=VANDAAG() - timedelta(days=1),
    )
    dv.refresh_from_db()
    assert dv.status == "aanvaard" and dv.huidige_status == "verlopen"
    detail = als(coordinator).get(reverse("doorverwijzing_detail", args=[dv.pk])).content.decode()
    assert "<strong>verlopen</strong>" in detail
    inbox = als(coordinator).get(reverse("doorverwijzing_lijst")).content.decode()
    assert "Verlopen" in inbox


def test_the_daily_jobs_command_ends_referrals_past_their_end(
    wereld, maatschappelijk_werker, gezin_sd
):
    from django.core.management import call_command

    dv = _dv(wereld, maatschappelijk_werker, gezin_sd)
    Doorverwijzing.objects.filter(pk=dv.pk).update(
        status=Doorverwijzing.Status.AANVAARD,
        start=VANDAAG() - timedelta(days=30),
        einde=VANDAAG() - timedelta(days=1),
    )
    call_command("dagtaken")
    dv.refresh_from_db()
    assert dv.status == "verlopen"
    assert not mail.outbox


def _veel_doorverwijzingen(wereld, mw, aantal: int) -> list[Doorverwijzing]:
    from ..conftest import maak_gezin

    rijen = []
    for i in range(aantal):
        gezin = maak_gezin(wereld.sociale_dienst, voornaam=f"Persoon{i:02d}", achternaam="Test")
        rijen.append(
            Doorverwijzing.objects.create(
                gezin=gezin,
                organisatie=wereld.initiatief_a,
                verwijzer=wereld.sociale_dienst,
                aangemaakt_door=mw,
                soort="doorverwijzing",
                hulpvorm=Hulpvorm.objects.standaard(),
                start=VANDAAG(),
                einde=VANDAAG() + timedelta(days=60 + i),
                frequentie="wekelijks",
                pakket="middel",
                reden="laag_inkomen",
                status=Doorverwijzing.Status.AANVAARD,
            )
        )
    return rijen


def test_the_list_pages_says_how_many_and_shows_what_needs_action_first(
    wereld, als, maatschappelijk_werker
):
    rijen = _veel_doorverwijzingen(wereld, maatschappelijk_werker, 30)
    nieuw, bijna_op = rijen[-1], rijen[-2]
    Doorverwijzing.objects.filter(pk=nieuw.pk).update(status=Doorverwijzing.Status.VERSTUURD)
    Doorverwijzing.objects.filter(pk=bijna_op.pk).update(einde=VANDAAG() + timedelta(days=5))
    client = als(maatschappelijk_werker)
    eerste = client.get(reverse("doorverwijzing_lijst")).content.decode()
    assert "30 doorverwijzingen" in eerste and "pagina 1 van 2" in eerste
    assert eerste.count("Persoon") == 25
    assert eerste.index("Persoon29") < eerste.index("Persoon28") < eerste.index("Persoon00")
    tweede = client.get(reverse("doorverwijzing_lijst"), {"pagina": 2}).content.decode()
    assert tweede.count("Persoon") == 5
    gezocht = client.get(reverse("doorverwijzing_lijst"), {"q": "persoon07"}).content.decode()
    assert "1 doorverwijzing" in gezocht and "Persoon07" in gezocht and "Persoon08" not in gezocht
    onzin = client.get(reverse("doorverwijzing_lijst"), {"pagina": "x'"})
    assert onzin.status_code == 200


def _brieftekst(client, dv, tmp_path) -> str:
    response = client.get(reverse("doorverwijzing_brief", args=[dv.pk]))
    (tmp_path / "b.pdf").write_bytes(response.content)
    return subprocess.run(
        ["pdftotext", "-layout", tmp_path / "b.pdf", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils ontbreekt")
def test_the_letter_names_whom_to_call_and_only_the_nearest_moments(
    wereld, als, maatschappelijk_werker, gezin_sd, moment_a, tmp_path
):
    from datetime import time

    from hulpverlening.models import Afhaalmoment

    wereld.initiatief_a.telefoon, wereld.initiatief_a.adres = (
        "09 210 11 22",
        "Kerkstraat 5, 9000 Gent",
    )
    wereld.initiatief_a.save()
    wereld.sociale_dienst.telefoon = "09 266 99 00"
    wereld.sociale_dienst.save()
    vandaag = VANDAAG().weekday()
    # Six moments in the week: the letter names today's and tomorrow's, not all six.
    for dagen in range(1, 6):
        Afhaalmoment.objects.create(
            locatie=moment_a.locatie,
            weekdag=(vandaag + dagen) % 7,
            start=time(9 + dagen, 0),
            einde=time(10 + dagen, 0),
            capaciteit=20,
        )
    dv = _dv(wereld, maatschappelijk_werker, gezin_sd)
    tekst = _brieftekst(als(maatschappelijk_werker), dv, tmp_path)
    assert "doorverwezen naar" in tekst
    assert "09 210 11 22" in tekst and "Kerkstraat 5, 9000 Gent" in tekst
    assert "09 266 99 00" in tekst
    assert tekst.count(moment_a.locatie.naam) == 2
    assert "10:00" in tekst and "12:00" not in tekst  # tomorrow's, not the day after


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils ontbreekt")
def test_an_accepted_referrals_letter_names_its_moment_alone(
    wereld, als, maatschappelijk_werker, coordinator, gezin_sd, moment_a, tmp_path
):
    from datetime import time

    from hulpverlening.models import Afhaalmoment

    ander = Afhaalmoment.objects.create(
        locatie=moment_a.locatie,
        weekdag=(VANDAAG().weekday() + 1) % 7,
        start=time(14, 0),
        einde=time(15, 0),
        capaciteit=20,
    )
    dv = _dv(wereld, maatschappelijk_werker, gezin_sd)
    services.doorverwijzing_aanvaarden(
        doorverwijzing=dv, lidmaatschap=coordinator.lidmaatschappen.get(), afhaalmoment=ander
    )
    tekst = _brieftekst(als(maatschappelijk_werker), dv, tmp_path)
    assert "14:00" in tekst and "00:00" not in tekst
