"""HTTP load generator for bench_registratie: its own process, loopback only, stops by itself.

    python bench/loadgen.py CONFIG.json      prints one JSON object (the summary) on stdout

CONFIG (JSON):
    host, port            the server; only loopback addresses are accepted
    path                  the URL path every request POSTs to
    headers               extra request headers (cookie, CSRF token, content type)
    bodies                request bodies, one per request; none is sent twice
    expect                a text every good answer contains (besides status 200)
    warmup, duration      seconds: requests during the warm-up are not counted
    mode "closed"         `concurrency` clients on keep-alive connections, each sending
                          its next request as soon as the previous answer arrived
    mode "open"           requests on a fixed schedule, `rate` per second, sent whether or
                          not earlier ones finished (up to `max_connections` at once);
                          latency counts from the scheduled send time, so a stalled server
                          cannot hide its queue (no coordinated omission)

No third-party packages: asyncio streams and a small HTTP/1.1 client.
"""

import asyncio
import gzip
import json
import math
import sys
import time

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
MAX_FOUTVOORBEELDEN = 5


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) with linear interpolation between ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of an empty list")
    if not 0 <= p <= 100:
        raise ValueError("p must be between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    lower = math.floor(rank)
    upper = math.ceil(rank)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (rank - lower)


def summary(latencies_s: list[float]) -> dict:
    if not latencies_s:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    return {
        "p50_ms": percentile(latencies_s, 50) * 1000,
        "p95_ms": percentile(latencies_s, 95) * 1000,
        "p99_ms": percentile(latencies_s, 99) * 1000,
        "max_ms": max(latencies_s) * 1000,
    }


class Verbinding:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None
        self.gebruikt = False
        self.open = False

    async def openen(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.gebruikt = False
        self.open = True

    def sluiten(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.open = False

    async def _lees(self) -> tuple[int, bytes]:
        kop = await self.reader.readuntil(b"\r\n\r\n")
        regels = kop.decode("latin-1").split("\r\n")
        status = int(regels[0].split()[1])
        headers = {}
        for regel in regels[1:]:
            if ":" in regel:
                naam, waarde = regel.split(":", 1)
                headers[naam.strip().lower()] = waarde.strip().lower()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            delen = []
            while True:
                grootte = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if grootte == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                delen.append(await self.reader.readexactly(grootte))
                await self.reader.readexactly(2)
            body = b"".join(delen)
        else:
            body = await self.reader.read()
            self.sluiten()
        if headers.get("connection") == "close":
            self.sluiten()
        if headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        return status, body

    async def versturen(self, verzoek: bytes) -> tuple[int, bytes]:
        """Send one request; a keep-alive connection the server closed is reopened once."""
        for poging in (1, 2):
            if not self.open:
                await self.openen()
            hergebruikt = self.gebruikt
            try:
                self.writer.write(verzoek)
                await self.writer.drain()
                self.gebruikt = True
                return await self._lees()
            except (asyncio.IncompleteReadError, ConnectionError):
                self.sluiten()
                if not hergebruikt or poging == 2:
                    raise
        raise AssertionError("unreachable")


class Meting:
    def __init__(self, config: dict):
        self.host = config["host"]
        if self.host not in LOOPBACK:
            raise SystemExit(f"loadgen: only loopback addresses, not {self.host!r}")
        self.port = int(config["port"])
        self.path = config["path"]
        self.headers = config.get("headers", {})
        self.bodies = [b.encode() for b in config["bodies"]]
        self.volgende = 0
        self.expect = config.get("expect", "").encode()
        self.warmup = float(config.get("warmup", 0))
        self.duration = float(config["duration"])
        # (scheduled or start time, end time, ok) per request
        self.resultaten: list[tuple[float, float, bool]] = []
        self.fouten: list[str] = []
        self.uitgeput = False

    def verzoek(self) -> bytes | None:
        if self.volgende >= len(self.bodies):
            self.uitgeput = True
            return None
        body = self.bodies[self.volgende]
        self.volgende += 1
        kop = [
            f"POST {self.path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"Content-Length: {len(body)}",
            *(f"{naam}: {waarde}" for naam, waarde in self.headers.items()),
        ]
        return ("\r\n".join(kop) + "\r\n\r\n").encode("latin-1") + body

    async def een(self, verbinding: Verbinding, verzoek: bytes, vanaf: float) -> None:
        try:
            status, body = await verbinding.versturen(verzoek)
            ok = status == 200 and self.expect in body
            if not ok and len(self.fouten) < MAX_FOUTVOORBEELDEN:
                self.fouten.append(f"{status}: {body[:300].decode(errors='replace')}")
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as fout:
            verbinding.sluiten()
            ok = False
            if len(self.fouten) < MAX_FOUTVOORBEELDEN:
                self.fouten.append(f"{type(fout).__name__}: {fout}")
        self.resultaten.append((vanaf, time.monotonic(), ok))

    async def gesloten(self, concurrency: int) -> None:
        einde = self.start + self.warmup + self.duration

        async def client() -> None:
            verbinding = Verbinding(self.host, self.port)
            while time.monotonic() < einde:
                verzoek = self.verzoek()
                if verzoek is None:
                    break
                await self.een(verbinding, verzoek, time.monotonic())
            verbinding.sluiten()

        await asyncio.gather(*(client() for _ in range(concurrency)))

    async def open_lus(self, rate: float, max_verbindingen: int) -> None:
        vrij: list[Verbinding] = []
        plaatsen = asyncio.Semaphore(max_verbindingen)

        async def gepland(verzoek: bytes, wanneer: float) -> None:
            async with plaatsen:
                verbinding = vrij.pop() if vrij else Verbinding(self.host, self.port)
                await self.een(verbinding, verzoek, wanneer)
                if verbinding.open:
                    vrij.append(verbinding)

        taken = []
        aantal = round(rate * (self.warmup + self.duration))
        for i in range(aantal):
            wanneer = self.start + i / rate
            wacht = wanneer - time.monotonic()
            if wacht > 0:
                await asyncio.sleep(wacht)
            verzoek = self.verzoek()
            if verzoek is None:
                break
            taken.append(asyncio.create_task(gepland(verzoek, wanneer)))
        await asyncio.gather(*taken)
        for verbinding in vrij:
            verbinding.sluiten()

    async def uitvoeren(self, config: dict) -> dict:
        self.start = time.monotonic() + 0.05
        if config["mode"] == "closed":
            await self.gesloten(int(config["concurrency"]))
        elif config["mode"] == "open":
            await self.open_lus(float(config["rate"]), int(config.get("max_connections", 256)))
        else:
            raise SystemExit(f"loadgen: unknown mode {config['mode']!r}")
        return self.verslag(config["mode"])

    def verslag(self, mode: str) -> dict:
        venster_begin = self.start + self.warmup
        venster_einde = venster_begin + self.duration
        if mode == "closed":
            # Throughput: answers that arrived inside the measuring window.
            geteld = [r for r in self.resultaten if venster_begin <= r[1] <= venster_einde]
        else:
            # Open loop: requests scheduled inside the window, however late they finished.
            geteld = [r for r in self.resultaten if r[0] >= venster_begin]
        goed = [r for r in geteld if r[2]]
        return {
            "mode": mode,
            "sent": len(self.resultaten),
            "counted": len(geteld),
            "ok": len(goed),
            "failed": sum(1 for r in self.resultaten if not r[2]),
            "failed_examples": self.fouten,
            "exhausted": self.uitgeput,
            "window_s": self.duration,
            "ok_per_s": len(goed) / self.duration,
            **summary([einde - begin for begin, einde, _ok in geteld]),
        }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0]) as f:
        config = json.load(f)
    verslag = asyncio.run(Meting(config).uitvoeren(config))
    json.dump(verslag, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
