"""Writing the audit log: reads and changes of household data, refusals, logins.

Views call `gelezen` / `gewijzigd` with the households they showed or changed;
the middleware logs every refused request (401/403/404) of a logged-in user and,
up to a limit per minute, those of anonymous visitors; the signal receivers log
authentication events. Only ids and the URL path are
stored, never names or what was typed in a search box.
"""

import time
from collections.abc import Iterable

from allauth.account.adapter import get_adapter
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest

from .access import huidig_lidmaatschap
from .models import Auditregel

Actie = Auditregel.Actie


def _waar(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    naam = match.view_name if match else ""
    # The path holds ids only; the query string may hold names, so it is left out.
    # PostgreSQL text cannot hold NUL; a typed "/%00" must not turn into a 500 here.
    return f"{naam} {request.path}".replace("\x00", "").strip()[:200]


def schrijf(
    request: HttpRequest,
    actie: str,
    gezinnen: Iterable[int | None] = (None,),
    *,
    status: int | None = None,
) -> None:
    user = getattr(request, "user", None)
    ingelogd = user is not None and user.is_authenticated
    lidmaatschap = huidig_lidmaatschap(request) if ingelogd else None
    gemeenschappelijk = {
        "user_id": user.pk if ingelogd else None,
        "gebruikersnaam": user.get_username() if ingelogd else "",
        "organisatie_id": lidmaatschap.organisatie_id if lidmaatschap else None,
        "actie": actie,
        "waar": _waar(request),
        "status": status,
    }
    Auditregel.objects.bulk_create(
        [Auditregel(gezin_id=gezin_id, **gemeenschappelijk) for gezin_id in dict.fromkeys(gezinnen)]
    )


def gelezen(request: HttpRequest, gezinnen: Iterable[int]) -> None:
    ids = [pk for pk in gezinnen if pk is not None]
    if ids:
        schrijf(request, Actie.GELEZEN, ids)


def gewijzigd(request: HttpRequest, gezinnen: Iterable[int]) -> None:
    ids = [pk for pk in gezinnen if pk is not None]
    if ids:
        schrijf(request, Actie.GEWIJZIGD, ids)


# Rows nobody can delete: what anonymous requests may add per minute, per
# address and in all (addresses are cheap to change).
ANONIEM_PER_ADRES = 10
ANONIEM_IN_TOTAAL = 60


def _anoniem_onder_limiet(request: HttpRequest) -> bool:
    minuut = int(time.time() // 60)
    try:
        adres = get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        adres = "onbekend"
    for sleutel, limiet in (
        (f"audit-anoniem:{minuut}", ANONIEM_IN_TOTAAL),
        (f"audit-anoniem:{minuut}:{adres}", ANONIEM_PER_ADRES),
    ):
        cache.add(sleutel, 0, timeout=120)
        try:
            aantal = cache.incr(sleutel)
        except ValueError:  # expired between add and incr
            aantal = 1
        if aantal > limiet:
            return False
    return True


class WeigeringenMiddleware:
    """Logs 401, 403 and 404 answers: guessing at other organisations' data leaves a trace.

    Every one of a logged-in user; of anonymous requests only so many a minute,
    so that a scanner cannot fill the append-only log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (401, 403, 404) and not request.path.startswith("/static/"):
            user = getattr(request, "user", None)
            if (user is not None and user.is_authenticated) or _anoniem_onder_limiet(request):
                schrijf(request, Actie.GEWEIGERD, status=response.status_code)
        return response


@receiver(user_logged_in)
def _aangemeld(sender, request, user, **kwargs):
    if request is not None:
        Auditregel.objects.create(
            user_id=user.pk,
            gebruikersnaam=user.get_username(),
            actie=Actie.AANGEMELD,
            waar=_waar(request),
        )


@receiver(user_logged_out)
def _afgemeld(sender, request, user, **kwargs):
    if request is not None and user is not None:
        Auditregel.objects.create(
            user_id=user.pk,
            gebruikersnaam=user.get_username(),
            actie=Actie.AFGEMELD,
            waar=_waar(request),
        )


@receiver(user_login_failed)
def _mislukt(sender, credentials, request=None, **kwargs):
    # The typed username is not stored: it may be a mistyped password or a
    # person's e-mail address.
    Auditregel.objects.create(
        actie=Actie.AANMELDING_MISLUKT, waar=_waar(request) if request is not None else "login"
    )
