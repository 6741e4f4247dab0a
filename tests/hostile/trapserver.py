"""A loopback HTTP trap: any request rung makes for a packet's URL lands here.

A plain ``http.server`` on 127.0.0.1 with an OS-chosen port that records every
request.  Hostile fixtures name it as ``@TRAP@`` (replaced by ``127.0.0.1:PORT``
when a case is installed), so a fetch of a packet's link, image or stylesheet
shows up in ``Trap.requests``.  Nothing in these tests sends traffic anywhere but
127.0.0.1.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer

TRAP_MARK = b"@TRAP@"


@dataclass
class Trap:
    """A loopback HTTP server that answers 200 to everything and remembers each request."""

    host: str
    port: int
    requests: list[str] = field(default_factory=list)

    @property
    def netloc(self) -> str:
        return f"{self.host}:{self.port}"


@contextlib.contextmanager
def serve_trap() -> Iterator[Trap]:
    trap = Trap("127.0.0.1", 0)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            with lock:
                trap.requests.append(f"{self.command} {self.path}")
            body = b"trapped"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_HEAD = do_PUT = do_OPTIONS = _record

        def log_message(self, format: str, *args: object) -> None:
            pass  # requests are recorded, not logged

    server = HTTPServer(("127.0.0.1", 0), Handler)
    trap.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="hostile-trap", daemon=True)
    thread.start()
    try:
        yield trap
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
