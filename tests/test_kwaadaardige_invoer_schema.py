"""schemathesis: the sync endpoint keeps to docs/openapi/registratie-sync.yaml.

Requests generated from the OpenAPI description (valid ones and, in negative
mode, ones that break it) go in process to the real WSGI application, with a
volunteer's session cookie and CSRF token, so the whole middleware stack runs.
Checks: no server error, and every answer matches the documented response
schema (200 with one Resultaat per item, or a JSON {"fout": ...}).
"""

from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from .kwaadaardig import SYNC_URL, aanmelden, bekende_sync_bug, diepte

SCHEMA_PAD = Path(__file__).resolve().parent.parent / "docs" / "openapi" / "registratie-sync.yaml"
SCHEMA = schemathesis.openapi.from_path(SCHEMA_PAD)
OPERATIE = SCHEMA[SYNC_URL]["POST"]
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def wsgi(db, settings, vrijwilliger):
    """The real WSGI app plus a logged-in volunteer's cookies and CSRF header.

    Django closes "old" connections at the start and end of every request; inside
    a test's transaction that would drop it, so (like Django's test client) the
    signal is disconnected while the app runs in process.
    """
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    client = aanmelden(Client(), vrijwilliger)
    client.get("/")  # sets the CSRF cookie
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: client.cookies[settings.CSRF_COOKIE_NAME].value,
    }
    # Identity: the in-process client does not undo GZipMiddleware's compression.
    headers = {"X-CSRFToken": cookies[settings.CSRF_COOKIE_NAME], "Accept-Encoding": "identity"}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler(), cookies, headers
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_description_is_valid_openapi_and_names_the_real_url():
    from django.urls import reverse

    assert reverse("sync_api") == SYNC_URL
    assert [op.ok().method.upper() for op in SCHEMA.get_all_operations()] == ["POST"]


@settings(
    max_examples=120,
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
    ),
    data=st.data(),
)
def test_sync_answers_match_the_openapi_description(wsgi, moment_a, kaart_a, case, data):
    app, cookies, headers = wsgi
    body = case.body
    # Point some generated items at this volunteer's real moment, day and card,
    # so that they get past the first checks and reach the registration.
    if isinstance(body, dict) and isinstance(body.get("afhalingen"), list):
        for item in body["afhalingen"]:
            if isinstance(item, dict) and data.draw(st.booleans(), label="echt moment"):
                item["moment"] = moment_a.pk
                item["datum"] = timezone.localdate().isoformat()
                if data.draw(st.booleans(), label="echte kaart"):
                    item["kaart"] = kaart_a.qr_payload
    assume(diepte(body) < 500 and bekende_sync_bug(body) is None)
    case.headers = dict(headers)
    case.cookies = dict(cookies)
    with transaction.atomic():
        response = case.call(app=app)
        case.validate_response(response, checks=CHECKS)
        event(f"status {response.status_code}")
        if response.status_code == 200:
            for resultaat in response.json()["resultaten"]:
                event(f"{resultaat['uitkomst']}: {resultaat['bericht'][:30]}")
        transaction.set_rollback(True)


def test_without_csrf_token_the_answer_is_403(wsgi):
    app, cookies, _ = wsgi
    case = OPERATIE.Case(body={"afhalingen": []}, media_type="application/json")
    case.cookies = dict(cookies)
    response = case.call(app=app)
    assert response.status_code == 403


def test_without_session_the_answer_is_a_documented_401(wsgi):
    app, cookies, headers = wsgi
    case = OPERATIE.Case(body={"afhalingen": []}, media_type="application/json")
    case.headers = dict(headers)
    case.cookies = {k: v for k, v in cookies.items() if k != "sessionid"}
    response = case.call(app=app)
    assert response.status_code == 401
    case.validate_response(response, checks=CHECKS)
