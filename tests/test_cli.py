"""The sms-diagnose command, run for real."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnose import entries, lookup
from diagnose.cli.main import quick_explain
from diagnose.cli.parser import build_parser
from diagnose.gate import load_schema

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent


def test_explain_prints_every_part_of_the_entry() -> None:
    run = run_cli("explain", "207")
    assert run.status == 0 and run.stderr == ""
    entry = lookup("207")
    assert entry is not None
    assert run.stdout.startswith("207 INVALID_AUTHKEY \u2014 Invalid authentication key\n")
    for heading in ("Cause", "What to do", "Examples", "Texts that identify it", "Related", "Sources", "Docs: "):
        assert heading in run.stdout
    assert "  1. Create a new authkey" in run.stdout
    assert entry.docs_url in run.stdout
    assert "guides/authkey/" in run.stdout


@pytest.mark.parametrize("key", ["INVALID_AUTHKEY", "invalid_authkey", "invalid-authkey"])
def test_explain_accepts_names(key: str) -> None:
    assert run_cli("explain", key).stdout.startswith("207 INVALID_AUTHKEY")


def test_explain_json_is_the_entry() -> None:
    run = run_cli("explain", "AUTHENTICATION_FAILURE", "--json")
    assert run.status == 0
    data = json.loads(run.stdout)
    assert data["name"] == "AUTHENTICATION_FAILURE" and "code" not in data
    assert data["docs_path"] == "codes/authentication-failure/"


def test_explain_shows_variants_of_a_code() -> None:
    run = run_cli("explain", "601")
    assert "Other meanings of this code" in run.stdout and "Sender ID must be numeric" in run.stdout


def test_explain_unknown_code_suggests_and_exits_1() -> None:
    run = run_cli("explain", "2077")
    assert run.status == 1 and run.stdout == ""
    assert run.stderr.strip() == "sms-diagnose: '2077' is not a code or name in the catalog; did you mean 207?"


def test_every_entry_is_explained() -> None:
    """Like rustc's tidy check: no entry lacks an explanation reachable by its code or name."""
    for entry in entries():
        run = run_cli("explain", entry.key)
        assert run.status == 0 and run.stdout.startswith(entry.label), entry.name


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


def test_unknown_command_is_a_usage_error() -> None:
    run = run_cli("frobnicate")
    assert run.status == 2 and "invalid choice" in run.stderr and "Traceback" not in run.stderr


def test_invalid_bytes_are_printed_without_crashing() -> None:
    run = run_cli("parse", "-", stdin=b"\xff\xfe\xfa not utf-8")
    assert run.status == 0 and "unrecognised" in run.stdout


def test_list_table_and_filters() -> None:
    run = run_cli("list")
    assert run.status == 0
    assert len(run.stdout.splitlines()) == 2 + len(entries())
    otp = json.loads(run_cli("list", "--phase", "otp", "--json").stdout)
    assert otp and {item["phase"] for item in otp} == {"otp"}
    ip = run_cli("list", "--category", "ip-security").stdout
    assert "IP_BLACKLISTED" in ip and "IP_NOT_WHITELISTED" in ip and "INVALID_AUTHKEY" not in ip


def test_export_is_the_whole_catalog_valid_against_its_schema(tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    assert run_cli("export", "-o", str(target)).status == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(document, load_schema())
    assert [e["name"] for e in document["entries"]] == [e.name for e in entries()]
    assert json.loads(run_cli("export").stdout) == document


def test_validate_reports_a_valid_catalog_and_names_problems(data_copy: Path) -> None:
    run = run_cli("validate")
    assert run.status == 0 and run.stdout.startswith(f"catalog valid: {len(entries())} entries")
    (data_copy / "entries" / "otp.yaml").write_text(
        (data_copy / "entries" / "otp.yaml").read_text(encoding="utf-8").replace("severity: warning", "severity: x", 1),
        encoding="utf-8",
    )
    broken = run_cli("validate", str(data_copy))
    assert broken.status == 1
    assert "entries/otp.yaml: entry OTP_MISMATCH, severity: 'x' is not one of" in broken.stdout


def test_version() -> None:
    assert run_cli("--version").stdout.startswith("sms-diagnose 0.1.0")


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


@pytest.mark.parametrize(
    ("args", "choices"),
    [
        (["check", "--fail-on", "x", "a"], "'info', 'warning', 'error', 'critical'"),
        (["check", "--format", "x", "a"], "'human', 'json', 'junit', 'github'"),
        (["list", "--phase", "x"], "'request', 'otp', 'delivery', 'reason', 'transport'"),
        (["explain", "207", "--format", "x"], "'human', 'json'"),
        (["parse", "--body-format", "x", "a"], "'string', 'json', 'xml'"),
    ],
)
def test_a_wrong_choice_names_the_choices_as_typed(args: list[str], choices: str) -> None:
    run = run_cli(*args)
    assert run.status == 2 and run.stdout == ""
    assert run.stderr.endswith(f"invalid choice: 'x' (choose from {choices})\n"), run.stderr
    assert run.stderr.count("\n") == 1


@given(
    st.lists(
        st.sampled_from(
            [
                "explain",
                "207",
                "INVALID_AUTHKEY",
                "--json",
                "--format",
                "json",
                "human",
                "--format=json",
                "--format=x",
                "-",
                "--",
                "--js",
                "-h",
                "x y",
                "",
                "delivery/17",
                "--jsonl",
            ]
        ),
        min_size=1,
        max_size=5,
    )
)
def test_the_quick_reading_of_explain_is_argparse_s(words: list[str]) -> None:
    """main.quick_explain reads the commonest explain command lines without argparse; whenever it
    reads one, argparse reads it alike (and it leaves every other line to argparse)."""
    quick = quick_explain(words)
    if quick is None:
        return
    parsed = build_parser("explain").parse_args(words)
    assert (quick.command, quick.code, quick.format, quick.handler) == (
        parsed.command,
        parsed.code,
        parsed.format,
        parsed.handler,
    ), words


def test_the_quick_reading_covers_the_commonest_lines() -> None:
    for words in (["explain", "207"], ["explain", "207", "--json"], ["explain", "--format", "json", "418"]):
        assert quick_explain(words) is not None, words
