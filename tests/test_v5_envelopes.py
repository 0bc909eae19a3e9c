"""The v5 API's bodies, exactly as provider-api-more.md quotes them, and what each means."""

from __future__ import annotations

import pytest

from diagnose import diagnose
from diagnose.vocabulary import Outcome

SUCCESS, ERROR, UNRECOGNISED = Outcome.SUCCESS, Outcome.ERROR, Outcome.UNRECOGNISED
OTP_ID = "30696d74424c333539323132"

# body, the HTTP status the caller passes, and what it means: outcome, entry name, HTTP status, request id
REFERENCE_BODIES = [
    ('{"message":"5e1e93cad6fc054d8e759a5b","type":"success"}', 200, (SUCCESS, None, 200, "5e1e93cad6fc054d8e759a5b")),
    (f'{{"request_id":"{OTP_ID}","type":"success"}}', None, (SUCCESS, None, None, OTP_ID)),
    (f"{{ request_id: '{OTP_ID}', type: 'success' }}", None, (SUCCESS, None, None, OTP_ID)),
    ('{"message":"retry send successfully","type":"success"}', 200, (SUCCESS, None, 200, None)),
    ('{"type":"error","message":"Auth Key missing"}', 200, (ERROR, "MISSING_AUTHKEY", 200, None)),
    ('{"message":"Invalid authkey","type":"error","code":"201"}', 200, (ERROR, "INVALID_CREDENTIALS", 200, None)),
    (
        '{"type":"error","message":"The provided flow ID or template ID is invalid."}',
        200,
        (ERROR, "FLOW_MISSING_OR_INVALID", 200, None),
    ),
    (
        '{"type":"error","message":"Please enter atleast one number to send sms."}',
        None,
        (ERROR, "NO_VALID_NUMBER", None, None),
    ),
    ('{"type":"error","message":"OTP retry count maxed out"}', 200, (ERROR, "OTP_RETRY_LIMIT_REACHED", 200, None)),
    ('{"type":"error","msg":"Route Missing"}', 404, (ERROR, "API_PATH_NOT_FOUND", 404, None)),
    (
        '{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}',
        401,
        (ERROR, "IP_NOT_WHITELISTED", 401, None),
    ),
    (
        '{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"201"}',
        401,
        (ERROR, "INVALID_CREDENTIALS", 401, None),
    ),
    (
        '{"status":"fail","hasError":true,"data":null,"errors":"Something went wrong"}',
        500,
        (ERROR, "PROVIDER_SOMETHING_WENT_WRONG", 500, None),
    ),
    (
        '{"status":"success","hasError":false,"data":{"message_uuid":"8c1f","status":"message submitted successfully"},'
        '"errors":null}',
        200,
        (SUCCESS, None, 200, None),
    ),
    ('{"msg":"Invalid authkey","msgType":"error"}', 200, (ERROR, "INVALID_CREDENTIALS", 200, None)),
    ('{"type":"error","message":"OTP expired"}', 200, (ERROR, "OTP_EXPIRED", 200, None)),
    ('{"type":"error","message":"otp expired"}', 200, (ERROR, "OTP_EXPIRED", 200, None)),
    ('{"type":"error","message":"OTP not match"}', 200, (ERROR, "OTP_MISMATCH", 200, None)),
    (
        '{"type":"error","message":"Mobile number empty or not numeric"}',
        None,
        (ERROR, "OTP_INVALID_MOBILE", None, None),
    ),
    ('{"type":"error","message":"Mobile no. empty or not numeric"}', None, (ERROR, "OTP_INVALID_MOBILE", None, None)),
    ('{"message":"OTP verified success","type":"success"}', 200, (SUCCESS, None, 200, None)),
]


@pytest.mark.parametrize(("body", "given", "expected"), REFERENCE_BODIES)
def test_each_v5_body_of_the_reference_means_what_the_reference_says(
    body: str, given: int | None, expected: tuple[Outcome, str | None, int | None, str | None]
) -> None:
    diagnosis = diagnose(body, http_status=given)
    name = diagnosis.entry.name if diagnosis.entry else None
    assert (diagnosis.outcome, name, diagnosis.http_status, diagnosis.request_id) == expected, diagnosis.reason


def test_the_fail_envelopes_code_is_its_http_status_and_api_error_the_providers_code() -> None:
    diagnosis = diagnose('{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}')
    assert diagnosis.entry is not None and diagnosis.entry.code == "418"
    assert diagnosis.code == "418"
    assert diagnosis.http_status == 401, "the status the body states, when the caller gives none"
    assert diagnosis.message == "Unauthorized"
    told = diagnose(
        '{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}', http_status=403
    )
    assert told.http_status == 403, "the status the caller saw wins over the one the body states"


def test_before_the_fail_envelope_was_read_its_http_status_was_taken_for_a_flow_error() -> None:
    diagnosis = diagnose('{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}')
    assert diagnosis.entry is not None and diagnosis.entry.name != "FLOW_NOT_APPROVED"


def test_a_fail_envelope_without_a_provider_code_is_not_read_by_its_http_status() -> None:
    diagnosis = diagnose('{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401"}')
    assert diagnosis.outcome is ERROR
    assert diagnosis.entry is None, "401 is the HTTP status here, not FLOW_NOT_APPROVED"
    assert diagnosis.reason == "the error message is not in the catalog"
    assert diagnosis.http_status == 401


def test_the_conflicting_already_verified_is_unrecognised_with_type_success() -> None:
    diagnosis = diagnose('{"type":"success","message":"Mobile no. already verified"}')
    assert diagnosis.outcome is UNRECOGNISED
    assert "contradicts itself" in (diagnosis.reason or "")
    assert diagnose('{"type":"error","message":"Mobile no. already verified"}').entry.name == "OTP_ALREADY_VERIFIED"  # type: ignore[union-attr]
