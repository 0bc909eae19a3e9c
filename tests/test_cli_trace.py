"""`sms-diagnose trace`: each message that did not arrive, told and counted, as text or JSON;
check's policy options decide its exit status; misuse is one line and exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnose.times import unix_seconds as submitted_at

from .cli_runner import run_cli
from .journey_logs import IDS, ok, report

ROOT = Path(__file__).resolve().parent.parent


EXAMPLES = ROOT / "examples" / "journeys"
NOW = "2026-11-25T13:15:00Z"


def test_the_command_tells_each_message_that_did_not_arrive_and_counts_them() -> None:
    run = run_cli("trace", str(EXAMPLES / "requests.jsonl"), str(EXAMPLES / "reports.jsonl"), "--now", NOW)
    assert run.status == 1, run.stderr
    lines = run.stdout.splitlines()
    assert any("requests.jsonl:3  -  rejected at submit: 102 MISSING_MESSAGE" in line for line in lines)
    assert any("accepted, then failed: REASON_DLT_TEMPLATE_MISMATCH" in line for line in lines)
    assert any(line.endswith("accepted, no delivery report yet, 3 h 14 min after it was accepted") for line in lines)
    assert "traced 6 messages: 1 rejected, 1 delivered, 2 failed, 1 pending, 1 no report, 0 unrecognised" in lines
    assert "919812345678" not in run.stdout and "********5678" in run.stdout
    assert not any(" failed: accepted, then failed" in line for line in lines), "no doubled word"


def test_json_is_one_record_a_line_per_request_id() -> None:
    run = run_cli("trace", str(EXAMPLES / "requests.jsonl"), str(EXAMPLES / "reports.jsonl"), "--now", NOW, "--json")
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["state"] for r in records] == ["rejected", "failed", "delivered", "no-report", "failed", "pending"]
    failed = records[1]
    assert failed["entry"] == "REASON_DLT_TEMPLATE_MISMATCH"
    assert failed["reports"][0]["failure"] == "REASON_DLT_TEMPLATE_MISMATCH"
    assert failed["reports"][0]["number"] == "********5678"
    assert records[3]["waited_seconds"] == 3 * 3600 + 14 * 60
    assert run.status == 1 and run.stderr.startswith("sms-diagnose: traced 6 messages")


def test_the_policy_options_of_check_decide_the_exit_status() -> None:
    paths = [str(EXAMPLES / "requests.jsonl"), str(EXAMPLES / "reports.jsonl")]
    allow = "MISSING_MESSAGE,REASON_DLT_TEMPLATE_MISMATCH,REASON_EXP_MEMEXCD"
    assert run_cli("trace", *paths, "--allow", allow).status == 0
    assert run_cli("trace", *paths, "--allow", "MISSING_MESSAGE,DELIVERY_FAILED").status == 0
    assert run_cli("trace", *paths, "--fail-on", "critical").status == 0
    assert run_cli("trace", *paths, "--allow", "MISSING_MESSAGE").status == 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["trace", "nope.jsonl", "also-nope.jsonl"], "no such file or folder"),
        (["trace", "-", "-"], "given more than once"),
        (["trace", "a"], "the following arguments are required: REPORTS"),
        (["trace", str(EXAMPLES / "requests.jsonl"), str(EXAMPLES / "reports.jsonl"), "--now", "soon"], "--now"),
    ],
)
def test_misuse_exits_2_with_one_line(args: list[str], says: str) -> None:
    run = run_cli(*args)
    assert run.status == 2 and run.stdout == ""
    assert says in run.stderr and len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr


def test_output_to_a_file_and_an_invalid_line_counted(tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"body": ok(IDS[0])}) + "\nnot json\n")
    reports = tmp_path / "reports.jsonl"
    reports.write_text(report(IDS[0], status="1") + "\n")
    out = tmp_path / "trace.txt"
    run = run_cli("trace", str(answers), str(reports), "-o", str(out))
    assert run.status == 1, "a line that is not a record fails unless --allow-invalid"
    assert "answers.jsonl:2  invalid: not a JSON value" in out.read_text()
    assert "traced 1 message: 0 rejected, 1 delivered, 0 failed" in out.read_text()
    assert "; lines that are not records: 1" in out.read_text()
    assert run_cli("trace", str(answers), str(reports), "--allow-invalid").status == 0


def test_every_failed_number_is_judged_whatever_the_order(tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"body": ok(IDS[0])}) + "\n")
    barred = report(IDS[0], "919812345601", status="2", failedReason="CALL BARRED")
    dlt = report(IDS[0], "919812345602", status="2", failedReason="SMS not Matched with DLT Template.")
    for lines in ([barred, dlt], [dlt, barred]):
        reports = tmp_path / "reports.jsonl"
        reports.write_text("\n".join(lines) + "\n")
        run = run_cli("trace", str(answers), str(reports), "--allow", "REASON_CALL_BARRED")
        assert run.status == 1 and "and 1 other number failed" in run.stdout


def test_a_report_trace_cannot_read_or_join_is_told_and_fails(tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"body": ok(IDS[0])}) + "\n")
    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text(report(IDS[0], status="UNDELIVERED", failedReason="Subscriber unknown") + "\n")
    run = run_cli("trace", str(answers), str(unknown))
    assert run.status == 1 and "accepted, then a report that could not be read" in run.stdout
    assert run_cli("trace", str(answers), str(unknown), "--allow-unrecognised").status == 0
    orphan = tmp_path / "orphan.jsonl"
    orphan.write_text(json.dumps({"number": "919812345678", "status": "2"}) + "\n")
    run = run_cli("trace", str(answers), str(orphan))
    assert run.status == 1 and "reports without a request id: 1" in run.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    run = run_cli("trace", str(answers), str(empty))
    assert run.status == 0 and "held no delivery report" in run.stderr


def test_a_missing_input_with_an_output_file_is_one_masked_line(tmp_path: Path) -> None:
    secret = tmp_path / "authkey=367431AbCdEf0123456789ab-919812345678.jsonl"
    run = run_cli("trace", str(secret), str(secret), "-o", str(tmp_path / "out.txt"))
    assert run.status == 2 and "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1
    assert "367431AbCdEf0123456789ab" not in run.stderr and "919812345678" not in run.stderr


@pytest.mark.parametrize("time", ["NaN", "-inf", "-1e300", "1e20", "\u0663\u0663\u0663"])
def test_an_odd_time_is_no_time(time: str, tmp_path: Path) -> None:
    assert submitted_at(time) is None
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"time": time, "body": ok(IDS[0])}) + "\n")
    reports = tmp_path / "reports.jsonl"
    reports.write_text("\n")
    run = run_cli("trace", str(answers), str(reports), "--json")
    assert run.status == 0, run.stderr
    assert json.loads(run.stdout)["waited_seconds"] is None
    assert run_cli("trace", str(answers), str(reports), "--now", time).status == 2


def test_a_bare_number_that_is_a_request_code_and_a_delivery_status_is_refused() -> None:
    paths = (str(EXAMPLES / "requests.jsonl"), str(EXAMPLES / "reports.jsonl"), "--now", NOW)
    ambiguous = run_cli("trace", *paths, "--allow", "2")
    assert ambiguous.status == 2 and ambiguous.stderr.count("\n") == 1
    assert (
        "both request code 002 (DATABASE_SELECTION_FAILED) and delivery status 2 (DELIVERY_FAILED)" in ambiguous.stderr
    )
    assert run_cli("trace", *paths, "--allow", "delivery/2").status == 1, "the status is allowed, other failures fail"
    assert run_cli("trace", *paths, "--allow", "DATABASE_SELECTION_FAILED").status == 1
