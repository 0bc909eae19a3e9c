"""Journeys in, what ``sms-diagnose trace`` prints out: a line a person reads for each message
that did not arrive, JSON for machines, and the counts per state and per reason."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..catalog.model import Entry
from ..delivery.reports import ANSWER_NOT_REPORT
from ..diagnosis import Diagnosis, fields_dict
from ..responses.read import DELIVERY_REPORT
from ..vocabulary import JourneyState, Outcome
from ..wording import counted
from .journey import Journey, masked, shown_where


def record(journey: Journey, reveal_numbers: bool = False) -> dict[str, Any]:
    """One JSON record per message: its state, the entry that explains it, and the diagnoses it
    was built from (each entry by name; ``sms-diagnose explain NAME`` tells the rest)."""
    return {
        "request_id": masked(journey, journey.request_id) if journey.request_id else None,
        "state": str(journey.state),
        "entry": journey.entry.name if journey.entry else None,
        "where": shown_where(journey, masked) if journey.where else None,
        "waited_seconds": round(journey.waited, 3) if journey.waited is not None else None,
        "submitted": _compact(journey.submitted, reveal_numbers) if journey.submitted else None,
        "reports": [_compact(report, reveal_numbers) for report in journey.reports],
    }


def _compact(diagnosis: Diagnosis, reveal_numbers: bool) -> dict[str, Any]:
    """``diagnosis.to_dict()``, each entry by its name."""
    return fields_dict(diagnosis, reveal_numbers, _name)


def _name(entry: Entry | None) -> str | None:
    return entry.name if entry is not None else None


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
        self.answers = 0
        """Every answer read, accepted or not."""
        self.reports_among_answers = 0
        self.answers_among_reports = 0
        """Delivery reports read as answers, and answers read as reports: inputs given the wrong way round."""
        self.dlt: DltTally | None = None
        """With the DLT templates: how many DLT failures the reports show, and how many were predicted."""

    def emptied(self) -> Counts:
        """Counts of nothing yet, that count DLT failures when these do."""
        counts = Counts()
        counts.dlt = None if self.dlt is None else DltTally()
        return counts

    def take(self, told: Counts) -> None:
        """Add the messages ``told`` counted (of an ``emptied()`` of these), after these."""
        self.states.update(told.states)
        self.reasons.update(told.reasons)
        for name, title in told.titles.items():
            self.titles.setdefault(name, title)
        if self.dlt is not None and told.dlt is not None:
            self.dlt.failed += told.dlt.failed
            self.dlt.predicted += told.dlt.predicted
            self.dlt.delivered += told.dlt.delivered

    def refused(self, answer: Diagnosis) -> None:
        """An answer that is no accepted send: a delivery report is counted as one."""
        self.reports_among_answers += answer.reason == DELIVERY_REPORT

    def look_swapped(self) -> bool:
        """Whether most of what was read as answers are reports and most of the reports are
        answers: a stray line in each, or one mixed log given as both, is not the wrong order."""
        return self.reports_among_answers * 2 > self.answers and self.answers_among_reports * 2 > self.reports

    def unjoinable(self, report: Diagnosis) -> None:
        """A report without a request id: an answer to a send request is counted as one."""
        self.unjoined += 1
        self.answers_among_reports += report.reason == ANSWER_NOT_REPORT

    def add(self, journey: Journey) -> None:
        if self.dlt is not None:
            self.dlt.add(journey)
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
        if self.dlt is not None:
            lines.append(self.dlt.text())
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "messages": self.total,
            "states": {str(state): self.states[state] for state in JourneyState},
            "reasons": dict(self.reasons.most_common()),
            "invalid_lines": self.invalid,
            "reports_without_request_id": self.unjoined,
        } | ({} if self.dlt is None else {"dlt": self.dlt.to_dict()})


DLT_CATEGORY = "dlt-scrubbing"


class DltTally:
    """The messages whose reports failed DLT scrubbing, and how many of them the DLT rules
    predicted from the request logged beside the answer (the others were missed); and the
    messages predicted to fail that were delivered."""

    def __init__(self) -> None:
        self.failed = 0
        self.predicted = 0
        self.delivered = 0

    def add(self, journey: Journey) -> None:
        predicted = any(finding.entry.category == DLT_CATEGORY for finding in journey.predicted)
        if journey.state is JourneyState.FAILED:
            reasons = (report.failure for report in journey.reports if report.outcome is Outcome.ERROR)
            if any(reason is not None and reason.category == DLT_CATEGORY for reason in reasons):
                self.failed += 1
                self.predicted += predicted
        elif journey.state is JourneyState.DELIVERED:
            self.delivered += predicted

    def text(self) -> str:
        missed = self.failed - self.predicted
        return (
            f"DLT failures in the reports: {self.failed:,}, predicted before sending: {self.predicted:,}, "
            f"missed: {missed:,}; predicted to fail but delivered: {self.delivered:,}"
        )

    def to_dict(self) -> dict[str, int]:
        return {
            "failed": self.failed,
            "predicted": self.predicted,
            "missed": self.failed - self.predicted,
            "predicted_but_delivered": self.delivered,
        }
