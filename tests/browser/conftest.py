"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per module (it starts with a fake camera that shows a card's QR
code); every test gets a fresh context, so IndexedDB, caches and the service
worker start empty.
"""

import os
import subprocess
from dataclasses import dataclass
from decimal import Decimal

import pytest
import segno
from playwright.sync_api import expect

from hulpverlening import services
from hulpverlening.models import Afhaalmoment, Hulpvorm, Kaart
from tests.conftest import WACHTWOORD, maak_gezin

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The card the fake camera shows; a token has the length of kaartcodes.new_token().
CAMERA_TOKEN = "CameraKaartVoorDeTest-01"


@pytest.fixture(scope="session")
def chromium_pad():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} ontbreekt; CI installeert Debian's chromium")
        pytest.skip(f"{CHROMIUM} ontbreekt")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in
    # the tests are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return CHROMIUM


@pytest.fixture(scope="session")
def playwright_sessie(chromium_pad):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def camerabeeld(tmp_path_factory):
    """An MJPEG file showing the QR code of the camera card, for Chromium's fake camera."""
    map_ = tmp_path_factory.mktemp("camera")
    png, mjpeg = map_ / "qr.png", map_ / "camera.mjpeg"
    segno.make_qr(f"MHG1:{CAMERA_TOKEN}", error="m").save(png, scale=10, border=4)
    subprocess.run(
        [
            "ffmpeg", "-y", "-loglevel", "error", "-loop", "1", "-i", str(png),
            "-vf", "scale=400:400,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuvj420p",
            "-r", "10", "-t", "2", "-q:v", "3", str(mjpeg),
        ],
        check=True,
    )  # fmt: skip
    return mjpeg


@pytest.fixture(scope="module")
def browser(playwright_sessie, chromium_pad, camerabeeld):
    browser = playwright_sessie.chromium.launch(
        executable_path=chromium_pad,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={camerabeeld}",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def telefoon(browser, playwright_sessie, live_server):
    """A fresh Pixel 5 context; call it with extra new_context() arguments if needed."""
    contexten = []

    def maak(**extra):
        # A phone in Ghent: its clock says Brussels time, like the moments' hours.
        toestel = {
            **playwright_sessie.devices["Pixel 5"],
            "timezone_id": "Europe/Brussels",
            **extra,
        }
        context = browser.new_context(**toestel, base_url=live_server.url)
        context.set_default_timeout(10_000)
        context.grant_permissions(["camera"])
        contexten.append(context)
        return context

    yield maak
    for context in contexten:
        context.close()


@dataclass
class Balie:
    moment: Afhaalmoment
    kaarten: list[Kaart]
    url: str


@pytest.fixture
def balie(transactional_db, wereld, vrijwilliger, moment_a) -> Balie:
    """Today's desk of initiative A with three households; the first card is the camera's."""
    kaarten = []
    for voornaam, achternaam in [("Amina", "El Idrissi"), ("Jan", "Claeys"), ("Sofie", "Peeters")]:
        gezin = maak_gezin(wereld.initiatief_a, voornaam=voornaam, achternaam=achternaam)
        kaarten.append(services.kaart_uitgeven(gezin=gezin, organisatie=wereld.initiatief_a))
    Kaart.objects.filter(pk=kaarten[0].pk).update(token=CAMERA_TOKEN)
    kaarten[0].refresh_from_db()
    return Balie(moment=moment_a, kaarten=kaarten, url=f"/registratie/balie/{moment_a.pk}/")


def aanmelden(page, gebruiker) -> None:
    """Through the real login form, as a volunteer would."""
    page.goto("/account/login/")
    page.fill("input[name=login]", gebruiker.username)
    page.fill("input[name=password]", WACHTWOORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/account/login/" not in url)


def open_balie(page, balie: Balie) -> None:
    """Open the desk and wait until it works offline: worker in control, roster stored."""
    page.goto(balie.url)
    # A function, not an expression: polling an expression uses eval, which the CSP blocks.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_selector("#balie[data-rooster=vers]", state="attached")


def registreer_met_code(page, kaart) -> None:
    """Type a card's code, open its panel and register the pickup."""
    page.fill("#kaartcode", kaart.leesbare_code)
    page.click("#code-form button[type=submit]")
    page.click("#registreer-form button[type=submit]")
    expect(page.locator("#paneel-inhoud[data-uitkomst]")).to_be_visible()


@pytest.fixture
def drie_hulpvormen(wereld):
    """Initiative A gives food parcels, baby kits and meals (a transactional test's
    flush removed the migration's rows: they are made here)."""
    pakket = Hulpvorm.objects.standaard()
    kit, _ = Hulpvorm.objects.update_or_create(
        slug="babyuitzet",
        defaults={"naam": "Babyuitzet", "soort": "eenmalig", "eenmalig_per": "gezin"},
    )
    maaltijd, _ = Hulpvorm.objects.update_or_create(
        slug="maaltijd",
        defaults={
            "naam": "Maaltijd",
            "soort": "maaltijd",
            "eenheid": "maaltijd",
            "sociaal_tarief": Decimal("2.00"),
            "vol_tarief": Decimal("7.50"),
        },
    )
    wereld.initiatief_a.hulpvormen.set([pakket, kit, maaltijd])
    return pakket, kit, maaltijd
