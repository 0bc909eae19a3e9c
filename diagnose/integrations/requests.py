"""A ``requests`` response hook: ``session.hooks["response"].append(raise_hook)``; and
before sending, ``session.mount("https://api.msg91.com/", PreflightAdapter())``.

An error the API answers with HTTP 200 (``"type":"error"``) raises its ``SmsApiError`` as an
HTTP error would; a success passes the response on unchanged. The hook acts on the provider's
calls only (the catalog's hosts): any other response passes untouched. ``RaiseHook(hosts=...,
base_url=...)`` names others (a proxy, a local fake). ``requests`` is not imported here:
the hook reads the response it is given, and ``PreflightAdapter`` (``requests_adapter``, which
subclasses requests' HTTPAdapter) is imported when it is first named.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..raising import raise_for_error
from .provider_calls import ProviderCalls

if TYPE_CHECKING:
    from .requests_adapter import PreflightAdapter

__all__ = ["PreflightAdapter", "RaiseHook", "raise_hook"]


def __getattr__(name: str) -> Any:
    if name == "PreflightAdapter":
        from .requests_adapter import PreflightAdapter

        return PreflightAdapter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class RaiseHook:
    """A response hook that raises the answer's ``SmsApiError`` unless it is a success (or of
    severity info), on the provider's calls only; a redirect on the way to the answer passes.
    ``hosts`` replaces the catalog's hosts (``["127.0.0.1:8080"]``); ``base_url`` adds a URL
    prefix (``"https://sms-proxy.internal/msg91"``)."""

    def __init__(self, *, hosts: Iterable[str] | None = None, base_url: str | Iterable[str] | None = None) -> None:
        self.calls = ProviderCalls(hosts=hosts, base_url=base_url)

    def __call__(self, response: Any, *args: Any, **kwargs: Any) -> Any:
        if 300 <= getattr(response, "status_code", 0) < 400 or not self.calls.covers(_url(response)):
            return response
        raise_for_error(response)
        return response


def _url(response: Any) -> object:
    """The URL the response came from, or None when it has none to read."""
    try:
        url = getattr(response, "url", None)
        return url if url is not None else getattr(getattr(response, "request", None), "url", None)
    except Exception:  # a response object that fails on a look-up is not one a hook can place
        return None


raise_hook = RaiseHook()
"""The hook for the provider's own hosts: ``session.hooks["response"].append(raise_hook)``."""
