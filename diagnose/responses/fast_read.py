"""Shortcuts for the commonest bodies, as bytes: a small JSON envelope, an XML envelope without
declaration, a bare request ID. Each returns None whenever the general path must decide, and
otherwise exactly what the general path returns (tests/test_fast_paths.py checks both agree).
"""

from __future__ import annotations

import re

from ..catalog.model import Catalog
from ..diagnosis import Diagnosis
from ..limits import DEFAULT_MAX_BYTES
from ..vocabulary import Format, Outcome
from .interpret import http_status_line
from .read import REQUEST_ID, loads_json, lxml_etree, normalise_code, xml_parser

_HEX_DIGITS = b"0123456789abcdefABCDEF"
_ENVELOPE_KEYS = frozenset({"type", "message", "code"})
_SUCCESS, _ERROR = Outcome.SUCCESS, Outcome.ERROR
_JSON, _XML, _STRING = Format.JSON, Format.XML, Format.STRING
_new = Diagnosis._from_values


def fast_bytes(raw: bytes, http_status: int | None, catalog: Catalog) -> Diagnosis | None:
    if len(raw) > DEFAULT_MAX_BYTES:
        return None
    head = raw[:1]
    if head == b"{":
        return _json_envelope(raw.decode("utf-8", "surrogateescape"), http_status, catalog)
    if head == b"<" and raw[1:2].isalpha() and b"<!" not in raw and raw[:5].lower() != b"<html":
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return _plain_xml_envelope(text, http_status, catalog) or _xml_envelope(raw, http_status, catalog)
    if len(raw) == 24 and not raw.translate(None, _HEX_DIGITS):
        text = raw.decode("ascii")
        return _new((_SUCCESS, text, _STRING, None, text, None, text, None, http_status, None, None))
    return None


def fast_text(text: str, http_status: int | None, catalog: Catalog) -> Diagnosis | None:
    if len(text) > DEFAULT_MAX_BYTES:
        return None
    head = text[:1]
    if head == "{":
        return _json_envelope(text, http_status, catalog)
    if head == "<" and text[1:2].isalpha() and "<!" not in text and text[:5].lower() != "<html":
        try:
            return _plain_xml_envelope(text, http_status, catalog) or _xml_envelope(
                text.encode("utf-8"), http_status, catalog
            )
        except UnicodeEncodeError:
            return None
    if len(text) == 24 and REQUEST_ID.fullmatch(text):
        return _new((_SUCCESS, text, _STRING, None, text, None, text, None, http_status, None, None))
    return None


def _json_envelope(text: str, http_status: int | None, catalog: Catalog) -> Diagnosis | None:
    """``{"type": ..., "message": ..., "code": ...}`` with nothing else in it."""
    try:
        value = loads_json(text)
    except (ValueError, RecursionError):
        return None
    if type(value) is not dict or not value.keys() <= _ENVELOPE_KEYS:
        return None
    return _decide(value.get("type"), value.get("message"), value.get("code"), text, _JSON, http_status, catalog)


_NAME = "[A-Za-z][A-Za-z0-9_]*"
_PLAIN_TEXT = "[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]*"
_PLAIN_XML = re.compile(f"<({_NAME})>((?:<{_NAME}>{_PLAIN_TEXT}</{_NAME}>){{1,3}})</\\1>")
_PLAIN_FIELD = re.compile(f"<({_NAME})>({_PLAIN_TEXT})</({_NAME})>")


def _plain_xml_envelope(text: str, http_status: int | None, catalog: Catalog) -> Diagnosis | None:
    """The provider's XML as it sends it: no declaration, attributes, spaces between elements,
    entities or markup in the texts. Read without a parser; such text means the same to lxml."""
    envelope = _PLAIN_XML.fullmatch(text)
    if envelope is None or "]]>" in text:  # ']]>' may not stand in XML text: the parser refuses it
        return None
    fields: dict[str, str] = {}
    for opening, value, closing in _PLAIN_FIELD.findall(envelope.group(2)):
        name = opening.lower()
        if opening != closing or name not in _ENVELOPE_KEYS or name in fields:
            return None
        fields[name] = value
    return _decide(fields.get("type"), fields.get("message"), fields.get("code"), text, _XML, http_status, catalog)


def _xml_envelope(raw: bytes, http_status: int | None, catalog: Catalog) -> Diagnosis | None:
    """``<RESPONSE><TYPE>..</TYPE><MESSAGE>..</MESSAGE><CODE>..</CODE></RESPONSE>``, any case, no more."""
    etree = lxml_etree()
    try:
        root = etree.fromstring(raw, xml_parser())
    except etree.XMLSyntaxError:
        return None
    fields: dict[str, str | None] = {}
    for child in root:
        tag = child.tag
        if type(tag) is not str or len(child):
            return None
        name = tag.lower()
        if name not in _ENVELOPE_KEYS or name in fields:
            return None
        fields[name] = child.text
    if not fields:
        return None
    text = raw.decode("utf-8", "surrogateescape")
    return _decide(fields.get("type"), fields.get("message"), fields.get("code"), text, _XML, http_status, catalog)


def _decide(  # noqa: PLR0917 - on the hot path, where keyword arguments cost
    kind: object, message: object, code: object, text: str, fmt: Format, http_status: int | None, catalog: Catalog
) -> Diagnosis | None:
    """An error with its entry, or a success; None for anything the general path must explain."""
    if type(kind) is not str or (message is not None and type(message) is not str):
        return None
    kind = kind.strip().lower()
    message = message.strip() or None if message else None
    if type(code) is str:
        if len(code) == 3 and code.isdigit():
            key: str | None = code
        else:
            code = code.strip() or None
            key = normalise_code(code) if code else None
    elif type(code) is int:
        code = str(code)
        key = normalise_code(code)
    elif code is None:
        key = None
    else:
        return None
    if http_status_line(code, message, kind, http_status) is not None:
        return None
    if kind == "error":
        entry = catalog.request_codes.get(key) if key else (catalog.by_text(message) if message else None)
        if entry is None:
            return None
        return _new((_ERROR, text, fmt, code, None, entry, message, None, http_status, None, None))
    if kind == "success" and not (key and key in catalog.request_codes):
        request_id = message if message and REQUEST_ID.fullmatch(message) else None
        if message and request_id is None and catalog.by_text(message):
            return None  # a success that carries an error's text: the general path says why not
        return _new((_SUCCESS, text, fmt, None, request_id, None, message, None, http_status, None, None))
    return None
