"""Accounts: no self sign-up, re-authentication and notifications for account changes."""

import time

from allauth.account import app_settings
from allauth.account import views as allauth_views
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core.internal import ratelimit
from allauth.core.internal.ratelimit import get_ip
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import Rol
from .netwerk import client_ip
from .terugweg import lokaal_pad


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by coordinators and beheerders, never by self sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Staff are sent to set up their authenticator app right after logging
        # in with their password (hulpverlening/mfa.py): asking for that password
        # again there adds nothing. Later changes still ask for it.
        if app == "allauth.mfa" and self._net_aangemeld_zonder_mfa():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _net_aangemeld_zonder_mfa(self) -> bool:
        request = self.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if Authenticator.objects.filter(user_id=user.pk).exists():
            return False
        grens = time.time() - app_settings.REAUTHENTICATION_TIMEOUT
        return any(
            record.get("method") == "password" and record.get("at", 0) > grens
            for record in get_authentication_records(request, user)
        )

    def get_client_ip(self, request) -> str:
        return client_ip(request) or super().get_client_ip(request)

    def _account_sleutel(self, request, **credentials) -> str:
        return super()._get_login_attempts_cache_key(request, **credentials)

    _ACCOUNT_LIMIET = "login_failed_account"

    def _account_limiet(self) -> dict[str, str]:
        return {self._ACCOUNT_LIMIET: settings.LOGIN_MISLUKT_PER_ACCOUNT}

    def pre_authenticate(self, request, **credentials) -> None:
        super().pre_authenticate(request, **credentials)
        # Also counted per account from every address together: rotating
        # addresses does not give a guesser unlimited tries.
        self._account_rl_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action=self._ACCOUNT_LIMIET,
            config=self._account_limiet(),
            key=self._account_sleutel(request, **credentials),
        )
        if not self._account_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self) -> None:
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_rl_usage", None)
        if usage:
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request,
            app="allauth.account",
            action=self._ACCOUNT_LIMIET,
            config=self._account_limiet(),
            key=self._account_sleutel(request, **credentials),
        )

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed logins per account from anywhere: then anyone can
        # lock a volunteer out by typing wrong passwords for their name. Counted
        # per address and account, the cooloff only hits the one who guesses.
        # A password reset clears the count through the same key.
        return f"{get_ip(request)}:{super()._get_login_attempts_cache_key(request, **credentials)}"


def door_coordinator_beheerd(user) -> bool:
    """Volunteers' accounts are made and kept by their coordinator (README, "Accounts"):
    an unlocked phone at the desk must not be enough to move the account to another
    address. Anyone with another role keeps their own e-mail."""
    return (
        user.is_authenticated
        and not user.is_superuser
        and not user.lidmaatschappen.exclude(rol=Rol.VRIJWILLIGER).exists()
    )


def email_beheren(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """allauth's e-mail page, closed to volunteers (see door_coordinator_beheerd)."""
    if door_coordinator_beheerd(request.user):
        return render(request, "account/email_beheerd.html", status=403)
    return allauth_views.email(request, *args, **kwargs)


def beheer_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's login page is allauth's: the same limits on failed logins
    (per address, per account) and the same second step. Django's own admin
    login counted nothing: a password-guessing oracle."""
    volgende = lokaal_pad(request, request.GET.get("next", "")) or reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(volgende)
        # Sending a logged-in non-staff user to the login page would loop back here.
        raise PermissionDenied(_("Uw account heeft geen toegang tot het beheer."))
    return redirect(f"{reverse('account_login')}?{urlencode({'next': volgende})}")
