"""The delivery-report webhook as a WSGI application: ``WebhookWSGIApp(on_report)``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .receiver import (
    FAILED,
    MAX_BODY,
    NOT_POST,
    Answer,
    OnReport,
    Refused,
    acknowledged,
    answer,
    content_length,
    diagnoses,
    internal_error,
    log_failure,
    log_received,
    too_large,
)

StartResponse = Callable[..., Any]

_CHUNK = 1 << 16


class WebhookWSGIApp:
    """A WSGI application that receives the provider's delivery-report POSTs (form-encoded
    ``data=...``, the JSON array, v3, v4 events, Webhook (New)) and calls ``on_report`` with
    each number's ``Diagnosis``, then answers a small JSON ack.

    - 200 ``{"reports": N}`` once ``on_report`` has taken every diagnosis;
    - 400 for a body that holds no delivery report (it is still handed on, as one
      ``unrecognised`` diagnosis with no number, so that nothing is lost), or a Content-Length
      that is not a number; 405 for another method than POST; 411 for a body of no stated
      length (unless the server says its input ends, ``wsgi.input_terminated``); 413 for one
      over ``max_body`` bytes, unread; 408 when the body does not arrive in the server's time;
    - 500 ``{"error": "the delivery report could not be handled"}`` when ``on_report`` raised
      (every diagnosis is still offered to it; the error is logged, masked, on the
      ``diagnose.webhook`` logger).

    ``answer(environ)`` gives the ``Answer`` without a ``start_response``, for a framework's view.
    """

    def __init__(self, on_report: OnReport, *, max_body: int = MAX_BODY) -> None:
        if not callable(on_report):
            raise TypeError(f"on_report must be callable, not {type(on_report).__name__}")
        if type(max_body) is not int or max_body < 0:
            raise ValueError(f"max_body must be a non-negative int, not {max_body!r}")
        self.on_report = on_report
        self.max_body = max_body

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        reply = self.answer(environ)
        start_response(reply.status_line, list(reply.headers))
        return [reply.body]

    def answer(self, environ: Mapping[str, Any]) -> Answer:
        """The answer to the request ``environ`` describes, its body read from ``wsgi.input``."""
        try:
            return self._answer(environ)
        except Exception as error:  # the receiver's own failure must not become a traceback page
            return internal_error(error)

    def _answer(self, environ: Mapping[str, Any]) -> Answer:
        if environ.get("REQUEST_METHOD") != "POST":
            return NOT_POST
        try:
            body = self._body(environ)
        except Refused as refused:
            return refused.answer
        except TimeoutError:
            return answer(408, {"error": "the body did not arrive in time"})
        except OSError:
            return answer(400, {"error": "the body could not be read"})
        kind = environ.get("CONTENT_TYPE")
        found = diagnoses(body, kind if isinstance(kind, str) else None)
        failed = False
        for diagnosis in found:
            log_received(diagnosis)
            try:
                self.on_report(diagnosis)
            except Exception as error:  # the user's code: logged masked, answered 500
                log_failure(diagnosis, error)
                failed = True
        return answer(500, FAILED) if failed else acknowledged(found)

    def _body(self, environ: Mapping[str, Any]) -> bytes:
        """The body: its stated length read, looping on short reads, never more; with no length,
        what a server that ends the input gives, up to ``max_body`` (413 past it)."""
        length = content_length(environ.get("CONTENT_LENGTH"), self.max_body)
        stream = environ["wsgi.input"]
        if length is None:
            if not environ.get("wsgi.input_terminated"):
                raise Refused(answer(411, {"error": "a Content-Length is required"}))
            body = _read(stream, self.max_body + 1)
            if len(body) > self.max_body:
                raise Refused(too_large(self.max_body))
            return body
        return _read(stream, length)


def _read(stream: Any, length: int) -> bytes:
    """Up to ``length`` bytes, looping on short reads until ``length`` or end of input."""
    chunks: list[bytes] = []
    remaining = length
    while remaining > 0:
        chunk = stream.read(min(remaining, _CHUNK))
        if not chunk:
            break
        chunk = bytes(chunk[:remaining])
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
