"""`sms-diagnose preflight` as a CI job runs it, and `check`'s comparison of answers with what the
rules predicted of their requests: reports, exit statuses, misuse, and the red team's findings."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from diagnose.gate.schemas import REPORT_SCHEMA, load_schema

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = load_schema(ROOT / "data", REPORT_SCHEMA)
SENDS = ROOT / "examples" / "outgoing" / "sends.jsonl"
TEMPLATE = ROOT / "examples" / "outgoing" / "flow-template.txt"
ANSWERED = ROOT / "examples" / "outgoing" / "answered.jsonl"
GOOD = "mobiles=919812345678&message=Hi&sender=SHOPIN&route=4&country=91&DLT_TE_ID=1107161234567890123"
KEY = "367431AbCdEf0123456789ab"


def _write(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_the_examples_fail_with_their_findings_in_every_format() -> None:
    human = run_cli("preflight", str(SENDS), "--template", str(TEMPLATE))
    assert human.status == 1 and "Traceback" not in human.stderr
    assert "checked 6 requests from 1 file: 2 passed, 4 failed (4 findings)" in human.stdout
    for code in ("202 INVALID_MOBILE_NUMBER", "308 CAMPAIGN_NAME_TOO_LONG", "608 SCHEDULE_IN_PAST"):
        assert code in human.stdout
    assert "'name' (it has 'Name': names are case-sensitive)" in human.stdout
    report = run_cli("preflight", str(SENDS), "--template", str(TEMPLATE), "--format", "json")
    data = json.loads(report.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["summary"] | {"files": 1} == {
        "requests": 6,
        "passed": 2,
        "failed": 4,
        "invalid_lines": 0,
        "files": 1,
        "authkeys_in_clear": 0,
        "findings": 4,
        "findings_left_out": 0,
    }
    assert {failure["parameter"] for failure in data["failures"]} == {
        "mobiles[1]",
        "campaign",
        "schtime",
        "recipients[0]",
    }
    junit = ET.fromstring(run_cli("preflight", str(SENDS), "--format", "junit").stdout)
    cases = junit.findall(".//testcase")
    assert len(cases) == int(junit.attrib["tests"]) == 6 and junit.find("testsuite").attrib["name"].endswith(
        "preflight"
    )
    github = run_cli("preflight", str(SENDS), "--format", "github").stdout
    assert github.count("::error ") == 3 and "line=2,title=Campaign name longer than 32 characters::" in github


def test_a_clean_log_passes_and_the_policy_options_decide(tmp_path: Path) -> None:
    clean = _write(tmp_path / "clean.jsonl", {"request": GOOD}, {"request": GOOD.replace("SHOPIN", "123456")})
    assert run_cli("preflight", str(clean)).status == 0
    bad = _write(tmp_path / "bad.jsonl", {"request": GOOD + "&campaign=" + "c" * 40})
    assert run_cli("preflight", str(bad)).status == 1
    assert run_cli("preflight", str(bad), "--allow", "308").status == 0
    assert run_cli("preflight", str(bad), "--fail-on", "critical").status == 0
    odd = _write(tmp_path / "odd.jsonl", {"request": {"hello": "world"}})
    assert run_cli("preflight", str(odd)).status == 1
    assert run_cli("preflight", str(odd), "--allow-unrecognised").status == 0


def test_a_request_with_two_findings_counts_once_and_is_two_test_cases(tmp_path: Path) -> None:
    log = _write(
        tmp_path / "two.jsonl", {"id": "a", "request": GOOD.replace("919812345678", "98123") + "&campaign=" + "c" * 40}
    )
    human = run_cli("preflight", str(log))
    assert "checked 1 request from 1 file: 0 passed, 1 failed (2 findings)" in human.stdout
    junit = ET.fromstring(run_cli("preflight", str(log), "--format", "junit").stdout)
    names = [case.attrib["name"] for case in junit.iter("testcase")]
    assert len(names) == 2 == len(set(names)) and junit.attrib["failures"] == "2"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--now", "yesterday"], "--now: yesterday is not ISO 8601 time or Unix seconds"),
        (["--now", "9999-12-31T23:59:59-14:00"], "out of the range of years 1 to 9999"),
        (["--template", "missing.txt"], "--template missing.txt: no such file"),
        (["--template", "."], "--template .: not a regular file"),
    ],
)
def test_misuse_is_one_line_and_exit_2(arguments: list[str], message: str, tmp_path: Path) -> None:
    run = run_cli("preflight", str(SENDS), *arguments, cwd=tmp_path)
    assert run.status == 2 and message in run.stderr and run.stderr.count("\n") == 1, run.stderr


def test_a_fifo_template_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    run = run_cli("preflight", str(SENDS), "--template", str(fifo))
    assert run.status == 2 and "not a regular file" in run.stderr


def test_the_output_is_never_the_template(tmp_path: Path) -> None:
    template = tmp_path / "t.txt"
    template.write_text("Dear ##name##")
    run = run_cli("preflight", str(SENDS), "--template", str(template), "-o", str(template))
    assert run.status == 2 and "is also the --template" in run.stderr
    assert template.read_text() == "Dear ##name##"


def test_empty_input_is_nothing_to_check(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    for arguments in ([str(empty)], ["-"]):
        run = run_cli("preflight", *arguments)
        assert run.status == 2 and "nothing to check" in run.stderr
        assert run_cli("preflight", *arguments, "--allow-empty").status == 0


def test_a_request_over_the_byte_limit_is_not_read_in_part(tmp_path: Path) -> None:
    query = tmp_path / "q.txt"
    query.write_text(GOOD)
    run = run_cli("preflight", str(query), "--max-bytes", "60", "--format", "json")
    failure = json.loads(run.stdout)["failures"][0]
    assert run.status == 1 and failure["outcome"] == "invalid" and "larger than 60 bytes" in failure["reason"]


def test_a_records_time_out_of_range_is_no_time(tmp_path: Path) -> None:
    record = {"request": GOOD, "body": '{"type":"success","message":"3763646c3058373530393832"}'}
    log = _write(
        tmp_path / "log.jsonl", record | {"time": -62200000000}, record | {"time": "0001-01-01T00:00:00+14:00"}
    )
    assert run_cli("check", str(log)).status == 0
    assert run_cli("preflight", str(log)).status == 0


def test_check_says_what_was_predicted_and_what_to_revisit() -> None:
    human = run_cli("check", str(ANSWERED))
    assert human.status == 1
    assert "     predicted before sending: campaign has 45 characters, more than 32" in human.stdout
    assert re.search(
        r"^NOTE .*answered\.jsonl:3: a pre-flight rule predicted 203 INVALID_SENDER_ID", human.stdout, re.M
    )
    assert "1 error predicted before sending; 1 predicted error the provider did not give" in human.stdout
    data = json.loads(run_cli("check", str(ANSWERED), "--format", "json").stdout)
    jsonschema.validate(data, SCHEMA)
    assert (data["summary"]["predicted"], data["summary"]["refuted"]) == (1, 1)
    assert data["failures"][0]["predicted"] == "campaign has 45 characters, more than 32"
    github = run_cli("check", str(ANSWERED), "--format", "github").stdout
    assert "::warning file=" in github and "title=Pre-flight rule to revisit::" in github


def test_a_logged_request_without_its_authkey_header_is_not_a_rule_to_revisit(tmp_path: Path) -> None:
    url = "https://api.msg91.com/api/sendhttp.php?" + GOOD
    record = {"request": {"url": url, "headers": {"content-type": "text/plain"}}, "body": '{"type":"success"}'}
    run = run_cli("check", str(_write(tmp_path / "log.jsonl", record)))
    assert run.status == 0 and "revisit" not in run.stdout


def test_a_file_name_cannot_write_workflow_commands_or_control_characters(tmp_path: Path) -> None:
    name = tmp_path / "evil\n::error file=x::INJECTED \x1b[31m\u202e.jsonl"
    name.write_bytes(ANSWERED.read_bytes())
    github = run_cli("check", str(name), "--format", "github")
    assert not any(line.startswith("::error file=x::INJECTED") for line in github.stdout.splitlines())
    human = run_cli("check", str(name))
    assert "\x1b" not in human.stdout + human.stderr and "\u202e" not in human.stdout + human.stderr


def test_an_authkey_planted_in_a_field_is_masked_in_every_format(tmp_path: Path) -> None:
    body = {
        "sender": f"authkey={KEY}",
        "route": "4",
        "DLT_TE_ID": "1",
        "sms": [{"message": "Hi", "to": ["919812345678"]}],
    }
    request = tmp_path / "k.json"
    request.write_text(json.dumps(body))
    for report in ("human", "json", "junit", "github"):
        run = run_cli("preflight", str(request), "--format", report)
        assert run.status == 1 and KEY not in run.stdout + run.stderr
        assert "AbCdEf0123" not in run.stdout
        assert "3674\u2026ab" in run.stdout or "3674\\u2026ab" in run.stdout
