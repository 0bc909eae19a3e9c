"""A local provider API for the tests of code that calls it: each catalog entry's JSON example
answered by its name (a real server, see the api fixture in conftest.py), and a stub response."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from diagnose.catalog.model import load_catalog

CATALOG = load_catalog()
KEY = "367431AbCdEf0123456789ab"
OK = '{"type":"success","message":"3763646c3058373530393832"}'


SLOW_SECONDS = 3.0
"""How long a path under /slow/ waits before it answers: longer than any client timeout of the
tests (they use 0.3 s), so that the timeout must fire whatever the machine's speed."""


class ProviderAnswers(BaseHTTPRequestHandler):
    """The provider's answers by name (``?answer=INVALID_AUTHKEY``); under ``/slow/`` the same,
    after SLOW_SECONDS (a read timeout); under ``/hangup/`` none: the connection is closed."""

    flaky_left = 0

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client stopped waiting (its read timeout fired)

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        path = urlsplit(self.path).path
        if path.startswith("/hangup/"):
            self.close_connection = True
            return False  # closed without a word: the client sees the connection lost
        if path.startswith("/slow/"):
            time.sleep(SLOW_SECONDS)
        return True

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        name = query.get("answer", ["OK"])[0]
        if name == "FLAKY":
            if ProviderAnswers.flaky_left > 0:
                ProviderAnswers.flaky_left -= 1
                self._send(429, "", {"Retry-After": "0"})
                return
            self._send(200, OK)
            return
        entry = CATALOG.by_name(name)
        body = OK if entry is None else next(e.body for e in entry.examples if e.format == "json")
        self._send(200, body)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._send(200, OK)

    def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


class StubResponse:
    def __init__(self, body: str, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.content, self.status_code, self.headers = body.encode(), status, headers or {}


IP_418 = '{"type":"error","message":"IP not whitelisted","code":"418"}'
