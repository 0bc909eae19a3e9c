"""trace's inputs read once, each item with its place, and an item read again from its place.

A place is one integer: the inputs' files (and standard input, copied to a temporary file as it
is read) are laid end to end, and a line's place is where it starts in that run of bytes; a
file read whole (not JSON Lines) is one place. A held message keeps places, not items: its
answer and reports are read again, the same bytes to the same items, only when it is told.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import BinaryIO, TypeVar

from ..logs.reader import Item, LineReader, ReadOptions
from ..logs.units import InputError, expand, open_input, plan
from ..redaction import printable

STDIN = "<stdin>"
Layout = tuple[list[tuple[str, int]], int]
"""Files read as logs, each with where its places start, and the place after them all."""
Read = TypeVar("Read")
LineRead = Callable[[LineReader, str, int, bytes], "list[Item] | Read"]
"""How a line is read: ``LineReader.line_items``, or a reading that gives less than its items
(``line_answer``, ``report_outcomes``) where it can."""


class _Copied:
    """Standard input read line by line, every byte read also written to ``copy``."""

    def __init__(self, source: BinaryIO, copy: BinaryIO) -> None:
        self.source, self.copy = source, copy

    def readline(self, size: int = -1) -> bytes:
        line = self.source.readline(size)
        self.copy.write(line)
        return line


class _Positional:
    """A file read at a place with ``os.pread``, its offset never moved: ``seek`` and
    ``readline`` as ``Inputs.items`` uses them. What was read last is kept: lines read again in
    the order of the file come from it, as from a buffered file."""

    CHUNK = 1 << 16

    def __init__(self, file: BinaryIO) -> None:
        self.file, self.descriptor = file, file.fileno()  # the file kept: its descriptor stays open
        self.at, self.start, self.buffer = 0, 0, b""

    def seek(self, at: int) -> int:
        self.at = at
        return at

    def readline(self, limit: int) -> bytes:
        offset = self.at - self.start
        if 0 <= offset < len(self.buffer):
            end = self.buffer.find(b"\n", offset, offset + limit)
            if end >= 0:
                return self.buffer[offset : end + 1]
        chunks, size = [], 0
        while size < limit:
            chunk = os.pread(self.descriptor, self.CHUNK, self.at + size)
            if size == 0:
                self.start, self.buffer = self.at, chunk
            if not chunk:
                break
            end = chunk.find(b"\n", 0, limit - size)
            if end >= 0:
                chunks.append(chunk[: end + 1])
                break
            chunks.append(chunk[: limit - size])
            size += len(chunks[-1])
        return b"".join(chunks)


class _Source:
    __slots__ = ("origin", "path", "reader", "stream", "whole")

    def __init__(self, origin: str, reader: LineReader, whole: bool, stream: BinaryIO | None = None) -> None:
        self.origin, self.reader, self.whole, self.stream = origin, reader, whole, stream
        self.path = None if stream is not None else Path(origin)


class Inputs:
    """The places of everything read, and the files to read again; ``close()`` when done."""

    def __init__(self, stdin: BinaryIO | None) -> None:
        self._stdin = stdin
        self._starts: list[int] = []
        self._sources: list[_Source] = []
        self._end = 0
        self._open = ExitStack()
        self._whole: tuple[int, list[Item]] | None = None
        """The items of the file read whole last read again (its source's index): a file of
        many reports is read again once, not once a message."""

    def read(
        self, path: str, options: ReadOptions, read_line: LineRead[Read]
    ) -> Iterator[tuple[int, str, int | None, list[Item] | Read]]:
        """Each line (or whole file) under ``path``, in order: its place, origin and line
        number (None for a whole file), and its items (a line's read by ``read_line``)."""
        reader = LineReader(options)
        for unit in plan(expand([path])):
            if unit.kind == "files":
                for name in unit.paths:
                    self._add(_Source(name, reader, True))
                    with open_input(Path(name)) as stream:
                        try:
                            body = stream.read(options.max_bytes + 1)
                        except OSError as exc:
                            raise InputError(f"{Path(name)}: cannot be read ({exc.strerror or exc})") from exc
                    start = self._end
                    self._end += 1
                    yield start, name, None, reader.body(name, None, None, body)
                continue
            if unit.kind == "stdin":
                assert self._stdin is not None, "standard input is read by the main process"
                yield from self._copied_lines(STDIN, reader, self._stdin, read_line)
                continue
            if unit.kind == "stream":  # a pipe cannot be read again: what is read is copied
                with open_input(Path(unit.paths[0])) as stream:
                    try:
                        yield from self._copied_lines(unit.paths[0], reader, stream, read_line)
                    except OSError as exc:
                        raise InputError(f"{unit.paths[0]}: cannot be read ({exc.strerror or exc})") from exc
                continue
            name = unit.paths[0]
            with open_input(Path(name)) as stream:
                try:
                    self._end = 1 + (yield from self._lines(_Source(name, reader, False), stream, read_line))
                except OSError as exc:
                    raise InputError(f"{Path(name)}: cannot be read ({exc.strerror or exc})") from exc

    def _copied_lines(
        self, origin: str, reader: LineReader, stream: BinaryIO, read_line: LineRead[Read]
    ) -> Iterator[tuple[int, str, int | None, list[Item] | Read]]:
        copy = self._open.enter_context(tempfile.TemporaryFile())  # noqa: SIM115  (closed by close())
        lines = self._lines(_Source(origin, reader, False, copy), _Copied(stream, copy), read_line)  # type: ignore[arg-type]
        self._end = 1 + (yield from lines)

    def _add(self, source: _Source) -> None:
        self._starts.append(self._end)
        self._sources.append(source)

    def _lines(
        self, source: _Source, stream: BinaryIO, read_line: LineRead[Read]
    ) -> Generator[tuple[int, str, int | None, list[Item] | Read], None, int]:
        """The lines of ``source``, laid after what was read before; it returns where they end
        (the reader's own generator, not one more around it: where the next input starts is
        for the caller to set)."""
        self._add(source)
        reader = source.reader
        return reader.placed_lines(source.origin, stream, partial(read_line, reader), self._end)

    def item(self, place: int, line: int | None, part: int) -> Item:
        """The item ``part`` of the line (or file) at ``place``, read again."""
        items = self.items(place, line)
        if part >= len(items):
            index = bisect_right(self._starts, place) - 1
            raise InputError(f"{printable(self._sources[index].origin)}: changed while it was traced")
        return items[part]

    def items(self, place: int, line: int | None) -> list[Item]:
        """The items of the line (or file) at ``place``, read again."""
        index = bisect_right(self._starts, place) - 1
        source = self._sources[index]
        reader = source.reader
        try:
            if source.whole:
                if self._whole is None or self._whole[0] != index:
                    with open_input(Path(source.origin)) as stream:
                        body = stream.read(reader.max_bytes + 1)
                    self._whole = index, reader.body(source.origin, None, None, body)
                return self._whole[1]
            if source.stream is None:
                source.stream = self._open.enter_context(open_input(Path(source.origin)))
            source.stream.seek(place - self._starts[index])
            text = source.stream.readline(reader.max_bytes + 1)
            return reader.line_items(source.origin, line or 0, text)
        except OSError as exc:
            raise InputError(f"{printable(source.origin)}: cannot be read again ({exc.strerror or exc})") from exc

    def opened(self) -> None:
        """Open now every log to be read again (what ``items`` opens when it first reads one),
        and write out what a copy of standard input or a pipe holds in its buffer, before a
        worker is forked to read them too (from their descriptors); a log that cannot be opened
        is left to it."""
        for source in self._sources:
            if source.stream is not None:
                source.stream.flush()
            elif not source.whole:
                with contextlib.suppress(OSError):
                    source.stream = self._open.enter_context(open_input(Path(source.origin)))

    def positional(self) -> None:
        """Read the files open as a forked worker must: at a place, without moving their
        offsets, which they share with the process that forked it (``_Positional``)."""
        for source in self._sources:
            if source.stream is not None:
                source.stream = _Positional(source.stream)  # type: ignore[assignment]

    def layout(self) -> Layout:
        """The files read, each with where its places start, and where the next would: what
        ``adopt`` takes, from another process that read them."""
        return [(source.origin, start) for source, start in zip(self._sources, self._starts, strict=True)], self._end

    def adopt(self, layout: Layout, reader: LineReader) -> int:
        """Take as read the log files another process read (its ``layout()``), their places
        after those of everything read here; returns the first of them."""
        base = self._end
        files, end = layout
        for origin, start in files:
            self._starts.append(base + start)
            self._sources.append(_Source(origin, reader, False))
        self._end = base + end
        return base

    def close(self) -> None:
        self._whole = None
        self._open.close()
