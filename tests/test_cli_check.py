"""`sms-diagnose check`, the CI gate: every report format and exit status, policy options,
standard input, folders, jobs, and the memory a large log takes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from diagnose import lookup
from diagnose.check.reports import Tally
from diagnose.check.run import Progress
from diagnose.gate.schemas import REPORT_SCHEMA, load_schema

from .cli_runner import run_cli


def test_a_check_with_nothing_to_check_is_a_usage_error_unless_allowed(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden.json").write_text('{"type":"error","code":"207"}')
    (tmp_path / "empty.jsonl").write_text("")
    for target in ("empty", "empty.jsonl"):
        run = run_cli("check", str(tmp_path / target))
        assert run.status == 2 and run.stderr.count("\n") == 1 and "nothing to check" in run.stderr
        assert run_cli("check", "--allow-empty", str(tmp_path / target)).status == 0
    assert run_cli("check", "--jsonl", "-", stdin=b"").status == 2


def test_jobs_is_refused_before_the_output_is_opened(tmp_path: Path) -> None:
    previous = tmp_path / "previous.txt"
    previous.write_text("an earlier report")
    body = tmp_path / "a.json"
    body.write_text('{"type":"error","code":"207"}')
    run = run_cli("check", str(body), "--jobs", "0", "-o", str(previous))
    assert run.status == 2 and run.stderr.count("\n") == 1 and previous.read_text() == "an earlier report"


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "responses"
REQUEST_ID = "3763646c3058373530393832"


@pytest.fixture
def log(tmp_path: Path) -> Path:
    """A JSON Lines log: records with a body, bare responses, a blank line and a broken line."""
    lines = [
        json.dumps({"id": "a1", "body": f'{{"message":"{REQUEST_ID}","type":"success"}}', "http_status": 200}),
        json.dumps({"id": "a2", "body": '{"type":"error","message":"Missing Authentication Key","code":"106"}'}),
        json.dumps({"type": "error", "code": "311"}),
        "",
        "{this is not json",
        json.dumps(
            {
                "id": "a5",
                "body": "<RESPONSE><TYPE>error</TYPE><CODE>418</CODE></RESPONSE>",
                "content_type": "text/xml",
                "request": {"url": "https://example.invalid/send"},
            }
        ),
        json.dumps({"id": "a6", "body": {"type": "error", "message": "OTP not match"}}),
        json.dumps({"id": "a7", "body": 42}),
    ]
    path = tmp_path / "traffic.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_human_report_names_each_failure_with_its_fix(log: Path) -> None:
    run = run_cli("check", str(log))
    assert run.status == 1
    out = run.stdout
    entry = lookup("106")
    assert entry is not None
    assert f"FAIL {log}:2: 106 MISSING_AUTHKEY: {entry.title} \u2014 {entry.remediation[0].text}" in out
    assert f"     {entry.docs_url}" in out
    assert f"FAIL {log}:5: invalid line: not a JSON value" in out
    assert f"FAIL {log}:6: 418 IP_NOT_WHITELISTED" in out
    assert f"FAIL {log}:8: invalid line: bad record: body must be a string or a JSON object, not int" in out
    assert f"{log}:3" not in out and f"{log}:7" not in out, "311 and an OTP typo are benign by default"
    assert "checked 7 responses from 1 file: 3 passed, 4 failed" in out
    assert run.stderr == "", "no progress line when standard error is not a terminal"


def test_counts_by_code_with_titles(log: Path) -> None:
    lines = run_cli("check", str(log)).stdout.splitlines()
    row = next(line for line in lines if "DUPLICATE_REQUEST_DISCARDED" in line)
    assert row.split()[:4] == ["ok", "1", "311", "DUPLICATE_REQUEST_DISCARDED"]
    assert lookup("311").title in row  # type: ignore[union-attr]


def test_exit_0_when_nothing_fails(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(REQUEST_ID, encoding="utf-8")
    (tmp_path / "dup.json").write_text('{"type":"error","code":"311"}', encoding="utf-8")
    run = run_cli("check", str(tmp_path))
    assert run.status == 0
    assert run.stdout.strip().endswith("checked 2 responses from 2 files: 2 passed, 0 failed")


def test_policy_options(log: Path) -> None:
    allowed = run_cli("check", str(log), "--allow", "106,IP_NOT_WHITELISTED").stdout
    assert allowed.count(f"FAIL {log}:") == 2, "only the two invalid lines fail"
    strict = run_cli("check", str(log), "--fail-on", "warning")
    assert f"{log}:7: OTP_MISMATCH" in strict.stdout and f"{log}:3" not in strict.stdout
    everything = run_cli("check", str(log), "--fail-on", "info")
    assert f"{log}:3: 311 DUPLICATE_REQUEST_DISCARDED" in everything.stdout
    lenient = run_cli("check", str(EXAMPLES / "truncated.json"), "--allow-unrecognised")
    assert lenient.status == 0
    assert run_cli("check", str(EXAMPLES / "truncated.json")).status == 1
    gateway = run_cli("check", str(EXAMPLES / "gateway-502.html"), "--allow-unrecognised")
    assert gateway.status == 1, "a gateway page is a named transport failure, not an unrecognised body"
    assert run_cli("check", str(EXAMPLES / "gateway-502.html"), "--allow", "TRANSPORT_GATEWAY_PAGE").status == 0
    assert run_cli("check", str(EXAMPLES / "unknown-code.json"), "--allow", "999").status == 0


def test_json_report_is_valid_against_its_published_schema(log: Path) -> None:
    run = run_cli("check", str(log), "--format", "json")
    assert run.status == 1
    report = json.loads(run.stdout)
    schema = load_schema(ROOT / "data", REPORT_SCHEMA)
    jsonschema.validate(report, schema)
    assert report["summary"] == {
        "responses": 7,
        "passed": 3,
        "failed": 4,
        "invalid_lines": 2,
        "files": 1,
        "authkeys_in_clear": 0,
    }
    first = report["failures"][0]
    assert first["where"] == f"{log}:2" and first["id"] == "a2" and first["name"] == "MISSING_AUTHKEY"
    assert first["remediation"] == [s.text for s in lookup("106").remediation]  # type: ignore[union-attr]
    assert "https://example.invalid" not in run.stdout, "the request of a record is never echoed"


def test_json_report_with_no_failures(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(REQUEST_ID, encoding="utf-8")
    report = json.loads(run_cli("check", str(tmp_path), "--format", "json").stdout)
    assert report["failures"] == [] and report["summary"]["passed"] == 1


def test_junit_report_has_one_testcase_per_response(log: Path, tmp_path: Path) -> None:
    target = tmp_path / "junit.xml"
    run = run_cli("check", str(log), "--format", "junit", "--output", str(target))
    assert run.status == 1
    assert run.stdout.strip() == f"checked 7 responses: 3 passed, 4 failed (junit report in {target})"
    root = etree.parse(str(target)).getroot()
    assert root.tag == "testsuites" and root.get("tests") == "7"
    assert (root.get("failures"), root.get("errors")) == ("2", "2"), "lines that are not records are errors"
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "7"
    cases = suite.findall("testcase")
    assert len(cases) == 7
    failure = cases[1].find("failure")
    assert failure is not None and cases[1].get("name") == f"{log}:2 [a2]"
    assert failure.get("type") == "MISSING_AUTHKEY"
    assert failure.get("message", "").startswith("106 MISSING_AUTHKEY: Missing authentication key")
    assert "1. " + lookup("106").remediation[0].text in (failure.text or "")  # type: ignore[union-attr]
    assert cases[0].find("failure") is None


def test_github_annotations(log: Path) -> None:
    run = run_cli("check", str(log), "--format", "github")
    lines = [line for line in run.stdout.splitlines() if line.startswith("::error ")]
    assert len(lines) == 4
    assert lines[0].startswith(f"::error file={log},line=2,title=Missing authentication key::106 MISSING_AUTHKEY")
    assert lines[0].endswith("(https://sms-diagnose.github.io/codes/106/)")


def test_github_annotation_escapes_properties(tmp_path: Path) -> None:
    odd = tmp_path / "a,b:c.json"
    odd.write_text('{"type":"error","code":"207"}', encoding="utf-8")
    line = run_cli("check", str(odd), "--format", "github").stdout.splitlines()[0]
    assert "file=" + str(odd).replace(":", "%3A").replace(",", "%2C") + ",title=" in line


def test_standard_input_single_response_and_json_lines() -> None:
    single = run_cli("check", "-", stdin=b'{"type":"error","code":"207"}')
    assert single.status == 1 and "FAIL <stdin>: 207 INVALID_AUTHKEY" in single.stdout
    lines = f'{{"body":"{REQUEST_ID}"}}\n{{"body":"code: 303"}}\n'.encode()
    many = run_cli("check", "--jsonl", "-", stdin=lines)
    assert many.status == 1 and "FAIL <stdin>:2: 303 ACCOUNT_BANNED" in many.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "no/such/dir"), "sms-diagnose: error: no/such/dir: no such file or folder"),
        (
            ("check", "examples/responses", "--allow", "NOT_A_THING"),
            "sms-diagnose: error: --allow: 'NOT_A_THING' is not a code or name in the catalog",
        ),
        (
            ("check", "examples/responses", "--output", "/no/such/dir/report.xml"),
            "sms-diagnose: error: /no/such/dir/report.xml: cannot be written (No such file or directory)",
        ),
    ],
)
def test_usage_and_input_errors_exit_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    run = run_cli(*args, cwd=ROOT)
    assert run.status == 2 and run.stderr.strip() == message and "Traceback" not in run.stderr


def test_a_path_that_is_not_a_file_pipe_or_folder_exits_2(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "socket"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        run = run_cli("check", str(path))
    assert run.status == 2 and run.stderr.strip() == f"sms-diagnose: error: {path}: not a file, pipe or folder"


def test_folders_are_read_recursively_skipping_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "bad.xml").write_text("<RESPONSE><TYPE>error</TYPE><CODE>302</CODE></RESPONSE>")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main")
    run = run_cli("check", str(tmp_path))
    assert "302 ACCOUNT_EXPIRED" in run.stdout and "HEAD" not in run.stdout
    assert "checked 1 response from 1 file" in run.stdout


def test_progress_line_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    tally = Tally()
    tally.total, tally.failed = 5, 2
    for stream in (terminal, pipe):
        progress = Progress(stream)
        progress.update(tally)
        progress.close()
    assert terminal.getvalue().startswith("\rchecked 5 responses, 2 failed")
    assert pipe.getvalue() == ""


def _peak_rss_kib(log: Path, jobs: int) -> int:
    """The largest peak resident size of the check's processes, the main one and its workers."""
    script = (
        "import resource, sys\n"
        "from diagnose.cli.main import main\n"
        "status = main(['check', sys.argv[1], '--format', 'junit', '--output', sys.argv[2], '--jobs', sys.argv[3]])\n"
        "own = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
        "print(status, max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(log), os.devnull, str(jobs)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    status, peak = done.stdout.split()[-2:]
    assert status == "1"
    return int(peak)


def _write_log(path: Path, lines: int) -> None:
    bodies = [
        json.dumps({"id": "x", "body": f'{{"message":"{REQUEST_ID}","type":"success"}}'}),
        json.dumps({"id": "y", "body": '{"type":"error","message":"Missing Authentication Key","code":"106"}'}),
        json.dumps({"type": "error", "code": "311"}),
        "<not json>",
    ]
    with path.open("w", encoding="utf-8") as out:
        for number in range(lines):
            out.write(bodies[number % len(bodies)] + "\n")


@pytest.mark.process
@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_100k_line_log_is_checked_with_flat_memory(tmp_path: Path, jobs: int) -> None:
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    _write_log(small, 10_000)
    _write_log(large, 100_000)
    small_peak, large_peak = _peak_rss_kib(small, jobs), _peak_rss_kib(large, jobs)
    assert large_peak - small_peak < 8 * 1024, f"peak RSS grew from {small_peak} KiB to {large_peak} KiB"
    assert large_peak < 64 * 1024


@pytest.mark.slow
@pytest.mark.parametrize("report", ["human", "json", "junit", "github"])
def test_every_report_is_the_same_with_one_job_or_many(tmp_path: Path, report: str) -> None:
    log = tmp_path / "big.jsonl"
    _write_log(log, 90_000)  # over two 4 MiB chunks, so that --jobs 2 splits it
    single, multi = tmp_path / "one.out", tmp_path / "many.out"
    assert run_cli("check", str(log), "--format", report, "-o", str(single), "--jobs", "1").status == 1
    assert run_cli("check", str(log), "--format", report, "-o", str(multi), "--jobs", "2").status == 1
    assert single.read_bytes() == multi.read_bytes()


ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"
REPORT_REQUEST_ID = "546b384ce51f8f1e1e8b4567"


def test_check_reports_over_a_log_of_webhook_bodies(tmp_path: Path) -> None:
    log = tmp_path / "webhooks.jsonl"
    log.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "w1",
                        "body": (REPORTS / "webhook-form.txt").read_text(encoding="utf-8"),
                        "content_type": "application/x-www-form-urlencoded",
                    }
                ),
                json.dumps({"id": "w2", "body": json.loads((REPORTS / "events-v4.json").read_text(encoding="utf-8"))}),
                json.dumps({"requestId": REPORT_REQUEST_ID, "number": "919812349999", "status": "17"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    run = run_cli("check", "--reports", str(log), "--format", "json")
    assert run.status == 1
    report = json.loads(run.stdout)
    assert report["summary"]["responses"] == 6
    failing = {(f["where"], f["name"]) for f in report["failures"]}
    assert failing == {
        (f"{log}:1", "DELIVERY_FAILED"),
        (f"{log}:2", "DELIVERY_REJECTED_BY_PROVIDER"),
        (f"{log}:3", "DELIVERY_BLOCKED_NUMBER"),
    }
    assert all(f["number"].startswith("****") for f in report["failures"])
    assert "919812349999" not in run.stdout


ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"


def test_counts_are_in_the_right_number(tmp_path: Path) -> None:
    body = tmp_path / "one.json"
    body.write_text('{"type":"error","message":"authkey=366412AbCdEf7890XyZqRsXY","code":"207"}')
    out = run_cli("check", str(body)).stdout
    assert "checked 1 response from 1 file: 0 passed, 1 failed" in out
    assert "warning: 1 input holds an authkey in clear text" in out


def test_ci_reports_tell_errors_from_failures_and_warn_as_annotations(tmp_path: Path) -> None:
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


def test_allow_takes_a_bare_number_as_a_delivery_status_when_checking_reports() -> None:
    failed = REPORTS / "flat-v2-failed.json"
    assert run_cli("check", "--reports", str(failed)).status == 1
    assert run_cli("check", "--reports", "--allow", "2", str(failed)).status == 0


def test_the_command_line_says_which_command_reads_a_report() -> None:
    run = run_cli("check", str(REPORTS / "flat-v2-failed.json"))
    assert "check --reports" in run.stdout and "diagnose_report()" in run.stdout
