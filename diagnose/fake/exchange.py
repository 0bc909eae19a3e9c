"""One exchange with the fake API: the request it is given and the response it gives.

Both are plain data, so that any way in (the WSGI application, an in-process transport of an
HTTP client, a test calling ``FakeSmsApi.handle``) builds the one and serves the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ..outgoing.request import UnrecognisedRequest, query_fields, request_text
from ..records import Record
from ..responses.wire import loads_json

MAX_REQUEST_BYTES = 1 << 20
"""The most bytes of a request's body the fake reads; a larger request is refused (HTTP 413)."""


class FakeRequest(Record):
    """A request as the fake reads it. ``headers`` by lower-case name; ``query`` is the query
    string without its ``?``; ``client_ip`` is the address the request came from."""

    method: str
    path: str
    query: str = ""
    headers: Mapping[str, str] = MappingProxyType({})
    body: bytes = b""
    client_ip: str = "127.0.0.1"

    @property
    def url(self) -> str:
        """The request's URL on a host of no consequence (the fake answers on any host)."""
        return f"https://api.msg91.com{self.path}" + (f"?{self.query}" if self.query else "")


class FakeResponse(Record):
    """A response of the fake: status, headers and body, as the provider would send them.

    ``delay`` is how long (seconds) the answer was held back, already waited on the fake's
    sleeper. ``network`` (a ``NetworkFailure`` member, ``connection-lost``) asks the layer that
    serves the response to fail as the network would instead of answering: an in-process
    transport raises its client's exception of that failure, a server drops the connection
    before the body it announced."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    delay: float = 0.0
    network: str | None = None

    @property
    def reset(self) -> bool:
        """Whether no answer is to be given: the network fails instead."""
        return self.network is not None

    def header(self, name: str) -> str | None:
        """The value of the header ``name`` (any case), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def fields_of(request: FakeRequest) -> dict[str, Any]:
    """The request's fields as PHP reads them: the query string's, then the body's (a JSON object
    or form fields) over them. A body that cannot be read adds nothing, as for the provider."""
    fields: dict[str, Any] = query_fields(request.query)
    content_type = request.headers.get("content-type", "")
    try:
        text = request_text(request.body, content_type, limit=MAX_REQUEST_BYTES).strip()
    except UnrecognisedRequest:
        return fields
    if not text:
        return fields
    if "json" in content_type.lower() or text.startswith("{"):
        try:
            value = loads_json(text)
        except (ValueError, RecursionError):
            return fields
        if isinstance(value, dict) and all(isinstance(key, str) for key in value):
            fields.update(value)
        return fields
    if not text.startswith(("[", "<")) and "multipart/" not in content_type.lower():
        fields.update(query_fields(text))
    return fields


def text_field(fields: Mapping[str, Any], name: str) -> str | None:
    """A field's value as text (a number as its digits), or None when absent or not scalar."""
    value = fields.get(name)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        return str(value).strip()
    return None
