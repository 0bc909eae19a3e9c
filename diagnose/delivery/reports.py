"""diagnose_report(): a delivery-report webhook body in, one Diagnosis per number out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..arguments import MISUSE, ArgumentTypeError, check_content_type
from ..catalog.model import DELIVERY_PHASE, REASON_PHASE, Catalog, Entry, load_catalog
from ..diagnosis import Diagnosis
from ..limits import check_max_bytes, cut_whole
from ..responses.decode import TooLarge, body_text, media_type
from ..responses.fast_report import Said, fast_fields, fast_records
from ..responses.pipeline import internal_error
from ..responses.read import Envelope, read
from ..responses.report_records import ReportRecord, flat_record, parse_form, records
from ..responses.wire import dump_value, loads_fields
from ..vocabulary import Format, Outcome

FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"


def diagnose_report(
    raw: bytes | bytearray | memoryview | str | Mapping[str, Any] | list[Any],
    *,
    content_type: str | None = None,
    max_bytes: int | None = None,
) -> list[Diagnosis]:
    """Diagnose a delivery-report webhook body: one Diagnosis per number it reports.

    ``raw`` is the body as bytes or str (form-encoded ``data=...`` or JSON) or the decoded JSON.
    A body that holds no delivery report gives a single ``unrecognised`` diagnosis saying why.
    Never raises for any bytes or str; raises TypeError for other input.
    """
    try:
        return diagnose_report_unguarded(raw, content_type=content_type, max_bytes=max_bytes)
    except MISUSE:
        raise
    except Exception as exc:  # the last-resort boundary: a bug on some body must not reach the caller
        return [internal_error(raw, exc, max_bytes)]


def diagnose_report_unguarded(
    raw: bytes | bytearray | memoryview | str | Mapping[str, Any] | list[Any],
    *,
    content_type: str | None = None,
    max_bytes: int | None = None,
    catalog: Catalog | None = None,
) -> list[Diagnosis]:
    """``diagnose_report()`` without its last-resort boundary, for the fuzz tests; ``catalog``
    is the catalog the statuses are looked up in (the catalog gate passes the one it checks)."""
    catalog = catalog or load_catalog()
    check_content_type(content_type)
    limit = check_max_bytes(max_bytes)
    if isinstance(raw, (Mapping, list)):
        return _diagnose_value(raw, None, Format.JSON, catalog)
    if not isinstance(raw, (bytes, bytearray, memoryview, str)):
        raise ArgumentTypeError(
            f"diagnose_report() takes bytes, str or a decoded JSON value (dict or list); got {type(raw).__name__}"
        )
    text = body_text(raw, content_type, limit)
    if isinstance(text, TooLarge):
        return [_not_a_report(text.kept, text.reason)]
    form_data = parse_form(text) if media_type(content_type) in (None, FORM_MEDIA_TYPE) else None
    if form_data is not None:
        return _diagnose_value(form_data, text, Format.FORM, catalog)
    try:
        value = loads_fields(text)
    except (ValueError, RecursionError):
        return [_not_a_report(text, _what_it_is(text))]
    return _diagnose_value(value, text, Format.JSON, catalog)


def _diagnose_value(value: Any, raw: str | None, fmt: Format, catalog: Catalog) -> list[Diagnosis]:
    """The diagnoses of a decoded body; ``raw`` is its text, None for a value given decoded (its
    text is made only when it holds no report, the one case that keeps the whole body)."""
    found = fast_records(value)
    if found is None:
        found = records(value)
    if not found:
        text = dump_value(value) if raw is None else raw
        return [_not_a_report(text, _what_it_is(text))]
    return [_diagnose_record(record, fmt, catalog) for record in found]


def diagnose_read_report(value: Any, catalog: Catalog | None = None) -> list[Diagnosis] | None:
    """The diagnoses of a decoded JSON body that the shortcut reader reads (``fast_records``),
    as ``diagnose_report`` gives them for its text; None for any other body, which only
    ``diagnose_report`` of its text reads (it says why a body is not a report, from its text)."""
    found = fast_records(value)
    if found is None:
        return None
    catalog = catalog or load_catalog()
    return [_diagnose_record(record, Format.JSON, catalog) for record in found]


Decision = tuple[Outcome, str | None, str | None, Entry | None, str | None, Entry | None]
"""What a record's status, description, event and failure reason mean: its outcome, code,
message, entry, reason and failure entry."""
_decided: dict[tuple[Any, ...], Decision] = {}
_MAX_DECIDED = 4096
"""How many decisions are remembered: a day's reports say a few dozen things, over and over."""


def read_report_outcomes(value: Any, catalog: Catalog | None = None) -> tuple[ReportOutcome, ...] | None:
    """What a join needs of ``diagnose_read_report(value)``: each diagnosis's request id,
    number and outcome, from the same records and the same decision, with no Diagnosis made;
    None where it gives None."""
    found = fast_fields(value)
    if found is None:
        return None
    catalog = catalog or load_catalog()
    if len(found) == 1:  # _outcome, written out for a line's one report
        said = found[0]
        decision = _decided.get((catalog, said[2], said[3], None, said[4], None))
        return ((said[0], said[1], (decision or _decision(flat_record(*said), catalog))[0]),)
    return tuple([(said[0], said[1], _outcome(said, catalog)) for said in found])


def _outcome(said: Said, catalog: Catalog) -> Outcome:
    """``_decision(flat_record(*said), catalog)``'s outcome, the record made only for a decision not kept."""
    decision = _decided.get((catalog, said[2], said[3], None, said[4], None))  # a flat record's key
    if decision is None:
        decision = _decision(flat_record(*said), catalog)
    return decision[0]


ReportOutcome = tuple["str | None", "str | None", Outcome]
"""A report's request id, number and outcome: its diagnosis's."""


def _decision(record: ReportRecord, catalog: Catalog) -> Decision:
    key = (catalog, record.status, record.description, record.event, record.failure_reason, record.contradiction)
    decision = _decided.get(key)
    if decision is None:
        decision = _decide(catalog, record)
        if len(_decided) >= _MAX_DECIDED:
            _decided.clear()
        _decided[key] = decision
    return decision


def _diagnose_record(record: ReportRecord, fmt: Format, catalog: Catalog) -> Diagnosis:
    outcome, code, message, entry, reason, failure = _decision(record, catalog)
    return Diagnosis(
        outcome=outcome,
        raw=dump_value(record.fields),
        format=fmt,
        code=code,
        request_id=record.request_id,
        entry=entry,
        message=message,
        reason=reason,
        number=record.number,
        failure_reason=record.failure_reason,
        failure=failure,
    )


def _decide(catalog: Catalog, record: ReportRecord) -> Decision:
    """The meaning of a record: from its status, description, event and failure reason only."""
    status = None if record.contradiction else record.status
    numeric = status if status is not None and status.isdigit() else None
    text = record.description or (status if numeric is None else None) or record.event
    said = _statuses(catalog, record)
    # A numeric status decides alone (an unknown one stays unknown); else the first field the catalog knows.
    entry = said.get("status") if numeric else next(iter(said.values()), None)
    failure = _failure(catalog, record, entry)
    if entry is None and failure is not None and status is None:
        entry = failure  # no status, but a reason that says why it failed
    reason = record.contradiction or _disagreement(catalog, record, said, entry)
    if reason is not None:
        entry = failure = None
    elif entry is None:
        reason = (
            f"delivery status {status} is not in the catalog"
            if numeric
            else f"delivery description {_quoted(text)} is not in the catalog"
        )
    outcome = (entry.outcome or Outcome.UNRECOGNISED) if entry else Outcome.UNRECOGNISED
    return outcome, status, text, entry, reason, failure


def _statuses(catalog: Catalog, record: ReportRecord) -> dict[str, Entry]:
    """The delivery status each of a record's fields names, in the order they are read: its
    status (a number or a word), its description, its event."""
    said = {}
    for name, text in (("status", record.status), ("description", record.description), ("event", record.event)):
        found = (
            (catalog.by_code(text, DELIVERY_PHASE) if text.isdigit() else catalog.by_text(text, (DELIVERY_PHASE,)))
            if text
            else None
        )
        if found is not None:
            said[name] = found
    return said


def _disagreement(catalog: Catalog, record: ReportRecord, said: dict[str, Entry], entry: Entry | None) -> str | None:
    """Why a record contradicts itself: its fields name statuses of different outcomes, or a
    delivered message's description is a reason for a failure."""
    outcomes = {found.outcome: name for name, found in said.items()}
    if len(outcomes) > 1:
        return f"its {' and '.join(sorted(outcomes.values()))} name different outcomes: the report contradicts itself"
    if entry is not None and entry.outcome is Outcome.SUCCESS:
        text = record.description
        if text and "description" not in said and catalog.by_text(text, (REASON_PHASE,)) is not None:
            return "it says delivered, but its description is a reason for a failure: the report contradicts itself"
        reason = record.failure_reason
        if reason and catalog.by_text(reason, (REASON_PHASE,)) is not None:
            return "it says delivered, but it carries a reason for a failure: the report contradicts itself"
    return None


def _failure(catalog: Catalog, record: ReportRecord, status: Entry | None) -> Entry | None:
    """The failure-reason entry of a record: its failure reason's, else its description's when
    that is a reason rather than a status. None for a delivered or pending message."""
    if status is not None and status.outcome is not Outcome.ERROR:
        return None
    if record.failure_reason:
        return catalog.by_text(record.failure_reason, (REASON_PHASE,))
    if record.description and catalog.by_text(record.description, (DELIVERY_PHASE,)) is None:
        return catalog.by_text(record.description, (REASON_PHASE,))
    return None


def _quoted(text: str | None, limit: int = 200) -> str:
    return repr(text) if text is None or len(text) <= limit else repr(cut_whole(text, limit)) + "\u2026"


ANSWER_NOT_REPORT = (
    "an answer to an API call, not a delivery report: read it with diagnose() (on the command line: parse, or check)"
)


def _what_it_is(raw: str) -> str:
    reading = read(raw)
    if isinstance(reading, Envelope) and (reading.type or reading.code):
        return ANSWER_NOT_REPORT
    return "not a delivery report: no record with a number and a status, description or event"


def _not_a_report(raw: str, reason: str) -> Diagnosis:
    return Diagnosis.unrecognised(raw, reason)
