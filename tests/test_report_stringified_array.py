"""A number field holding a stringified JSON list of numbers (``telNum`` of the newer webhook,
"Webhook (New)": "The value of a few parameters is a stringified JSON array") gives one report
per number, by diagnose_report(), by the command's report and by a report log alike; the
shortcut reader and the general reader still agree on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from hypothesis import given
from hypothesis import strategies as st

from diagnose import Outcome, diagnose_report
from diagnose.responses.fast_report import fast_records
from diagnose.responses.report_records import records
from diagnose.responses.wire import loads_fields

from .cli_runner import run_cli

REQUEST_ID = "3763646c3058373530393832"
FIRST, SECOND = "919812345601", "919812345602"
NEW_WEBHOOK = {
    "requestId": REQUEST_ID,
    "telNum": json.dumps([FIRST, SECOND]),
    "status": "2",
    "failureReason": "CALL BARRED",
    "senderId": "ABCDEF",
}


def test_each_number_of_the_list_gets_its_own_report() -> None:
    failed = diagnose_report(json.dumps(NEW_WEBHOOK))
    assert [report.number for report in failed] == [FIRST, SECOND]
    for report in failed:
        assert report.outcome is Outcome.ERROR and report.entry is not None
        assert report.entry.name == "DELIVERY_FAILED" and report.request_id == REQUEST_ID
        assert report.failure is not None and report.failure.name == "REASON_CALL_BARRED"
        assert '"]' not in str(report) and "********56" in str(report)


def test_each_report_keeps_its_own_number_and_reads_back_to_itself() -> None:
    for report in diagnose_report(json.dumps(NEW_WEBHOOK)):
        assert json.loads(report.raw)["telNum"] == report.number
        assert diagnose_report(report.raw) == [report]


def test_a_number_listed_twice_is_one_report() -> None:
    body = {"requestId": REQUEST_ID, "telNum": json.dumps([FIRST, FIRST, SECOND]), "status": "1"}
    reports = diagnose_report(json.dumps(body))
    assert [r.number for r in reports] == [FIRST, SECOND]
    assert all(r.entry is not None and r.entry.name == "DELIVERY_DELIVERED" for r in reports)


def test_the_list_in_every_envelope_and_every_number_field() -> None:
    record = {"number": json.dumps([FIRST, SECOND]), "status": "1", "desc": "DELIVERED"}
    v2 = json.dumps([{"requestId": REQUEST_ID, "report": [record]}])
    for body in (v2, json.dumps({"data": v2}), "data=" + quote_plus(v2)):
        assert [r.number for r in diagnose_report(body)] == [FIRST, SECOND], body
    for key in ("mobile", "msisdn", "TelNum"):
        body = json.dumps({"requestId": REQUEST_ID, key: json.dumps([FIRST, SECOND]), "status": "1"})
        assert [r.number for r in diagnose_report(body)] == [FIRST, SECOND], key


def test_what_still_says_two_things_is_no_confident_status() -> None:
    other = {**NEW_WEBHOOK, "number": "919812345609"}  # another number field says otherwise
    commas = {**NEW_WEBHOOK, "telNum": f"{FIRST},{SECOND}"}  # not the stringified list the provider writes
    empty = {**NEW_WEBHOOK, "telNum": "[]"}
    for body in (other, commas, empty):
        reports = diagnose_report(json.dumps(body))
        assert reports and all(r.outcome is Outcome.UNRECOGNISED and r.entry is None for r in reports), body
    [unread] = diagnose_report(json.dumps(empty))
    assert unread.reason is not None and "empty list" in unread.reason


def test_a_list_too_long_to_copy_for_each_number_is_not_read_one_by_one() -> None:
    numbers = [str(919800000000 + i) for i in range(3000)]
    body = {**NEW_WEBHOOK, "telNum": json.dumps(numbers), **{f"field{i}": "x" for i in range(100)}}
    [report] = diagnose_report(json.dumps(body))
    assert report.outcome is Outcome.UNRECOGNISED and report.reason is not None and "3000 numbers" in report.reason


def test_the_command_reports_one_row_per_number_masked(tmp_path: Path) -> None:
    body = tmp_path / "new-webhook.json"
    body.write_text(json.dumps(NEW_WEBHOOK), encoding="utf-8")
    done = run_cli("report", str(body))
    rows = [line for line in done.stdout.splitlines() if "DELIVERY_FAILED" in line]
    assert len(rows) == 2 and "********5601" in rows[0] and "********5602" in rows[1], done.stdout
    assert FIRST not in done.stdout and '"]' not in done.stdout
    log = tmp_path / "reports.jsonl"
    log.write_text(json.dumps({"body": json.dumps(NEW_WEBHOOK)}) + "\n", encoding="utf-8")
    as_json = json.loads(run_cli("report", "--json", str(log)).stdout)
    assert [(item["line"], item["number"], item["entry"]["name"]) for item in as_json] == [
        (1, "********5601", "DELIVERY_FAILED"),
        (1, "********5602", "DELIVERY_FAILED"),
    ]


_numbers = st.lists(st.sampled_from([FIRST, SECOND, "919812345603", " 9198 ", ""]), max_size=4)
_bodies = st.builds(
    lambda numbers, status, key: {"requestId": REQUEST_ID, key: json.dumps(numbers), "status": status},
    _numbers,
    st.sampled_from(["1", "2", "DELIVERED", ""]),
    st.sampled_from(["telNum", "number", "mobile"]),
)


@given(st.one_of(_bodies, st.lists(_bodies, min_size=1, max_size=3)))
def test_the_shortcut_and_the_general_reader_agree_on_listed_numbers(body: Any) -> None:
    value = loads_fields(json.dumps(body))
    shortcut = fast_records(value)
    assert shortcut is None or shortcut == records(value)
