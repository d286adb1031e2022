"""The ceiling for bench_registratie: the cheapest authenticated Django view that writes a row.

It runs through the same middleware as the sync endpoint (session, CSRF,
authentication, the organisation middleware), answers 401 without a logged-in
user (one session and one user query, like the endpoint), parses the same JSON
body and INSERTs one row into a bench-only table that bench_registratie creates
and drops with raw SQL. The INSERT goes through the registration's own
prepared-statement cursor (registratie/sqlrijen.py), so that optimisation
favours both sides alike. Never part of the app: only bench/urls.py routes to it.
"""

import json
import os
import re
import uuid

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from registratie import sqlrijen

TABEL = os.environ.get("BENCH_PLAFOND_TABEL", "bench_plafond")
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", TABEL):
    raise ImproperlyConfigured(f"BENCH_PLAFOND_TABEL is geen geldige tabelnaam: {TABEL!r}")


def tabel_aanmaken_sql(tabel: str = TABEL) -> str:
    return (
        f"CREATE TABLE {tabel} (id bigserial PRIMARY KEY, sleutel uuid NOT NULL UNIQUE, "
        "door_id integer NOT NULL, ontvangen_op timestamptz NOT NULL DEFAULT now())"
    )


@require_POST
def plafond(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"fout": "Meld u opnieuw aan om te verzenden."}, status=401)
    try:
        sleutel = uuid.UUID(str(json.loads(request.body)["afhalingen"][0]["sleutel"]))
    except (ValueError, KeyError, IndexError, TypeError):
        return JsonResponse({"fout": "Ongeldige JSON."}, status=400)
    with sqlrijen.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABEL} (sleutel, door_id) VALUES (%s, %s)",  # noqa: S608 - checked name
            [sleutel, request.user.pk],
        )
    return JsonResponse({"resultaten": [{"sleutel": str(sleutel), "uitkomst": "geaccepteerd"}]})
