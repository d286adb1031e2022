"""A loopback proxy that breaks sync uploads at random, and a client that retries as the phone does.

The proxy sits between the client and gunicorn. For each upload to the sync
endpoint it draws (seeded, so a run can be repeated) one of:
- pass it on, after 20–120 ms of added latency;
- answer 400 itself with an HTML page, as a load balancer does (`400`);
- cut the connection before the server saw the request (`knip_voor`);
- pass it on, let the server commit and answer, then cut the connection, so
  the client never hears the answer (`knip_na`).

`versturen` sends a queue of items the way static/registratie/outbox.js does:
batches of up to 200 in order; a batch is decided only by a 200 answer with
`resultaten` (items answered geaccepteerd, duplicaat or te_controleren leave
the queue, fout is kept aside as refused); a network error or any other answer
keeps the whole batch and tries it again. The bench then counts the server's
rows: none lost, none doubled.
"""

import gzip
import http.client
import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "te"}
AFGELEVERD = {"geaccepteerd", "duplicaat", "te_controleren"}
KANSEN = {"400": 0.12, "knip_voor": 0.10, "knip_na": 0.12}


class FlakyProxy:
    def __init__(self, host: str, poort: int, sync_pad: str, zaad: int = 11):
        self.host, self.poort, self.sync_pad = host, poort, sync_pad
        self.rng = random.Random(zaad)
        self.lock = threading.Lock()
        self.storingen: dict[str, int] = {"door": 0, **dict.fromkeys(KANSEN, 0)}
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):
                pass

            def do_POST(self):
                lengte = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(lengte) if lengte else None
                soort, vertraging = (
                    proxy._trek() if self.path.startswith(proxy.sync_pad) else ("door", 0)
                )
                time.sleep(vertraging)
                if soort == "400":
                    inhoud = b"<html><body><h1>400 Bad Request</h1></body></html>"
                    self.send_response(400)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(inhoud)))
                    self.end_headers()
                    self.wfile.write(inhoud)
                    return
                if soort == "knip_voor":
                    self.close_connection = True
                    return
                verbinding = http.client.HTTPConnection(proxy.host, proxy.poort, timeout=120)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
                verbinding.request("POST", self.path, body=body, headers=headers)
                antwoord = verbinding.getresponse()
                inhoud = antwoord.read()
                verbinding.close()
                if soort == "knip_na":
                    self.close_connection = True
                    return
                self.send_response(antwoord.status, antwoord.reason)
                for naam, waarde in antwoord.getheaders():
                    if naam.lower() not in HOP | {"content-length"}:
                        self.send_header(naam, waarde)
                self.send_header("Content-Length", str(len(inhoud)))
                self.end_headers()
                self.wfile.write(inhoud)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.eigen_poort = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _trek(self) -> tuple[str, float]:
        with self.lock:
            kans = self.rng.random()
            vertraging = self.rng.uniform(0.02, 0.12)
            grens = 0.0
            for soort, p in KANSEN.items():
                grens += p
                if kans < grens:
                    self.storingen[soort] += 1
                    return soort, vertraging
            self.storingen["door"] += 1
            return "door", vertraging

    def __enter__(self) -> "FlakyProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def versturen(
    host: str,
    poort: int,
    pad: str,
    headers: dict,
    items: list[dict],
    eigenaar: str | None = None,
    per_keer: int = 200,
) -> dict:
    """Send the queue until it is empty, as outbox.js does; returns what happened."""
    wachtrij = list(items)
    geweigerd, pogingen = [], 0
    while wachtrij:
        pogingen += 1
        if pogingen > 2000:
            raise RuntimeError("flaky sync: the queue did not empty in 2,000 tries")
        batch = wachtrij[:per_keer]
        body = {"apparaat": "bench-flaky", "afhalingen": batch}
        if eigenaar:
            body["eigenaar"] = eigenaar
        try:
            conn = http.client.HTTPConnection(host, poort, timeout=60)
            conn.request("POST", pad, json.dumps(body), headers)
            antwoord = conn.getresponse()
            inhoud = antwoord.read()
            conn.close()
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)
            continue
        if antwoord.getheader("Content-Encoding") == "gzip":
            inhoud = gzip.decompress(inhoud)
        try:
            resultaten = json.loads(inhoud)["resultaten"] if antwoord.status == 200 else None
        except (ValueError, KeyError, TypeError):
            resultaten = None
        if not resultaten:
            time.sleep(0.05)
            continue
        per_sleutel = {r["sleutel"]: r["uitkomst"] for r in resultaten}
        klaar = {s for s, u in per_sleutel.items() if u in AFGELEVERD or u == "fout"}
        geweigerd += [s for s, u in per_sleutel.items() if u == "fout"]
        wachtrij = [i for i in wachtrij if i["sleutel"] not in klaar]
    return {"pogingen": pogingen, "geweigerd": len(geweigerd)}
