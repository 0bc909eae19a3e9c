"""Misusing the `check` gate (and its neighbours), run for real: exit status 2 and one line on
standard error, never a traceback, nothing destroyed; SIGTERM and Ctrl-C leave no temporary files.

Exit status 1 means only that a checked response failed, so no misuse may end with it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

import pytest

from diagnose.limits import LARGEST_MAX_BYTES

from .cli_runner import Run
from .real_clock import on_the_real_clock

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="closed descriptors, /dev/full and signals are POSIX"),
    pytest.mark.process,
]

ROOT = Path(__file__).resolve().parent.parent
OK_BODY = '{"message":"3763646c3058373530393832","type":"success"}'
WAIT_SECONDS = 120.0
"""The longest any wait below lasts: a hang fails the test instead of blocking the run. Minutes,
for what takes a second: a guard against a hang, which no loaded machine comes near."""


@pytest.fixture
def tmpdir_env(tmp_path: Path) -> Path:
    """A private temporary folder for the command: whatever it leaves there is seen."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def _env(tmpdir: Path) -> dict[str, str]:
    return {**os.environ, "TMPDIR": str(tmpdir), "PYTHONPATH": str(ROOT)}


def gate(
    *args: str,
    tmpdir: Path,
    cwd: Path | None = None,
    stdin: IO[bytes] | int | None = subprocess.DEVNULL,
    stdout: IO[bytes] | int = subprocess.PIPE,
    closed: Sequence[int] = (),
) -> Run:
    """Run ``sms-diagnose *args``; ``closed`` lists descriptors (0, 1) closed as by <&- or >&-."""
    command = [sys.executable, "-m", "diagnose", *args]
    if closed:
        redirections = " ".join(f"{fd}>&-" for fd in closed)
        command = ["sh", "-c", f'exec "$@" {redirections}', "sh", *command]
    completed = subprocess.run(
        command,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=on_the_real_clock(_env(tmpdir)) if closed else _env(tmpdir),  # see tests/real_clock.py
        timeout=120,
        check=False,
    )
    return Run(
        completed.returncode,
        (completed.stdout or b"").decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )


def assert_misuse(run: Run, *fragments: str) -> str:
    """Exit status 2, exactly one line on standard error, in the command's own words."""
    assert run.status == 2, run
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("sms-diagnose: error: "), run.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def assert_usage_error(run: Run, *fragments: str) -> None:
    """An error argparse reports: exit status 2, its usage, then one error line; no traceback."""
    assert run.status == 2, run
    assert "Traceback" not in run.stderr and "Error:" not in run.stderr, run.stderr
    last = run.stderr.splitlines()[-1]
    assert last.startswith("sms-diagnose: error: argument --max-bytes: "), run.stderr
    for fragment in fragments:
        assert fragment in last


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "traffic.jsonl"
    path.write_text(
        json.dumps({"id": "a1", "body": OK_BODY}) + "\n" + json.dumps({"type": "error", "code": "311"}) + "\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def fixtures(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    (folder / "ok.json").write_text(OK_BODY, encoding="utf-8")
    return folder


# --- 1. the report never overwrites an input, nor lands where it would be read as one ---


def _same_path(log: Path) -> tuple[list[str], Path]:
    return [str(log)], log


def _relative_path(log: Path) -> tuple[list[str], Path]:
    return [log.name], Path(".") / log.name


def _hard_link(log: Path) -> tuple[list[str], Path]:
    other = log.with_name("hard-link.jsonl")
    os.link(log, other)
    return [str(log)], other


def _input_is_a_symlink(log: Path) -> tuple[list[str], Path]:
    link = log.with_name("link.jsonl")
    link.symlink_to(log)
    return [str(link)], log


def _output_is_a_symlink(log: Path) -> tuple[list[str], Path]:
    link = log.with_name("report-link.txt")
    link.symlink_to(log)
    return [str(log)], link


def _among_other_inputs(log: Path) -> tuple[list[str], Path]:
    other = log.with_name("other.json")
    other.write_text(OK_BODY, encoding="utf-8")
    return [str(other), str(log)], log


@pytest.mark.parametrize(
    "arrange",
    [_same_path, _relative_path, _hard_link, _input_is_a_symlink, _output_is_a_symlink, _among_other_inputs],
)
def test_output_that_is_an_input_is_refused_and_the_log_survives(
    arrange: Callable[[Path], tuple[list[str], Path]], log: Path, tmpdir_env: Path
) -> None:
    before = log.read_bytes()
    inputs, output = arrange(log)
    run = gate("check", *inputs, "-o", str(output), tmpdir=tmpdir_env, cwd=log.parent)
    assert_misuse(run, "is also an input", "the report would overwrite it")
    assert run.stdout == ""
    assert log.read_bytes() == before, "the log must not be truncated"
    assert list(tmpdir_env.iterdir()) == []


def test_every_format_refuses_the_input_as_output(log: Path, tmpdir_env: Path) -> None:
    before = log.read_bytes()
    for report_format in ("human", "json", "junit", "github"):
        run = gate("check", str(log), "--format", report_format, "-o", str(log), tmpdir=tmpdir_env)
        assert_misuse(run, f"--output {log} is also an input ({log})")
    assert log.read_bytes() == before


@pytest.mark.parametrize("where", ["report.xml", "deeper/report.xml", "."])
def test_output_inside_an_input_folder_is_refused(where: str, fixtures: Path, tmpdir_env: Path) -> None:
    (fixtures / "deeper").mkdir()
    before = sorted(p.name for p in fixtures.rglob("*"))
    output = fixtures / where
    run = gate("check", "--format", "junit", str(fixtures), "-o", str(output), tmpdir=tmpdir_env)
    if where == ".":
        assert_misuse(run, "is also an input")
    else:
        assert_misuse(run, f"is inside the input folder {fixtures}", "would be checked as an input")
    assert sorted(p.name for p in fixtures.rglob("*")) == before, "no report is created there"


def test_output_beside_the_inputs_is_fine(log: Path, fixtures: Path, tmpdir_env: Path) -> None:
    report = log.parent / "report.xml"
    run = gate("check", "--format", "junit", str(fixtures), str(log), "-o", str(report), tmpdir=tmpdir_env)
    assert run.status == 0, run
    assert "checked 3 responses: 3 passed, 0 failed (junit report in" in run.stdout
    assert report.read_text(encoding="utf-8").startswith("<?xml")
    assert list(tmpdir_env.iterdir()) == []


def test_output_dash_is_standard_output(log: Path, tmpdir_env: Path) -> None:
    run = gate("check", str(log), "--format", "json", "-o", "-", tmpdir=tmpdir_env, cwd=log.parent)
    assert run.status == 0, run
    assert json.loads(run.stdout)["summary"]["responses"] == 2
    assert not (log.parent / "-").exists(), "- is standard output, not a file named -"


def test_export_output_dash_is_standard_output(tmp_path: Path, tmpdir_env: Path) -> None:
    run = gate("export", "-o", "-", tmpdir=tmpdir_env, cwd=tmp_path)
    assert run.status == 0 and run.stderr == ""
    assert json.loads(run.stdout)["entries"]
    assert not (tmp_path / "-").exists()


def test_standard_input_that_is_the_output_is_refused(log: Path, tmpdir_env: Path) -> None:
    before = log.read_bytes()
    with log.open("rb") as stdin:
        run = gate("check", "--jsonl", "-", "-o", str(log), tmpdir=tmpdir_env, stdin=stdin)
    assert_misuse(run, "is also an input (standard input)")
    assert log.read_bytes() == before


def test_standard_output_appended_to_an_input_is_refused(log: Path, tmpdir_env: Path) -> None:
    """`check log.jsonl >> log.jsonl` would append the report to the log it checks."""
    before = log.read_bytes()
    with log.open("ab") as stdout:
        run = gate("check", str(log), tmpdir=tmpdir_env, stdout=stdout)
    assert_misuse(run, f"standard output is also an input ({log})")
    assert log.read_bytes() == before


def test_standard_output_into_an_input_folder_is_refused(fixtures: Path, tmpdir_env: Path) -> None:
    """`check fixtures > fixtures/report.txt`: the shell made the report an input before the run."""
    report = fixtures / "report.txt"
    with report.open("wb") as stdout:
        run = gate("check", str(fixtures), tmpdir=tmpdir_env, stdout=stdout)
    assert_misuse(run, f"standard output is also an input ({report})")
    assert (fixtures / "ok.json").read_text(encoding="utf-8") == OK_BODY


def test_a_missing_input_is_reported_before_the_output_is_truncated(log: Path, tmpdir_env: Path) -> None:
    report = log.parent / "report.txt"
    report.write_text("last run's report\n", encoding="utf-8")
    run = gate("check", str(log), str(log.parent / "missing.json"), "-o", str(report), tmpdir=tmpdir_env)
    assert_misuse(run, "missing.json: no such file or folder")
    assert report.read_text(encoding="utf-8") == "last run's report\n"


# --- 2. closed standard input, --max-bytes, unwritable outputs ---


def test_closed_stdin_is_harmless_when_it_is_not_read(fixtures: Path, tmpdir_env: Path) -> None:
    run = gate("check", str(fixtures / "ok.json"), tmpdir=tmpdir_env, stdin=None, closed=[0])
    assert run.status == 0 and run.stderr == "", run
    assert "checked 1 response from 1 file: 1 passed, 0 failed" in run.stdout
    parsed = gate("parse", str(fixtures / "ok.json"), tmpdir=tmpdir_env, stdin=None, closed=[0])
    assert parsed.status == 0 and parsed.stderr == "", parsed


def test_closed_stdin_with_output_and_jobs(fixtures: Path, log: Path, tmpdir_env: Path) -> None:
    """With fd 0 closed, the report file may be opened as descriptor 0: nothing reads it as stdin."""
    report = log.parent / "report.json"
    run = gate(
        "check", "-j", "2", "--format", "json", str(fixtures), str(log), "-o", str(report),
        tmpdir=tmpdir_env, stdin=None, closed=[0],
    )  # fmt: skip
    assert run.status == 0 and run.stderr == "", run
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["responses"] == 3
    assert list(tmpdir_env.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("check", "-"),
        ("check", "--jsonl", "-"),
        ("check", "{ok}", "-"),
        ("parse", "-"),
        ("parse", "{ok}", "-"),
        ("report", "-"),
    ],
)
def test_reading_a_closed_stdin_is_one_line(args: tuple[str, ...], fixtures: Path, tmpdir_env: Path) -> None:
    args = tuple(arg.replace("{ok}", str(fixtures / "ok.json")) for arg in args)
    run = gate(*args, tmpdir=tmpdir_env, stdin=None, closed=[0])
    assert assert_misuse(run) == "sms-diagnose: error: -: standard input is closed"
    assert run.stdout == ""
    assert list(tmpdir_env.iterdir()) == []


def test_closed_stdin_does_not_truncate_the_output(tmp_path: Path, tmpdir_env: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("kept\n", encoding="utf-8")
    run = gate("check", "-", "-o", str(report), tmpdir=tmpdir_env, stdin=None, closed=[0])
    assert_misuse(run, "standard input is closed")
    assert report.read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0", "not 0"),
        ("-1", "not -1"),
        ("1000000000000", "not 1,000,000,000,000"),  # a limit typed on the command line, no phone number
        ("300000000", "not 300,000,000"),
        ("9223372036854775807", "not an integer of about 19 digits"),
        (str(LARGEST_MAX_BYTES + 1), "not 268,435,457"),
        ("1e6", "not a whole number: '1e6'"),
        ("lots", "not a whole number: 'lots'"),
    ],
)
def test_max_bytes_out_of_range_is_a_usage_error(value: str, shown: str, fixtures: Path, tmpdir_env: Path) -> None:
    run = gate("check", str(fixtures), f"--max-bytes={value}", tmpdir=tmpdir_env)
    assert_usage_error(run, shown)
    assert run.stdout == ""


def test_max_bytes_bounds_are_accepted(fixtures: Path, tmpdir_env: Path) -> None:
    assert LARGEST_MAX_BYTES == 256 << 20
    for value in ("1", str(LARGEST_MAX_BYTES)):
        run = gate("check", str(fixtures), "--max-bytes", value, tmpdir=tmpdir_env)
        assert run.status in (0, 1) and run.stderr == "", run
    run = gate("check", str(fixtures), "--max-bytes", str(LARGEST_MAX_BYTES), tmpdir=tmpdir_env)
    assert run.status == 0, run


def test_export_to_an_unwritable_place_is_one_line(tmp_path: Path, tmpdir_env: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "catalog.json"
    assert_misuse(
        gate("export", "-o", str(missing), tmpdir=tmpdir_env),
        f"{missing}: cannot be written (No such file or directory)",
    )
    assert_misuse(gate("export", "-o", str(tmp_path), tmpdir=tmpdir_env), f"{tmp_path}: cannot be written")


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")


@needs_dev_full
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "-o", "/dev/full"), "/dev/full: cannot be written (No space left on device)"),
        (("check", "-o", "/dev/full", "{ok}"), "/dev/full: cannot be written (No space left on device)"),
        (
            ("check", "--format", "json", "{ok}", "-o", "/dev/full"),
            "/dev/full: cannot be written (No space left on device)",
        ),
    ],
)
def test_a_full_disk_is_one_line(args: tuple[str, ...], message: str, fixtures: Path, tmpdir_env: Path) -> None:
    args = tuple(arg.replace("{ok}", str(fixtures / "ok.json")) for arg in args)
    run = gate(*args, tmpdir=tmpdir_env)
    assert assert_misuse(run) == f"sms-diagnose: error: {message}"
    assert list(tmpdir_env.iterdir()) == []


@needs_dev_full
@pytest.mark.parametrize("args", [("export",), ("check", "{ok}"), ("check", "--format", "junit", "{ok}")])
def test_a_full_standard_output_is_one_line(args: tuple[str, ...], fixtures: Path, tmpdir_env: Path) -> None:
    args = tuple(arg.replace("{ok}", str(fixtures / "ok.json")) for arg in args)
    with open("/dev/full", "wb") as full:
        run = gate(*args, tmpdir=tmpdir_env, stdout=full)
    assert assert_misuse(run) == "sms-diagnose: error: standard output: cannot be written (No space left on device)"


@pytest.mark.parametrize("args", [("export",), ("check", "{ok}")])
def test_a_closed_standard_output_is_one_line(args: tuple[str, ...], fixtures: Path, tmpdir_env: Path) -> None:
    args = tuple(arg.replace("{ok}", str(fixtures / "ok.json")) for arg in args)
    run = gate(*args, tmpdir=tmpdir_env, closed=[1])
    assert_misuse(run, "standard output is closed")


# --- 3. SIGTERM (and Ctrl-C) during a check: no spool left behind ---


@pytest.fixture(scope="module")
def big_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log large enough to be split between workers (over 2 x check_input.MIN_CHUNK_BYTES)."""
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    line = json.dumps({"id": "x", "body": '{"type":"error","message":"Missing Authentication Key","code":"106"}'})
    with path.open("w", encoding="utf-8") as stream:
        for _ in range(16):
            stream.write((line + "\n") * 10_000)
    assert path.stat().st_size > 10 << 20
    return path


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[Any], what: str) -> None:
    """Poll ``condition`` until it holds; fails when the process ends or WAIT_SECONDS pass first."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the check ended (status {process.returncode}) before {what}")
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            pytest.fail(f"no {what} within {WAIT_SECONDS} s")
        time.sleep(0.01)


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:  # not Linux, or no such file: the check on workers is skipped
        return []


def _interrupted(
    big_log: Path,
    tmpdir: Path,
    jobs: int,
    send: Callable[[subprocess.Popen[Any]], None],
    extra: Sequence[str] = (),
) -> tuple[subprocess.Popen[bytes], str, list[int]]:
    """Start a check of the big log then of standard input (held open, so the run cannot end by
    itself), wait until it has spooled part of its report, ``send`` it a signal, and wait for it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "diagnose", "check", "-j", str(jobs), *extra, str(big_log), "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(tmpdir),
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        _wait_for(lambda: any(tmpdir.glob("sms-diagnose-*/*.part")), process, "spool file")
        if jobs > 1:
            _wait_for(lambda: len(_children(process.pid)) >= 1 or not Path("/proc").is_dir(), process, "worker")
        workers = _children(process.pid)
        send(process)
        try:
            _, stderr = process.communicate(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the check did not end within {WAIT_SECONDS} s of the signal")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process, stderr.decode("utf-8", "replace"), workers


def _assert_workers_gone(workers: list[int]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while (left := [pid for pid in workers if Path(f"/proc/{pid}").exists()]) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not left, f"workers still running: {left}"


@pytest.mark.parametrize("jobs", [1, 2])
def test_sigterm_removes_the_spool_and_exits_143(jobs: int, big_log: Path, tmpdir_env: Path) -> None:
    process, stderr, workers = _interrupted(big_log, tmpdir_env, jobs, lambda p: p.send_signal(signal.SIGTERM))
    assert process.returncode == 128 + signal.SIGTERM == 143
    assert stderr == "", "no traceback, from the check or its workers"
    assert list(tmpdir_env.iterdir()) == [], "the spool folder is removed"
    _assert_workers_gone(workers)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_an_interrupted_check_leaves_an_earlier_report_as_it_was(
    signum: int, big_log: Path, tmpdir_env: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_text("an earlier report\n")
    process, stderr, _ = _interrupted(big_log, tmpdir_env, 1, lambda p: p.send_signal(signum), ["-o", str(report)])
    assert process.returncode in (130, 143) and stderr == ""
    assert report.read_text() == "an earlier report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt", "tmp"], "no temporary report is left"


def test_a_finished_check_puts_its_report_in_place_with_the_usual_mode(tmp_path: Path, tmpdir_env: Path) -> None:
    body = tmp_path / "ok.json"
    body.write_text('{"type":"success","message":"3763646c3058343736393231"}')
    report = tmp_path / "out" / "report.xml"
    report.parent.mkdir()
    run = gate("check", "--format", "junit", "-o", str(report), str(body), tmpdir=tmpdir_env)
    assert run.status == 0 and report.read_text().startswith("<?xml")
    assert report.stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert [p.name for p in report.parent.iterdir()] == ["report.xml"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"])
def test_a_signal_to_the_whole_process_group_is_clean(
    signum: int, status: int, big_log: Path, tmpdir_env: Path
) -> None:
    """What Ctrl-C, or `kill -TERM -- -PGID`, does: the workers get the signal too."""
    process, stderr, workers = _interrupted(big_log, tmpdir_env, 2, lambda p: os.killpg(p.pid, signum))
    assert process.returncode == status
    assert stderr == "", "no traceback, from the check or its workers"
    assert list(tmpdir_env.iterdir()) == []
    _assert_workers_gone(workers)


@pytest.mark.slow
def test_a_check_that_ends_leaves_nothing_and_keeps_sigterm_default(big_log: Path, tmpdir_env: Path) -> None:
    run = gate("check", "-j", "2", "--format", "json", str(big_log), tmpdir=tmpdir_env)
    assert run.status == 1 and run.stderr == "", run.stderr
    assert json.loads(run.stdout)["summary"]["failed"] == 160_000
    assert list(tmpdir_env.iterdir()) == []


def test_run_check_restores_the_sigterm_handler(fixtures: Path) -> None:
    """In process: SIGTERM has its default action again once run_check has returned."""
    import io

    from diagnose.check.policy import Policy
    from diagnose.check.run import run_check

    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    out = io.StringIO()
    tally = run_check([str(fixtures)], Policy.build("error", [], False), "human", out)
    assert tally.total == 1
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
