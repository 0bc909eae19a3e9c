"""A unit of the input (see ``units``) in, items out: a response's diagnosis, one per number
of a delivery report, or one per finding of a recorded send request, each with where it was
read, its record's id and time. check, preflight, trace, parse, report and ``diagnose.batch``
read their inputs here.

Each unit is read as a stream of items, one line at a time and never more than ``max_bytes``
at once, so memory stays flat whatever the size of the input. A bad line becomes an item with
a ``problem`` and the reading goes on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from ..delivery.reports import ReportOutcome, diagnose_read_report, diagnose_report, read_report_outcomes
from ..diagnosis import Diagnosis
from ..limits import DEFAULT_MAX_BYTES
from ..records import Record
from ..redaction import holds_authkey, printable
from ..responses.decode import text_of
from ..responses.pipeline import diagnose, diagnose_text
from ..responses.wire import ANSWER_KEYS, RepeatedKeys, field_pairs, fold_key, loads_fields, loads_json
from ..vocabulary import Outcome
from .http_message import http_message
from .units import JSON_LINES_SUFFIXES, InputError, Unit, open_input, plan

if TYPE_CHECKING:
    from ..outgoing.finding import Finding
    from .findings import PreflightOptions

_JSON_SPACE = " \t\n\r\x0b\x0c"
"""What a blank line holds: the ASCII whitespace ``bytes.strip()`` removes."""


class Item(Record):
    """One response read from the input, or one line that could not be read as one."""

    origin: str
    line: int | None
    id: str | None
    diagnosis: Diagnosis | None
    problem: str | None = None
    authkey_in_clear: bool = False
    time: Any = None
    """A log record's own ``time`` field (ISO 8601 or Unix seconds), as written; None without one."""
    finding: Finding | None = None
    """preflight: the finding this item is (its diagnosis is the answer the finding predicts)."""
    predicted: tuple[Finding, ...] = ()
    """check: what the pre-flight rules predicted of the request logged beside this answer."""
    again: bool = False
    """preflight: another finding of the request of the item before (it counts once)."""
    left_out: int = 0
    """preflight: how many findings of this finding's rule the request was not given, beyond
    FINDINGS_PER_RULE (on the last finding of that rule; they would fail or pass as it does)."""

    @property
    def where(self) -> str:
        return f"{self.origin}:{self.line}" if self.line is not None else self.origin

    @property
    def numbers(self) -> tuple[str, ...]:
        """The number its report names: masked in every text shown with it (its file's name, its
        id), however it is written there."""
        number = self.diagnosis.number if self.diagnosis is not None else None
        return (number,) if number else ()

    def __repr__(self) -> str:
        """Every field, its text masked (a file name or a log's id may hold a key or a number)."""
        numbers = self.numbers
        shown = {
            "origin": printable(self.origin, numbers),
            "line": self.line,
            "id": None if self.id is None else printable(self.id, numbers),
            "diagnosis": self.diagnosis,
            "problem": None if self.problem is None else printable(self.problem, numbers),
            "authkey_in_clear": self.authkey_in_clear or None,
            "time": None if self.time is None else printable(str(self.time), numbers),
            "finding": self.finding,
            "predicted": self.predicted or None,
            "again": self.again or None,
        }
        return f"Item({', '.join(f'{name}={value!r}' for name, value in shown.items() if value is not None)})"


def where(item: Item, render: Callable[[str, Iterable[str | None]], str] = printable) -> str:
    """Where an item was read: its file (rendered by ``render``, with its report's number masked)
    and line."""
    numbers = item.numbers
    origin = render(item.origin, numbers) if numbers else _rendered_origin(item.origin, render)
    return f"{origin}:{item.line}" if item.line is not None else origin


@lru_cache(maxsize=64)
def _rendered_origin(origin: str, render: Callable[[str, Iterable[str | None]], str]) -> str:
    """A file's name as ``render`` shows it with no number to mask: the same for every item
    read from it (a log's lines, most often)."""
    return render(origin, ())


Answer = tuple[Diagnosis, "str | None", Any, bool]
"""A line that is one answer, before its Item is made: its diagnosis, its record's id and
time, and whether the line holds an authkey in clear text."""
LineAnswer = tuple[str, int, Answer]
"""An answer with where it was read: its origin and line."""
_Read = TypeVar("_Read", Item, "Item | LineAnswer")
_Lean = TypeVar("_Lean")


def answer_item(origin: str, line: int, answer: Answer) -> Item:
    """The Item of a line that is one answer: what ``line_items`` gives of that line."""
    diagnosis, item_id, time, clear_key = answer
    return Item(origin, line, item_id, diagnosis, None, clear_key, time)


class ReadOptions(Record):
    reports: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    stdin_is_jsonl: bool = False
    body_format: str | None = None
    """What a whole file's body is read as (``parse --body-format``); None: its content decides."""
    http_status: int | None = None
    """The HTTP status of whole files' bodies (``parse --http-status``); a log record's own wins."""
    content_type: str | None = None
    preflight: PreflightOptions | None = None
    """Read recorded send requests and check them before sending (``sms-diagnose preflight``)."""
    predict: PreflightOptions | None = None
    """What the predictions of an answer's logged request are made with (its DLT templates)."""


def read_unit(unit: Unit, options: ReadOptions, stdin: BinaryIO | None = None) -> Iterator[Item]:
    reader = LineReader(options)
    return _read(unit, options, stdin, reader, reader.json_lines)


def read_unit_answers(unit: Unit, options: ReadOptions, stdin: BinaryIO | None = None) -> Iterator[Item | LineAnswer]:
    """``read_unit``, where a log line that is one answer comes as its ``LineAnswer``: the
    reader of the unit makes its Item (``answer_item``) only if it needs one."""
    reader = LineReader(options)
    return _read(unit, options, stdin, reader, reader.json_line_answers)


def _read_stream(
    origin: str,
    stream: BinaryIO,
    options: ReadOptions,
    reader: LineReader,
    json_lines: Callable[[str, BinaryIO, int, int], Iterator[_Read]],
) -> Iterator[Item | _Read]:
    """Standard input or a pipe: JSON Lines with ``--jsonl`` (or a pipe's .jsonl name), else one body."""
    if options.stdin_is_jsonl or Path(origin).suffix.lower() in JSON_LINES_SUFFIXES:
        yield from json_lines(origin, stream, 1, -1)
    else:
        yield from reader.body(origin, None, None, stream.read(options.max_bytes + 1))


def _read(
    unit: Unit,
    options: ReadOptions,
    stdin: BinaryIO | None,
    reader: LineReader,
    json_lines: Callable[[str, BinaryIO, int, int], Iterator[_Read]],
) -> Iterator[Item | _Read]:
    if unit.kind == "stdin":
        assert stdin is not None, "standard input is read by the main process"
        yield from _read_stream("<stdin>", stdin, options, reader, json_lines)
        return
    if unit.kind == "stream":
        name = unit.paths[0]
        with open_input(Path(name)) as stream:
            try:
                yield from _read_stream(name, stream, options, reader, json_lines)
            except OSError as exc:
                raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
        return
    for name in unit.paths:
        path = Path(name)
        with open_input(path) as stream:
            try:
                if unit.kind == "log":
                    stream.seek(unit.start)
                    yield from json_lines(name, stream, unit.first_line, unit.end - unit.start)
                else:
                    yield from reader.body(name, None, None, stream.read(options.max_bytes + 1))
            except OSError as exc:
                raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def read_items(
    paths: Iterable[Path | None], stdin: BinaryIO | None, options: ReadOptions | None = None
) -> Iterator[Item]:
    """Every item under ``paths``, in order, read by this process."""
    options = options or ReadOptions()
    for unit in plan(paths):
        yield from read_unit(unit, options, stdin)


def _read_report(value: Any) -> list[Diagnosis] | None:
    """A report line's diagnoses when the shortcut reads its value (a record with a ``body`` is
    a log record, not a report); None to read its text as ``diagnose_report`` reads it."""
    if type(value) is dict and "body" in value:
        return None
    try:
        return diagnose_read_report(value)
    except Exception:  # diagnose_report, and its own boundary, then read the text
        return None


def _joinable(found: tuple[ReportOutcome, ...]) -> bool:
    """Whether every report names its request id."""
    return all(request_id is not None for request_id, _, _ in found)


def _bounded_lines(
    stream: BinaryIO, max_bytes: int, first: int = 1, length: int = -1
) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of the next ``length`` bytes (all, when -1); None for a line longer than
    ``max_bytes``, which is skipped without being held in memory."""
    number, left, readline = first - 1, length, stream.readline
    while left:
        line = readline(max_bytes + 1)
        if not line:
            return
        number += 1
        left -= len(line)
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := readline(1 << 16)) and not rest.endswith(b"\n"):
                left -= len(rest)
            left -= len(rest)
            yield number, None
        else:
            yield number, line
        if left < 0 and length >= 0:
            return


class LineReader:
    """Turns bodies into items: one per response, or one per number of a delivery report.

    Items come back as lists (one item, but for a delivery report of several numbers): on the
    path every log line takes, a list is cheaper than a generator.
    """

    def __init__(self, options: ReadOptions) -> None:
        self.reports = options.reports
        self.max_bytes = options.max_bytes
        self.options = options
        self.limit: int | None = None if options.max_bytes == DEFAULT_MAX_BYTES else options.max_bytes
        self.fast_reports = options.reports and options.content_type is None and options.preflight is None
        """A report line the shortcut reads is diagnosed from its decoded value, not decoded again."""
        self.plain_answers = not options.reports and options.preflight is None and self.limit is None
        """A line is one answer when it is a record with a body (``held_answer``), read with
        the default size limit."""

    def body(
        self,
        origin: str,
        line: int | None,
        item_id: str | None,
        body: Any,
        *,
        clear_key: bool | None = None,
        record: dict[str, Any] | None = None,
    ) -> list[Item]:
        if clear_key is None:
            clear_key = isinstance(body, (bytes, str)) and holds_authkey(body)
        options = self.options
        if options.preflight is not None:
            return self._request(origin, line, item_id, body, clear_key=clear_key, record=record)
        content_type = record.get("content_type") if record else options.content_type
        if self.reports:
            reports = diagnose_report(body, content_type=content_type, max_bytes=self.max_bytes)
            time = record.get("time") if record else None
            return [Item(origin, line, item_id, diagnosis, None, clear_key, time) for diagnosis in reports]
        diagnosis = self._diagnosis(body, record)
        return [Item(origin, line, item_id, diagnosis, None, clear_key, record.get("time") if record else None)]

    def _diagnosis(self, body: Any, record: dict[str, Any] | None) -> Diagnosis:
        """What one answer means: ``body``, with its record's HTTP status and Content-Type (or
        the options', for a whole file's body, or its own, for an HTTP message)."""
        options = self.options
        content_type = record.get("content_type") if record else options.content_type
        status = record.get("http_status") if record else options.http_status
        body_format = None if record else options.body_format
        if record is None and isinstance(body, bytes) and body[:5] == b"HTTP/":
            message = http_message(body)  # curl -si: the status line and headers first
            if message is not None:
                body = message.body
                status = message.status if status is None else status
                content_type = content_type or message.content_type
        return diagnose(body, format=body_format, http_status=status, content_type=content_type, max_bytes=self.limit)

    def json_lines(self, origin: str, stream: BinaryIO, first: int, length: int) -> Iterator[Item]:
        line_items = self.line_items
        for number, line in _bounded_lines(stream, self.max_bytes, first, length):
            if line is None:
                yield Item(origin, number, None, None, f"longer than {self.max_bytes:,} bytes, not read")
            else:
                yield from line_items(origin, number, line)

    def json_line_answers(self, origin: str, stream: BinaryIO, first: int, length: int) -> Iterator[Item | LineAnswer]:
        """``json_lines``, where a line that is one answer comes as its ``LineAnswer``."""
        line_answer = self.line_answer
        for number, line in _bounded_lines(stream, self.max_bytes, first, length):
            if line is None:
                yield Item(origin, number, None, None, f"longer than {self.max_bytes:,} bytes, not read")
                continue
            answer = line_answer(origin, number, line)
            if type(answer) is list:
                yield from answer
            else:
                yield origin, number, answer  # type: ignore[misc]  # an Answer, as the type test says

    def placed_lines(
        self,
        origin: str,
        stream: BinaryIO,
        read: Callable[[str, int, bytes], list[Item] | _Lean] | None = None,
        at: int = 0,
    ) -> Generator[tuple[int, str, int, list[Item] | _Lean], None, int]:
        """The items of each line of a whole JSON Lines stream, as ``json_lines`` reads them,
        with where the line starts (``at`` and the bytes before it in the stream), its origin
        and its number: seek there and ``line_items`` reads the same items again. ``read`` reads
        a line instead of ``line_items`` (``line_answer``, ``report_outcomes``: its items, or
        less). Returns where the stream ends."""
        max_bytes, line_items, readline = self.max_bytes, read or self.line_items, stream.readline
        number = 0
        while line := readline(max_bytes + 1):
            start, number, size = at, number + 1, len(line)
            at += size
            if size > max_bytes and not line.endswith(b"\n"):
                while rest := readline(1 << 16):
                    at += len(rest)
                    if rest.endswith(b"\n"):
                        break
                yield (
                    start,
                    origin,
                    number,
                    [Item(origin, number, None, None, f"longer than {max_bytes:,} bytes, not read")],
                )
            else:
                yield start, origin, number, line_items(origin, number, line)
        return at

    def report_outcomes(self, origin: str, number: int, line: bytes | str) -> list[Item] | tuple[ReportOutcome, ...]:
        """``line_items`` of a line of reports, where a line the shortcut reads (as ``line_answer``
        would), each of its reports naming a request id, comes as each report's request id,
        number and outcome (``read_report_outcomes``), no Item or Diagnosis made."""
        if self.fast_reports and len(line) <= self.max_bytes:
            text = text_of(line) if type(line) is bytes else _line_text(line)  # a line of a file, most often
            try:
                record = loads_fields(text)
            except (ValueError, RecursionError):
                record = None
            if type(record) is list or (type(record) is dict and "body" not in record):
                try:
                    found = read_report_outcomes(record)
                except Exception:  # as _read_report: the general reading says what it is
                    found = None
                if found is not None and (found[0][0] is not None if len(found) == 1 else _joinable(found)):
                    return found
        return self.line_items(origin, number, line)

    def line_items(self, origin: str, number: int, line: bytes | str) -> list[Item]:
        """The items of one JSON Lines line: a record with a body, or a response itself. The
        line's text is read as a file's would be (``text_of``: a byte-order mark, else UTF-8,
        a byte that does not decode kept as a surrogate escape); a str is that text already."""
        answer = self.line_answer(origin, number, line)
        return answer if type(answer) is list else [answer_item(origin, number, answer)]  # type: ignore[arg-type]

    def line_answer(self, origin: str, number: int, line: bytes | str) -> list[Item] | Answer:
        """What ``line_items`` reads of a line: its Answer when it is one answer (its Item not
        yet made), else its items."""
        text = _line_text(line)
        try:
            record = loads_fields(text)  # every key an object gives twice kept
        except (ValueError, RecursionError) as exc:
            return self._not_json(origin, number, line, text, exc)
        return self._answer(origin, number, line, text, record)

    def held_answer(self, origin: str, number: int, line: bytes | str) -> list[Item] | Answer | str:
        """``line_answer``, where a line that is one accepted answer with a request id comes as
        that request id, all trace holds of it (the line is not searched for an authkey)."""
        text = text_of(line) if type(line) is bytes else _line_text(line)  # a line of a file, most often
        try:
            record = loads_fields(text)
        except (ValueError, RecursionError) as exc:
            return self._not_json(origin, number, line, text, exc)
        if (
            self.plain_answers
            and type(record) is dict
            and type(body := record.get("body")) is str
            and _PLAIN_RECORD_KEYS.issuperset(record)
            and "request" not in record
        ):  # a record as the docs write it, its body a text: what _answer and _record read of it
            try:
                if record.get("content_type") is None:
                    diagnosis = diagnose_text(body, record.get("http_status"))  # what _diagnosis does
                else:
                    diagnosis = self._diagnosis(body, record)
            except (TypeError, ValueError):
                pass  # a bad record: _answer says what is wrong with it
            else:
                if diagnosis.outcome is _SUCCESS and diagnosis.request_id is not None:
                    return diagnosis.request_id
                item_id = record.get("id")
                return diagnosis, None if item_id is None else str(item_id), record.get("time"), holds_authkey(line)
        return self._answer(origin, number, line, text, record)

    def _not_json(
        self, origin: str, number: int, line: bytes | str, text: str, exc: ValueError | RecursionError
    ) -> list[Item]:
        if not text.strip(_JSON_SPACE):
            return []
        return [Item(origin, number, None, None, f"not a JSON value: {exc}", holds_authkey(line))]

    def _answer(self, origin: str, number: int, line: bytes | str, text: str, record: Any) -> list[Item] | Answer:
        """``line_answer`` of a line that is the JSON value ``record``."""
        clear_key = holds_authkey(line)
        if self.fast_reports and len(line) <= self.max_bytes and (type(record) is list or type(record) is dict):
            reports = _read_report(record)
            if reports is not None:
                return [Item(origin, number, None, diagnosis, None, clear_key) for diagnosis in reports]
        if isinstance(record, dict) and "body" in record and self.options.preflight is None:
            if type(record) is dict and record.keys() <= _PLAIN_RECORD_KEYS:
                said_twice = None
            else:
                said_twice = _said_twice(record) if len(record) > 1 or type(record) is RepeatedKeys else None
            if said_twice is not None:
                item_id = None if record.get("id") is None else str(record["id"])
                diagnosis = Diagnosis.unrecognised(text.rstrip(_JSON_SPACE), said_twice)
                return [Item(origin, number, item_id, diagnosis, None, clear_key)]
            if type(record) is RepeatedKeys or type(record.get("body")) is RepeatedKeys:
                record = _with_body_as_written(record, text)
        return self._record(origin, number, line, record, clear_key)

    def _request(
        self, origin: str, line: int | None, item_id: str | None, body: Any, *, clear_key: bool, record: Any
    ) -> list[Item]:
        """The items of one recorded request: a record's ``request``, or the body itself."""
        from ..outgoing.request import request_text
        from .findings import request_diagnoses, request_findings

        options = self.options.preflight
        assert options is not None
        unread = None
        if isinstance(body, bytes):
            if len(body) > self.max_bytes:
                return [Item(origin, line, item_id, None, f"larger than {self.max_bytes:,} bytes, not read", clear_key)]
            try:
                text = request_text(body, limit=self.max_bytes).strip()  # as preflight() reads bytes
            except ValueError as exc:
                text, unread = "", str(exc)
            if not text and unread is None:
                return []  # an empty file holds no request
            try:
                body = loads_json(text) if text.startswith("{") else text
            except (ValueError, RecursionError):
                body = text
            record = body if type(body) is dict else None
        time = None
        if type(record) is dict and "request" in record:
            body, time = record["request"], record.get("time")
            if item_id is None and record.get("id") is not None:
                item_id = str(record["id"])
        found = unread if unread is not None else request_findings(body, time, options)
        return [
            Item(origin, line, item_id, diagnosis, None, clear_key, time, finding, (), index > 0, left_out)
            for index, (diagnosis, finding, left_out) in enumerate(request_diagnoses(found))
        ]

    def _record(self, origin: str, number: int, line: bytes | str, record: Any, clear_key: bool) -> list[Item] | Answer:
        if self.options.preflight is not None:
            return self._request(origin, number, None, record, clear_key=clear_key, record=record)
        if type(record) is not dict or "body" not in record:
            # The line itself, read as the same bytes in a file are, every key it holds kept.
            if isinstance(line, str):
                bare: bytes | str = line.removesuffix("\n").removesuffix("\r")
            else:
                bare = line.removesuffix(b"\n").removesuffix(b"\r")
            if self.reports:
                return self.body(origin, number, None, bare, clear_key=clear_key)
            return self._diagnosis(bare, None), None, None, clear_key
        item_id = record.get("id")
        item_id = None if item_id is None else str(item_id)
        body = record["body"]
        if body is None:
            body = ""
        try:
            if not isinstance(body, (str, dict, list)):
                raise TypeError(f"body must be a string or a JSON object, not {type(body).__name__}")
            if not self.reports and "request" not in record:
                return self._diagnosis(body, record), item_id, record.get("time"), clear_key
            items = self.body(origin, number, item_id, body, clear_key=clear_key, record=record)
        except (TypeError, ValueError) as exc:
            return [Item(origin, number, item_id, None, f"bad record: {exc}", clear_key)]
        if "request" in record and not self.reports:
            from .findings import predictions

            predicted = predictions(record["request"], record.get("time"), self.options.predict)
            if predicted:
                return [
                    Item(
                        i.origin,
                        i.line,
                        i.id,
                        i.diagnosis,
                        i.problem,
                        i.authkey_in_clear,
                        i.time,
                        i.finding,
                        predicted,
                        i.again,
                        i.left_out,
                    )
                    for i in items
                ]
        return items


def _line_text(line: bytes | str) -> str:
    """A line's text: a str's mark dropped as diagnose() drops it; bytes take the step a file's bytes take."""
    return (line[1:] if line[:1] == "\ufeff" else line) if isinstance(line, str) else text_of(line)


def _said_twice(record: dict[str, Any]) -> str | None:
    """Why a log record says two things: a key that decides what its body means (the body, its
    HTTP status or Content-Type), in any spelling, given twice with different values; or the
    fields of an answer beside its body. None when it says one thing."""
    seen: dict[str, Any] = {}
    ours = "outcome" in record and "raw" in record  # a record sms-diagnose wrote: its body beside its diagnosis
    for key, value in field_pairs(record):
        if not isinstance(key, str):
            continue
        folded = fold_key(key)
        if folded in _RECORD_MEANING:
            if folded in seen and seen[folded] != value:
                return f"the record gives the key {key!r} twice, with different values: it says two things"
            seen[folded] = value
        elif folded in ANSWER_KEYS and not ours:
            return f"the record is an answer itself ({key!r}) and holds a body: it says two things"
    return None


_SUCCESS = Outcome.SUCCESS
_RECORD_MEANING = frozenset({"body", "httpstatus", "contenttype"})
_PLAIN_RECORD_KEYS = frozenset({"id", "body", "http_status", "content_type", "time", "request"})
"""A record's keys as the docs write them: each folds to a name of its own, none an answer's,
so a record of these alone (no key given twice) says one thing without ``_said_twice``."""


def _with_body_as_written(record: dict[str, Any], text: str) -> dict[str, Any]:
    """``record`` (as a plain dict) with a body that is a JSON object giving a key twice
    replaced by its text as the line writes it, so that it is read, and kept, as a file of that
    body is; every value of every key reaches the reader either way."""
    plain = dict(record)
    span = _body_span(text) if type(plain.get("body")) is RepeatedKeys else None
    return plain if span is None else {**plain, "body": text[span[0] : span[1]]}


def _body_span(text: str) -> tuple[int, int] | None:
    """Where the value of the key ``body`` of the JSON object ``text`` is written (its last, as
    json.loads keeps); None when ``text`` is not an object or gives no body. Each value is read
    once by the C scanner: the cost is linear."""
    space, span = _JSON_WHITESPACE.match, None
    try:
        at = space(text, 0).end()
        if text[at : at + 1] != "{":
            return None
        at = space(text, at + 1).end()
        while text[at : at + 1] == '"':
            key, at = _scan_plain(text, at)
            at = space(text, at).end()
            if text[at : at + 1] != ":":
                return None
            start = space(text, at + 1).end()
            _, at = _scan_plain(text, start)
            if key == "body":
                span = (start, at)
            at = space(text, at).end()
            if text[at : at + 1] != ",":
                break
            at = space(text, at + 1).end()
    except (StopIteration, ValueError, RecursionError):
        return None
    return span if text[at : at + 1] == "}" else None


_scan_plain = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # the C scanner, set in __init__
_JSON_WHITESPACE = json.decoder.WHITESPACE  # type: ignore[attr-defined]  # json's own: [ \t\n\r]*
