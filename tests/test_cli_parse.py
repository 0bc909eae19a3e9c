"""`sms-diagnose parse`: a body or a folder of them, from files or standard input, told as a
diagnosis, a table or JSON; bad input is one line and exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent


def test_parse_stdin_prints_the_diagnosis() -> None:
    run = run_cli("parse", "-", stdin=b'{"type":"error","message":"Missing Authentication Key","code":"106"}')
    assert run.status == 0
    lines = run.stdout.splitlines()
    assert lines[0].startswith("106 MISSING_AUTHKEY: Missing authentication key \u2014 ")
    assert "more: sms-diagnose explain 106" in run.stdout


def test_parse_json_of_a_file() -> None:
    run = run_cli("parse", str(ROOT / "examples" / "responses" / "duplicate-within-10s.txt"), "--json")
    data = json.loads(run.stdout)
    assert data["code"] == "311" and data["entry"]["severity"] == "info"


def test_parse_unrecognised_shows_reason_and_body() -> None:
    run = run_cli("parse", "-", stdin=b"<root>text</root>")
    assert run.status == 0
    assert "unrecognised: XML element <root> carries no fields" in run.stdout
    assert "body: '<root>text</root>'" in run.stdout


def test_parse_a_gateway_page_names_the_transport_failure() -> None:
    run = run_cli("parse", "-", "--http-status", "502", stdin=b"<html><body>Bad Gateway</body></html>")
    assert run.stdout.startswith("TRANSPORT_SERVER_ERROR: ")
    assert "more: sms-diagnose explain TRANSPORT_SERVER_ERROR" in run.stdout


def test_parse_a_folder_prints_a_table_of_every_sample() -> None:
    run = run_cli("parse", str(ROOT / "examples" / "responses"))
    assert run.status == 0
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["FILE", "OUTCOME", "CODE", "NAME", "SEVERITY", "MEANING"]
    samples = sorted(p for p in (ROOT / "examples" / "responses").iterdir() if p.is_file())
    assert len(lines) == 2 + len(samples)
    row = next(line for line in lines if "missing-mobile-v2.xml" in line)
    assert row.split()[1:4] == ["error", "101", "MISSING_MOBILE_NUMBER"]


def test_parse_http_status_and_forced_format() -> None:
    run = run_cli(
        "parse", "-", "--http-status", "401", "--body-format", "json", "--json", stdin=b"Authentication failure"
    )
    data = json.loads(run.stdout)
    assert data["http_status"] == 401 and data["outcome"] == "unrecognised"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("parse", "no/such/file.json"), "sms-diagnose: error: no/such/file.json: no such file or folder"),
        (
            ("parse", "--http-status", "42", "-"),
            "sms-diagnose: error: --http-status must be between 100 and 599, not 42",
        ),
        (
            ("parse", "--http-status", "300000000", "-"),
            "sms-diagnose: error: --http-status must be between 100 and 599, not 300,000,000",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    run = run_cli(*args)
    assert run.status == 2
    assert run.stderr.strip() == message
    assert "Traceback" not in run.stderr


def test_invalid_bytes_are_printed_without_crashing() -> None:
    run = run_cli("parse", "-", stdin=b"\xff\xfe\xfa not utf-8")
    assert run.status == 0 and "unrecognised" in run.stdout


def test_parse_reads_no_more_than_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b'{"type":"error","code":"207","pad":"' + b"x" * (3 << 20) + b'"}')
    data = json.loads(run_cli("parse", str(big), "--json").stdout)
    assert data["outcome"] == "unrecognised" and data["reason"].startswith("too large")
    assert data["raw"] == '{"type":"error","code":"207","pad":"', "the start, without the word too long to keep whole"


def test_parse_an_empty_folder_is_an_input_error(tmp_path: Path) -> None:
    run = run_cli("parse", str(tmp_path))
    assert run.status == 2 and run.stderr.strip() == f"sms-diagnose: error: {tmp_path}: no files to read"


def test_long_file_names_are_never_cut_in_the_table(tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "responses"
    deep.mkdir(parents=True)
    (deep / "missing-mobile-v2.xml").write_bytes(
        (ROOT / "examples" / "responses" / "missing-mobile-v2.xml").read_bytes()
    )
    run = run_cli("parse", str(deep), str(deep / "missing-mobile-v2.xml"))
    assert f"{deep / 'missing-mobile-v2.xml'}  " in run.stdout


ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"


def test_a_truncated_body_says_at_once(tmp_path: Path) -> None:
    run = run_cli("parse", str(ROOT / "examples" / "responses" / "truncated.json"))
    assert "Unterminated string starting at line 1 column 27" in run.stdout and "at at" not in run.stdout


def test_json_lines_in_a_file_of_another_name_get_a_hint(tmp_path: Path) -> None:
    log = tmp_path / "traffic.log"
    log.write_text('{"type":"error","code":"207"}\n{"type":"error","code":"418"}\n')
    assert "name it .jsonl" in run_cli("check", str(log)).stdout


def test_parse_reads_a_json_lines_log_line_by_line_as_check_and_report_do(tmp_path: Path) -> None:
    log = tmp_path / "traffic.jsonl"
    log.write_text(
        '{"type":"error","code":"207"}\nnot json\n{"body":"{\\"type\\":\\"error\\",\\"code\\":\\"418\\"}"}\n'
    )
    rows = json.loads(run_cli("parse", "--json", str(log)).stdout)
    assert [row["file"] for row in rows] == [f"{log}:1", f"{log}:2", f"{log}:3"]
    names = [row["entry"]["name"] if row.get("entry") else row["outcome"] for row in rows]
    assert names == ["INVALID_AUTHKEY", "invalid", "IP_NOT_WHITELISTED"]
    piped = run_cli("parse", "--jsonl", "-", stdin=log.read_bytes()).stdout
    assert "<stdin>:3" in piped and "IP_NOT_WHITELISTED" in piped
    reports = run_cli(
        "report", "--jsonl", "-", stdin=(REPORTS / "flat-v2-failed.json").read_bytes().replace(b"\n", b" ")
    )
    assert "DELIVERY_FAILED" in reports.stdout
