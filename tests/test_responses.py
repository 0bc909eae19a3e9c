"""Reading an answer (diagnose/responses): diagnose() on every envelope of the reference and the
v5 API's bodies as provider-api-more.md quotes them, transport failures, the HTTP status beside a
body, and what is not an envelope."""

from __future__ import annotations

import dataclasses
import json
import pickle
from collections.abc import Mapping
from typing import Any

import pytest

from diagnose import Diagnosis, Format, Outcome, diagnose, lookup
from diagnose.delivery.reports import diagnose_report_unguarded
from diagnose.responses.pipeline import diagnose_unguarded

from .hostile_corpus import CORPUS, PHONE


def test_an_integer_over_the_interpreters_digit_limit_is_unrecognised() -> None:
    result = diagnose_unguarded(b"[" + b"1" * 4301 + b"]")
    assert result.outcome is Outcome.UNRECOGNISED and result.reason == (
        "JSON with a number too long to read (over 4,300 digits)"
    )
    assert diagnose_unguarded({"type": "error", "code": 10**5000}).outcome is Outcome.ERROR


def test_a_form_with_many_fields_is_read() -> None:
    assert diagnose_unguarded(b"x=" + b"&" * 64).outcome is Outcome.UNRECOGNISED
    reports = diagnose_report_unguarded(CORPUS["many-form-fields-data"])
    assert [r.number for r in reports] == [PHONE]


def test_misuse_with_an_integer_too_long_to_print_raises_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="http_status must be between 100 and 599, not an integer of about 5,001"):
        diagnose(b"x", http_status=10**5000)
    with pytest.raises(ValueError, match="max_bytes must be at least 1"):
        diagnose(b"x", max_bytes=-(10**5000))


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("403: Forbidden", 403),
        ("400: Bad Request", None),
        ('{"code":401,"message":"Unauthorized"}', 401),
        ('{"type":"error","code":"401","message":"Unauthorized"}', None),
        ("<RESPONSE><TYPE>error</TYPE><CODE>403</CODE><MESSAGE>Forbidden</MESSAGE></RESPONSE>", None),
        ("<Error><Code>403</Code><Message>Forbidden</Message></Error>", None),
        ("418: I'm a teapot", None),
        ("403 - Access denied", 403),
        ("401 - Unauthorized: Access is denied due to invalid credentials.", 401),
        ('{"type":"error","code":401,"message":"Invalid token"}', 401),
    ],
)
def test_an_http_status_line_is_not_read_as_a_provider_code(body: str, status: int | None) -> None:
    result = diagnose(body, http_status=status)
    assert (
        diagnose(bytearray(body.encode()), http_status=status) == result == diagnose(body.encode(), http_status=status)
    )
    assert result.entry is None and "an HTTP status line" in (result.reason or ""), result
    assert diagnose("500 - Internal Server Error", http_status=500).entry.name == "TRANSPORT_SERVER_ERROR"  # type: ignore[union-attr]


REQUEST_ID = "3763646c3058373530393832"


@pytest.mark.parametrize(
    ("body", "fmt"),
    [
        (REQUEST_ID, Format.STRING),
        (f'{{"message":"{REQUEST_ID}","type":"success"}}', Format.JSON),
        (f'{{"type":"SUCCESS","message":"{REQUEST_ID}"}}', Format.JSON),
        (f'{{"request_id":"{REQUEST_ID}","type":"success"}}', Format.JSON),
        (f"<RESPONSE><TYPE>success</TYPE><MESSAGE>{REQUEST_ID}</MESSAGE></RESPONSE>", Format.XML),
        (f"<response><type>Success</type><message>{REQUEST_ID}</message></response>", Format.XML),
        (f"  {REQUEST_ID}\r\n", Format.STRING),
    ],
)
def test_success_carries_its_request_id(body: str, fmt: Format) -> None:
    result = diagnose(body)
    assert result.outcome is Outcome.SUCCESS and result.ok
    assert result.request_id == REQUEST_ID and result.format is fmt
    assert result.entry is None and result.code is None
    assert str(result) == f"success: request id {REQUEST_ID}"


@pytest.mark.parametrize(
    "body",
    [
        '{"message":"otp_sent_successfully","type":"success"}',
        "OTP verified success",
        '{"message":"Valid"}',
        "number_verified_successfully",
    ],
)
def test_success_tokens_are_success_without_a_request_id(body: str) -> None:
    result = diagnose(body)
    assert result.ok and result.request_id is None and result.message


@pytest.mark.parametrize(
    ("body", "code", "name"),
    [
        ('{"type":"error","message":"Missing Authentication Key","code":"106"}', "106", "MISSING_AUTHKEY"),
        ('{"code":106,"message":"Missing Authentication Key","type":"error"}', "106", "MISSING_AUTHKEY"),
        ('{"Type":"ERROR","Code":"207"}', "207", "INVALID_AUTHKEY"),
        ('{"msg_type":"error","msg":"IP is not whitelisted","code":"418"}', "418", "IP_NOT_WHITELISTED"),
        ('{"msgType":"error","msg":"Banned user account","code":303}', "303", "ACCOUNT_BANNED"),
        ('{"type":"error","code":1}', "1", "DATABASE_CONNECTION_FAILED"),  # the wire's code; entry.code is 001
        (
            "<RESPONSE><TYPE>error</TYPE><MESSAGE>Missing mobile no.</MESSAGE><CODE>101</CODE></RESPONSE>",
            "101",
            "MISSING_MOBILE_NUMBER",
        ),
        ("<response><type>error</type><code>311</code></response>", "311", "DUPLICATE_REQUEST_DISCARDED"),
        ("code: 311", "311", "DUPLICATE_REQUEST_DISCARDED"),
        ("code:311", "311", "DUPLICATE_REQUEST_DISCARDED"),
        ("CODE 207", "207", "INVALID_AUTHKEY"),
        ("207: Invalid authentication key", "207", "INVALID_AUTHKEY"),
        ("Error code 418 - IP not whitelisted", "418", "IP_NOT_WHITELISTED"),
    ],
)
def test_errors_with_a_code_find_their_entry(body: str, code: str, name: str) -> None:
    result = diagnose(body)
    assert result.outcome is Outcome.ERROR and not result.ok
    assert result.code == code
    assert result.entry is lookup(name)
    assert result.reason is None


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ('{"message":"Authentication failure","type":"error"}', "AUTHENTICATION_FAILURE"),
        ("Authentication failure", "AUTHENTICATION_FAILURE"),
        ('{"type":"error","message":"MISSING MOBILE NO"}', "MISSING_MOBILE_NUMBER"),
        ('{"type":"error","message":"OTP  not   match."}', "OTP_MISMATCH"),
        ("<response><type>error</type><message>invalid_otp</message></response>", "OTP_MISMATCH"),
        ("Mobile no. already verified", "OTP_ALREADY_VERIFIED"),
    ],
)
def test_errors_without_a_code_are_found_by_their_text(body: str, name: str) -> None:
    result = diagnose(body)
    assert result.outcome is Outcome.ERROR
    assert result.code is None, "the wire carried no code"
    assert result.entry is lookup(name)


def test_an_unknown_code_is_an_error_without_entry() -> None:
    result = diagnose('{"type":"error","message":"Something new","code":"999"}')
    assert result.outcome is Outcome.ERROR and result.entry is None
    assert result.code == "999" and result.message == "Something new"
    assert result.reason == "code 999 is not in the catalog"
    assert str(result) == "error 999 (not in the catalog): Something new"


def test_an_unknown_error_message_keeps_the_message() -> None:
    result = diagnose('{"type":"error","message":"Brand new failure"}')
    assert result.outcome is Outcome.ERROR and result.entry is None
    assert result.reason == "the error message is not in the catalog"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"type":"error","message":"Insuff', "truncated or malformed JSON"),
        ("<RESPONSE><TYPE>error</TYPE>", "truncated or malformed XML"),
        ("hello world", "text that is not a request ID"),
        ("4500", "bare number of 4 digits"),
        ("301", "a bare number of 3 digits, which is not read as an error code: balance.php answers"),
        ("Code 2 of 3 sent", "text that is not a request ID, a code or a message in the catalog"),
        ("<R><TYPE>error</TYPE><CODE><x>207</x></CODE></R>", "its code field holds an object, not one value"),
        ('{"status":"ok"}', "no type, message, code or request_id field (fields: status)"),
        ("[1, 2]", "a JSON array"),
        ('{"type":"pending","message":"x"}', "unknown response type 'pending'"),
        ("<root/>", "carries no fields"),
    ],
)
def test_anything_else_is_unrecognised_with_a_reason_and_the_raw_body(body: str, reason: str) -> None:
    result = diagnose(body)
    assert result.entry is None
    assert result.outcome is Outcome.UNRECOGNISED
    assert result.reason is not None and reason in result.reason
    assert result.raw == body
    assert str(result) == f"unrecognised: {result.reason}"


def test_the_body_decides_the_format_unless_told() -> None:
    assert diagnose("null", format="json").reason == "a bare JSON null, not a response envelope"
    assert diagnose("code: 311", format="json").outcome is Outcome.UNRECOGNISED
    assert diagnose('{"type":"error","code":"311"}', format=Format.JSON).code == "311"
    assert diagnose('  {"type":"error","code":"311"}').format is Format.JSON


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ('{"type":"error","message":"Authentication failure"}'.encode("utf-16"), "BOM"),
        (b"\xef\xbb\xbf" + b'{"type":"error","code":"207"}', "UTF-8 BOM"),
        (
            '<?xml version="1.0" encoding="ISO-8859-1"?><response><type>error</type>'
            "<message>Caf\u00e9</message><code>207</code></response>".encode("latin-1"),
            "declaration",
        ),
    ],
)
def test_bytes_are_decoded_by_bom_and_xml_declaration(data: bytes, encoding: str) -> None:
    result = diagnose(data)
    assert result.outcome is Outcome.ERROR, encoding
    assert result.entry is not None


def test_latin1_declared_message_is_decoded_faithfully() -> None:
    body = '<?xml version="1.0" encoding="ISO-8859-1"?><r><type>error</type><message>Caf\u00e9</message></r>'
    assert diagnose(body.encode("latin-1")).message == "Caf\u00e9"


def test_content_type_charset_is_honoured() -> None:
    data = '{"type":"error","message":"Caf\u00e9"}'.encode("latin-1")
    assert diagnose(data, content_type="application/json; charset=ISO-8859-1").message == "Caf\u00e9"


def test_invalid_utf8_is_kept_losslessly() -> None:
    data = b'{"type":"error","message":"\xff\xfe bad"}'
    result = diagnose(data)
    assert result.raw.encode("utf-8", "surrogateescape") == data
    json.dumps(result.to_dict())


def test_bytes_that_break_their_declared_encoding_fall_back_to_utf8() -> None:
    data = b"\xff\xfe\x00\xd8ab: a lone surrogate, not utf-16"
    result = diagnose(data)
    assert result.outcome is Outcome.UNRECOGNISED
    assert result.raw.encode("utf-8", "surrogateescape") == data, "read as UTF-8, losing nothing, its mark too"


def test_a_decoded_json_value_is_accepted() -> None:
    result = diagnose({"type": "error", "message": "Missing Authentication Key", "code": "106"})
    assert result.entry is lookup("106") and result.format is Format.JSON
    assert json.loads(result.raw) == {"type": "error", "message": "Missing Authentication Key", "code": "106"}


@dataclasses.dataclass
class FakeResponse:
    """What requests and httpx responses look like to diagnose()."""

    content: bytes
    status_code: int
    headers: Mapping[str, str]


def test_an_http_response_object_is_read_for_body_status_and_content_type() -> None:
    response = FakeResponse(
        b'{"message":"Authentication failure","type":"error"}', 401, {"content-type": "application/json"}
    )
    result = diagnose(response)
    assert result.entry is lookup("AUTHENTICATION_FAILURE")
    assert result.http_status == 401
    assert diagnose(response, http_status=200).http_status == 200


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"raw": 207}, TypeError, "diagnose() takes bytes, str"),
        ({"raw": None}, TypeError, "got NoneType"),
        ({"raw": "x", "format": "yaml"}, ValueError, "format must be 'string', 'json' or 'xml'"),
        ({"raw": "x", "format": 1}, TypeError, "format must be"),
        ({"raw": "x", "http_status": "200"}, TypeError, "http_status must be an int"),
        ({"raw": "x", "http_status": 999}, ValueError, "between 100 and 599"),
        ({"raw": "x", "http_status": True}, TypeError, "http_status must be an int"),
        ({"raw": "x", "content_type": b"json"}, TypeError, "content_type must be a str"),
    ],
)
def test_misuse_raises_a_clear_error(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        diagnose(**kwargs)


def test_diagnosis_is_immutable_and_serialisable() -> None:
    result = diagnose("code: 207", http_status=200)
    with pytest.raises(AttributeError):
        result.code = "208"  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result and copy.entry is result.entry, "an unpickled entry is the catalog's own"
    data = json.loads(json.dumps(result.to_dict()))
    assert data["outcome"] == "error" and data["ok"] is False
    assert data["code"] == "207" and data["http_status"] == 200
    assert data["entry"]["name"] == "INVALID_AUTHKEY"
    assert data["entry"]["docs_url"].endswith("codes/207/")
    assert data["raw"] == "code: 207"


def test_one_line_summary_names_code_entry_and_first_step() -> None:
    result = diagnose("code: 207")
    entry = lookup("207")
    assert entry is not None
    assert str(result) == f"207 INVALID_AUTHKEY: {entry.title} \u2014 {entry.remediation[0].text}"
    assert "\n" not in str(result)
    text_only = diagnose("Authentication failure")
    assert str(text_only).startswith("AUTHENTICATION_FAILURE: Authentication failure \u2014 ")


def test_benign_outcomes_read_as_benign() -> None:
    assert diagnose("code: 311").entry.severity == "info"  # type: ignore[union-attr]
    assert diagnose('{"message":"Mobile no. already verified","type":"error"}').entry.severity == "info"  # type: ignore[union-attr]


def test_a_success_type_with_an_error_code_is_neither_guessed_away_nor_guessed_into_an_error() -> None:
    for body in ('{"type":"success","code":"207"}', '{"type":"success","code":1,"message":"OTP sent successfully"}'):
        result = diagnose(body)
        assert result.outcome is Outcome.UNRECOGNISED and result.entry is None, body
        assert result.reason is not None and result.reason.startswith(
            "type says success but the body carries error code"
        )
        assert result.reason.endswith(": the body contradicts itself")


def test_diagnosis_equality_is_by_value() -> None:
    assert diagnose("code: 207") == diagnose("code: 207")
    assert isinstance(diagnose("x"), Diagnosis)


@pytest.mark.parametrize(
    "body",
    [
        "<RESPONSE><TYPE>error</TYPE><CODE>2<!---->07</CODE></RESPONSE>",
        "<RESPONSE><TYPE>error</TYPE><CODE>207<!-- a note --></CODE></RESPONSE>",
        "<RESPONSE><TYPE>error</TYPE><CODE>2<?pi x?>07</CODE></RESPONSE>",
    ],
)
def test_a_comment_inside_an_xml_field_is_not_part_of_its_text(body: str) -> None:
    """A comment splits a field's text in the tree; the field is the text around it (red team:
    it was read as no field, which made a success of <TYPE>success</TYPE><CODE>207<!----></CODE>)."""
    assert diagnose(body).entry is lookup("207")
    assert diagnose(body.replace("error", "success", 1)).outcome is Outcome.UNRECOGNISED


@pytest.mark.parametrize(
    ("body", "status", "name"),
    [
        ('{"type":"error","message":"IP is not whitelisted","code":"418"}', 418, "IP_NOT_WHITELISTED"),
        (
            '{"type":"error","message":"Your account is a demo account. Please contact support for details",'
            '"code":"505"}',
            505,
            "DEMO_ACCOUNT",
        ),
        ("Code: 207\nInvalid authentication key", None, "INVALID_AUTHKEY"),
        ("code: 207, Invalid authentication key", None, "INVALID_AUTHKEY"),
        ("code: 207 (Invalid authentication key)", None, "INVALID_AUTHKEY"),
        ("code=207&message=Invalid", None, "INVALID_AUTHKEY"),
    ],
)
def test_the_provider_s_own_answers_keep_their_meaning(body: str, status: int | None, name: str) -> None:
    """A provider answer whose code the HTTP status repeats, with that code's own text, is the
    provider's; a code followed by a newline, a comma or a bracket is a code (red team)."""
    result = diagnose(body, http_status=status)
    assert result.entry is not None and result.entry.name == name, result


def test_code_is_the_wire_value_and_the_entry_has_the_catalogs() -> None:
    for body in ({"type": "error", "code": "1"}, {"type": "error", "code": 1}, '{"type":"error","code":"1"}', "code 1"):
        result = diagnose(body)  # type: ignore[arg-type]
        assert result.code == "1" and result.entry is not None and result.entry.code == "001", body


@pytest.mark.parametrize(
    ("body", "status", "name"),
    [
        ("<html><body><h1>502 Bad Gateway</h1></body></html>", None, "TRANSPORT_GATEWAY_PAGE"),
        ("<!DOCTYPE html><html><body>Service Unavailable</body></html>", None, "TRANSPORT_GATEWAY_PAGE"),
        ("", None, "TRANSPORT_EMPTY_BODY"),
        ("  \r\n", 200, "TRANSPORT_EMPTY_BODY"),
        ("Too Many Requests", 429, "TRANSPORT_RATE_LIMITED"),
        ("", 429, "TRANSPORT_RATE_LIMITED"),
        ("upstream timed out", 504, "TRANSPORT_SERVER_ERROR"),
        ("<html>Bad Gateway</html>", 502, "TRANSPORT_SERVER_ERROR"),
        ('{"type":"error"', 500, "TRANSPORT_SERVER_ERROR"),
    ],
)
def test_transport_failures_are_named_with_retry_advice(body: str, status: int | None, name: str) -> None:
    result = diagnose(body, http_status=status)
    assert result.outcome is Outcome.ERROR and result.entry is lookup(name)
    assert result.entry is not None and str(result.entry.retry) == "later-with-backoff"
    assert result.code is None and result.raw == body


def test_a_provider_envelope_wins_over_the_http_status() -> None:
    assert diagnose('{"type":"error","code":"207"}', http_status=503).entry is lookup("207")
    failure = diagnose('{"message":"Authentication failure","type":"error"}', http_status=401)
    assert failure.entry is lookup("AUTHENTICATION_FAILURE")
    assert diagnose("hello", http_status=404).outcome is Outcome.UNRECOGNISED


def test_an_empty_api_error_key_leaves_the_code_the_providers() -> None:
    diagnosis = diagnose('{"type":"error","code":"207","apiError":null}')
    assert diagnosis.entry is not None and diagnosis.entry.name == "INVALID_AUTHKEY"
    assert diagnosis.http_status is None


def test_the_fail_shape_without_its_flags_does_not_read_the_http_status_as_a_code() -> None:
    diagnosis = diagnose('{"status":"fail","errors":"Token expired","code":"401"}')
    assert diagnosis.entry is None, "401 here is the HTTP status, not FLOW_NOT_APPROVED"
    assert diagnosis.http_status == 401


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
