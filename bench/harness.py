"""What the benchmarks run against: a real gunicorn server started for the run, its
neighbours on the machine measured, and logging in over HTTP like a phone.

Used by bench_registratie.py; kept apart so the benchmark itself reads as the
measurements it makes.
"""

import http.client
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
HOST = "127.0.0.1"
GUNICORN_WORKERS = 2
GUNICORN_THREADS = 4


# --- the server -------------------------------------------------------------------------------


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def kinderen(pid: int) -> list[int]:
    try:
        tekst = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(p) for p in tekst.split()]
    except OSError:
        pass
    gevonden = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            velden = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(velden[1]) == pid:
            gevonden.append(int(stat.parent.name))
    return gevonden


def vmhwm_kb(pid: int) -> int | None:
    try:
        for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
            if regel.startswith("VmHWM:"):
                return int(regel.split()[1])
    except OSError:
        return None
    return None


TICK = os.sysconf("SC_CLK_TCK")


def _machine_ticks() -> int:
    """CPU ticks the whole machine spent busy since boot (all CPUs)."""
    velden = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = velden
    return user + nice + system + irq + softirq + steal


def _proces_ticks() -> dict[int, tuple[str, int]]:
    """Per process: its name and the CPU ticks it used so far (user + system)."""
    gevonden = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            tekst = stat.read_text()
        except OSError:
            continue
        naam = tekst[tekst.index("(") + 1 : tekst.rindex(")")]
        velden = tekst[tekst.rindex(")") + 2 :].split()
        gevonden[int(stat.parent.name)] = (naam, int(velden[11]) + int(velden[12]))
    return gevonden


class Buren:
    """How much CPU the rest of the machine took while we measured.

    Ours: this process, its children (the load generator), gunicorn and every
    postgres process (also other users' backends on a shared cluster, so this
    rather under- than overstates the neighbours' share).
    """

    def __init__(self, server: "Server"):
        self.server = server

    def _eigen(self) -> dict[int, int]:
        gunicorn = {os.getpid(), self.server.proces.pid, *kinderen(self.server.proces.pid)}
        return {
            pid: ticks
            for pid, (naam, ticks) in _proces_ticks().items()
            if pid in gunicorn or naam == "postgres"
        }

    @staticmethod
    def _kinderen_ticks() -> float:
        gebruik = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (gebruik.ru_utime + gebruik.ru_stime) * TICK

    def start(self) -> "Buren":
        self.begin = time.monotonic()
        self.machine = _machine_ticks()
        self.eigen = self._eigen()
        self.kinderen = self._kinderen_ticks()
        return self

    def stop(self) -> None:
        duur = time.monotonic() - self.begin
        machine = _machine_ticks() - self.machine
        eigen = sum(t - self.eigen.get(pid, 0) for pid, t in self._eigen().items())
        eigen += self._kinderen_ticks() - self.kinderen
        capaciteit = duur * TICK * (os.cpu_count() or 1)
        self.procent = max(0.0, (machine - eigen) / capaciteit * 100)


class Server:
    """gunicorn on a free loopback port, its workers' peak RSS sampled all along."""

    def __init__(self, tabel: str, logmap: Path):
        self.poort = vrije_poort()
        self.tabel = tabel
        self.log = logmap / "gunicorn.log"
        self.proces: subprocess.Popen | None = None
        self.piek_kb: dict[int, int] = {}
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._meet_rss, daemon=True)

    def __enter__(self) -> "Server":
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_PLAFOND_TABEL": self.tabel,
            "DJANGO_DEBUG": "false",
            "DJANGO_ENV": "development",
            # WhiteNoise warns about the missing collectstatic folder in every worker.
            "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
        }
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "materielehulp.wsgi:application",
            "--chdir",
            str(ROOT),
            "--bind",
            f"{HOST}:{self.poort}",
            "--workers",
            str(GUNICORN_WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            str(GUNICORN_THREADS),
            "--keep-alive",
            "30",
            "--no-control-socket",
            "--error-logfile",
            str(self.log),
            "--log-level",
            "warning",
        ]
        with self.log.open("ab") as log:
            self.proces = subprocess.Popen(
                cmd, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=log
            )
        grens = time.monotonic() + 30
        while time.monotonic() < grens:
            if self.proces.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start:\n{self.logstaart()}")
            if len(kinderen(self.proces.pid)) >= GUNICORN_WORKERS:
                try:
                    with socket.create_connection((HOST, self.poort), timeout=1):
                        break
                except OSError:
                    pass
            time.sleep(0.1)
        else:
            self.__exit__(None, None, None)
            raise RuntimeError(f"gunicorn did not start in 30 s:\n{self.logstaart()}")
        self._sampler.start()
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None:
            print(f"gunicorn log (tail):\n{self.logstaart()}", file=sys.stderr)
        self._stop.set()
        if self._sampler.is_alive():
            self._sampler.join()
        self._lees_rss()
        if self.proces is not None and self.proces.poll() is None:
            self.proces.send_signal(signal.SIGTERM)
            try:
                self.proces.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proces.kill()
                self.proces.wait()

    def _lees_rss(self) -> None:
        if self.proces is None or self.proces.poll() is not None:
            return
        for pid in kinderen(self.proces.pid):
            kb = vmhwm_kb(pid)
            if kb is not None:
                self.piek_kb[pid] = max(kb, self.piek_kb.get(pid, 0))

    def _meet_rss(self) -> None:
        while not self._stop.wait(0.25):
            self._lees_rss()

    def logstaart(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-40:])
        except OSError:
            return "(no gunicorn log)"


# --- HTTP from this process -------------------------------------------------------------------


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    gevonden = {}
    for kop in response.headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie()
        cookie.load(kop)
        gevonden |= {naam: morsel.value for naam, morsel in cookie.items()}
    return gevonden


def inloggen(poort: int, username: str, wachtwoord: str) -> dict[str, str]:
    """Log in through allauth's form like a volunteer; returns the cookies (session, CSRF)."""
    conn = http.client.HTTPConnection(HOST, poort, timeout=60)
    conn.request("GET", "/account/login/")
    antwoord = conn.getresponse()
    html = antwoord.read().decode()
    cookies = _cookies(antwoord)
    gevonden = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if antwoord.status != 200 or "csrftoken" not in cookies or gevonden is None:
        raise RuntimeError(f"login page: {antwoord.status}, cookies {sorted(cookies)}")
    formulier = urlencode(
        {"login": username, "password": wachtwoord, "csrfmiddlewaretoken": gevonden[1]}
    )
    conn.request(
        "POST",
        "/account/login/",
        formulier,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
        },
    )
    antwoord = conn.getresponse()
    antwoord.read()
    cookies |= _cookies(antwoord)
    conn.close()
    if antwoord.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"login failed: {antwoord.status}, cookies {sorted(cookies)}")
    return cookies


def headers_voor(cookies: dict[str, str]) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Cookie": "; ".join(f"{naam}={waarde}" for naam, waarde in cookies.items()),
        "X-CSRFToken": cookies["csrftoken"],
        # As a phone's browser does; GZipMiddleware compresses the larger answers.
        "Accept-Encoding": "gzip",
    }
