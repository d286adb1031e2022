"""Shared pieces of the bad input sweep (tests/test_kwaadaardige_invoer_*.py).

Inputs that still give a server error (or a wrong answer) today each have a
test marked xfail(strict=True, reason="BUG ...") that shows them. The generated
tests (hypothesis, schemathesis, the URL sweeps) step around exactly those
inputs (`bekende_sync_bug` and BEKENDE_BUGS here)
so they stay green while the bug is open. When a bug is fixed: remove its xfail
marker and its entry, and the generated tests cover that input again.

The URL sweeps take their URLs from tests/test_toegangsmatrix.py's MATRIX (which
is itself checked against the URL configuration) and their parameter names from
the project's own code, templates and forms, so later views are covered too.
"""

import functools
import importlib
import inspect
import json
import re
import uuid
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from hulpverlening.models import Rol

from .conftest import maak_gebruiker
from .test_toegangsmatrix import MATRIX, _url

SYNC_URL = "/registratie/api/afhalingen/"

# Values that have broken parsers before: not numbers, numbers too big for any
# column, a NUL byte (PostgreSQL text cannot hold it), the literal "%00",
# digits that str.isdigit() accepts but int() does not, other scripts, emoji,
# an impossible date, a date before any sane scan, SQL, a very long string.
RAAR = [
    "abc",
    "-1",
    "9" * 30,
    "\x00",
    "ab\x00cd",
    "%00",
    "²",
    "²²²²",
    "١٢٣",
    "😀 Ünïcödé ñ",
    "2026-02-30",
    "0001-01-01T00:00:00+01:00",
    "'; DROP TABLE hulpverlening_gezin; --",
    "x" * 5000,
    "",
]

POSTGRES = connection.vendor == "postgresql"


# --- logging in -------------------------------------------------------------------


def aanmelden(client, user):
    """force_login, plus the second factor for roles that need one (when MFA exists)."""
    try:
        from .mfa_helpers import aanmelden as met_tweede_stap
    except ImportError:
        client.force_login(user)
        return client
    return met_tweede_stap(client, user)


@pytest.fixture
def als(client):
    """Like conftest's `als`, but also past the second factor: als(coordinator)."""

    def login(user):
        return aanmelden(client, user)

    return login


# --- requests ---------------------------------------------------------------------


class Serverfout:
    """What `vraag` returns when the view raised: counts as a 500."""

    status_code = 500

    def __init__(self, fout: Exception):
        self.fout = fout

    def __repr__(self) -> str:
        return f"500 ({type(self.fout).__name__}: {str(self.fout)[:160]})"


def vraag(client, methode: str, url: str, *args, **kwargs):
    """One request in its own savepoint; a server error comes back as status 500.

    The savepoint keeps the test's transaction usable on PostgreSQL after a
    failed query, so one broken input does not hide the next.
    """
    try:
        with transaction.atomic():
            return getattr(client, methode)(url, *args, **kwargs)
    except Exception as fout:  # noqa: BLE001 - any exception is a server error
        return Serverfout(fout)


def sync_post(client, body, **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return vraag(client, "post", SYNC_URL, data, content_type="application/json", **extra)


def goed_item(moment_pk: int, kaarttekst: str, **kw) -> dict:
    nu = timezone.localtime()
    return {
        "sleutel": str(uuid.uuid4()),
        "moment": moment_pk,
        "datum": nu.date().isoformat(),
        "gescand_op": nu.isoformat(),
        "kaart": kaarttekst,
        "offline": True,
    } | kw


# --- the sync's open bugs ---------------------------------------------------------------


def bekende_sync_bug(body: object) -> str | None:
    """Which open sync bug a body hits, so property tests can step around it: none open now."""
    return None


def diepte(waarde: object) -> int:
    if isinstance(waarde, dict):
        return 1 + max((diepte(v) for v in waarde.values()), default=0)
    if isinstance(waarde, list):
        return 1 + max((diepte(v) for v in waarde), default=0)
    return 0


# --- URL sweeps: which parameters a view reads ----------------------------------------------


def project_apps():
    """The project's own apps (the virtualenv lives inside BASE_DIR, so skip site-packages)."""
    basis = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        pad = Path(config.path).resolve()
        if basis in pad.parents and "site-packages" not in pad.parts:
            yield config


@functools.cache
def formuliervelden() -> frozenset[str]:
    """Every field of every form class in the project's forms modules (formsets: form 0)."""
    namen: set[str] = set()
    for config in project_apps():
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _, klasse in inspect.getmembers(module, inspect.isclass):
            if issubclass(klasse, forms.BaseForm) and hasattr(klasse, "base_fields"):
                namen |= set(klasse.base_fields)
            if issubclass(klasse, forms.BaseFormSet) and hasattr(klasse, "form"):
                # The management form's counts are tried in their own test.
                for prefix in ("persoon", klasse.get_default_prefix()):
                    namen |= {f"{prefix}-0-{veld}" for veld in klasse.form.base_fields}
    return frozenset(namen)


LITERAAL = re.compile(r"""["']([A-Za-z][A-Za-z0-9_-]{0,40})["']""")
TOEGANG = re.compile(
    r"""request\.(?:GET|POST)(?:\.get|\.getlist)?[(\[]\s*["']([\w-]+)["']"""
    r"""|["']([\w-]+)["']\s+(?:not\s+)?in\s+request\.(?:GET|POST)"""
)
NAAM_ATTRIBUUT = re.compile(r"""\bname=["']([\w-]+)["']""")


@functools.cache
def gekende_parameters() -> frozenset[str]:
    """Names the project reads from a request or puts in a form: code, templates, forms."""
    namen = set(formuliervelden())
    mappen = [Path(config.path) for config in project_apps()]
    mappen.append(Path(settings.BASE_DIR) / "templates")
    for map_ in mappen:
        for bestand in map_.rglob("*"):
            if "migrations" in bestand.parts or bestand.suffix not in (".py", ".html"):
                continue
            tekst = bestand.read_text(encoding="utf-8", errors="replace")
            if bestand.suffix == ".py":
                namen |= {a or b for a, b in TOEGANG.findall(tekst)}
            else:
                namen |= set(NAAM_ATTRIBUUT.findall(tekst))
    return frozenset(namen - {"csrfmiddlewaretoken"})


@functools.cache
def parameters_van(pad: str) -> frozenset[str]:
    """Known parameter names among the string literals of the view and its helpers.

    Helpers: functions of the view's module that it hands `request` to (the
    audit log's filters live in one). A name used in a loop, like the audit
    log's ("van", ...), ("tot", ...), is found this way too.
    """
    functie = resolve(pad).func
    while hasattr(functie, "__wrapped__"):
        functie = functie.__wrapped__
    bronnen = [inspect.getsource(functie)]
    for helper in set(re.findall(r"\b(\w+)\(\s*request\b", bronnen[0])):
        kandidaat = functie.__globals__.get(helper)
        if inspect.isfunction(kandidaat) and kandidaat.__module__ == functie.__module__:
            bronnen.append(inspect.getsource(kandidaat))
    return frozenset(LITERAAL.findall("\n".join(bronnen))) & gekende_parameters()


# Parameters that still give a 500, each shown by an xfail test in
# test_kwaadaardige_invoer_paginas.py. The sweeps leave them out and check that
# they still fail, so a fixed one must be removed here.
# (url name, method, parameter) -> (bug, None: on every database, else only there)
BEKENDE_BUGS: dict[tuple[str, str, str], tuple[str, str | None]] = {}


def bekend(naam: str, methode: str) -> set[str]:
    """The parameters of BEKENDE_BUGS for this URL name and method on this database."""
    return {
        p
        for (n, m, p), (_, database) in BEKENDE_BUGS.items()
        if (n, m) == (naam, methode) and database in (None, connection.vendor)
    }


ROLVOORKEUR = [
    Rol.COORDINATOR,
    Rol.VRIJWILLIGER,
    Rol.MAATSCHAPPELIJK_WERKER,
    Rol.BEHEERDER,
    Rol.STADSMEDEWERKER,
    Rol.BELEIDSMEDEWERKER,
]


class PdfHtml:
    """Stands in for WeasyPrint and keeps the HTML it was given.

    The sweeps are about what a request does to the data and the markup, not
    PDF layout (about a second per PDF): the template is still rendered in
    full, and that HTML is kept here to be checked.
    """

    def __init__(self, monkeypatch):
        from weasyprint import HTML

        self.html: list[str] = []
        bewaar = self.html

        def init(html_self, *args, string=None, **kwargs):
            if isinstance(string, str):
                bewaar.append(string)

        monkeypatch.setattr(HTML, "__init__", init)
        monkeypatch.setattr(HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.7 test")


@pytest.fixture
def pdf_html(monkeypatch):
    return PdfHtml(monkeypatch)


@pytest.fixture
def sweep(wereld, werelden, pdf_html):
    """sweep(naam) -> (regel, client logged in with an allowed role, URL of own objects)."""

    def voor(naam: str):
        regel = MATRIX[naam]
        rol = next(r for r in ROLVOORKEUR if r in regel.rollen)
        bij = getattr(wereld, getattr(regel, "bij", "initiatief_a"))
        client = aanmelden(Client(), maak_gebruiker(f"sweep_{naam[:20]}", bij, rol))
        return regel, client, _url(naam, regel, werelden["eigen"])

    return voor
