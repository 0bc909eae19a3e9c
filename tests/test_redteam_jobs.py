"""Red team of `sms-diagnose trace --jobs N` and of trace's masked places: what `--jobs 2` prints,
its exit status, the processes it leaves, and what its human lines show, against the promises
(the output of two jobs is byte for byte that of one, whatever the inputs hold; no process is
left behind after any ending; no key or number in clear; no line a CI runner obeys)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from diagnose.limits import DEFAULT_MAX_BYTES

from .cli_runner import run_cli

NOW = "2026-01-01T00:00:00Z"
REQUEST_ID = "3763646c3058000000000abd"
ANSWER = json.dumps({"id": "m1", "time": 1764064800, "body": json.dumps({"type": "success", "message": REQUEST_ID})})
FAILED = {"requestId": REQUEST_ID, "number": "919800000001", "status": "2", "desc": "FAILED"}

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _both(*args: str) -> tuple[object, object]:
    one = run_cli("trace", *args, "--now", NOW, "--jobs", "1")
    two = run_cli("trace", *args, "--now", NOW, "--jobs", "2")
    return one, two


def test_a_report_line_over_max_bytes_is_described_alike_with_two_jobs(tmp_path: Path) -> None:
    """A report line over --max-bytes is told as too long with two jobs too: the worker spools the
    items it read (it spooled nothing, and the line was read again cut at --max-bytes)."""
    requests, reports = tmp_path / "requests.jsonl", tmp_path / "reports.jsonl"
    requests.write_text(ANSWER + "\n", encoding="utf-8")
    huge = json.dumps(FAILED | {"pad": "x" * (2 * DEFAULT_MAX_BYTES)})
    reports.write_text(huge + "\n" + json.dumps(FAILED) + "\n", encoding="utf-8")
    one, two = _both(str(requests), str(reports))
    assert "longer than 1,048,576 bytes, not read" in one.stdout  # type: ignore[attr-defined]
    assert two == one


def test_a_last_report_line_one_byte_over_max_bytes_gives_the_same_exit_status_with_two_jobs(tmp_path: Path) -> None:
    """A last line of max_bytes + 1 bytes without its newline is a line that is not a record with
    two jobs too (it was read again as a report without a request id, which failed the run)."""
    requests, reports = tmp_path / "requests.jsonl", tmp_path / "reports.jsonl"
    requests.write_text(ANSWER + "\n", encoding="utf-8")
    padded = FAILED | {"pad": ""}
    padded["pad"] = "x" * (DEFAULT_MAX_BYTES + 1 - len(json.dumps(padded)))
    line = json.dumps(padded)
    assert len(line) == DEFAULT_MAX_BYTES + 1
    reports.write_text(line, encoding="utf-8")
    one, two = _both(str(requests), str(reports), "--allow-invalid")
    assert one.status == 0  # type: ignore[attr-defined]
    assert two == one


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_line_that_is_not_a_record_of_a_file_named_like_a_workflow_command_is_no_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """No line of trace starts with ``::``: its 'invalid' lines get the backslash its journey lines get."""
    monkeypatch.chdir(tmp_path)
    Path("::error::answers.jsonl").write_text(ANSWER + "\nnot json\n", encoding="utf-8")
    Path("::warning::reports.jsonl").write_text(json.dumps(FAILED) + "\n{not json\n", encoding="utf-8")
    run = run_cli("trace", "::error::answers.jsonl", "::warning::reports.jsonl", "--now", NOW, "--jobs", jobs)
    assert "invalid" in run.stdout
    assert [line for line in run.stdout.splitlines() if line.lstrip().startswith("::")] == []


@pytest.mark.parametrize("more", [(), ("--format", "json")])
def test_a_key_in_a_whole_files_name_with_a_colon_is_masked_as_before(tmp_path: Path, more: tuple[str, ...]) -> None:
    """The name of an answer file read whole, ``authkey=366412A:1234567``, is masked whole: the
    key's value runs on past the colon, which is no line number's (split there, neither half was
    masked and the key was shown)."""
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "authkey=366412A:1234567").write_text(json.dumps({"type": "success", "message": REQUEST_ID}))
    reports = tmp_path / "reports.jsonl"
    reports.write_text(json.dumps(FAILED | {"failedReason": "Absent Subscriber"}) + "\n", encoding="utf-8")
    run = run_cli("trace", str(answers), str(reports), "--now", NOW, *more)
    assert REQUEST_ID in run.stdout
    assert "366412A" not in run.stdout


@linux_only
def test_ctrl_c_as_the_worker_is_forked_leaves_no_worker(tmp_path: Path) -> None:
    """Ctrl-C that comes while the fork's signals are blocked is raised as they are unblocked: the
    worker forked then is ended and waited for on the way out (its Forked was lost before). Run
    in a process of one thread, as the command is: in one of several (a pytest-xdist worker),
    another thread takes the signal at once."""
    requests, reports = tmp_path / "requests.jsonl", tmp_path / "reports.jsonl"
    requests.write_text(ANSWER + "\n", encoding="utf-8")
    reports.write_text(json.dumps(FAILED) + "\n", encoding="utf-8")
    driver = tmp_path / "driver.py"
    driver.write_text(
        textwrap.dedent(
            """
            import os, signal, sys, time
            from diagnose.journeys import ahead
            spooled, real_fork = ahead._spooled, os.fork
            def slow(path, options, spool):
                time.sleep(30)  # a worker that would outlive a run that forgot it
                return spooled(path, options, spool)
            def fork():
                pid = real_fork()
                if pid:
                    print(pid, flush=True)
                    os.kill(os.getpid(), signal.SIGINT)  # pending until the fork's signals are unblocked
                return pid
            ahead._spooled, os.fork = slow, fork
            from diagnose.cli.main import main
            sys.exit(main(sys.argv[1:]))
            """
        ),
        encoding="utf-8",
    )
    args = [sys.executable, str(driver), "trace", str(requests), str(reports), "--now", NOW, "--jobs", "2"]
    out, err = tmp_path / "out", tmp_path / "err"
    with out.open("w") as stdout, err.open("w") as stderr:  # files: a worker left behind holds no pipe open
        status = subprocess.run(args, stdout=stdout, stderr=stderr, timeout=60, check=False).returncode
    workers = [int(pid) for pid in out.read_text().split()[:1]]
    try:
        assert status == 130 and len(workers) == 1, err.read_text()
        assert not _alive(workers[0])  # ended: a worker left behind would sleep on
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in {"Z", "X"}


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@linux_only
def test_sigterm_to_the_main_process_leaves_no_worker(tmp_path: Path) -> None:
    """SIGTERM ends trace as it ends check: Terminated (status 143) after its cleanup, which ends
    its worker (the main process died at once, and a worker in a long batch outlived it)."""
    requests, reports = tmp_path / "requests.jsonl", tmp_path / "reports.jsonl"
    requests.write_text(ANSWER + "\n", encoding="utf-8")
    reports.write_text(json.dumps(FAILED) + "\n", encoding="utf-8")
    driver = tmp_path / "driver.py"
    driver.write_text(
        textwrap.dedent(
            """
            import sys, time
            from diagnose.journeys import ahead
            spooled = ahead._spooled
            def slow(path, options, spool):
                time.sleep(30)  # a long batch between two spool writes
                return spooled(path, options, spool)
            ahead._spooled = slow
            from diagnose.cli.main import main
            sys.exit(main(sys.argv[1:]))
            """
        ),
        encoding="utf-8",
    )
    args = [sys.executable, str(driver), "trace", str(requests), str(reports), "--now", NOW, "--jobs", "2"]
    main = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    workers: list[int] = []
    try:
        for _ in range(300):
            workers = _children(main.pid)
            if workers:
                break
            time.sleep(0.05)
        assert workers, "the worker was forked"
        main.send_signal(signal.SIGTERM)
        assert main.wait(timeout=30) == 128 + signal.SIGTERM  # Terminated, after its cleanup
        for _ in range(100):  # five seconds for the worker to end
            if not any(_alive(pid) for pid in workers):
                break
            time.sleep(0.05)
        assert [pid for pid in workers if _alive(pid)] == []
    finally:
        if main.poll() is None:
            main.kill()
            main.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_logs_rotated_halfway_through_the_telling_trace_alike_with_two_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The logs are rotated (renamed, new empty ones made in their place) when half the messages
    are told: the worker that tells the second half reads the files this process opened, as one
    process goes on reading them (it opened them again by name, and stopped the run)."""
    from diagnose.journeys import run
    from diagnose.journeys.held import Held

    monkeypatch.setattr(run, "SPLIT_FROM", 2)
    ids = [f"3763646c30580000000001{n:02x}" for n in range(8)]
    answers = [
        json.dumps({"id": f"m{n}", "time": 1764064800 + n, "body": json.dumps({"type": "success", "message": i})})
        for n, i in enumerate(ids)
    ]
    pending = [
        json.dumps({"requestId": i, "number": f"9198000000{n:02d}", "desc": "Submitted"}) for n, i in enumerate(ids)
    ]
    waiting = Held.waiting

    def rotating(self: Held, index: int, inputs: object) -> object:
        if index == len(self) // 2:  # half told: the logs are rotated
            for log in logs:
                if log.stat().st_size:
                    log.rename(log.with_suffix(".jsonl.1"))
                    log.write_text("", encoding="utf-8")
        return waiting(self, index, inputs)  # type: ignore[arg-type]

    monkeypatch.setattr(Held, "waiting", rotating)
    runs = []
    for jobs in ("1", "2"):
        folder = tmp_path / jobs
        folder.mkdir()
        logs = [folder / "requests.jsonl", folder / "reports.jsonl"]
        logs[0].write_text("\n".join(answers) + "\n", encoding="utf-8")
        logs[1].write_text("\n".join(pending) + "\n", encoding="utf-8")
        done = run_cli("trace", str(logs[0]), str(logs[1]), "--now", NOW, "--jobs", jobs)
        runs.append((done.status, done.stdout.replace(str(folder), "F"), done.stderr.replace(str(folder), "F")))
    assert runs[0][0] == 0 and "still pending" in runs[0][1]
    assert runs[1] == runs[0]
