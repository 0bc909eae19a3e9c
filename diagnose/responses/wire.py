"""The wire's fields, as both readers see them: ``read`` (answers to API calls) and
``report_records`` (delivery reports).

One place for how a JSON body is decoded with every value of a repeated key kept, how a field's
name is folded (``fold_key``), the names of the fields the readers look for, and how one field's
value is read as text (``first_text``) and compared with another (``value_said``, ``said_twice``).
No catalog knowledge and no meaning here.
"""

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

# The names of the fields, as ``fold_key`` writes them. Answers to API calls:
TYPE_KEYS = ("type", "msgtype")
MESSAGE_KEYS = ("message", "msg", "errors")
CODE_KEYS = ("code",)
PROVIDER_CODE_KEYS = ("apierror",)
"""Where the v5 fail envelope (``status``, ``hasError``, ``errors``) puts the provider's code:
there ``code`` is the HTTP status, written into the body."""
REQUEST_ID_KEYS = ("requestid",)
STATUS_KEY = "status"
"""A status written as a word (``"status": "fail"``) in an answer, a delivery status in a report."""
STATUS_CODE_KEYS = ("statuscode",)
"""Where a body states an HTTP status of its own (``status`` too, when it is a number)."""
HAS_ERROR_KEY = "haserror"
ERROR_KEYS = ("errors", "error", "errorcode")
"""Fields that carry an error: beside a success, with anything in them, the body says two things."""
ONE_VALUE_KEYS = frozenset(
    (*TYPE_KEYS, "message", "msg", *CODE_KEYS, *PROVIDER_CODE_KEYS, *REQUEST_ID_KEYS, HAS_ERROR_KEY)
)
"""Fields whose value is one text, number or flag: a list, an object, or a flag or a fraction
where a text or a code belongs, is not read as none."""
ANSWER_KEYS = frozenset((*TYPE_KEYS, *MESSAGE_KEYS, *CODE_KEYS, *PROVIDER_CODE_KEYS, HAS_ERROR_KEY, "error"))
"""The fields of an answer to an API call: beside a report's, or beside a log record's body,
the record says two things."""
CODE_LIKE_KEYS = frozenset((*CODE_KEYS, *PROVIDER_CODE_KEYS, "errorcode", STATUS_KEY, *STATUS_CODE_KEYS))
"""Fields whose value, inside a body, is a code or a status."""
MESSAGE_LIKE_KEYS = frozenset((*MESSAGE_KEYS, "error", "description", "errormessage"))
"""Fields whose value, inside a body, is a message."""

# Delivery reports:
NUMBER_KEYS = ("number", "mobile", "mobiles", "msisdn", "telnum")
"""Where a record names its phone number: a body that names one is about a number, a report's."""
REPORT_REQUEST_ID_KEYS = (*REQUEST_ID_KEYS, "reqid")
REPORT_STATUS_KEYS = (STATUS_KEY,)
DESCRIPTION_KEYS = ("desc", "description")
FAILURE_KEYS = ("failedreason", "failurereason")
EVENT_KEYS = ("event",)
V4_KEYS = frozenset({"inmsid", "ts", "meta"})
"""What an event's record (the v4 form) may carry instead of a number: its INMSID or time."""
NESTED_KEYS = ("data", "report")
"""Where a body nests its records: a list of them, or their JSON text."""

CONTRADICTS = "the body contradicts itself"


class RepeatedKeys(dict[str, Any]):
    """A JSON object that names a key more than once: a dict of the last values, as ``json``
    gives it, and ``pairs``, every key with every value in order, so that a reader sees all
    that the body said."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.pairs = tuple(pairs)


def _object_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    fields = dict(pairs)
    return fields if len(fields) == len(pairs) else RepeatedKeys(pairs)


def fold_key(key: str) -> str:
    """A field's name as the readers compare it: ``request_id``, ``RequestId``, ``request-id``,
    `` requestid`` and ``ｒｅｑｕｅｓｔｉｄ`` are one field. Case, spaces at the ends, ``_`` and
    ``-``, width (NFKC) and invisible format characters (a zero-width space) do not count."""
    if key.isalpha() and key.isascii():
        return key.lower()  # most keys, in one step
    if not key.isascii():
        key = "".join(char for char in unicodedata.normalize("NFKC", key) if unicodedata.category(char) != "Cf")
    return key.strip().lower().replace("_", "").replace("-", "")


def gather(fields: Mapping[Any, Any], kept: frozenset[str]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """A mapping's text keys folded (``fold_key``), each with its first value; and, for the
    keys of ``kept`` given more than once (repeated, or in another spelling), every value."""
    first: dict[str, Any] = {}
    repeated: dict[str, list[Any]] = {}
    for key, value in field_pairs(fields):
        if isinstance(key, str):
            folded = fold_key(key)
            if folded not in first:
                first[folded] = value
            elif folded in kept:
                repeated.setdefault(folded, [first[folded]]).append(value)
    return first, repeated


def field_pairs(fields: Mapping[Any, Any]) -> Iterable[tuple[Any, Any]]:
    """Every key of a mapping with its value: each of them, for a JSON object that repeats one."""
    return fields.pairs if type(fields) is RepeatedKeys else fields.items()


scan_json = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # the C scanner, set in __init__
_fields_decoder = json.JSONDecoder(object_pairs_hook=_object_hook)
scan_fields = _fields_decoder.scan_once  # type: ignore[attr-defined]


def _loader(scan: Any, whole: Any) -> Callable[[str], Any]:
    """``json.loads`` by ``scan`` (the C scanner of a decoder), without its two whitespace-regex
    passes; ``whole`` (the decoder's own ``decode``) reads a text that starts with whitespace,
    or words the error as json.loads words it."""

    def loads(text: str) -> Any:
        try:
            value, end = scan(text, 0)
        except StopIteration:
            return whole(text)
        if end != len(text) and text[end:].strip(" \t\n\r"):
            after_spaces = len(text) - len(text[end:].lstrip(" \t\n\r"))  # where json.loads says
            raise json.JSONDecodeError("Extra data", text, after_spaces)
        return value

    return loads


loads_json = _loader(scan_json, json.loads)
"""``json.loads(text)``, the same value or error."""
loads_fields = _loader(scan_fields, _fields_decoder.decode)
"""``loads_json(text)``, but an object that repeats a key is a ``RepeatedKeys`` that keeps
every value: what a body says is read whole, never only its last word."""


_dump = json.JSONEncoder(ensure_ascii=False, default=repr).encode
_make_c_encoder = getattr(json.encoder, "c_make_encoder", None)
_c_dump = (
    None
    if _make_c_encoder is None
    else _make_c_encoder(None, repr, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
)
"""``json.dumps(value, ensure_ascii=False, default=repr)``, its C encoder made once rather than at
each call (as ``json.dumps`` makes it: a third of the time of a report's record). It keeps no
marks of the containers it is in: a value that holds itself ends in RecursionError, which
``dump_value`` words as it words ``json``'s ValueError for it."""


def dump_value(value: Any) -> str:
    """A decoded JSON value as text, for ``raw``; never raises, however deep or odd the value."""
    try:
        return _dump(value) if _c_dump is None else "".join(_c_dump(value, 0))
    except (TypeError, ValueError, RecursionError):
        return f"<a {type(value).__name__} that cannot be shown as JSON: nested too deeply or not JSON>"


def first_text(fields: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` with a text (stripped) or an integer; None if none has."""
    for key in keys:
        value = fields.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            stripped = value.strip()
            if stripped:
                return stripped
        elif isinstance(value, int) and not isinstance(value, bool):
            return int_text(value)
        elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))  # a code written as 207.0 or 2.07e2 by a client that holds numbers as floats
    return None


def field_text(value: Any) -> str | None:
    """One field's value as ``first_text`` reads it: a text stripped (None if blank), an integer
    written out, anything else None."""
    if type(value) is str:
        return value.strip() or None
    return first_text({"": value}, ("",))


def int_text(value: int) -> str | None:
    """``str(value)``, or None for an integer too long for the interpreter to write out."""
    try:
        return str(value)
    except ValueError:
        return None


def value_said(value: Any) -> str | None:
    """What a field's value says, to compare two of them: a text folded and stripped, a number
    written out, a list or object as canonical JSON; None for a blank, null or empty value."""
    if isinstance(value, str):
        return value.strip().casefold() or None
    if value is None or value in ([], {}):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return field_text(value) or repr(value)
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        return repr(type(value))


def said_twice(repeated: dict[str, list[Any]], fields: dict[str, Any]) -> str | None:
    """Why fields given more than once make the body say two things; None when every
    repetition says the same (the one value said is then the field's value in ``fields``)."""
    for key, values in repeated.items():
        said = {value_said(value): value for value in values}
        said.pop(None, None)
        if len(said) > 1:
            shown = " and ".join(_shown_value(value) for value in list(said.values())[:2])
            return f"the field {key!r} is given more than once, as {shown}: {CONTRADICTS}"
        if said:
            fields[key] = next(iter(said.values()))
    return None


def _shown_value(value: Any) -> str:
    text = value if isinstance(value, str) else dump_value(value)
    return repr(text if len(text) <= 40 else text[:40] + "\u2026")
