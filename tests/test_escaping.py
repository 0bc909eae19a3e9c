"""Text from a body never reaches a terminal or a CI log unescaped: control characters, lone
surrogates, line and paragraph separators, bidirectional overrides and workflow commands are
escaped in every command's output and every report format, file names included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnose import diagnose, diagnose_report

from .cli_runner import run_cli
from .hostile_corpus import CORPUS
from .shown import assert_printable_lines


def test_a_lone_surrogate_is_shown_escaped_and_every_report_format_keeps_it(tmp_path: Path) -> None:
    body = tmp_path / "surrogate.json"
    body.write_bytes(CORPUS["lone-surrogate"])
    assert "error 999 (not in the catalog): \\ud800" in str(diagnose(body.read_bytes()))
    for report in ("human", "json", "junit", "github"):
        run = run_cli("check", str(body), "--format", report)
        assert run.status == 1 and not run.stderr, (report, run.stderr)
        assert "\\ud800" in run.stdout, report


@pytest.mark.parametrize("name", ["forged-terminal", "forged-fail-line", "lone-carriage-return", "bidi-override"])
def test_control_characters_never_reach_a_terminal_or_a_ci_log(name: str, tmp_path: Path) -> None:
    path = tmp_path / "forged.json"
    path.write_bytes(CORPUS[name])
    runs = [run_cli("parse", str(path)), run_cli("parse", str(path), str(path))]
    runs += [run_cli("check", "--format", f, str(path)) for f in ("human", "github", "junit")]
    for run in runs:
        assert_printable_lines(run.stdout)
        assert not any(line.startswith("FAIL fake.json") for line in run.stdout.splitlines())
    if name == "forged-terminal":
        assert "\\x1b[2J" in runs[0].stdout


def test_github_annotations_escape_every_control_character(tmp_path: Path) -> None:
    path = tmp_path / "forged.json"
    path.write_bytes(CORPUS["forged-terminal"])
    lines = run_cli("check", "--format", "github", str(path)).stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("::error file=") and not lines[1].startswith("::")
    assert "\\x1b" in lines[0] and "%0A" not in lines[0], "the newline is escaped before GitHub's escapes"


def test_a_file_name_cannot_start_a_workflow_command(tmp_path: Path) -> None:
    (tmp_path / "::error::forged.json").write_bytes(CORPUS["forged-terminal"])
    (tmp_path / "ok.json").write_bytes(b'{"type":"success","message":"3763646c3058343736393231"}')
    run = run_cli("parse", str(tmp_path / "::error::forged.json"), str(tmp_path / "ok.json"))
    assert_printable_lines(run.stdout)


@pytest.mark.parametrize("char", ["\u009b", "\u0085", "\u202e", "\u2028", "\u007f"])
def test_json_printed_to_a_terminal_escapes_what_a_terminal_acts_on(char: str, tmp_path: Path) -> None:
    path = tmp_path / f"name{char}.json"
    path.write_text(json.dumps({"type": "error", "message": f"a{char}b", "code": "999"}, ensure_ascii=False))
    for args in (
        ["parse", "--json", str(path)],
        ["parse", "--json", str(path), str(path)],
        ["report", "--json", str(path)],
    ):
        run = run_cli(*args)
        assert char not in run.stdout and f"\\u{ord(char):04x}" in run.stdout
        json.loads(run.stdout)


def test_a_number_field_with_control_characters_is_shown_escaped() -> None:
    (report,) = diagnose_report({"data": {"status": 0, "number": "error\u202e"}})
    assert "(number ****ror\\u202e)" in str(report)
    assert report.to_dict()["number"] == "****ror\\u202e"
    assert report.to_dict(reveal_number=True)["number"] == "error\\u202e"


def test_a_file_name_in_an_error_message_cannot_start_a_line(tmp_path: Path) -> None:
    folder = tmp_path / "fn"
    folder.mkdir()
    (folder / "evil\n::error::x").symlink_to("/proc/self/mem")
    for command in ("check", "parse", "report"):
        run = run_cli(command, str(folder))
        assert run.status == 2 and run.stderr.count("\n") == 1 and "\\x0a::error::x" in run.stderr, run.stderr


def test_the_command_line_prints_lone_surrogates_without_crashing(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xed\xa0\x80 not a message")
    run = run_cli("parse", str(path))
    assert run.status == 0 and "unrecognised" in run.stdout
