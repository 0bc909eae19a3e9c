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
_JSON, _XML, _STRING = Format.JSON, Format.XML, Format.STRING
_NAME = "[A-Za-z][A-Za-z0-9_]*"
_PLAIN_TEXT = "[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]*"
_PLAIN_XML = re.compile(f"<({_NAME})>((?:<{_NAME}>{_PLAIN_TEXT}</{_NAME}>){{1,3}})</\\1>")
_PLAIN_FIELD = re.compile(f"<({_NAME})>({_PLAIN_TEXT})</({_NAME})>")
_new_envelope = tuple.__new__
_MAX_SHORTCUT = 4096  # characters: under 1 MiB, the default size limit, at 4 bytes each
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
        return new_envelope((_STRING, "success", None, text, text, None, ()))
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
    return _envelope(fields, _XML)


def _envelope(fields: Mapping[str, object], format: Format) -> Envelope | None:
    """What ``read_mapping`` makes of type, message and code in lower case, and nothing else."""
    get = fields.get
    kind, code, message = get("type"), get("code"), get("message")
    if type(kind) is str:
        kind = kind.strip().lower() or None
    elif kind is not None:
        kind = field_text(kind)
        kind = kind.lower() if kind else None
    if type(code) is str:
        code = code.strip() or None
    elif code is not None:
        code = field_text(code)
    if type(message) is str:
        message = message.strip() or None
    elif message is not None:
        message = field_text(message)
    if kind is None and code is None and message is None:
        return None  # the general reader says which fields there were
    return _new_envelope(Envelope, (format, kind, code, message, None, None, ()))
