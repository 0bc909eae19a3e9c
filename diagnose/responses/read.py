"""Text in, a neutral reading out: what a body in one of the three wire formats carries.

A reading is an ``Envelope`` (type, code, message, request id, as the body wrote them, cleaned
of spaces) or ``Unreadable`` (why the body carries none, and its kind: empty, html, report or
other). No catalog knowledge and no meaning here: ``interpret`` decides what a reading means.
"""

import json
import re
import threading
from collections.abc import Mapping
from functools import cache, partial
from itertools import islice
from types import ModuleType
from typing import Any, NamedTuple

from ..records import Record
from ..vocabulary import BodyKind, Format
from .report_records import parse_form, records
from .salvage import embedded_span, object_literal_json
from .scanning import code_text, is_html, without_xml_declaration
from .wire import (
    CODE_KEYS,
    CODE_LIKE_KEYS,
    CONTRADICTS,
    ERROR_KEYS,
    HAS_ERROR_KEY,
    MESSAGE_KEYS,
    MESSAGE_LIKE_KEYS,
    NUMBER_KEYS,
    ONE_VALUE_KEYS,
    PROVIDER_CODE_KEYS,
    REQUEST_ID_KEYS,
    STATUS_CODE_KEYS,
    STATUS_KEY,
    TYPE_KEYS,
    RepeatedKeys,
    field_pairs,
    first_text,
    fold_key,
    gather,
    int_text,
    loads_fields,
    said_twice,
    value_said,
)

_EMPTY, _HTML = BodyKind.EMPTY, BodyKind.HTML  # a member's name costs a class look-up each time


def is_request_id(text: str) -> bool:
    """Whether ``text`` is a request ID: 24 hexadecimal digits."""
    return len(text) == 24 and is_hex_id(text)


def is_hex_id(text: str) -> bool:
    """Whether 24 characters are hexadecimal digits: twelve bytes from ``bytes.fromhex`` (which
    takes only ASCII hexadecimal digits, and skips whitespace: 24 characters with any give fewer),
    in one C call, quicker than a pattern's match."""
    try:
        return len(_from_hex(text)) == 12
    except ValueError:
        return False


_from_hex = bytes.fromhex
"""A request ID's 24 hexadecimal digits, matched in one C call: ``is_request_id`` without its own call."""
"""One pass over 24 characters, nothing to backtrack: quicker than ``str.strip`` with 22 characters."""


_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)

DECISIVE_FIELDS = frozenset((*ONE_VALUE_KEYS, *MESSAGE_KEYS, *ERROR_KEYS, *STATUS_CODE_KEYS, STATUS_KEY))
"""The fields that decide what an answer means, as ``fold_key`` writes them: given twice with
different values, in any spelling, the body says two things."""


class Envelope(NamedTuple):
    """What a readable body carries. ``type`` is lower-cased; ``code`` is the code as the body
    wrote it (a string, stripped; ``normalise_code`` gives the catalog's form)."""

    format: Format
    type: str | None = None
    code: str | None = None
    message: str | None = None
    request_id: str | None = None
    stated_status: str | None = None
    """The HTTP status the body itself states (the v5 fail envelope's ``code``), as written."""
    around: tuple[str, ...] = ()
    """The text around an envelope salvaged from a changed body (a logger's prefix, or words of
    a second answer), for ``interpret`` to tell which: never more than the body holds."""
    names_request: bool = False
    """Whether ``message`` is a request ID (``is_request_id``): told once, by the reader that
    read it, so that no step that decides reads it again."""


def names_request(message: str | None) -> bool:
    """Whether a message is a request ID: what an envelope's ``names_request`` says."""
    return message is not None and len(message) == 24 and is_hex_id(message)


new_envelope = partial(tuple.__new__, Envelope)
"""``Envelope`` from a tuple of all its fields in order, without NamedTuple's slower keyword call."""


class Unreadable(Record):
    """A body that carries no envelope, and why. ``kind`` is a ``BodyKind``: empty, html,
    report, contradictory (it says two things) or other."""

    format: Format | None
    reason: str
    kind: str = BodyKind.OTHER


Reading = Envelope | Unreadable

READ_AS_REPORT = "read it with diagnose_report() (on the command line: report, or check --reports)"
DELIVERY_REPORT = f"a delivery report, not an answer to an API call: {READ_AS_REPORT}"


def sniff(text: str) -> Format:
    first = text.lstrip()[:1]
    if first in ("{", "[", '"'):
        return Format.JSON
    if first == "<":
        return Format.XML
    return Format.STRING


def read(text: str, format: Format | None = None) -> Reading:
    """What ``text`` carries, read as ``format`` (by default, as it looks). A delivery report is
    read as one, whatever else it holds: JSON that holds a report's records, or a form that
    gives them in its ``data`` field (read as a string)."""
    if not text.strip():
        return Unreadable(format or Format.STRING, "empty body", _EMPTY)
    if format is not None:
        reading = _read_as(text, format)
    else:
        reading = _read_as(text, sniff(text))
        if type(reading) is Envelope and reading.format is not Format.STRING:
            return reading
        reading = _salvaged(text) or reading
    if reading.format is Format.STRING and (form := parse_form(text)) is not None:
        return _as_report(form, Format.FORM) or reading
    return reading


def _as_report(value: Any, format: Format) -> Unreadable | None:
    """A decoded body that holds a delivery report's records: read as a report, not an answer."""
    return Unreadable(format, DELIVERY_REPORT, BodyKind.REPORT) if records(value) else None


def _read_as(text: str, format: Format) -> Reading:
    if format is Format.JSON:
        return read_json(text)
    if format is Format.XML:
        return read_xml(text)
    return read_string(text)


def _salvaged(text: str) -> Reading | None:
    """The envelope of a body a client, proxy or logger changed: a JavaScript or Python rendering
    of the JSON object, or one whole envelope with plain text around it. None when there is no
    such envelope; when the body is valid JSON or an HTML page; and when the text around it holds
    markup, braces or a code of its own (a second answer, or a page the envelope is quoted in)."""
    if "{" not in text and "<" not in text:
        return None  # no envelope to find (most plain-string answers): two C scans
    if is_html(text):
        return None
    stripped = text.strip()
    if _is_json(stripped):
        return None  # valid JSON is read as it is: an array or an object that is not an envelope is not salvaged
    if stripped[:1] == "{":
        rendered = object_literal_json(stripped)
        value = _json_object(rendered) if rendered is not None and rendered != stripped else None
        if value is not None:
            return _whole_envelope(read_mapping(value, Format.JSON))
    span = embedded_span(stripped, "{", "}")
    if span is not None:
        start, end = span
        if _markup_around(stripped[:start], stripped[end:], "<{"):
            return None
        inner = stripped[start:end]
        value = _json_object(inner)
        if value is None and (rendered := object_literal_json(inner)) is not None:
            value = _json_object(rendered)
        found = _whole_envelope(read_mapping(value, Format.JSON)) if value is not None else None
        return _alone(found, stripped[:start], stripped[end:])
    span = embedded_span(stripped, "<", ">")
    if span is not None and not _markup_around(stripped[: span[0]], stripped[span[1] :], "<>"):
        found = _whole_envelope(read_xml(stripped[span[0] : span[1]]))
        return _alone(found, stripped[: span[0]], stripped[span[1] :])
    return None


def _markup_around(before: str, after: str, markup: str) -> bool:
    """Whether the text around an envelope holds markup or braces: a page the envelope is quoted
    in, or a second envelope, rather than what a logger or a proxy adds."""
    return any(mark in before or mark in after for mark in markup)


def _alone(found: Envelope | None, before: str, after: str) -> Reading | None:
    """The envelope, with the text around it, for ``interpret`` to tell a logger's prefix from
    a second answer (a code or an error's words of its own: then the body says two things)."""
    if found is None:
        return None
    around = tuple(text for text in (before.strip(), after.strip()) if text)
    return found._replace(around=around + found.around) if around and isinstance(found, Envelope) else found


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = loads_fields(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _whole_envelope(reading: Reading) -> Envelope | None:
    """A reading that says what the body is (its type), not a fragment of one."""
    return reading if type(reading) is Envelope and reading.type is not None else None


def read_string(text: str, format: Format = Format.STRING) -> Reading:
    body = text.strip()
    if not body:
        return Unreadable(format, "empty body", _EMPTY)
    if is_request_id(body):
        return Envelope(format, type="success", message=body, request_id=body, names_request=True)
    if body.isdigit():
        return Unreadable(
            format,
            f"a bare number of {len(body)} digits, which is not read as an error code: balance.php answers the "
            "balance this way, and a provider error names its code (code: 207, or 207 with its message)",
        )
    coded = code_text(body)
    if coded is not None:
        code, rest = coded
        return Envelope(format, code=code, message=rest or None, names_request=names_request(rest or None))
    return Envelope(format, message=body, names_request=False)  # a request ID is read above


def read_json(text: str) -> Reading:
    try:
        value = loads_fields(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        said = exc.msg if exc.msg.endswith(" at") else f"{exc.msg} at"
        reason = f"truncated or malformed JSON: {said} {where}"
        if exc.msg == "Extra data" and exc.lineno > 1:
            reason += (
                "; one JSON value a line is a JSON Lines log: name it .jsonl (or pass --jsonl for standard input) "
                "and check reads it line by line"
            )
        return Unreadable(Format.JSON, reason)
    except RecursionError:
        return Unreadable(Format.JSON, "JSON nested too deeply to read")
    except ValueError:
        return Unreadable(Format.JSON, "JSON with a number too long to read (over 4,300 digits)")
    return read_value(value)


def read_value(value: Any) -> Reading:
    """Read an already-decoded JSON value."""
    if isinstance(value, Mapping):
        return _as_report(value, Format.JSON) or read_mapping(value, Format.JSON)
    if isinstance(value, str):
        return read_string(value, Format.JSON)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = int_text(value) if isinstance(value, int) else repr(value)
        if number is None:
            return Unreadable(Format.JSON, "a bare JSON number too long to read, not a response envelope")
        return read_string(number, Format.JSON)
    if isinstance(value, list):
        return _as_report(value, Format.JSON) or Unreadable(
            Format.JSON, "a JSON array, not a response envelope (type, message, code)"
        )
    return Unreadable(Format.JSON, f"a bare JSON {json.dumps(value)}, not a response envelope")


_NUMBER_KEYS = frozenset(NUMBER_KEYS)
PRODUCT_OUTPUT = "a diagnosis written by sms-diagnose (its to_dict() or --json output), not a response"
ABOUT_A_NUMBER = (
    "a record about one phone number (a delivery report's, or its diagnosis), not an answer to an API call: "
    f"its code or status is a delivery status, not a request code; {READ_AS_REPORT}"
)


def read_mapping(fields: Mapping[Any, Any], format: Format, outside: tuple[str, ...] = ()) -> Reading:
    """The envelope a mapping of fields carries: keys in any spelling (``fold_key``), values
    stripped of spaces, a blank value as none. Every value of every key is read: a field that
    decides the meaning, given twice with different values, makes the body one that says two
    things, never an answer taken from one of them. The texts of the other fields (and
    ``outside``: an XML document's text between its fields) go with the envelope, for the
    interpreter to tell whether they say another answer."""
    lowered, repeated = gather(fields, DECISIVE_FIELDS)
    if repeated:
        twice = said_twice(repeated, lowered)
        if twice is not None:
            return Unreadable(format, twice, BodyKind.CONTRADICTORY)
    if "outcome" in lowered and "entry" in lowered and "raw" in lowered:  # a Diagnosis.to_dict()
        return Unreadable(format, PRODUCT_OUTPUT)
    if "type" not in lowered and not _NUMBER_KEYS.isdisjoint(lowered):
        return Unreadable(format, ABOUT_A_NUMBER, BodyKind.REPORT)
    doubt = _contradiction(lowered)
    if doubt is not None:
        return Unreadable(format, doubt, BodyKind.CONTRADICTORY)
    kind = first_text(lowered, TYPE_KEYS) or _status_type(lowered)
    message = first_text(lowered, MESSAGE_KEYS)
    stated_status = _stated_status(lowered)
    if _is_fail_envelope(lowered, kind):  # the v5 fail envelope: code is the HTTP status
        code, stated_status = first_text(lowered, PROVIDER_CODE_KEYS), first_text(lowered, CODE_KEYS)
        has_error = _flag(lowered.get(HAS_ERROR_KEY))
        if has_error is not None:
            flagged = "error" if has_error else "success"
            if kind is None:
                kind = flagged
            elif kind.lower() != flagged:
                reason = f"it says {kind.lower()} and hasError {str(has_error).lower()}: {CONTRADICTS}"
                return Unreadable(format, reason, BodyKind.CONTRADICTORY)
    else:
        code = first_text(lowered, CODE_KEYS)
    beside, nested_error = _beside(lowered)
    if kind is not None and kind.lower() == "success":
        errors = next((key for key in ERROR_KEYS if _is_error(lowered.get(key))), None)
        if errors is not None or nested_error:
            return Unreadable(format, f"it says success and carries errors: {CONTRADICTS}", BodyKind.CONTRADICTORY)
    request_id = first_text(lowered, REQUEST_ID_KEYS)
    if kind is None and message is None and code is None and request_id is None:
        shown = ", ".join(sorted(lowered)[:8]) or "none"
        return Unreadable(format, f"no type, message, code or request_id field (fields: {shown})")
    if nested_error:  # beside an error, what it says is read there: a second error is a second answer
        beside += ("error: an error envelope nested in the body",)
    around = outside + beside
    kind = kind.lower() if kind else None
    return new_envelope((format, kind, code, message, request_id, stated_status, around, names_request(message)))


_READ_FIELDS = frozenset((*DECISIVE_FIELDS, *_NUMBER_KEYS))
_CODE_LIKE = CODE_LIKE_KEYS
"""Fields whose value, inside a body, is a code or a status: shown to the interpreter as
``code: 418``, a code written as one."""


_MESSAGE_LIKE = MESSAGE_LIKE_KEYS
NESTED_MESSAGE = "\x00message: "
"""How a message field's text (nested in the body, or beside its envelope) is marked for the
interpreter: a whole catalog text there says an answer as plainly as a code does."""


def _beside(fields: Mapping[str, Any]) -> tuple[tuple[str, ...], bool]:
    """What a body says besides its envelope's own fields: the texts of every other field, at
    any depth (a code-like field as ``code: 418``), and whether an error envelope is nested in
    it. Each value is looked at once: the cost is linear in the body."""
    texts: list[str] = []
    nested_error = False
    stack: list[tuple[str, Any, bool]] = [(key, value, True) for key, value in reversed(list(fields.items()))]
    while stack:
        key, value, top = stack.pop()
        if top and key in _READ_FIELDS:
            continue
        if isinstance(value, str):
            if value and not value.isspace():
                if key in _CODE_LIKE:
                    texts.append(f"{key}: {value.strip()}")
                else:
                    texts.append(f"{NESTED_MESSAGE}{value.strip()}" if key in _MESSAGE_LIKE else value.strip())
        elif isinstance(value, int) and not isinstance(value, bool):
            if key in _CODE_LIKE and (text := int_text(value)) is not None:
                texts.append(f"{key}: {text}")
        elif type(value) is dict or isinstance(value, Mapping):  # a decoded object, without an ABC's check
            inner = [(fold_key(name), item, False) for name, item in field_pairs(value) if isinstance(name, str)]
            if not nested_error and not _ERROR_SAYING_KEYS.isdisjoint([name for name, _, _ in inner]):
                nested_error = _says_error(value)
            inner.reverse()
            stack += inner
        elif isinstance(value, list):
            stack.extend((key, item, False) for item in reversed(value))
    return tuple(texts), nested_error


_ERROR_SAYING_KEYS = frozenset((*TYPE_KEYS, STATUS_KEY, HAS_ERROR_KEY, *ERROR_KEYS))
"""The keys ``_says_error`` reads (folded): a mapping with none of them says no error."""


def _says_error(fields: Mapping[Any, Any]) -> bool:
    """Whether a mapping inside a body is an error envelope of its own (a type or status that
    says error, hasError true, or errors in it): beside a success, a second answer."""
    lowered = {fold_key(key): value for key, value in fields.items() if isinstance(key, str)}
    said = _types_said(lowered)
    if "error" in said or _flag(lowered.get(HAS_ERROR_KEY)) is True:
        return True
    return any(_is_error(lowered.get(key)) for key in ERROR_KEYS)


_NO_ERROR = frozenset({"0", "false", "none", "null"})


def _is_error(value: Any) -> bool:
    """Whether an errors field holds an error: anything but blank, empty, 0, false or none."""
    said = value_said(value)
    return said is not None and said not in _NO_ERROR


def _stated_status(fields: Mapping[str, Any]) -> str | None:
    """The HTTP status a body states in a field of its own (``statusCode``, or ``status``
    written as a number of three digits); None when it states none."""
    for key in (STATUS_KEY, *STATUS_CODE_KEYS):
        value = fields.get(key)
        text = str(value) if type(value) is int else value.strip() if type(value) is str else None
        if text is not None and len(text) == 3 and text.isdigit() and "100" <= text <= "599":
            return text
    return None


def _contradiction(fields: Mapping[str, Any]) -> str | None:
    """Why fields that each say what the answer is say different things: two types, two
    messages, two request ids, a code and an apiError that differ; or a field that holds one
    value holding a list, an object, a flag or a fraction."""
    for key in sorted(ONE_VALUE_KEYS.intersection(fields)):
        held = _not_one_value(key, fields[key])
        if held is not None:
            return f"its {key} field holds {held}, not one value: the body is not read as one answer"
    said = _types_said(fields)
    if len(said) > 1:
        return f"its type fields disagree ({', '.join(sorted(said))}): {CONTRADICTS}"
    for keys, what in ((MESSAGE_KEYS, "messages"), (REQUEST_ID_KEYS, "request ids")):
        texts = {folded for key in keys if isinstance(value := fields.get(key), str) if (folded := value_said(value))}
        if len(texts) > 1:
            return f"it carries two different {what}: {CONTRADICTS}"
    if "type" in fields:  # the type family: code is the provider's code, and so would apiError be
        code, api_error = first_text(fields, CODE_KEYS), first_text(fields, PROVIDER_CODE_KEYS)
        if code is not None and api_error is not None and code != api_error:
            return f"its code {code} and its apiError {api_error} differ: {CONTRADICTS}"
    return None


def _not_one_value(key: str, value: Any) -> str | None:
    """What a field that holds one value holds instead, or None when it holds one (or nothing)."""
    if isinstance(value, (list, dict)):
        return None if value_said(value) is None else "a list" if isinstance(value, list) else "an object"
    if isinstance(value, bool):
        return None if key == HAS_ERROR_KEY else "a flag"
    if isinstance(value, float) and not (value.is_integer() and abs(value) < 1e15):
        return "a number that is not a whole one"
    return None


_STATUS_TYPES = {"success": "success", "error": "error", "fail": "error", "failed": "error", "failure": "error"}
_FLAGS = {"true": True, "false": False, "1": True, "0": False}


def _types_said(fields: Mapping[str, Any]) -> set[str]:
    """Every type the fields state: type, msgType, msg_type, and a status written as a word."""
    said = {value.strip().lower() for key in TYPE_KEYS if isinstance(value := fields.get(key), str) and value.strip()}
    status = _status_type(fields)
    return said | {status} if status else said


def _is_fail_envelope(fields: Mapping[str, Any], kind: str | None) -> bool:
    """The v5 fail envelope: a hasError flag, a provider code in apiError, or a status word with
    errors and no type field (``{"status":"fail","errors":"...","code":"401"}``)."""
    if HAS_ERROR_KEY in fields or first_text(fields, PROVIDER_CODE_KEYS) is not None:
        return True
    return "errors" in fields and "type" not in fields and kind is not None and _status_type(fields) is not None


def _flag(value: Any) -> bool | None:
    """hasError as a boolean, however it was written (true, "true", 1; XML gives text); None if unreadable."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return _FLAGS.get(str(value))
    return _FLAGS.get(value.strip().lower()) if isinstance(value, str) else None


def _status_type(fields: Mapping[str, Any]) -> str | None:
    """``status`` as the type, where an API answer writes it as a word (``"status": "fail"``)."""
    status = fields.get(STATUS_KEY)
    return _STATUS_TYPES.get(status.strip().lower()) if isinstance(status, str) else None


def normalise_code(code: str) -> str:
    """Codes travel as strings; a number below 100 stands for a zero-padded code (1 is "001")."""
    code = code.strip()
    return code.zfill(3) if code.isdigit() else code


def read_xml(text: str) -> Reading:
    if is_html(text):
        return Unreadable(Format.HTML, "an HTML page, not a provider response", _HTML)
    if _DOCTYPE.search(text):
        return Unreadable(Format.XML, "XML with a document type declaration: DTDs and entities are never processed")
    return read_xml_bytes(without_xml_declaration(text).encode("utf-8", "surrogatepass"))


@cache
def lxml_etree() -> ModuleType:
    """lxml.etree, imported on the first XML body rather than with the package."""
    from lxml import etree

    return etree


def read_xml_bytes(body: bytes) -> Reading:
    """Parse XML that holds no DTD (the caller has checked) with a parser that resolves nothing."""
    etree = lxml_etree()
    try:
        root = etree.fromstring(body, xml_parser())
    except etree.XMLSyntaxError as exc:
        return Unreadable(Format.XML, f"truncated or malformed XML: {exc}")
    except (etree.LxmlError, ValueError) as exc:
        return Unreadable(Format.XML, f"XML the parser refuses: {exc}")
    if not isinstance(root.tag, str):
        return Unreadable(Format.XML, "XML without an element")
    if len(body) > _MIN_BYTES_OVER_THE_CAP and next(islice(root.iter(), MAX_XML_NODES, None), None) is not None:
        return Unreadable(Format.XML, TOO_MANY_NODES)
    fields = [(_local_name(name), value) for name, value in root.attrib.items()]
    outside = [root.text] if root.text else []
    for child in root:
        tail = child.tail
        if tail:
            outside.append(tail)
        tag = child.tag
        if type(tag) is not str:
            continue
        name = _local_name(tag)
        attributes = child.items()  # rare: the test of its name is made only then
        if (
            attributes
            and any(not key.startswith(_XML_NAMESPACE) for key, _ in attributes)
            and fold_key(name) in DECISIVE_FIELDS
        ):
            reason = f"its <{name}> element carries attributes, which are not read: the body is not read as one answer"
            return Unreadable(Format.XML, reason, BodyKind.CONTRADICTORY)
        fields.append((name, _field_value(child) if len(child) else child.text or ""))
    if not fields:
        return Unreadable(Format.XML, f"XML element <{_local_name(root.tag)}> carries no fields")
    texts = tuple(text.strip() for text in outside if not text.isspace())
    return read_mapping(RepeatedKeys(fields), Format.XML, texts)


MAX_XML_NODES = 1000
"""How many elements and comments an XML answer may hold, all told: the provider's answers hold a
handful. Past it the body is not read (each node read costs a Python object, where the parse of
a megabyte costs a few milliseconds), and says so."""
_MIN_BYTES_OVER_THE_CAP = 4 * MAX_XML_NODES
"""A node takes four bytes at least (``<a/>``, ``<!---->``): a shorter body holds fewer than the cap."""
TOO_MANY_NODES = (
    f"XML of more than {MAX_XML_NODES:,} elements and comments, where an answer holds a few fields: "
    "it is not read as one answer"
)

_XML_NAMESPACE = "{http://www.w3.org/XML/1998/namespace}"
"""xml:space and xml:lang say how a text is written, not what it says."""


def _field_value(element: Any) -> str | RepeatedKeys:
    """The text of a field element, whole: a comment or processing instruction inside it
    (``<CODE>2<!---->07</CODE>``) splits its text, and is not part of it. An element that holds
    elements is an object of its own: every element in it, and its text, are read too."""
    if any(isinstance(inner.tag, str) for inner in element):
        pairs = [("", element.text)] if element.text and not element.text.isspace() else []
        for inner in element:
            if isinstance(inner.tag, str):
                pairs.append((_local_name(inner.tag), _field_value(inner)))
            if inner.tail and not inner.tail.isspace():
                pairs.append(("", inner.tail))
        return RepeatedKeys(pairs)
    return (element.text or "") + "".join(inner.tail or "" for inner in element)


def _local_name(tag: str) -> str:
    """``CODE`` from ``CODE`` or from ``{urn:namespace}CODE``."""
    return tag if tag[:1] != "{" else tag.rpartition("}")[2]


_parsers = threading.local()


def xml_parser() -> Any:
    """One parser per thread (lxml parsers are not thread-safe), made once: entities, DTDs,
    network access and huge trees off."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = lxml_etree().XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
        )
        _parsers.parser = parser
    return parser
