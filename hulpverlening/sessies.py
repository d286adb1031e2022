"""Sessions and devices: idle timeouts, the end of a volunteer's shift, signing out from afar.

Phones at a distribution point are shared and get lost. A staff session ends
after SESSIE_INACTIEF_STAF seconds without a request; a volunteer's when the
moment they work at has ended (plus SESSIE_NA_MOMENT), or after
SESSIE_INACTIEF_VRIJWILLIGER without a request if they opened no desk. A
coordinator can end every session in which a volunteer works for their
organisation (`afmelden_op_afstand`); a volunteer who also helps at another
initiative keeps those sessions, and the coordinator does not see them.
Pickups queued on the phone survive all of this: they are sent after the next
login (static/registratie/outbox.js).

Each session's Sessie row knows its organisation and when it ends by itself
(`geldig_tot`), so the coordinator's list shows only sessions still signed in.
"""

import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.backends.base import SessionBase
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ua_parser import parse as parse_user_agent

from .access import huidig_lidmaatschap
from .middleware import SESSION_KEY, actief_lidmaatschap
from .models import Afhaalmoment, Auditregel, Rol, Sessie

LAATST_ACTIEF = "_laatst_actief"
TOT = "_sessie_tot"
ORGANISATIE = "_sessie_organisatie"
# How often a request writes the session and its Sessie row: idle limits are
# measured to the minute, and a desk scanning every few seconds must not write
# on every scan.
BIJWERKEN_NA = 60


def _store(sleutel: str) -> SessionBase:
    return import_string(settings.SESSION_ENGINE + ".SessionStore")(session_key=sleutel)


def _is_vrijwilliger(request: HttpRequest) -> bool:
    lidmaatschap = huidig_lidmaatschap(request)
    return lidmaatschap is not None and lidmaatschap.rol == Rol.VRIJWILLIGER


def tot_einde_van_moment(request: HttpRequest, moment: Afhaalmoment, dag: date) -> None:
    """A volunteer who opens the desk of today's moment stays signed in until it ends."""
    if not _is_vrijwilliger(request) or not moment.valt_op(dag):
        return
    einde = timezone.make_aware(datetime.combine(dag, moment.einde))
    tot = (einde + timedelta(seconds=settings.SESSIE_NA_MOMENT)).timestamp()
    if tot <= time.time():
        # The moment is over: opening its desk must not end the session at once
        # (the desk asks before registering there; the inactivity limit holds).
        return
    if request.session.get(TOT) != tot:
        request.session[TOT] = tot
        _bijwerken(request, time.time())


def _geldig_tot(request: HttpRequest, nu: float) -> datetime:
    """When this session stops by itself if no request comes (see _reden_om_te_stoppen)."""
    if _is_vrijwilliger(request):
        tot = request.session.get(TOT)
        einde = tot if tot is not None else nu + settings.SESSIE_INACTIEF_VRIJWILLIGER
    else:
        einde = nu + settings.SESSIE_INACTIEF_STAF
    einde = min(einde, nu + settings.SESSION_COOKIE_AGE)
    return datetime.fromtimestamp(einde, tz=timezone.get_current_timezone())


def _bijwerken(request: HttpRequest, nu: float) -> None:
    lidmaatschap = huidig_lidmaatschap(request)
    organisatie_id = lidmaatschap.organisatie_id if lidmaatschap else None
    request.session[LAATST_ACTIEF] = nu
    request.session[ORGANISATIE] = organisatie_id
    Sessie.objects.filter(sessie_sleutel=request.session.session_key).update(
        laatst_actief=timezone.now(),
        organisatie_id=organisatie_id,
        geldig_tot=_geldig_tot(request, nu),
    )


def toestel_naam(user_agent: str) -> str:
    """'Chrome Mobile op Android 13 · Samsung SM-A515F': what a coordinator recognises."""
    if not user_agent:
        return ""
    ua = parse_user_agent(user_agent)
    delen = []
    if ua.user_agent:
        delen.append(ua.user_agent.family)
    if ua.os:
        systeem = " ".join(x for x in (ua.os.family, ua.os.major) if x)
        delen.append(_("op %(systeem)s") % {"systeem": systeem})
    naam = " ".join(delen)
    if ua.device and ua.device.brand and ua.device.model:
        model = ua.device.model
        toestel = model if model.startswith(ua.device.brand) else f"{ua.device.brand} {model}"
        naam = f"{naam} · {toestel}" if naam else toestel
    return (naam or user_agent)[:120]


def _niet_actief(minuten: int) -> str:
    return ngettext(
        "U was %(n)s minuut niet actief: u bent afgemeld.",
        "U was %(n)s minuten niet actief: u bent afgemeld.",
        minuten,
    ) % {"n": minuten}


def _reden_om_te_stoppen(request: HttpRequest, nu: float) -> str | None:
    sessie = request.session
    laatst = sessie.get(LAATST_ACTIEF)
    if _is_vrijwilliger(request):
        tot = sessie.get(TOT)
        if tot is not None and nu > tot:
            return _("Het afhaalmoment is voorbij: u bent afgemeld. Meld u opnieuw aan.")
        if tot is None and laatst and nu - laatst > settings.SESSIE_INACTIEF_VRIJWILLIGER:
            minuten = settings.SESSIE_INACTIEF_VRIJWILLIGER // 60
            return _niet_actief(minuten)
        return None
    if laatst and nu - laatst > settings.SESSIE_INACTIEF_STAF:
        minuten = settings.SESSIE_INACTIEF_STAF // 60
        return _niet_actief(minuten)
    return None


class SessieMiddleware:
    """Ends sessions that went idle or outlived the moment; keeps the device list current."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        gekozen = request.session.get(SESSION_KEY)
        if request.user.is_authenticated:
            nu = time.time()
            reden = _reden_om_te_stoppen(request, nu)
            if reden:
                logout(request)
                messages.info(request, reden)
            elif nu - request.session.get(LAATST_ACTIEF, 0) > BIJWERKEN_NA:
                _bijwerken(request, nu)
        response = self.get_response(request)
        # Picking another organisation happens in the view: record it now, not a
        # minute later, so the other coordinator no longer sees this device.
        if request.user.is_authenticated and request.session.get(SESSION_KEY) != gekozen:
            request.lidmaatschap = actief_lidmaatschap(request)
            _bijwerken(request, time.time())
        return response


@receiver(user_logged_in, dispatch_uid="sessie_begonnen")
def _begonnen(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        request.session.save()
    nu = time.time()
    # request.lidmaatschap may have been worked out while the user was still anonymous;
    # a test client's login request has no user at all.
    request.user = user
    request.lidmaatschap = actief_lidmaatschap(request)
    lidmaatschap = request.lidmaatschap
    request.session[LAATST_ACTIEF] = nu
    request.session[ORGANISATIE] = lidmaatschap.organisatie_id if lidmaatschap else None
    Sessie.objects.update_or_create(
        sessie_sleutel=request.session.session_key,
        defaults={
            "user": user,
            "organisatie_id": lidmaatschap.organisatie_id if lidmaatschap else None,
            "toestel": toestel_naam(request.META.get("HTTP_USER_AGENT", "")),
            "begonnen": timezone.now(),
            "laatst_actief": timezone.now(),
            "geldig_tot": _geldig_tot(request, nu),
        },
    )


@receiver(user_logged_out, dispatch_uid="sessie_beeindigd")
def _beeindigd(sender, request, user, **kwargs):
    if request is not None and getattr(request, "session", None) is not None:
        sleutel = request.session.session_key
        if sleutel:
            Sessie.objects.filter(sessie_sleutel=sleutel).delete()


def afmelden_op_afstand(*, user, door, organisatie) -> int:
    """End every session in which `user` works for `organisatie`; returns how many
    were still signed in."""
    sessies = list(Sessie.objects.voor(organisatie).filter(user=user))
    for sessie in sessies:
        _store(sessie.sessie_sleutel).delete()
    Sessie.objects.filter(pk__in=[s.pk for s in sessies]).delete()
    nu = timezone.now()
    lopend = [s for s in sessies if s.geldig_tot and s.geldig_tot > nu]
    woord = "toestel" if len(lopend) == 1 else "toestellen"
    Auditregel.objects.create(
        user_id=door.pk,
        gebruikersnaam=door.get_username(),
        organisatie_id=organisatie.pk,
        actie=Auditregel.Actie.OP_AFSTAND_AFGEMELD,
        waar=f"gebruiker {user.pk} ({len(lopend)} {woord})",
    )
    return len(lopend)


def opruimen() -> int:
    """Rows and stored sessions of sessions that ended by themselves (daily)."""
    import_string(settings.SESSION_ENGINE + ".SessionStore").clear_expired()
    grens = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    verlopen = Sessie.objects.filter(geldig_tot__lt=timezone.now()) | Sessie.objects.filter(
        geldig_tot__isnull=True, laatst_actief__lt=grens
    )
    aantal, _per_model = verlopen.delete()
    return aantal
