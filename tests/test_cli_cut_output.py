"""A reader that stops reading (``| head -1``, a closed pipe) changes no exit status: a gate exits
with its verdict on everything it read, whatever became of its report, and every other command
exits as it would have; nothing is said on standard error about the pipe (issue 21, section 2).

Every run here is a real process writing to a real pipe. A cut is made deterministic in one of
two ways: the pipe's reading end is closed before the command starts (its first write or flush,
however small, finds it closed), or the command's output is far larger than a pipe holds (64
KiB), so that it is still writing, blocked, when the reader closes the pipe after one line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .cli_runner import run_cli

pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "diagnose"]
LINES = 20_000
NOISE = ("Traceback", "Exception ignored", "BrokenPipeError", "Broken pipe")
ANSWERED_ID = "3763646c3058343736393231"


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Logs whose reports are megabytes long: 20,000 rejected answers, 20,000 accepted ones,
    20,000 requests that break a rule, and one delivery report."""
    folder = tmp_path_factory.mktemp("cut")

    def write(name: str, record: dict[str, str]) -> None:
        (folder / name).write_text((json.dumps(record) + "\n") * LINES, encoding="utf-8")

    write("rejected.jsonl", {"type": "error", "code": "207", "message": "Invalid authkey"})
    write("accepted.jsonl", {"type": "success", "message": ANSWERED_ID})
    write("requests.jsonl", {"request": "mobiles=98123&message=Hi&sender=SHOPIN&route=4&country=91&DLT_TE_ID=11071612"})
    report = {"requestId": ANSWERED_ID, "number": "919812345678", "status": "1"}
    (folder / "reports.jsonl").write_text(json.dumps(report) + "\n", encoding="utf-8")
    return folder


LONG_RUNS = {
    "check": (["check", "--jobs", "1", "--format", "json", "{logs}/rejected.jsonl"], 1),
    "check-passing": (["check", "--jobs", "1", "--format", "junit", "{logs}/accepted.jsonl"], 0),
    "preflight": (["preflight", "--jobs", "1", "--format", "json", "{logs}/requests.jsonl"], 1),
    "trace": (["trace", "{logs}/rejected.jsonl", "{logs}/reports.jsonl"], 1),
    "parse": (["parse", "{logs}/rejected.jsonl"], 0),
}
"""Each command, with the status it exits with when its output is read whole: a gate's verdict
(check that fails and check that passes, preflight, trace), and parse, which is no gate."""


def _args(args: list[str], logs: Path) -> list[str]:
    return [arg.replace("{logs}", str(logs)) for arg in args]


def _quiet(stderr: str) -> bool:
    return not any(noise in stderr for noise in NOISE)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(LONG_RUNS))
def test_a_reader_that_stops_after_one_line_changes_no_exit_status(name: str, logs: Path) -> None:
    args, status = LONG_RUNS[name]
    whole = run_cli(*_args(args, logs))
    assert whole.status == status, whole.stderr
    assert len(whole.stdout) > 1 << 20, "the report is far larger than a pipe holds: the cut happens mid-report"

    process = subprocess.Popen([*COMMAND, *_args(args, logs)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # the reader goes away, as head -1 does
    stderr = process.stderr.read().decode("utf-8", "replace")
    assert process.wait(timeout=120) == status, stderr
    assert first.decode() == whole.stdout.splitlines(keepends=True)[0]
    assert _quiet(stderr), stderr


@pytest.mark.slow
def test_the_gate_behind_head_exits_with_its_verdict_in_a_shell(logs: Path) -> None:
    """The issue's own command line, with a report far larger than the pipe."""
    command = " ".join([*COMMAND, "check", "--jobs", "1", "--format", "github", str(logs / "rejected.jsonl")])
    shell = subprocess.run(
        ["bash", "-c", f"{command} | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert shell.stdout == "1\n" and _quiet(shell.stderr), shell.stderr


def _closed_pipe_run(args: list[str], *, stderr_too: bool = False) -> tuple[int, str]:
    """Run the command with its standard output (and standard error, when ``stderr_too``) on a
    pipe whose reader has already gone: its first write or flush fails, whatever its size."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run(
            [*COMMAND, *args],
            cwd=ROOT,
            stdout=writing,
            stderr=writing if stderr_too else subprocess.PIPE,
            timeout=120,
            check=False,
        )
    finally:
        os.close(writing)
    return done.returncode, (done.stderr or b"").decode("utf-8", "replace")


EVERY_COMMAND = {
    "explain": (["explain", "207"], 0),
    "explain-json": (["explain", "--json", "207"], 0),
    "explain-unknown": (["explain", "NO_SUCH_ENTRY"], 1),
    "list": (["list"], 0),
    "export": (["export"], 0),
    "export-to-dev-stdout": (["export", "-o", "/dev/stdout"], 0),
    "validate": (["validate"], 0),
    "help": (["--help"], 0),
    "parse": (["parse", "examples/responses"], 0),
    "parse-json": (["parse", "--json", "examples/responses"], 0),
    "report": (["report", "examples/reports"], 0),
    "report-json": (["report", "--json", "examples/reports"], 0),
    "check": (["check", "examples/responses"], 1),
    "check-json": (["check", "--format", "json", "examples/responses"], 1),
    "check-to-dev-stdout": (["check", "-o", "/dev/stdout", "examples/responses"], 1),
    "check-passing": (["check", "examples/responses/success-request-id.json"], 0),
    "check-misuse": (["check", "--max-bytes", "0", "examples/responses"], 2),
    "preflight": (["preflight", "--now", "2026-11-25T09:00:00Z", "examples/outgoing/sends.jsonl"], 1),
    "trace": (["trace", "examples/journeys/requests.jsonl", "examples/journeys/reports.jsonl"], 1),
    "trace-json": (["trace", "--json", "examples/journeys/requests.jsonl", "examples/journeys/reports.jsonl"], 1),
    "trace-to-dev-stdout": (
        ["trace", "-o", "/dev/stdout", "examples/journeys/requests.jsonl", "examples/journeys/reports.jsonl"],
        1,
    ),
}
"""Every command, with the status it exits with when its output is read whole."""


@pytest.mark.parametrize("name", sorted(EVERY_COMMAND))
def test_every_command_on_a_closed_pipe_exits_as_it_would_have(name: str) -> None:
    args, status = EVERY_COMMAND[name]
    assert run_cli(*args, cwd=ROOT).status == status
    code, stderr = _closed_pipe_run(args)
    assert code == status, stderr
    assert _quiet(stderr), stderr


@pytest.mark.parametrize("name", ["check-json", "trace", "explain-unknown", "check-misuse"])
def test_standard_error_on_the_closed_pipe_too_changes_no_exit_status(name: str) -> None:
    """``2>&1 | head``: what the command says on standard error (a warning, the trace's counts,
    an unknown code, a usage error) finds the pipe closed as well."""
    args, status = EVERY_COMMAND[name]
    assert _closed_pipe_run(args, stderr_too=True)[0] == status


def test_a_report_written_to_dev_stdout_reaches_a_pipe() -> None:
    """``-o /dev/stdout`` on a pipe is written directly (its real path, pipe:[...], names no file
    to put a temporary report beside)."""
    done = subprocess.run(
        f"{' '.join(COMMAND)} check -o /dev/stdout examples/responses | cat; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="bash",
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("FAIL examples/responses/") and "(human report in /dev/stdout)" in done.stdout
