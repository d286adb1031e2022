"""No English and no broken Dutch in the interface: every page of the access matrix,
as every role that may open it, read as a person reads it.

Django and allauth ship English msgids; a new release adds some that no Dutch
catalogue has yet (Django 6.1's "- Select an option -"). Those show up as English
text nodes, which this test finds by the English catalogues themselves.
"""

import ast
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import allauth
import django
import pytest
from django.core.cache import cache as django_cache
from django.utils import translation
from django.utils.html import escape

from .conftest import maak_gebruiker
from .mfa_helpers import aanmelden
from .test_toegangsmatrix import MATRIX, _url, werelden  # noqa: F401 - werelden is a fixture
from .zichtbaar import tekstdelen, zichtbare_tekst

# English words that are no Dutch words (so a Dutch sentence never trips them).
ENGELS = re.compile(
    r"\b(the|and|with|your|please|select|submit|cancel|delete|save|search|previous|next|"
    r"required|optional|page|none|unknown|today|yesterday|tomorrow|loading|error|"
    r"January|February|March|June|July|August|October|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)
# A plural after one: "1 kinderen" instead of "1 kind".
EEN_MEERVOUD = re.compile(
    r"(?<![\d.,])\b1 (kinderen|volwassenen|gezinnen|personen|afhalingen|doorverwijzingen|"
    r"dagen|weken|maanden|jaren|keren|meldingen|signalen|kaarten|toeleidingen|berichten|"
    r"momenten|vrijwilligers|rijen|leveringen|organisaties)\b"
)
GET_ROUTES = sorted(naam for naam, regel in MATRIX.items() if regel.methode == "GET")


def _msgids(po: Path) -> list[str]:
    """The msgids (and plural msgids) of a .po file; its .mo leaves untranslated ones out."""
    ids, huidig = [], None
    for regel in po.read_text(encoding="utf-8").splitlines():
        if regel.startswith(("msgid ", "msgid_plural ")):
            huidig = [ast.literal_eval(regel.split(" ", 1)[1])]
            ids.append(huidig)
        elif regel.startswith('"') and huidig is not None:
            huidig.append(ast.literal_eval(regel))
        else:
            huidig = None
    return ["".join(delen) for delen in ids]


@cache
def engelse_msgids() -> frozenset[str]:
    """Every msgid of Django's and allauth's English catalogues that Dutch translates
    differently: seen as such on a page, it is untranslated."""
    ids: set[str] = set()
    for bron in (Path(django.__file__).parent, Path(allauth.__file__).parent):
        for po in bron.rglob("locale/en/LC_MESSAGES/django.po"):
            ids.update(" ".join(i.split()) for i in _msgids(po) if len(i) >= 4)
    with translation.override("nl-be"):
        return frozenset(i for i in ids if re.search("[A-Za-z]", i) and translation.gettext(i) != i)


def fouten_in(html: str) -> list[str]:
    """What on this page is English or a plural after one."""
    tekst = zichtbare_tekst(html)
    fouten = [f"Engels: {m.group(0)!r}" for m in ENGELS.finditer(tekst)]
    fouten += [f"meervoud na 1: {m.group(0)!r}" for m in EEN_MEERVOUD.finditer(tekst)]
    fouten += [f"onvertaald: {deel!r}" for deel in tekstdelen(html) if deel in engelse_msgids()]
    return fouten


def test_the_checks_catch_what_was_seen():
    """The checks themselves, on the strings users saw before they were fixed."""
    assert fouten_in("<select><option>- Select an option -</option></select>")
    assert fouten_in("<p>Gezin · 1 kinderen</p>")
    assert fouten_in("<p>december 2026 (tot 2 Dec)</p>")
    assert fouten_in('<input placeholder="Search">')
    assert fouten_in("<p>This field is required.</p>")
    assert not fouten_in("<p>Het veld is verplicht. 1 kind, 2 kinderen, 11 kinderen, 2,1 kg</p>")
    assert not fouten_in("<p>December 2026 · 4 december · de zaal of de kerk</p>")
    assert not fouten_in("<script>var next = 'Select';</script>")


@pytest.fixture(autouse=True)
def _lege_cache():
    django_cache.clear()
    yield
    django_cache.clear()


def _tekst_van(response) -> str | None:
    """What a person reads in the response as HTML; None for a redirect or JSON."""
    soort = response.get("Content-Type", "")
    if response.status_code != 200:
        return None
    inhoud = b"".join(response.streaming_content) if response.streaming else response.content
    if "text/html" in soort:
        return inhoud.decode()
    if "text/csv" in soort:
        return f"<pre>{escape(inhoud.decode('utf-8-sig'))}</pre>"
    if "application/pdf" in soort and shutil.which("pdftotext"):
        tekst = subprocess.run(
            ["pdftotext", "-", "-"], input=inhoud, capture_output=True, check=True
        ).stdout.decode()
        return f"<pre>{escape(tekst)}</pre>"
    return None


@pytest.mark.parametrize("naam", GET_ROUTES)
def test_every_page_and_file_is_dutch_for_every_role_that_sees_it(naam, client, wereld, werelden):  # noqa: F811
    regel = MATRIX[naam]
    url = _url(naam, regel, werelden["eigen"])
    gezien = 0
    for rol in sorted(regel.rollen):
        aanmelden(client, maak_gebruiker(f"nl_{naam[:20]}_{rol}", getattr(wereld, regel.bij), rol))
        tekst = _tekst_van(client.get(url))
        client.logout()
        if tekst is None:
            continue
        gezien += 1
        fouten = fouten_in(tekst)
        assert not fouten, f"{url} als {rol}: {fouten}"
    assert gezien or naam in NIETS_TE_LEZEN, f"{naam}: geen pagina of bestand om te lezen"


# A redirect or JSON for a program: nothing a person reads. The import report is a
# CSV of an import in the session (404 without one); its columns are read in
# tests/doorverwijzing/test_import_views.py.
NIETS_TE_LEZEN = {"balie_kiezen", "gezin_export_json", "rooster", "import_verslag_csv"}
