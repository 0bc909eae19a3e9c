"""What a new user trips over (issue 11): each item as the user meets it, in a command's output
or exit status."""

from __future__ import annotations

import io
import itertools
import json
import re
from pathlib import Path

import pytest

from diagnose import Outcome, diagnose, diagnose_report, load_catalog
from diagnose.catalog.explanation import entry_text

from .channels import load_receiver
from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"


def _receive(log: Path, bodies: list[Path]) -> None:
    app = load_receiver().make_app(log)
    for path in bodies:
        body = path.read_bytes()
        kind = "application/x-www-form-urlencoded" if path.suffix == ".txt" else "application/json"
        environ = {
            "REQUEST_METHOD": "POST",
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": kind,
            "wsgi.input": io.BytesIO(body),
        }
        assert b'"reports"' in b"".join(app(environ, lambda status, headers: None))


def test_02_the_receivers_log_reads_back_with_report_and_check_reports(tmp_path: Path) -> None:
    log = tmp_path / "r.jsonl"
    bodies = sorted(REPORTS.iterdir())
    _receive(log, bodies)
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


def test_02_a_delivery_status_is_never_read_as_a_request_code(tmp_path: Path) -> None:
    log = tmp_path / "r.jsonl"
    _receive(log, [REPORTS / "webhook-form.txt"])
    run = run_cli("check", str(log))
    assert "DATABASE_CONNECTION_FAILED" not in run.stdout and "check --reports" in run.stdout
    for line in log.read_text().splitlines():
        record = json.loads(line)
        for value in (record, {k: v for k, v in record.items() if k != "body"}, record["body"]):
            assert diagnose(value).entry is None, value
    delivered = {"requestId": "546b384ce51f8f1e1e8b4567", "number": "919812345678", "code": "1", "message": "ok"}
    result = diagnose(delivered)
    assert result.outcome is Outcome.UNRECOGNISED and "not a request code" in (result.reason or "")


def test_02_each_report_diagnosis_reads_back_from_its_own_record() -> None:
    for path in sorted(REPORTS.iterdir()):
        for report in diagnose_report(path.read_bytes()):
            (again,) = diagnose_report(report.raw)
            assert (again.entry, again.number, again.request_id, again.code) == (
                report.entry,
                report.number,
                report.request_id,
                report.code,
            )


@pytest.mark.parametrize("command", ["parse", "check", "report"])
def test_06_no_path_is_a_usage_error_not_a_silent_read_of_standard_input(command: str) -> None:
    run = run_cli(command, stdin=b'{"type":"success","message":"3763646c3058343736393231"}')
    assert run.status == 2
    assert run.stderr == "sms-diagnose: error: no input: give files, folders or - for standard input\n"
    assert run_cli(command, "-", stdin=b'{"type":"success","message":"3763646c3058343736393231"}').status == 0


@pytest.mark.parametrize("width", [60, 80, 100])
def test_03_explain_never_breaks_a_url(width: int) -> None:
    catalog = load_catalog()
    for entry in catalog:
        text = entry_text(entry, catalog, width)
        urls = [word.strip("().,") for line in text.splitlines() for word in line.split() if "://" in word]
        ours = [url for url in urls if url.startswith(catalog.docs_url)]
        assert entry.docs_url in ours and all(url.endswith("/") for url in ours), (entry.key, urls)
        examples = [rule.example for rule in entry.preflight if "://" in rule.example]
        assert all(url in ours or url in examples for url in urls), (entry.key, urls)
        assert not any(line.rstrip().endswith(("https://sms-", "github.")) for line in text.splitlines())


def test_05_code_is_the_wire_value_and_the_entry_has_the_catalogs() -> None:
    for body in ({"type": "error", "code": "1"}, {"type": "error", "code": 1}, '{"type":"error","code":"1"}', "code 1"):
        result = diagnose(body)  # type: ignore[arg-type]
        assert result.code == "1" and result.entry is not None and result.entry.code == "001", body


def test_04_a_truncated_body_says_at_once(tmp_path: Path) -> None:
    run = run_cli("parse", str(ROOT / "examples" / "responses" / "truncated.json"))
    assert "Unterminated string starting at line 1 column 27" in run.stdout and "at at" not in run.stdout


def test_09_format_names_the_output_in_every_command_and_json_is_its_alias(tmp_path: Path) -> None:
    body = ROOT / "examples" / "responses" / "ip-not-whitelisted.xml"
    for command in (["explain", "418"], ["parse", str(body)], ["report", str(REPORTS)], ["list"]):
        as_format = run_cli(*command, "--format", "json")
        assert as_format.status == 0 and json.loads(as_format.stdout)
        assert run_cli(*command, "--json").stdout == as_format.stdout
    forced = json.loads(run_cli("parse", "-", "--body-format", "json", "--json", stdin=b"207").stdout)
    assert forced["format"] == "json"
    assert run_cli("parse", str(body), "--format", "xml").status == 2, "--format is the output's, not the body's"


def test_10_list_takes_the_catalogs_categories_and_phases() -> None:
    run = run_cli("list", "--category", "nope")
    assert run.status == 2 and run.stderr.count("\n") == 1 and "ip-security" in run.stderr
    helped = run_cli("list", "--help").stdout
    assert "ip-security" in helped and "transport" in helped
    assert "TRANSPORT_RATE_LIMITED" in run_cli("list", "--phase", "transport").stdout


def test_11_explain_suggests_the_same_number_in_another_phase_and_refuses_nothing() -> None:
    run = run_cli("explain", "017")
    assert run.status == 1 and "did you mean delivery/17?" in run.stderr
    empty = run_cli("explain", "")
    assert empty.status == 2 and empty.stderr.count("\n") == 1


def test_12_counts_are_in_the_right_number(tmp_path: Path) -> None:
    body = tmp_path / "one.json"
    body.write_text('{"type":"error","message":"authkey=366412AbCdEf7890XyZqRsXY","code":"207"}')
    out = run_cli("check", str(body)).stdout
    assert "checked 1 response from 1 file: 0 passed, 1 failed" in out
    assert "warning: 1 input holds an authkey in clear text" in out


def test_13_who_acts_reads_alike_and_nothing_is_said_twice(tmp_path: Path) -> None:
    parse = run_cli("parse", str(ROOT / "examples" / "responses" / "ip-not-whitelisted.xml")).stdout
    explain = run_cli("explain", "418").stdout
    actor = load_catalog().actors[load_catalog().lookup("418").actor].title  # type: ignore[union-attr]
    assert f"who acts: {actor}" in parse and f"who acts: {actor}" in explain
    gateway = run_cli("parse", str(ROOT / "examples" / "responses" / "gateway-502.html")).stdout
    assert "format: html" in gateway
    unrecognised = run_cli("parse", "-", stdin=b"hello").stdout
    assert unrecognised.count("text that is not a request ID") == 1
    target = tmp_path / "catalog.json"
    assert run_cli("export", "-o", str(target)).stdout.startswith(f"wrote the catalog ({len(load_catalog())} entries)")
    from diagnose.testing import assert_error, assert_ok

    with pytest.raises(AssertionError) as failure:
        assert_ok(b'{"type":"error","code":"207"}')
    first_step = load_catalog().lookup("207").remediation[0].text  # type: ignore[union-attr]
    assert str(failure.value).count(first_step) == 1
    with pytest.raises(ValueError, match="did you mean INVALID_AUTHKEY"):
        assert_error(b"x", "INVALID_AUTH_KEY")


def test_14_json_lines_in_a_file_of_another_name_get_a_hint(tmp_path: Path) -> None:
    log = tmp_path / "traffic.log"
    log.write_text('{"type":"error","code":"207"}\n{"type":"error","code":"418"}\n')
    assert "name it .jsonl" in run_cli("check", str(log)).stdout


def test_15_ci_reports_tell_errors_from_failures_and_warn_as_annotations(tmp_path: Path) -> None:
    from lxml import etree

    log = tmp_path / "traffic.jsonl"
    log.write_text('{"type":"error","code":"207","message":"authkey=366412AbCdEf7890XyZqRsXY"}\nnot json\n')
    root = etree.fromstring(run_cli("check", "--format", "junit", str(log)).stdout.encode())
    assert (root.get("failures"), root.get("errors")) == ("1", "1")
    cases = root.findall(".//testcase")
    assert all(case.get("file") == str(log) for case in cases)
    assert cases[1].find("error") is not None and cases[0].find("failure") is not None
    github = run_cli("check", "--format", "github", str(log))
    assert "::warning title=Authkeys in clear text::1 input holds" in github.stdout and not github.stderr
    assert run_cli("check", "--allow-invalid", "--allow", "207", str(log)).status == 0


# Found by a new user's walk through a fresh clone


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


@pytest.mark.parametrize("command", ["parse", "check", "report"])
def test_standard_input_given_twice_is_a_usage_error(command: str) -> None:
    run = run_cli(command, "-", "-", stdin=b'{"type":"error","code":"207"}')
    assert run.status == 2 and run.stderr.count("\n") == 1 and "more than once" in run.stderr


def test_allow_takes_a_bare_number_as_a_delivery_status_when_checking_reports() -> None:
    failed = REPORTS / "flat-v2-failed.json"
    assert run_cli("check", "--reports", str(failed)).status == 1
    assert run_cli("check", "--reports", "--allow", "2", str(failed)).status == 0


def test_the_command_line_says_which_command_reads_a_report() -> None:
    run = run_cli("check", str(REPORTS / "flat-v2-failed.json"))
    assert "check --reports" in run.stdout and "diagnose_report()" in run.stdout


def test_a_table_cuts_its_free_text_at_a_space() -> None:
    from diagnose.cli.render import table

    text = table(
        ["NAME", "MEANING"], [["x" * 100, "one two three four five six seven eight nine ten eleven twelve"]], 80
    )
    last = text.splitlines()[-1]
    assert (
        last.endswith("\u2026") and last.rstrip("\u2026").split()[-1] in "one two three four five six seven eight nine"
    )


def test_validate_names_a_missing_folder_as_such(tmp_path: Path) -> None:
    run = run_cli("validate", str(tmp_path / "nowhere"))
    assert run.status == 2 and run.stderr.count("\n") == 1 and "no such folder" in run.stderr


ARTICLES = frozenset({"The", "A", "An", "It", "This"})


def test_03b_explain_reads_as_prose_without_doubled_words_or_stops() -> None:
    catalog = load_catalog()
    for entry in catalog:
        prose = [
            line
            for line in entry_text(entry, catalog, 10_000).splitlines()
            if not line.lstrip().startswith(("breaks it:", "template:", "string ", "json ", "xml ", "form ", "html "))
        ]
        text = " ".join(prose)
        assert not re.search(r"\b(\w+) \1\b", text, re.IGNORECASE), (entry.name, re.findall(r"\b(\w+) \1\b", text))
        assert not re.search(r"[^.]\.\.(?!\.)", text), entry.name
        for line in prose:
            if " \u00b7 " in line:  # the line of facts, label: value
                continue
            starts = [sentence.split()[0] for sentence in re.split(r"(?<=[.;:])\s+(?=[A-Z])", line) if sentence.split()]
            repeated = [a for a, b in itertools.pairwise(starts) if a == b and a not in ARTICLES]
            assert not repeated, (entry.name, line)
