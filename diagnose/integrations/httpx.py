"""``httpx`` event hooks: ``httpx.Client(event_hooks={"response": [raise_hook]})`` and
``httpx.AsyncClient(event_hooks={"response": [async_raise_hook]})``; before sending,
``event_hooks={"request": [preflight_hook]}`` (``async_preflight_hook`` for AsyncClient), or
``PreflightHook(template=...)`` for a flow's variable checks.

An event hook sees the response before its body is read, so each hook reads it first, as httpx
requires. ``httpx`` is not imported here: the hooks read the response they are given.
"""

from __future__ import annotations

from typing import Any

from ..raising import raise_for_error
from .preflight_guard import Guard


def raise_hook(response: Any) -> None:
    """Read the body, then raise the answer's ``SmsApiError`` unless it is a success; a
    redirect on the way to the answer passes."""
    if 300 <= response.status_code < 400:
        return
    response.read()
    raise_for_error(response)


async def async_raise_hook(response: Any) -> None:
    """The same for ``AsyncClient``: the body is read with ``await response.aread()``."""
    if 300 <= response.status_code < 400:
        return
    await response.aread()
    raise_for_error(response)


class PreflightHook:
    """A request hook that refuses to send a request a pre-flight rule finds wrong, raising the
    ``SmsApiError`` the provider's answer would raise. ``template`` is the flow template's text."""

    def __init__(self, *, template: str | None = None, now: Any = None) -> None:
        self.guard = Guard(template=template, now=now)

    def __call__(self, request: Any) -> None:
        self.guard.check(request)


class AsyncPreflightHook(PreflightHook):
    """The same for ``AsyncClient``, which awaits its hooks."""

    async def __call__(self, request: Any) -> None:  # type: ignore[override]
        self.guard.check(request)


preflight_hook = PreflightHook()
async_preflight_hook = AsyncPreflightHook()
