"""Import from the social dossier: the upload page (check, then import) and the token API."""

import logging
import secrets

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from hulpverlening import apitokens, audit
from hulpverlening.access import rol_vereist
from hulpverlening.csvexport import csv_response
from hulpverlening.models import Organisatie, Rol

from . import importeren
from .importeren import Bestandsfout, Importverslag

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
# The page checks and then imports: two requests of about 12 s each for this many
# new rows on a busy two-core machine; more goes through the API (importeren.MAX_RIJEN).
PAGINA_MAX_RIJEN = 20_000
PAGINA_MAX_BYTES = 8 * 1024 * 1024
# The checked file waits this long for "Importeren" (in the cache: Redis in production).
BEWAREN_SECONDEN = 30 * 60
TONEN = 500
MISLUKT = gettext_lazy(
    "Er ging iets mis bij het importeren. Er werd niets bewaard; probeer later opnieuw of "
    "meld het aan de beheerder."
)


def _enkel_sociale_dienst(organisatie: Organisatie) -> None:
    if organisatie.soort != Organisatie.Soort.SOCIALE_DIENST:
        raise PermissionDenied("Enkel de Sociale Dienst kan uit het sociaal dossier importeren.")


def _uitvoeren(
    bestanden: list[tuple[str, bytes]],
    *,
    max_rijen: int,
    organisatie: Organisatie,
    door,
    alleen_controleren: bool,
) -> Importverslag:
    """Read and import; file errors and failures come back in the report, never as a 500."""
    try:
        invoer = importeren.lees_bestanden(bestanden, max_rijen=max_rijen)
        with transaction.atomic():
            verslag = importeren.dossier_importeren(
                invoer=invoer,
                organisatie=organisatie,
                door=door,
                alleen_controleren=alleen_controleren,
            )
        return verslag
    except Bestandsfout as fout:
        bericht = str(fout)
        if max_rijen < importeren.MAX_RIJEN and isinstance(fout, importeren.TeVeelRijen):
            grens = f"{importeren.MAX_RIJEN:,}".replace(",", ".")
            bericht += " " + gettext(
                "Grote bestanden uit het dossiersysteem gaan beter via de API (tot %(grens)s "
                "rijen per keer); vraag de beheerder een API-sleutel."
            ) % {"grens": grens}
        return Importverslag(fouten=[bericht], alleen_controleren=alleen_controleren)
    except Exception:
        logger.exception("import uit het sociaal dossier mislukt")
        return Importverslag(fouten=[str(MISLUKT)], alleen_controleren=alleen_controleren)


def _cache_sleutel(request: HttpRequest, soort: str, sleutel: str) -> str:
    return f"import:{soort}:{request.user.pk}:{request.lidmaatschap.organisatie_id}:{sleutel}"


def _bewaar_verslag(request: HttpRequest, verslag: Importverslag) -> str:
    sleutel = secrets.token_urlsafe(16)
    rijen = [(r.soort, r.rij, r.getoonde_id, r.resultaat, r.reden) for r in verslag.rijen]
    cache.set(_cache_sleutel(request, "verslag", sleutel), rijen, BEWAREN_SECONDEN)
    return sleutel


def _gelezen_bestanden(request: HttpRequest) -> tuple[list[tuple[str, bytes]], str]:
    bestanden = request.FILES.getlist("bestand")
    if not bestanden:
        return [], gettext("Kies een bestand (JSON of CSV).")
    if len(bestanden) > 3:
        return [], gettext(
            "Hoogstens drie bestanden tegelijk: gezinnen, personen, doorverwijzingen."
        )
    if sum(b.size for b in bestanden) > PAGINA_MAX_BYTES:
        return [], gettext(
            "Te groot: samen hoogstens %(mb)s MB. Splits het bestand; een deel opnieuw "
            "importeren kan geen kwaad. Grote bestanden uit het dossiersysteem gaan beter via "
            "de API."
        ) % {"mb": PAGINA_MAX_BYTES // (1024 * 1024)}
    return [(b.name or gettext("bestand"), b.read()) for b in bestanden], ""


@rol_vereist(Rol.MAATSCHAPPELIJK_WERKER)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload, check (nothing is saved), then import the same file with one more click."""
    lid = request.lidmaatschap
    _enkel_sociale_dienst(lid.organisatie)
    context = {
        "kolommen": importeren.KOLOMMEN,
        "max_mb": PAGINA_MAX_BYTES // (1024 * 1024),
        "max_rijen": f"{PAGINA_MAX_RIJEN:,}".replace(",", "."),
        "toestemming_tekst": importeren.TOESTEMMING_TEKST,
        "toestemming_versie": importeren.TOESTEMMING_VERSIE,
    }
    if request.method != "POST":
        return render(request, "doorverwijzing/import.html", context)

    importeer = request.POST.get("actie") == "importeren"
    if importeer:
        sleutel = request.POST.get("sleutel", "")
        bewaard = cache.get(_cache_sleutel(request, "bestand", sleutel)) if sleutel else None
        if bewaard is None:
            messages.error(
                request,
                gettext(
                    "Het gecontroleerde bestand is niet meer beschikbaar (na 30 minuten of na het "
                    "importeren). Laad het opnieuw op."
                ),
            )
            return render(request, "doorverwijzing/import.html", context, status=422)
        cache.delete(_cache_sleutel(request, "bestand", sleutel))
        bestanden, bestandsnamen = bewaard["bestanden"], bewaard["namen"]
        if request.POST.get("bevestigd") != "ja":
            messages.error(request, gettext("Bevestig eerst dat de gezinnen toestemming gaven."))
            importeer = False  # check again and show the same question
    else:
        bestanden, fout = _gelezen_bestanden(request)
        if fout:
            messages.error(request, fout)
            return render(request, "doorverwijzing/import.html", context, status=422)
        bestandsnamen = ", ".join(naam for naam, _ in bestanden)

    verslag = _uitvoeren(
        bestanden,
        max_rijen=PAGINA_MAX_RIJEN,
        organisatie=lid.organisatie,
        door=request.user,
        alleen_controleren=not importeer,
    )
    context |= {
        "verslag": verslag,
        "bestandsnamen": bestandsnamen,
        "verslag_sleutel": _bewaar_verslag(request, verslag) if verslag.rijen else "",
        "geweigerd": verslag.geweigerd[:TONEN],
        "overige": [r for r in verslag.rijen if r.resultaat != importeren.GEWEIGERD][:TONEN],
        "tonen": TONEN,
    }
    totalen = verslag.totalen
    if not importeer and not verslag.fouten and totalen["aangemaakt"] + totalen["bijgewerkt"]:
        sleutel = secrets.token_urlsafe(16)
        cache.set(
            _cache_sleutel(request, "bestand", sleutel),
            {"bestanden": bestanden, "namen": bestandsnamen},
            BEWAREN_SECONDEN,
        )
        context["import_sleutel"] = sleutel
    return render(
        request, "doorverwijzing/import.html", context, status=422 if verslag.fouten else 200
    )


@rol_vereist(Rol.MAATSCHAPPELIJK_WERKER)
def import_verslag_csv(request: HttpRequest) -> HttpResponse:
    """The whole per-row report of the last check or import, for a spreadsheet."""
    _enkel_sociale_dienst(request.lidmaatschap.organisatie)
    sleutel = request.GET.get("sleutel", "")
    # Only what _bewaar_verslag hands out (token_urlsafe(16)) may reach the cache key.
    geldig = len(sleutel) == 22 and all(c.isascii() and (c.isalnum() or c in "-_") for c in sleutel)
    rijen = cache.get(_cache_sleutel(request, "verslag", sleutel)) if geldig else None
    if rijen is None:
        raise Http404("Dit verslag is niet meer beschikbaar.")
    # extern_id is the import format's own field name; the other headers are words.
    kolommen = [
        gettext("soort"),
        gettext("rij"),
        "extern_id",
        gettext("resultaat"),
        gettext("reden"),
    ]
    return csv_response("importverslag.csv", kolommen, rijen)


# The documented values of ?controleren= (docs/openapi/import.yaml); absent is false.
CONTROLEREN = {
    "": False,
    "false": False,
    "0": False,
    "nee": False,
    "true": True,
    "1": True,
    "ja": True,
}


def _json_fout(bericht: str, status: int, **headers) -> JsonResponse:
    return JsonResponse(
        {"fout": bericht}, status=status, headers=headers, json_dumps_params={"ensure_ascii": False}
    )


@csrf_exempt  # authenticated by its bearer token, never by a cookie
def import_api(request: HttpRequest) -> JsonResponse:
    token = apitokens.api_token_uit_header(request.headers.get("Authorization", ""))
    if token is None:
        return _json_fout(
            gettext("Geef een geldige API-sleutel mee: Authorization: Bearer <sleutel>."),
            401,
            **{"WWW-Authenticate": 'Bearer realm="import"'},
        )
    if token.organisatie.soort != Organisatie.Soort.SOCIALE_DIENST:
        return _json_fout(
            gettext("Enkel de Sociale Dienst kan uit het sociaal dossier importeren."), 403
        )
    if request.method != "POST":
        return _json_fout(gettext("Stuur de gegevens met POST."), 405, Allow="POST")
    if request.content_type != "application/json":
        return _json_fout(gettext("Stuur JSON (Content-Type: application/json)."), 415)
    try:
        lengte = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        lengte = 0
    if lengte > MAX_BYTES:
        return _json_fout(
            gettext(
                "Te groot: hoogstens %(mb)s MB per vraag. Stuur de rijen in delen; opnieuw "
                "sturen kan geen kwaad."
            )
            % {"mb": MAX_BYTES // (1024 * 1024)},
            413,
        )
    # Read past DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): the limit is MAX_BYTES, checked above.
    data = request.read(MAX_BYTES + 1)
    controleren = request.GET.get("controleren", "").strip().lower()
    if controleren not in CONTROLEREN:
        # A value we do not know must not become "import for real" (a dry run was asked).
        verslag = Importverslag(
            fouten=[gettext("Onbekende waarde voor controleren: gebruik true of false.")]
        )
        return JsonResponse(
            verslag.als_dict(), status=400, json_dumps_params={"ensure_ascii": False}
        )
    alleen_controleren = CONTROLEREN[controleren]
    # No user acts: the import's lines are written under its key.
    with audit.namens(f"api:{token.begin}", token.organisatie_id):
        verslag = _uitvoeren(
            [("import.json", data)],
            max_rijen=importeren.MAX_RIJEN,
            organisatie=token.organisatie,
            door=None,
            alleen_controleren=alleen_controleren,
        )
    status = 200
    if verslag.fouten:
        status = 500 if verslag.fouten == [str(MISLUKT)] else 400
    return JsonResponse(
        verslag.als_dict(), status=status, json_dumps_params={"ensure_ascii": False}
    )
