"""Logging personas in the way the second factor expects.

`aanmelden(client, user)` is `client.force_login(user)` for a user who passed
both steps: staff get an authenticator app (a fixed secret, so a test can
compute its codes) and the session gets allauth's own record of a passed
second step, the one hulpverlening.mfa.MfaVerplichtMiddleware looks for.
"""

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.http import HttpRequest

from hulpverlening.mfa import mfa_vereist

TOTP_GEHEIM = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(geheim: str = TOTP_GEHEIM, stap: int = 0) -> str:
    """The app's code now (stap=0), or one period later or earlier."""
    return format_hotp_value(hotp_value(geheim, int(time.time()) // 30 + stap))


def geef_app(user, geheim: str = TOTP_GEHEIM) -> Authenticator:
    bestaand = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return bestaand or TOTP.activate(user, geheim).instance


def markeer_tweede_stap(client, user) -> None:
    """Write allauth's record of a passed second step into the client's session."""
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "password", username=user.get_username())
    record_authentication(request, user, "mfa", type=Authenticator.Type.TOTP)
    request.session.save()


def aanmelden(client, user):
    """force_login, plus the second step for whoever needs one."""
    client.force_login(user)
    if mfa_vereist(user):
        geef_app(user)
        markeer_tweede_stap(client, user)
    return client
