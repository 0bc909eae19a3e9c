"""diagnose.testing: the assertions users put in their own pytest suites."""

from __future__ import annotations

import pytest

from diagnose import lookup
from diagnose.testing import assert_error, assert_ok

REQUEST_ID = "3763646c3058373530393832"


def test_assert_ok_returns_the_diagnosis() -> None:
    assert assert_ok(f'{{"message":"{REQUEST_ID}","type":"success"}}'.encode()).request_id == REQUEST_ID


def test_assert_ok_fails_with_the_diagnosis_and_the_remediation() -> None:
    entry = lookup("418")
    assert entry is not None
    with pytest.raises(AssertionError) as failure:
        assert_ok("code: 418")
    message = str(failure.value)
    assert message.startswith("expected a success response, got:\n418 IP_NOT_WHITELISTED")
    for number, step in enumerate(entry.remediation, 1):
        assert f"  {number}. {step.text}" in message
    assert f"  more: sms-diagnose explain 418 \u00b7 {entry.docs_url}" in message, "the CLI's own rendering"


def test_assert_ok_on_an_unrecognised_body_shows_reason_and_body() -> None:
    with pytest.raises(AssertionError, match=r"unrecognised: text that is not a request ID(.|\n)*body: 'oops'"):
        assert_ok("oops")


def test_assert_error_by_code_or_name() -> None:
    assert assert_error("code: 207", "207").code == "207"
    assert assert_error('{"message":"Authentication failure","type":"error"}', "AUTHENTICATION_FAILURE").ok is False
    assert assert_error("code: 207", 207).entry is lookup("INVALID_AUTHKEY")


def test_assert_error_fails_naming_what_was_expected_and_what_came() -> None:
    with pytest.raises(
        AssertionError, match=r"expected 207 INVALID_AUTHKEY \(Invalid authentication key\), got:\n311 "
    ):
        assert_error("code: 311", "INVALID_AUTHKEY")
    with pytest.raises(AssertionError, match="expected 207 INVALID_AUTHKEY"):
        assert_error(REQUEST_ID, "207")


def test_assert_error_rejects_an_unknown_expectation() -> None:
    with pytest.raises(ValueError, match="'NOPE' is not a code or name"):
        assert_error("code: 207", "NOPE")
