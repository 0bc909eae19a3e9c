"""Which endpoint of the provider a request calls (on any host), and the format it answers in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..catalog.answers import (
    BALANCE,
    ENDPOINT_FORMATS,
    FLOW,
    OTP_RETRY,
    OTP_SEND,
    OTP_VERIFY,
    SENDHTTP,
    UNKNOWN_PATH,
    V2,
)
from ..vocabulary import Format

_PATH_ENDINGS = (
    ("/sendhttp.php", SENDHTTP),
    ("/api/v2/sendsms", V2),
    ("/api/v5/flow", FLOW),
    ("/api/v5/otp/verify", OTP_VERIFY),
    ("/api/v5/otp/retry", OTP_RETRY),
    ("/api/v5/otp", OTP_SEND),
    ("/balance.php", BALANCE),
)
"""Each endpoint by the end of its path, the longer before the shorter it ends with."""


def endpoint_of(path: str) -> str:
    """The endpoint a path names (``/api/sendhttp.php``, ``/api/v5/otp/verify``...), or
    UNKNOWN_PATH. Case and a trailing slash do not matter."""
    normal = path.rstrip("/").lower()
    return next((endpoint for ending, endpoint in _PATH_ENDINGS if normal.endswith(ending)), UNKNOWN_PATH)


def format_of(endpoint: str, fields: Mapping[str, Any]) -> Format:
    """The format the endpoint answers this request in: its default, or the one its ``response``
    parameter asks for among those it offers (``response=json`` on sendhttp.php)."""
    offered = ENDPOINT_FORMATS[endpoint]
    asked = fields.get("response")
    if isinstance(asked, str):
        for format in offered:
            if asked.strip().lower() == format.value:
                return format
    return offered[0]
