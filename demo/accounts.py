"""The demo accounts, one per role, and the logins printed after seeding."""

from __future__ import annotations

from dataclasses import dataclass

from hulpverlening.models import (
    Lidmaatschap,
    Rol,
)

from .gegevens import (
    DEMO_INITIATIEF,
    DEMO_WACHTWOORD,
    INITIATIEF_EEKLO,
    SOCIALE_DIENST,
    STAD_GENT,
    TWEEDE_INITIATIEF,
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    rol: str
    organisatie: str
    wachtwoord: str


class DemoFout(Exception):
    """The demo data cannot be made; the message says why."""


# Demo accounts: (username, role, organisation, is_staff/superuser, first name, last name).
DEMO_ACCOUNTS = [
    ("vrijwilliger", Rol.VRIJWILLIGER, DEMO_INITIATIEF, False, "Griet", "Demeulemeester"),
    ("vrijwilliger2", Rol.VRIJWILLIGER, DEMO_INITIATIEF, False, "Yusuf", "Aydın"),
    ("vrijwilliger2", Rol.VRIJWILLIGER, TWEEDE_INITIATIEF, False, "Yusuf", "Aydın"),
    ("coordinator", Rol.COORDINATOR, DEMO_INITIATIEF, False, "Hilde", "Van Acker"),
    (
        "maatschappelijkwerker",
        Rol.MAATSCHAPPELIJK_WERKER,
        SOCIALE_DIENST,
        False,
        "Sarah",
        "Bouzidi",
    ),
    ("caw", Rol.MAATSCHAPPELIJK_WERKER, "CAW Oost-Vlaanderen", False, "Tom", "Deprez"),
    ("stad", Rol.STADSMEDEWERKER, STAD_GENT, False, "Lotte", "Vanhove"),
    ("beleid", Rol.BELEIDSMEDEWERKER, STAD_GENT, False, "Ahmed", "Ouaali"),
    ("beheerder", Rol.BEHEERDER, STAD_GENT, True, "Koen", "Desmet"),
    ("eeklo", Rol.COORDINATOR, INITIATIEF_EEKLO, False, "Ingrid", "Van Hoorebeke"),
]
DEMO_USERNAMES = list(dict.fromkeys(a[0] for a in DEMO_ACCOUNTS))


def demo_logins() -> list[DemoLogin]:
    """The demo accounts as they are in the database now (for --if-empty)."""
    lidmaatschappen = (
        Lidmaatschap.objects.filter(user__username__in=DEMO_USERNAMES)
        .select_related("user", "organisatie")
        .order_by("user__username", "organisatie__naam")
    )
    per_user: dict[str, list[Lidmaatschap]] = {}
    for lid in lidmaatschappen:
        per_user.setdefault(lid.user.username, []).append(lid)
    return [
        DemoLogin(username, lid.get_rol_display(), lid.organisatie.naam, DEMO_WACHTWOORD)
        for username in DEMO_USERNAMES
        for lid in per_user.get(username, [])
    ]
