"""Assertions for your own pytest suites: recorded responses must mean what you expect.

from diagnose.testing import assert_error, assert_ok

def test_send_is_accepted():
    assert_ok(open("fixtures/send.json", "rb").read())

def test_bad_key_is_reported():
    assert_error(recorded_body, "INVALID_AUTHKEY")
"""

from __future__ import annotations

from typing import Any

from .arguments import shown
from .catalog.model import load_catalog
from .diagnosis import Diagnosis
from .diagnosis_text import diagnosis_text
from .responses.pipeline import RawResponse, diagnose

__all__ = ["assert_error", "assert_ok"]


def assert_ok(raw: RawResponse, **options: Any) -> Diagnosis:
    """Assert that ``raw`` is a success; returns the diagnosis (with its request id)."""
    __tracebackhide__ = True
    diagnosis = diagnose(raw, **options)
    if not diagnosis.ok:
        text = diagnosis_text(diagnosis, every_step=True)
        raise AssertionError(f"expected a success response, got:\n{text}")
    return diagnosis


def assert_error(raw: RawResponse, code_or_name: str | int, **options: Any) -> Diagnosis:
    """Assert that ``raw`` is the error ``code_or_name`` (a code such as 207 or a name)."""
    __tracebackhide__ = True
    catalog = load_catalog()
    expected = catalog.lookup(code_or_name)
    if expected is None:
        close = catalog.close_keys(str(code_or_name))
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise ValueError(f"{shown(code_or_name)} is not a code or name in the catalog{hint}")
    diagnosis = diagnose(raw, **options)
    if diagnosis.entry is not expected:
        text = diagnosis_text(diagnosis, every_step=True)
        raise AssertionError(f"expected {expected.label} ({expected.title}), got:\n{text}")
    return diagnosis
