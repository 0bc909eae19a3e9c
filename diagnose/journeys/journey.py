"""A message's story as a record: ``Journey`` (what ``trace()`` makes of one request id) and
``Submitted`` (an answer with where and when it came), and how a journey shows itself: the line
``sms-diagnose trace`` prints and its repr, every text masked, its numbers too."""

from __future__ import annotations

from collections.abc import Callable

from ..catalog.model import Entry
from ..diagnosis import Diagnosis
from ..diagnosis_text import first_step, summary
from ..records import Record
from ..redaction import names_no_key, no_workflow_command, printable, redact, shown_number
from ..vocabulary import JourneyState, Outcome
from ..wording import counted

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..outgoing.finding import Finding


class Journey(Record):
    """One message's story. ``entry`` is the most specific entry that explains ``state``: the
    failure reason's, else the delivery status's or the submit error's; None when delivered, or
    with no report. ``waited`` is the seconds from the submit answer to ``now``, for a message
    still pending or without a report, when the answer's time is known."""

    request_id: str | None
    state: JourneyState
    entry: Entry | None
    submitted: Diagnosis | None
    reports: tuple[Diagnosis, ...]
    where: str | None = None
    waited: float | None = None
    predicted: tuple[Finding, ...] = ()
    """What the pre-flight rules predicted of the request logged beside its answer."""

    def __str__(self) -> str:
        """The line ``sms-diagnose trace`` prints: where, the request id and what happened, masked."""
        return line(self)

    def __repr__(self) -> str:
        return journey_repr(self)


class Submitted(Record):
    """An answer to a send request, with where it was read and when it came (Unix seconds), and
    what the pre-flight rules predicted of the request logged beside it."""

    diagnosis: Diagnosis
    where: str | None = None
    at: float | None = None
    predicted: tuple[Finding, ...] = ()

    def __repr__(self) -> str:
        where = "" if self.where is None else f", where={printable(self.where, (self.diagnosis.number,))!r}"
        at = "" if self.at is None else f", at={self.at!r}"
        return f"Submitted({self.diagnosis!r}{where}{at})"


def _numbers_of(journey: Journey) -> tuple[str, ...]:
    """The numbers the journey's reports name. Any text of the journey may hold one (a report's
    request id, its description, the file it was read from), and however it is written there
    (``98765_43210``), only its report knows it for a number: every text a journey shows is masked
    with all of them, by :func:`shown` or :func:`masked`, and by nothing else."""
    return tuple(d.number for d in (journey.submitted, *journey.reports) if d is not None and d.number)


def shown(journey: Journey, text: str) -> str:
    """Text of the journey as a person reads it: masked (its numbers too) and printable."""
    return printable(text, _numbers_of(journey))


def masked(journey: Journey, text: str) -> str:
    """Text of the journey as JSON holds it: masked (its numbers too)."""
    return redact(text, _numbers_of(journey))


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


_LINE_DIGITS = 7
"""A line number of up to 7 digits: fewer than any run of digits, key or number masking masks."""


def shown_where(journey: Journey, render: Callable[[Journey, str], str]) -> str:
    """Where the journey's answer was read as ``render`` shows text of the journey: a file's
    name, rendered alone (the same for every line of a file, so once), then its line number,
    which is too short to hold anything masked. A name where a key may be named, or that a
    number of the journey runs on from, is rendered with what follows it: a key's value may run
    on past a colon (a file read whole has no line, and a colon of its own)."""
    where = journey.where or ""
    name, colon, line = where.rpartition(":")
    numbers = _numbers_of(journey)
    line_alone = colon and len(line) <= _LINE_DIGITS and line.isascii() and line.isdigit()
    if line_alone and names_no_key(name) and all(n in name or n not in where for n in numbers):
        return f"{render(journey, name)}:{line}"
    return render(journey, where)


def line(journey: Journey) -> str:
    where = shown_where(journey, shown) if journey.where else "(reports only)"
    request_id = shown(journey, journey.request_id) if journey.request_id else "-"
    return no_workflow_command(f"{where}  {request_id}  {story(journey)}")


REPORTS_IN_REPR = 3


def journey_repr(journey: Journey) -> str:
    """``Journey(request_id=..., state=..., ...)``, every text masked as the trace shows it."""
    fields = {
        "request_id": None if journey.request_id is None else shown(journey, journey.request_id),
        "state": str(journey.state),
        "entry": journey.entry.name if journey.entry else None,
        "where": None if journey.where is None else shown_where(journey, shown),
        "waited": journey.waited,
    }
    text = ", ".join(f"{name}={value!r}" for name, value in fields.items() if value is not None)
    if journey.submitted is not None:
        text += f", submitted={shown(journey, repr(journey.submitted))}"
    reports = [shown(journey, repr(report)) for report in journey.reports[:REPORTS_IN_REPR]]
    if len(journey.reports) > REPORTS_IN_REPR:
        reports.append(f"... {len(journey.reports) - REPORTS_IN_REPR:,} more")
    return f"Journey({text}, reports=[{', '.join(reports)}])"


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
