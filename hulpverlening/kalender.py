"""Months on the calendar: N months on or back, and the first day of a month.

Retention, referral ends, reports and Lokaal Signaal's trends all count in
months; one helper, so that the 31st of a month means the same everywhere.
"""

import calendar
from datetime import date


def maanden_verder(dag: date, maanden: int) -> date:
    """The same day N months later (earlier for negative N), or the last day of a shorter month."""
    jaar, maand = divmod(dag.year * 12 + dag.month - 1 + maanden, 12)
    maand += 1
    return date(jaar, maand, min(dag.day, calendar.monthrange(jaar, maand)[1]))


def maanden_terug(dag: date, maanden: int) -> date:
    return maanden_verder(dag, -maanden)


def maand_van(dag: date) -> date:
    return dag.replace(day=1)


def volgende_maand(maand: date) -> date:
    return maanden_verder(maand_van(maand), 1)


def vorige_maand(maand: date) -> date:
    return maanden_verder(maand_van(maand), -1)
