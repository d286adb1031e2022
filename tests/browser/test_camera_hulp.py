"""A card the camera cannot read (issue 11, "Also"): after a few seconds the desk says
to type the code and shows the field, instead of letting the camera run on silently."""

import subprocess

import pytest
import segno
from playwright.sync_api import expect

from .conftest import CAMERA_TOKEN, CHROMIUM_ARGS, aanmelden, open_balie

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(playwright_sessie, chromium_pad, tmp_path_factory):
    """This module's camera films a faded card: light grey modules on white."""
    map_ = tmp_path_factory.mktemp("vaag")
    png, mjpeg = map_ / "vaag.png", map_ / "vaag.mjpeg"
    segno.make_qr(f"MHG1:{CAMERA_TOKEN}", error="m").save(
        png, scale=10, border=4, dark="#f2f2f2", light="#ffffff"
    )
    subprocess.run(
        [
            "ffmpeg", "-y", "-loglevel", "error", "-loop", "1", "-i", str(png),
            "-vf", "scale=400:400,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuvj420p",
            "-r", "10", "-t", "2", "-q:v", "3", str(mjpeg),
        ],
        check=True,
    )  # fmt: skip
    browser = playwright_sessie.chromium.launch(
        executable_path=chromium_pad,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={mjpeg}",
        ],
    )
    yield browser
    browser.close()


def test_a_card_that_does_not_decode_gets_the_code_field_offered(telefoon, balie, vrijwilliger):
    page = telefoon().new_page()
    aanmelden(page, vrijwilliger)
    open_balie(page, balie)
    page.click("#scan-knop")
    hulp = page.locator("#scan-hulp")
    expect(hulp).to_be_hidden()
    expect(hulp).to_be_visible(timeout=12_000)
    expect(hulp).to_have_text("Lukt het niet? Typ de code onder de QR-code.")
    expect(page.locator("#kaartcode")).to_be_in_viewport()
    assert page.locator("#paneel-inhoud[data-uitkomst]").count() == 0  # nothing was read
    page.set_viewport_size({"width": 360, "height": 640})
    page.screenshot(path="/tmp/shot-camera-hulp-360.png")
    page.click("#scan-stop")
    expect(hulp).to_be_hidden()
