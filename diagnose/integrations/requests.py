"""A ``requests`` response hook: ``session.hooks["response"].append(raise_hook)``.

An error the API answers with HTTP 200 (``"type":"error"``) raises its ``SmsApiError`` as an
HTTP error would; a success passes the response on unchanged. ``requests`` is not imported here:
the hook reads the response it is given.
"""

from __future__ import annotations

from typing import Any

from ..raising import raise_for_error


def raise_hook(response: Any, *args: Any, **kwargs: Any) -> Any:
    """Raise the answer's ``SmsApiError`` unless it is a success (or of severity info); a
    redirect on the way to the answer passes."""
    if not 300 <= getattr(response, "status_code", 0) < 400:
        raise_for_error(response)
    return response
