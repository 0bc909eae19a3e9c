"""check --format github annotates the failures GitHub Actions shows (10 error annotations a
step) and writes the others as plain log lines, counted by a notice: none is lost, none dropped
silently by the runner."""

from __future__ import annotations

import json
from pathlib import Path

from diagnose.check.reports import ANNOTATED_ERRORS
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
