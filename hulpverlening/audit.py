"""Writing the audit log: reads and changes of household data, refusals, logins.

Views write no audit line themselves: a view that forgets one leaves a hole
nobody sees. Instead
- the function that fetches what a page shows writes the read line
  (`scoping.gezin_getoond`, `scoping.getoond`, the desk's panel);
- the service that changes a household writes the change line (`gewijzigd`);
- the function that builds an export writes the export line, and views that
  hand out a file without households carry `@exporteert`.
They find the request in a context variable the middleware sets, so services
keep their signatures; outside a request (Celery, a management command, a
test calling a service) nothing is written, as no person acted.

The middleware also logs every refused request (401/403/404) of a logged-in
user and, up to a limit per minute, those of anonymous visitors; the signal
receivers log authentication events. Only ids and the URL path are stored,
never names or what was typed in a search box.
"""

import functools
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

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


_verzoek: ContextVar[HttpRequest | None] = ContextVar("audit_verzoek", default=None)


@dataclass(frozen=True)
class Namens:
    """Who acts when no user does: an import through an API key."""

    gebruikersnaam: str
    organisatie_id: int


_namens: ContextVar[Namens | None] = ContextVar("audit_namens", default=None)


@contextmanager
def namens(gebruikersnaam: str, organisatie_id: int) -> Iterator[None]:
    token = _namens.set(Namens(gebruikersnaam[:150], organisatie_id))
    try:
        yield
    finally:
        _namens.reset(token)


def _wie(request: HttpRequest) -> dict:
    namens_wie = _namens.get()
    if namens_wie is not None:
        return {
            "user_id": None,
            "gebruikersnaam": namens_wie.gebruikersnaam,
            "organisatie_id": namens_wie.organisatie_id,
        }
    user = getattr(request, "user", None)
    ingelogd = user is not None and user.is_authenticated
    lidmaatschap = huidig_lidmaatschap(request) if ingelogd else None
    return {
        "user_id": user.pk if ingelogd else None,
        "gebruikersnaam": user.get_username() if ingelogd else "",
        "organisatie_id": lidmaatschap.organisatie_id if lidmaatschap else None,
    }


# Many households in one line set (an import, a roster): one INSERT per this many.
PARTIJ = 1000

_samen: ContextVar[dict | None] = ContextVar("audit_samen", default=None)


@contextmanager
def samen() -> Iterator[None]:
    """The lines written inside go to the database in one INSERT at the end, one per
    household and action: a batch of pickups from a phone pays one round trip for its
    audit lines, not one per pickup, and a household scanned twice gets one line."""
    if _samen.get() is not None:
        yield
        return
    # (request, action, status) -> household ids in order, without repeats.
    verzameld: dict[tuple, dict] = {}
    token = _samen.set(verzameld)
    try:
        yield
    finally:
        _samen.reset(token)
    regels = [
        regel
        for (request, actie, status), gezinnen in verzameld.items()
        for regel in _regels(request, actie, gezinnen, status)
    ]
    Auditregel.objects.bulk_create(regels, batch_size=PARTIJ)


def _regels(request, actie, gezinnen, status) -> list[Auditregel]:
    gemeenschappelijk = {**_wie(request), "actie": actie, "waar": _waar(request), "status": status}
    return [
        Auditregel(gezin_id=gezin_id, **gemeenschappelijk) for gezin_id in dict.fromkeys(gezinnen)
    ]


def _schrijf(
    request: HttpRequest, actie: str, gezinnen: Iterable[int | None], status: int | None = None
) -> None:
    verzameld = _samen.get()
    if verzameld is not None:
        verzameld.setdefault((request, actie, status), {}).update(dict.fromkeys(gezinnen))
    else:
        Auditregel.objects.bulk_create(_regels(request, actie, gezinnen, status), batch_size=PARTIJ)


def schrijf(
    actie: str,
    gezinnen: Iterable[int | None] = (None,),
    *,
    request: HttpRequest | None = None,
) -> None:
    """One line per household for the request being served (or the one given)."""
    request = request or _verzoek.get()
    if request is not None:
        _schrijf(request, actie, gezinnen)


def gelezen(gezinnen: Iterable[int | None]) -> None:
    ids = [pk for pk in gezinnen if pk is not None]
    if ids:
        schrijf(Actie.GELEZEN, ids)


def gewijzigd(gezinnen: Iterable[int | None]) -> None:
    ids = [pk for pk in gezinnen if pk is not None]
    if ids:
        schrijf(Actie.GEWIJZIGD, ids)


def exporteert(view):
    """For a view that hands out a file without households in it (a report, signals):
    a successful answer leaves an export line."""

    @functools.wraps(view)
    def verpakt(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if 200 <= response.status_code < 300:
            schrijf(Actie.EXPORT, request=request)
        return response

    return verpakt


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


class AuditMiddleware:
    """Makes the request known to the functions that write audit lines, and logs
    401, 403 and 404 answers: guessing at other organisations' data leaves a trace.

    Every refusal of a logged-in user; of anonymous requests only so many a
    minute, so that a scanner cannot fill the append-only log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _verzoek.set(request)
        try:
            response = self.get_response(request)
        finally:
            _verzoek.reset(token)
        if response.status_code in (401, 403, 404) and not request.path.startswith("/static/"):
            user = getattr(request, "user", None)
            if (user is not None and user.is_authenticated) or _anoniem_onder_limiet(request):
                _schrijf(request, Actie.GEWEIGERD, (None,), status=response.status_code)
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
