"""Recorded send requests in, check items out: ``sms-diagnose preflight``, and the predictions
``check`` compares with the answers a log records beside their requests.

A request item is one finding of a request (its diagnosis is the answer the finding predicts),
a request with no finding (a success of no body), or a request that names no send API
(unrecognised, with the reason). ``now`` is the record's own ``time`` (when it was sent), else
the run's ``--now``, else the clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..diagnosis import Diagnosis
from ..outgoing.checks import TIMED
from ..outgoing.finding import Finding, Findings
from ..outgoing.rules import AUTHKEY, preflight
from ..outgoing.templates import DltTemplates
from ..records import Record
from ..times import instant, unix_seconds

NO_FINDING = "no finding"


class PreflightOptions(Record):
    """What every request of a preflight run is checked with (picklable, for the workers)."""

    now: float | None = None
    """Unix seconds: when a request without a time of its own would be sent (None: the clock)."""
    template: str | None = None
    templates: DltTemplates | None = None
    """The DLT templates every request is checked against (None: the DLT rules are not applied)."""
    dlt_match: str = "strict"
    dlt_variable_length: int | None = None


def _when(time: Any, fallback: float | None) -> tuple[datetime | None, bool]:
    """The time a request was (or would be) sent, and whether it is known rather than the clock's."""
    seconds = unix_seconds(time) if time is not None else None
    if seconds is not None:
        when = instant(seconds)
        if when is not None:
            return when, True
    if fallback is None:
        return None, False
    when = instant(fallback)
    return when, when is not None


def request_findings(request: Any, time: Any, options: PreflightOptions) -> Findings | str:
    """The findings of one recorded request, or why it is not a send request."""
    now, _ = _when(time, options.now)
    try:
        return preflight(
            request,
            now=now,
            template=options.template,
            templates=options.templates,
            dlt_match=options.dlt_match,
            dlt_variable_length=options.dlt_variable_length,
        )
    except (TypeError, ValueError) as exc:
        return str(exc)


def request_diagnoses(found: Findings | str) -> list[tuple[Diagnosis, Finding | None, int]]:
    """The items of one request: one per finding, else one that passes; each with how many
    findings of its rule were left out after it (on the last finding of a rule that has any)."""
    if isinstance(found, str):
        return [(Diagnosis.unrecognised("", f"not a send request: {found}"), None, 0)]
    if not found:
        return [(Diagnosis.success("", message=NO_FINDING), None, 0)]
    items: list[tuple[Diagnosis, Finding | None, int]] = []
    for index, finding in enumerate(found):
        last_of_its_rule = index + 1 == len(found) or found[index + 1].rule is not finding.rule
        items.append((finding.diagnosis(), finding, found.left_out_of(finding) if last_of_its_rule else 0))
    return items


def predictions(request: Any, time: Any, options: PreflightOptions | None = None) -> tuple[Finding, ...]:
    """What the pre-flight rules predict of a logged request whose answer is logged beside it.

    Without the record's time, rules that depend on when it was sent are left out: the clock
    of the check run is not when the request was sent. A missing authkey is left out too: logs
    drop the authkey header, as they should. A request that names no API predicts nothing.
    ``options`` give the DLT templates (and their readings) the DLT rules predict with."""
    now, known = _when(time, None)
    try:
        if options is None or options.templates is None:
            found = preflight(request, now=now)
        else:
            found = preflight(
                request,
                now=now,
                templates=options.templates,
                dlt_match=options.dlt_match,
                dlt_variable_length=options.dlt_variable_length,
            )
    except (TypeError, ValueError):
        return ()
    return tuple(f for f in found if (known or f.rule.check not in TIMED) and f.rule.parameter != AUTHKEY)
