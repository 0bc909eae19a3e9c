"""A shortcut reader for the commonest bodies: text in, the same reading ``read`` gives out.

It knows only syntax: a small JSON object of ``type``, ``message`` and ``code``; the provider's
XML as it sends it (no declaration, attributes, spaces between elements, entities or markup in
the texts), read without a parser; a bare request ID. Field clean-up is the general reader's own
(``_read_mapping``), and ``None`` means "read it the general way". tests/test_fast_read.py
checks that every reading it gives is the general reader's.
"""

from __future__ import annotations

import re

from ..vocabulary import Format
from .read import REQUEST_ID, Envelope, Reading, loads_json, read_mapping

_ENVELOPE_KEYS = frozenset({"type", "message", "code"})
_NAME = "[A-Za-z][A-Za-z0-9_]*"
_PLAIN_TEXT = "[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]*"
_PLAIN_XML = re.compile(f"<({_NAME})>((?:<{_NAME}>{_PLAIN_TEXT}</{_NAME}>){{1,3}})</\\1>")
_PLAIN_FIELD = re.compile(f"<({_NAME})>({_PLAIN_TEXT})</({_NAME})>")
_MAX_SHORTCUT = 4096
"""Longer bodies are read the general way: the shortcut is for the small answers of the API."""


def fast_read(text: str) -> Reading | None:
    if len(text) > _MAX_SHORTCUT:
        return None
    head = text[:1]
    if head == "{":
        return _json_envelope(text)
    if head == "<":
        return _plain_xml_envelope(text)
    if len(text) == 24 and REQUEST_ID.fullmatch(text):
        return Envelope(Format.STRING, type="success", message=text, request_id=text)
    return None


def _json_envelope(text: str) -> Reading | None:
    try:
        value = loads_json(text)
    except (ValueError, RecursionError):
        return None
    if type(value) is not dict or not value.keys() <= _ENVELOPE_KEYS:
        return None
    return read_mapping(value, Format.JSON)


def _plain_xml_envelope(text: str) -> Reading | None:
    envelope = _PLAIN_XML.fullmatch(text)
    if envelope is None or "]]>" in text or envelope.group(1).lower() == "html":
        return None  # ']]>' may not stand in XML text (the parser refuses it); <html> is a page
    fields: dict[str, str] = {}
    for opening, value, closing in _PLAIN_FIELD.findall(envelope.group(2)):
        name = opening.lower()
        if opening != closing or name not in _ENVELOPE_KEYS or name in fields:
            return None
        fields[name] = value
    return read_mapping(fields, Format.XML)
