"""What the fake shows of a request it received (its control API, its journal): the request's own
authkeys masked wherever they stand, then every authkey and phone number ``diagnose.redaction``
finds, as at every other output. Numbers are shown only when asked for."""

from __future__ import annotations

from ..redaction import mask_secrets, redact
from .exchange import FakeRequest, fields_of, text_field


def authkeys_of(request: FakeRequest) -> list[str]:
    """The authkeys the request gives (its header's, its fields')."""
    return [key for key in (request.headers.get("authkey"), text_field(fields_of(request), "authkey")) if key]


def masked(text: str, authkeys: list[str], *, phones: bool = True) -> str:
    """``text`` with ``authkeys`` masked, then redacted; ``phones=False`` leaves phone numbers."""
    return redact(mask_secrets(text, authkeys), phones=phones)
