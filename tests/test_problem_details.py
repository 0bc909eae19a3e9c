"""RFC 9457 problem details are what a service answers its own client: ``status`` is a
gateway's status for a failure upstream (never the provider's, which says 200 for most errors
and 401 for the v5 envelope), chosen by the caller if it likes; the provider's status is kept as
an extension member. Exceptions give their own, with Retry-After and whether anything was sent."""

from __future__ import annotations

import json

import pytest
import requests

from diagnose import (
    OtpNotVerified,
    SmsApiError,
    diagnose,
    ensure_otp_verified,
    ensure_preflight,
    lookup,
    raise_for_error,
)
from tests.cli_runner import run_cli

V5_FAIL = '{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}'
BALANCE = '{"type":"error","message":"Insufficient balance to send SMS","code":"301"}'
NUMBER = '{"type":"error","message":"Please Enter valid mobile no","code":"211"}'


def test_an_error_answered_with_200_is_a_bad_gateway_not_a_success() -> None:
    problem = diagnose(NUMBER, http_status=200).to_problem()
    assert (problem["status"], problem["provider_status"], problem["code"]) == (502, 200, "211")


def test_the_v5_envelope_401_does_not_tell_your_client_they_are_unauthorised() -> None:
    problem = diagnose(V5_FAIL, http_status=401).to_problem()
    assert problem["status"] == 502 and problem["provider_status"] == 401
    assert problem["name"] == "IP_NOT_WHITELISTED"


def test_a_failure_the_catalog_says_may_pass_later_is_503() -> None:
    page = diagnose("<html><head><title>503 Service Temporarily Unavailable</title></head></html>", http_status=503)
    problem = page.to_problem()
    assert problem["status"] == 503 and problem["retry"] == "later-with-backoff"


def test_a_success_has_no_status_and_the_caller_may_choose_one() -> None:
    ok = diagnose('{"type":"success","message":"3763646c3058373530393832"}', http_status=200)
    assert "status" not in ok.to_problem() and ok.to_problem()["provider_status"] == 200
    assert diagnose(BALANCE).to_problem(status=500)["status"] == 500
    assert diagnose(BALANCE).to_problem()["provider_status"] is None


@pytest.mark.parametrize(
    ("status", "error"), [(True, TypeError), ("502", TypeError), (99, ValueError), (600, ValueError)]
)
def test_a_status_that_is_no_http_status_is_refused(status: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="status must be"):
        diagnose(BALANCE).to_problem(status=status)  # type: ignore[arg-type]


def _response_429() -> requests.Response:
    response = requests.Response()
    response.status_code = 429
    response.headers["Retry-After"] = "30"
    response._content = b'{"type":"error","message":"Too many requests","code":"429"}'
    return response


def test_the_exception_passes_on_retry_after_and_that_it_was_sent() -> None:
    with pytest.raises(SmsApiError) as caught:
        raise_for_error(_response_429())
    problem = caught.value.to_problem()
    assert problem["provider_status"] == 429 and problem["sent"] is True
    assert caught.value.retry_after == 30 and problem["retry_after"] == 30
    fields = caught.value.log_fields()
    assert fields["retry_after"] == 30 and fields["sent"] is True and fields["http_status"] == 429


def test_a_request_the_guard_did_not_send_is_unprocessable_not_a_gateway_failure() -> None:
    with pytest.raises(SmsApiError) as caught:
        ensure_preflight({"sender": "SHOPIN", "route": "4", "sms": [{"message": "hi", "to": ["12345"]}]})
    problem = caught.value.to_problem()
    assert (problem["status"], problem["sent"]) == (422, False)
    assert caught.value.to_problem(status=400)["status"] == 400
    assert "12345" not in json.dumps(problem)


def test_the_command_prints_the_gateway_status_and_the_providers() -> None:
    done = run_cli("parse", "-", "--format", "problem", "--http-status", "401", stdin=V5_FAIL.encode())
    problem = json.loads(done.stdout)
    assert (problem["status"], problem["provider_status"], problem["name"]) == (502, 401, "IP_NOT_WHITELISTED")


def test_the_exception_keeps_the_response_it_came_in() -> None:
    response = _response_429()
    with pytest.raises(SmsApiError) as caught:
        raise_for_error(response)
    assert caught.value.response is response
    with pytest.raises(SmsApiError) as from_text:
        raise_for_error(BALANCE)
    assert from_text.value.response is None


def test_raise_for_error_takes_a_diagnosis_already_made() -> None:
    diagnosis = diagnose(BALANCE)
    with pytest.raises(SmsApiError) as caught:
        raise_for_error(diagnosis)
    assert caught.value.diagnosis is diagnosis and caught.value.code == "301"
    ok = diagnose('{"type":"success","message":"3763646c3058373530393832"}')
    assert raise_for_error(ok) is ok
    with pytest.raises(TypeError, match="already read"):
        raise_for_error(diagnosis, http_status=200)


def test_a_send_answer_given_to_ensure_otp_verified_says_what_happened() -> None:
    with pytest.raises(OtpNotVerified) as caught:
        ensure_otp_verified('{"type":"success","message":"3763646c3058373530393832"}')
    assert caught.value.name == "NOT_AN_OTP_VERIFICATION"
    problem = caught.value.to_problem()
    assert (problem["status"], problem["name"]) == (502, "NOT_AN_OTP_VERIFICATION")
    assert caught.value.log_fields()["error.type"] == "NOT_AN_OTP_VERIFICATION"
    assert lookup("NOT_AN_OTP_VERIFICATION") is None  # no catalog entry shares the name
