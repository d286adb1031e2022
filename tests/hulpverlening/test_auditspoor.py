"""Who writes the audit lines: the scoping helpers, the services and the export builders,
never a view by hand. Each change path leaves its line; a failed attempt or a service
called outside a request leaves none."""

import ast
import json
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hulpverlening import services
from hulpverlening.models import Auditregel, Hulpvorm

from ..conftest import maak_gezin, nieuw_gezin_post

Actie = Auditregel.Actie
AUDITFUNCTIES = {"gelezen", "gewijzigd", "schrijf"}


def _viewmodules() -> list[Path]:
    basis = Path(settings.BASE_DIR)
    apps = ("hulpverlening", "doorverwijzing", "registratie", "rapportering", "signalen")
    return [p for app in apps for p in (basis / app).glob("*.py") if p.stem.endswith("views")]


def _audit_aanroepen(pad: Path) -> list[str]:
    """Calls of audit.gelezen/gewijzigd/schrijf, and rows made with Auditregel.objects."""
    gevonden = []
    for knoop in ast.walk(ast.parse(pad.read_text())):
        if not (isinstance(knoop, ast.Call) and isinstance(knoop.func, ast.Attribute)):
            continue
        doel = knoop.func.value
        if knoop.func.attr in AUDITFUNCTIES and isinstance(doel, ast.Name) and doel.id == "audit":
            gevonden.append(f"{pad.name}:{knoop.lineno}")
        if (
            knoop.func.attr in ("create", "bulk_create")
            and isinstance(doel, ast.Attribute)
            and isinstance(doel.value, ast.Name)
            and doel.value.id == "Auditregel"
        ):
            gevonden.append(f"{pad.name}:{knoop.lineno}")
    return gevonden


def test_the_check_finds_hand_written_lines(tmp_path):
    pad = tmp_path / "views.py"
    pad.write_text(
        "def v(request):\n"
        "    audit.gewijzigd(request, [1])\n"
        "    Auditregel.objects.bulk_create([])\n"
        "    Auditregel.objects.filter(gezin_id=1)\n"
    )
    assert _audit_aanroepen(pad) == ["views.py:2", "views.py:3"]


def test_no_view_writes_an_audit_line_by_hand():
    modules = _viewmodules()
    assert len(modules) >= 8, modules  # the glob found the view modules
    assert [plek for pad in modules for plek in _audit_aanroepen(pad)] == []


def _regels(actie=None, **filters):
    qs = Auditregel.objects.filter(**filters)
    if actie:
        qs = qs.filter(actie=actie)
    return list(qs.values_list("actie", "gezin_id"))


def test_a_service_outside_a_request_writes_no_line(wereld):
    gezin = maak_gezin(wereld.initiatief_a)
    services.kaart_uitgeven(gezin=gezin, organisatie=wereld.initiatief_a)
    assert Auditregel.objects.count() == 0


def test_a_new_household_leaves_one_change_line(als, maatschappelijk_werker):
    response = als(maatschappelijk_werker).post(reverse("gezin_nieuw"), nieuw_gezin_post())
    assert response.status_code == 302
    (regel,) = Auditregel.objects.filter(actie=Actie.GEWIJZIGD)
    assert regel.user_id == maatschappelijk_werker.pk
    assert regel.gezin_id is not None
    assert regel.waar.startswith("gezin_nieuw ")


def test_a_refused_form_leaves_no_change_line(als, maatschappelijk_werker):
    response = als(maatschappelijk_werker).post(
        reverse("gezin_nieuw"), nieuw_gezin_post(volwassenen="")
    )
    assert response.status_code == 200
    assert not Auditregel.objects.filter(actie=Actie.GEWIJZIGD).exists()


def test_card_changes_leave_change_lines(als, coordinator, gezin_a):
    client = als(coordinator)
    client.post(reverse("gezin_kaart_nieuw", args=[gezin_a.pk]))
    client.post(reverse("gezin_kaart_intrekken", args=[gezin_a.pk]), {"reden": "verloren"})
    assert _regels(Actie.GEWIJZIGD) == [(Actie.GEWIJZIGD, gezin_a.pk)] * 2


def test_a_referral_and_its_answer_leave_change_lines(
    wereld, als, maatschappelijk_werker, coordinator, moment_a
):
    gezin = maak_gezin(wereld.sociale_dienst, "Nadia", "Benali", 1990)
    vandaag = timezone.localdate()
    als(maatschappelijk_werker).post(
        reverse("doorverwijzing_nieuw", args=[gezin.pk]),
        {
            "organisatie": wereld.initiatief_a.pk,
            "soort": "doorverwijzing",
            "hulpvorm": Hulpvorm.objects.standaard().pk,
            "start": vandaag.isoformat(),
            "einde": (vandaag + timezone.timedelta(days=90)).isoformat(),
            "frequentie": "wekelijks",
            "pakket": "groot",
            "reden": "wachttijd",
        },
    )
    dv = gezin.doorverwijzingen.get()
    als(coordinator).post(
        reverse("doorverwijzing_actie", args=[dv.pk, "aanvaarden"]), {"afhaalmoment": moment_a.pk}
    )
    wijzigingen = Auditregel.objects.filter(actie=Actie.GEWIJZIGD).order_by("pk")
    assert [(r.user_id, r.gezin_id) for r in wijzigingen] == [
        (maatschappelijk_werker.pk, gezin.pk),
        (coordinator.pk, gezin.pk),
    ]


def test_a_refused_answer_leaves_no_change_line(wereld, als, coordinator, gezin_a):
    from doorverwijzing.models import Doorverwijzing

    vandaag = timezone.localdate()
    dv = Doorverwijzing.objects.create(
        gezin=gezin_a,
        verwijzer=wereld.sociale_dienst,
        organisatie=wereld.initiatief_a,
        hulpvorm=Hulpvorm.objects.standaard(),
        start=vandaag,
        einde=vandaag + timezone.timedelta(days=30),
    )
    # No moment chosen: the form says so and nothing changes.
    response = als(coordinator).post(reverse("doorverwijzing_actie", args=[dv.pk, "aanvaarden"]))
    assert response.status_code == 422
    assert not Auditregel.objects.filter(actie=Actie.GEWIJZIGD).exists()


def test_a_pickup_at_the_desk_and_its_undo_leave_change_lines(
    als, vrijwilliger, moment_a, kaart_a, gezin_a
):
    client = als(vrijwilliger)
    sleutel = uuid.uuid4()
    client.post(
        reverse("registreren", args=[moment_a.pk]),
        {"kaart": kaart_a.qr_payload, "sleutel": str(sleutel)},
    )
    assert _regels(Actie.GEWIJZIGD) == [(Actie.GEWIJZIGD, gezin_a.pk)]
    client.post(reverse("afhaling_ongedaan", args=[sleutel]))
    assert _regels(Actie.GEWIJZIGD) == [(Actie.GEWIJZIGD, gezin_a.pk)] * 2


def test_a_phone_batch_writes_one_line_per_household_in_one_insert(
    wereld, als, vrijwilliger, moment_a, kaart_a, gezin_a
):
    tweede_gezin = maak_gezin(wereld.initiatief_a, "Piet")
    tweede = services.kaart_uitgeven(gezin=tweede_gezin, organisatie=wereld.initiatief_a)

    def item(kaart):
        return {
            "sleutel": str(uuid.uuid4()),
            "moment": moment_a.pk,
            "datum": timezone.localdate().isoformat(),
            "gescand_op": timezone.now().isoformat(),
            "kaart": kaart.qr_payload,
            "offline": True,
        }

    # The same household twice (a double scan): refused as a duplicate, still one line.
    batch = {"afhalingen": [item(kaart_a), item(tweede), item(kaart_a)]}
    client = als(vrijwilliger)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/registratie/api/afhalingen/", json.dumps(batch), content_type="application/json"
        )
    assert response.status_code == 200
    assert sorted(g for _, g in _regels(Actie.GEWIJZIGD)) == sorted([gezin_a.pk, tweede_gezin.pk])
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "hulpverlening_auditregel"')]
    assert len(inserts) == 1
    assert "gezin" not in response.json()["resultaten"][0]


def test_a_walk_in_intake_leaves_one_change_line(als, vrijwilliger, moment_a):
    response = als(vrijwilliger).post(
        reverse("zelfmelder", args=[moment_a.pk]),
        {
            "voornaam": "Jonas",
            "achternaam": "Peeters",
            "geboortejaar": 1980,
            "volwassenen": 1,
            "kinderen_0_2": 0,
            "kinderen_3_11": 0,
            "kinderen_12_17": 0,
            "postcode": "9000",
            "toestemming": "on",
            "toeleiding": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(_regels(Actie.GEWIJZIGD)) == 1


def test_exports_leave_export_lines(als, coordinator, gezin_a):
    client = als(coordinator)
    client.get(reverse("gezin_export_json", args=[gezin_a.pk]))
    assert _regels(Actie.EXPORT) == [(Actie.EXPORT, gezin_a.pk)]
