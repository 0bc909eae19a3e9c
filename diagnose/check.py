"""sms-diagnose check: read responses, apply the policy, write the report, choose the exit status."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import BinaryIO, TextIO

from .check_input import expand, read_items
from .check_policy import Policy
from .check_report import REPORTS, Tally
from .limits import DEFAULT_MAX_BYTES

PROGRESS_EVERY_SECONDS = 0.25


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
    progress_stream: TextIO | None = None,
) -> Tally:
    """Check every response under ``paths`` and write the report to ``out``; returns the totals.

    Raises InputError for a missing or unreadable path, before or during the run.
    """
    files = expand(paths or ["-"])
    report = REPORTS[report_format](out, reveal_numbers)
    tally = Tally()
    progress = Progress(progress_stream or sys.stderr)
    try:
        for item in read_items(files, stdin or sys.stdin.buffer, stdin_is_jsonl, reports, max_bytes):
            failed = item.diagnosis is None or policy.fails(item.diagnosis)
            tally.add(item, failed)
            report.add(item, failed)
            progress.update(tally)
    finally:
        progress.close()
    report.finish(tally)
    return tally
