"""Role checks for views. Data scoping itself lives in scoping.py."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from .models import Lidmaatschap, Rol
from .terugweg import lokaal_pad


def huidig_lidmaatschap(request) -> Lidmaatschap | None:
    # A SimpleLazyObject around None is not None, but it is falsy.
    actief = getattr(request, "lidmaatschap", None)
    return actief if actief else None


def alleen_post(view):
    """require_POST, marked so that a way back never leads to this URL (a GET on it
    after logging in would only show that the page does not open that way)."""
    view = require_POST(view)
    view.alleen_post = True
    return view


def _pagina_van(pad: str) -> str:
    """`pad`, or for a POST-only URL the page it belongs to: the nearest parent path
    that opens by GET (/registratie/balie/5/zoeken/ → /registratie/balie/5/)."""
    if _opent_met_get(pad.split("?", 1)[0]):
        return pad
    pad = pad.split("?", 1)[0]
    while pad != "/" and not _opent_met_get(pad):
        pad = pad.rstrip("/").rsplit("/", 1)[0] + "/"
    return pad


def _opent_met_get(pad: str) -> bool:
    try:
        return not getattr(resolve(pad).func, "alleen_post", False)
    except Resolver404:
        return False


def terug_na_aanmelden(request: HttpRequest) -> str:
    """The page to come back to after logging in (or picking an organisation).

    A plain GET comes back to itself. An htmx request or a form POST does not:
    its URL is a fragment or POST-only (a search, a card look-up), and asking it
    with GET after login gives a bare fragment or a 405. It comes back to the
    page the user was on (htmx's HX-Current-URL, else the Referer), on this site only.
    """
    if request.method in ("GET", "HEAD") and not request.htmx:
        return request.get_full_path()
    waar = request.headers.get("HX-Current-URL") or request.headers.get("Referer") or ""
    delen = urlsplit(waar)
    if delen.netloc and delen.netloc != request.get_host():
        return ""
    pad = delen.path + (f"?{delen.query}" if delen.query else "")
    return _pagina_van(lokaal_pad(request, pad)) if lokaal_pad(request, pad) else ""


def _doorsturen(request: HttpRequest, doel: str) -> HttpResponse:
    # An htmx request would swap the login page into a results box: reload the whole page.
    if request.htmx:
        return HttpResponseClientRedirect(doel)
    return redirect(doel)


def met_terugweg(url: str, terug: str) -> str:
    return f"{url}?{urlencode({'next': terug})}" if terug else url


def naar_login(request: HttpRequest) -> HttpResponse:
    if "application/json" in request.headers.get("Accept", ""):
        # The desk's scripts: a redirect to an HTML page would look like a broken roster.
        return JsonResponse(
            {"fout": gettext("Meld u opnieuw aan."), "code": "aanmelden"}, status=401
        )
    return _doorsturen(
        request, met_terugweg(resolve_url(settings.LOGIN_URL), terug_na_aanmelden(request))
    )


def ingelogd_vereist(view):
    """Django's login_required, but right for htmx requests and POST-only URLs."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return naar_login(request)
        return view(request, *args, **kwargs)

    return wrapper


def rol_vereist(*rollen: Rol):
    """Logged in, working for an organisation, in one of these roles; else login, pick, or 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return naar_login(request)
            lidmaatschap = huidig_lidmaatschap(request)
            if lidmaatschap is None:
                return _doorsturen(
                    request,
                    met_terugweg(reverse("kies_organisatie"), terug_na_aanmelden(request)),
                )
            if rollen and lidmaatschap.rol not in rollen:
                raise PermissionDenied("Uw rol geeft geen toegang tot deze pagina.")
            request.lidmaatschap = lidmaatschap
            return view(request, *args, **kwargs)

        wrapper.rollen = rollen
        return wrapper

    return decorator
