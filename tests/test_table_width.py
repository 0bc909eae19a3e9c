"""Tables fit the width they are given: the terminal's, or COLUMNS even when piped (issue 26)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent

TABLES = [
    ["list"],
    ["parse", "examples/responses"],
    ["report", "examples/reports"],
]


@pytest.mark.parametrize("columns", [60, 80, 100])
@pytest.mark.parametrize("args", TABLES, ids=" ".join)
def test_a_table_fits_the_columns_it_is_given_when_piped(
    args: list[str], columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    run = run_cli(*args, cwd=ROOT)
    lines = run.stdout.splitlines()
    assert run.status in (0, 1) and len(lines) > 3
    assert max(len(line) for line in lines) <= columns


def test_a_narrow_list_leaves_out_category_and_retry_but_keeps_code_name_and_title(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    header = run_cli("list").stdout.splitlines()[0].split()
    assert header == ["CODE", "NAME", "TITLE"]
    monkeypatch.setenv("COLUMNS", "200")
    assert run_cli("list").stdout.splitlines()[0].split() == ["CODE", "NAME", "CATEGORY", "SEVERITY", "RETRY", "TITLE"]


def test_a_table_too_wide_for_its_columns_shows_each_row_as_a_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    lines = run_cli("report", "examples/reports/flat-v2-failed.json", cwd=ROOT).stdout.splitlines()
    assert lines[0].startswith("-[ 1 ]-")
    fields = dict(line.split(None, 1) for line in lines[1:] if not line.startswith("REQUEST ID"))
    assert fields["FILE"] == "examples/reports/flat-v2-failed.json"
    assert fields["NAME"] == "DELIVERY_FAILED" and fields["REASON"] == "REASON_ABSENT_SUBSCRIBER"
    assert fields["NUMBER"].startswith("*") and "0001" in fields["NUMBER"]


def test_without_columns_a_piped_table_keeps_its_full_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    header = run_cli("list").stdout.splitlines()[0]
    assert header.split() == ["CODE", "NAME", "CATEGORY", "SEVERITY", "RETRY", "TITLE"]


def test_a_block_cuts_its_free_text_at_a_space_to_the_width() -> None:
    from diagnose.cli.render import table

    words = " ".join(f"word{i}" for i in range(40))
    text = table(["FILE", "MEANING"], [["f" * 70, words]], 60)
    lines = text.splitlines()
    assert lines[1] == "FILE     " + "f" * 70  # a file name is never cut, even past the width
    assert lines[2].startswith("MEANING  word0 word1") and lines[2].endswith("\u2026") and len(lines[2]) <= 60
