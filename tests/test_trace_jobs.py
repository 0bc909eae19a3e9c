"""`sms-diagnose trace --jobs N` (N above 1, the default on a machine of several cores) reads the
reports in a second process while it reads the answers, and tells the second half of the
messages held in a second process while it tells the first: what it prints, its counts and its
exit status are those of `--jobs 1`, whatever the inputs hold; a worker that does not end well is
read past, and its work done in the main process."""

from __future__ import annotations

import errno
import json
import os
import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from diagnose.journeys import ahead, run
from diagnose.journeys import forked as forked_module
from diagnose.journeys.ahead import ReadAhead, can_read_ahead
from diagnose.journeys.forked import Forked
from diagnose.journeys.held import Held
from diagnose.logs.reader import ReadOptions
from diagnose.logs.units import InputError

from .cli_runner import run_cli
from .journey_logs import IDS, ok, report

NOW = "2026-11-25T13:15:00Z"
ANSWERS = [
    *(json.dumps({"id": f"m{n}", "time": 1764064800 + n, "body": ok(request_id)}) for n, request_id in enumerate(IDS)),
    json.dumps({"id": "refused", "body": '{"type":"error","message":"Missing message","code":"102"}'}),
    "this line is not JSON",
]
REPORT_LINES = [
    report(IDS[0], status="1", desc="DELIVERED"),
    report(IDS[1], desc="Submitted"),
    report(IDS[1], status="2", desc="FAILED", failedReason="EXP Memexcd"),
    report(IDS[2], number="919800000002", status="2", desc="FAILED", failedReason="SMS not Matched with DLT Template."),
    report(IDS[2], number="919800000003", status="1", desc="DELIVERED"),
    report(IDS[3], desc="Submitted"),
    report(IDS[4].upper(), status="16", desc="Rejected"),
    report(IDS[5], status="77", desc="Something new"),
    report("ffffffffffffffffffffffff", status="1", desc="DELIVERED"),
    json.dumps({"number": "919800000009", "status": "1", "desc": "DELIVERED"}),
    json.dumps([json.loads(report(IDS[6], status="1", desc="DELIVERED")), {"no": "report"}]),
    report(IDS[8], status="2", desc="FAILED", failedReason="Absent Subscriber"),
    report(IDS[9], number="919800000019", status="9", desc="NDNC"),
    "{not json",
    "",
    json.dumps({"id": "x", "body": ok(IDS[7])}),
]


def _write(folder: Path, answers: list[str], *report_files: list[str]) -> tuple[str, str]:
    (folder / "requests.jsonl").write_text("\n".join(answers) + "\n", encoding="utf-8")
    if len(report_files) == 1:
        (folder / "reports.jsonl").write_text("\n".join(report_files[0]) + "\n", encoding="utf-8")
        return str(folder / "requests.jsonl"), str(folder / "reports.jsonl")
    (folder / "reports").mkdir()
    for index, lines in enumerate(report_files):
        (folder / "reports" / f"{index}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(folder / "requests.jsonl"), str(folder / "reports")


def _both(requests: str, reports: str, *more: str) -> tuple[object, object]:
    one = run_cli("trace", requests, reports, "--now", NOW, "--jobs", "1", *more)
    two = run_cli("trace", requests, reports, "--now", NOW, "--jobs", "2", *more)
    return one, two


@pytest.fixture
def read_ahead_used(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each run's worker read the reports (its spool was joined), in order."""
    used: list[bool] = []
    lines = ReadAhead.lines

    def spy(self: ReadAhead, inputs: object) -> object:
        found = lines(self, inputs)  # type: ignore[arg-type]
        used.append(found is not None)
        return found

    monkeypatch.setattr(ReadAhead, "lines", spy)
    return used


@pytest.mark.parametrize("more", [(), ("--format", "json"), ("--allow-invalid", "--allow-unrecognised")])
def test_two_jobs_print_what_one_prints(tmp_path: Path, read_ahead_used: list[bool], more: tuple[str, ...]) -> None:
    requests, reports = _write(tmp_path, ANSWERS, REPORT_LINES)
    one, two = _both(requests, reports, *more)
    assert two == one
    assert read_ahead_used == [True]
    assert "EXP_MEMEXCD" in one.stdout or "REASON_EXP_MEMEXCD" in one.stdout  # type: ignore[attr-defined]


def test_a_folder_of_report_logs_is_read_ahead_file_by_file(tmp_path: Path, read_ahead_used: list[bool]) -> None:
    requests, reports = _write(tmp_path, ANSWERS, REPORT_LINES[:5], REPORT_LINES[5:], [])
    one, two = _both(requests, reports)
    assert two == one
    assert read_ahead_used == [True]
    assert f"reports{os.sep}0.jsonl" not in one.stdout  # type: ignore[attr-defined]
    assert "REASON_DLT_TEMPLATE_MISMATCH" in one.stdout  # type: ignore[attr-defined]  # read again from 0.jsonl


@pytest.mark.parametrize(
    "work",
    [
        lambda path, options, spool: os._exit(1),
        lambda path, options, spool: (spool.file.write(b"half a spool"), spool.file.flush(), os._exit(0)),
        lambda path, options, spool: os._exit(0),
    ],
    ids=["failed", "no-mark", "empty"],
)
def test_a_worker_that_did_not_end_well_is_read_past(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read_ahead_used: list[bool], work: object
) -> None:
    requests, reports = _write(tmp_path, ANSWERS, REPORT_LINES)
    one = run_cli("trace", requests, reports, "--now", NOW, "--jobs", "1")
    monkeypatch.setattr(ahead, "_spooled", work)
    two = run_cli("trace", requests, reports, "--now", NOW, "--jobs", "2")
    assert two == one
    assert read_ahead_used == [False]


def test_a_stream_standard_input_or_whole_file_is_read_here(tmp_path: Path) -> None:
    whole = tmp_path / "report.json"
    whole.write_text(report(IDS[0], status="1", desc="DELIVERED"), encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    log = tmp_path / "reports.jsonl"
    log.write_text(REPORT_LINES[0] + "\n", encoding="utf-8")
    assert [can_read_ahead(str(p)) for p in ("-", whole, fifo, tmp_path / "missing.jsonl", log)] == [
        False,
        False,
        False,
        False,
        True,
    ]


def test_standard_input_reports_trace_as_with_one_job(tmp_path: Path) -> None:
    requests, reports = _write(tmp_path, ANSWERS, REPORT_LINES)
    stdin = Path(reports).read_bytes()
    one = run_cli("trace", requests, "-", "--now", NOW, "--jobs", "1", stdin=stdin)
    two = run_cli("trace", requests, "-", "--now", NOW, "--jobs", "2", stdin=stdin)
    assert two == one and "accepted, then failed" in one.stdout


def test_closing_a_read_ahead_ends_its_worker(tmp_path: Path) -> None:
    _, reports = _write(tmp_path, ANSWERS, REPORT_LINES * 2000)
    reading = ReadAhead(reports, ReadOptions(reports=True, stdin_is_jsonl=True))
    pid = reading.worker.pid
    assert pid
    reading.close()
    assert reading.worker.pid is None and reading.worker.file.closed
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no process left behind


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_whole_number_from_one(jobs: str, tmp_path: Path) -> None:
    requests, reports = _write(tmp_path, ANSWERS, REPORT_LINES)
    run = run_cli("trace", requests, reports, "--jobs", jobs)
    assert run.status == 2 and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


@given(st.lists(st.sampled_from(REPORT_LINES), max_size=40), st.integers(min_value=1, max_value=3))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_reports_trace_alike_with_one_job_or_two(tmp_path: Path, lines: list[str], batch: int) -> None:
    folder = tmp_path / f"run{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    requests, reports = _write(folder, ANSWERS, lines)
    saved = ahead.BATCH, run.SPLIT_FROM
    ahead.BATCH, run.SPLIT_FROM = batch, 2  # lines spooled across several batches, messages told in two halves
    try:
        one, two = _both(requests, reports, "--format", "json")
        assert _both(requests, reports)[1] == _both(requests, reports)[0]
    finally:
        ahead.BATCH, run.SPLIT_FROM = saved
    assert two == one


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every run of two jobs tells half its messages in a worker; whether each worker finished."""
    monkeypatch.setattr(run, "SPLIT_FROM", 2)
    finished: list[bool] = []
    pickles = Forked.pickles

    def spy(self: Forked) -> object:
        found = pickles(self)
        finished.append(found is not None)
        return found

    monkeypatch.setattr(Forked, "pickles", spy)
    return finished


@pytest.mark.parametrize("more", [(), ("--format", "json"), ("--fail-on", "critical")])
def test_half_the_messages_told_in_a_worker_print_as_one_job_prints(
    tmp_path: Path, split: list[bool], more: tuple[str, ...]
) -> None:
    requests, reports = _write(tmp_path, ANSWERS, REPORT_LINES)
    one, two = _both(requests, reports, *more)
    assert two == one
    assert split == [True, True]  # the reports read ahead, then half the messages told
    assert "REASON_ABSENT_SUBSCRIBER" in one.stdout  # type: ignore[attr-defined]  # told by the worker


def test_a_telling_worker_that_did_not_finish_is_told_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: list[bool]
) -> None:
    requests, reports = _write(tmp_path, ANSWERS, REPORT_LINES)
    one = run_cli("trace", requests, reports, "--now", NOW, "--jobs", "1")
    monkeypatch.setattr(run._Trace, "_told_in_worker", lambda self, start, stop, spool: os._exit(3))
    two = run_cli("trace", requests, reports, "--now", NOW, "--jobs", "2")
    assert two == one
    assert split == [True, False]


def test_a_file_changed_under_the_worker_stops_the_run_where_one_job_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: list[bool]
) -> None:
    requests, reports = _write(tmp_path, ANSWERS, REPORT_LINES)
    waiting = Held.waiting

    def changed(self: Held, index: int, inputs: object) -> object:
        if index == len(self) - 2:
            raise InputError("reports.jsonl: changed while it was traced")
        return waiting(self, index, inputs)  # type: ignore[arg-type]

    monkeypatch.setattr(Held, "waiting", changed)
    one, two = _both(requests, reports)
    assert two == one
    assert one.status == 2 and "changed while it was traced" in one.stderr  # type: ignore[attr-defined]
    assert split == [True, True]


def test_reports_from_standard_input_are_told_by_two_processes_from_their_copy(
    tmp_path: Path, split: list[bool]
) -> None:
    requests, reports = _write(tmp_path, ANSWERS, REPORT_LINES)
    stdin = Path(reports).read_bytes()
    two = run_cli("trace", requests, "-", "--now", NOW, "--jobs", "2", stdin=stdin)
    assert two == run_cli("trace", requests, "-", "--now", NOW, "--jobs", "1", stdin=stdin)
    assert split == [True]  # read here (standard input is read once), then told in halves


@pytest.mark.parametrize("broken", ["tempdir", "fork"])
def test_without_a_temporary_file_or_a_fork_the_work_is_done_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: list[bool], broken: str
) -> None:
    requests, reports = _write(tmp_path, ANSWERS, REPORT_LINES)
    one = run_cli("trace", requests, reports, "--now", NOW, "--jobs", "1")
    if broken == "tempdir":
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    else:

        def no_fork() -> int:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

        monkeypatch.setattr(os, "fork", no_fork)
    two = run_cli("trace", requests, reports, "--now", NOW, "--jobs", "2")
    assert two == one
    assert split == []  # no worker started


@given(
    st.binary(max_size=300).map(lambda data: data.replace(b"x", b"\n")) | st.just(b"a\nbb\n\nccc"),
    st.lists(st.tuples(st.integers(0, 320), st.integers(1, 40)), max_size=12),
    st.integers(1, 8),
)
@example(b"aaaaaaa\n", [(0, 6)], 4)  # a line longer than the limit, over two chunks
@example(b"ab\ncd\nef\n", [(0, 9), (3, 9), (4, 2), (0, 1)], 8)  # lines from what was kept
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_line_read_at_a_place_is_what_a_buffered_file_reads_there(
    tmp_path: Path, data: bytes, reads: list[tuple[int, int]], chunk: int
) -> None:
    """The telling worker reads lines with os.pread (places._Positional), in any order and with
    any limit, as this process's buffered file reads them."""
    from diagnose.journeys.places import _Positional

    path = tmp_path / "log.jsonl"
    path.write_bytes(data)
    with path.open("rb") as buffered, path.open("rb") as file:
        positional = _Positional(file)
        positional.CHUNK = chunk  # lines longer than a chunk, and lines read from what was kept
        for at, limit in reads:
            buffered.seek(at)
            positional.seek(at)
            assert positional.readline(limit) == buffered.readline(limit)
        assert file.tell() == 0  # its offset never moved


def test_an_interrupt_raised_as_the_worker_is_forked_leaves_no_worker_and_no_signal_blocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a process with other threads, Ctrl-C may be taken by one of them and raised in this one
    right after the fork, while SIGINT and SIGTERM are still blocked in it: the worker is ended
    and waited for, and the signals are unblocked (a child started later would inherit them
    blocked and never end on SIGTERM)."""
    requests, reports = _write(tmp_path, ANSWERS, REPORT_LINES * 200)
    forked: list[int] = []

    class Interrupted(set[int]):
        def add(self, pid: int) -> None:
            forked.append(pid)
            raise KeyboardInterrupt  # as a handler run between the fork and what follows it

    monkeypatch.setattr(forked_module, "_started", Interrupted())
    run = run_cli("trace", requests, reports, "--now", NOW, "--jobs", "2")
    monkeypatch.undo()
    assert run.status == 130 and len(forked) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)  # ended and waited for
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    assert signal.SIGINT not in blocked and signal.SIGTERM not in blocked


def test_a_copy_of_standard_input_is_written_out_before_a_worker_reads_it(tmp_path: Path) -> None:
    """The telling worker reads standard input's copy from its descriptor (os.pread): what the
    copy's buffer still held was not there for it (the run stopped, 'changed while it was
    traced'), so ``opened()`` writes it out before the fork."""
    import io

    from diagnose.journeys.places import Inputs
    from diagnose.logs.reader import LineReader

    data = "".join(line + "\n" for line in REPORT_LINES).encode()
    inputs = Inputs(io.BytesIO(data))
    try:
        read = list(inputs.read("-", ReadOptions(reports=True, stdin_is_jsonl=True), LineReader.line_items))
        assert len(read) == len(REPORT_LINES)
        inputs.opened()
        copy = inputs._sources[0].stream
        assert copy is not None
        assert os.pread(copy.fileno(), len(data) + 1, 0) == data
    finally:
        inputs.close()
