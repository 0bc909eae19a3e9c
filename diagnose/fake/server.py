"""The fake served over HTTP on this machine with the standard library (``wsgiref``, a thread per
request): what ``sms-diagnose fake`` runs, and what a test that needs a real URL starts.

It binds to 127.0.0.1 unless told otherwise, logs nothing per request, and gives up on a client
that sends nothing for ``REQUEST_TIMEOUT`` seconds, so no request holds a thread for ever.
"""

from __future__ import annotations

import threading
from socketserver import ThreadingMixIn
from types import TracebackType
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from .engine import FakeSmsApi
from .wsgi import make_wsgi_app

LOOPBACK = "127.0.0.1"
REQUEST_TIMEOUT = 30.0
"""Seconds a connection may stay silent before the server closes it."""


class _Handler(WSGIRequestHandler):
    timeout = REQUEST_TIMEOUT

    def log_message(self, format: str, *args: object) -> None:
        """Nothing per request: the exchanges are the fake's to show (``/__fake/requests``, a journal)."""


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class FakeServer:
    """``fake`` served at ``base_url`` (``http://127.0.0.1:PORT``; port 0 takes a free one).
    ``serve_forever()`` in this thread, or ``with FakeServer(fake) as server:`` in a thread of
    its own until the block ends. OSError when the address cannot be listened on."""

    def __init__(self, fake: FakeSmsApi, *, host: str = LOOPBACK, port: int = 0) -> None:
        self.fake = fake
        self._server = _ThreadingServer((host, port), _Handler)
        self._server.set_app(make_wsgi_app(fake))
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        host = str(self._server.server_address[0])
        return f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        self._server.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        """Stop serving (from another thread than ``serve_forever``'s) and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeServer:
        self._thread = threading.Thread(target=self.serve_forever, name="sms-fake-server", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.shutdown()
        if self._thread is not None:
            self._thread.join()
