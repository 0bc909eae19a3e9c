"""The pre-flight guard of both HTTP clients: a request in; nothing when it may be sent, the
exception its finding predicts raised when it may not.

A request to a path that is not a send API, or whose body cannot be read here (a stream),
passes: the guard refuses only what it can show is wrong.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..outgoing.request import UnrecognisedRequest
from ..outgoing.rules import preflight
from ..raising import refusal


class Guard:
    """Checks each request with ``preflight(request, template=template)`` (``now`` is the
    clock, or the callable ``now`` when given, for tests)."""

    def __init__(self, *, template: str | None = None, now: Any = None) -> None:
        if template is not None and not isinstance(template, str):
            raise TypeError(f"template must be the flow template's text (a str) or None, not {type(template).__name__}")
        if now is not None and not callable(now):
            raise TypeError(f"now must be a callable that returns an aware datetime, or None, not {type(now).__name__}")
        self.template = template
        self.now = now

    def check(self, request: Any) -> None:
        now: datetime | None = self.now() if self.now is not None else None
        try:
            found = preflight(request, now=now, template=self.template)
        except UnrecognisedRequest:
            return
        if found:
            raise refusal(found)
