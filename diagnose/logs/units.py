"""The input's paths in, the units to read out: files, folders, JSON Lines logs, standard input.

The input is planned as work units, in order: a JSON Lines log is split into byte ranges that
start on a line, single-response files are batched, standard input is one unit. A process
reads a unit (``reader.read_unit``) and none other, so units can be read in parallel.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from ..records import Record
from ..redaction import printable

JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FILES_PER_UNIT = 256
MIN_CHUNK_BYTES = 4 << 20
"""A log smaller than this is read by one process: splitting it would cost more than it saves."""


class InputError(Exception):
    """A path that is missing or cannot be read: the run stops with exit status 2."""


class Unit(Record):
    """A piece of the input one process reads: a byte range of a log, files, or standard input."""

    kind: str  # "log", "files", "stdin" or "stream" (a pipe or device, read once from its start)
    paths: tuple[str, ...] = ()
    start: int = 0
    end: int = -1
    first_line: int = 1

    def __repr__(self) -> str:
        paths = tuple(printable(path) for path in self.paths)
        return f"Unit({self.kind!r}, paths={paths!r}, start={self.start}, end={self.end}, first_line={self.first_line})"


def expand(paths: Iterable[str]) -> list[Path | None]:
    """Every file to read, in order; None stands for standard input. Fails on a missing path."""
    found: list[Path | None] = []
    for name in paths:
        if name == "-":
            found.append(None)
            continue
        path = Path(name)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file() or is_stream(path):
            found.append(path)
        elif path.exists():
            raise InputError(f"{name}: not a file, pipe or folder")
        else:
            raise InputError(f"{name}: no such file or folder")
    return found


def is_stream(path: Path) -> bool:
    """A named pipe (``<(command)``, ``mkfifo``, ``/dev/stdin`` on a pipe): read once, in order,
    never again. A device (``/dev/zero``, a terminal) is no input: it may never end."""
    return path.is_fifo()


def plan(files: Iterable[Path | None], chunks_per_log: int = 1) -> list[Unit]:
    """The units to read, in input order. A log over MIN_CHUNK_BYTES is split into up to
    ``chunks_per_log`` ranges, each starting at the beginning of a line."""
    units: list[Unit] = []
    batch: list[str] = []

    def flush() -> None:
        if batch:
            units.append(Unit("files", tuple(batch)))
            batch.clear()

    for path in files:
        if path is not None and is_stream(path):
            flush()
            units.append(Unit("stream", (str(path),)))
            continue
        if path is not None and path.suffix.lower() not in JSON_LINES_SUFFIXES:
            batch.append(str(path))
            if len(batch) == FILES_PER_UNIT:
                flush()
            continue
        flush()
        if path is None:
            units.append(Unit("stdin"))
        else:
            units.extend(_log_units(path, chunks_per_log))
    flush()
    return units


def _log_units(path: Path, chunks: int) -> list[Unit]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    count = min(chunks, max(1, size // MIN_CHUNK_BYTES))
    if count == 1:
        return [Unit("log", (str(path),))]
    units = []
    start, line = 0, 1
    with open_input(path) as stream:
        for index in range(1, count + 1):
            end = size if index == count else _next_line_start(stream, size * index // count)
            if end > start:
                units.append(Unit("log", (str(path),), start, end, line))
                line += _count_lines(stream, start, end)
                start = end
    return units


def _next_line_start(stream: BinaryIO, offset: int) -> int:
    stream.seek(max(offset - 1, 0))
    stream.readline()
    return stream.tell()


def _count_lines(stream: BinaryIO, start: int, end: int) -> int:
    stream.seek(start)
    count, left = 0, end - start
    while left > 0:
        block = stream.read(min(left, 1 << 20))
        if not block:
            break
        count += block.count(b"\n")
        left -= len(block)
    return count


def open_input(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def standard_input() -> BinaryIO:
    """The binary standard input; InputError when it is closed (the command ran with <&-)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        raise InputError("-: standard input is closed")
    return buffer  # type: ignore[no-any-return]
