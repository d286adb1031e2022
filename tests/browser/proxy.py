"""A small loopback HTTP proxy in front of the live server, that misbehaves on command.

The phone talks to the proxy as to the site (same origin, same cookies); the
proxy forwards everything, except that uploads to the sync endpoint can be
answered by the proxy itself (a 400 page, as a load balancer or captive portal
does), or have their connection cut before or after the server handled them.
"""

import http.client
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SYNC_PAD = "/registratie/api/afhalingen/"
HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "te"}


@dataclass
class Storing:
    """What the proxy does to the next sync uploads: `soort` for `aantal` of them."""

    soort: str = ""  # "400", "knip_voor" (never reaches the server), "knip_na" (after it answered)
    aantal: int = 0
    gezien: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def volgende(self) -> str:
        with self.lock:
            if self.aantal <= 0:
                self.gezien.append("door")
                return ""
            self.aantal -= 1
            self.gezien.append(self.soort)
            return self.soort


class Proxy:
    def __init__(self, doel: str):
        delen = urlsplit(doel)
        self.host, self.poort = delen.hostname, delen.port
        self.storing = Storing()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):  # quiet in test output
                pass

            def _doorsturen(self):
                lengte = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(lengte) if lengte else None
                storing = proxy.storing.volgende() if self.path.startswith(SYNC_PAD) else ""
                if storing == "400":
                    inhoud = b"<html><body><h1>400 Bad Request</h1>nginx</body></html>"
                    self.send_response(400)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(inhoud)))
                    self.end_headers()
                    self.wfile.write(inhoud)
                    return
                if storing == "knip_voor":
                    self.close_connection = True
                    return
                verbinding = http.client.HTTPConnection(proxy.host, proxy.poort, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
                verbinding.request(self.command, self.path, body=body, headers=headers)
                antwoord = verbinding.getresponse()
                inhoud = antwoord.read()
                verbinding.close()
                if storing == "knip_na":
                    # The server committed and answered; the phone never hears it.
                    self.close_connection = True
                    return
                self.send_response(antwoord.status, antwoord.reason)
                for naam, waarde in antwoord.getheaders():
                    if naam.lower() not in HOP | {"content-length"}:
                        self.send_header(naam, waarde)
                self.send_header("Content-Length", str(len(inhoud)))
                self.end_headers()
                self.wfile.write(inhoud)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _doorsturen

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Proxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
