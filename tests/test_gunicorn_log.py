"""The production access log holds paths, never query strings or referrers (issue 19.6)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEHEIM = "Janssens"


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    poort = _vrije_poort()
    log = tmp_path / "access.log"
    omgeving = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    omgeving |= {
        "GUNICORN_BIND": f"127.0.0.1:{poort}",
        "GUNICORN_WORKERS": "1",
        "SQLITE_PATH": str(tmp_path / "leeg.sqlite3"),
    }
    with log.open("w") as uitvoer:
        proces = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "materielehulp.wsgi"],
            cwd=ROOT,
            env=omgeving,
            stdout=uitvoer,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", poort), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{poort}", log
        finally:
            proces.terminate()
            proces.wait(timeout=10)


def test_a_name_in_the_query_string_and_the_referrer_stay_out_of_the_access_log(gunicorn):
    basis, log = gunicorn
    verzoek = urllib.request.Request(
        f"{basis}/static/registratie/outbox.js?q={GEHEIM}&kaart=MHG1:abc",
        headers={"Referer": f"{basis}/gezinnen/?q={GEHEIM}"},
    )
    with urllib.request.urlopen(verzoek, timeout=10) as antwoord:
        assert antwoord.status == 200
    for _ in range(50):
        if "outbox.js" in log.read_text():
            break
        time.sleep(0.1)
    inhoud = log.read_text()
    assert '"GET /static/registratie/outbox.js HTTP/1.1" 200' in inhoud
    assert GEHEIM not in inhoud and "MHG1" not in inhoud
