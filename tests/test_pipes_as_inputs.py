"""A named pipe or process substitution (``check <(zcat log.jsonl.gz)``) is read once, as standard
input is: one body, or JSON Lines with --jsonl (issue 26, part 6). trace copies what it reads,
so a told message is shown from the copy, never by opening the pipe again (which would hang)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@contextmanager
def pipes(tmp_path: Path, *contents: bytes) -> Iterator[list[str]]:
    """Named pipes, each fed ``content`` by a thread once the command opens it."""
    names, writers = [], []
    for index, content in enumerate(contents):
        name = tmp_path / f"pipe{index}"
        os.mkfifo(name)

        def feed(name: Path = name, content: bytes = content) -> None:
            with name.open("wb") as pipe:
                pipe.write(content)

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        names.append(str(name))
        writers.append(writer)
    yield names
    for writer in writers:
        writer.join(timeout=10)
        assert not writer.is_alive(), "the command never read the pipe"


def test_parse_reads_a_pipe_as_one_body(tmp_path: Path) -> None:
    with pipes(tmp_path, (EXAMPLES / "responses" / "ip-not-whitelisted.xml").read_bytes()) as [pipe]:
        run = run_cli("parse", pipe)
    assert run.status == 0 and run.stdout.startswith("418 IP_NOT_WHITELISTED")


def test_check_reads_a_pipe_of_json_lines_with_jsonl(tmp_path: Path) -> None:
    with pipes(tmp_path, (EXAMPLES / "journeys" / "requests.jsonl").read_bytes()) as [pipe]:
        run = run_cli("check", "--jsonl", "--jobs", "1", pipe)
    assert run.status == 1
    assert run.stdout.splitlines()[-1] == "checked 6 responses from 1 file: 5 passed, 1 failed"
    assert f"{pipe}:3" in run.stdout and "102" in run.stdout


def test_report_reads_a_pipe(tmp_path: Path) -> None:
    with pipes(tmp_path, (EXAMPLES / "reports" / "events-v4.json").read_bytes()) as [pipe]:
        run = run_cli("report", pipe)
    assert "DELIVERY_DELIVERED" in run.stdout and "DELIVERY_REJECTED_BY_PROVIDER" in run.stdout
    assert "not a regular file" not in run.stderr


def test_trace_of_two_pipes_tells_what_the_files_tell(tmp_path: Path) -> None:
    answers, reports = EXAMPLES / "journeys" / "requests.jsonl", EXAMPLES / "journeys" / "reports.jsonl"
    now = ["--now", "2026-01-01T00:00:00Z"]
    from_files = run_cli("trace", *now, str(answers), str(reports))
    with pipes(tmp_path, answers.read_bytes(), reports.read_bytes()) as [answers_pipe, reports_pipe]:
        from_pipes = run_cli("trace", *now, answers_pipe, reports_pipe)
    assert from_pipes.status == from_files.status
    assert from_pipes.stdout.replace(answers_pipe, str(answers)) == from_files.stdout
    assert "DLT" in from_pipes.stdout  # a told failure, shown from the copy of the pipe


def test_preflight_reads_a_pipe_of_requests(tmp_path: Path) -> None:
    sends = EXAMPLES / "outgoing" / "sends.jsonl"
    with pipes(tmp_path, sends.read_bytes()) as [pipe]:
        from_pipe = run_cli("preflight", "--jsonl", pipe)
    from_file = run_cli("preflight", str(sends))
    assert from_pipe.status == from_file.status == 1
    assert from_pipe.stdout.splitlines()[-1] == from_file.stdout.splitlines()[-1]


def test_one_pipe_given_twice_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    """Red team: check FIFO FIFO reported the spent second read as an empty body, or hung."""
    fifo = tmp_path / "answers"
    os.mkfifo(fifo)  # never opened for writing: a command that read it would wait for ever
    for command in (["check"], ["parse"], ["report"], ["preflight"]):
        run = run_cli(*command, str(fifo), str(fifo))
        assert (
            run.status == 2
            and run.stderr == f"sms-diagnose: error: {fifo} is given more than once: a pipe can be read only once\n"
        )
    run = run_cli("trace", str(fifo), str(fifo))
    assert run.status == 2 and "a pipe can be read only once" in run.stderr


def test_a_device_is_no_input(tmp_path: Path) -> None:
    """Red team: trace /dev/zero copied the device into a temporary file without end."""
    for command in (["trace", "/dev/zero", "/dev/zero"], ["check", "/dev/zero"], ["parse", "/dev/urandom"]):
        run = run_cli(*command)
        assert run.status == 2 and run.stderr.endswith(": not a file, pipe or folder\n"), run.stderr
