"""trace holds a report line the shortcut reads as each report's request id, number and outcome,
without making its diagnosis (``read_report_outcomes``, ``LineReader.report_outcomes``): what it
holds is always what the diagnoses of that line say, and any other line is read whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from diagnose.delivery.reports import diagnose_read_report, read_report_outcomes
from diagnose.logs.reader import LineReader, ReadOptions
from diagnose.responses.wire import loads_fields

from .test_fast_report import REQUEST_ID, _bodies

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
_READER = LineReader(ReadOptions(reports=True, stdin_is_jsonl=True))


def _said(line: bytes) -> list[Any]:
    """What the items of a line say of each report: its request id, number and outcome."""
    return [
        None if item.diagnosis is None else (item.diagnosis.request_id, item.diagnosis.number, item.diagnosis.outcome)
        for item in _READER.line_items("reports.jsonl", 1, line)
    ]


def _agrees(line: bytes) -> bool:
    """Whether the line came as outcomes; either way, they are what its items say."""
    read = _READER.report_outcomes("reports.jsonl", 1, line)
    if isinstance(read, list):
        assert read == _READER.line_items("reports.jsonl", 1, line)
        return False
    assert read and all(request_id is not None for request_id, _, _ in read)
    assert list(read) == _said(line), line
    return True


@given(_bodies)
@example({"requestId": REQUEST_ID, "number": "919812345678", "status": "2", "desc": "FAILED", "failedReason": "x"})
@example({"number": "919812345678", "status": "1"})
@example({"requestId": REQUEST_ID, "body": "{}", "status": "1"})
def test_the_outcomes_are_the_diagnoses(body: Any) -> None:
    value = loads_fields(json.dumps(body))
    outcomes = read_report_outcomes(value)
    diagnoses = diagnose_read_report(value)
    if diagnoses is None:
        assert outcomes is None
    else:
        assert outcomes == tuple((d.request_id, d.number, d.outcome) for d in diagnoses)
    _agrees(json.dumps(body).encode() + b"\n")


@given(st.binary(max_size=40) | st.sampled_from([b"\xef\xbb\xbf{}", b"[]\n", b"  \n", b'{"a":1,"a":2}']))
def test_any_line_reads_alike(line: bytes) -> None:
    _agrees(line)


def test_the_example_journeys_take_the_outcomes_but_the_odd_lines() -> None:
    lines = (EXAMPLES / "journeys" / "reports.jsonl").read_bytes().splitlines(keepends=True)
    assert all(_agrees(line) for line in lines)
    no_request_id = b'{"number":"919800000000","status":"1","desc":"DELIVERED"}\n'
    a_log_record = b'{"id":"r1","body":"{\\"requestId\\":\\"x\\",\\"status\\":\\"1\\"}"}\n'
    assert not any(_agrees(line) for line in (no_request_id, a_log_record, b"not JSON\n", b"\n"))
