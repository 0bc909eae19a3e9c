"""Authkeys are credentials: find them in any text and mask them before anything is shown.

An authkey travels as ``authkey=...`` in a URL or form body, an ``"authkey": "..."`` JSON
field, an ``authkey: ...`` header or an ``<authkey>...</authkey>`` element.
"""

from __future__ import annotations

import re

_AUTHKEY = r"""(auth[_-]?key)(\\?["']?\s*(?:[:=]|%3D)\s*\\?["']?|>)([A-Za-z0-9._~+/-]{8,})"""
_TEXT = re.compile(_AUTHKEY, re.IGNORECASE)
_BYTES = re.compile(_AUTHKEY.encode("ascii"), re.IGNORECASE)


def mask_secret(value: str) -> str:
    """``3664…XY``: enough to tell two keys apart, too little to use one."""
    return f"{value[:4]}\u2026{value[-2:]}" if len(value) >= 12 else "\u2026"


def mask_authkeys(text: str) -> str:
    if "key" not in text and "KEY" not in text and "Key" not in text:
        return text
    return _TEXT.sub(lambda m: m.group(1) + m.group(2) + mask_secret(m.group(3)), text)


def holds_authkey(data: bytes | str) -> bool:
    if isinstance(data, str):
        return _TEXT.search(data) is not None
    return _BYTES.search(data) is not None


def mask_optional(text: str | None) -> str | None:
    return None if text is None else mask_authkeys(text)
