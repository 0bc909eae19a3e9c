"""The shortcut reader of delivery reports gives exactly the general reader's records, whenever
it gives any; and diagnose_report() and a report log read the same with it as without it.

It reads syntax only (the meaning is decided once, by delivery.reports), so agreement of the
records is all there is to check, on the shapes the provider sends and any variant of them:
keys in other spellings or given twice, blank, numeric, listed or missing values, the fields of
an API answer or an event beside a report's, requests nested in ``data`` (as JSON text, or
form-encoded) and request ids that differ."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from diagnose import diagnose_report
from diagnose.delivery import reports as report_module
from diagnose.logs.reader import LineReader, ReadOptions
from diagnose.responses.fast_report import fast_records
from diagnose.responses.report_records import parse_form, records
from diagnose.responses.wire import loads_fields

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
REQUEST_ID = "546b384ce51f8f1e1e8b4567"
_values = st.one_of(
    st.none(),
    st.sampled_from(["1", "2", "9", "16", " 2 ", "", "  ", "DELIVERED", "FAILED", "Submitted", "NDNC", "banana"]),
    st.sampled_from(["Absent Subscriber", "EXP Memexcd", "SMS not Matched with DLT Template.", '["CALL BARRED"]']),
    st.sampled_from(["919812345678", "919812345679", "919812345678,919812345679", '["919812345678"]']),
    st.sampled_from([REQUEST_ID, REQUEST_ID.upper(), "a" * 300, "delivered"]),
    st.integers(-5, 20),
    st.booleans(),
    st.just([]),
    st.just({"a": 1}),
    st.text(max_size=5),
)
_record_keys = st.sampled_from(
    [
        "requestId",
        "RequestId",
        "request_id",
        "reqId",
        "number",
        "Number",
        "mobile",
        "telNum",
        "status",
        "Status",
        "desc",
        "description",
        "failedReason",
        "failureReason",
        "FailedReason",
        "event",
        "type",
        "code",
        "message",
        "date",
        "ctCode",
        "INMSID",
        "ts",
        "data",
        "report",
        "x_y",
    ]
)
_plain_record = st.fixed_dictionaries(
    {"requestId": st.just(REQUEST_ID), "number": st.sampled_from(["919812345678", "919812345679"])},
    optional={
        "status": st.sampled_from(["1", "2", "9", "16", "Failed"]),
        "desc": st.sampled_from(["DELIVERED", "FAILED", "Submitted", "NDNC", "Rejected"]),
        "failedReason": st.sampled_from(["Absent Subscriber", "EXP Memexcd", "Invalid Number"]),
        "date": st.just("2024-03-01 17:45:59"),
    },
)
_records = st.one_of(_plain_record, st.dictionaries(_record_keys, _values, max_size=6))
_requests = st.fixed_dictionaries(
    {
        "report": st.lists(
            st.one_of(_records, _plain_record.map(lambda r: {k: v for k, v in r.items() if k != "requestId"})),
            max_size=3,
        )
    },
    optional={
        "requestId": st.sampled_from([REQUEST_ID, " " + REQUEST_ID, "other", "", "a" * 300]),
        "userId": st.just("38229"),
        "senderId": st.just("SOCKET"),
        "status": st.just("1"),
        "code": st.just("207"),
        "Report": st.just([]),
    },
)
_bodies = st.one_of(
    _records,
    st.lists(_records, max_size=3),
    st.lists(st.one_of(_requests, _records), max_size=3),
)


def _agrees(value: Any) -> list[Any] | None:
    """The shortcut's records, when it gives any, are the general reader's."""
    shortcut = fast_records(value)
    if shortcut is not None:
        assert shortcut == records(value), value
    return shortcut


@given(_bodies)
@example({"requestId": REQUEST_ID, "number": "919812345678", "status": "2", "desc": "FAILED", "failedReason": "x"})
@example({"requestId": REQUEST_ID, "number": "1", "status": "2", "failureReason": "b", "failedReason": "a"})
@example([{"requestId": REQUEST_ID, "report": [{"number": "1", "status": "1", "requestId": REQUEST_ID}]}])
def test_the_shortcut_agrees_with_the_general_reader(body: Any) -> None:
    text = json.dumps(body, separators=(",", ":"))
    _agrees(loads_fields(text))
    _agrees(loads_fields(json.dumps({"data": text})))
    form = parse_form("data=" + quote_plus(text))
    assert form is not None
    _agrees(form)


@given(st.text(alphabet=st.sampled_from(list('{}[]":,\\ datreportnumbesqI1=&%5B')), max_size=60))
@example('{"data":"[]"}')
@example('{"a":1,"a":2}')
def test_any_decoded_text_reads_alike_both_ways(text: str) -> None:
    try:
        value = loads_fields(text)
    except (ValueError, RecursionError):
        value = parse_form(text)
    if value is not None:
        _agrees(value)


@pytest.mark.parametrize(
    "path", ["reports/flat-v2-failed.json", "reports/webhook-data-field.json", "reports/webhook-form.txt"]
)
def test_the_shapes_the_provider_sends_take_the_shortcut(path: str) -> None:
    text = (EXAMPLES / path).read_text(encoding="utf-8").strip()
    value = parse_form(text) if text.startswith("data=") else loads_fields(text)
    assert _agrees(value), path


def test_every_report_of_the_example_journeys_takes_the_shortcut_but_the_odd_ones() -> None:
    lines = (EXAMPLES / "journeys" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    taken = [_agrees(loads_fields(line)) is not None for line in lines if line.strip()]
    assert sum(taken) >= len(taken) // 2


@given(_bodies)
def test_diagnose_report_says_the_same_with_and_without_the_shortcut(body: Any) -> None:
    text = json.dumps(body)
    with_shortcut = [diagnose_report(text), diagnose_report(text.encode()), diagnose_report(body)]
    original = report_module.fast_records
    report_module.fast_records = lambda value: None
    try:
        without = [diagnose_report(text), diagnose_report(text.encode()), diagnose_report(body)]
    finally:
        report_module.fast_records = original
    assert with_shortcut == without
    assert [[str(d) for d in found] for found in with_shortcut] == [[str(d) for d in found] for found in without]


def test_a_report_log_reads_the_same_items_as_each_line_read_as_a_body() -> None:
    """The reader diagnoses a report line it decoded once; it is the line's body read alone."""
    reader = LineReader(ReadOptions(reports=True))
    lines = (EXAMPLES / "journeys" / "reports.jsonl").read_bytes().splitlines(keepends=True)
    for number, line in enumerate(lines, 1):
        items = reader.line_items("reports.jsonl", number, line)
        found = diagnose_report(line.rstrip(b"\r\n")) if line.strip() else []
        assert [item.diagnosis for item in items] == found
