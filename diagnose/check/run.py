"""sms-diagnose check: read responses, apply the policy, write the report, choose the exit status.

The input is read as units (see check_input). With more than one job, units are read by worker
processes, each spooling its part of the report to a temporary file; the main process merges
the totals and copies the parts, in input order, into the report. One job reads everything in
this process, the same way.

The temporary files go whatever ends the run: an error, Ctrl-C (KeyboardInterrupt) or SIGTERM,
which raises Terminated in the main process while the run lasts. Workers leave signals to the
main process, which stops them on its way out.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from ..limits import DEFAULT_MAX_BYTES
from ..logs.reader import ReadOptions, answer_item, read_unit_answers
from ..logs.units import Unit, expand, plan, standard_input
from ..records import Record
from ..wording import counted
from .policy import Policy
from .reports import REPORTS, Tally, subject_of

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from _typeshed import ReadableBuffer

    from ..logs.findings import PreflightOptions

PROGRESS_EVERY_SECONDS = 0.25
PROGRESS_EVERY_ITEMS = 4096
CHUNKS_PER_JOB = 4
WORKER_STOP_SECONDS = 10.0
"""How long a stopped worker is given to end after SIGTERM, before it is killed."""


class Terminated(SystemExit):
    """SIGTERM arrived while run_check ran: its temporary files are gone, the process ends.

    A SystemExit whose status is 128 + the signal number, what a shell reports for a process
    the signal ended; nothing prints a traceback for it.
    """


class Settings(Record):
    """Everything a worker needs to read a unit and render its items; picklable."""

    policy: Policy
    report_format: str
    read: ReadOptions
    reveal_numbers: bool


class Part(Record):
    """What reading one unit gives: its totals, and its report text spooled in ``path``."""

    tally: Tally
    path: str


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Progress:
    """A self-rewriting line on standard error, only when it is a terminal."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream: Any = stream
        self.enabled = stream is not None and stream.isatty()
        self.last = 0.0

    def update(self, tally: Tally) -> None:
        now = time.monotonic()
        if self.enabled and now - self.last >= PROGRESS_EVERY_SECONDS:
            self.last = now
            self.stream.write(f"\rchecked {counted(tally.total, tally.subject)}, {tally.failed:,} failed")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.last:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _read_part(
    unit: Unit, settings: Settings, spool_dir: str, stdin: BinaryIO | None = None, progress: Progress | None = None
) -> Part:
    """Read one unit: count every item and spool its rendering. Runs in a worker or in-process."""
    subject = subject_of(settings.read.preflight is not None, settings.read.reports)
    report = REPORTS[settings.report_format](settings.reveal_numbers, subject)
    render, fails, passes_too = report.item, settings.policy.fails, report.renders_passes
    tally = Tally(subject=subject)
    add, add_answer, render_answer = tally.add, tally.add_answer, report.answer
    allow_invalid = settings.policy.allow_invalid
    handle, path = tempfile.mkstemp(dir=spool_dir, suffix=".part")
    with open(handle, "w", encoding="utf-8", errors="surrogateescape") as spool:
        write = spool.write
        for read in read_unit_answers(unit, settings.read, stdin):
            if type(read) is tuple:  # a line that is one answer: an Item only where one is shown
                origin, line, answer = read
                failed = fails(answer[0])
                if not answer[3]:  # no authkey in clear: nothing more to note of it
                    add_answer(origin, answer[0], failed)
                    if failed or passes_too:
                        write(render_answer(origin, line, answer, failed))
                    if progress is not None and not tally.total % PROGRESS_EVERY_ITEMS:
                        progress.update(tally)
                    continue
                item = answer_item(origin, line, answer)
            else:
                item = read  # type: ignore[assignment]  # an Item, as the type test says
                failed = not allow_invalid if item.diagnosis is None else fails(item.diagnosis)
            add(item, failed)
            if failed or passes_too or item.predicted:
                write(render(item, failed))
            if progress is not None and not tally.total % PROGRESS_EVERY_ITEMS:
                progress.update(tally)
    return Part(tally, path)


def _read_part_in_worker(unit: Unit, settings: Settings, spool_dir: str) -> Part:
    return _read_part(unit, settings, spool_dir)


def overwritten_input(paths: Sequence[str], output: str | None) -> str | None:
    """Why writing the report to ``output`` (None: standard output) would destroy an input or
    read the report back as one; None when it would not.

    An output is refused when it is an input, the same file under another name (a symbolic or
    hard link), or a path inside an input folder. Standard output is refused only when it is a
    regular file that is an input (``check log.jsonl >> log.jsonl``). Raises InputError for a
    missing input, as run_check would, so that nothing is opened for writing before it fails.
    """
    names = list(paths) or ["-"]
    if output is None:
        target = _stat_of(sys.stdout)
        if target is None or not stat.S_ISREG(target.st_mode):
            return None
        files = expand(names)
        where = "standard output"
    else:
        files = expand(names)
        where = f"--output {output}"
        resolved = _resolved(output)
        for name in names:
            if name == "-":
                continue
            source = _resolved(name)
            if resolved == source:
                return f"{where} is also an input ({name}): the report would overwrite it"
            if source.is_dir() and resolved.is_relative_to(source):
                return f"{where} is inside the input folder {name}: the report would be checked as an input"
        try:
            target = os.stat(output)
        except OSError:  # not there yet; or open() tells why it cannot be written
            return None
        if not stat.S_ISREG(target.st_mode):  # /dev/null, a terminal, a pipe
            return None
    for path in files:
        found = _stat_of(sys.stdin) if path is None else _stat_of(path)
        if found is not None and os.path.samestat(found, target):
            shown = "standard input" if path is None else str(path)
            return f"{where} is also an input ({shown}): the report would overwrite it"
    return None


def _resolved(name: str) -> Path:
    try:
        return Path(name).resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        return Path(os.path.abspath(name))


def _stat_of(what: Path | Any) -> os.stat_result | None:
    """The status of a path, or of a stream's file descriptor; None when there is none."""
    try:
        return what.stat() if isinstance(what, Path) else os.fstat(what.fileno())
    except (AttributeError, OSError, ValueError):  # closed, or not a file (io.StringIO)
        return None


class _ReportFile(io.FileIO):
    """The report's file: a failed write or close names the report, as a failed open does."""

    def __init__(self, path: str, mode: str, *, shown: str) -> None:
        try:
            super().__init__(path, mode)
        except OSError as exc:
            exc.filename = shown
            raise
        self.shown = shown

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except OSError as exc:
            exc.filename = self.shown
            raise


@contextlib.contextmanager
def open_report(path: str) -> Iterator[TextIO]:
    """The report at ``path``, written to a temporary file beside it and put in its place only
    when the run ends: an interrupted or failed run leaves an earlier report as it was. A path
    that is not a regular file (``/dev/stdout``, a pipe) is written directly. An OSError names
    ``path``."""
    try:
        found = os.stat(path)  # /dev/stdout on a pipe: its real path (pipe:[...]) names no file
    except OSError:
        found = None
    if found is not None and not stat.S_ISREG(found.st_mode):
        with _text_report(_ReportFile(path, "w", shown=path)) as stream:
            yield stream
        return
    target = os.path.realpath(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".sms-diagnose-", suffix=".part")
    except OSError as exc:
        exc.filename = path
        raise
    os.close(handle)
    try:
        os.chmod(temporary, _mode_for_new_files())
        with _text_report(_ReportFile(temporary, "w", shown=path)) as stream:
            yield stream
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


@contextlib.contextmanager
def _text_report(raw: _ReportFile) -> Iterator[TextIO]:
    try:
        stream = io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8", errors="backslashreplace")
    except BaseException:
        raw.close()
        raise
    with stream:
        yield stream


def _mode_for_new_files() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def run_check(
    paths: Sequence[str],
    policy: Policy,
    report_format: str,
    out: TextIO,
    *,
    stdin: BinaryIO | None = None,
    stdin_is_jsonl: bool = False,
    reports: bool = False,
    reveal_numbers: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    progress_stream: TextIO | None = None,
    preflight: PreflightOptions | None = None,
) -> Tally:
    """Check every response under ``paths`` and write the report to ``out``; returns the totals.

    Raises InputError for a missing or unreadable path, before or during the run, and for a
    closed standard input when it is to be read. An OSError writing the report names ``out``
    (its ``name``) as its filename. In the main thread, SIGTERM raises Terminated
    while the run lasts (unless its handler was changed from the default), so that the temporary
    files are removed on the way out, as they are for KeyboardInterrupt.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    read = ReadOptions(reports=reports, max_bytes=max_bytes, stdin_is_jsonl=stdin_is_jsonl, preflight=preflight)
    settings = Settings(policy, report_format, read, reveal_numbers)
    units = plan(expand(paths or ["-"]), chunks_per_log=jobs * CHUNKS_PER_JOB if jobs > 1 else 1)
    if stdin is None and any(unit.kind == "stdin" for unit in units):
        stdin = standard_input()
    progress = Progress(progress_stream or sys.stderr)
    subject = subject_of(preflight is not None, read.reports)
    total = Tally(subject=subject)
    with sigterm_raises(), tempfile.TemporaryDirectory(prefix="sms-diagnose-") as spool_dir:
        reading = _read_parts(units, settings, spool_dir, stdin, jobs=jobs, progress=progress, total=total)
        try:
            parts = list(reading)
        finally:
            reading.close()  # stops the workers now, whatever interrupted the reading
            progress.close()
        try:
            REPORTS[report_format](reveal_numbers, subject).write(out, total, _spooled_lines(parts))
            out.flush()
        except OSError as exc:
            if exc.filename is None:  # not a spool file (they are named): the report's own stream
                exc.filename = getattr(out, "name", None)
            raise
    return total


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """SIGTERM raises Terminated in the main thread, until the block ends.

    Only when SIGTERM has its default action (which would end the process at once, leaving the
    temporary files): a handler set by the program that runs the check is left alone. A second
    SIGTERM, while the first one unwinds, ends the process at once.
    """
    if (
        not hasattr(signal, "SIGTERM")
        or threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def terminate(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise Terminated(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _read_parts(
    units: list[Unit],
    settings: Settings,
    spool_dir: str,
    stdin: BinaryIO | None,
    *,
    jobs: int,
    progress: Progress,
    total: Tally,
) -> Generator[Part, None, None]:
    parallel = [unit for unit in units if unit.kind != "stdin"]
    if jobs == 1 or len(parallel) < 2:
        for unit in units:
            part = _read_part(unit, settings, spool_dir, stdin, progress)
            total.merge(part.tally)
            yield part
        return
    pool = _executor(min(jobs, len(parallel)))
    try:
        with _worker_signals_blocked():  # the workers start in the first submit
            pending = {
                index: pool.submit(_read_part_in_worker, unit, settings, spool_dir)
                for index, unit in enumerate(units)
                if unit.kind != "stdin"
            }
        for index, unit in enumerate(units):
            part = _read_part(unit, settings, spool_dir, stdin) if unit.kind == "stdin" else pending[index].result()
            total.merge(part.tally)
            progress.update(total)
            yield part
    except BaseException:  # an error, KeyboardInterrupt, Terminated, or close() before the end
        _stop(pool)
        raise
    pool.shutdown()


_WORKER_SIGNALS = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


def _executor(workers: int) -> ProcessPoolExecutor:
    # imported only for a run on several processes: a run on one starts without them (10 ms)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker)


def _start_worker() -> None:
    """A worker leaves Ctrl-C to the main process, and ends at once on SIGTERM.

    A forked worker would otherwise inherit the main process's handlers: Ctrl-C, sent to the
    whole process group, would print a traceback from every idle worker, and SIGTERM would raise
    Terminated in the worker. The signals are blocked from before the fork until here.
    """
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _WORKER_SIGNALS)


@contextlib.contextmanager
def _worker_signals_blocked() -> Iterator[None]:
    """SIGINT and SIGTERM wait (in the main process) while workers are forked; they arrive after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _WORKER_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers, so that none writes to the spool folder
    once it is removed; waits for them to end (killing any still there after WORKER_STOP_SECONDS)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        with contextlib.suppress(OSError, ValueError):
            worker.terminate()
    deadline = time.monotonic() + WORKER_STOP_SECONDS
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    for worker in workers:
        if worker.exitcode is None:
            with contextlib.suppress(OSError, ValueError):
                worker.kill()
            worker.join(WORKER_STOP_SECONDS)


def _spooled_lines(parts: list[Part]) -> Iterator[str]:
    for part in parts:
        try:
            with Path(part.path).open(encoding="utf-8", errors="surrogateescape") as spool:
                yield from spool
        except OSError as exc:
            if exc.filename is None:
                exc.filename = part.path
            raise
        Path(part.path).unlink()
