"""A trace run: the two inputs in (read as ``check`` reads them), the journeys written out, and
how many messages failed the run under check's policy."""

from __future__ import annotations

import time as _time
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO, Protocol, TextIO, cast

from ..check.run import sigterm_raises
from ..diagnosis import Diagnosis
from ..logs.reader import Answer, Item, LineReader, ReadOptions, answer_item, where
from ..logs.units import InputError
from ..redaction import json_text, no_workflow_command, printable
from ..times import seconds, unix_seconds
from ..vocabulary import JourneyState, Outcome
from .ahead import ReadAhead, can_read_ahead
from .forked import Forked, Spool, end_started
from .held import Held
from .join import journey_of, submitted_of, told_at_once
from .journey import Journey, Submitted, line
from .places import Inputs
from .render import Counts, DltTally, record

if TYPE_CHECKING:
    from ..check.policy import Policy
    from ..logs.findings import PreflightOptions
    from .ahead import Line


class Writer(Protocol):
    """Where journeys are written: the output, or a worker's spool."""

    def write(self, text: str, /) -> int: ...


SPLIT_FROM = 20_000
"""Request ids held from which a second process tells half of them (with more than one job)."""
INVALID_SHOWN = 1000
"""The lines that are not records a human report names; it counts them all."""


def run_trace(
    requests: str,
    reports: str,
    policy: Policy,
    out: TextIO,
    *,
    json: bool = False,
    now: float | None = None,
    stdin: BinaryIO | None = None,
    reveal_numbers: bool = False,
    predict: PreflightOptions | None = None,
    jobs: int = 1,
) -> tuple[Counts, int]:
    """Write every journey (JSON Lines, or a line for each message that did not arrive, then the
    counts) and return the counts and how many messages fail under ``policy``, lines that are
    not records included unless it allows them. With ``predict`` (its DLT templates), the counts
    say how many DLT failures of the reports the DLT rules predicted of the logged requests.

    The join is ``join.trace``'s, its memory compact (``held``): per request id the places of
    its lines, read again when its journey is told. With more than one job, the reports are
    read in a second process while the answers are read (``ahead``), and half the messages
    held are told in a second process (``tell_held``)."""
    clock = seconds(now) if now is not None else _time.time()
    if clock is None:
        raise ValueError("now must be a datetime or Unix seconds")
    run = _Trace(Inputs(stdin), policy, out, clock, json=json, reveal_numbers=reveal_numbers)
    counts = run.counts
    if predict is not None and predict.templates is not None:
        counts.dlt = DltTally()
    options, ahead = ReadOptions(reports=True, stdin_is_jsonl=True), None
    try:
        with sigterm_raises():
            ahead = ReadAhead(reports, options) if jobs > 1 and can_read_ahead(reports) else None
            run.answers(requests, ReadOptions(stdin_is_jsonl=True, predict=predict))
            run.reports(reports, options, ahead)
            run.tell_held(jobs)
    finally:
        if ahead is not None:
            ahead.close()
        end_started()
        run.inputs.close()
    if not json:
        _write_end(out, run.invalid, counts)
    unread = 0 if policy.allow_unrecognised else counts.unjoined
    return counts, run.failed + unread + (0 if policy.allow_invalid else counts.invalid)


class _Trace:
    """One run's join: what it read, holds and counts, and where it writes."""

    def __init__(
        self, inputs: Inputs, policy: Policy, out: Writer, clock: float, *, json: bool, reveal_numbers: bool
    ) -> None:
        self.inputs, self.policy, self.out, self.clock = inputs, policy, out, clock
        self.json, self.reveal_numbers = json, reveal_numbers
        self.counts, self.invalid, self.held, self.failed = Counts(), list[Item](), Held(), 0

    def answers(self, path: str, options: ReadOptions) -> None:
        """Read the answers: a refused request told at once, an accepted one held. A line that
        is one accepted answer comes as its request id (``held_answer``), one that is another
        answer without its Item (``line_answer``), made only for one told."""
        counts, held = self.counts, self.held
        for place, origin, number, read in self.inputs.read(path, options, LineReader.held_answer):
            if isinstance(read, str):
                counts.answers += 1
                held.answer(read, place, number)
                continue
            if isinstance(read, list):
                items = read
            else:
                assert number is not None, "a line has its number"
                items = [answer_item(origin, number, cast("Answer", read))]  # the reading's one other kind
            for _, item, diagnosis in self._diagnosed(items):
                counts.answers += 1
                if diagnosis.outcome is Outcome.SUCCESS and (request_id := diagnosis.request_id) is not None:
                    held.answer(request_id, place, item.line)
                    continue
                counts.refused(diagnosis)
                submitted = Submitted(
                    diagnosis=diagnosis, where=item.where, at=unix_seconds(item.time), predicted=item.predicted
                )
                told = told_at_once(submitted_of(submitted), self.clock)  # masked where it is written
                assert told is not None, "an answer to hold is held"
                self.tell(told)

    def reports(self, path: str, options: ReadOptions, ahead: ReadAhead | None = None) -> None:
        """Read the reports (or take those ``ahead`` read), each joined to its request id. The
        reports of a line the shortcut reads come as their request ids, numbers and outcomes
        (``report_outcomes``): no Item."""
        lines = ahead.lines(self.inputs) if ahead is not None else None
        self._join(lines if lines is not None else self.inputs.read(path, options, LineReader.report_outcomes))

    def _join(self, lines: Iterator[Line]) -> None:
        counts, held = self.counts, self.held
        for place, _, number, read in lines:
            if not isinstance(read, list):
                counts.reports += len(read)
                for part, (request_id, reported, outcome) in enumerate(read):
                    assert request_id is not None, "report_outcomes gives only reports with a request id"
                    held.report(request_id, reported, outcome, place, number, part)
                continue
            for part, item, diagnosis in self._diagnosed(read):
                counts.reports += 1
                if diagnosis.request_id is None:
                    counts.unjoinable(diagnosis)
                else:
                    held.report(diagnosis.request_id, diagnosis.number, diagnosis.outcome, place, item.line, part)

    def tell_held(self, jobs: int = 1) -> None:
        """Tell each request id held, its lines read again; a delivered message that is not
        shown is only counted. With more than one job, a forked worker tells the second half
        meanwhile (``_told_in_worker``), and what it wrote follows this process's."""
        held = len(self.held)
        if jobs < 2 or held < SPLIT_FROM:
            self._tell_range(0, held)
            return
        middle = held // 2
        self.inputs.opened()
        worker = Forked.start(lambda spool: self._told_in_worker(middle, held, spool))
        if worker is None:
            self._tell_range(0, held)
            return
        try:
            self._tell_range(0, middle)
            told = worker.pickles()
            if told is None:  # the worker did not finish: told here
                self._tell_range(middle, held)
                return
            texts, (counts, failed, problem) = told
            for text in texts:
                self.out.write(text)
            self.counts.take(counts)
            self.failed += failed
            if problem is not None:
                raise InputError(problem)
        finally:
            worker.close()

    def _tell_range(self, start: int, stop: int) -> None:
        counts, held, inputs = self.counts, self.held, self.inputs
        quiet = not self.json and counts.dlt is None
        for index in range(start, stop):
            if quiet and held.delivered(index):
                counts.states[JourneyState.DELIVERED] += 1  # nothing of it is shown: not read again
            else:
                self.tell(journey_of(*held.waiting(index, inputs), self.clock))

    def _told_in_worker(self, start: int, stop: int, spool: Spool) -> tuple[Counts, int, str | None]:
        """In the worker (this run, forked): tell ``start`` to ``stop``, the text spooled; what
        it counted and failed, and the input error that stopped it."""
        self.inputs.positional()
        spooled = self.out = _SpooledText(spool)
        self.counts, self.failed = self.counts.emptied(), 0
        problem = None
        try:
            self._tell_range(start, stop)
        except InputError as exc:
            problem = str(exc)
        spooled.flush()
        return self.counts, self.failed, problem

    def _diagnosed(self, items: list[Item]) -> Iterator[tuple[int, Item, Diagnosis]]:
        """Each item with a diagnosis, and its part of its line; the others counted as invalid."""
        for part, item in enumerate(items):
            if item.diagnosis is not None:
                yield part, item, item.diagnosis
                continue
            self.counts.invalid += 1
            if len(self.invalid) < INVALID_SHOWN:
                self.invalid.append(item)

    def tell(self, journey: Journey) -> None:
        self.counts.add(journey)
        self.failed += fails(journey, self.policy)
        if self.json:
            self.out.write(json_text(record(journey, self.reveal_numbers), indent=None) + "\n")
        elif journey.state is not JourneyState.DELIVERED:
            self.out.write(line(journey) + "\n")


def _write_end(out: TextIO, invalid: list[Item], counts: Counts) -> None:
    """The human report's end: the lines that are not records, then the counts."""
    for item in invalid:
        out.write(no_workflow_command(f"{where(item)}  invalid: {printable(item.problem or '')}") + "\n")
    out.write(counts.text() + "\n")


def fails(journey: Journey, policy: Policy) -> bool:
    """A refused request fails as ``check`` would fail its answer; a failed message when one of
    its numbers fails, as that number's status and failure reason decide together (either
    allowed, or both below the threshold, passes); an unreadable report unless allowed."""
    submitted = journey.submitted
    if journey.state is JourneyState.REJECTED and submitted is not None:
        if submitted.outcome is Outcome.UNRECOGNISED:
            return not policy.allow_unrecognised
        return policy.fails(submitted)
    if journey.state is JourneyState.FAILED:
        failures = [report for report in journey.reports if report.outcome is Outcome.ERROR]
        return any(policy.entry_fails(*(e for e in (r.failure, r.entry) if e is not None)) for r in failures)
    if journey.state is JourneyState.UNRECOGNISED:
        return not policy.allow_unrecognised
    return False


class _SpooledText:
    """Text written in the worker, spooled a batch of about 64 KiB at a time."""

    BATCH = 1 << 16

    def __init__(self, spool: Spool) -> None:
        self.spool, self.texts, self.size = spool, list[str](), 0

    def write(self, text: str) -> int:
        self.texts.append(text)
        self.size += len(text)
        if self.size >= self.BATCH:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.texts:
            self.spool.write("".join(self.texts))
            self.texts, self.size = [], 0
