"""A shortcut reader for the commonest bodies: text in, the same reading ``read`` gives out.

It knows only syntax: a small JSON object of ``type``, ``message`` and ``code``; the provider's
XML as it sends it (no declaration, attributes, spaces between elements, entities or markup in
the texts), read without a parser; a bare request ID. Field clean-up is the general reader's own
(``wire.field_text``), and ``None`` means "read it the general way". Its reading goes to the
same ``decide`` as the general reader's; tests/test_fast_read.py checks that every reading it
gives is the general reader's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from ..vocabulary import Format
from .read import Envelope, is_request_id, new_envelope
from .wire import field_text

_ENVELOPE_KEYS = frozenset({"type", "message", "code"})
_JSON, _XML, _STRING = Format.JSON, Format.XML, Format.STRING
_NAME = "[A-Za-z][A-Za-z0-9_]*"
_PLAIN_TEXT = "[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]*"
_PLAIN_XML = re.compile(f"<({_NAME})>((?:<{_NAME}>{_PLAIN_TEXT}</{_NAME}>){{1,3}})</\\1>")
_PLAIN_FIELD = re.compile(f"<({_NAME})>({_PLAIN_TEXT})</({_NAME})>")
_new_envelope = tuple.__new__
_scan_pairs = json.JSONDecoder(object_pairs_hook=tuple).scan_once  # type: ignore[attr-defined]
"""The C scanner, giving an object as the tuple of its (key, value) pairs: a key said twice stays twice."""
_MAX_SHORTCUT = 4096  # characters: under 1 MiB, the default size limit, at 4 bytes each
"""Longer bodies are read the general way: the shortcut is for the small answers of the API."""


def fast_read(text: str) -> Envelope | None:
    if len(text) > _MAX_SHORTCUT:
        return None
    head = text[:1]
    if head == "{":  # a small JSON envelope, on the path most calls take
        try:
            pairs, end = _scan_pairs(text, 0)
        except (StopIteration, ValueError, RecursionError):
            return None
        if end != len(text):
            return None  # trailing text: the general reader reads it
        fields = dict(pairs)  # the pairs of the object "{" opens
        if len(fields) != len(pairs) or not _ENVELOPE_KEYS.issuperset(fields):
            return None  # a key said twice, or another field: the general reader reads it
        return _envelope(fields, _JSON)
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
    """What ``read_mapping`` makes of type, message and code in lower case, and nothing else;
    None for a value that is not a text or an integer (the general reader says what it is)."""
    get = fields.get
    kind, code, message = get("type"), get("code"), get("message")
    if type(kind) not in _PLAIN or type(code) not in _PLAIN or type(message) not in _PLAIN:
        return None
    kind, code, message = field_text(kind), field_text(code), field_text(message)
    if kind is None and code is None and message is None:
        return None  # the general reader says which fields there were
    return _new_envelope(Envelope, (format, kind.lower() if kind else None, code, message, None, None, ()))


_PLAIN = frozenset({str, int, type(None)})
