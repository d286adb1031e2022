# ruff: noqa: F811 - pytest fixtures are imported and then named as parameters
"""Garbage in every parameter of every page, oversized bodies: never a 500.

The URLs come from tests/test_toegangsmatrix.py's MATRIX (itself checked
against the URL configuration), so a view added later is swept too. The
parameter names come from the view's own source (every string literal in it
and in the helpers of its module it calls with `request`) plus every field of
every form in the project, so new parameters are found without a list here.

An input that gives a 500 goes in tests/kwaadaardig.py's BEKENDE_BUGS with an
xfail test here: the sweep leaves it out and checks it still fails, so a fixed
bug must be removed from the list. The tests at the bottom pin the bugs fixed so far.
"""

import dataclasses
import uuid
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hulpverlening import services
from hulpverlening.models import Gezin, Kaart
from registratie import services as registratie_services
from registratie.models import Afhaling

from .conftest import nieuw_gezin_post
from .kwaadaardig import (  # noqa: F401 - als, sweep, pdf_html, werelden are fixtures
    POSTGRES,
    RAAR,
    aanmelden,
    als,
    bekend,
    formuliervelden,
    parameters_van,
    pdf_html,
    sweep,
    vraag,
)
from .test_toegangsmatrix import MATRIX, _url, werelden  # noqa: F401

# A few values are enough to try each parameter on its own.
KORT = ["abc", "-1", "9" * 30, "\x00", "²²²²", "2026-02-30", "x" * 5000]


def _alleen_post(url: str) -> bool:
    from django.urls import resolve

    return getattr(resolve(url.split("?", 1)[0]).func, "alleen_post", False)


def _garbage_sweep(naam: str, sweep) -> list[str]:
    regel, client, url = sweep(naam)
    eigen = parameters_van(url)
    fouten = []
    for methode in ("get", "post"):
        overslaan = bekend(naam, methode)
        alle = (eigen | (formuliervelden() if methode == "post" else frozenset())) - overslaan
        # A GET on a POST-only view is answered 405 before any parameter is read:
        # two values show that, fifteen only cost time.
        waarden = RAAR[:2] if methode == "get" and _alleen_post(url) else RAAR
        for waarde in waarden:
            response = vraag(client, methode, url, dict.fromkeys(alle, waarde))
            if response.status_code >= 500:
                fouten.append(f"{methode.upper()} {url} alles={waarde[:20]!r}: {response!r}")
        if methode != regel.methode.lower():
            continue
        for parameter in sorted(eigen - overslaan):
            for waarde in KORT:
                response = vraag(client, methode, url, {parameter: waarde})
                if response.status_code >= 500:
                    fouten.append(
                        f"{methode.upper()} {url} {parameter}={waarde[:20]!r}: {response!r}"
                    )
        for parameter in sorted(overslaan):
            if all(vraag(client, methode, url, {parameter: w}).status_code < 500 for w in RAAR):
                fouten.append(
                    f"{naam} {methode} {parameter}: no longer fails; remove it from BEKENDE_BUGS"
                )
    return fouten


# Minutes on PostgreSQL, the slowest test of the suite: `-m "not slow"` for a quick run.
@pytest.mark.slow
def test_garbage_in_every_parameter_of_every_view_is_never_a_server_error(sweep):
    """Each view: all its parameters at once with each value of RAAR, then one at a time."""
    fouten = []
    for naam in sorted(MATRIX):
        with transaction.atomic():  # each view starts from the same data
            fouten += _garbage_sweep(naam, sweep)
            transaction.set_rollback(True)
    assert not fouten, "\n".join(fouten)


def test_an_id_too_big_for_any_column_is_404_not_500(sweep, werelden):
    eigen = werelden["eigen"]
    fouten = []
    for naam, regel in sorted(MATRIX.items()):
        if not regel.object or not isinstance(getattr(eigen, regel.object), int):
            continue
        _, client, _ = sweep(naam)
        url = _url(naam, regel, dataclasses.replace(eigen, **{regel.object: 10**30}))
        response = vraag(client, regel.methode.lower(), url, regel.data)
        if response.status_code != 404:
            fouten.append(f"{regel.methode} {url}: {response!r}")
    assert not fouten, "\n".join(fouten)


# --- the desk: garbage next to a real card -------------------------------------------


@pytest.fixture
def balie(als, vrijwilliger):
    return als(vrijwilliger)


def test_panel_with_garbage_card_or_household_gives_a_message_or_404(balie, moment_a):
    url = reverse("paneel", args=[moment_a.pk])
    for waarde in RAAR + ["MHG1:%00", "MHG1:\x00", "\ud7ff", "9" * 30 + "abc", " " * 300]:
        for veld, htmx in (("kaart", {}), ("gezin", {}), ("kaart", {"HTTP_HX_REQUEST": "true"})):
            response = vraag(balie, "post", url, {veld: waarde}, **htmx)
            assert response.status_code in (200, 404), f"{veld}={waarde[:20]!r}: {response!r}"
            per_get = vraag(balie, "get", url, {veld: waarde}, **htmx)
            assert per_get.status_code in (302, 404), f"GET {veld}={waarde[:20]!r}"
            if veld == "kaart" and waarde.strip():
                assert 'data-kleur="rood"' in response.content.decode(), waarde[:20]


@pytest.mark.parametrize(
    "gescand_op",
    ["", "abc", "2026-01-01", "9999-12-31T23:59:59+14:00", "٢٠٢٦-٠١-٠١T10:00", "\x00"],
)
def test_registering_with_a_garbage_scan_time_uses_now(balie, moment_a, kaart_a, gescand_op):
    response = vraag(
        balie,
        "post",
        reverse("registreren", args=[moment_a.pk]),
        {"sleutel": str(uuid.uuid4()), "kaart": kaart_a.qr_payload, "gescand_op": gescand_op},
    )
    assert response.status_code == 302, f"{response!r}"
    assert Afhaling.objects.get().gescand_op <= timezone.now()


@pytest.mark.parametrize("sleutel", ["", "abc", "9" * 30, "\x00", str(uuid.uuid4()).upper()])
def test_registering_with_a_garbage_key_still_registers_once(balie, moment_a, kaart_a, sleutel):
    url = reverse("registreren", args=[moment_a.pk])
    data = {"sleutel": sleutel, "kaart": kaart_a.qr_payload}
    assert vraag(balie, "post", url, data).status_code == 302
    assert vraag(balie, "post", url, data).status_code == 302
    assert Afhaling.objects.count() == 1  # the second is "already registered", not a new row


# --- oversized bodies ---------------------------------------------------------------


def _intake(**overrides):
    return {
        "voornaam": "Ion",
        "achternaam": "Popescu",
        "geboortejaar": "1990",
        "volwassenen": "1",
        "kinderen_0_2": "0",
        "kinderen_3_11": "1",
        "kinderen_12_17": "0",
        "postcode": "9000",
        "toestemming": "on",
    } | overrides


@pytest.fixture
def formulieren(als, vrijwilliger, coordinator, moment_a):
    tweede = aanmelden(Client(), coordinator)
    return [
        (als(vrijwilliger), reverse("zelfmelder", args=[moment_a.pk]), _intake, "voornaam"),
        (tweede, reverse("gezin_nieuw"), nieuw_gezin_post, "persoon-0-voornaam"),
    ]


@pytest.mark.parametrize("formaat", ["urlencoded", "multipart"])
def test_a_ten_megabyte_form_is_refused_with_400(formulieren, formaat):
    for client, url, data, veld in formulieren:
        body = data(**{veld: "x" * (10 * 1024 * 1024)})
        if formaat == "multipart":
            response = vraag(client, "post", url, body)
        else:
            response = vraag(
                client,
                "post",
                url,
                urlencode(body),
                content_type="application/x-www-form-urlencoded",
            )
        assert response.status_code == 400, f"{url}: {response!r}"
    assert not Gezin.objects.exists()


def test_thousands_of_fields_are_refused_with_400(formulieren):
    for client, url, data, _ in formulieren:
        body = data() | {f"veld{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
        response = vraag(client, "post", url, body)
        assert response.status_code == 400, f"{url}: {response!r}"
    assert not Gezin.objects.exists()


@pytest.mark.parametrize("veld", ["voornaam", "achternaam", "postcode", "kaart", "geboortejaar"])
def test_a_5000_character_value_is_a_form_error_not_a_500(formulieren, veld):
    client, url, data, _ = formulieren[0]
    response = vraag(client, "post", url, data(**{veld: "Ö" * 5000}))
    assert response.status_code == 200, f"{response!r}"
    assert 'aria-invalid="true"' in response.content.decode()
    if veld == "kaart":
        return  # the household form has no card field
    client, url, data, _ = formulieren[1]
    gezinsveld = veld if veld == "postcode" else f"persoon-0-{veld}"
    response = vraag(client, "post", url, data(**{gezinsveld: "Ö" * 5000}))
    assert response.status_code == 200, f"{response!r}"
    assert not Gezin.objects.exists()


@pytest.mark.parametrize("veld", ["TOTAL_FORMS", "INITIAL_FORMS"])
@pytest.mark.parametrize("aantal", ["21", "-5", "abc", ""])
def test_a_forged_formset_count_is_a_form_error_not_a_500(formulieren, veld, aantal):
    client, url, data, _ = formulieren[1]
    response = vraag(client, "post", url, data(**{f"persoon-{veld}": aantal}))
    assert response.status_code in (200, 302), f"{response!r}"
    if response.status_code == 302:  # an ignored count: exactly the one person typed
        assert Gezin.objects.get().personen.count() == 1


def test_a_5000_character_reason_and_search_are_cut_not_a_500(balie, moment_a, kaart_a):
    services.kaart_intrekken(kaart=kaart_a, reden=Kaart.Intrekkingsreden.VERLOREN)
    response = vraag(
        balie,
        "post",
        reverse("registreren", args=[moment_a.pk]),
        {"sleutel": str(uuid.uuid4()), "kaart": kaart_a.qr_payload, "override_reden": "r" * 5000},
    )
    assert response.status_code == 302
    assert len(Afhaling.objects.get().override_reden) == 200
    for url, data in [
        (reverse("balie_zoeken", args=[moment_a.pk]), {"q": "a" * 5000}),
        (reverse("paneel", args=[moment_a.pk]), {"kaart": "K" * 5000}),
    ]:
        assert vraag(balie, "post", url, data).status_code == 200


def test_a_megabyte_password_at_login_is_no_500(client, vrijwilliger):
    response = vraag(
        client,
        "post",
        reverse("account_login"),
        {"login": "vrijwilliger_a", "password": "p" * 1_000_000},
    )
    assert response.status_code in (200, 400, 429), f"{response!r}"


# --- open bugs ----------------------------------------------------------------------


def test_a_forged_household_size_cannot_make_the_server_build_a_thousand_forms():
    from hulpverlening.forms import PersoonFormSet

    assert PersoonFormSet.absolute_max <= PersoonFormSet.max_num


@pytest.mark.parametrize("gezin", ["²", "²³", "¹²³"])
def test_auditlog_household_filter_with_superscript_digits(als, beheerder, gezin):
    assert vraag(als(beheerder), "get", reverse("auditlog"), {"gezin": gezin}).status_code == 200


@pytest.mark.parametrize("veld", ["van", "tot"])
@pytest.mark.parametrize("dag", ["2026-02-30", "2026-13-01", "2026-00-10"])
def test_auditlog_date_filter_with_an_impossible_date(als, beheerder, veld, dag):
    response = vraag(als(beheerder), "get", reverse("auditlog"), {veld: dag, "formaat": "csv"})
    assert response.status_code == 200


def test_household_search_with_superscript_digits(als, coordinator):
    assert vraag(als(coordinator), "post", reverse("gezin_lijst"), {"q": "²²²²"}).status_code == 200


@pytest.mark.parametrize(
    "naam,parameter", [("gezin_lijst", "q"), ("balie_zoeken", "q"), ("auditlog", "gebruiker")]
)
def test_a_nul_character_in_a_search_box(als, coordinator, beheerder, moment_a, naam, parameter):
    args = [moment_a.pk] if naam == "balie_zoeken" else []
    client = als(beheerder if naam == "auditlog" else coordinator)
    methode = "get" if naam == "auditlog" else "post"
    response = vraag(client, methode, reverse(naam, args=args), {parameter: "ab\x00cd"})
    assert response.status_code == 200, f"{response!r}"


@pytest.mark.parametrize("waarde", ["abc", "", "1.5", "😀"])
def test_choosing_an_organisation_with_a_garbage_id(als, coordinator, waarde):
    response = vraag(
        als(coordinator), "post", reverse("kies_organisatie"), {"lidmaatschap": waarde}
    )
    assert response.status_code == 200, f"{response!r}"


@pytest.mark.parametrize("waarde", ["abc", "", "1.5"])
def test_reviewing_a_pickup_with_a_garbage_id(als, coordinator, waarde):
    response = vraag(
        als(coordinator),
        "post",
        reverse("te_controleren"),
        {"afhaling": waarde, "besluit": "bevestigen"},
    )
    assert response.status_code == 404, f"{response!r}"


@pytest.mark.parametrize(
    "gescand_op", ["2026-02-30T10:00", "2026-13-01T10:00:00", "2026-01-01T24:30"]
)
def test_desk_registration_with_an_impossible_scan_time(balie, moment_a, kaart_a, gescand_op):
    response = vraag(
        balie,
        "post",
        reverse("registreren", args=[moment_a.pk]),
        {"sleutel": str(uuid.uuid4()), "kaart": kaart_a.qr_payload, "gescand_op": gescand_op},
    )
    assert response.status_code == 302, f"{response!r}"


def test_desk_registration_with_a_scan_time_in_year_one(balie, moment_a, kaart_a):
    response = vraag(
        balie,
        "post",
        reverse("registreren", args=[moment_a.pk]),
        {
            "sleutel": str(uuid.uuid4()),
            "kaart": kaart_a.qr_payload,
            "gescand_op": "0001-01-01T00:00:00+01:00",
        },
    )
    assert response.status_code == 302, f"{response!r}"


def _formulier(data: dict, codering: str) -> dict:
    """Keyword arguments for the test client: a browser's urlencoded form, or multipart."""
    if codering == "urlencoded":
        return {"data": urlencode(data), "content_type": "application/x-www-form-urlencoded"}
    return {"data": data}


@pytest.mark.parametrize(
    "codering",
    [
        "urlencoded",
        "multipart",
    ],
)
@pytest.mark.parametrize("waar", ["override_reden", "opmerking"])
def test_a_nul_character_in_saved_free_text(
    als, vrijwilliger, coordinator, moment_a, kaart_a, waar, codering
):
    lid = vrijwilliger.lidmaatschappen.get()
    if waar == "override_reden":
        services.kaart_intrekken(kaart=kaart_a, reden=Kaart.Intrekkingsreden.VERLOREN)
        data = {
            "sleutel": str(uuid.uuid4()),
            "kaart": kaart_a.qr_payload,
            "override_reden": "x\x00y",
        }
        response = vraag(
            als(vrijwilliger),
            "post",
            reverse("registreren", args=[moment_a.pk]),
            **_formulier(data, codering),
        )
        assert response.status_code == 302, f"{response!r}"
        assert "\x00" not in Afhaling.objects.get().override_reden
        return
    for _ in range(2):
        registratie_services.afhaling_registreren(
            sleutel=uuid.uuid4(),
            lidmaatschap=lid,
            afhaalmoment=moment_a,
            dag=timezone.localdate(),
            gescand_op=timezone.now(),
            kaart=kaart_a,
            offline=True,
        )
    vlag = Afhaling.objects.get(status=Afhaling.Status.TE_CONTROLEREN)
    data = {"afhaling": vlag.pk, "besluit": "bevestigen", "opmerking": "x\x00y"}
    response = vraag(
        als(coordinator), "post", reverse("te_controleren"), **_formulier(data, codering)
    )
    assert response.status_code == 302, f"{response!r}"
    vlag.refresh_from_db()
    assert "\x00" not in vlag.override_reden
