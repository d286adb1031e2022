"""CSV downloads that spreadsheet programs cannot be tricked into executing."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from . import audit

GEVAARLIJKE_BEGINTEKENS = ("=", "+", "-", "@", "\t", "\r")


def veilige_cel(waarde: object) -> str:
    """A cell starting with = + - @ would be a formula in Excel or LibreOffice: prefix a quote."""
    tekst = "" if waarde is None else str(waarde)
    if tekst.startswith(GEVAARLIJKE_BEGINTEKENS):
        return "'" + tekst
    return tekst


def csv_response(
    bestandsnaam: str, kolommen: Sequence[str], rijen: Iterable[Sequence]
) -> HttpResponse:
    """Every CSV that leaves the platform leaves an export line."""
    audit.schrijf(audit.Actie.EXPORT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    response.write("\ufeff")  # so Excel reads UTF-8
    schrijver = csv.writer(response, delimiter=";")
    schrijver.writerow(kolommen)
    for rij in rijen:
        schrijver.writerow([veilige_cel(cel) for cel in rij])
    return response
