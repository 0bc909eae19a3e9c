"""The fake as a ``requests`` transport adapter, in process (no socket):
``session.mount("https://", FakeAdapter(fake))``.

A network fault raises the exception requests raises for that failure (``ConnectionError``,
``ConnectTimeout``, ``ReadTimeout``, ``SSLError``), with the urllib3 cause that tells a refused
connection from a lost one, so ``diagnose()`` reads it back to its entry; a delay longer than the
request's read timeout raises ``ReadTimeout``. This module imports requests; ``diagnose.fake``
names its class without importing it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, cast
from urllib.parse import urlsplit

from requests import PreparedRequest, Response
from requests import exceptions as errors
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3 import HTTPResponse
from urllib3 import exceptions as urllib3_errors

from ..vocabulary import NetworkFailure
from .engine import FakeSmsApi
from .exchange import FakeRequest, FakeResponse
from .served import later_than, served

__all__ = ["FakeAdapter"]


class FakeAdapter(BaseAdapter):
    """Every request of a session it is mounted on answered by ``fake`` (its control API too),
    on any host; ``client_ip`` is the address the requests come from, for the IP allow-list."""

    def __init__(self, fake: FakeSmsApi, *, client_ip: str = "127.0.0.1") -> None:
        super().__init__()
        self.fake = fake
        self.client_ip = client_ip

    def send(  # noqa: PLR0917 (requests calls it with these arguments by position)
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> Response:
        answer = served(self.fake, _fake_request(request, self.client_ip))
        if answer.network is not None:
            raise network_error(NetworkFailure(answer.network), request)
        if later_than(answer.delay, _read_timeout(timeout)):
            raise errors.ReadTimeout("fake SMS API: the answer came after the read timeout", request=request)
        return self._response(request, answer)

    def close(self) -> None:
        """Nothing to close: no connection is ever opened."""

    def _response(self, request: PreparedRequest, answer: FakeResponse) -> Response:
        response = Response()
        response.status_code = answer.status
        response.headers = CaseInsensitiveDict(dict(answer.headers))
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw = HTTPResponse(
            body=io.BytesIO(answer.body),
            headers=dict(answer.headers),
            status=answer.status,
            reason=_reason(answer.status),
            preload_content=False,
            decode_content=False,
        )
        response.reason = _reason(answer.status)
        response.url = request.url or ""
        response.request = request
        return response


def _fake_request(request: PreparedRequest, client_ip: str) -> FakeRequest:
    parts = urlsplit(request.url or "/")
    body = request.body
    if body is None:
        data = b""
    elif isinstance(body, str):
        data = body.encode("utf-8")
    elif isinstance(body, bytes):
        data = body
    else:  # a file or an iterator of chunks (a streamed upload)
        chunks = [body.read()] if hasattr(body, "read") else list(body)
        data = b"".join(chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk) for chunk in chunks)
    return FakeRequest(
        method=request.method or "GET",
        path=parts.path or "/",
        query=parts.query,
        headers={name.lower(): _text(value) for name, value in request.headers.items()},
        body=data,
        client_ip=client_ip,
    )


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _read_timeout(timeout: Any) -> float | None:
    """The read timeout of a requests ``timeout``: a number, a (connect, read) pair, or None."""
    if isinstance(timeout, tuple):
        timeout = timeout[1] if len(timeout) > 1 else None
    return float(timeout) if isinstance(timeout, (int, float)) else None


def network_error(failure: NetworkFailure, request: PreparedRequest) -> errors.RequestException:
    """The exception requests raises for ``failure``, caused as requests' would be."""
    message = f"fake SMS API: {failure.value}"
    if failure is NetworkFailure.CONNECT_FAILED:
        refused = urllib3_errors.NewConnectionError(cast(Any, None), f"{message}: connection refused")
        return _caused(errors.ConnectionError(message, request=request), refused)
    if failure is NetworkFailure.CONNECTION_LOST:
        lost = urllib3_errors.ProtocolError("Connection aborted.", ConnectionResetError(104, "reset by peer"))
        return _caused(errors.ConnectionError(message, request=request), lost)
    kinds: dict[NetworkFailure, type[errors.RequestException]] = {
        NetworkFailure.CONNECT_TIMEOUT: errors.ConnectTimeout,
        NetworkFailure.TLS_FAILED: errors.SSLError,
        NetworkFailure.READ_TIMEOUT: errors.ReadTimeout,
    }
    return kinds[failure](message, request=request)


def _caused(error: errors.RequestException, cause: BaseException) -> errors.RequestException:
    error.__cause__ = cause
    error.__suppress_context__ = True
    return error


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
