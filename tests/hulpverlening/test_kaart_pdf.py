"""The printed card: a real PDF whose QR code scans back to the card's token."""

import shutil
import subprocess

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from hulpverlening import services

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils ontbreekt")


def _pagina_png(pdf: bytes, tmp_path, dpi=200) -> list[Image.Image]:
    (tmp_path / "k.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), tmp_path / "k.pdf", tmp_path / "p"], check=True
    )
    return [Image.open(p) for p in sorted(tmp_path.glob("p*.png"))]


def _gelezen_qr(beeld: Image.Image) -> set[str]:
    return {code.text for code in zxingcpp.read_barcodes(beeld)}


def test_household_card_pdf_is_credit_card_sized_and_the_qr_decodes_to_the_token(
    wereld, als, coordinator, gezin_a, tmp_path
):
    kaart = services.kaart_uitgeven(gezin=gezin_a, organisatie=wereld.initiatief_a)
    response = als(coordinator).get(reverse("gezin_kaart_pdf", args=[gezin_a.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    (pagina,) = _pagina_png(response.content, tmp_path)
    breedte_mm = pagina.width / 200 * 25.4
    hoogte_mm = pagina.height / 200 * 25.4
    assert breedte_mm == pytest.approx(85.6, abs=0.5)
    assert hoogte_mm == pytest.approx(54, abs=0.5)
    assert _gelezen_qr(pagina) == {kaart.qr_payload}


def test_card_shows_code_and_organisation_but_no_personal_data(
    wereld, als, coordinator, gezin_a, tmp_path
):
    kaart = services.kaart_uitgeven(gezin=gezin_a, organisatie=wereld.initiatief_a)
    pdf = als(coordinator).get(reverse("gezin_kaart_pdf", args=[gezin_a.pk])).content
    (tmp_path / "k.pdf").write_bytes(pdf)
    tekst = subprocess.run(
        ["pdftotext", tmp_path / "k.pdf", "-"], check=True, capture_output=True, text=True
    ).stdout
    assert kaart.leesbare_code in tekst
    assert wereld.initiatief_a.naam in tekst
    for persoonlijk in ["Amina", "El Idrissi", "1985", "9000"]:
        assert persoonlijk not in tekst


def test_batch_sheet_has_ten_cards_per_a4_page_each_scanning_to_its_own_token(
    wereld, als, coordinator, tmp_path
):
    batch = services.kaartbatch_aanmaken(
        organisatie=wereld.initiatief_a, aantal=12, door=coordinator
    )
    response = als(coordinator).get(reverse("kaartbatch_pdf", args=[batch.pk]))
    paginas = _pagina_png(response.content, tmp_path, dpi=150)
    assert len(paginas) == 2
    assert paginas[0].width / 150 * 25.4 == pytest.approx(210, abs=1)
    gelezen = _gelezen_qr(paginas[0]) | _gelezen_qr(paginas[1])
    assert gelezen == {kaart.qr_payload for kaart in batch.kaarten.all()}
    assert len(_gelezen_qr(paginas[0])) == 10
