"""The PWA plumbing: manifest, service worker and offline page, served from the site root."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import NoReverseMatch, reverse
from django.views.i18n import JavaScriptCatalog


@pytest.fixture(autouse=True)
def _pwa_urls(settings):
    """Until materielehulp/urls.py includes registratie.pwa_urls, the tests add it."""
    try:
        reverse("pwa_service_worker")
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.browser.urls"


def test_manifest_makes_the_desk_installable(client, db):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Materiële hulp"
    assert manifest["short_name"] == "Afhalen"
    assert manifest["start_url"] == "/registratie/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b4f8a"
    assert {(i["sizes"], i["purpose"]) for i in manifest["icons"]} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }
    for icoon in manifest["icons"]:
        assert finders.find(icoon["src"].removeprefix(settings.STATIC_URL))


def test_service_worker_controls_the_whole_site_and_is_always_revalidated(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    tekst = response.content.decode()
    assert 'importScripts("/static/registratie/outbox.js")' in tekst
    assert '"/static/vendor/qr-scanner-1.4.2/qr-scanner-worker.min.js"' in tekst
    assert '"/offline/"' in tekst

    herhaald = client.get("/sw.js", headers={"if-none-match": response["ETag"]})
    assert herhaald.status_code == 304


def test_cache_version_follows_the_static_files(client, db, tmp_path, settings):
    settings.DEBUG = True  # with DEBUG off the version is computed once per process
    eerst = client.get("/sw.js").content
    (tmp_path / "extra.css").write_text("body { color: red; }")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path]
    assert client.get("/sw.js").content != eerst


def test_service_worker_precaches_and_imports_the_text_catalogue(client, db):
    """An offline reload of the desk needs gettext(), and so does the outbox in the worker."""
    tekst = client.get("/sw.js").content.decode()
    config = json.loads(re.search(r"^const CONFIG = (.*);$", tekst, re.MULTILINE).group(1))
    assert "/jsi18n/" in config["vooraf"]
    assert tekst.index('importScripts("/jsi18n/")') < tekst.index(
        'importScripts("/static/registratie/outbox.js")'
    )
    catalogus = client.get("/jsi18n/")
    assert catalogus.status_code == 200
    assert catalogus["Content-Type"].startswith("text/javascript")
    assert "globals.gettext = django.gettext" in catalogus.content.decode()


def test_cache_version_follows_the_text_catalogue(client, db, monkeypatch):
    """The catalogue's URL carries no hash: a new translation must still install a new worker."""
    eerst = client.get("/sw.js").content
    monkeypatch.setattr(JavaScriptCatalog, "get_catalog", lambda self: {"Verzonden.": "Sent."})
    assert client.get("/sw.js").content != eerst


def test_offline_page_needs_no_login(client, db):
    response = client.get("/offline/")
    assert response.status_code == 200
    assert "Geen internet" in response.content.decode()


def test_offline_page_shows_nothing_of_the_user_even_when_fetched_logged_in(als, vrijwilliger):
    """The service worker caches this page while someone is logged in and shows it to
    whoever opens the phone offline later. (Asked anonymously, as this test once was,
    no header with a name could ever appear: the check could not fail.)"""
    vrijwilliger.first_name, vrijwilliger.last_name = "Griet", "Vandamme"
    vrijwilliger.save()
    html = als(vrijwilliger).get("/offline/").content.decode()
    assert "Geen internet" in html
    for persoonlijk in ("Griet", "Vandamme", vrijwilliger.username, "Afmelden"):
        assert persoonlijk not in html
