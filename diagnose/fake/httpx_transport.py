"""The fake as an ``httpx`` transport, in process (no socket): ``httpx.Client(transport=
FakeTransport(fake))`` and ``httpx.AsyncClient(transport=AsyncFakeTransport(fake))``.

A network fault raises the exception httpx raises for that failure (``ConnectError``,
``ReadTimeout``, ``RemoteProtocolError``...), which ``diagnose()`` reads back to its entry; a
delay longer than the client's read timeout raises ``ReadTimeout``. This module imports httpx;
``diagnose.fake`` names its classes without importing it.
"""

from __future__ import annotations

import ssl

import httpx

from ..vocabulary import NetworkFailure
from .engine import FakeSmsApi
from .exchange import FakeRequest, FakeResponse
from .served import later_than, served

__all__ = ["AsyncFakeTransport", "FakeTransport"]


class FakeTransport(httpx.BaseTransport):
    """Every request of an ``httpx.Client`` answered by ``fake`` (its control API too), on any
    host; ``client_ip`` is the address the requests come from, for the IP allow-list."""

    def __init__(self, fake: FakeSmsApi, *, client_ip: str = "127.0.0.1") -> None:
        self.fake = fake
        self.client_ip = client_ip

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return _answered(request, served(self.fake, _fake_request(request, request.read(), self.client_ip)))


class AsyncFakeTransport(httpx.AsyncBaseTransport):
    """``FakeTransport`` for an ``httpx.AsyncClient``."""

    def __init__(self, fake: FakeSmsApi, *, client_ip: str = "127.0.0.1") -> None:
        self.fake = fake
        self.client_ip = client_ip

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        return _answered(request, served(self.fake, _fake_request(request, body, self.client_ip)))


def _fake_request(request: httpx.Request, body: bytes, client_ip: str) -> FakeRequest:
    return FakeRequest(
        method=request.method,
        path=request.url.path or "/",
        query=request.url.query.decode("ascii", "replace"),
        headers={name.lower(): value for name, value in request.headers.items()},
        body=body,
        client_ip=client_ip,
    )


def _answered(request: httpx.Request, response: FakeResponse) -> httpx.Response:
    timeouts = request.extensions.get("timeout") or {}
    if response.network is None and later_than(response.delay, timeouts.get("read")):
        raise httpx.ReadTimeout("fake SMS API: the answer came after the read timeout", request=request)
    if response.network is not None:
        raise network_error(NetworkFailure(response.network), request)
    return httpx.Response(response.status, headers=list(response.headers), content=response.body, request=request)


def network_error(failure: NetworkFailure, request: httpx.Request) -> httpx.TransportError:
    """The exception httpx raises for ``failure`` (a failed TLS handshake: ``ConnectError``
    caused by ``ssl.SSLError``, as httpx raises it)."""
    message = f"fake SMS API: {failure.value}"
    if failure is NetworkFailure.TLS_FAILED:
        error = httpx.ConnectError(message, request=request)
        error.__cause__ = ssl.SSLError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
        error.__suppress_context__ = True
        return error
    kinds: dict[NetworkFailure, type[httpx.TransportError]] = {
        NetworkFailure.CONNECT_FAILED: httpx.ConnectError,
        NetworkFailure.CONNECT_TIMEOUT: httpx.ConnectTimeout,
        NetworkFailure.READ_TIMEOUT: httpx.ReadTimeout,
        NetworkFailure.CONNECTION_LOST: httpx.RemoteProtocolError,
    }
    return kinds[failure](message, request=request)
