"""An answer of the catalog as the HTTP response that carries it."""

from __future__ import annotations

from types import MappingProxyType

from ..catalog.answers import Answer
from ..vocabulary import Format
from .exchange import FakeResponse

CONTENT_TYPES = MappingProxyType(
    {
        Format.JSON: "application/json",
        Format.XML: "application/xml",
        Format.STRING: "text/plain; charset=utf-8",
        Format.HTML: "text/html; charset=utf-8",
    }
)


def response_of(answer: Answer) -> FakeResponse:
    content_type = CONTENT_TYPES.get(answer.format, CONTENT_TYPES[Format.STRING])
    return FakeResponse(
        status=answer.http_status, headers=(("Content-Type", content_type),), body=answer.body.encode("utf-8")
    )
