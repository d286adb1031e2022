"""A sheet of ten pre-printed cards as PDF: what a coordinator waits for after "Maak kaarten".

Ten cards are made in a transaction that is rolled back; the sheet is rendered
five times and the median counts. The ceiling is WeasyPrint's own floor in the
same run: a one-page PDF with one line of text.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import transaction
from weasyprint import HTML

from hulpverlening import services
from hulpverlening.kaartpdf import kaarten_pdf
from hulpverlening.models import Gemeente, Organisatie

KEER = 5


class _Terugdraaien(Exception):
    pass


def _mediaan(doe) -> float:
    tijden = []
    for _ in range(KEER):
        begin = time.perf_counter()
        doe()
        tijden.append(time.perf_counter() - begin)
    return statistics.median(tijden)


def run() -> dict:
    resultaat = {}
    try:
        with transaction.atomic():
            gemeente = Gemeente.objects.create(naam="Bench kaarten", slug="bench-kaarten")
            organisatie = Organisatie.objects.create(
                gemeente=gemeente, naam="Bench initiatief", soort=Organisatie.Soort.VOEDSELHULP
            )
            door = get_user_model().objects.create_user(username="bench-kaarten")
            batch = services.kaartbatch_aanmaken(organisatie=organisatie, aantal=10, door=door)
            kaarten = list(batch.kaarten.select_related("uitgegeven_door", "gemeente"))
            kaarten_pdf(kaarten, vel=True)  # fonts and templates loaded once
            blad = _mediaan(lambda: kaarten_pdf(kaarten, vel=True))
            plafond = _mediaan(lambda: HTML(string="<p>Kaarten</p>").write_pdf())
            resultaat = {
                "kaarten.sheet_pdf_s": {
                    "value": round(blad, 3),
                    "unit": "s",
                    "target": "< 1 (10 cards on one A4, median of 5)",
                },
                "kaarten.sheet_pdf_ratio": {
                    "value": round(blad / plafond, 1),
                    "unit": "ratio",
                    "target": f"informative: sheet ÷ a one-line PDF ({plafond * 1000:.0f} ms)",
                },
            }
            raise _Terugdraaien
    except _Terugdraaien:
        pass
    return resultaat
