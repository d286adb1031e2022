"""Tokens and short codes printed on a Kaart.

The QR code carries only an opaque random token (QR_PREFIX + 144 random bits),
never personal data. The short code is for typing when there is no camera:
eight Crockford base32 characters plus one Luhn mod 32 check character, so a
single mistyped character or two swapped neighbours are caught before any
database lookup. Reading is tolerant: case, spaces, hyphens and the look-alikes
O/0 and I/L/1 do not matter.
"""

import hashlib
import secrets

from django.utils.translation import gettext

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
CODE_DATA_LENGTH = 8
CODE_LENGTH = CODE_DATA_LENGTH + 1
QR_PREFIX = "MHG1:"
TOKEN_BYTES = 18


class OngeldigeKaartcode(ValueError):
    """The text is not a well-formed card code; the message is for the volunteer."""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


# 48 bits tell a roster's few thousand cards apart (a clash among 4,000 cards:
# about 1 in 30 million) at a quarter of a full hash's bytes, which made up
# most of a large initiative's roster.
ROOSTER_HASH_TEKENS = 12


def token_hash(token: str) -> str:
    """What the offline roster stores instead of a card's token (and nothing of its code).

    static/registratie/balie.js computes the same prefix of the SHA-256.
    """
    return hashlib.sha256(token.encode()).hexdigest()[:ROOSTER_HASH_TEKENS]


def qr_payload(token: str) -> str:
    return QR_PREFIX + token


def token_from_qr(payload: str) -> str:
    """The token inside a scanned QR text; anything else is not one of our cards."""
    payload = payload.strip()
    if not payload.startswith(QR_PREFIX):
        raise OngeldigeKaartcode(gettext("Deze QR-code is geen kaart van Materiële hulp."))
    token = payload[len(QR_PREFIX) :]
    if len(token) != len(new_token()) or not all(c.isalnum() or c in "-_" for c in token):
        raise OngeldigeKaartcode(
            gettext("Deze QR-code is beschadigd. Typ de code onder de QR-code.")
        )
    return token


def check_character(data: str) -> str:
    """Luhn mod N over the Crockford alphabet."""
    factor = 2
    total = 0
    n = len(ALPHABET)
    for char in reversed(data):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def new_code() -> str:
    data = "".join(secrets.choice(ALPHABET) for _ in range(CODE_DATA_LENGTH))
    return data + check_character(data)


def format_code(code: str) -> str:
    """ABCD-EFGH-J: groups a volunteer can read aloud and type."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def normalise_code(typed: str) -> str:
    """The canonical code for what someone typed, or OngeldigeKaartcode saying what is wrong."""
    cleaned = "".join(typed.split()).replace("-", "").replace(".", "").upper()
    cleaned = cleaned.translate(LOOK_ALIKES)
    if not cleaned:
        raise OngeldigeKaartcode(gettext("Typ de code van de kaart."))
    wrong = sorted({c for c in cleaned if c not in ALPHABET})
    if wrong:
        raise OngeldigeKaartcode(
            gettext("De code bevat een teken dat niet op kaarten staat: %(tekens)s.")
            % {"tekens": " ".join(wrong)}
        )
    if len(cleaned) != CODE_LENGTH:
        raise OngeldigeKaartcode(
            gettext("Een kaartcode heeft %(lengte)d tekens; u typte er %(getypt)d.")
            % {"lengte": CODE_LENGTH, "getypt": len(cleaned)}
        )
    if check_character(cleaned[:-1]) != cleaned[-1]:
        raise OngeldigeKaartcode(gettext("Deze code klopt niet. Kijk elk teken nog eens na."))
    return cleaned
