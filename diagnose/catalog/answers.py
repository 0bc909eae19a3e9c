"""What the provider answers on each of its endpoints, in each format it offers, from the catalog.

An error's answer is one of its entry's examples, chosen by the endpoint's family (the legacy
send APIs, or the v5 APIs and their envelopes); a success's is the envelope the provider wraps a
request ID or one of the catalog's success texts in; a transport failure's is its entry's
example. Nothing here writes a wording of its own: the fake API (``diagnose.fake``) serves these
answers, and the catalog gate (``diagnose.gate``, stage ``fake``) diagnoses every one of them
back to the entry it stands for. Both import this module, which sits below them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from types import MappingProxyType
from typing import Any
from urllib.parse import quote

from ..records import Record
from ..vocabulary import EntryStatus, Format, Phase
from .model import REPORT_PHASES, REQUEST_PHASE, TRANSPORT_PHASE, Catalog, Entry, Example

SENDHTTP = "sendhttp"
V2 = "v2"
FLOW = "flow"
OTP_SEND = "otp"
OTP_VERIFY = "otp-verify"
OTP_RETRY = "otp-retry"
BALANCE = "balance"
UNKNOWN_PATH = "unknown-path"

ENDPOINT_FORMATS = MappingProxyType(
    {
        SENDHTTP: (Format.STRING, Format.JSON, Format.XML),
        V2: (Format.JSON, Format.XML),
        FLOW: (Format.JSON,),
        OTP_SEND: (Format.JSON,),
        OTP_VERIFY: (Format.JSON,),
        OTP_RETRY: (Format.JSON,),
        BALANCE: (Format.STRING,),
        UNKNOWN_PATH: (Format.JSON,),
    }
)
"""The formats each endpoint answers in, its default first (sendhttp.php answers plain text
unless ``response=json`` or ``response=xml``; api/v2/sendsms JSON unless ``response=xml``)."""

V5_ENDPOINTS = frozenset({FLOW, OTP_SEND, OTP_VERIFY, OTP_RETRY, UNKNOWN_PATH})
OTP_ENDPOINTS = frozenset({OTP_SEND, OTP_VERIFY, OTP_RETRY})
SEND_ENDPOINTS = frozenset({SENDHTTP, V2, FLOW})

V5_TYPE_SOURCES = frozenset({"W6W", "V5_OTP"})
"""The catalog's sources whose bodies were answered by the v5 SMS and OTP APIs in their
``type``/``message`` envelope (their descriptions in catalog.yaml say so)."""
FAIL_ENVELOPE_STATUS = 401
"""The HTTP status of the v5 fail envelope (``status: fail, hasError``) the catalog holds."""

OTP_VERIFIED = "OTP verified success"
OTP_RESENT = "retry send successfully"
"""The catalog's success texts the v5 OTP API answers a verify and a retry with."""


class Answer(Record):
    """One answer of the provider: the entry it stands for (None: a success), the endpoint and
    format it is given on, its body and its HTTP status."""

    entry: Entry | None
    endpoint: str
    format: Format
    body: str
    http_status: int = 200


def answers_on(entry: Entry, endpoint: str) -> bool:
    """Whether the provider can give ``entry``'s answer on ``endpoint``: a request error on every
    endpoint, an OTP message on the OTP endpoints, the missing path on an unknown one."""
    if entry.status != EntryStatus.ACTIVE:
        return False
    if endpoint == UNKNOWN_PATH:
        return entry.name == "API_PATH_NOT_FOUND"
    if entry.phase == REQUEST_PHASE:
        return True
    return entry.phase == Phase.OTP and endpoint in OTP_ENDPOINTS


def error_answer(entry: Entry, endpoint: str, format: Format, *, fail_envelope: bool = False) -> Answer | None:
    """``entry``'s answer on ``endpoint`` in ``format``, one of its examples; None when it has
    no example in that format. On a v5 endpoint a v5 envelope is preferred: the fail envelope
    (HTTP 401) when ``fail_envelope``, else the ``type`` envelope the v5 APIs were seen to send."""
    examples = [e for e in entry.examples if e.format == format and e.exception is None]
    if not examples:
        return None
    chosen = _chosen(examples, endpoint, fail_envelope)
    status = chosen.http_status or 200
    return Answer(entry=entry, endpoint=endpoint, format=format, body=chosen.body, http_status=status)


def _chosen(examples: list[Example], endpoint: str, fail_envelope: bool) -> Example:
    plain = [e for e in examples if e.http_status is None]
    if endpoint in V5_ENDPOINTS:
        failing = [e for e in examples if e.http_status == FAIL_ENVELOPE_STATUS]
        typed = [e for e in plain if e.source in V5_TYPE_SOURCES]
        preferred = (failing + typed) if fail_envelope else typed
        if preferred:
            return preferred[0]
    return (plain or examples)[0]


def success_answer(catalog: Catalog, endpoint: str, format: Format, request_id: str) -> Answer:
    """The answer to an accepted request: the request ID in the endpoint's envelope, or on an OTP
    verify or retry the catalog's success text. KeyError when that text is not in the catalog."""
    if endpoint == OTP_VERIFY:
        body = _typed(_success_text(catalog, OTP_VERIFIED), "success")
    elif endpoint == OTP_RETRY:
        body = _typed(_success_text(catalog, OTP_RESENT), "success")
    elif endpoint == OTP_SEND:
        body = _json({"request_id": request_id, "type": "success"})
    elif format == Format.JSON:
        body = _typed(request_id, "success")
    elif format == Format.XML:
        body = f"<RESPONSE><TYPE>success</TYPE><MESSAGE>{request_id}</MESSAGE></RESPONSE>"
    else:
        body = request_id
    return Answer(entry=None, endpoint=endpoint, format=format, body=body)


def _typed(message: str, kind: str) -> str:
    return _json({"message": message, "type": kind})


def _json(fields: dict[str, str]) -> str:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _success_text(catalog: Catalog, text: str) -> str:
    found = catalog.success_text(text)
    if found is None:
        raise KeyError(f"{text!r} is not one of the catalog's success texts")
    return found.text


def balance_answer(balance: int) -> Answer:
    """balance.php's answer: the balance, a bare number in plain text."""
    return Answer(entry=None, endpoint=BALANCE, format=Format.STRING, body=str(balance))


def transport_answer(entry: Entry, http_status: int | None = None) -> Answer:
    """A transport failure's answer (a 429, a 5xx, a gateway's HTML page, an empty body): its
    entry's first example, with ``http_status`` if given, else the example's (else 200: a page or
    an empty body that came with a 5xx status is diagnosed by its status, as a server error)."""
    if entry.phase != TRANSPORT_PHASE or entry.when is None or entry.when.network:
        raise ValueError(f"{entry.name} is not a transport failure with a body")
    example = entry.examples[0]
    status = http_status or example.http_status or 200
    return Answer(entry=entry, endpoint="", format=example.format, body=example.body, http_status=status)


SAMPLE_REQUEST_ID = "5e1e93cad6fc054d8e759a5b"
"""A request ID for the answers the gate proves (any 24 hexadecimal digits)."""


def every_answer(catalog: Catalog) -> Iterator[Answer]:
    """Every answer the fake can serve, for the gate to prove: each entry's on each endpoint in
    each format it answers in (both v5 envelopes), each success, and each transport failure."""
    for endpoint, formats in ENDPOINT_FORMATS.items():
        for format in formats:
            if endpoint != UNKNOWN_PATH:
                yield (
                    balance_answer(1000)
                    if endpoint == BALANCE
                    else success_answer(catalog, endpoint, format, SAMPLE_REQUEST_ID)
                )
            for entry in catalog:
                if not answers_on(entry, endpoint):
                    continue
                seen = set()
                for fail_envelope in (False, True):
                    answer = error_answer(entry, endpoint, format, fail_envelope=fail_envelope)
                    if answer is not None and answer not in seen:
                        seen.add(answer)
                        yield answer
    for entry in catalog.transport_entries:
        if entry.status == EntryStatus.ACTIVE:
            yield transport_answer(entry)


# Delivery reports: what the provider POSTs to a webhook for each number of an accepted send.

FLAT = "flat"
FORM = "form"
ARRAY = "array"
EVENTS = "events"
WEBHOOK = "webhook"
RECORD_SHAPES = (FLAT, FORM, ARRAY)
"""The shapes made from an entry's flat report (``report_record``): ``flat``, one JSON object per
number (the v2 report); ``form``, ``data=`` and the JSON array of a request ID's numbers,
form-encoded; ``array``, that JSON array as the body."""
EXAMPLE_SHAPES = (EVENTS, WEBHOOK)
"""The shapes made only from an entry's own example in that shape (``shaped_report``):
``events``, the v4 (CleverTap) array of events, a request ID's numbers each in its event;
``webhook``, the newer webhook's one object per number (``telNum``, ``failureReason``)."""
REPORT_SHAPES = (*RECORD_SHAPES, *EXAMPLE_SHAPES)
"""The webhook bodies the fake sends."""
REPORT_CONTENT_TYPES = MappingProxyType(
    {
        FLAT: "application/json",
        FORM: "application/x-www-form-urlencoded",
        ARRAY: "application/json",
        EVENTS: "application/json",
        WEBHOOK: "application/json",
    }
)
_STATUS_KEYS = ("number", "status", "desc")
_REASON_KEY = "failedReason"
_WEBHOOK_NUMBER_KEY = "telNum"
_WEBHOOK_REASON_KEY = "failureReason"
SAMPLE_NUMBER = "919812345678"
"""A number for the reports the gate proves (any mobile number)."""

ReportRecord = dict[str, str]
"""One number's report in the flat shape: ``requestId``, ``number``, ``status``, ``desc``, and
``failedReason`` when it failed for a reason."""

ShapedReport = dict[str, Any]
"""One number's report as a JSON object in a shape: its flat record (flat, form, array), its event
(events: ``data``, a list of its one number, and ``event``), or its newer webhook's object."""


class ReportAnswer(Record):
    """One webhook body: its shape, Content-Type and text, and the (status entry, reason entry or
    None) of each number it reports, in order."""

    shape: str
    content_type: str
    body: str
    outcomes: tuple[tuple[Entry, Entry | None], ...]


def report_record(entry: Entry, request_id: str, number: str) -> ReportRecord | None:
    """The flat report of ``number`` that ``entry`` (a delivery status, or a failure reason)
    stands for: the entry's first flat JSON example, its request ID and number replaced, keeping
    the status, its description and (for a reason) the failure reason. None when the entry has
    no such example (the event-only statuses) or is no report entry."""
    if entry.phase not in REPORT_PHASES or entry.status != EntryStatus.ACTIVE:
        return None
    wanted = (*_STATUS_KEYS, *((_REASON_KEY,) if entry.phase == Phase.REASON else ()))
    for value in _json_examples(entry):
        if isinstance(value, dict) and "requestId" in value and all(isinstance(value.get(k), str) for k in wanted):
            return {"requestId": request_id, **{key: str(value[key]) for key in wanted}, "number": number}
    return None


def _json_examples(entry: Entry) -> Iterator[Any]:
    for example in entry.examples:
        if example.format != Format.JSON or not example.body.startswith(("{", "[")):
            continue
        try:
            yield json.loads(example.body)
        except ValueError:
            continue


def shaped_report(entry: Entry, shape: str, request_id: str, number: str) -> ShapedReport | None:
    """The report of ``number`` in ``shape`` that ``entry`` stands for: its flat record in the
    record shapes; in the example shapes the entry's first example in that shape (events: one
    event of one number; webhook: one object with ``telNum`` and, for a reason,
    ``failureReason``), its request ID and number replaced, all else as the catalog has it.
    None when the entry has no such example, or is no report entry."""
    if shape in RECORD_SHAPES:
        return report_record(entry, request_id, number)
    if entry.phase not in REPORT_PHASES or entry.status != EntryStatus.ACTIVE:
        return None
    for value in _json_examples(entry):
        if shape == EVENTS and _is_event(value):
            event = value[0]
            return {**event, "data": [{**event["data"][0], "requestId": request_id, "number": number}]}
        if shape == WEBHOOK and _is_webhook(value, reason=entry.phase == Phase.REASON):
            return {**value, "requestId": request_id, _WEBHOOK_NUMBER_KEY: number}
    return None


def _is_event(value: Any) -> bool:
    if not (isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict)):
        return False
    event, data = value[0], value[0].get("data")
    if not (isinstance(event.get("event"), str) and isinstance(data, list) and len(data) == 1):
        return False
    return isinstance(data[0], dict) and all(isinstance(data[0].get(k), str) for k in ("requestId", "number"))


def _is_webhook(value: Any, *, reason: bool) -> bool:
    wanted = ("requestId", _WEBHOOK_NUMBER_KEY, "status", *((_WEBHOOK_REASON_KEY,) if reason else ()))
    return isinstance(value, dict) and all(isinstance(value.get(k), str) for k in wanted)


def shapes_of(entry: Entry) -> tuple[str, ...]:
    """The shapes the fake can send ``entry``'s report in (none for an entry that is not one)."""
    return tuple(shape for shape in REPORT_SHAPES if shaped_report(entry, shape, "0", "0") is not None)


def status_of(catalog: Catalog, record: ReportRecord) -> Entry | None:
    """The delivery status entry of a flat report's ``status`` code."""
    return next(
        (e for e in catalog if e.phase == Phase.DELIVERY and e.code == record["status"] and e.status == "active"),
        None,
    )


def _status_named(catalog: Catalog, text: str) -> Entry | None:
    """The delivery status entry whose code, or one of whose match texts, is ``text`` (the newer
    webhook's ``status`` is a word, as ``Failed``)."""
    folded = text.casefold()
    return next(
        (
            e
            for e in catalog
            if e.phase == Phase.DELIVERY
            and e.status == "active"
            and (e.code == text or any(m.casefold() == folded for m in e.match))
        ),
        None,
    )


def report_bodies(records: Sequence[ShapedReport], shape: str) -> list[str]:
    """The webhook bodies that carry ``records`` (``shaped_report``'s, in ``shape``): one per
    number (flat, webhook), or one per request ID with its numbers in its ``report`` list (form,
    array) or each in its event (events)."""
    if shape not in REPORT_SHAPES:
        raise ValueError(f"a report's shape is one of {', '.join(REPORT_SHAPES)}, not {shape!r}")
    if shape in (FLAT, WEBHOOK):
        return [_compact(record) for record in records]
    if shape == EVENTS:
        events: dict[str, list[ShapedReport]] = {}
        for record in records:
            events.setdefault(record["data"][0]["requestId"], []).append(record)
        return [_compact(grouped) for grouped in events.values()]
    grouped: dict[str, list[dict[str, str]]] = {}
    for record in records:
        grouped.setdefault(record["requestId"], []).append({k: v for k, v in record.items() if k != "requestId"})
    bodies = []
    for request_id, numbers in grouped.items():
        array = _compact([{"requestId": request_id, "report": numbers}])
        bodies.append("data=" + quote(array, safe="") if shape == FORM else array)
    return bodies


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def every_report(catalog: Catalog) -> Iterator[ReportAnswer]:
    """Every report the fake can send, for the gate to prove: each report entry's in each shape
    it has, and in the grouped shapes beside a delivered number (two numbers in one body) when
    the delivered status has that shape too."""
    delivered = catalog.by_name("DELIVERY_DELIVERED")
    for entry in catalog:
        for shape in shapes_of(entry):
            record = shaped_report(entry, shape, SAMPLE_REQUEST_ID, SAMPLE_NUMBER)
            if record is None:
                continue
            outcome = (_status_in(catalog, entry, shape, record), entry if entry.phase == Phase.REASON else None)
            content_type = REPORT_CONTENT_TYPES[shape]
            for body in report_bodies([record], shape):
                yield ReportAnswer(shape=shape, content_type=content_type, body=body, outcomes=(outcome,))
            other = None if delivered is None else shaped_report(delivered, shape, SAMPLE_REQUEST_ID, "919812345679")
            if other is not None and delivered is not None and shape in (FORM, ARRAY, EVENTS):
                both = (outcome, (delivered, None))
                for body in report_bodies([record, other], shape):
                    yield ReportAnswer(shape=shape, content_type=content_type, body=body, outcomes=both)


def _status_in(catalog: Catalog, entry: Entry, shape: str, record: ShapedReport) -> Entry:
    """The status a report of ``entry`` stands for: the entry, or for a failure reason the status
    its report carries. KeyError when no delivery entry has that status."""
    if entry.phase != Phase.REASON:
        return entry
    text = record.get("status")
    status = None
    if isinstance(text, str):
        status = status_of(catalog, {"status": text}) if shape in RECORD_SHAPES else _status_named(catalog, text)
    if status is None:
        raise KeyError(f"{entry.name}'s {shape} report has status {text!r}, which no delivery entry has")
    return status
