"""A trace run: the two inputs in (read as ``check`` reads them), the journeys written out, and
how many messages failed the run under check's policy."""

from __future__ import annotations

import time as _time
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO, TextIO

from ..diagnosis import Diagnosis
from ..logs.reader import Item, ReadOptions, where
from ..redaction import json_text, printable
from ..times import seconds, unix_seconds
from ..vocabulary import JourneyState, Outcome
from .held import Held
from .join import journey_of, submitted_of, told_at_once
from .journey import Journey, Submitted, line
from .places import Inputs
from .render import Counts, DltTally, record

if TYPE_CHECKING:
    from ..check.policy import Policy
    from ..logs.findings import PreflightOptions

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
) -> tuple[Counts, int]:
    """Write every journey (JSON Lines, or a line for each message that did not arrive, then the
    counts) and return the counts and how many messages fail under ``policy``, lines that are
    not records included unless it allows them. With ``predict`` (its DLT templates), the counts
    say how many DLT failures of the reports the DLT rules predicted of the logged requests.

    The join is ``join.trace``'s, its memory compact (``held``): per request id the places of
    its lines, read again when its journey is told."""
    counts, invalid = Counts(), list[Item]()
    if predict is not None and predict.templates is not None:
        counts.dlt = DltTally()
    clock = seconds(now) if now is not None else _time.time()
    if clock is None:
        raise ValueError("now must be a datetime or Unix seconds")
    inputs = Inputs(stdin)

    def diagnosed(path: str, options: ReadOptions) -> Iterator[tuple[int, int, Item, Diagnosis]]:
        for place, items in inputs.read(path, options):
            for part, item in enumerate(items):
                if item.diagnosis is not None:
                    yield place, part, item, item.diagnosis
                    continue
                counts.invalid += 1
                if len(invalid) < INVALID_SHOWN:
                    invalid.append(item)

    failed = 0

    def tell(journey: Journey) -> None:
        nonlocal failed
        counts.add(journey)
        failed += fails(journey, policy)
        if json:
            out.write(json_text(record(journey, reveal_numbers), indent=None) + "\n")
        elif journey.state is not JourneyState.DELIVERED:
            out.write(line(journey) + "\n")

    held = Held()
    try:
        for place, _, item, diagnosis in diagnosed(requests, ReadOptions(stdin_is_jsonl=True, predict=predict)):
            counts.answers += 1
            if diagnosis.outcome is Outcome.SUCCESS and (request_id := diagnosis.request_id) is not None:
                held.answer(request_id, place, item.line)
                continue
            counts.refused(diagnosis)
            submitted = Submitted(
                diagnosis=diagnosis, where=item.where, at=unix_seconds(item.time), predicted=item.predicted
            )
            told = told_at_once(submitted_of(submitted), clock)  # masked where it is written
            assert told is not None, "an answer to hold is held"
            tell(told)
        for place, part, item, diagnosis in diagnosed(reports, ReadOptions(reports=True, stdin_is_jsonl=True)):
            counts.reports += 1
            if diagnosis.request_id is None:
                counts.unjoinable(diagnosis)
            else:
                held.report(diagnosis, place, item.line, part)
        for index in range(len(held)):
            if not json and counts.dlt is None and held.delivered(index):
                counts.states[JourneyState.DELIVERED] += 1  # nothing of it is shown: not read again
            else:
                tell(journey_of(*held.waiting(index, inputs), clock))
    finally:
        inputs.close()
    if not json:
        _write_end(out, invalid, counts)
    unread = 0 if policy.allow_unrecognised else counts.unjoined
    return counts, failed + unread + (0 if policy.allow_invalid else counts.invalid)


def _write_end(out: TextIO, invalid: list[Item], counts: Counts) -> None:
    """The human report's end: the lines that are not records, then the counts."""
    for item in invalid:
        out.write(f"{where(item)}  invalid: {printable(item.problem or '')}\n")
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
