"""check reads a log line that is one answer as a LineAnswer, and makes its Item only where the
report shows it: the items are the ones line_items reads, and what the user sees is the same
whichever part of the input (and whichever process) read a line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from diagnose.logs import units
from diagnose.logs.reader import ReadOptions, answer_item, read_unit, read_unit_answers
from diagnose.logs.units import Unit
from diagnose.redaction import holds_authkey

from .cli_runner import run_cli

KEY = "366412AbCdEf7890XyZqRsXY"
SUCCESS = '{"message":"3763646c3058373530393832","type":"success"}'
ERROR_207 = '{"type":"error","message":"Invalid authentication key","code":"207"}'


def _varied_lines() -> list[str]:
    """Answers as records and bare, with ids and times, beside lines that are no answer."""
    return [
        json.dumps({"id": "a1", "body": SUCCESS, "http_status": 200}),
        json.dumps({"id": 7, "body": ERROR_207, "time": "2026-01-01T10:00:00Z"}),
        json.dumps({"body": "code:311", "content_type": "text/plain"}),
        json.dumps({"body": None}),
        json.dumps({"body": 5}),
        json.dumps({"body": {"type": "error", "code": "207"}}),
        json.dumps({"body": "code:311", "http_status": 999}),
        '{"body":"a","body":"b"}',
        json.dumps({"body": "code:311", "type": "error"}),
        json.dumps({"id": "k", "body": f'{{"type":"error","message":"authkey={KEY}","code":"207"}}'}),
        json.dumps({"body": SUCCESS, "request": {"mobiles": "919876543210", "message": "hi"}}),
        ERROR_207,
        "3167686b6e30353231343831",
        "",
        "{not json",
        json.dumps({"body": "x" * 600}),
    ]


@pytest.mark.parametrize(
    "options",
    [ReadOptions(), ReadOptions(reports=True), ReadOptions(max_bytes=300)],
    ids=["answers", "reports", "max-bytes"],
)
def test_a_log_gives_the_same_items_read_as_answers(tmp_path: Path, options: ReadOptions) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(_varied_lines()) + "\n", encoding="utf-8")
    unit = Unit(kind="log", paths=(str(log),))
    items = list(read_unit(unit, options))
    read = list(read_unit_answers(unit, options))
    assert [answer_item(*r) if type(r) is tuple else r for r in read] == items
    assert len(items) > 10
    if options == ReadOptions():
        assert sum(type(r) is tuple for r in read) >= 6  # the answers, their Items not made


def _failing_log(path: Path, lines: int) -> None:
    records = ({"id": f"m{n}", "body": ERROR_207 if n % 3 else SUCCESS, "http_status": 200} for n in range(lines))
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")


@pytest.mark.parametrize("report", ["human", "github", "json"])
def test_the_failures_shown_are_the_first_of_the_whole_log_whichever_part_read_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, report: str
) -> None:
    monkeypatch.setattr(units, "MIN_CHUNK_BYTES", 16 << 10)  # parts of the log, each with over 100 failures
    log = tmp_path / "log.jsonl"
    _failing_log(log, 3000)
    assert len(units.plan([log], chunks_per_log=8)) == 8
    single = run_cli("check", str(log), "--format", report, "--jobs", "1")
    multi = run_cli("check", str(log), "--format", report, "--jobs", "2")
    assert (single.status, single.stdout) == (multi.status, multi.stdout) and single.status == 1
    if report != "human":
        return
    shown = re.findall(rf"^FAIL {re.escape(str(log))}:(\d+): 207 INVALID_AUTHKEY: ", single.stdout, re.MULTILINE)
    assert [int(line) for line in shown] == [n + 1 for n in range(3000) if n % 3][:100]
    assert "... and 1,900 more failures (--format json lists them all)\n" in single.stdout
    assert "checked 3,000 responses from 1 file: 1,000 passed, 2,000 failed\n" in single.stdout
    assert "(past the failures shown)" not in single.stdout


def test_an_authkey_in_a_passing_or_failing_line_is_counted_in_any_case(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    lines = [
        json.dumps({"id": "a", "body": SUCCESS}),
        json.dumps({"id": "b", "body": SUCCESS, "note": f"AUTH-KEY: {KEY}"}),
        json.dumps({"id": "c", "body": ERROR_207}),
        json.dumps({"id": "d", "body": f'{{"type":"error","message":"AuthKey={KEY}","code":"207"}}'}),
        json.dumps({"id": "e", "body": SUCCESS, "http_status": 200}),
    ]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_cli("check", str(log), "--format", "human", "--jobs", "1")
    assert f"2 inputs hold an authkey in clear text (first: {log}:2)" in run.stdout
    assert KEY not in run.stdout


@pytest.mark.parametrize("separator", ["", "_", "-", ".", "\x00", "\x1f", "\x7f", "\xad"])
def test_a_key_name_in_bytes_is_found_in_any_case(separator: str) -> None:
    for name in ("auth", "AUTH", "AuTh"):
        for key in ("key", "KEY", "kEy"):
            line = f'{{"body":"x","{name}{separator}{key}":"{KEY}"}}'.encode("latin-1")
            assert holds_authkey(line), line
    assert not holds_authkey(b'{"body":"Invalid authentication key"}')
