"""`sms-diagnose report`: delivery reports read from files or from the webhook receiver's log,
their numbers masked unless asked."""

from __future__ import annotations

import json
from pathlib import Path

from diagnose import diagnose_report

from .channels import post_to_receiver
from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"


def test_cli_report_masks_numbers_by_default() -> None:
    run = run_cli("report", str(REPORTS / "webhook-form.txt"))
    assert run.status == 0
    assert "********0001" in run.stdout and "919812340001" not in run.stdout
    assert "DELIVERY_FAILED" in run.stdout and "Absent subscriber" in run.stdout
    shown = run_cli("report", "--show-numbers", "--json", str(REPORTS / "webhook-form.txt"))
    assert [r["number"] for r in json.loads(shown.stdout)] == ["919812345678", "919812340001", "919812340002"]


ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"


def test_the_receivers_log_reads_back_with_report_and_check_reports(tmp_path: Path) -> None:
    log = tmp_path / "r.jsonl"
    bodies = sorted(REPORTS.iterdir())
    post_to_receiver(log, bodies)
    direct = [(d.entry, d.request_id) for path in bodies for d in diagnose_report(path.read_bytes())]
    names = [entry.name if entry else None for entry, _ in direct]
    report = json.loads(run_cli("report", "--json", str(log)).stdout)
    assert [line["entry"]["name"] for line in report] == names
    assert [line["request_id"] for line in report] == [request_id for _, request_id in direct]
    assert [line["line"] for line in report] == list(range(1, len(names) + 1))
    table = run_cli("report", str(log)).stdout
    assert f"{log}:1" in table and "DELIVERY_DELIVERED" in table
    check = json.loads(run_cli("check", "--reports", "--format", "json", str(log)).stdout)
    assert check["summary"]["responses"] == len(names) and check["summary"]["invalid_lines"] == 0
    assert {row["key"] for row in check["counts"]} == set(names)
