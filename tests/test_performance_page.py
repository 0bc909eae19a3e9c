"""The performance page says which way each limit goes: at most for a cost, at least for a speed
(issue 26, part 6: its "Limit" column mixed the two without a sign)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .docs_hook import load_hook

ROWS = [
    {"benchmark": "diagnose() JSON", "baseline": "json.loads", "target_time": 3.0, "baseline_time": 2.0,
     "unit": "us", "ratio": 1.5, "limit": 1.5, "ok": True},
    {"benchmark": "check --jobs 2", "baseline": "bare loop", "target_time": 4.0, "baseline_time": 2.5,
     "unit": "s", "ratio": 0.62, "limit": 0.5, "ok": True},
    {"benchmark": "trace a day", "baseline": "bare loop", "target_time": 38.0, "baseline_time": 6.3,
     "unit": "s", "ratio": 6.1, "limit": 3.0, "ok": False},
    {"benchmark": "check --format json", "baseline": "bare loop", "target_time": 5.3, "baseline_time": 2.5,
     "unit": "s", "ratio": 0.47, "limit": 0.5, "ok": False},
]  # fmt: skip


def test_each_limit_shows_its_direction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hook = load_hook("performance_page_test")
    results = tmp_path / "results.json"
    machine = {"date": "2026-12-06", "cpu": "x", "cores": 2, "memory_gib": 4, "python": "3.11", "platform": "linux"}
    results.write_text(json.dumps({"machine": machine, "quick": False, "results": ROWS}), encoding="utf-8")
    monkeypatch.setattr(hook, "BENCHMARK_RESULTS", results)
    rows = {line.split("|")[1].strip(): line.split("|")[5].strip() for line in hook.performance_page().splitlines()
            if line.startswith("|") and "---" not in line and "Benchmark" not in line}  # fmt: skip
    assert rows == {
        "diagnose() JSON": "\u2264 1.5",
        "check --jobs 2": "\u2265 0.5",
        "trace a day": "\u2264 3.0",
        "check --format json": "\u2265 0.5",
    }
