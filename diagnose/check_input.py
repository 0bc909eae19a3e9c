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
    paths: Iterable[Path | None], stdin: BinaryIO, stdin_is_jsonl: bool = False, reports: bool = False
) -> Iterator[Item]:
    """Every response (or, with ``reports``, every number of every delivery report) under ``paths``."""
    reader = _Reader(reports)
    for path in paths:
        if path is None:
            if stdin_is_jsonl:
                yield from reader.json_lines("<stdin>", stdin)
            else:
                yield from reader.body("<stdin>", None, None, stdin.read())
            continue
        try:
            if path.suffix.lower() in JSON_LINES_SUFFIXES:
                with path.open("rb") as stream:
                    yield from reader.json_lines(str(path), stream)
            else:
                yield from reader.body(str(path), None, None, path.read_bytes())
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


class _Reader:
    """Turns bodies into items: one per response, or one per number of a delivery report."""

    def __init__(self, reports: bool) -> None:
        self.reports = reports

    def body(self, origin: str, line: int | None, item_id: str | None, body: Any, **options: Any) -> Iterator[Item]:
        if self.reports:
            for diagnosis in diagnose_report(body, content_type=options.get("content_type")):
                yield Item(origin, line, item_id, diagnosis)
        else:
            yield Item(origin, line, item_id, diagnose(body, **options))

    def json_lines(self, origin: str, stream: BinaryIO) -> Iterator[Item]:
        for number, line in enumerate(stream, 1):
            if line.strip():
                yield from self._json_line(origin, number, line)

    def _json_line(self, origin: str, number: int, line: bytes) -> Iterator[Item]:
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield Item(origin, number, None, None, f"not a JSON value: {exc}")
            return
        if not isinstance(record, dict) or "body" not in record:
            yield from self.body(origin, number, None, record if isinstance(record, (dict, list)) else line)
            return
        item_id = None if record.get("id") is None else str(record["id"])
        body = "" if record["body"] is None else record["body"]
        try:
            if not isinstance(body, (str, dict, list)):
                raise TypeError(f"body must be a string or a JSON object, not {type(body).__name__}")
            options = {"content_type": record.get("content_type")}
            if not self.reports:
                options["http_status"] = record.get("http_status")
            yield from self.body(origin, number, item_id, body, **options)
        except (TypeError, ValueError) as exc:
            yield Item(origin, number, item_id, None, f"bad record: {exc}")
