"""``httpx`` event hooks: ``httpx.Client(event_hooks={"response": [raise_hook]})`` and
``httpx.AsyncClient(event_hooks={"response": [async_raise_hook]})``; before sending,
``event_hooks={"request": [preflight_hook]}``, or ``PreflightHook(template=...)`` for a flow's
variable checks.

Each hook acts on the provider's calls only (the hosts the catalog lists): a request or response
of any other host, such as a service's own ``/docs``, passes untouched. ``RaiseHook(hosts=...,
base_url=...)`` and ``PreflightHook(hosts=..., base_url=...)`` name others: ``hosts`` replaces
the catalog's hosts, ``base_url`` adds a URL prefix (a proxy of your own, a local fake).

An event hook sees the response before its body is read, so each hook reads it first, as httpx
requires. Each hook works on either client: one given to the other kind of client still raises,
never passes an error by unawaited (an ``async def`` hook on a ``Client`` would). ``httpx`` is
imported only to tell a response's kind of stream, when a hook is called.
"""

from __future__ import annotations

from collections.abc import Awaitable, Generator, Iterable
from typing import Any

from ..raising import raise_for_error
from .preflight_guard import Guard
from .provider_calls import ProviderCalls

__all__ = [
    "AsyncPreflightHook",
    "PreflightHook",
    "RaiseHook",
    "async_preflight_hook",
    "async_raise_hook",
    "preflight_hook",
    "raise_hook",
]


class _Done:
    """An awaitable that is already done: what a hook returns when it has done its work at the
    call, so that ``AsyncClient`` can await it and ``Client`` can drop it."""

    __slots__ = ()

    def __await__(self) -> Generator[Any, None, None]:
        return
        yield


DONE = _Done()


class RaiseHook:
    """A response hook that reads the body, then raises the answer's ``SmsApiError`` unless it
    is a success, on the provider's calls only; a redirect on the way to the answer passes. On
    ``AsyncClient`` it reads with ``aread()``."""

    def __init__(self, *, hosts: Iterable[str] | None = None, base_url: str | Iterable[str] | None = None) -> None:
        self.calls = ProviderCalls(hosts=hosts, base_url=base_url)

    def __call__(self, response: Any) -> Awaitable[None]:
        if 300 <= response.status_code < 400 or not self.calls.covers(_url(response)):
            return DONE
        if not _is_read(response):
            if _reads_async(response):
                return _read_then_raise(response)
            response.read()
        raise_for_error(response)
        return DONE


def _url(message: Any) -> object:
    """The URL of a request, or of the request a response answers; None when there is none (a
    response made without its request)."""
    try:
        request = message if hasattr(message, "method") else message.request
        return request.url
    except Exception:  # httpx raises RuntimeError for a response that has no request
        return None


def _is_read(response: Any) -> bool:
    """Whether the body is there already (read, or given when the response was made)."""
    try:
        response.content  # noqa: B018 - httpx raises ResponseNotRead for a body not yet read
    except Exception:
        return False
    return True


raise_hook = RaiseHook()
"""The hook for the provider's own hosts, on ``Client`` and ``AsyncClient`` alike."""
async_raise_hook = raise_hook
"""The same hook, under the name ``AsyncClient`` users look for."""


async def _read_then_raise(response: Any) -> None:
    await response.aread()
    raise_for_error(response)


def _reads_async(response: Any) -> bool:
    import httpx

    stream = getattr(response, "stream", None)
    return isinstance(stream, httpx.AsyncByteStream) and not isinstance(stream, httpx.SyncByteStream)


class PreflightHook:
    """A request hook that refuses to send a request a pre-flight rule finds wrong, raising the
    ``SmsApiError`` the provider's answer would raise. ``template`` is the flow template's text;
    ``hosts`` and ``base_url`` are ``RaiseHook``'s. It checks when it is called, on ``Client``
    and ``AsyncClient`` alike."""

    def __init__(
        self,
        *,
        template: str | None = None,
        now: Any = None,
        hosts: Iterable[str] | None = None,
        base_url: str | Iterable[str] | None = None,
    ) -> None:
        self.guard = Guard(template=template, now=now)
        self.calls = ProviderCalls(hosts=hosts, base_url=base_url)

    def __call__(self, request: Any) -> Awaitable[None]:
        if self.calls.covers(_url(request)):
            self.guard.check(request)
        return DONE


AsyncPreflightHook = PreflightHook
preflight_hook = PreflightHook()
async_preflight_hook = preflight_hook
"""The same hook, under the name ``AsyncClient`` users look for."""
