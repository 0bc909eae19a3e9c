"""sms-diagnose check: read responses, apply the policy, write the report, choose the exit status.

The input is read as units (see check_input). With more than one job, units are read by worker
processes, each spooling its part of the report to a temporary file; the main process merges
the totals and copies the parts, in input order, into the report. One job reads everything in
this process, the same way.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO, NamedTuple, TextIO

from .check_input import ReadOptions, Unit, expand, plan, read_unit
from .check_policy import Policy
from .check_report import REPORTS, Tally
from .limits import DEFAULT_MAX_BYTES

PROGRESS_EVERY_SECONDS = 0.25
PROGRESS_EVERY_ITEMS = 4096
CHUNKS_PER_JOB = 4


class Settings(NamedTuple):
    """Everything a worker needs to read a unit and render its items; picklable."""

    policy: Policy
    report_format: str
    read: ReadOptions
    reveal_numbers: bool


class Part(NamedTuple):
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

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.last = 0.0

    def update(self, tally: Tally) -> None:
        now = time.monotonic()
        if self.enabled and now - self.last >= PROGRESS_EVERY_SECONDS:
            self.last = now
            self.stream.write(f"\rchecked {tally.total:,} responses, {tally.failed:,} failed")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.last:
            self.stream.write("\r\033[K")
            self.stream.flush()


def read_part(
    unit: Unit, settings: Settings, spool_dir: str, stdin: BinaryIO | None = None, progress: Progress | None = None
) -> Part:
    """Read one unit: count every item and spool its rendering. Runs in a worker or in-process."""
    report = REPORTS[settings.report_format](settings.reveal_numbers)
    render, fails, passes_too = report.item, settings.policy.fails, report.renders_passes
    tally = Tally()
    add = tally.add
    handle, path = tempfile.mkstemp(dir=spool_dir, suffix=".part")
    with open(handle, "w", encoding="utf-8", errors="surrogateescape") as spool:
        write = spool.write
        for item in read_unit(unit, settings.read, stdin):
            diagnosis = item.diagnosis
            failed = diagnosis is None or fails(diagnosis)
            add(item, failed)
            if failed or passes_too:
                write(render(item, failed))
            if progress is not None and not tally.total % PROGRESS_EVERY_ITEMS:
                progress.update(tally)
    return Part(tally, path)


def _read_part_in_worker(unit: Unit, settings: Settings, spool_dir: str) -> Part:
    return read_part(unit, settings, spool_dir)


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
) -> Tally:
    """Check every response under ``paths`` and write the report to ``out``; returns the totals.

    Raises InputError for a missing or unreadable path, before or during the run.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    settings = Settings(policy, report_format, ReadOptions(reports, max_bytes, stdin_is_jsonl), reveal_numbers)
    units = plan(expand(paths or ["-"]), chunks_per_log=jobs * CHUNKS_PER_JOB if jobs > 1 else 1)
    progress = Progress(progress_stream or sys.stderr)
    total = Tally()
    with tempfile.TemporaryDirectory(prefix="sms-diagnose-") as spool_dir:
        try:
            parts = list(
                _read_parts(
                    units, settings, spool_dir, stdin or sys.stdin.buffer, jobs=jobs, progress=progress, total=total
                )
            )
        finally:
            progress.close()
        REPORTS[report_format](reveal_numbers).write(out, total, _spooled_lines(parts))
    return total


def _read_parts(
    units: list[Unit],
    settings: Settings,
    spool_dir: str,
    stdin: BinaryIO,
    *,
    jobs: int,
    progress: Progress,
    total: Tally,
) -> Iterator[Part]:
    parallel = [unit for unit in units if unit.kind != "stdin"]
    if jobs == 1 or len(parallel) < 2:
        for unit in units:
            part = read_part(unit, settings, spool_dir, stdin, progress)
            total.merge(part.tally)
            yield part
        return
    with _executor(min(jobs, len(parallel))) as pool:
        pending = {
            index: pool.submit(_read_part_in_worker, unit, settings, spool_dir)
            for index, unit in enumerate(units)
            if unit.kind != "stdin"
        }
        for index, unit in enumerate(units):
            part = read_part(unit, settings, spool_dir, stdin) if unit.kind == "stdin" else pending[index].result()
            total.merge(part.tally)
            progress.update(total)
            yield part


def _executor(workers: int) -> Executor:
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _spooled_lines(parts: list[Part]) -> Iterator[str]:
    for part in parts:
        with Path(part.path).open(encoding="utf-8", errors="surrogateescape") as spool:
            yield from spool
        Path(part.path).unlink()
