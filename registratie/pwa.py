"""The installable app: web manifest, service worker and the offline fallback page.

The service worker is served from the site root (a worker under /static/ could
only control /static/) and rendered with the current static URLs, so that under
WhiteNoise's manifest storage it precaches the hashed files the pages use. The
shell also holds Django's JavaScript catalogue (the texts of balie.js and
outbox.js), which the worker imports too.
"""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import resolve, reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEMAKLEUR = "#0b4f8a"
APP_SHELL = [
    "css/app.css",
    "js/bezig.js",
    "vendor/htmx-2.0.11/htmx.min.js",
    "registratie/outbox.js",
    "registratie/kaartcode.js",
    "registratie/scanner.js",
    "registratie/paneel.js",
    "registratie/balie.js",
    "icons/icon-192.png",
]
# scanner.js loads the decoder by its plain name and the decoder imports its worker
# by a relative name, so these two are cached under their unhashed URLs.
DECODER = [
    "vendor/qr-scanner-1.4.2/qr-scanner.umd.min.js",
    "vendor/qr-scanner-1.4.2/qr-scanner-worker.min.js",
]


def _inhoud_hash() -> str:
    """A digest of the project's static files: the service worker's cache version."""
    digest = hashlib.sha256()
    for finder in finders.get_finders():
        if not isinstance(finder, finders.FileSystemFinder):
            continue
        for pad, storage in sorted(finder.list([]), key=lambda item: item[0]):
            digest.update(pad.encode())
            with storage.open(pad) as bestand:
                digest.update(bestand.read())
    return digest.hexdigest()[:16]


_inhoud_hash_eenmalig = cache(_inhoud_hash)


def cache_versie() -> str:
    # Static files only change with a deploy, but in development at every save.
    return _inhoud_hash() if settings.DEBUG else _inhoud_hash_eenmalig()


def _catalogus_hash(request: HttpRequest, url: str) -> str:
    """A digest of the JavaScript catalogue as served to this request.

    The catalogue is precached under a URL without a content hash, and it changes
    without any static file changing: a new or edited djangojs translation,
    another language, a Django upgrade (its formats). So the cache version
    includes its content, or an installed desk would keep the old texts.
    """
    match = resolve(url)
    antwoord = match.func(request, *match.args, **match.kwargs)
    return hashlib.sha256(antwoord.content).hexdigest()[:8]


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    def icoon(naam: str, maat: int, doel: str = "any") -> dict:
        return {
            "src": static(f"icons/{naam}.png"),
            "sizes": f"{maat}x{maat}",
            "type": "image/png",
            "purpose": doel,
        }

    start = reverse("balie_kiezen")
    data = {
        "id": start,
        "name": _("Materiële hulp"),
        "short_name": _("Afhalen"),
        "description": _("Afhalingen registreren aan de balie, ook zonder internet."),
        "lang": "nl-BE",
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEMAKLEUR,
        "icons": [
            icoon("icon-192", 192),
            icoon("icon-512", 512),
            icoon("maskable-512", 512, "maskable"),
        ],
    }
    response = JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    balie_pad = reverse("balie", args=[0]).removesuffix("0/")
    offline_url = reverse("pwa_offline")
    catalogus_url = reverse("javascript_catalog")
    vooraf = [static(pad) for pad in APP_SHELL]
    vooraf += [settings.STATIC_URL + pad for pad in DECODER]
    vooraf += [offline_url, reverse("pwa_manifest"), catalogus_url]
    config = {
        "versie": f"{cache_versie()}-{_catalogus_hash(request, catalogus_url)}",
        "vooraf": list(dict.fromkeys(vooraf)),
        "staticUrl": settings.STATIC_URL,
        "baliePad": balie_pad,
        "registratiePad": reverse("balie_kiezen"),
        "logoutPad": reverse("account_logout"),
        "offlineUrl": offline_url,
    }
    inhoud = render_to_string(
        "registratie/sw.js",
        {
            "config": json.dumps(config),
            "catalogus_url": json.dumps(catalogus_url),
            "outbox_url": json.dumps(static("registratie/outbox.js")),
        },
    )
    response = HttpResponse(inhoud, content_type="application/javascript; charset=utf-8")
    response["ETag"] = f'"{hashlib.sha256(inhoud.encode()).hexdigest()[:20]}"'
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return get_conditional_response(request, etag=response["ETag"], response=response)


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "registratie/offline.html", {"themakleur": THEMAKLEUR})
