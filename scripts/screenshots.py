"""Phone (360x640) and laptop (1280x800) screenshots of pages, to look at after a change.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8765 vrijwilliger /registratie/

Logs in through the real login form with the demo password and writes PNGs to
/tmp/shots (or SHOTS_DIR). Uses Debian's chromium; never downloads a browser.
For staff (who need a second factor) set TOTP_SECRET to the secret of the user's
authenticator; the script then types the current code. A user without one gets one:
the script reads the key from the activation page and prints it for the next run.
"""

import os
import re
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {"telefoon": {"width": 360, "height": 640}, "laptop": {"width": 1280, "height": 800}}


def _totp(geheim: str) -> str:
    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "materielehulp.settings")
    django.setup()
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(geheim, int(time.time()) // 30))


def main(base: str, username: str, paths: list[str]) -> None:
    out = Path(os.environ.get("SHOTS_DIR", "/tmp/shots"))
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        gebruikt = None
        geheim = os.environ.get("TOTP_SECRET")
        for naam, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport, device_scale_factor=1)
            page = context.new_page()
            page.goto(base + "/account/login/")
            page.fill("#id_login", username)
            page.fill("#id_password", os.environ.get("DEMO_PASSWORD", "demo-gent-2026"))
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            if "/2fa/totp/activate/" in page.url:
                # Staff without an authenticator yet: set one up with the key shown.
                geheim = page.inner_text("#totp-sleutel").replace(" ", "")
                print(f"TOTP_SECRET={geheim}", file=sys.stderr)
            if geheim and page.locator("input[name=code]").count():
                # A code works once: the second size waits for the next one.
                code = _totp(geheim)
                while code == gebruikt:
                    time.sleep(2)
                    code = _totp(geheim)
                gebruikt = code
                page.fill("input[name=code]", code)
                # The code's own form: the header's "Afmelden" is a submit button too.
                veld = page.locator("input[name=code]")
                veld.locator("xpath=ancestor::form").locator("button[type=submit]").first.click()
                page.wait_for_load_state("networkidle")
            for path in paths:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                slug = re.sub(r"[^a-z0-9]+", "-", (username + path).lower()).strip("-")
                bestand = out / f"{slug}-{naam}.png"
                page.screenshot(path=bestand, full_page=True)
                print(bestand)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
