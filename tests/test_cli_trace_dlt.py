"""`sms-diagnose trace --templates FILE`: of the DLT failures the delivery reports show, how
many the DLT rules predicted from the requests logged beside their answers, how many they
missed, and how many they predicted of messages that were delivered."""

from __future__ import annotations

import json
from pathlib import Path

from diagnose import trace
from diagnose.journeys.journey import Submitted
from diagnose.journeys.render import DltTally
from diagnose.outgoing.templates import load_templates
from diagnose.responses.pipeline import diagnose

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = ROOT / "examples" / "journeys" / "dlt-requests.jsonl"
REPORTS = ROOT / "examples" / "journeys" / "dlt-reports.jsonl"
EXPORT = ROOT / "examples" / "outgoing" / "dlt-templates.csv"
NOW = "2026-11-25T12:00:00Z"


def test_a_run_says_how_many_dlt_failures_were_predicted_and_missed() -> None:
    run = run_cli("trace", str(REQUESTS), str(REPORTS), "--templates", str(EXPORT), "--now", NOW)
    assert run.status == 1 and run.stderr == ""
    assert run.stdout.rstrip().endswith(
        "DLT failures in the reports: 3, predicted before sending: 2, missed: 1; predicted to fail but delivered: 1"
    )


def test_the_lenient_reading_predicts_no_failure_of_the_message_that_was_delivered() -> None:
    run = run_cli("trace", str(REQUESTS), str(REPORTS), "--templates", str(EXPORT), "--dlt-match", "lenient")
    assert "predicted before sending: 2, missed: 1; predicted to fail but delivered: 0" in run.stdout


def test_without_templates_a_run_says_nothing_of_dlt() -> None:
    run = run_cli("trace", str(REQUESTS), str(REPORTS), "--now", NOW)
    assert run.status == 1 and "DLT failures" not in run.stdout


def test_a_templates_file_that_cannot_be_read_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nx\n", encoding="utf-8")
    run = run_cli("trace", str(REQUESTS), str(REPORTS), "--templates", str(bad))
    assert run.status == 2 and "bad.csv: line 1: no column for template id" in run.stderr
    assert run.stderr.count("\n") == 1 and run.stdout == ""
    alone = run_cli("trace", str(REQUESTS), str(REPORTS), "--dlt-variable-length", "40")
    assert alone.status == 2 and "need --templates FILE" in alone.stderr


def test_a_journey_holds_what_was_predicted_of_its_request() -> None:
    from diagnose import preflight

    lines = [json.loads(line) for line in REQUESTS.read_text(encoding="utf-8").splitlines()]
    templates = load_templates(str(EXPORT))
    submits = [
        Submitted(diagnosis=diagnose(line["body"]), predicted=tuple(preflight(line["request"], templates=templates)))
        for line in lines
    ]
    reports = [json.loads(line) for line in REPORTS.read_text(encoding="utf-8").splitlines()]
    journeys = list(trace(submits, reports))
    tally = DltTally()
    for journey in journeys:
        tally.add(journey)
    assert tally.to_dict() == {"failed": 3, "predicted": 2, "missed": 1, "predicted_but_delivered": 1}
    assert [len(journey.predicted) for journey in journeys] == [0, 1, 1, 1, 0]


def test_the_before_sending_page_shows_what_trace_says() -> None:
    page = (ROOT / "docs" / "before-sending.md").read_text(encoding="utf-8")
    shown = next(line for line in page.splitlines() if line.startswith("DLT failures in the reports: "))
    run = run_cli(
        "trace",
        "examples/journeys/dlt-requests.jsonl",
        "examples/journeys/dlt-reports.jsonl",
        "--templates",
        "examples/outgoing/dlt-templates.csv",
        cwd=ROOT,
    )
    assert shown in run.stdout.splitlines()
