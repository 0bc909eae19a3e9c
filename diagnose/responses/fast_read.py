"""A shortcut reader for the commonest bodies: text in, the same reading ``read`` gives out.

It knows only syntax: a small JSON object of ``type``, ``message`` and ``code``; the provider's
XML as it sends it (no declaration, attributes, spaces between elements, entities or markup in
the texts), read without a parser; a bare request ID. Field clean-up is the general reader's own
(``field_text``), and ``None`` means "read it the general way". tests/test_fast_read.py
checks that every reading it gives is the general reader's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..vocabulary import Format
from .read import Envelope, field_text, is_request_id, new_envelope
from .read import scan_json as _scan_json

_ENVELOPE_KEYS = frozenset({"type", "message", "code"})
_JSON = Format.JSON
_NAME = "[A-Za-z][A-Za-z0-9_]*"
_PLAIN_TEXT = "[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]*"
_PLAIN_XML = re.compile(f"<({_NAME})>((?:<{_NAME}>{_PLAIN_TEXT}</{_NAME}>){{1,3}})</\\1>")
_PLAIN_FIELD = re.compile(f"<({_NAME})>({_PLAIN_TEXT})</({_NAME})>")
_MAX_SHORTCUT = 4096
"""Longer bodies are read the general way: the shortcut is for the small answers of the API."""


def fast_read(text: str) -> Envelope | None:
    if len(text) > _MAX_SHORTCUT:
        return None
    head = text[:1]
    if head == "{":  # a small JSON envelope, on the path most calls take
        try:
            value, end = _scan_json(text, 0)
        except (StopIteration, ValueError, RecursionError):
            return None
        if end != len(text) or type(value) is not dict or not _ENVELOPE_KEYS.issuperset(value):
            return None  # trailing text, or not a small envelope: the general reader reads it
        return _envelope(value, _JSON)
    if head == "<":
        return _plain_xml_envelope(text)
    if is_request_id(text):
        return new_envelope((Format.STRING, "success", None, text, text))
    return None


def _plain_xml_envelope(text: str) -> Envelope | None:
    envelope = _PLAIN_XML.fullmatch(text)
    if envelope is None or "]]>" in text or envelope.group(1).lower() == "html":
        return None  # ']]>' may not stand in XML text (the parser refuses it); <html> is a page
    fields: dict[str, str] = {}
    for opening, value, closing in _PLAIN_FIELD.findall(envelope.group(2)):
        name = opening.lower()
        if opening != closing or name not in _ENVELOPE_KEYS or name in fields:
            return None
        fields[name] = value
    return _envelope(fields, Format.XML)


def _envelope(fields: Mapping[str, object], format: Format) -> Envelope | None:
    """What ``read_mapping`` makes of type, message and code in lower case, and nothing else."""
    kind, code, message = fields.get("type"), fields.get("code"), fields.get("message")
    kind = (kind.strip() or None) if type(kind) is str else kind if kind is None else field_text(kind)
    code = (code.strip() or None) if type(code) is str else code if code is None else field_text(code)
    message = (message.strip() or None) if type(message) is str else message if message is None else field_text(message)
    if kind is None and code is None and message is None:
        return None  # the general reader says which fields there were
    return new_envelope((format, kind.lower() if kind else None, code, message, None))
