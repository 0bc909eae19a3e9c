"""Delivery reports of the fake: for each number of each accepted send, the report the provider
would POST to a webhook, built from the catalog (``diagnose.catalog.answers``, which the gate
proves in every shape), collected for the test and, when it names one, POSTed to its webhook.

A number is reported as the test asked (``report_as``), else with the failure ``preflight()``
predicted for its send (a DLT template mismatch: accepted, then failed), else as delivered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import HTTPRedirectHandler, ProxyHandler, Request, build_opener

from ..catalog.answers import FLAT, REPORT_CONTENT_TYPES, REPORT_SHAPES, report_bodies, shaped_report, shapes_of
from ..catalog.model import REPORT_PHASES, Catalog, Entry
from ..records import Record
from .messages import Submission

DELIVERED = "DELIVERY_DELIVERED"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
WEBHOOK_TIMEOUT = 10.0
"""Seconds a webhook has to take a report."""


class DeliveryReport(Record):
    """One webhook body the fake made: its ``shape`` (one of ``REPORT_SHAPES``), Content-Type
    and text; the request ID and the numbers it reports, with the entry each is reported as; and
    the HTTP status the webhook answered (None when it was only collected)."""

    shape: str
    content_type: str
    body: str
    request_id: str
    numbers: tuple[str, ...]
    outcomes: tuple[str, ...]
    webhook_status: int | None = None


def report_entry(catalog: Catalog, name: str, shape: str = FLAT) -> Entry:
    """The report entry named ``name`` (a delivery status or a failure reason) that the fake can
    report in ``shape``; ValueError naming close names, or saying why it cannot (and the shapes
    it can)."""
    entry = catalog.by_name(name)
    if entry is None:
        close = catalog.close_keys(name)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"{name!r} is not the name of a catalog entry{hint}")
    if entry.phase not in REPORT_PHASES:
        raise ValueError(f"{entry.name} is not a delivery status or failure reason")
    _check_shape(shape)
    _check_sendable(entry, shape)
    return entry


def _check_shape(shape: str) -> None:
    if shape not in REPORT_SHAPES:
        raise ValueError(f"a report's shape is one of {', '.join(REPORT_SHAPES)}, not {shape!r}")


def _check_sendable(entry: Entry, shape: str) -> None:
    """ValueError when the catalog has no report of ``entry`` in ``shape``: the fake sends none it
    would have to make up."""
    if shaped_report(entry, shape, "0", "0") is not None:
        return
    shapes = shapes_of(entry)
    can = f"it can be sent as {', '.join(shapes)}" if shapes else "it cannot be sent in any shape"
    raise ValueError(
        f"{entry.name} has no {shape} report example in the catalog, so the fake cannot send it in that shape; {can}"
    )


def reports_of(
    catalog: Catalog, submissions: Iterable[Submission], chosen: Mapping[str, str], shape: str
) -> list[DeliveryReport]:
    """The reports of ``submissions`` in ``shape``: each number as ``chosen`` names (by number),
    else as its send's predicted failure, else delivered. ValueError, and no report made, when a
    number's entry has no report in ``shape`` (naming the shapes it has)."""
    _check_shape(shape)
    reports = []
    for submission in submissions:
        records, names = [], []
        for number in submission.numbers:
            entry = _entry_for(catalog, submission, chosen.get(number))
            _check_sendable(entry, shape)
            record = shaped_report(entry, shape, submission.request_id, number)
            if record is None:  # _check_sendable lets through only entries that have one
                raise LookupError(f"{entry.name} has no report to send")
            records.append(record)
            names.append(entry.name)
        bodies = report_bodies(records, shape)
        if len(bodies) == len(records):  # one body per number
            parts: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
                ((number,), (name,)) for number, name in zip(submission.numbers, names, strict=True)
            ]
        else:
            parts = [(tuple(submission.numbers), tuple(names))]
        for body, (numbers, outcomes) in zip(bodies, parts, strict=True):
            reports.append(
                DeliveryReport(
                    shape=shape,
                    content_type=REPORT_CONTENT_TYPES[shape],
                    body=body,
                    request_id=submission.request_id,
                    numbers=numbers,
                    outcomes=outcomes,
                )
            )
    return reports


def _entry_for(catalog: Catalog, submission: Submission, chosen: str | None) -> Entry:
    names = [chosen] if chosen else []
    names += [*submission.failures, DELIVERED]
    for name in names:
        entry = catalog.by_name(name)
        if entry is not None and any(shaped_report(entry, shape, "0", "0") for shape in REPORT_SHAPES):
            return entry
    raise LookupError(f"the catalog has no {DELIVERED} report to send")


def check_webhook(url: str, *, any_host: bool = False) -> str:
    """``url`` if the fake may POST to it: http or https, on this machine unless ``any_host``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"a webhook is an http or https URL, not {url!r}")
    if not any_host and parts.hostname not in LOOPBACK_HOSTS:
        raise ValueError(f"the fake sends reports to this machine only (127.0.0.1, localhost), not {parts.hostname}")
    return url


class _NoRedirect(HTTPRedirectHandler):
    """A webhook's redirect is its answer, not an address to send the report to."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = build_opener(ProxyHandler({}), _NoRedirect())
"""Straight to the webhook: no proxy from the environment (http_proxy would carry a report and its
number off this machine), no redirect followed."""


def post(report: DeliveryReport, url: str) -> DeliveryReport:
    """``report`` POSTed to ``url`` (checked by ``check_webhook``), with the status it answered;
    OSError (urllib's URLError) when it could not be reached."""
    request = Request(  # noqa: S310 (check_webhook allows http and https only)
        url, data=report.body.encode("utf-8"), headers={"Content-Type": report.content_type}, method="POST"
    )
    try:
        with _OPENER.open(request, timeout=WEBHOOK_TIMEOUT) as answer:
            status = int(answer.status)
    except HTTPError as error:
        status = int(error.code)
    return DeliveryReport(
        shape=report.shape,
        content_type=report.content_type,
        body=report.body,
        request_id=report.request_id,
        numbers=report.numbers,
        outcomes=report.outcomes,
        webhook_status=status,
    )
