"""Role checks for views. Data scoping itself lives in scoping.py."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django_htmx.http import HttpResponseClientRedirect

from .models import Lidmaatschap, Rol
from .terugweg import lokaal_pad


def huidig_lidmaatschap(request) -> Lidmaatschap | None:
    # A SimpleLazyObject around None is not None, but it is falsy.
    actief = getattr(request, "lidmaatschap", None)
    return actief if actief else None


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
    return lokaal_pad(request, pad)


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
