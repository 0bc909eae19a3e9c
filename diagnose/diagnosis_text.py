"""A diagnosis as text, as ``str()`` and every command show it: the one-line summary (what it
is, and the first thing to do about it), and the few lines ``parse`` and a failing assertion
show. Text from a body is masked and its control characters escaped, so a line never spans two.
"""

from __future__ import annotations

from typing import Protocol

from .catalog.model import REPORT_PHASES, Entry, load_catalog
from .redaction import body_excerpt, printable, shown_number
from .vocabulary import Format, Outcome


class Diagnosis(Protocol):
    """What the text is made of: the fields of a ``diagnosis.Diagnosis``, which shows itself
    through this module (so this module names no record of a layer above it)."""

    @property
    def outcome(self) -> Outcome: ...
    @property
    def entry(self) -> Entry | None: ...
    @property
    def failure(self) -> Entry | None: ...
    @property
    def code(self) -> str | None: ...
    @property
    def message(self) -> str | None: ...
    @property
    def reason(self) -> str | None: ...
    @property
    def request_id(self) -> str | None: ...
    @property
    def number(self) -> str | None: ...
    @property
    def failure_reason(self) -> str | None: ...
    @property
    def format(self) -> Format | None: ...
    @property
    def http_status(self) -> int | None: ...
    @property
    def raw(self) -> str: ...
    @property
    def ok(self) -> bool: ...
    @property
    def is_delivery_report(self) -> bool: ...


def first_step(entry: Entry) -> str:
    """What follows a headline that names ``entry``: its first remediation step ('' without one)."""
    return f" \u2014 {entry.remediation[0].text}" if entry.remediation else ""


def summary(diagnosis: Diagnosis, *, reveal_number: bool = False, first_step: bool = True) -> str:
    """The one-line summary (``Diagnosis.summary``). A delivery report's number is masked unless
    ``reveal_number``; an entry's first remediation step is named unless not ``first_step``."""
    text = _headline(diagnosis, first_step)
    if diagnosis.is_delivery_report:
        number = shown_number(diagnosis.number, reveal_number)
        failure = diagnosis.failure
        details = [f"number {number}" if number else "no number in the report"]
        if failure is not None and failure is not diagnosis.entry:
            details.append(f"reason: {failure.name}, {failure.title}")
        elif diagnosis.failure_reason:
            details.append(f"reason: {_printable(diagnosis, diagnosis.failure_reason)}")
        text += f" ({'; '.join(details)})"
    return text


def _headline(diagnosis: Diagnosis, with_step: bool) -> str:
    entry, outcome, code = diagnosis.entry, diagnosis.outcome, diagnosis.code
    if entry is not None and (outcome is not Outcome.SUCCESS or entry.phase in REPORT_PHASES):
        label = entry.label if entry.code or not code else f"{_printable(diagnosis, code)} {entry.name}"
        advice = diagnosis.failure or entry  # a failure reason's advice is the more specific
        return f"{label}: {entry.title}{first_step(advice) if with_step else ''}"
    if outcome is Outcome.SUCCESS:
        if diagnosis.request_id:
            return f"success: request id {_printable(diagnosis, diagnosis.request_id)}"
        return f"success: {_printable(diagnosis, diagnosis.message)}" if diagnosis.message else "success"
    if outcome is Outcome.ERROR:
        label = f"error {_printable(diagnosis, code)}" if code else "error"
        detail = f": {_printable(diagnosis, diagnosis.message)}" if diagnosis.message else ""
        return f"{label} (not in the catalog){detail}"
    return f"unrecognised: {_printable(diagnosis, diagnosis.reason)}"


def _printable(diagnosis: Diagnosis, text: str | None) -> str:
    return printable(text or "", (diagnosis.number,))


def diagnosis_text(diagnosis: Diagnosis, raw_limit: int = 300, *, every_step: bool = False) -> str:
    """One diagnosis in a few lines: the one-line summary, then where to read more; with
    ``every_step``, every remediation step of its entry (as a failing assertion shows it)."""
    entry = diagnosis.entry
    listed = every_step and entry is not None and diagnosis.outcome is not Outcome.SUCCESS
    # the summary names the first step; where every step is listed, the headline names none
    lines = [summary(diagnosis, first_step=not listed)]
    details = [
        f"outcome: {diagnosis.outcome}",
        f"format: {diagnosis.format or '-'}",
    ]
    if diagnosis.http_status is not None:
        details.append(f"http status: {diagnosis.http_status}")
    lines.append("  " + " \u00b7 ".join(details))
    if entry is not None:
        catalog = load_catalog()
        lines.append(
            f"  severity: {entry.severity} \u00b7 who acts: {catalog.actors[entry.actor].title}"
            f" \u00b7 retry: {catalog.retries[entry.retry].title}"
        )
        if listed:
            lines += [f"  {number}. {step.text}" for number, step in enumerate(entry.remediation, 1)]
        lines.append(f"  more: sms-diagnose explain {entry.key} \u00b7 {entry.docs_url}")
    elif diagnosis.reason and diagnosis.outcome is not Outcome.UNRECOGNISED:  # an unrecognised one says it first
        lines.append(f"  reason: {printable(diagnosis.reason, (diagnosis.number,))}")
    if not diagnosis.ok and entry is None:
        lines.append(f"  body: {body_excerpt(diagnosis.raw, diagnosis.number, raw_limit)}")
    return "\n".join(lines)
