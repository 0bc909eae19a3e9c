"""``SmsFake``: the fake provider a test is given (the pytest fixture ``sms_fake``), with its
base URL and clients ready to send to it in process.

It is a ``FakeSmsApi`` (``fail_next``, ``otp_sent_to``, ``submissions``...) on a ``FakeClock``
that only the test moves (``advance``), with seed 0 unless told: the same test gets the same
request IDs and OTPs every run. httpx and requests are imported when a client of theirs is asked
for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .clock import FakeClock
from .engine import FakeSmsApi

if TYPE_CHECKING:
    import httpx
    import requests

    from .httpx_transport import AsyncFakeTransport, FakeTransport
    from .requests_adapter import FakeAdapter

BASE_URL = "https://api.msg91.com"


class SmsFake(FakeSmsApi):
    """A ``FakeSmsApi`` for one test. ``base_url`` is the URL its clients send to (any host is
    answered); ``client_ip`` the address its clients' requests come from; the other options are
    FakeSmsApi's (``authkeys``, ``allowed_ips``, ``balance``, ``seed``, ``dlt_templates``...)."""

    def __init__(
        self, *, base_url: str = BASE_URL, client_ip: str = "127.0.0.1", clock: FakeClock | None = None, **options: Any
    ) -> None:
        self.fake_clock = clock if clock is not None else FakeClock()
        super().__init__(clock=self.fake_clock, **options)
        self.base_url = base_url.rstrip("/")
        self.client_ip = client_ip
        self._closers: list[Callable[[], None]] = []

    def advance(self, seconds: float) -> None:
        """Move the fake's clock on (the duplicate window, OTP expiry): no test waits."""
        self.fake_clock.advance(seconds)

    def transport(self) -> FakeTransport:
        from .httpx_transport import FakeTransport

        return FakeTransport(self, client_ip=self.client_ip)

    def async_transport(self) -> AsyncFakeTransport:
        from .httpx_transport import AsyncFakeTransport

        return AsyncFakeTransport(self, client_ip=self.client_ip)

    def adapter(self) -> FakeAdapter:
        from .requests_adapter import FakeAdapter

        return FakeAdapter(self, client_ip=self.client_ip)

    def httpx_client(self, **options: Any) -> httpx.Client:
        """An ``httpx.Client`` answered by this fake, with ``base_url`` set (``options`` are the
        client's own: ``timeout``, ``event_hooks``...); closed when the test ends."""
        import httpx

        client = httpx.Client(transport=self.transport(), base_url=options.pop("base_url", self.base_url), **options)
        self._closers.append(client.close)
        return client

    def async_httpx_client(self, **options: Any) -> httpx.AsyncClient:
        """An ``httpx.AsyncClient`` answered by this fake (``async with`` it in the test)."""
        import httpx

        return httpx.AsyncClient(
            transport=self.async_transport(), base_url=options.pop("base_url", self.base_url), **options
        )

    def requests_session(self) -> requests.Session:
        """A ``requests.Session`` answered by this fake on every http and https URL; closed when
        the test ends."""
        import requests

        session = requests.Session()
        adapter = self.adapter()
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        self._closers.append(session.close)
        return session

    def serve(self) -> str:
        """Serve this fake over HTTP on 127.0.0.1 until the test ends (for a program the test
        starts, in any language): its base URL, ``http://127.0.0.1:PORT``."""
        from .server import FakeServer

        server = FakeServer(self).__enter__()
        self._closers.append(lambda: server.__exit__(None, None, None))
        return server.base_url

    def close(self) -> None:
        """Close the clients made for the test, stop its server, end its journal."""
        while self._closers:
            self._closers.pop()()
        super().close()
