"""A trace run: the two inputs in (read as ``check`` reads them), the journeys written out, and
how many messages failed the run under check's policy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO, TextIO

from ..diagnosis import Diagnosis
from ..logs.reader import Item, ReadOptions, read_items, where
from ..logs.units import expand
from ..redaction import json_text, printable
from ..times import unix_seconds
from ..vocabulary import JourneyState, Outcome
from .join import trace
from .journey import Journey, Submitted, line
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
    say how many DLT failures of the reports the DLT rules predicted of the logged requests."""
    counts, invalid = Counts(), list[Item]()
    if predict is not None and predict.templates is not None:
        counts.dlt = DltTally()

    def diagnosed(path: str, options: ReadOptions) -> Iterator[Item]:
        for item in read_items(expand([path]), stdin, options):
            if item.diagnosis is not None:
                yield item
                continue
            counts.invalid += 1
            if len(invalid) < INVALID_SHOWN:
                invalid.append(item)

    answers = (
        Submitted(  # masked where it is written
            diagnosis=item.diagnosis, where=item.where, at=unix_seconds(item.time), predicted=item.predicted
        )
        for item in diagnosed(requests, ReadOptions(stdin_is_jsonl=True, predict=predict))
        if item.diagnosis is not None
    )

    def delivery() -> Iterator[Diagnosis]:
        for item in diagnosed(reports, ReadOptions(reports=True, stdin_is_jsonl=True)):
            counts.reports += 1
            if item.diagnosis is not None:
                yield item.diagnosis

    failed = 0

    def unjoined(report: Diagnosis) -> None:
        counts.unjoined += 1

    for journey in trace(answers, delivery(), now=now, on_unjoined=unjoined):
        counts.add(journey)
        failed += fails(journey, policy)
        if json:
            out.write(json_text(record(journey, reveal_numbers), indent=None) + "\n")
        elif journey.state is not JourneyState.DELIVERED:
            out.write(line(journey) + "\n")
    if not json:
        for item in invalid:
            out.write(f"{where(item)}  invalid: {printable(item.problem or '')}\n")
        out.write(counts.text() + "\n")
    unread = 0 if policy.allow_unrecognised else counts.unjoined
    return counts, failed + unread + (0 if policy.allow_invalid else counts.invalid)


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
