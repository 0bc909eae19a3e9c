"""Journeys in, what ``sms-diagnose trace`` prints out: a line a person reads for each message
that did not arrive, JSON for machines, and the counts per state and per reason."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..catalog.model import Entry
from ..diagnosis import Diagnosis
from ..diagnosis_text import first_step, summary
from ..redaction import printable, redact, shown_number
from ..vocabulary import JourneyState, Outcome
from ..wording import counted
from .join import Journey


def _numbers_of(journey: Journey) -> tuple[str, ...]:
    """The numbers the journey's reports name. Any text of the journey may hold one (a report's
    request id, its description, the file it was read from), and however it is written there
    (``98765_43210``), only its report knows it for a number: every text a journey shows is masked
    with all of them, by :func:`shown` or :func:`masked`, and by nothing else."""
    return tuple(d.number for d in (journey.submitted, *journey.reports) if d is not None and d.number)


def shown(journey: Journey, text: str) -> str:
    """Text of the journey as a person reads it: masked (its numbers too) and printable."""
    return printable(text, _numbers_of(journey))


def masked(journey: Journey, text: str | None) -> str | None:
    """Text of the journey as JSON holds it: masked (its numbers too)."""
    return None if text is None else redact(text, _numbers_of(journey))


def story(journey: Journey) -> str:
    """What happened to the message, in one line, masked."""
    state, submitted = journey.state, journey.submitted
    if state is JourneyState.REJECTED:
        assert submitted is not None
        said = "rejected at submit" if submitted.entry is not None or submitted.code else "not accepted"
        return f"{said}: {summary(submitted)}"
    if state is JourneyState.FAILED and journey.entry is not None:
        entry = journey.entry
        report = next(r for r in journey.reports if r.failure is entry or r.entry is entry)
        facts = [f"status {report.entry.label}"] if report.entry is not None and report.entry is not entry else []
        number = shown_number(report.number)
        facts.append(f"number {number}" if number else "no number in the report")
        more = sum(1 for r in journey.reports if r.outcome is Outcome.ERROR) - 1
        if more:
            facts.append(f"and {counted(more, 'other number')} failed")
        return f"accepted, then failed: {entry.label}: {entry.title} ({', '.join(facts)}){first_step(entry)}"
    waited = _waited(journey.waited)
    if state is JourneyState.UNRECOGNISED:
        report = next(r for r in journey.reports if r.outcome is Outcome.UNRECOGNISED)
        return f"accepted, then a report that could not be read: {shown(journey, report.reason or '')}"
    if state is JourneyState.PENDING:
        title = journey.entry.title if journey.entry else "a status not in the catalog"
        return f"accepted, still pending ({title}){waited}"
    if state is JourneyState.NO_REPORT:
        if journey.request_id is None:
            return f"accepted with no request id to join reports to: {_summary(submitted)}"
        return f"accepted, no delivery report yet{waited}"
    return "accepted and delivered"


def _summary(diagnosis: Diagnosis | None) -> str:
    return summary(diagnosis) if diagnosis is not None else "-"


def line(journey: Journey) -> str:
    where = shown(journey, journey.where) if journey.where else "(reports only)"
    request_id = shown(journey, journey.request_id) if journey.request_id else "-"
    return f"{where}  {request_id}  {story(journey)}"


REPORTS_IN_REPR = 3


def journey_repr(journey: Journey) -> str:
    """``Journey(request_id=..., state=..., ...)``, every text masked as the trace shows it."""
    fields = {
        "request_id": None if journey.request_id is None else shown(journey, journey.request_id),
        "state": str(journey.state),
        "entry": journey.entry.name if journey.entry else None,
        "where": None if journey.where is None else shown(journey, journey.where),
        "waited": journey.waited,
    }
    text = ", ".join(f"{name}={value!r}" for name, value in fields.items() if value is not None)
    if journey.submitted is not None:
        text += f", submitted={shown(journey, repr(journey.submitted))}"
    reports = [shown(journey, repr(report)) for report in journey.reports[:REPORTS_IN_REPR]]
    if len(journey.reports) > REPORTS_IN_REPR:
        reports.append(f"... {len(journey.reports) - REPORTS_IN_REPR:,} more")
    return f"Journey({text}, reports=[{', '.join(reports)}])"


def record(journey: Journey, reveal_numbers: bool = False) -> dict[str, Any]:
    """One JSON record per message: its state, the entry that explains it, and the diagnoses it
    was built from (each entry by name; ``sms-diagnose explain NAME`` tells the rest)."""
    return {
        "request_id": masked(journey, journey.request_id) if journey.request_id else None,
        "state": str(journey.state),
        "entry": journey.entry.name if journey.entry else None,
        "where": masked(journey, journey.where) if journey.where else None,
        "waited_seconds": round(journey.waited, 3) if journey.waited is not None else None,
        "submitted": _compact(journey.submitted, reveal_numbers) if journey.submitted else None,
        "reports": [_compact(report, reveal_numbers) for report in journey.reports],
    }


def _compact(diagnosis: Diagnosis, reveal_numbers: bool) -> dict[str, Any]:
    data = diagnosis.to_dict(reveal_number=reveal_numbers)
    data["entry"] = diagnosis.entry.name if diagnosis.entry else None
    if "failure" in data:
        data["failure"] = diagnosis.failure.name if diagnosis.failure else None
    return data


class Counts:
    """How many messages ended in each state, and how many failed or were refused for each reason."""

    def __init__(self) -> None:
        self.states: Counter[JourneyState] = Counter()
        self.reasons: Counter[str] = Counter()
        self.titles: dict[str, str] = {}
        self.invalid = 0
        """Lines of the inputs that are not records."""
        self.unjoined = 0
        """Reports that name no request id, so no message's journey holds them."""
        self.reports = 0
        """Every report read (one per number), joined or not."""

    def add(self, journey: Journey) -> None:
        self.states[journey.state] += 1
        if journey.state in (JourneyState.FAILED, JourneyState.REJECTED):
            entry: Entry | None = journey.entry
            name = entry.name if entry else "not in the catalog"
            self.reasons[name] += 1
            self.titles.setdefault(name, entry.title if entry else "")

    @property
    def total(self) -> int:
        return sum(self.states.values())

    def text(self) -> str:
        parts = [f"{self.states[state]:,} {str(state).replace('-', ' ')}" for state in JourneyState]
        lines = [f"traced {counted(self.total, 'message')}: " + ", ".join(parts)]
        if self.invalid:
            lines[0] += f"; lines that are not records: {self.invalid:,}"
        if self.unjoined:
            lines[0] += f"; reports without a request id: {self.unjoined:,}"
        if self.reasons:
            lines.append("failed or rejected, by reason:")
            width = max(len(name) for name in self.reasons)
            for name, count in self.reasons.most_common():
                title = f"  {self.titles[name]}" if self.titles[name] else ""
                lines.append(f"  {name:<{width}}  {count:>9,}{title}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "messages": self.total,
            "states": {str(state): self.states[state] for state in JourneyState},
            "reasons": dict(self.reasons.most_common()),
            "invalid_lines": self.invalid,
            "reports_without_request_id": self.unjoined,
        }


def _waited(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 0:
        return ", its answer's time being later than now (check the clocks)"
    return f", {_duration(seconds)} after it was accepted"


def _duration(seconds: float) -> str:
    minutes, hours, days = int(seconds // 60), int(seconds // 3600), int(seconds // 86400)
    if days:
        return f"{days} d {hours - days * 24} h"
    if hours:
        return f"{hours} h {minutes - hours * 60} min"
    return f"{minutes} min" if minutes else f"{int(seconds)} s"
