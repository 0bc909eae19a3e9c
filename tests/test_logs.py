"""Reading JSON Lines logs (diagnose/logs): any line becomes items without raising, and a log
split into chunks keeps its line numbers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnose.logs.reader import ReadOptions, read_items


def test_a_split_log_keeps_its_line_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from diagnose.logs import reader as check_input
    from diagnose.logs import units as log_units

    log = tmp_path / "lines.jsonl"
    log.write_text("".join(json.dumps({"id": n, "body": "code: 207"}) + "\n" for n in range(1, 1001)), encoding="utf-8")
    monkeypatch.setattr(log_units, "MIN_CHUNK_BYTES", 1000)
    units = log_units.plan([log], chunks_per_log=7)
    assert len(units) == 7 and units[0].start == 0 and units[-1].end == log.stat().st_size
    items = [item for unit in units for item in check_input.read_unit(unit, check_input.ReadOptions())]
    assert [item.line for item in items] == list(range(1, 1001))
    assert [item.id for item in items] == [str(n) for n in range(1, 1001)]


@given(st.lists(st.binary(max_size=200), max_size=20))
def test_the_check_reader_never_raises_on_arbitrary_lines(lines: list[bytes]) -> None:
    log = b"\n".join(lines)
    for reports in (False, True):
        for item in read_items([None], io.BytesIO(log), ReadOptions(reports, 150, stdin_is_jsonl=True)):
            assert item.diagnosis is not None or item.problem
