"""A decoded delivery-report webhook body in, one flat record per number out: the reader of
reports, as ``read`` is of answers (``read`` asks it whether a body is a report).

Shapes read (provider-codes.md, section D, and the provider's help pages):
- form-encoded ``data=<JSON>``, the JSON holding a list of requests, each with ``requestId``
  and a ``report`` list of ``{number, status, desc, ...}``, or flat reports;
- the same as JSON text, ``{"data": "<JSON string>"}``;
- a flat JSON object (or a list of them): ``{"requestId", "number", "status", "desc", ...}``
  with the v2 fields ``failedReason``, ``ctCode`` and others;
- the event form (v4) ``[{"data": [...], "event": "delivered"}]``, with no numeric status, and
  records that may carry no number and no request id (``INMSID`` and ``ts`` only);
- "Webhook (New)": one flat object per number, ``telNum`` for the number and ``failureReason``;
  a number field that is a stringified list of numbers gives one record per number.
A status may be a number, a numeric string or a word. No catalog knowledge here.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_plus

from ..records import Record
from .wire import (
    ANSWER_KEYS,
    CONTRADICTS,
    DESCRIPTION_KEYS,
    EVENT_KEYS,
    FAILURE_KEYS,
    NESTED_KEYS,
    NUMBER_KEYS,
    REPORT_REQUEST_ID_KEYS,
    REPORT_STATUS_KEYS,
    V4_KEYS,
    RepeatedKeys,
    field_pairs,
    first_text,
    fold_key,
    gather,
    loads_fields,
    said_twice,
    value_said,
)

_TOLD_ONCE = (REPORT_REQUEST_ID_KEYS, NUMBER_KEYS, REPORT_STATUS_KEYS, DESCRIPTION_KEYS, EVENT_KEYS)
"""The fields a record tells its number, its request and its status by: each stated once, or
stated again with the same value, in any spelling. (Failure reasons that differ are all kept,
joined, so that none is taken alone.)"""
_DECISIVE = frozenset(key for keys in _TOLD_ONCE for key in keys)
_GATHERED = _DECISIVE | frozenset(NESTED_KEYS) | frozenset(FAILURE_KEYS)
"""The fields whose every value is kept: a record's and the lists of records nested in it."""
_MAX_NESTING = 8
_MAX_INHERITED = 256
"""A request id or event longer than this is cut where its records inherit it: every record
repeats it, so an unbounded one would make the output grow with records times its length."""
_MAX_COPIED = 1 << 17
"""The most fields copied to split a record whose number field lists numbers into one record per
number: each copy holds every field, so numbers times fields is what splitting costs."""


class ReportRecord(Record):
    """One number's status in a delivery report. ``status`` is a string, as on the wire."""

    request_id: str | None
    number: str | None
    status: str | None
    description: str | None
    event: str | None
    failure_reason: str | None
    fields: Mapping[str, Any]
    """The record as the body gave it, with the request id and event it inherited: what its
    diagnosis keeps as ``raw``, which reads back to the same diagnosis."""
    contradiction: str | None = None
    """Why the record says two things (a field given twice, two numbers, two descriptions), or None."""


def flat_record(  # noqa: PLR0917 - every field, on the path of every report
    request_id: str | None,
    number: str | None,
    status: str | None,
    description: str | None,
    failure_reason: str | None,
    fields: Mapping[str, Any],
) -> ReportRecord:
    """A record read whole from its own fields (no event, nothing it says twice): the
    shortcut reader's (``fast_report``), made here by position, on the path of every report."""
    return ReportRecord(request_id, number, status, description, None, failure_reason, fields, None)


def parse_form(text: str) -> RepeatedKeys | None:
    """The fields of a form-encoded body that gives a ``data`` field (its name in any spelling),
    every field kept (a form that gives ``data`` twice gives two lists of reports; a ``status``
    or ``requestId`` beside them is read as an envelope's), or None when there is no data field."""
    if "=" not in text or text.lstrip()[:1] in ("{", "[", "<") or not _may_name_data(text):
        return None
    pairs = [
        (unquote_plus(name, errors="surrogateescape"), unquote_plus(value, errors="surrogateescape"))
        for name, equals, value in (field.partition("=") for field in text.strip().split("&"))
        if equals
    ]
    if not any(fold_key(name) == "data" for name, _ in pairs):
        return None
    return RepeatedKeys(pairs)


def _may_name_data(text: str) -> bool:
    """Whether a form may name a ``data`` field: one that names it in ASCII, with no escape, holds
    ``data`` once its case, ``_`` and ``-`` are left out (as ``fold_key`` leaves them out). A form
    of a hundred thousand other fields is then not split and decoded field by field."""
    if not text.isascii() or "%" in text:
        return True
    return "data" in text.lower().replace("_", "").replace("-", "")


def records(value: Any) -> list[ReportRecord]:
    """Every report record in a decoded webhook body; empty when it holds none."""
    found: list[ReportRecord] = []
    _collect(value, {}, found, 0)
    return found


def _collect(value: Any, inherited: dict[str, str], found: list[ReportRecord], depth: int) -> None:
    if depth > _MAX_NESTING:
        return
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in ("[", "{"):
            try:
                _collect(loads_fields(stripped), inherited, found, depth + 1)
            except (ValueError, RecursionError):
                return
        return
    if isinstance(value, list):
        for item in value:
            _collect(item, inherited, found, depth + 1)
        return
    if not isinstance(value, Mapping):
        return
    fields, repeated = gather(value, _GATHERED)
    twice = _said_twice(fields, repeated) if repeated else None
    context = dict(inherited)
    for name, keys in (("request_id", REPORT_REQUEST_ID_KEYS), ("event", EVENT_KEYS)):
        text = first_text(fields, keys)
        if text is not None:
            cut = text if len(text) <= _MAX_INHERITED else text[:_MAX_INHERITED] + "\u2026"
            if name in inherited and inherited[name] != cut:
                twice = twice or f"its {name.replace('_', ' ')} and its envelope's differ: {CONTRADICTS}"
            context[name] = cut
    nested = [
        item
        for key in NESTED_KEYS
        for item in repeated.get(key, (fields.get(key),))
        if isinstance(item, (str, list, Mapping))
    ]
    if nested:
        if first_text(fields, NUMBER_KEYS) is None:  # a request's envelope of records: what it says, its records say
            doubt = twice or _envelope_doubt(fields)
            if doubt is not None:
                context[_DOUBT] = doubt
        for item in nested:
            _collect(item, context, found, depth + 1)
        if first_text(fields, NUMBER_KEYS) is None:
            return  # one that names a number of its own is a record too
    status, description = first_text(fields, REPORT_STATUS_KEYS), first_text(fields, DESCRIPTION_KEYS)
    number = first_text(fields, NUMBER_KEYS)
    listed = None if number is None else _listed(number)
    if number is not None:
        if listed is not None and len(listed) == 1:
            number = listed[0]  # a one-number list, stringified as Webhook (New) writes some fields
        elif listed is None and "," in number:
            twice = twice or f"its number field names more than one number: {CONTRADICTS}"
        elif listed is not None and not listed:
            number, twice = None, twice or f"its number field is an empty list: {CONTRADICTS}"
        elif listed is not None and len(listed) * (len(fields) + 1) > _MAX_COPIED:
            twice = twice or f"its number field lists {len(listed)} numbers, too many to read one by one"
            listed = None
    told = status is not None or description is not None
    if not told and ("event" not in context or (number is None and V4_KEYS.isdisjoint(fields))):
        return  # an event's record names its number, or (v4) its INMSID or time: {} or an API answer is none
    if number is None and "request_id" not in context and "event" not in context:
        return  # an event's records may name neither: the v4 form carries INMSID and ts only
    record = ReportRecord(
        context.get("request_id"),
        number,
        status,
        description,
        context.get("event"),
        _failure_reason(fields, repeated),
        _with_context(value, context),
        context.get(_DOUBT) or twice or _disagreement(fields),
    )
    if listed is not None and len(listed) > 1 and number is not None:
        found.extend(_each_number(record, number, listed))
    else:
        found.append(record)


def _each_number(record: ReportRecord, text: str, numbers: list[str]) -> list[ReportRecord]:
    """A record whose number field is a stringified list of numbers (``text``; Webhook (New)
    writes ``telNum`` so), as one record per number: the same status, each keeping as its
    fields the record with that one number in the list's place, which reads back to the same
    record. Another number field, which may say otherwise, is kept as it is."""

    def holds_the_list(key: object, held: object) -> bool:
        return isinstance(key, str) and fold_key(key) in NUMBER_KEYS and isinstance(held, str) and held.strip() == text

    made = []
    for number in dict.fromkeys(numbers):
        pairs = [(key, number if holds_the_list(key, held) else held) for key, held in field_pairs(record.fields)]
        made.append(
            ReportRecord(
                request_id=record.request_id,
                number=number,
                status=record.status,
                description=record.description,
                event=record.event,
                failure_reason=record.failure_reason,
                fields=RepeatedKeys(pairs) if type(record.fields) is RepeatedKeys else dict(pairs),
                contradiction=record.contradiction,
            )
        )
    return made


def _listed(text: str) -> list[str] | None:
    """The texts of a stringified JSON list (``["CALL BARRED"]``), as Webhook (New) writes some
    of its fields; None for any other text."""
    if text[:1] != "[" or text[-1:] != "]":
        return None
    try:
        value = loads_fields(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, list):
        return None
    texts = [item.strip() if isinstance(item, str) else str(item) for item in value if isinstance(item, (str, int))]
    return [item for item in texts if item] if len(texts) == len(value) else None


_DOUBT = "doubt"
"""Where a record's context carries why its envelope says two things, for each of its records."""


def _envelope_doubt(fields: dict[str, Any]) -> str | None:
    """Why the envelope of a request's records says something beside them: a status or
    description of its own (it names no number), or the fields of an API answer."""
    if first_text(fields, REPORT_STATUS_KEYS) is not None or first_text(fields, DESCRIPTION_KEYS) is not None:
        return f"the envelope of its records states a status of its own: {CONTRADICTS}"
    answer = ", ".join(sorted(ANSWER_KEYS.intersection(fields)))
    if answer:
        return f"the envelope of its records carries the fields of an API answer ({answer}): {CONTRADICTS}"
    return None


def _said_twice(fields: dict[str, Any], repeated: dict[str, list[Any]]) -> str | None:
    """Why a field given twice says two things (the one value of a field given twice alike
    becomes its value)."""
    told = {key: values for key, values in repeated.items() if key in _DECISIVE}
    return said_twice(told, fields) if told else None


def _disagreement(fields: dict[str, Any]) -> str | None:
    """Why a record's fields say two things: two of the fields that tell the same thing
    (number and mobile, desc and description) holding different values, a field holding a list,
    an object or a flag, or the fields of an API answer beside the report's."""
    for keys in _TOLD_ONCE:
        said = {value_said(fields[key]): key for key in keys if key in fields}
        said.pop(None, None)
        if len(said) > 1:
            return f"its {' and '.join(sorted(said.values()))} fields differ: {CONTRADICTS}"
    for key in sorted(_DECISIVE.intersection(fields)):
        value = fields[key]
        if isinstance(value, (list, dict, bool)) and value_said(value) is not None:
            held = "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) else "a flag"
            return f"its {key} field holds {held}, not one value: the report is not read as one status"
    if ANSWER_KEYS.intersection(fields):
        shown = ", ".join(sorted(ANSWER_KEYS.intersection(fields)))
        return f"it carries the fields of an API answer ({shown}) beside a report's: {CONTRADICTS}"
    return None


def _with_context(record: Mapping[Any, Any], context: dict[str, str]) -> Mapping[Any, Any]:
    inherited = {
        wire: context[name]
        for name, wire, keys in (("request_id", "requestId", REPORT_REQUEST_ID_KEYS), ("event", "event", EVENT_KEYS))
        if name in context and not any(isinstance(k, str) and k.lower() in keys for k in record)
    }
    return {**inherited, **record} if inherited else record


def _failure_reason(fields: Mapping[str, Any], repeated: Mapping[str, list[Any]]) -> str | None:
    """The failure reason; when two fields (or one field given twice) give different ones,
    all of them, so that none is taken alone."""
    reasons = dict.fromkeys(
        reason
        for key in FAILURE_KEYS
        for value in repeated.get(key, (fields.get(key),))
        if (text := first_text({key: value}, (key,))) is not None
        for reason in (_listed(text) or (text,))
    )
    return " / ".join(reasons) if reasons else None
