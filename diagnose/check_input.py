"""The responses a check run reads: single-response files, folders, JSON Lines logs, stdin.

Everything is streamed: a JSON Lines log is read one line at a time, so memory stays flat
whatever its size. A bad line becomes an item with a ``problem`` and the reading goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .delivery import diagnose_report
from .diagnosis import Diagnosis
from .engine import diagnose
from .limits import DEFAULT_MAX_BYTES
from .secrets import holds_authkey

JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})


class InputError(Exception):
    """A path that is missing or cannot be read: the run stops with exit status 2."""


@dataclass(frozen=True, slots=True)
class Item:
    """One response read from the input, or one line that could not be read as one."""

    origin: str
    line: int | None
    id: str | None
    diagnosis: Diagnosis | None
    problem: str | None = None
    authkey_in_clear: bool = False

    @property
    def where(self) -> str:
        return f"{self.origin}:{self.line}" if self.line is not None else self.origin


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
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise InputError(f"{name}: not a regular file or folder")
        else:
            raise InputError(f"{name}: no such file or folder")
    return found


def read_items(
    paths: Iterable[Path | None],
    stdin: BinaryIO,
    stdin_is_jsonl: bool = False,
    reports: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Item]:
    """Every response (or, with ``reports``, every number of every delivery report) under ``paths``.

    No body and no line is read past ``max_bytes`` (+1, to tell it is over).
    """
    reader = _Reader(reports, max_bytes)
    for path in paths:
        if path is None:
            if stdin_is_jsonl:
                yield from reader.json_lines("<stdin>", stdin)
            else:
                yield from reader.body("<stdin>", None, None, stdin.read(max_bytes + 1))
            continue
        try:
            with path.open("rb") as stream:
                if path.suffix.lower() in JSON_LINES_SUFFIXES:
                    yield from reader.json_lines(str(path), stream)
                else:
                    yield from reader.body(str(path), None, None, stream.read(max_bytes + 1))
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def bounded_lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines; None for a line longer than ``max_bytes``, which is skipped unread."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 16)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


class _Reader:
    """Turns bodies into items: one per response, or one per number of a delivery report."""

    def __init__(self, reports: bool, max_bytes: int) -> None:
        self.reports = reports
        self.max_bytes = max_bytes

    def body(
        self,
        origin: str,
        line: int | None,
        item_id: str | None,
        body: Any,
        clear_key: bool | None = None,
        **options: Any,
    ) -> Iterator[Item]:
        if clear_key is None:
            clear_key = isinstance(body, (bytes, str)) and holds_authkey(body)
        if self.reports:
            for diagnosis in diagnose_report(body, content_type=options.get("content_type"), max_bytes=self.max_bytes):
                yield Item(origin, line, item_id, diagnosis, authkey_in_clear=clear_key)
        else:
            yield Item(
                origin, line, item_id, diagnose(body, max_bytes=self.max_bytes, **options), authkey_in_clear=clear_key
            )

    def json_lines(self, origin: str, stream: BinaryIO) -> Iterator[Item]:
        for number, line in bounded_lines(stream, self.max_bytes):
            if line is None:
                yield Item(origin, number, None, None, f"longer than {self.max_bytes:,} bytes, not read")
            elif line.strip():
                yield from self._json_line(origin, number, line)

    def _json_line(self, origin: str, number: int, line: bytes) -> Iterator[Item]:
        clear_key = holds_authkey(line)
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield Item(origin, number, None, None, f"not a JSON value: {exc}", clear_key)
            return
        if not isinstance(record, dict) or "body" not in record:
            bare: dict[str, Any] | list[Any] | bytes = record if isinstance(record, (dict, list)) else line
            yield from self.body(origin, number, None, bare, clear_key)
            return
        item_id = None if record.get("id") is None else str(record["id"])
        body = "" if record["body"] is None else record["body"]
        try:
            if not isinstance(body, (str, dict, list)):
                raise TypeError(f"body must be a string or a JSON object, not {type(body).__name__}")
            options = {"content_type": record.get("content_type")}
            if not self.reports:
                options["http_status"] = record.get("http_status")
            yield from self.body(origin, number, item_id, body, clear_key, **options)
        except (TypeError, ValueError) as exc:
            yield Item(origin, number, item_id, None, f"bad record: {exc}", clear_key)
