"""Where a command writes: standard output and error, whose reader may stop reading, and a
report file; the terminal's width for text laid out to fit it."""

from __future__ import annotations

import os
import sys

from .errors import CliError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import contextlib
    from collections.abc import Iterable
    from typing import Any, TextIO


HUMAN = "human"
"""``OutputFormat.HUMAN``, every command's default format, as a plain string: ``explain CODE`` reads
and shows it without building the vocabulary's enums (tests/test_cli_startup.py holds them equal)."""


class PipedOutput:
    """One of the command's output streams (standard output, standard error, a report), whose
    reader may stop reading at any time (``| head -1``, a closed pipe).

    A cut output is not an error, and it changes no exit status: the first write or flush that
    finds the pipe closed (EPIPE) points the stream's file descriptor at /dev/null, so that what
    the stream still buffers goes there when it is flushed or closed (and the interpreter has
    nothing to complain of on its way out), and drops every later write. The command goes on to
    its end and exits as it would have had its output been read whole: a gate with its verdict on
    everything it read, whatever became of its report. Every other error is raised as it was.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.cut = False

    def write(self, text: str) -> int:
        if not self.cut:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._drop()
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self.cut:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._drop()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)

    def _drop(self) -> None:
        self.cut = True
        to_devnull(self.stream)


def to_devnull(stream: object) -> None:
    """Point ``stream``'s file descriptor at /dev/null (nothing to do for a stream without one)."""
    try:
        descriptor = stream.fileno()  # type: ignore[attr-defined]
        null = os.open(os.devnull, os.O_WRONLY)
    except (AttributeError, OSError, ValueError):
        return
    try:
        os.dup2(null, descriptor)
    except OSError:
        pass
    finally:
        os.close(null)


def columns(fallback: int) -> int:
    """The terminal's width (``COLUMNS`` first, as shutil.get_terminal_size reads it)."""
    try:
        count = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        count = 0
    if count <= 0:
        try:
            count = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            count = 0
    return count or fallback


def text_width() -> int:
    """Text wrapped to the terminal, at most 100 wide."""
    return min(columns(88), 100)


def table_width() -> int | None:
    """The width a table fits: the terminal's, or the one ``COLUMNS`` sets (piped too); None in a
    file or a CI log without it, where a row stays one line however long."""
    if os.environ.get("COLUMNS", "").strip().isdigit() or (sys.stdout is not None and sys.stdout.isatty()):
        return columns(160)
    return None


def print_json(value: Any) -> None:
    from ..redaction import json_text

    print(json_text(value))


def output_path(option: str | None) -> str | None:
    """The file an --output option names; None for standard output (no option, or -)."""
    return None if not option or option == "-" else option


def stdout() -> TextIO:
    if sys.stdout is None:
        raise CliError("standard output is closed: write to a file with --output FILE")
    return sys.stdout


def report_stream(stack: contextlib.ExitStack[Any], output: str | None) -> TextIO:
    """Where a report is written: standard output, or the file ``output`` names, opened now (after
    every misuse was refused, as opening truncates it) and written in place when the run ends
    (see open_report). Whoever reads it may stop reading, as standard output's reader may."""
    if output is None:
        return stdout()
    from ..check.run import open_report

    report = PipedOutput(stack.enter_context(open_report(output)))
    stack.callback(report.flush)  # before the file is closed, which would flush it unguarded
    shown: TextIO = report  # type: ignore[assignment]
    return shown
