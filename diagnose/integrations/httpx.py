"""``httpx`` event hooks: ``httpx.Client(event_hooks={"response": [raise_hook]})`` and
``httpx.AsyncClient(event_hooks={"response": [async_raise_hook]})``.

An event hook sees the response before its body is read, so each hook reads it first, as httpx
requires. ``httpx`` is not imported here: the hooks read the response they are given.
"""

from __future__ import annotations

from typing import Any

from ..raising import raise_for_error


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
