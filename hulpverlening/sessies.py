"""Sessions and devices: idle timeouts, the end of a volunteer's shift, signing out from afar.

Phones at a distribution point are shared and get lost. A staff session ends
after SESSIE_INACTIEF_STAF seconds without a request; a volunteer's when the
moment they work at has ended (plus SESSIE_NA_MOMENT), or after
SESSIE_INACTIEF_VRIJWILLIGER without a request if they opened no desk. A
coordinator can end every session of a volunteer of their organisation
(`afmelden_op_afstand`). Pickups queued on the phone survive all of this:
they are sent after the next login (static/registratie/outbox.js).
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

from .access import huidig_lidmaatschap
from .models import Afhaalmoment, Auditregel, Rol, Sessie

LAATST_ACTIEF = "_laatst_actief"
TOT = "_sessie_tot"
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
    if request.session.get(TOT) != tot:
        request.session[TOT] = tot


def _reden_om_te_stoppen(request: HttpRequest, nu: float) -> str | None:
    sessie = request.session
    laatst = sessie.get(LAATST_ACTIEF)
    if _is_vrijwilliger(request):
        tot = sessie.get(TOT)
        if tot is not None and nu > tot:
            return _("Het afhaalmoment is voorbij: u bent afgemeld. Meld u opnieuw aan.")
        if tot is None and laatst and nu - laatst > settings.SESSIE_INACTIEF_VRIJWILLIGER:
            minuten = settings.SESSIE_INACTIEF_VRIJWILLIGER // 60
            return _("U was %(n)s minuten niet actief: u bent afgemeld.") % {"n": minuten}
        return None
    if laatst and nu - laatst > settings.SESSIE_INACTIEF_STAF:
        minuten = settings.SESSIE_INACTIEF_STAF // 60
        return _("U was %(n)s minuten niet actief: u bent afgemeld.") % {"n": minuten}
    return None


class SessieMiddleware:
    """Ends sessions that went idle or outlived the moment; keeps the device list current."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            nu = time.time()
            reden = _reden_om_te_stoppen(request, nu)
            if reden:
                logout(request)
                messages.info(request, reden)
            elif nu - request.session.get(LAATST_ACTIEF, 0) > BIJWERKEN_NA:
                request.session[LAATST_ACTIEF] = nu
                Sessie.objects.filter(sessie_sleutel=request.session.session_key).update(
                    laatst_actief=timezone.now()
                )
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="sessie_begonnen")
def _begonnen(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        request.session.save()
    request.session[LAATST_ACTIEF] = time.time()
    Sessie.objects.update_or_create(
        sessie_sleutel=request.session.session_key,
        defaults={
            "user": user,
            "toestel": request.META.get("HTTP_USER_AGENT", "")[:120],
            "begonnen": timezone.now(),
            "laatst_actief": timezone.now(),
        },
    )


@receiver(user_logged_out, dispatch_uid="sessie_beeindigd")
def _beeindigd(sender, request, user, **kwargs):
    if request is not None and getattr(request, "session", None) is not None:
        sleutel = request.session.session_key
        if sleutel:
            Sessie.objects.filter(sessie_sleutel=sleutel).delete()


def afmelden_op_afstand(*, user, door, organisatie_id: int | None) -> int:
    """End every session of `user` on every device; returns how many there were."""
    sessies = list(Sessie.objects.filter(user=user))
    for sessie in sessies:
        _store(sessie.sessie_sleutel).delete()
    Sessie.objects.filter(pk__in=[s.pk for s in sessies]).delete()
    Auditregel.objects.create(
        user_id=door.pk,
        gebruikersnaam=door.get_username(),
        organisatie_id=organisatie_id,
        actie=Auditregel.Actie.OP_AFSTAND_AFGEMELD,
        waar=f"gebruiker {user.pk} ({len(sessies)} toestellen)"[:200],
    )
    return len(sessies)
