from django.http import HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.functional import SimpleLazyObject

from .models import Lidmaatschap

SESSION_KEY = "lidmaatschap_id"


def actief_lidmaatschap(request) -> Lidmaatschap | None:
    """The membership the user works under now: the one picked, or the only one."""
    user = request.user
    if not user.is_authenticated:
        return None
    lidmaatschappen = (
        Lidmaatschap.objects.actief()
        .filter(user=user)
        .select_related("organisatie", "organisatie__gemeente", "organisatie__afhaalregels")
    )
    gekozen = request.session.get(SESSION_KEY)
    if gekozen is not None:
        lidmaatschap = lidmaatschappen.filter(pk=gekozen).first()
        if lidmaatschap is not None:
            return lidmaatschap
    eerste_twee = list(lidmaatschappen[:2])
    return eerste_twee[0] if len(eerste_twee) == 1 else None


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
        request.GET = _zonder_nul(request.GET)
        if request.method == "POST" and request.content_type in self.FORMULIEREN:
            # Too big or too many fields raise SuspiciousOperation here: Django answers 400.
            try:
                if request.content_type == "application/x-www-form-urlencoded":
                    request.body  # noqa: B018 - read first, so views can still use request.body
                request.POST = _zonder_nul(request.POST)
            except MultiPartParserError:
                return HttpResponseBadRequest("Het formulier kwam onvolledig aan. Probeer opnieuw.")
        return self.get_response(request)
