"""Receive delivery-report webhooks, diagnose every number they report, keep them as JSON Lines.

The package's WSGI app (``diagnose.integrations.webhook.WebhookWSGIApp``) behind a
standard-library server, no framework. Run it on 127.0.0.1 and point the panel's delivery-report
webhook at it (through your own HTTPS proxy when it faces the internet):

    python examples/webhook_receiver.py --port 8080 --log reports.jsonl

The app reads each POST body (form-encoded ``data=...`` or JSON) with ``diagnose_report()`` and
hands every number's diagnosis to ``on_report``: here ``JsonLinesLog``, which appends it to the
log as one JSON line: ``Diagnosis.to_dict()`` and, as ``body``, the number's own record as
to_dict() shows it (phone numbers and authkeys masked; the body as received is never logged).
``sms-diagnose report reports.jsonl`` and ``sms-diagnose check --reports reports.jsonl`` read the
log back. The answer is 200 with the count, or 400 when the body holds no delivery report (it is
logged too, so nothing is lost).

The body is bounded before a byte of it is read: a request without a Content-Length gets 411,
one whose Content-Length is not a decimal number gets 400, one over ``MAX_BODY`` gets 413, and
none of them is read or logged. Any body within the limit, whatever bytes it holds, gets a 200
or a 400 and one or more log lines, never a 500. The log is ASCII JSON Lines (so valid UTF-8
whatever the body held), appended under a lock, one line per diagnosis.

The time and the threads a client holds are bounded too. A request is given REQUEST_DEADLINE
seconds in all to arrive, from its connection to the last byte of its body: every read waits at
most what is left of it, so a client that sends a byte now and then is cut at the deadline (408
when its headers arrived, else the connection is closed), however often it sends. At most
MAX_HANDLERS requests are handled at once; a connection beyond them is answered 503 with a
Retry-After at once, without a thread.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import socket
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from diagnose import Diagnosis
from diagnose.integrations.webhook import MAX_BODY, WebhookWSGIApp

REQUEST_DEADLINE = 30.0
"""Seconds a request is given in all, from its connection to the last byte of its body."""

ANSWER_TIMEOUT = 5.0
"""Seconds the answer (a few hundred bytes) may take to be written, after the request."""

MAX_HANDLERS = 32
"""Requests handled at once, each in a thread; a connection beyond them is answered 503."""

RETRY_AFTER_SECONDS = 1

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
App = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

__all__ = ["MAX_BODY", "JsonLinesLog", "main", "make_app", "make_receiver"]


class JsonLinesLog:
    """``on_report``: each diagnosis appended to ``path`` as one line of ASCII JSON,
    ``to_dict()`` with the (masked) record it diagnosed as ``body``, so that ``sms-diagnose
    report`` and ``check --reports`` read the log as they read bodies (a lone surrogate becomes a
    ``\\ud800`` escape, so the log stays valid UTF-8)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def __call__(self, diagnosis: Diagnosis) -> None:
        data = diagnosis.to_dict()
        line = json.dumps({"body": data["raw"], **data}, ensure_ascii=True) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8", newline="\n") as log:
            log.write(line)


def make_app(log_path: Path, *, max_body: int = MAX_BODY) -> App:
    """The package's webhook app, logging every diagnosis to ``log_path``."""
    return WebhookWSGIApp(JsonLinesLog(log_path), max_body=max_body)


class _UntilDeadline(io.RawIOBase):
    """A connection's bytes, each read waiting at most what is left of the request's deadline:
    ``TimeoutError`` once it has passed, whether the client is silent or sends a byte now and then."""

    def __init__(self, connection: socket.socket, deadline: float) -> None:
        super().__init__()
        self._connection = connection
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request did not arrive before its deadline")
        self._connection.settimeout(left)
        return self._connection.recv_into(buffer)


class _AnswerWriter(io.BufferedIOBase):
    """The answer's bytes, written within ANSWER_TIMEOUT whatever is left of the deadline."""

    def __init__(self, connection: socket.socket) -> None:
        super().__init__()
        self._connection = connection
        self.started = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.started = True
        self._connection.settimeout(ANSWER_TIMEOUT)
        self._connection.sendall(data)
        return len(data)


class _Handler(WSGIRequestHandler):
    """One request, read before the server's ``request_deadline`` (its connection's time, not
    each read's) and answered within ANSWER_TIMEOUT."""

    def setup(self) -> None:
        super().setup()
        deadline = time.monotonic() + getattr(self.server, "request_deadline", REQUEST_DEADLINE)
        self.rfile = io.BufferedReader(_UntilDeadline(self.connection, deadline))
        self.answer = _AnswerWriter(self.connection)
        self.wfile = self.answer

    def handle(self) -> None:
        try:
            super().handle()
        except TimeoutError:  # the request line or the headers did not arrive in time
            self.close_connection = True
            if not self.answer.started:
                body = json.dumps({"error": "the request did not arrive in time"}).encode("ascii")
                head = (
                    "HTTP/1.0 408 Request Timeout\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
                )
                with contextlib.suppress(OSError):
                    self.answer.write(head.encode("ascii") + body)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    """One thread per request, so a slow client does not hold up the others; at most
    ``max_handlers`` at once, and a connection beyond them is answered 503 at once."""

    daemon_threads = True
    request_deadline = REQUEST_DEADLINE
    max_handlers = MAX_HANDLERS
    _slots: threading.BoundedSemaphore | None = None

    def process_request(self, request: Any, client_address: Any) -> None:
        if self._slots is None:  # made on the serving thread, once max_handlers is set
            self._slots = threading.BoundedSemaphore(self.max_handlers)
        slots = self._slots
        if not slots.acquire(blocking=False):
            _refuse_busy(request)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            assert self._slots is not None
            self._slots.release()


BUSY_BODY = json.dumps({"error": f"busy: too many requests at once; retry after {RETRY_AFTER_SECONDS} s"}).encode()
BUSY = (
    "HTTP/1.0 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    f"Content-Length: {len(BUSY_BODY)}\r\nRetry-After: {RETRY_AFTER_SECONDS}\r\nConnection: close\r\n\r\n"
).encode("ascii") + BUSY_BODY


def _refuse_busy(connection: socket.socket) -> None:
    """Answer 503 on the serving thread, without waiting on the client: the answer fits in the
    socket's buffer, and what the client sent is dropped without waiting for more."""
    try:
        connection.settimeout(0)
        connection.sendall(BUSY)
        connection.shutdown(socket.SHUT_WR)
        while connection.recv(65536):  # what has arrived, so that closing does not reset the answer
            pass
    except OSError:  # nothing more to read now (BlockingIOError), or the client is gone
        pass


def make_receiver(
    host: str,
    port: int,
    app: App,
    *,
    request_deadline: float = REQUEST_DEADLINE,
    max_handlers: int = MAX_HANDLERS,
    handler_class: type[_Handler] = _Handler,
) -> _ThreadingServer:
    """The server ``main()`` runs: ``app`` behind a request deadline and a bound on handlers."""
    server = make_server(host, port, app, server_class=_ThreadingServer, handler_class=handler_class)
    assert isinstance(server, _ThreadingServer)
    server.request_deadline = request_deadline
    server.max_handlers = max_handlers
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--log", type=Path, default=Path("delivery-reports.jsonl"))
    args = parser.parse_args()
    app = make_app(args.log)
    with make_receiver(args.host, args.port, app) as server:
        print(f"receiving delivery reports on http://{args.host}:{server.server_port}/, logging to {args.log}")
        server.serve_forever()


if __name__ == "__main__":
    main()
