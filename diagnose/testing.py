"""Assertions for your own pytest suites: recorded responses must mean what you expect.

from diagnose.testing import assert_error, assert_ok

def test_send_is_accepted():
    assert_ok(open("fixtures/send.json", "rb").read())

def test_bad_key_is_reported():
    assert_error(recorded_body, "INVALID_AUTHKEY")
"""

from __future__ import annotations

from typing import Any

from .catalog.model import load_catalog
from .diagnosis import Diagnosis
from .redaction import body_excerpt, printable
from .responses.pipeline import RawResponse, diagnose
from .vocabulary import Outcome


def _explain(diagnosis: Diagnosis) -> str:
    entry = diagnosis.entry
    lines = [f"{entry.label}: {entry.title}" if entry is not None else str(diagnosis)]
    if entry is not None:
        lines += [f"  {number}. {step.text}" for number, step in enumerate(entry.remediation, 1)]
        lines.append(f"  docs: {entry.docs_url}")
    else:
        if diagnosis.reason and diagnosis.outcome is not Outcome.UNRECOGNISED:
            lines.append(f"  reason: {printable(diagnosis.reason, (diagnosis.number,))}")
        lines.append(f"  body: {body_excerpt(diagnosis.raw, diagnosis.number)}")
    return "\n".join(lines)


def assert_ok(raw: RawResponse, **options: Any) -> Diagnosis:
    """Assert that ``raw`` is a success; returns the diagnosis (with its request id)."""
    __tracebackhide__ = True
    diagnosis = diagnose(raw, **options)
    if not diagnosis.ok:
        raise AssertionError(f"expected a success response, got:\n{_explain(diagnosis)}")
    return diagnosis


def assert_error(raw: RawResponse, code_or_name: str | int, **options: Any) -> Diagnosis:
    """Assert that ``raw`` is the error ``code_or_name`` (a code such as 207 or a name)."""
    __tracebackhide__ = True
    catalog = load_catalog()
    expected = catalog.lookup(code_or_name)
    if expected is None:
        close = catalog.close_keys(str(code_or_name))
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise ValueError(f"{code_or_name!r} is not a code or name in the catalog{hint}")
    diagnosis = diagnose(raw, **options)
    if diagnosis.entry is not expected:
        raise AssertionError(f"expected {expected.label} ({expected.title}), got:\n{_explain(diagnosis)}")
    return diagnosis
