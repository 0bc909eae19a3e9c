"""The tables of hand-written pages that describe code are made from it by the docs hook (a
marker in the page), so that a format added to the code is in the docs without an edit."""

from __future__ import annotations

from pathlib import Path

from diagnose.check.reports import REPORTS
from diagnose.vocabulary import DEFAULT_REPORT, ReportFormat

from .docs_hook import load_hook

ROOT = Path(__file__).resolve().parent.parent


def test_the_format_table_has_one_row_per_report_format_with_its_reader() -> None:
    rows = load_hook().report_formats_table().splitlines()[2:]
    assert [row.split("|")[1].strip().split()[0] for row in rows] == [f"`{name}`" for name in ReportFormat]
    for row, name in zip(rows, ReportFormat, strict=True):
        assert f"| {REPORTS[name].reader}: " in row
        assert ("(default)" in row) == (name is DEFAULT_REPORT)


def test_the_ci_page_holds_the_marker_not_a_hand_written_table() -> None:
    page = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    hook = load_hook()
    assert page.count("<!-- generated: check --format -->") == 1
    assert "| `junit` |" not in page
    made = hook.on_page_markdown(page, None, None, None)
    assert "<!-- generated" not in made and "| `junit` (default)" not in made and "| `junit` | " in made
