"""trace(): answers to send requests and delivery reports in, one Journey per request id out.

The answers are read first. A request the API refused is told at once: it has no request id to
wait for. An accepted one is held by its request id, with the latest report of each number it
went to; the reports are then read as they come, each joined to its request id. So memory grows
with the number of request ids held and their numbers, never with the length of the logs.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from ..catalog.model import Entry
from ..delivery.reports import diagnose_report
from ..diagnosis import Diagnosis
from ..responses.pipeline import diagnose
from ..times import seconds
from ..vocabulary import JourneyState, Outcome
from .journey import Journey, Submitted

_FINAL = (Outcome.SUCCESS, Outcome.ERROR)


class Waiting:
    """An accepted request waiting for its reports: the latest report of each number (most
    requests go to one number, held without a dict)."""

    __slots__ = ("first", "more", "submitted")

    def __init__(self, submitted: Submitted | None) -> None:
        self.submitted = submitted
        self.first: Diagnosis | None = None
        self.more: dict[str | None, Diagnosis] | None = None

    def add(self, report: Diagnosis) -> None:
        first = self.first
        if first is None:
            self.first = report
        elif self.more is None and first.number == report.number:
            self.first = _later(first, report)
        else:
            more = self.more if self.more is not None else {first.number: first}
            before = more.get(report.number)
            more[report.number] = report if before is None else _later(before, report)
            self.more, self.first = more, more[first.number]

    @property
    def latest(self) -> tuple[Diagnosis, ...]:
        if self.more is not None:
            return tuple(self.more.values())
        return () if self.first is None else (self.first,)


def _later(before: Diagnosis, report: Diagnosis) -> Diagnosis:
    """Which of two reports of a number stands. A failure is never undone (a delivered report of
    the same number is a contradiction, or of another number whose report shows it masked); a
    final status is not undone by a later pending or unreadable one."""
    return report if replaces(before.outcome, report.outcome) else before


def replaces(before: Outcome, report: Outcome) -> bool:
    """Whether a report of ``report``'s outcome stands over an earlier one's of the same number."""
    return before is not Outcome.ERROR and (report in _FINAL or before not in _FINAL)


def trace(
    submits: Iterable[Submitted | Diagnosis | str | bytes],
    reports: Iterable[Diagnosis | str | bytes | Mapping[str, Any] | list[Any]],
    *,
    now: datetime | float | None = None,
    on_unjoined: Callable[[Diagnosis], object] | None = None,
) -> Iterator[Journey]:
    """Every message's journey: the refused ones as their answers are read, then one per request id.

    ``submits`` are the answers to send requests: diagnoses, raw bodies, or ``Submitted`` with
    where and when each came. ``reports`` are delivery reports: diagnoses (one per number, from
    ``diagnose_report``) or raw webhook bodies. ``now`` (a datetime or Unix seconds; default: the
    clock) is when the messages without a report are told. ``on_unjoined`` is called with each
    report that names no request id, which no journey can hold.
    """
    _iterable(submits, "answers")
    _iterable(reports, "reports")
    clock = seconds(now) if now is not None else _time.time()
    if clock is None:
        raise ValueError("now must be a datetime or Unix seconds")
    return _trace(submits, reports, clock, on_unjoined)


def _trace(
    submits: Iterable[Submitted | Diagnosis | str | bytes],
    reports: Iterable[Diagnosis | str | bytes | Mapping[str, Any] | list[Any]],
    clock: float,
    on_unjoined: Callable[[Diagnosis], object] | None,
) -> Iterator[Journey]:
    held: dict[str, Waiting] = {}
    for item in submits:
        submitted = submitted_of(item)
        told = told_at_once(submitted, clock)
        if told is not None:
            yield told
            continue
        request_id = submitted.diagnosis.request_id
        assert request_id is not None
        if request_id.lower() not in held:  # request ids are hexadecimal: any case joins
            held[request_id.lower()] = Waiting(submitted)
    for report in _reports(reports):
        request_id = report.request_id
        if request_id is None:
            if on_unjoined is not None:
                on_unjoined(report)
            continue
        waiting = held.get(request_id.lower())
        if waiting is None:
            waiting = held[request_id.lower()] = Waiting(None)
        waiting.add(report)
    for key, waiting in held.items():
        yield journey_of(key, waiting, clock)


def told_at_once(submitted: Submitted, clock: float) -> Journey | None:
    """The journey of an answer that has no reports to wait for: a refused request, or one
    accepted without a request id; None for one to hold."""
    diagnosis = submitted.diagnosis
    if diagnosis.outcome is not Outcome.SUCCESS:
        return Journey(
            request_id=diagnosis.request_id,
            state=JourneyState.REJECTED,
            entry=diagnosis.entry,
            submitted=diagnosis,
            reports=(),
            where=submitted.where,
            predicted=submitted.predicted,
        )
    if diagnosis.request_id is None:
        waited = clock - submitted.at if submitted.at is not None else None
        return Journey(
            request_id=None,
            state=JourneyState.NO_REPORT,
            entry=None,
            submitted=diagnosis,
            reports=(),
            where=submitted.where,
            waited=waited,
        )
    return None


def journey_of(key: str, waiting: Waiting, clock: float) -> Journey:
    """The journey of a held request id: its answer (if any) and the latest report of each number."""
    submitted, latest = waiting.submitted, waiting.latest
    state, entry = state_of(latest)
    if submitted is None:
        request_id = latest[0].request_id if latest else key
        return Journey(
            request_id=request_id, state=state, entry=entry, submitted=None, reports=latest, where=None, waited=None
        )
    diagnosis, at = submitted.diagnosis, submitted.at
    waited = None if at is None or state is JourneyState.FAILED or state is JourneyState.DELIVERED else clock - at
    return Journey(
        request_id=diagnosis.request_id,
        state=state,
        entry=entry,
        submitted=diagnosis,
        reports=latest,
        where=submitted.where,
        waited=waited,
        predicted=submitted.predicted,
    )


_ERROR, _UNRECOGNISED = Outcome.ERROR, Outcome.UNRECOGNISED


def state_of(latest: tuple[Diagnosis, ...]) -> tuple[JourneyState, Entry | None]:
    """Where a message stands by the latest report of each number, and the entry that explains
    it: failed when one number failed (its failure reason's entry, else its status's); no report;
    a report that could not be read; pending (the first pending number's status); delivered."""
    unread = unfinished = None
    for report in latest:
        outcome = report.outcome
        if outcome is _ERROR:
            return JourneyState.FAILED, report.failure or report.entry
        if outcome is _UNRECOGNISED:
            unread = unread or report
        elif outcome not in _FINAL:
            unfinished = unfinished or report
    if not latest:
        return JourneyState.NO_REPORT, None
    if unread is not None:
        return JourneyState.UNRECOGNISED, None
    if unfinished is not None:
        return JourneyState.PENDING, unfinished.entry
    return JourneyState.DELIVERED, None


def _iterable(items: object, what: str) -> None:
    """Misuse fails at the call, not halfway: one body or one record where many are wanted."""
    if isinstance(items, (str, bytes, bytearray, memoryview, Mapping)) or not hasattr(items, "__iter__"):
        kind = type(items).__name__
        raise TypeError(f"trace() takes the {what} as an iterable of them (a list or a generator), not one {kind}")


def submitted_of(item: Submitted | Diagnosis | str | bytes) -> Submitted:
    if isinstance(item, Submitted):
        if not isinstance(item.diagnosis, Diagnosis):
            raise TypeError(f"Submitted.diagnosis must be a Diagnosis, not {type(item.diagnosis).__name__}")
        return (
            item
            if item.at is None or type(item.at) is float
            else Submitted(diagnosis=item.diagnosis, where=item.where, at=seconds(item.at), predicted=item.predicted)
        )
    if isinstance(item, Diagnosis):
        return Submitted(diagnosis=item)
    if isinstance(item, (str, bytes, bytearray, memoryview)):
        return Submitted(diagnosis=diagnose(item))
    raise TypeError(f"trace() takes answers as Diagnosis, Submitted, str or bytes, not {type(item).__name__}")


def _reports(reports: Iterable[Diagnosis | str | bytes | Mapping[str, Any] | list[Any]]) -> Iterator[Diagnosis]:
    for report in reports:
        if isinstance(report, Diagnosis):
            yield report
        elif isinstance(report, (str, bytes, bytearray, memoryview, Mapping, list)):
            yield from diagnose_report(report)
        else:
            raise TypeError(
                f"trace() takes reports as Diagnosis, str, bytes or decoded JSON, not {type(report).__name__}"
            )
