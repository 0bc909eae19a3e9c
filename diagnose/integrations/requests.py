"""A ``requests`` response hook: ``session.hooks["response"].append(raise_hook)``; and
before sending, ``session.mount("https://api.msg91.com/", PreflightAdapter())``.

An error the API answers with HTTP 200 (``"type":"error"``) raises its ``SmsApiError`` as an
HTTP error would; a success passes the response on unchanged. ``requests`` is not imported here:
the hook reads the response it is given, and ``PreflightAdapter`` (``requests_adapter``, which
subclasses requests' HTTPAdapter) is imported when it is first named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..raising import raise_for_error

if TYPE_CHECKING:
    from .requests_adapter import PreflightAdapter

__all__ = ["PreflightAdapter", "raise_hook"]


def __getattr__(name: str) -> Any:
    if name == "PreflightAdapter":
        from .requests_adapter import PreflightAdapter

        return PreflightAdapter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def raise_hook(response: Any, *args: Any, **kwargs: Any) -> Any:
    """Raise the answer's ``SmsApiError`` unless it is a success (or of severity info); a
    redirect on the way to the answer passes."""
    if not 300 <= getattr(response, "status_code", 0) < 400:
        raise_for_error(response)
    return response
