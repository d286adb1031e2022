"""Two-factor authentication: who must have it, and the middleware that insists.

Everyone who sees more than a volunteer does (coordinators, caseworkers, city
and policy staff, beheerders, and every Django staff account) must log in with
a code from an authenticator app. allauth asks for that code at login once an
app is set up; this middleware sends such users without an app to allauth's
activation page, and users whose session did not pass the second step (a
login outside allauth's form, such as Django's admin login) to allauth's code
page. Volunteers may log in with their password alone.

"Passed the second step" is allauth's own record in the session
(`get_authentication_records`), so tests mark a session the way allauth does.
"""

from urllib.parse import quote

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import signals
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from . import audit
from .lidmaatschappen import actieve_lidmaatschappen, uit_database
from .models import Auditregel, Lidmaatschap, Rol

# Reachable before the second factor is set up or passed: leaving, the PWA
# shell (so an installed desk keeps starting) and the organisation picker.
ALTIJD_BEREIKBAAR = frozenset(
    {
        "account_login",
        "account_logout",
        "kies_organisatie",
        "pwa_manifest",
        "pwa_service_worker",
        "pwa_offline",
        "javascript_catalog",
    }
)
# Activation asks for the password again when the login is older than
# ACCOUNT_REAUTHENTICATION_TIMEOUT.
ZONDER_APP = ALTIJD_BEREIKBAAR | {"mfa_activate_totp", "mfa_index", "account_reauthenticate"}
# With an app but without the code in this session: only the code page. Not the
# password-only reauthentication, which would let a password alone switch the
# app off or change the account.
MET_APP = ALTIJD_BEREIKBAAR | {"mfa_reauthenticate"}

NIET_INGESTELD = _(
    "Uw rol geeft toegang tot persoonsgegevens. Stel eerst tweestapsverificatie in: "
    "open de pagina in een browser en volg de stappen."
)
NIET_BEVESTIGD = _("Bevestig eerst uw aanmelding met de code uit uw authenticator-app.")

MFA_INGESTELD = Auditregel.Actie.MFA_INGESTELD
MFA_VERWIJDERD = Auditregel.Actie.MFA_VERWIJDERD
MFA_NIEUWE_CODES = Auditregel.Actie.MFA_NIEUWE_CODES
MFA_HERSTELCODE = Auditregel.Actie.MFA_HERSTELCODE


def mfa_vereist(user, lidmaatschappen: list[Lidmaatschap] | None = None) -> bool:
    """Staff, or an active membership in a role beyond volunteer.

    The middleware passes the memberships the session holds already; without
    them they are read from the database.
    """
    if user.is_staff or user.is_superuser:
        return True
    if lidmaatschappen is None:
        lidmaatschappen = uit_database(user)
    return any(lid.rol in Rol.MET_MFA for lid in lidmaatschappen)


def mfa_voltooid(request: HttpRequest) -> bool:
    """Did this session pass a second factor for its current user?"""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def heeft_app(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def _url_naam(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def _wil_json(request: HttpRequest) -> bool:
    # The desk's outbox posts JSON; its roster fetch asks for JSON.
    return request.content_type == "application/json" or "application/json" in request.headers.get(
        "Accept", ""
    )


def _weiger(request: HttpRequest, doel: str, bericht: str) -> HttpResponse:
    if _wil_json(request):
        # 401 keeps the outbox's queue on the phone until the user has logged in properly.
        return JsonResponse({"fout": str(bericht)}, status=401)
    if request.htmx:
        return HttpResponseClientRedirect(doel)
    return redirect(doel)


class MfaVerplichtMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not user.is_authenticated
            or request.path_info.startswith(settings.STATIC_URL)
            or mfa_voltooid(request)
            or not mfa_vereist(user, actieve_lidmaatschappen(request))
        ):
            return self.get_response(request)
        naam = _url_naam(request)
        if heeft_app(user):
            if naam in MET_APP:
                return self.get_response(request)
            doel = reverse("mfa_reauthenticate")
            if request.method == "GET":
                doel += "?next=" + quote(request.get_full_path())
            return _weiger(request, doel, NIET_BEVESTIGD)
        if naam in ZONDER_APP:
            return self.get_response(request)
        return _weiger(request, reverse("mfa_activate_totp"), NIET_INGESTELD)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = DefaultMFAAdapter.error_messages | {
        "cannot_delete_authenticator": _(
            "Voor uw rol is tweestapsverificatie verplicht: u kunt de app niet uitschakelen."
        )
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Who must use an app cannot switch it off; a beheerder resets a lost phone."""
        if authenticator.type == Authenticator.Type.TOTP and mfa_vereist(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)


@receiver(signals.authenticator_added)
def _toegevoegd(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.TOTP and request.user.pk == user.pk:
        # Activating took a valid code from the new app: that is this session's
        # second factor, and fresh enough to show the recovery codes next.
        record_authentication(
            request,
            user,
            "mfa",
            type=authenticator.type,
            id=authenticator.pk,
            reauthenticated=True,
        )
    audit.schrijf(MFA_INGESTELD, request=request)


@receiver(signals.authenticator_removed)
def _verwijderd(sender, request, user, authenticator, **kwargs):
    audit.schrijf(MFA_VERWIJDERD, request=request)


@receiver(signals.authenticator_reset)
def _nieuwe_codes(sender, request, user, authenticator, **kwargs):
    audit.schrijf(MFA_NIEUWE_CODES, request=request)


@receiver(signals.authenticator_used)
def _gebruikt(sender, request, user, authenticator, **kwargs):
    # A recovery code in use often means a lost phone: worth a trace of its own.
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        _schrijf_voor(request, user, MFA_HERSTELCODE)


@receiver(signals.authentication_failed)
def _code_fout(sender, request, user, **kwargs):
    # The password was right, so the account is known and worth naming.
    _schrijf_voor(request, user, Auditregel.Actie.AANMELDING_MISLUKT)


def _schrijf_voor(request: HttpRequest, user, actie: str) -> None:
    """During the login's second step request.user is still anonymous."""
    Auditregel.objects.create(
        user_id=user.pk,
        gebruikersnaam=user.get_username(),
        actie=actie,
        waar=audit._waar(request),
    )
