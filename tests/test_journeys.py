"""Each message's journey (diagnose/journeys): trace() joins the answers to send requests to their
delivery reports and tells each one's state, the entry that explains it and how long it has
waited. The command is tested in tests/test_cli_trace.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from diagnose import JourneyState, diagnose, diagnose_report, trace
from diagnose.journeys.journey import Submitted
from diagnose.times import unix_seconds as submitted_at

from .journey_logs import IDS, ok, report


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


# The red team's findings, each kept.


def test_a_failure_is_not_undone_by_a_delivered_report_of_the_same_or_a_masked_number() -> None:
    failed = report(IDS[0], status="2", failedReason="SMS not Matched with DLT Template.")
    for delivered in (report(IDS[0], status="1"), report(IDS[0], "********5678", status="1")):
        [journey] = trace([ok(IDS[0])], [failed, delivered])
        assert journey.state is JourneyState.FAILED
    masked = [report(IDS[0], "********5678", status="2", desc="FAILED"), report(IDS[0], "********5678", status="1")]
    assert states(trace([ok(IDS[0])], masked)) == {IDS[0]: ("failed", "DELIVERY_FAILED")}


def test_one_body_where_many_are_wanted_is_a_type_error_at_the_call() -> None:
    for answers, reports in (([ok(IDS[0])], {"requestId": IDS[0]}), (ok(IDS[0]), []), ([], report(IDS[0]))):
        with pytest.raises(TypeError, match="as an iterable"):
            trace(answers, reports)  # type: ignore[arg-type]
    [journey] = trace([bytearray(ok(IDS[0]).encode())], [memoryview(report(IDS[0], status="1").encode())])
    assert journey.state is JourneyState.DELIVERED


def test_request_ids_join_in_any_case() -> None:
    [journey] = trace([ok(IDS[0])], [report(IDS[0].upper(), status="1")])
    assert journey.state is JourneyState.DELIVERED and journey.request_id == IDS[0]
