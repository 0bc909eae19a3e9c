"""The delivery-report webhook as an ASGI application: ``WebhookASGIApp(on_report)``."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ...diagnosis import Diagnosis
from .receiver import (
    FAILED,
    MAX_BODY,
    NOT_POST,
    Answer,
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

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
AsyncOnReport = Callable[[Diagnosis], object]
"""``on_report`` of the ASGI app: a function, or an ``async`` one (its result is awaited)."""


class _Disconnected(Exception):
    """The client went away before its body arrived: nothing to answer."""


class WebhookASGIApp:
    """An ASGI application that receives the provider's delivery-report POSTs and calls
    ``on_report`` (a function or a coroutine function) with each number's ``Diagnosis``, then
    answers as ``WebhookWSGIApp`` does: 200 ``{"reports": N}``, 400 for a body that holds no
    report (handed on too) or a bad Content-Length, 405 for another method, 413 past
    ``max_body`` (stated, or once that many bytes arrived, reading no further), 500 with a fixed
    body when ``on_report`` raised (logged, masked). A body without a Content-Length (chunked)
    is read as it comes. ``on_report`` runs on the event loop: keep it quick (hand the
    diagnosis to a queue or a task) or make it ``async``. The lifespan protocol is answered,
    so that the app runs alone under an ASGI server too."""

    def __init__(self, on_report: AsyncOnReport, *, max_body: int = MAX_BODY) -> None:
        if not callable(on_report):
            raise TypeError(f"on_report must be callable, not {type(on_report).__name__}")
        if type(max_body) is not int or max_body < 0:
            raise ValueError(f"max_body must be a non-negative int, not {max_body!r}")
        self.on_report = on_report
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope.get("type")
        if kind == "lifespan":
            await _lifespan(receive, send)
            return
        if kind != "http":
            return  # a websocket: not accepted (returning closes it)
        try:
            reply = await self._answer(scope, receive)
        except _Disconnected:
            return
        except Exception as error:  # the receiver's own failure must not become a traceback page
            reply = internal_error(error)
        await send(
            {
                "type": "http.response.start",
                "status": reply.status,
                "headers": [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in reply.headers],
            }
        )
        await send({"type": "http.response.body", "body": reply.body})

    async def _answer(self, scope: Scope, receive: Receive) -> Answer:
        if scope.get("method") != "POST":
            return NOT_POST
        headers = _headers(scope)
        try:
            length = content_length(headers.get("content-length"), self.max_body)
            body = await self._body(receive, self.max_body if length is None else length)
        except Refused as refused:
            return refused.answer
        found = diagnoses(body, headers.get("content-type"))
        failed = False
        for diagnosis in found:
            log_received(diagnosis)
            try:
                result = self.on_report(diagnosis)
                if inspect.isawaitable(result):
                    await result
            except Exception as error:  # the user's code: logged masked, answered 500
                log_failure(diagnosis, error)
                failed = True
        return answer(500, FAILED) if failed else acknowledged(found)

    async def _body(self, receive: Receive, most: int) -> bytes:
        """The body's messages joined, refused (413) once more than ``most`` bytes arrived."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message.get("type") == "http.disconnect":
                raise _Disconnected
            chunk = bytes(message.get("body", b""))
            size += len(chunk)
            if size > most:
                raise Refused(too_large(self.max_body) if most == self.max_body else _longer_than_stated())
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _longer_than_stated() -> Answer:
    return answer(400, {"error": "the body is longer than its Content-Length"})


def _headers(scope: Scope) -> dict[str, str]:
    """The request's headers by their lower-case names, each its first value, as latin-1 text."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        found.setdefault(bytes(name).decode("latin-1").lower(), bytes(value).decode("latin-1"))
    return found


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message.get("type") == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message.get("type") == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
