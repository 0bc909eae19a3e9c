"""trace given its inputs the wrong way round says so, in one line, beside what it read."""

from __future__ import annotations

from pathlib import Path

from tests.cli_runner import run_cli

JOURNEYS = Path(__file__).resolve().parent.parent / "examples" / "journeys"
NOW = "2026-11-25T13:15:00Z"


def test_swapped_inputs_are_named_as_swapped() -> None:
    done = run_cli("trace", str(JOURNEYS / "reports.jsonl"), str(JOURNEYS / "requests.jsonl"), "--now", NOW)
    hint = [line for line in done.stderr.splitlines() if "look swapped" in line]
    assert len(hint) == 1 and "the answers come first" in hint[0], done.stderr
    assert "4 delivery reports" in hint[0] and "6 answers to send requests" in hint[0]


def test_inputs_the_right_way_round_get_no_hint() -> None:
    done = run_cli("trace", str(JOURNEYS / "requests.jsonl"), str(JOURNEYS / "reports.jsonl"), "--now", NOW)
    assert "swapped" not in done.stderr and done.status in (0, 1)
