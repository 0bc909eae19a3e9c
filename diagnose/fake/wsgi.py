"""The fake as a WSGI application: any WSGI server hosts it (the standard library's wsgiref,
gunicorn, a test client). Requests are bounded, and a request it cannot read gets an answer,
never a traceback."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from ..catalog.answers import transport_answer
from ..catalog.model import Entry
from .engine import FakeSmsApi
from .exchange import MAX_REQUEST_BYTES, FakeRequest, FakeResponse
from .responses import response_of
from .served import served

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def make_wsgi_app(fake: FakeSmsApi, *, max_request_bytes: int = MAX_REQUEST_BYTES) -> WsgiApp:
    """A WSGI application serving ``fake``, with its control API under ``/__fake/``. A body
    larger than ``max_request_bytes`` is answered 413 unread."""

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = _response(fake, environ, max_request_bytes)
        except Exception:  # the fake's own failure: answered as a provider's server error, never a traceback
            response = response_of(transport_answer(_server_error(fake), 500))
        return _served(response, start_response)

    return app


def _response(fake: FakeSmsApi, environ: dict[str, Any], limit: int) -> FakeResponse:
    stream = environ.get("wsgi.input")
    chunked = "chunked" in str(environ.get("HTTP_TRANSFER_ENCODING", "")).lower()
    if chunked and not environ.get("CONTENT_LENGTH") and stream is not None:
        if environ.get("wsgi.input_terminated"):  # the server took the chunks apart
            body = stream.read(limit + 1)
        else:
            try:
                body = _dechunked(stream, limit)
            except ValueError:
                return _plain(HTTPStatus.BAD_REQUEST)
        if len(body) > limit:
            return _plain(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    else:
        length = _content_length(environ.get("CONTENT_LENGTH"))
        if length is None:
            return _plain(HTTPStatus.BAD_REQUEST)
        if length > limit:
            return _plain(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        body = stream.read(length) if length and stream is not None else b""
    request = FakeRequest(
        method=str(environ.get("REQUEST_METHOD", "GET")),
        path=_wire_text(environ.get("PATH_INFO", "/")) or "/",
        query=_wire_text(environ.get("QUERY_STRING", "")),
        headers=_headers(environ),
        body=body,
        client_ip=str(environ.get("REMOTE_ADDR", "")),
    )
    return served(fake, request)


_HEX_DIGITS = b"0123456789abcdefABCDEF"


def _dechunked(stream: Any, limit: int) -> bytes:
    """A body sent in chunks (``Transfer-Encoding: chunked``, as curl and requests send a body of
    unknown length), read up to ``limit`` bytes and one more; ValueError when it is no chunked
    body."""
    parts: list[bytes] = []
    size = 0
    while True:
        line = stream.readline(4096)
        size_text = line.split(b";", 1)[0].strip()
        if not line.endswith(b"\n") or not size_text or len(size_text) > 16 or size_text.strip(_HEX_DIGITS):
            raise ValueError("not a chunk size")  # hexadecimal digits only (RFC 9112), no 0x, sign or _
        chunk = int(size_text, 16)
        if chunk == 0:
            for _ in range(100):  # trailer fields, then the blank line; a hundred at most
                if not stream.readline(4096).strip():
                    return b"".join(parts)
            raise ValueError("a trailer without end")
        if size + chunk > limit:
            return b"".join(parts) + b"\0" * (limit + 1 - size)  # more than the limit: no need to read on
        data = stream.read(chunk)
        if len(data) != chunk or stream.readline(3).strip():
            raise ValueError("a chunk shorter than it said")
        parts.append(data)
        size += chunk


def _content_length(value: object) -> int | None:
    """The body's length; None for a length that is not a whole number."""
    if value in (None, ""):
        return 0
    text = str(value).strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


def _wire_text(value: object) -> str:
    """A WSGI string (bytes as latin-1, PEP 3333) as the UTF-8 text it carries."""
    text = str(value)
    try:
        return text.encode("latin-1").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {
        key[5:].replace("_", "-").lower(): str(value) for key, value in environ.items() if key.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = str(environ["CONTENT_TYPE"])
    return headers


def _plain(status: HTTPStatus) -> FakeResponse:
    return FakeResponse(status=status.value, headers=(("Content-Type", "text/plain"),), body=b"")


def _server_error(fake: FakeSmsApi) -> Entry:
    entry = fake.catalog.by_name("TRANSPORT_SERVER_ERROR")
    if entry is None:
        raise LookupError("the catalog has no TRANSPORT_SERVER_ERROR")
    return entry


def _served(response: FakeResponse, start_response: StartResponse) -> Iterable[bytes]:
    status = f"{response.status} {_reason(response.status)}"
    headers = [(name, value) for name, value in response.headers if name.lower() != "content-length"]
    if response.reset:
        # A connection that breaks: the length announced, no body sent, the connection closed.
        start_response(status, [*headers, ("Content-Length", "1")])
        return []
    start_response(status, [*headers, ("Content-Length", str(len(response.body)))])
    return [response.body]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
