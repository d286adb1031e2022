"""Logging in, right and wrong: what a volunteer waits for at the start of a moment.

One POST of the login form through Django's test client (sessions, allauth, the rate
limit, the audit), median of 7, for the right and for a wrong password. The ceiling
in the same run is one check of the password hash alone: a login should cost about
one hash, a wrong password too (with two authentication backends it cost two).
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from hulpverlening.models import Gemeente, Lidmaatschap, Organisatie, Rol

KEER = 7
WACHTWOORD = "Bench-aanmelden-2026!"


class _Terugdraaien(Exception):
    pass


def _medianen(*metingen) -> list[float]:
    """The median time of each, measured in turns: load on the machine hits all alike."""
    tijden: list[list[float]] = [[] for _ in metingen]
    for _ in range(KEER):
        for i, doe in enumerate(metingen):
            cache.clear()  # the failed-login limit would answer the fifth try at once
            begin = time.perf_counter()
            doe()
            tijden[i].append(time.perf_counter() - begin)
    return [statistics.median(t) for t in tijden]


def _inloggen(wachtwoord: str, verwacht: int) -> None:
    client = Client()
    antwoord = client.post("/account/login/", {"login": "bench-aanmelden", "password": wachtwoord})
    if antwoord.status_code != verwacht:
        raise RuntimeError(f"login answered {antwoord.status_code}, expected {verwacht}")


def run() -> dict:
    resultaat = {}
    try:
        with transaction.atomic(), override_settings(ALLOWED_HOSTS=["testserver"]):
            gemeente = Gemeente.objects.create(naam="Bench aanmelden", slug="bench-aanmelden")
            organisatie = Organisatie.objects.create(
                gemeente=gemeente, naam="Bench initiatief", soort=Organisatie.Soort.VOEDSELHULP
            )
            user = get_user_model().objects.create_user(
                username="bench-aanmelden", password=WACHTWOORD
            )
            Lidmaatschap.objects.create(user=user, organisatie=organisatie, rol=Rol.VRIJWILLIGER)
            _inloggen(WACHTWOORD, 302)  # templates and the hasher loaded once
            goed, fout, plafond = _medianen(
                lambda: _inloggen(WACHTWOORD, 302),
                lambda: _inloggen("fout-wachtwoord", 200),
                lambda: check_password(WACHTWOORD, user.password),
            )
            resultaat = {
                "aanmelden.login_s": {
                    "value": round(goed, 3),
                    "unit": "s",
                    "target": "informative: a right password, the whole POST (median of 7)",
                },
                "aanmelden.wrong_password_s": {
                    "value": round(fout, 3),
                    "unit": "s",
                    "target": "informative: a wrong password (median of 7)",
                },
                "aanmelden.login_ratio": {
                    "value": round(goed / plafond, 2),
                    "unit": "ratio",
                    "target": f"< 1.5 (login ÷ one password hash, {plafond * 1000:.0f} ms)",
                },
                "aanmelden.wrong_password_ratio": {
                    "value": round(fout / plafond, 2),
                    "unit": "ratio",
                    "target": "< 1.5 (a wrong password costs one hash too, not two)",
                },
            }
            raise _Terugdraaien
    except _Terugdraaien:
        pass
    return resultaat
