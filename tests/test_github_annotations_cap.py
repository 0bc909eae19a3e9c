"""check --format github annotates the failures GitHub Actions shows (10 error annotations a
step) and writes the next ones, up to the human report's 100, as plain log lines; a notice counts
each kind: none dropped silently by the runner, and a day of 13,333 failures is not 13,333 lines
of a CI log (--format json lists them all)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnose.check.reports import ANNOTATED_ERRORS, HUMAN_FAILURE_LIMIT
from tests.cli_runner import run_cli

ERROR = json.dumps({"type": "error", "message": "IP not whitelisted", "code": "418"})


def _log(tmp_path: Path, failures: int) -> Path:
    log = tmp_path / "answers.jsonl"
    log.write_text("".join(json.dumps({"body": ERROR}) + "\n" for _ in range(failures)), encoding="utf-8")
    return log


def test_failures_past_the_annotations_github_shows_are_plain_lines_and_counted(tmp_path: Path) -> None:
    done = run_cli("check", "--format", "github", "-j", "1", str(_log(tmp_path, 13)))
    lines = done.stdout.splitlines()
    assert done.status == 1
    assert sum(line.startswith("::error ") for line in lines) == ANNOTATED_ERRORS == 10
    plain = [line for line in lines if line.startswith("not annotated: ")]
    assert len(plain) == 3 and all("line=" in line and "418 IP_NOT_WHITELISTED" in line for line in plain)
    assert any(line.startswith("::notice ") and "3 more failures" in line for line in lines)
    assert lines[-1] == "checked 13 responses from 1 file: 0 passed, 13 failed"


def test_ten_failures_are_all_annotated_and_no_notice(tmp_path: Path) -> None:
    lines = run_cli("check", "--format", "github", str(_log(tmp_path, 10))).stdout.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert not any(line.startswith(("not annotated", "::notice")) for line in lines)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_failures_past_the_hundredth_are_counted_not_written(
    tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("diagnose.logs.units.MIN_CHUNK_BYTES", 4096)  # with -j 2: parts of the log, each capped
    log = tmp_path / "answers.jsonl"
    log.write_text(
        "".join(json.dumps({"body": ERROR, "id": f"line-{n}"}) + "\n" for n in range(1, 1001)), encoding="utf-8"
    )
    done = run_cli("check", "--format", "github", "-j", jobs, str(log))
    lines = done.stdout.splitlines()
    assert done.status == 1 and len(lines) == HUMAN_FAILURE_LIMIT + 3 == 103
    shown = [line for line in lines if line.startswith(("::error ", "not annotated: "))]
    assert [int(line.split("line=")[1].split(",")[0]) for line in shown] == list(range(1, 101))
    assert lines[-3].startswith("::notice title=More failures than annotations::90 more failures")
    assert lines[-2] == (
        "::notice title=More failures than shown::900 more failures past the first 100 are counted, "
        "not shown (--format json lists them all)"
    )
    assert lines[-1] == "checked 1,000 responses from 1 file: 0 passed, 1,000 failed"
    everything = run_cli("check", "--format", "json", "-j", jobs, str(log)).stdout
    assert len(json.loads(everything)["failures"]) == 1000
