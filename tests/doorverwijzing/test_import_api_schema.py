"""schemathesis: the import API keeps to docs/openapi/import.yaml and never answers 500.

Bodies generated from the description (valid ones and, in negative mode, ones
that break it) go in process to the real WSGI application with a bearer key,
so the whole middleware stack runs.
"""

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")  # a dev dependency (pyproject.toml)

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, transaction  # noqa: E402
from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from hulpverlening import apitokens  # noqa: E402
from hulpverlening.models import Hulpvorm  # noqa: E402

URL = "/doorverwijzingen/import/api/"
SCHEMA = schemathesis.openapi.from_path(
    Path(__file__).resolve().parents[2] / "docs" / "openapi" / "import.yaml"
)
OPERATIE = SCHEMA[URL]["POST"]
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def wsgi(db, settings, wereld):
    """The real WSGI app and a key of the social service (see test_kwaadaardige_invoer_schema)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    Hulpvorm.objects.standaard()
    _token, sleutel = apitokens.api_token_aanmaken(organisatie=wereld.sociale_dienst, naam="x")
    headers = {"Authorization": f"Bearer {sleutel}", "Accept-Encoding": "identity"}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler(), headers
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_description_names_the_real_url():
    from django.urls import reverse

    assert reverse("import_api") == URL
    assert [op.ok().method.upper() for op in SCHEMA.get_all_operations()] == ["POST"]


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
@given(
    case=st.one_of(
        OPERATIE.as_strategy(GenerationMode.POSITIVE), OPERATIE.as_strategy(GenerationMode.NEGATIVE)
    )
)
def test_import_answers_match_the_openapi_description(wsgi, case):
    app, headers = wsgi
    case.headers = dict(headers)
    with transaction.atomic():
        response = case.call(app=app)
        case.validate_response(response, checks=CHECKS)
        event(f"status {response.status_code}")
        transaction.set_rollback(True)


def test_without_a_key_the_answer_is_a_documented_401(wsgi):
    app, _headers = wsgi
    case = OPERATIE.Case(body={"gezinnen": []}, media_type="application/json")
    response = case.call(app=app)
    assert response.status_code == 401
    case.validate_response(response, checks=CHECKS)
