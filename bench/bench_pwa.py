"""Page weight of the desk: bytes over the wire for its first load and a repeat load.

Measured as in production: `collectstatic` with WhiteNoise's compressed manifest
storage into a temporary STATIC_ROOT, DEBUG off, gunicorn, the demo Ghent of
`seed_demo` (15,000 households) and the demo volunteer at a pickup moment
today. A small TCP relay in front of gunicorn counts every byte gunicorn sends
(headers and bodies, as compressed on the wire), so the service worker's own
downloads count too, which the page's network events would miss.

- first load: a fresh browser profile opens the desk and waits until the
  service worker controls it (app shell precached) and the roster is stored.
  The roster is data, not page: it is fetched once more on its own, and its
  bytes are reported as registratie.roster_kb and subtracted from the page's.
- repeat load: the same profile opens the desk again.

Like bench_seed, this empties the database before and after (only on a
throwaway PostgreSQL database, never in production).
"""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import time as tijdstip
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from demo import seed as demo
from hulpverlening.models import Afhaalmoment, Lidmaatschap

ROOT = Path(__file__).resolve().parent.parent
HUISHOUDENS = 15_000
MAANDEN = 2
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
SETTINGS = """\
from materielehulp.settings import *  # noqa: F403

DEBUG = False
STATIC_ROOT = {static_root!r}
STORAGES = {{
    **STORAGES,  # noqa: F405
    "staticfiles": {{"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}},
}}
"""


class Teller:
    """A TCP relay to `doel` that counts the bytes flowing back to the browser."""

    def __init__(self, doel: int):
        self.doel = doel
        self.bytes = 0
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._aanvaard, daemon=True).start()

    def _aanvaard(self) -> None:
        while True:
            try:
                klant, _ = self._server.accept()
            except OSError:
                return
            bron = socket.create_connection(("127.0.0.1", self.doel))
            threading.Thread(target=self._pomp, args=(klant, bron, False), daemon=True).start()
            threading.Thread(target=self._pomp, args=(bron, klant, True), daemon=True).start()

    def _pomp(self, van: socket.socket, naar: socket.socket, tellen: bool) -> None:
        try:
            while data := van.recv(65536):
                if tellen:
                    with self._lock:
                        self.bytes += len(data)
                naar.sendall(data)
        except OSError:
            pass
        finally:
            for s in (van, naar):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def nul(self) -> None:
        with self._lock:
            self.bytes = 0

    def stil(self, seconden: float = 1.0, maximum: float = 20.0) -> int:
        """The count once nothing arrived for `seconden` (background fetches finished)."""
        einde = time.monotonic() + maximum
        vorige, sinds = -1, time.monotonic()
        while time.monotonic() < einde:
            if self.bytes != vorige:
                vorige, sinds = self.bytes, time.monotonic()
            elif time.monotonic() - sinds >= seconden:
                break
            time.sleep(0.1)
        return self.bytes

    def sluit(self) -> None:
        self._server.close()


def leegmaken() -> None:
    call_command("flush", interactive=False, verbosity=0)
    demo.hulpvormen()


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _balie_vandaag() -> tuple[str, str, int]:
    """The demo volunteer, a fresh password and a pickup moment of their organisation today."""
    lid = Lidmaatschap.objects.select_related("organisatie").get(user__username="vrijwilliger")
    wachtwoord = secrets.token_urlsafe(16)
    gebruiker = get_user_model().objects.get(username="vrijwilliger")
    gebruiker.set_password(wachtwoord)
    gebruiker.save(update_fields=["password"])
    locatie = lid.organisatie.locaties.filter(actief=True).first()
    moment = Afhaalmoment.objects.create(
        locatie=locatie,
        weekdag=timezone.localdate().weekday(),
        start=tijdstip(0, 0),
        einde=tijdstip(23, 59),
        capaciteit=80,
    )
    return gebruiker.username, wachtwoord, moment.pk


def _wacht_op_server(port: int, proces: subprocess.Popen) -> None:
    einde = time.monotonic() + 30
    while time.monotonic() < einde:
        if proces.poll() is not None:
            raise RuntimeError("gunicorn stopte bij het starten")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn startte niet binnen 30 s")


def _meet(url: str, gebruiker: str, wachtwoord: str, balie: str, teller: Teller) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # Log in with a throwaway profile, so the measured one starts with an empty cache.
            inloggen = browser.new_context(base_url=url)
            page = inloggen.new_page()
            page.goto("/account/login/")
            page.fill("input[name=login]", gebruiker)
            page.fill("input[name=password]", wachtwoord)
            page.click("form button[type=submit]")
            page.wait_for_url(lambda u: "/account/login/" not in u)
            sessie = inloggen.storage_state()
            inloggen.close()

            context = browser.new_context(
                **p.devices["Pixel 5"], base_url=url, storage_state=sessie
            )
            page = context.new_page()
            teller.nul()
            page.goto(balie)
            page.wait_for_function(
                "() => navigator.serviceWorker.controller !== null", timeout=30_000
            )
            page.wait_for_selector("#balie[data-rooster=vers]", state="attached", timeout=30_000)
            eerste = teller.stil()

            # The roster once more on its own, to split the first load in shell and data.
            teller.nul()
            page.evaluate(
                "fetch(document.getElementById('balie').dataset.roosterUrl).then((r) => r.text())"
            )
            rooster = teller.stil()
            teller.nul()
            page.goto(balie)
            page.wait_for_selector("#balie[data-rooster]", state="attached")
            herhaald = teller.stil()
            context.close()
        finally:
            browser.close()
    return {"eerste": eerste, "herhaald": herhaald, "rooster": rooster}


def run() -> dict:
    if connection.vendor != "postgresql":
        raise RuntimeError("bench_pwa needs DATABASE_URL to a throwaway PostgreSQL database")
    if getattr(settings, "PRODUCTION", False):
        raise RuntimeError("bench_pwa empties the database; not in production")
    if not os.path.exists(CHROMIUM):
        raise RuntimeError(f"bench_pwa needs {CHROMIUM}")
    leegmaken()
    try:
        demo.seed_demo(households=HUISHOUDENS, months=MAANDEN, seed=2026)
        gebruiker, wachtwoord, moment = _balie_vandaag()
        with tempfile.TemporaryDirectory() as tmp:
            instellingen = SETTINGS.format(static_root=str(Path(tmp, "static")))
            Path(tmp, "bench_pwa_settings.py").write_text(instellingen)
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "bench_pwa_settings",
                "PYTHONPATH": os.pathsep.join([tmp, str(ROOT)]),
            }
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            port = _vrije_poort()
            gunicorn = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "materielehulp.wsgi",
                 "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"],
                cwd=ROOT,
                env=env,
            )  # fmt: skip
            teller = None
            try:
                _wacht_op_server(port, gunicorn)
                teller = Teller(port)
                bytes_ = _meet(
                    f"http://127.0.0.1:{teller.port}",
                    gebruiker,
                    wachtwoord,
                    f"/registratie/balie/{moment}/",
                    teller,
                )
            finally:
                if teller:
                    teller.sluit()
                gunicorn.terminate()
                gunicorn.wait(timeout=10)
        gezinnen = _rooster_grootte(moment)
    finally:
        leegmaken()
    return {
        "registratie.page_first_load_kb": {
            "value": round((bytes_["eerste"] - bytes_["rooster"]) / 1024, 1),
            "unit": "KB",
            "target": "<= 100 (page and precached app shell; the roster is registratie.roster_kb)",
        },
        "registratie.page_repeat_load_kb": {
            "value": round(bytes_["herhaald"] / 1024, 1),
            "unit": "KB",
            "target": "<= 5 (service worker installed; roster younger than 5 minutes)",
        },
        "registratie.page_first_load_with_roster_kb": {
            "value": round(bytes_["eerste"] / 1024, 1),
            "unit": "KB",
            "target": f"informative: page, shell and this moment's roster ({gezinnen} households)",
        },
        "registratie.roster_kb": {
            "value": round(bytes_["rooster"] / 1024, 1),
            "unit": "KB",
            "target": f"informative: downloaded with the first load; {gezinnen} households, "
            "the demo's largest initiative (see registratie.roster_bytes_per_household)",
        },
        "registratie.roster_bytes_per_household": {
            "value": round(bytes_["rooster"] / max(gezinnen, 1), 1),
            "unit": "B",
            "target": "informative: gzipped; about 12 of them are the two 48-bit card hashes",
        },
    }


def _rooster_grootte(moment: int) -> int:
    from registratie import balie

    lid = Lidmaatschap.objects.get(user__username="vrijwilliger")
    afhaalmoment = Afhaalmoment.objects.get(pk=moment)
    return len(balie.rooster(lid, afhaalmoment, timezone.localdate())["gezinnen"])
