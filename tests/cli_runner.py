"""Run the sms-diagnose command as a user or a CI job would, and collect what it said.

``run_cli`` runs it in this process, through ``diagnose.cli.main.main(argv)``, with standard
input, output and error replaced by streams shaped like those of a command whose descriptors are
pipes: text over a binary ``.buffer``, UTF-8, no terminal (unless ``tty=True``), no file
descriptor. What it writes, its exit status (``SystemExit`` included) and a traceback it would
print are what ``python -m diagnose`` gives in a subprocess, in a fraction of the time.

``run_cli_process`` starts the real command in a subprocess: for what needs a process (the entry
point, start-up, signals, closed or cut descriptors, the environment of a fresh interpreter).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO


@dataclass(frozen=True)
class Run:
    status: int
    stdout: str
    stderr: str


def run_cli_process(*args: str, stdin: bytes = b"", cwd: Path | None = None) -> Run:
    """The real command, ``python -m diagnose ARGS``, in a subprocess, with the environment
    ``os.environ`` holds (as an in-process run sees it: under pytest, readline has put COLUMNS
    and LINES into the process's own environment, behind os.environ's back)."""
    completed = subprocess.run(
        [sys.executable, "-m", "diagnose", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )
    return Run(
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )


class StandardBuffer(io.BytesIO):
    """The binary buffer under a standard stream: named as the real one, a terminal only when asked,
    without a file descriptor (``fileno()`` raises io.UnsupportedOperation, as for a pipe's
    ``os.fstat`` the command sees no regular file)."""

    def __init__(self, name: str, data: bytes = b"", *, tty: bool = False) -> None:
        super().__init__(data)
        self.name = name
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def standard_stream(name: str, errors: str, data: bytes = b"", *, tty: bool = False) -> io.TextIOWrapper:
    """A text stream as Python opens a standard stream in a UTF-8 locale."""
    return io.TextIOWrapper(StandardBuffer(name, data, tty=tty), encoding="utf-8", errors=errors, line_buffering=tty)


def run_cli(*args: str, stdin: bytes = b"", cwd: Path | None = None, tty: bool = False) -> Run:
    """``sms-diagnose ARGS`` run in this process; ``tty=True`` makes its output a terminal."""
    from diagnose.cli.main import main

    stdout = standard_stream("<stdout>", "surrogateescape", tty=tty)
    stderr = standard_stream("<stderr>", "backslashreplace", tty=tty)
    with _standard_streams(standard_stream("<stdin>", "surrogateescape", stdin), stdout, stderr), _working_in(cwd):
        try:
            status = main(list(args))
        except SystemExit as exit:
            status = _exit_status(exit.code)
        except Exception:  # what the interpreter does with an uncaught exception
            traceback.print_exc()
            status = 1
        for stream in (stdout, stderr):
            stream.flush()
    return Run(status, _written(stdout), _written(stderr))


def _exit_status(code: object) -> int:
    """The status of ``sys.exit(code)``, as the interpreter gives it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _written(stream: io.TextIOWrapper) -> str:
    buffer = stream.buffer
    assert isinstance(buffer, StandardBuffer)
    return buffer.getvalue().decode("utf-8", "replace")


@contextmanager
def _standard_streams(stdin: TextIO, stdout: TextIO, stderr: TextIO) -> Iterator[None]:
    """sys's standard streams, and the ``__std*__`` originals a command may look at (the
    terminal's width), replaced until the block ends."""
    names = ("stdin", "stdout", "stderr", "__stdin__", "__stdout__", "__stderr__")
    saved = [getattr(sys, name) for name in names]
    for name, stream in zip(names, (stdin, stdout, stderr) * 2, strict=True):
        setattr(sys, name, stream)
    try:
        yield
    finally:
        for name, stream in zip(names, saved, strict=True):
            setattr(sys, name, stream)


@contextmanager
def _working_in(cwd: Path | None) -> Iterator[None]:
    if cwd is None:
        yield
        return
    before = os.getcwd()
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(before)
