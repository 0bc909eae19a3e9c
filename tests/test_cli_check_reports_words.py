"""check --reports speaks of delivery reports, not responses; its JSON report keeps the schema's
count (summary.responses)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import run_cli

REPORTS = Path(__file__).resolve().parent.parent / "examples" / "reports"


def test_the_summary_counts_delivery_reports() -> None:
    done = run_cli("check", "--reports", str(REPORTS))
    assert done.stdout.splitlines()[-1].startswith("checked 9 delivery reports from 4 files")
    assert "responses" not in done.stdout


def test_the_json_report_keeps_its_schema_key() -> None:
    summary = json.loads(run_cli("check", "--reports", "--format", "json", str(REPORTS)).stdout)["summary"]
    assert summary["responses"] == 9 and "delivery reports" not in summary
