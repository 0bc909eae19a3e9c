"""A shortcut reader for the shapes the API sends: text in, the same reading ``read`` gives out.

It knows only syntax: a flat JSON object of the type family (``type`` or ``msgType``,
``message`` or ``msg``, ``code``, ``request_id``) or the v5 fail envelope (``status``,
``hasError``, ``errors``, ``code``, ``apiError``, ``data: null``), each field named once and
holding a text or a number; the provider's XML as it sends it, with or without a declaration, in
either case (no attributes, spaces between elements, entities or markup in the texts), read
without a parser; a bare request ID. The names are the wire's (``wire.fold_key`` folds them),
field clean-up is the general reader's own (``wire.field_text``), and ``None`` means "read it the
general way": anything the shortcut is not sure of (a field named twice, two type or message
fields, a flag or a status that disagrees, another field) is read by ``read``, which says what
is wrong with it. Its reading goes to the same ``decide`` as the general reader's;
tests/test_fast_read.py and tests/test_fast_read_shapes.py check that every reading it gives is
the general reader's.
"""

from __future__ import annotations

import json
import re

from ..vocabulary import Format
from .read import Envelope, is_hex_id, names_request
from .scanning import without_xml_declaration
from .wire import (
    CODE_KEYS,
    HAS_ERROR_KEY,
    PROVIDER_CODE_KEYS,
    REQUEST_ID_KEYS,
    STATUS_KEY,
    TYPE_KEYS,
    field_text,
    fold_key,
)

_JSON, _XML, _STRING = Format.JSON, Format.XML, Format.STRING
_TYPE, _MESSAGE, _CODE, _REQUEST_ID = "type", "message", "code", "request_id"
_STATUS, _HAS_ERROR, _ERRORS, _API_ERROR, _DATA = STATUS_KEY, "hasError", "errors", "apiError", "data"
_ROLES = {
    **dict.fromkeys(TYPE_KEYS, _TYPE),
    **dict.fromkeys(("message", "msg"), _MESSAGE),
    **dict.fromkeys(CODE_KEYS, _CODE),
    **dict.fromkeys(REQUEST_ID_KEYS, _REQUEST_ID),
    STATUS_KEY: _STATUS,
    HAS_ERROR_KEY: _HAS_ERROR,
    **dict.fromkeys(PROVIDER_CODE_KEYS, _API_ERROR),
    "errors": _ERRORS,
    "data": _DATA,
}
"""What each field says, by its folded name (``wire.fold_key``), named as the API writes it: in
the type family the type (``type``, ``msgType``), the message (``message``, ``msg``), the code
and the request id; in the v5 fail envelope its status, flag, errors, code, apiError and data."""
_TYPE_FAMILY = frozenset({_TYPE, _MESSAGE, _CODE, _REQUEST_ID})
_of_type_family = _TYPE_FAMILY.issuperset
_V5_FIELDS = frozenset({_STATUS, _HAS_ERROR, _ERRORS, _CODE, _API_ERROR, _DATA})
_WORDS = {word: word for word in ("success", "error")}
"""The type words as the API writes them: what stripping and lower-casing them gives."""
_FAILED = frozenset({"fail", "failed", "failure", "error"})
"""A v5 ``status`` word that says error (read.py's status types)."""
_NAME = "[A-Za-z][A-Za-z0-9_]*"
_PLAIN_TEXT = "[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]*"
_PLAIN_FIELD = f"<({_NAME})>({_PLAIN_TEXT})</\\{{}}>"
_PLAIN_XML = re.compile(
    f"<({_NAME})>{_PLAIN_FIELD.format(2)}(?:{_PLAIN_FIELD.format(4)})?(?:{_PLAIN_FIELD.format(6)})?</\\1>"
)
"""An element of one to three elements, each closed by its own name and holding plain text:
each of its parts ends at the one character that may follow it, so nothing is tried twice."""
_XML_FIELDS = frozenset({"type", "message", "code"})
_XML_SPACE = " \t\r\n"
_new_envelope = tuple.__new__
_scan_pairs = json.JSONDecoder(object_pairs_hook=tuple).scan_once  # type: ignore[attr-defined]
"""The C scanner, giving an object as the tuple of its (key, value) pairs: a key said twice stays twice."""
_MAX_SHORTCUT = 4096  # characters: under 1 MiB, the default size limit, at 4 bytes each
"""Longer bodies are read the general way: the shortcut is for the small answers of the API."""
_MAX_FIELDS = 6
_PLAIN = frozenset({str, int, type(None)})
"""The values both readers read alike as a field's text: a text, an integer, nothing."""


def fast_read(text: str) -> Envelope | None:
    if len(text) > _MAX_SHORTCUT:
        return None
    head = text[:1]
    if head == "{":  # a small JSON envelope, on the path most calls take
        return _json_envelope(text)
    if head == "<":
        if text.startswith("<?xml"):  # the declaration, removed as the general reader removes it
            text = without_xml_declaration(text).lstrip(_XML_SPACE)
        return _plain_xml_envelope(text.rstrip(_XML_SPACE))
    if len(text) == 24 and is_hex_id(text):  # is_request_id()
        return _new_envelope(Envelope, (_STRING, "success", None, text, text, None, (), True))
    return None


def _json_envelope(text: str) -> Envelope | None:
    try:
        pairs, end = _scan_pairs(text, 0)
    except (StopIteration, ValueError, RecursionError):
        return None
    if end != len(text) or len(pairs) > _MAX_FIELDS:
        return None  # trailing text, or a larger object: the general reader reads it
    if len(pairs) == 2:
        (key, kind), (other_key, message) = pairs
        if key == _MESSAGE:
            key, kind, other_key, message = other_key, message, key, kind
        if key == _TYPE and other_key == _MESSAGE and kind == "success" and type(message) is str:
            # the answer to every accepted request, {"type": "success", "message": ID} (in either
            # order): what _type_envelope makes of it, without its general steps
            message = message.strip()
            named = len(message) == 24 and is_hex_id(message)  # names_request()
            return _new_envelope(Envelope, (_JSON, "success", None, message or None, None, None, (), named))
    fields = dict(pairs)
    if len(fields) != len(pairs):
        return None  # a key said twice: the general reader reads it
    if _of_type_family(fields):  # the names as the API writes them are their roles
        return _type_envelope(fields, _JSON)
    if fields.keys() <= _V5_FIELDS:
        return _fail_envelope(fields)
    said: dict[str, object] = {}
    for key, value in pairs:  # other spellings (msgType, Type, request-id), folded as read.py folds them
        role = _ROLES.get(fold_key(key))
        if role is None or role in said:
            return None  # another field, or one said twice (in two spellings, or as type and msgType)
        said[role] = value
    if said.keys() <= _TYPE_FAMILY:
        return _type_envelope(said, _JSON)
    return _fail_envelope(said)


def _type_envelope(said: dict[str, object], format: Format) -> Envelope | None:
    """What ``read_mapping`` makes of one type, one message, a code and a request id, each a
    text, an integer or null; None for any other value (the general reader says what it is)."""
    get = said.get
    kind, code, message, request_id = get(_TYPE), get(_CODE), get(_MESSAGE), get(_REQUEST_ID)
    # field_text() of each, its commonest case (a text) written out
    if type(kind) is str:
        kind = _WORDS.get(kind) or kind.strip().lower() or None
    elif kind is not None:
        if type(kind) is not int:
            return None  # a flag, a fraction, a list or an object: the general reader says what
        kind = field_text(kind)
    if type(message) is str:
        message = message.strip() or None
    elif message is not None:
        if type(message) is not int:
            return None
        message = field_text(message)
    if type(code) is str:
        code = code.strip() or None
    elif code is not None:
        if type(code) is not int:
            return None
        code = field_text(code)
    if request_id is not None:
        if type(request_id) not in _PLAIN:
            return None
        request_id = field_text(request_id)
    if kind is None and code is None and message is None and request_id is None:
        return None  # the general reader says which fields there were
    return _new_envelope(Envelope, (format, kind, code, message, request_id, None, (), names_request(message)))


def _fail_envelope(fields: dict[str, object]) -> Envelope | None:
    """What ``read_mapping`` makes of the v5 fail envelope that says error (``status`` a word of
    failure, ``hasError`` true, or both): the provider's code in ``apiError``, the HTTP status in
    ``code``, the message in ``errors``. None for any other v5 body (success, a flag that
    disagrees, data, a value that is not a text or an integer)."""
    if not _V5_FIELDS.issuperset(fields) or fields.get(_DATA) is not None:
        return None
    status, has_error = fields.get(_STATUS), fields.get(_HAS_ERROR)
    if has_error is not True and _HAS_ERROR in fields:
        return None  # hasError false, or not a flag: the general reader says what it is
    if status is not None and (type(status) is not str or status.strip().lower() not in _FAILED):
        return None  # a status that is a number, or a word of success or of nothing
    errors, code, api_error = fields.get(_ERRORS), fields.get(_CODE), fields.get(_API_ERROR)
    if type(errors) not in _PLAIN or type(code) not in _PLAIN or type(api_error) not in _PLAIN:
        return None
    provider = (api_error.strip() or None) if type(api_error) is str else field_text(api_error)
    if has_error is None and provider is None and (_ERRORS not in fields or status is None):
        return None  # not the fail envelope (read.py's _is_fail_envelope): code is the provider's
    if has_error is None and status is None:
        return None  # no word of failure: the general reader says what the body is
    message = (errors.strip() or None) if type(errors) is str else field_text(errors)
    stated = (code.strip() or None) if type(code) is str else field_text(code)
    return _new_envelope(Envelope, (_JSON, "error", provider, message, None, stated, (), names_request(message)))


def _plain_xml_envelope(text: str) -> Envelope | None:
    envelope = _PLAIN_XML.fullmatch(text)
    if envelope is None or "]]>" in text:
        return None  # ']]>' may not stand in XML text (the parser refuses it)
    root, first, first_text, second, second_text, third, third_text = envelope.groups()
    if root.lower() == "html":
        return None  # a page
    fields = {first.lower(): first_text}
    if second is not None:
        fields[second.lower()] = second_text
        if third is not None:
            fields[third.lower()] = third_text
    if len(fields) != 1 + (second is not None) + (third is not None) or not fields.keys() <= _XML_FIELDS:
        return None  # a field twice (in any case), or another field
    return _type_envelope(fields, _XML)  # its names are its roles: type, message, code
