"""Accounts: no self sign-up, re-authentication and notifications for account changes."""

import time

from allauth.account import app_settings
from allauth.account import views as allauth_views
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core.internal.ratelimit import get_ip
from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Rol


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
