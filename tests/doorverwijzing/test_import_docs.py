"""The examples in docs/import-formaat.md import into the demo as they stand: a
caseworker who copies them gets no refusal (issue 14.22)."""

import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from doorverwijzing import importeren
from hulpverlening.models import Organisatie

DOC = Path(settings.BASE_DIR) / "docs" / "import-formaat.md"
# The day the examples' dates were written for: referrals start at most a month back.
DAG = "2026-12-02 10:00:00 +01:00"


def _blokken(taal: str) -> list[str]:
    return re.findall(rf"```{taal}\n(.*?)```", DOC.read_text(), flags=re.S)


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(DAG, tick=False):
        call_command("seed_demo", households=40, months=1, seed=7, stdout=StringIO())
        yield


def _sociale_dienst() -> Organisatie:
    naam = shlex.split(re.search(r"api_token (--organisatie .*)", DOC.read_text()).group(1))[1]
    return Organisatie.objects.get(naam=naam, soort=Organisatie.Soort.SOCIALE_DIENST)


def _controleer(bestanden) -> importeren.Importverslag:
    invoer = importeren.lees_bestanden(bestanden)
    return importeren.dossier_importeren(
        invoer=invoer, organisatie=_sociale_dienst(), alleen_controleren=True
    )


def test_the_documented_api_key_command_names_an_organisation_of_the_demo(demo):
    assert _sociale_dienst().gemeente.naam == "Gent"


def test_the_json_example_imports_into_the_demo_without_a_refusal(demo):
    (voorbeeld,) = [b for b in _blokken("json") if '"gezinnen"' in b]
    verslag = _controleer([("import.json", voorbeeld.encode())])
    assert verslag.fouten == []
    assert verslag.totalen == {"aangemaakt": 4, "bijgewerkt": 0, "ongewijzigd": 0, "geweigerd": 0}


def test_the_csv_examples_import_into_the_demo_without_a_refusal(demo):
    csv = _blokken("csv")
    assert len(csv) == 3
    verslag = _controleer([(f"deel{i}.csv", b.encode()) for i, b in enumerate(csv)])
    assert verslag.fouten == []
    assert verslag.totalen == {"aangemaakt": 7, "bijgewerkt": 0, "ongewijzigd": 0, "geweigerd": 0}
