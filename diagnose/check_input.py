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


def read_items(paths: Iterable[Path | None], stdin: BinaryIO, stdin_is_jsonl: bool = False) -> Iterator[Item]:
    for path in paths:
        if path is None:
            if stdin_is_jsonl:
                yield from _json_lines("<stdin>", stdin)
            else:
                yield Item("<stdin>", None, None, diagnose(stdin.read()))
            continue
        try:
            if path.suffix.lower() in JSON_LINES_SUFFIXES:
                with path.open("rb") as stream:
                    yield from _json_lines(str(path), stream)
            else:
                yield Item(str(path), None, None, diagnose(path.read_bytes()))
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _json_lines(origin: str, stream: BinaryIO) -> Iterator[Item]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        yield _json_line(origin, number, line)


def _json_line(origin: str, number: int, line: bytes) -> Item:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return Item(origin, number, None, None, f"not a JSON value: {exc}")
    if not isinstance(record, dict) or "body" not in record:
        return Item(origin, number, None, diagnose(record if isinstance(record, (dict, list)) else json.dumps(record)))
    try:
        return Item(origin, number, _text(record.get("id")), _diagnose_record(record))
    except (TypeError, ValueError) as exc:
        return Item(origin, number, _text(record.get("id")), None, f"bad record: {exc}")


def _diagnose_record(record: dict[str, Any]) -> Diagnosis:
    body = record["body"]
    if body is None:
        body = ""
    if not isinstance(body, (str, dict, list)):
        raise TypeError(f"body must be a string or a JSON object, not {type(body).__name__}")
    status = record.get("http_status")
    content_type = record.get("content_type")
    return diagnose(body, http_status=status, content_type=content_type)


def _text(value: object) -> str | None:
    return None if value is None else str(value)
