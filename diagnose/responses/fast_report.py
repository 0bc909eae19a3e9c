"""A shortcut reader for the delivery reports the provider sends: a decoded body in, the same
records ``report_records.records`` gives out, or None for "read it the general way".

It knows only syntax, and only the shapes the provider really sends (provider-api-more.md,
examples/reports): a flat v2 report (``requestId``, ``number``, ``status``, ``desc``,
``failedReason`` and fields of no meaning here, such as ``ctCode`` or ``date``), a list of
them, and the webhook's ``data`` (form-encoded, or a JSON object holding it as text): a list of
requests, each a ``requestId`` and a ``report`` list of flat records. Each field is named once,
in one spelling, its name letters only, and the fields that tell a status hold a text.
Anything else (an event, a field given twice or in two spellings, a blank status, a number
list, the fields of an API answer, a value the general reader would have to judge) is None:
``records`` reads it and says what is wrong with it. The records go to the same decision
(``delivery.reports``) as the general reader's; tests/test_fast_report.py checks that every
reading it gives is the general reader's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .report_records import ReportRecord, flat_record
from .wire import (
    ANSWER_KEYS,
    DESCRIPTION_KEYS,
    EVENT_KEYS,
    FAILURE_KEYS,
    NESTED_KEYS,
    NUMBER_KEYS,
    REPORT_REQUEST_ID_KEYS,
    REPORT_STATUS_KEYS,
    loads_fields,
)

_REQUEST_ID, _NUMBER, _STATUS, _DESCRIPTION, _FAILURE = "request_id", "number", "status", "description", "failure"
_ROLES = {
    **dict.fromkeys(REPORT_REQUEST_ID_KEYS, _REQUEST_ID),
    **dict.fromkeys(NUMBER_KEYS, _NUMBER),
    **dict.fromkeys(REPORT_STATUS_KEYS, _STATUS),
    **dict.fromkeys(DESCRIPTION_KEYS, _DESCRIPTION),
}
"""The fields that tell a record's request, number and status, by their folded names: each
may be given once, in one spelling (two spellings are two fields the general reader compares)."""
_UNREAD = frozenset((*ANSWER_KEYS, *EVENT_KEYS, *NESTED_KEYS))
"""Fields the shortcut leaves to the general reader: an API answer's, an event, nested records."""
_MAX_INHERITED = 256
"""``report_records._MAX_INHERITED``: a longer request id is cut where records inherit it."""
_MAX_RECORDS = 1000


def fast_records(value: Any) -> list[ReportRecord] | None:
    """The records of a decoded report body, as ``records(value)`` gives them; None when the
    body is not one of the shapes read here."""
    found = fast_fields(value)
    return None if found is None else [flat_record(*said) for said in found]


Said = tuple[str | None, str | None, str | None, str | None, str | None, Mapping[str, Any]]
"""What a record read here says, as ``flat_record`` takes it: its request id, number, status,
description and failure reason, and its fields."""


def fast_fields(value: Any) -> list[Said] | None:
    """What ``fast_records(value)`` makes each record of, the records not yet made."""
    kind = type(value)
    if kind is dict:
        if len(value) == 1 and "data" in value:
            return _data(value["data"])
        record = _plain_record(value) if _PLAIN_KEYS.issuperset(value) else _record(value, None)  # as _record reads it
        return None if record is None else [record]
    if kind is list:
        return _flat_list(value)
    if isinstance(value, Mapping) and len(value) == 1 and "data" in value:  # a form's fields
        pairs = getattr(value, "pairs", None)
        if pairs is None or len(pairs) == 1:
            return _data(value["data"])
    return None


def _data(text: object) -> list[Said] | None:
    """The records of the webhook's ``data``: the JSON text of a list of requests."""
    if type(text) is not str:
        return None
    stripped = text.strip()
    if stripped[:1] != "[":
        return None
    try:
        requests = loads_fields(stripped)
    except (ValueError, RecursionError):
        return None
    if type(requests) is not list:
        return None
    return _flat_list(requests)


def _flat_list(items: list[Any]) -> list[Said] | None:
    """The records of a list of flat records, or of requests (each a ``report`` list)."""
    if not items or len(items) > _MAX_RECORDS:
        return None
    found: list[Said] = []
    for item in items:
        if type(item) is not dict:
            return None
        if "report" in item:
            more = _request(item)
            if more is None:
                return None
            found.extend(more)
        else:
            record = _record(item, None)
            if record is None:
                return None
            found.append(record)
    return found if len(found) <= _MAX_RECORDS else None


def _request(request: dict[str, Any]) -> list[Said] | None:
    """A request's records: ``requestId`` and ``report`` (a list of flat records), and fields
    that say nothing of a status (``userId``, ``senderId``)."""
    request_id = None
    for key, value in request.items():
        if not (key.isascii() and key.isalpha()):
            return None
        folded = key.lower()
        if folded == "report":
            if key != "report":
                return None
            continue
        role = _ROLES.get(folded)
        if role is not None:
            if role != _REQUEST_ID or request_id is not None or type(value) is not str:
                return None  # a status or number of the envelope's own, or a second request id
            request_id = value.strip()
            if not request_id or len(request_id) > _MAX_INHERITED:
                return None
        elif folded in _UNREAD or folded in FAILURE_KEYS:
            return None
    reports = request["report"]
    if request_id is None or type(reports) is not list or not reports or len(reports) > _MAX_RECORDS:
        return None
    found = []
    for item in reports:
        if type(item) is not dict:
            return None
        record = _record(item, request_id)
        if record is None:
            return None
        found.append(record)
    return found


def _record(fields: dict[str, Any], inherited: str | None) -> Said | None:
    """One flat record, with the request id of its request (None at the top)."""
    if fields.keys() <= _PLAIN_KEYS:  # the names as the provider writes them, on most reports
        if inherited is None:
            return _plain_record(fields)
        said, reasons = _plain_fields(fields)
        if said is None:
            return None
    else:
        said, reasons = _said(fields)
        if said is None:
            return None
    return _made(fields, inherited, said, reasons)


_PLAIN_KEYS = frozenset({"requestId", "number", "status", "desc", "failedReason", "date"})


def _plain_fields(fields: dict[str, Any]) -> tuple[dict[str, str] | None, tuple[str, ...]]:
    """``_said`` of a record of the provider's names only, each its own field."""
    said: dict[str, str] = {}
    for role, key in _PLAIN_ROLES:
        value = fields.get(key)
        if value is None:
            if key in fields:
                return None, ()
            continue
        if type(value) is not str:
            return None, ()
        text = value.strip()
        if not text:
            return None, ()
        said[role] = text
    reason = fields.get("failedReason")
    if reason is None:
        return said, ()
    if type(reason) is not str:
        return None, ()
    text = reason.strip()
    if text[:1] == "[" and text[-1:] == "]":
        return None, ()
    return said, ((text,) if text else ())


def _plain_record(fields: dict[str, Any]) -> Said | None:
    """``_made(fields, None, *_plain_fields(fields))`` written out, on the path of every flat
    report at the top of a body: each field a text, blank or null nowhere, read once."""
    get = fields.get
    request_id, number, status, description = get("requestId"), get("number"), get("status"), get("desc")
    if request_id is not None:
        if type(request_id) is not str:
            return None
        request_id = request_id.strip()
        if not request_id or len(request_id) > _MAX_INHERITED:
            return None
    elif "requestId" in fields:
        return None
    if number is not None:
        if type(number) is not str:
            return None
        number = number.strip()
        if not number or "," in number or (number[0] == "[" and number[-1] == "]"):
            return None
    elif "number" in fields:
        return None
    if status is not None:
        if type(status) is not str or not (status := status.strip()):
            return None
    elif "status" in fields:
        return None
    if description is not None:
        if type(description) is not str or not (description := description.strip()):
            return None
    elif "desc" in fields:
        return None
    if (status is None and description is None) or (number is None and request_id is None):
        return None
    reason = get("failedReason")
    if reason is not None:
        if type(reason) is not str:
            return None
        reason = reason.strip()
        if reason[:1] == "[" and reason[-1:] == "]":
            return None
    return request_id, number, status, description, reason or None, fields


_PLAIN_ROLES = ((_REQUEST_ID, "requestId"), (_NUMBER, "number"), (_STATUS, "status"), (_DESCRIPTION, "desc"))


def _said(fields: dict[str, Any]) -> tuple[dict[str, str] | None, tuple[str, ...]]:
    """What a record's fields tell, by role, and its failure reasons, each once, in the order
    ``report_records`` joins them (None for a record the general reader reads)."""
    said: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for key, value in fields.items():
        if not (key.isascii() and key.isalpha()):
            return None, ()  # a name the general reader folds (request_id, a zero-width space)
        folded = key.lower()
        role = _ROLES.get(folded)
        if role is not None:
            if role in said or type(value) is not str:
                return None, ()
            text = value.strip()
            if not text:
                return None, ()
            said[role] = text
        elif folded in FAILURE_KEYS:
            if folded in reasons:
                return None, ()  # the same reason field in two spellings
            reasons[folded] = ""
            if value is None:
                continue
            if type(value) is not str:
                return None, ()
            text = value.strip()
            if text[:1] == "[" and text[-1:] == "]":
                return None, ()  # a stringified list: the general reader reads its texts
            reasons[folded] = text
        elif folded in _UNREAD:
            return None, ()
    return said, tuple(dict.fromkeys(reason for key in FAILURE_KEYS if (reason := reasons.get(key))))


def _made(fields: dict[str, Any], inherited: str | None, said: dict[str, str], reasons: tuple[str, ...]) -> Said | None:
    """The record of what its fields said, or None when the general reader makes none or
    says it contradicts itself."""
    request_id, number = said.get(_REQUEST_ID), said.get(_NUMBER)
    if request_id is not None and len(request_id) > _MAX_INHERITED:
        return None  # the general reader cuts it
    status, description = said.get(_STATUS), said.get(_DESCRIPTION)
    if status is None and description is None:
        return None
    if number is not None and ("," in number or (number[:1] == "[" and number[-1:] == "]")):
        return None
    if inherited is not None:
        if request_id is not None and request_id != inherited:
            return None
        if request_id is None:
            request_id = inherited
            fields = {"requestId": inherited, **fields}
    elif number is None and request_id is None:
        return None
    failure_reason = " / ".join(reasons) if reasons else None
    return request_id, number, status, description, failure_reason, fields
