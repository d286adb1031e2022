"""Pickup registration under load: gunicorn + PostgreSQL, driven over HTTP from another process.

What runs:
- A gunicorn server (bench/settings.py: the app's settings with bench/urls.py, which
  adds the ceiling view of bench/ceiling.py; DEBUG off) on a free loopback port,
  GUNICORN_WORKERS gthread workers with GUNICORN_THREADS threads each, the same
  server for every measurement.
- Its own data in the harness's database: a municipality and organisation with a
  unique name per run, a location, a pickup moment on today's weekday lasting the
  whole day, a volunteer (Lidmaatschap rol vrijwilliger) and HUISHOUDENS households,
  each with a reference person, a relationship with the organisation and an active
  card. All of it is deleted again at the end, except the audit log rows the app
  writes meanwhile (append-only by design; they hold ids only).
- A real login over HTTP (allauth's form) gives the session cookie and CSRF token
  every request carries.
- bench/loadgen.py, a separate asyncio process, sends the requests: one
  registration = POST /registratie/api/afhalingen/ with one item (fresh UUID, the
  QR text of a household's card, never the same household twice), answered
  "geaccepteerd".

Metrics:
- throughput_ratio = registrations/s ÷ ceiling/s, both closed-loop with CLIENTS
  keep-alive connections, in RONDES alternating rounds of RONDE_S seconds each
  (after RONDE_WARMUP_S), so a neighbour's load on the machine hits both alike.
  The ceiling is bench/ceiling.py: same middleware, same authentication, same
  body, one INSERT.
- p95_ms_at_50rps: open loop, 50 registrations/s on schedule for OPEN_S seconds
  (after OPEN_WARMUP_S); latency from the scheduled send time to the last byte of
  the answer.
- worker_rss_mb: the highest VmHWM (peak resident set, MiB) of any gunicorn worker,
  sampled during and read after all runs.
- sync_1000_s: 1,000 queued offline registrations sent as the phone does it: one
  request after the other, 200 items each. sync_lost/sync_duplicated count the
  server's rows after that sync and after replaying the same batches once more.
- sync_flaky_lost/sync_flaky_duplicated: 600 more offline items sent through
  bench/flaky_proxy.py (it answers 400 itself, cuts connections before and after
  the server handled an upload, adds latency) by a client that retries as
  outbox.js does; the server's rows are counted after the queue emptied.
- neighbour_cpu_pct: the CPU share other processes on the machine took meanwhile.
  The ratio holds up under such load (both sides share it); absolute rates,
  latencies and sync_1000_s do not, so read them together with this figure.
"""

import gzip
import http.client
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from datetime import time as dtime
from pathlib import Path

from ceiling import tabel_aanmaken_sql  # bench/ is on sys.path (bench/run.py)
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone
from flaky_proxy import FlakyProxy, versturen
from harness import GUNICORN_THREADS, GUNICORN_WORKERS, Buren, Server, headers_voor, inloggen

from hulpverlening import kaartcodes
from hulpverlening.models import (
    Afhaalmoment,
    Gemeente,
    Gezin,
    Gezinsrelatie,
    Hulpvorm,
    Kaart,
    Lidmaatschap,
    Locatie,
    Organisatie,
    Persoon,
    Rol,
)
from registratie.models import Afhaling

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
HOST = "127.0.0.1"
SYNC_URL = "/registratie/api/afhalingen/"
PLAFOND_URL = "/bench/plafond/"

CLIENTS = 16
RONDES = 3
RONDE_WARMUP_S = 1.0
RONDE_S = 4.0
OPEN_RATE = 50
OPEN_WARMUP_S = 2.0
OPEN_S = 12.0
SYNC_AANTAL = 1000
SYNC_BATCH = 200  # the phone's MAX_BATCH in static/registratie/outbox.js

# Households: registrations under load (closed loop), open loop, sync. A closed-loop
# round has bodies for up to PER_RONDE / (RONDE_WARMUP_S + RONDE_S) requests per second
# (500/s registrations, 3000/s ceiling); running out is an error, never a silent cap.
GEZINNEN_PER_RONDE = 2500
PLAFOND_PER_RONDE = 15_000
GESLOTEN_GEZINNEN = RONDES * GEZINNEN_PER_RONDE
OPEN_GEZINNEN = round(OPEN_RATE * (OPEN_WARMUP_S + OPEN_S))
# Visits of three aid lines (issue 13.3), one request each, at OPEN_RATE visits/s.
BEZOEK_HULPVORMEN = ("voedselpakket", "hygienepakket", "startpakket")
BEZOEK_GEZINNEN = OPEN_GEZINNEN
# Sent through bench/flaky_proxy.py (400s, cut connections before and after the server).
SYNC_FLAKY_AANTAL = 600
HUISHOUDENS = GESLOTEN_GEZINNEN + OPEN_GEZINNEN + SYNC_AANTAL + SYNC_FLAKY_AANTAL + BEZOEK_GEZINNEN


# --- data -------------------------------------------------------------------------------------


class Wereld:
    """Everything this run creates, found again by its unique tag for the clean-up."""

    def __init__(self, tag: str):
        self.tag = tag
        self.wachtwoord = secrets.token_urlsafe(16)
        self.gemeente = self.organisatie = self.moment = self.user = None
        self.kaarten: list[tuple[int, str]] = []  # (gezin id, QR text)

    @transaction.atomic
    def aanmaken(self, aantal: int) -> None:
        self.gemeente = Gemeente.objects.create(naam=self.tag, slug=self.tag)
        self.organisatie = Organisatie.objects.create(
            gemeente=self.gemeente, naam=self.tag, soort=Organisatie.Soort.VOEDSELHULP
        )
        locatie = Locatie.objects.create(
            organisatie=self.organisatie, naam="Benchpunt", postcode="9000"
        )
        self.moment = Afhaalmoment.objects.create(
            locatie=locatie,
            weekdag=timezone.localdate().weekday(),
            start=dtime(0, 0),
            einde=dtime(23, 59, 59),
            capaciteit=100_000,
        )
        self.user = get_user_model().objects.create_user(
            username=self.tag, password=self.wachtwoord, first_name="Bench"
        )
        Lidmaatschap.objects.create(
            user=self.user, organisatie=self.organisatie, rol=Rol.VRIJWILLIGER
        )
        self.organisatie.hulpvormen.set(
            [
                Hulpvorm.objects.get_or_create(slug=slug, defaults={"naam": slug.title()})[0]
                for slug in BEZOEK_HULPVORMEN
            ]
        )
        gezinnen = Gezin.objects.bulk_create(
            [
                Gezin(
                    gemeente=self.gemeente,
                    aangemaakt_door=self.organisatie,
                    volwassenen=1 + i % 2,
                    kinderen_3_11=i % 4,
                    postcode="9000",
                )
                for i in range(aantal)
            ],
            batch_size=1000,
        )
        Persoon.objects.bulk_create(
            [
                Persoon(
                    gezin=gezin,
                    voornaam=f"Voornaam{i}",
                    achternaam=f"Achternaam{i}",
                    geboortejaar=1950 + i % 50,
                    relatie=Persoon.Relatie.REFERENTIEPERSOON,
                )
                for i, gezin in enumerate(gezinnen)
            ],
            batch_size=1000,
        )
        Gezinsrelatie.objects.bulk_create(
            [
                Gezinsrelatie(
                    gezin=gezin,
                    organisatie=self.organisatie,
                    reden=Gezinsrelatie.Reden.AANGEMAAKT,
                )
                for gezin in gezinnen
            ],
            batch_size=1000,
        )
        nu = timezone.now()
        kaarten = Kaart.objects.bulk_create(
            [
                Kaart(
                    gemeente=self.gemeente,
                    uitgegeven_door=self.organisatie,
                    gezin=gezin,
                    gekoppeld_op=nu,
                    code=kaartcodes.new_code(),
                )
                for gezin in gezinnen
            ],
            batch_size=1000,
        )
        self.kaarten = [(k.gezin_id, k.qr_payload) for k in kaarten]

    def opruimen(self, sessiesleutel: str | None) -> None:
        if sessiesleutel:
            Session.objects.filter(session_key=sessiesleutel).delete()
        organisatie = Organisatie.objects.filter(naam=self.tag).first()
        gemeente = Gemeente.objects.filter(slug=self.tag).first()
        with transaction.atomic():
            if organisatie is not None:
                Afhaling.objects.filter(organisatie=organisatie).delete()
            if gemeente is not None:
                Kaart.objects.filter(gemeente=gemeente).delete()
                Gezin.objects.filter(gemeente=gemeente).delete()
            get_user_model().objects.filter(username=self.tag).delete()
            if organisatie is not None:
                organisatie.delete()
            if gemeente is not None:
                gemeente.delete()

    def item(self, kaart: str, *, offline: bool) -> dict:
        return {
            "sleutel": str(uuid.uuid4()),
            "moment": self.moment.pk,
            "datum": timezone.localdate().isoformat(),
            "gescand_op": timezone.localtime().isoformat(),
            "kaart": kaart,
            "offline": offline,
        }

    def bezoek(self, kaart: str) -> list[dict]:
        """The lines of one visit: each aid its own key, one visit key."""
        bezoek = str(uuid.uuid4())
        return [
            self.item(kaart, offline=False) | {"hulpvorm": slug, "bezoek": bezoek}
            for slug in BEZOEK_HULPVORMEN
        ]

    def rijen_bij(self, gezin_ids: list[int]) -> int:
        return Afhaling.objects.filter(organisatie=self.organisatie, gezin_id__in=gezin_ids).count()


def lading(
    server: Server,
    werkmap: Path,
    naam: str,
    path: str,
    bodies: list[str],
    *,
    warmup: float,
    duration: float,
    **config,
) -> dict:
    """Run bench/loadgen.py in its own process and return its summary."""
    bestand = werkmap / f"{naam}.json"
    bestand.write_text(
        json.dumps(
            {
                "host": HOST,
                "port": server.poort,
                "path": path,
                "bodies": bodies,
                "expect": '"geaccepteerd"',
                "warmup": warmup,
                "duration": duration,
                **config,
            }
        )
    )
    klaar = subprocess.run(
        [sys.executable, str(BENCH_DIR / "loadgen.py"), str(bestand)],
        capture_output=True,
        text=True,
        timeout=warmup + duration + 60,
        check=False,
    )
    if klaar.returncode != 0:
        raise RuntimeError(f"loadgen {naam} failed:\n{klaar.stderr}")
    verslag = json.loads(klaar.stdout)
    if verslag["exhausted"]:
        raise RuntimeError(f"loadgen {naam} ran out of request bodies: raise the counts")
    if verslag["failed"]:
        print(f"   {naam}: {verslag['failed']} failed, e.g. {verslag['failed_examples']}")
        print(server.logstaart())
    return verslag


def sync_versturen(poort: int, headers: dict, batches: list[str]) -> tuple[float, list[str]]:
    """Send the batches one after the other on one keep-alive connection, like outbox.js."""
    conn = http.client.HTTPConnection(HOST, poort, timeout=120)
    uitkomsten: list[str] = []
    begin = time.perf_counter()
    for batch in batches:
        conn.request("POST", SYNC_URL, batch, headers)
        antwoord = conn.getresponse()
        body = antwoord.read()
        if antwoord.getheader("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        if antwoord.status != 200:
            raise RuntimeError(f"sync answered {antwoord.status}: {body[:300]!r}")
        uitkomsten += [r["uitkomst"] for r in json.loads(body)["resultaten"]]
    seconden = time.perf_counter() - begin
    conn.close()
    return seconden, uitkomsten


# --- the run ----------------------------------------------------------------------------------


def run() -> dict:
    if connection.vendor != "postgresql":
        raise RuntimeError("bench_registratie needs DATABASE_URL to a PostgreSQL database")
    if getattr(settings, "PRODUCTION", False):
        raise RuntimeError("bench_registratie writes and deletes data; not in production")

    tag = f"bench-registratie-{datetime.now():%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
    tabel = f"bench_plafond_{secrets.token_hex(4)}"
    wereld = Wereld(tag)
    sessiesleutel = None
    belasting_voor = os.getloadavg()[0]
    with connection.cursor() as cursor:
        cursor.execute(tabel_aanmaken_sql(tabel))
    try:
        begin = time.perf_counter()
        wereld.aanmaken(HUISHOUDENS)
        print(f"   {HUISHOUDENS} households in {time.perf_counter() - begin:.1f} s", flush=True)
        kaarten = wereld.kaarten
        gesloten = kaarten[:GESLOTEN_GEZINNEN]
        open_ = kaarten[GESLOTEN_GEZINNEN : GESLOTEN_GEZINNEN + OPEN_GEZINNEN]
        te_syncen = kaarten[GESLOTEN_GEZINNEN + OPEN_GEZINNEN :][:SYNC_AANTAL]
        wankel = kaarten[GESLOTEN_GEZINNEN + OPEN_GEZINNEN + SYNC_AANTAL :][:SYNC_FLAKY_AANTAL]
        bezoekers = kaarten[-BEZOEK_GEZINNEN:]

        def een(kaart: str) -> str:
            item = wereld.item(kaart, offline=False)
            return json.dumps({"apparaat": "bench", "afhalingen": [item]})

        leeg = kaartcodes.qr_payload(kaartcodes.new_token())
        plafond_bodies = [[een(leeg) for _ in range(PLAFOND_PER_RONDE)] for _ronde in range(RONDES)]
        registratie_bodies = [
            [een(qr) for _gezin, qr in gesloten[i::RONDES]] for i in range(RONDES)
        ]
        open_bodies = [een(qr) for _gezin, qr in open_]
        bezoek_bodies = [
            json.dumps({"apparaat": "bench", "afhalingen": wereld.bezoek(qr)})
            for _gezin, qr in bezoekers
        ]
        sync_batches = []
        for start in range(0, len(te_syncen), SYNC_BATCH):
            items = [
                wereld.item(qr, offline=True) for _g, qr in te_syncen[start : start + SYNC_BATCH]
            ]
            sync_batches.append(json.dumps({"apparaat": "bench-telefoon", "afhalingen": items}))

        with (
            tempfile.TemporaryDirectory(prefix="bench-registratie-") as tmp,
            Server(tabel, Path(tmp)) as server,
        ):
            werkmap = Path(tmp)
            cookies = inloggen(server.poort, wereld.tag, wereld.wachtwoord)
            sessiesleutel = cookies["sessionid"]
            headers = headers_voor(cookies)

            buren = Buren(server).start()
            gesloten_lus = {"headers": headers, "mode": "closed", "concurrency": CLIENTS}
            plafond_rondes, registratie_rondes = [], []
            for ronde in range(RONDES):
                for naam, url, bodies, rondes in (
                    ("ceiling", PLAFOND_URL, plafond_bodies, plafond_rondes),
                    ("registration", SYNC_URL, registratie_bodies, registratie_rondes),
                ):
                    verslag = lading(
                        server, werkmap, f"{naam}-{ronde}", url, bodies[ronde],
                        warmup=RONDE_WARMUP_S, duration=RONDE_S, **gesloten_lus,
                    )  # fmt: skip
                    rondes.append(verslag)
            open_lus = lading(
                server, werkmap, "open-loop", SYNC_URL, open_bodies,
                warmup=OPEN_WARMUP_S, duration=OPEN_S,
                headers=headers, mode="open", rate=OPEN_RATE,
            )  # fmt: skip

            bezoek_lus = lading(
                server, werkmap, "visits-3-lines", SYNC_URL, bezoek_bodies,
                warmup=OPEN_WARMUP_S, duration=OPEN_S,
                headers=headers, mode="open", rate=OPEN_RATE,
            )  # fmt: skip
            bezoek_rijen = wereld.rijen_bij([gezin for gezin, _qr in bezoekers])

            sync_s, eerste = sync_versturen(server.poort, headers, sync_batches)
            sync_gezinnen = [gezin for gezin, _qr in te_syncen]
            na_sync = wereld.rijen_bij(sync_gezinnen)
            _replay_s, tweede = sync_versturen(server.poort, headers, sync_batches)
            na_replay = wereld.rijen_bij(sync_gezinnen)

            with FlakyProxy(HOST, server.poort, SYNC_URL) as proxy:
                wankel_items = [wereld.item(qr, offline=True) for _g, qr in wankel]
                # Small batches: many uploads, so that every kind of fault happens.
                wankel_verslag = versturen(
                    HOST, proxy.eigen_poort, SYNC_URL, headers, wankel_items, per_keer=10
                )
            if not all(proxy.storingen[soort] for soort in ("400", "knip_voor", "knip_na")):
                raise RuntimeError(f"flaky proxy: not every fault happened {proxy.storingen}")
            wankel_rijen = wereld.rijen_bij([gezin for gezin, _qr in wankel])
            buren.stop()

        # Checked after the server stopped: its log explains a failure.
        geregistreerd = Afhaling.objects.filter(organisatie=wereld.organisatie).count()
        piek_mb = max(server.piek_kb.values(), default=0) / 1024
        if not server.piek_kb:
            raise RuntimeError("no gunicorn worker found to read VmHWM from")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {tabel}")
        try:
            wereld.opruimen(sessiesleutel)
        except Exception as fout:  # the figures stay valid; say what is left behind
            print(f"bench_registratie: clean-up of {wereld.tag} failed: {fout!r}", file=sys.stderr)

    plafond_rps = sum(r["ok"] for r in plafond_rondes) / (RONDES * RONDE_S)
    registratie_rps = sum(r["ok"] for r in registratie_rondes) / (RONDES * RONDE_S)
    verwacht = (
        sum(r["sent"] for r in registratie_rondes)
        + open_lus["sent"]
        + len(BEZOEK_HULPVORMEN) * bezoek_lus["sent"]
        + SYNC_AANTAL
        + SYNC_FLAKY_AANTAL
    )
    mislukt = sum(r["failed"] for r in [*plafond_rondes, *registratie_rondes, open_lus, bezoek_lus])
    # Every line of every visit sent is a row (loadgen only sees "geaccepteerd" somewhere).
    mislukt += abs(len(BEZOEK_HULPVORMEN) * bezoek_lus["sent"] - bezoek_rijen)
    print(
        "   ceiling/s per round "
        + ", ".join(f"{r['ok_per_s']:.0f}" for r in plafond_rondes)
        + "; registrations/s per round "
        + ", ".join(f"{r['ok_per_s']:.0f}" for r in registratie_rondes)
        + f"; open loop {OPEN_RATE}/s p50 {open_lus['p50_ms']:.1f} p99 {open_lus['p99_ms']:.1f} "
        f"max {open_lus['max_ms']:.1f} ms; visits of 3 lines {OPEN_RATE}/s p95 "
        f"{bezoek_lus['p95_ms']:.1f} ms, {bezoek_rijen} rows for {bezoek_lus['sent']} visits"
        f"; sync outcomes {sorted(set(eerste))} then "
        f"{sorted(set(tweede))}; {geregistreerd} rows for {verwacht} registrations sent; "
        f"flaky proxy: {wankel_rijen} rows for {SYNC_FLAKY_AANTAL} items in "
        f"{wankel_verslag['pogingen']} uploads ({proxy.storingen}), "
        f"{wankel_verslag['geweigerd']} refused; "
        f"load average before {belasting_voor:.2f}; other processes took {buren.procent:.0f}% "
        f"of the {os.cpu_count()} CPUs meanwhile",
        flush=True,
    )
    server_config = f"gunicorn {GUNICORN_WORKERS} gthread workers x {GUNICORN_THREADS} threads"
    return {
        "registratie.throughput_ratio": {
            "value": round(registratie_rps / plafond_rps, 3),
            "unit": "ratio",
            "target": ">= 0.5 (registrations/s ÷ ceiling/s: authenticated 1-INSERT view, "
            "same server, same run)",
        },
        "registratie.throughput_rps": {
            "value": round(registratie_rps, 1),
            "unit": "1/s",
            "target": f"informative ({CLIENTS} keep-alive clients, {RONDES}x{RONDE_S:g} s, "
            f"{server_config})",
        },
        "registratie.ceiling_rps": {
            "value": round(plafond_rps, 1),
            "unit": "1/s",
            "target": f"informative (ceiling view, {CLIENTS} clients, {server_config})",
        },
        "registratie.p95_ms_at_50rps": {
            "value": round(open_lus["p95_ms"], 1),
            "unit": "ms",
            "target": "< 100 (open loop, from the scheduled send time)",
        },
        "registratie.visit_3_lines_p95_ms": {
            "value": round(bezoek_lus["p95_ms"], 1),
            "unit": "ms",
            "target": f"< 100 (open loop, {OPEN_RATE} visits/s of {len(BEZOEK_HULPVORMEN)} aid "
            "lines each, one request per visit, from the scheduled send time)",
        },
        "registratie.worker_rss_mb": {
            "value": round(piek_mb, 1),
            "unit": "MiB",
            "target": "< 200 (peak VmHWM of any gunicorn worker)",
        },
        "registratie.sync_1000_s": {
            "value": round(sync_s, 2),
            "unit": "s",
            "target": f"< 10 ({SYNC_AANTAL} offline items, {SYNC_BATCH} per request)",
        },
        "registratie.sync_lost": {
            "value": max(SYNC_AANTAL - na_sync, SYNC_AANTAL - na_replay),
            "unit": "rows",
            "target": "== 0",
        },
        "registratie.sync_duplicated": {
            "value": max(0, na_sync - SYNC_AANTAL, na_replay - SYNC_AANTAL),
            "unit": "rows",
            "target": "== 0 (also after replaying every batch)",
        },
        "registratie.sync_flaky_lost": {
            "value": max(0, SYNC_FLAKY_AANTAL - wankel_rijen) + wankel_verslag["geweigerd"],
            "unit": "rows",
            "target": f"== 0 ({SYNC_FLAKY_AANTAL} offline items through a loopback proxy that "
            "answers 400 itself, cuts connections before and after the server, adds latency; "
            "the client retries as outbox.js does)",
        },
        "registratie.sync_flaky_duplicated": {
            "value": max(0, wankel_rijen - SYNC_FLAKY_AANTAL),
            "unit": "rows",
            "target": "== 0 (same run)",
        },
        "registratie.neighbour_cpu_pct": {
            "value": round(buren.procent, 1),
            "unit": "%",
            "target": f"informative: share of the {os.cpu_count()} CPUs other processes used "
            "during the runs; well above 0 means every rate above is low, every latency high",
        },
        "registratie.failed_requests": {
            "value": mislukt,
            "unit": "requests",
            "target": "== 0 (non-200 or not geaccepteerd, all load runs)",
        },
    }
