"""API tokens for systems that talk to the platform (the social dossier's import).

A token is shown once, when it is made; only its SHA-256 is stored. The token
holds 256 random bits, so a plain hash is enough: nobody can guess one from
the hash, and looking it up by hash leaks nothing through timing.
"""

import hashlib
import secrets

from django.utils import timezone

from .models import ApiToken, Organisatie

VOORVOEGSEL = "mhg_"


def _hash(sleutel: str) -> str:
    return hashlib.sha256(sleutel.encode()).hexdigest()


def api_token_aanmaken(*, organisatie: Organisatie, naam: str, door=None) -> tuple[ApiToken, str]:
    """A new token; the second value is the secret itself, to be shown once and never stored."""
    sleutel = VOORVOEGSEL + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisatie=organisatie,
        naam=naam,
        sleutel_hash=_hash(sleutel),
        begin=sleutel[:8],
        aangemaakt_door=door,
    )
    return token, sleutel


def api_token_intrekken(*, token: ApiToken) -> bool:
    """False if it was already revoked."""
    return bool(
        ApiToken.objects.filter(pk=token.pk, ingetrokken_op__isnull=True).update(
            ingetrokken_op=timezone.now()
        )
    )


def api_token_uit_header(authorization: str) -> ApiToken | None:
    """The active token of an `Authorization: Bearer <token>` header, or None."""
    schema, _, sleutel = (authorization or "").strip().partition(" ")
    sleutel = sleutel.strip()
    if schema.lower() != "bearer" or not sleutel or len(sleutel) > 200:
        return None
    token = (
        ApiToken.objects.select_related("organisatie", "organisatie__gemeente")
        .filter(sleutel_hash=_hash(sleutel), ingetrokken_op__isnull=True, organisatie__actief=True)
        .first()
    )
    if token is not None:
        token.laatst_gebruikt_op = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(laatst_gebruikt_op=token.laatst_gebruikt_op)
    return token
