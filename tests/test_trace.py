"""Each message's journey: trace() joins the answers to send requests to their delivery reports,
and `sms-diagnose trace` tells it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from diagnose import JourneyState, diagnose, diagnose_report, trace
from diagnose.journeys.journey import Submitted
from diagnose.times import unix_seconds as submitted_at

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
IDS = [f"3763646c30583735303938{n:02d}" for n in range(10)]


def ok(request_id: str) -> str:
    return json.dumps({"type": "success", "message": request_id})


def report(request_id: str, number: str = "919812345678", **fields: object) -> str:
    return json.dumps({"requestId": request_id, "number": number, **fields})


def states(journeys: Iterator[object]) -> dict[str | None, tuple[str, str | None]]:
    return {j.request_id: (str(j.state), j.entry.name if j.entry else None) for j in journeys}  # type: ignore[attr-defined]


def test_each_state_and_the_entry_that_explains_it() -> None:
    answers = [
        ok(IDS[0]),
        ok(IDS[1]),
        ok(IDS[2]),
        ok(IDS[3]),
        '{"type":"error","message":"Missing message","code":"102"}',
    ]
    reports = [
        report(IDS[0], status="1", desc="DELIVERED"),
        report(IDS[1], status="2", desc="FAILED", failedReason="CALL BARRED"),
        report(IDS[2], desc="Submitted"),
    ]
    assert states(trace(answers, reports, now=0)) == {
        None: ("rejected", "MISSING_MESSAGE"),
        IDS[0]: ("delivered", None),
        IDS[1]: ("failed", "REASON_CALL_BARRED"),
        IDS[2]: ("pending", "DELIVERY_SUBMITTED"),
        IDS[3]: ("no-report", None),
    }


def test_a_failure_without_a_known_reason_is_explained_by_its_status() -> None:
    [journey] = trace([ok(IDS[0])], [report(IDS[0], status="2", failedReason="handset on fire")])
    assert journey.state is JourneyState.FAILED and journey.entry is not None
    assert journey.entry.name == "DELIVERY_FAILED"


def test_a_final_status_is_not_undone_by_a_later_pending_one_nor_a_failure_by_anything() -> None:
    delivered, pending = report(IDS[0], status="1"), report(IDS[0], desc="Submitted")
    assert states(trace([ok(IDS[0])], [delivered, pending])) == {IDS[0]: ("delivered", None)}
    assert states(trace([ok(IDS[0])], [pending, delivered])) == {IDS[0]: ("delivered", None)}
    failed = report(IDS[0], status="2", failedReason="EXP Memexcd")
    assert states(trace([ok(IDS[0])], [failed, delivered])) == {IDS[0]: ("failed", "REASON_EXP_MEMEXCD")}
    assert states(trace([ok(IDS[0])], [delivered, failed])) == {IDS[0]: ("failed", "REASON_EXP_MEMEXCD")}


def test_one_failed_number_of_a_request_makes_it_failed() -> None:
    reports = [
        report(IDS[0], "919812345671", status="1"),
        report(IDS[0], "919812345672", status="2", desc="ABSENT SUBSCRIBER"),
    ]
    [journey] = trace([ok(IDS[0])], reports)
    assert journey.state is JourneyState.FAILED
    assert journey.entry is not None and journey.entry.name == "REASON_ABSENT_SUBSCRIBER"
    assert len(journey.reports) == 2


def test_reports_whose_answer_was_not_logged_still_tell_their_story() -> None:
    [journey] = trace([], [report(IDS[5], status="1")])
    assert journey.request_id == IDS[5] and journey.state is JourneyState.DELIVERED
    assert journey.submitted is None and journey.where is None


def test_how_long_a_message_has_waited_is_measured_from_its_answers_time() -> None:
    answer = Submitted(diagnose(ok(IDS[0])), "log:1", submitted_at("2026-11-25T10:00:00Z"))
    [journey] = trace([answer], [], now=datetime(2026, 11, 25, 13, 15, tzinfo=UTC))
    assert journey.state is JourneyState.NO_REPORT and journey.waited == 3 * 3600 + 15 * 60
    assert submitted_at(1764064800) == 1764064800.0
    assert submitted_at("2026-11-25T10:00:00") == submitted_at("2026-11-25T10:00:00+00:00")
    assert submitted_at("yesterday") is None and submitted_at(True) is None and submitted_at(float("nan")) is None


def test_without_now_the_wait_is_measured_from_the_clock() -> None:
    """The default, tested on whatever day the suite runs: an answer three hours before the
    clock's now has waited three hours (give or take the ten minutes no test run takes); one
    from the future says so."""
    clock = datetime.now(UTC)
    before = Submitted(diagnose(ok(IDS[0])), "log:1", (clock - timedelta(hours=3)).timestamp())
    later = Submitted(diagnose(ok(IDS[1])), "log:2", (clock + timedelta(hours=3)).timestamp())
    waited = {journey.request_id: journey.waited for journey in trace([before, later], [])}
    assert 3 * 3600 <= (waited[IDS[0]] or 0) < 3 * 3600 + 600
    assert -3 * 3600 <= (waited[IDS[1]] or 0) < -3 * 3600 + 600


def test_a_rejected_request_is_told_before_any_report_is_read() -> None:
    def reports() -> Iterator[str]:
        raise AssertionError("the reports were read before the answers were told")
        yield ""  # pragma: no cover

    journeys = trace(['{"type":"error","message":"Missing message","code":"102"}'], reports())
    first = next(journeys)
    assert first.state is JourneyState.REJECTED


def test_memory_is_held_per_request_id_not_per_report() -> None:
    many_reports = (report(IDS[0], status="2" if n % 2 else "1") for n in range(20_000))
    [journey] = trace([ok(IDS[0])], many_reports)
    assert len(journey.reports) == 1, "one latest report per number, however many arrive"


def test_misuse_is_a_clear_type_or_value_error() -> None:
    with pytest.raises(TypeError, match="answers as Diagnosis"):
        list(trace([42], []))  # type: ignore[list-item]
    with pytest.raises(TypeError, match="reports as Diagnosis"):
        list(trace([], [42]))  # type: ignore[list-item]
    with pytest.raises(ValueError, match="now must be"):
        list(trace([], [], now="noon"))  # type: ignore[arg-type]


def test_a_journey_is_not_json_by_accident() -> None:
    [journey] = trace([ok(IDS[0])], diagnose_report(report(IDS[0], status="1")))
    with pytest.raises(TypeError):
        json.dumps(journey)


# The command.

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


# The red team's findings, each kept.


def test_a_failure_is_not_undone_by_a_delivered_report_of_the_same_or_a_masked_number() -> None:
    failed = report(IDS[0], status="2", failedReason="SMS not Matched with DLT Template.")
    for delivered in (report(IDS[0], status="1"), report(IDS[0], "********5678", status="1")):
        [journey] = trace([ok(IDS[0])], [failed, delivered])
        assert journey.state is JourneyState.FAILED
    masked = [report(IDS[0], "********5678", status="2", desc="FAILED"), report(IDS[0], "********5678", status="1")]
    assert states(trace([ok(IDS[0])], masked)) == {IDS[0]: ("failed", "DELIVERY_FAILED")}


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


def test_one_body_where_many_are_wanted_is_a_type_error_at_the_call() -> None:
    for answers, reports in (([ok(IDS[0])], {"requestId": IDS[0]}), (ok(IDS[0]), []), ([], report(IDS[0]))):
        with pytest.raises(TypeError, match="as an iterable"):
            trace(answers, reports)  # type: ignore[arg-type]
    [journey] = trace([bytearray(ok(IDS[0]).encode())], [memoryview(report(IDS[0], status="1").encode())])
    assert journey.state is JourneyState.DELIVERED


def test_request_ids_join_in_any_case() -> None:
    [journey] = trace([ok(IDS[0])], [report(IDS[0].upper(), status="1")])
    assert journey.state is JourneyState.DELIVERED and journey.request_id == IDS[0]


def test_a_bare_number_that_is_a_request_code_and_a_delivery_status_is_refused() -> None:
    paths = (str(EXAMPLES / "requests.jsonl"), str(EXAMPLES / "reports.jsonl"), "--now", NOW)
    ambiguous = run_cli("trace", *paths, "--allow", "2")
    assert ambiguous.status == 2 and ambiguous.stderr.count("\n") == 1
    assert (
        "both request code 002 (DATABASE_SELECTION_FAILED) and delivery status 2 (DELIVERY_FAILED)" in ambiguous.stderr
    )
    assert run_cli("trace", *paths, "--allow", "delivery/2").status == 1, "the status is allowed, other failures fail"
    assert run_cli("trace", *paths, "--allow", "DATABASE_SELECTION_FAILED").status == 1
