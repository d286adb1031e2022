from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .lidmaatschappen import actieve_lidmaatschappen
from .models import Lidmaatschap

SESSION_KEY = "lidmaatschap_id"


def actief_lidmaatschap(request) -> Lidmaatschap | None:
    """The membership the user works under now: the one picked, or the only one."""
    user = request.user
    if not user.is_authenticated:
        return None
    lidmaatschappen = actieve_lidmaatschappen(request)
    # The header offers "Wissel" only to someone with more than one (context_processors).
    request.aantal_lidmaatschappen = len(lidmaatschappen)
    gekozen = request.session.get(SESSION_KEY)
    lidmaatschap = next((lid for lid in lidmaatschappen if lid.pk == gekozen), None)
    if lidmaatschap is None and len(lidmaatschappen) == 1:
        lidmaatschap = lidmaatschappen[0]
    return lidmaatschap


class ActieveOrganisatieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.lidmaatschap = SimpleLazyObject(lambda: actief_lidmaatschap(request))
        return self.get_response(request)


def _zonder_nul(waarden):
    if not any("\x00" in w for _k, lijst in waarden.lists() for w in lijst if isinstance(w, str)):
        return waarden
    schoon = waarden.copy()
    for sleutel, lijst in waarden.lists():
        schoon.setlist(sleutel, [w.replace("\x00", "") if isinstance(w, str) else w for w in lijst])
    schoon._mutable = False
    return schoon


class NulTekensMiddleware:
    """Drops NUL characters from query and form values: PostgreSQL text cannot hold them,
    and no person types one, so a search box or form never fails on them.

    Only the text fields of a multipart form are cleaned (files are not touched);
    JSON bodies are the API's own business.
    """

    FORMULIEREN = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            # No page has a NUL in its address: a plain 404, before anything looks it up.
            # Answered before the session is read, so never cached: cookies may follow.
            antwoord = HttpResponseNotFound(_("Deze pagina bestaat niet."))
            add_never_cache_headers(antwoord)
            return antwoord
        request.GET = _zonder_nul(request.GET)
        if request.method == "POST" and request.content_type in self.FORMULIEREN:
            # Too big or too many fields raise SuspiciousOperation here: Django answers 400.
            try:
                if request.content_type == "application/x-www-form-urlencoded":
                    request.body  # noqa: B018 - read first, so views can still use request.body
                request.POST = _zonder_nul(request.POST)
            except MultiPartParserError:
                return HttpResponseBadRequest(
                    _("Het formulier kwam onvolledig aan. Probeer opnieuw.")
                )
        return self.get_response(request)


class GeenCacheMiddleware:
    """Pages for a logged-in user are never stored by the browser or a proxy.

    Household, referral, dossier, card and letter pages hold personal data;
    on a shared phone the back button or the browser's cache must not bring
    them back after logout. A view that sets its own Cache-Control keeps it
    (the service worker and the manifest need theirs). The desk's offline copy
    lives in the service worker's cache, which this header does not touch.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class MethodeNietToegestaanMiddleware:
    """A page instead of Django's empty 405.

    Searches and card look-ups are POST-only (a card code must not land in a
    log or the history), so a bookmark, a reload or an old link asks them with
    GET; the user then gets a Dutch page with a way on, not a blank screen.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        accept = request.headers.get("Accept", "")
        if "application/json" in accept and "text/html" not in accept:
            return response
        pagina = render(request, "405.html", status=405)
        pagina["Allow"] = response.get("Allow", "")
        return pagina
