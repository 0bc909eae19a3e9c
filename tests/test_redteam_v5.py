"""The red team's findings on the v5 envelopes, the salvage of changed bodies and the delivery
failure reasons, each kept as a test: a body that says two things is unrecognised, not guessed."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from diagnose import diagnose, diagnose_report
from diagnose.vocabulary import Outcome

from .bounds import bounded, grows_linearly

RID = "30696d74424c333539323132"
SUCCESS_JSON = json.dumps({"type": "success", "message": RID})

TWO_THINGS = [
    # an envelope quoted in an HTML page, wherever the page starts
    f"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\n\r\n<html><body><pre>{SUCCESS_JSON}</pre></body></html>",
    " " * 5000 + '<html><body>{"type":"error","code":"207"}</body></html>',
    "\u200b<html><body>" + '{"type":"error","code":"207"}</body></html>',
    '<body><p>{"type":"error","code":"207"}</p></body>',
    # two envelopes, in one syntax or two, one of them cut short
    '<?xml version="1.0"?><response><type>error</type><code>207</code></response> {"type":"success"}',
    SUCCESS_JSON + "\n<response><type>error</type><code>207</code></response>",
    f"INFO <response><type>success</type><message>{RID}</message></response> then " + '{"type":"error","code":"207"}',
    SUCCESS_JSON + '\n{"type":"error","code":"207"',
    f'{{"type":"error","code":"207"}} {{"type":"success","message":"{RID}"',
    f"Error code: 207 - Invalid authkey; response: {SUCCESS_JSON}",
    # valid JSON that is not an envelope
    '["retry", {"type":"error","code":"207"}]',
    '[{"type":"error","code":"207"}]',
    # fields that disagree
    "<response><status>success</status><hasError>true</hasError><errors>Unauthorized</errors></response>",
    '{"status":"success","hasError":"true","errors":"Unauthorized"}',
    '{"status":"success","hasError":1,"message":"ok"}',
    f"<response><status>fail</status><hasError>false</hasError><msg>{RID}</msg></response>",
    f'{{"status":"fail","type":"success","message":"{RID}"}}',
    '{"type":"success","msgType":"error","message":"ok"}',
    f'{{"type":"success","message":"{RID}","errors":"Invalid authkey"}}',
]


@pytest.mark.parametrize("body", TWO_THINGS)
def test_a_body_that_says_two_things_is_unrecognised(body: str) -> None:
    diagnosis = diagnose(body, http_status=None)
    assert diagnosis.outcome is not Outcome.SUCCESS
    assert diagnosis.entry is None or diagnosis.entry.phase == "transport", diagnosis
    assert diagnosis.reason


def test_an_empty_api_error_key_leaves_the_code_the_providers() -> None:
    diagnosis = diagnose('{"type":"error","code":"207","apiError":null}')
    assert diagnosis.entry is not None and diagnosis.entry.name == "INVALID_AUTHKEY"
    assert diagnosis.http_status is None


def test_the_fail_shape_without_its_flags_does_not_read_the_http_status_as_a_code() -> None:
    diagnosis = diagnose('{"status":"fail","errors":"Token expired","code":"401"}')
    assert diagnosis.entry is None, "401 here is the HTTP status, not FLOW_NOT_APPROVED"
    assert diagnosis.http_status == 401


REPORT_CONTRADICTIONS = [
    f'{{"requestId":"{RID}","number":"919876543210","status":1.0,"desc":"CALL BARRED"}}',
    f'{{"requestId":"{RID}","telNum":"919876543210","status":"Failed","desc":"DELIVERED"}}',
    f'{{"requestId":"{RID}","telNum":"919876543210","status":"Delivered","desc":"Failed"}}',
    '[{"data":[{"meta":"0","INMSID":"0","description":"DELIVERED","ts":1726729500}],"event":"failed"}]',
    '[{"data":[{"meta":"0","INMSID":"0","description":"CALL BARRED","ts":1726729500}],"event":"delivered"}]',
    f'{{"requestId":"{RID}","number":"919876543210","status":"1","event":"failed"}}',
]


@pytest.mark.parametrize("body", REPORT_CONTRADICTIONS)
def test_a_report_that_contradicts_itself_is_unrecognised(body: str) -> None:
    [report] = diagnose_report(body)
    assert report.outcome is Outcome.UNRECOGNISED and "contradicts itself" in (report.reason or "")


def test_a_float_status_is_its_number_and_an_unknown_status_keeps_its_reason_aside() -> None:
    [delivered] = diagnose_report(f'{{"requestId":"{RID}","number":"919876543210","status":1.0}}')
    assert delivered.entry is not None and delivered.entry.name == "DELIVERY_DELIVERED"
    [unknown] = diagnose_report(
        f'{{"requestId":"{RID}","number":"919876543210","status":"99","failedReason":"CALL BARRED"}}'
    )
    assert unknown.outcome is Outcome.UNRECOGNISED and unknown.entry is None
    assert unknown.failure is not None and unknown.failure.name == "REASON_CALL_BARRED"


def test_two_failure_reasons_that_differ_are_both_kept_and_neither_is_taken() -> None:
    body = {"requestId": RID, "number": "919876543210", "status": "Failed", "failedReason": "EXP Memexcd"}
    [report] = diagnose_report(json.dumps({**body, "failureReason": "CALL BARRED"}))
    assert report.failure is None and report.failure_reason == "EXP Memexcd / CALL BARRED"


def test_an_event_does_not_make_any_object_a_record() -> None:
    [report] = diagnose_report('{"event":"delivered","data":{"type":"error","code":"207","message":"Invalid authkey"}}')
    assert report.outcome is Outcome.UNRECOGNISED
    many = '{"event":"delivered","requestId":"' + "a" * 256 + '","data":[' + ",".join(["{}"] * 100_000) + "]}"
    assert len(bounded(lambda: diagnose_report(many), "diagnose_report")) == 1


def test_masking_key_names_among_comment_separators_is_linear() -> None:
    def masking(repeats: int) -> Callable[[], object]:
        return diagnose("authkey" + "<!--authkey-->" * repeats).to_dict

    grows_linearly(masking, 70_000, "to_dict of key names among comment separators")


SUCCESS_ENVELOPE = '{"type":"success","message":"3763646c3058373530393832"}'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (f"207 Invalid authkey {SUCCESS_ENVELOPE}", None),
        (f"Invalid authkey {SUCCESS_ENVELOPE}", None),
        (f"{SUCCESS_ENVELOPE} Invalid authkey", None),
        (f"received: {SUCCESS_ENVELOPE}", "success"),
        (f"200 OK {SUCCESS_ENVELOPE}", "success"),
        ('Invalid authkey: {"type":"error","message":"Invalid authentication key","code":"207"}', "INVALID_AUTHKEY"),
    ],
)
def test_a_success_beside_the_words_of_an_error_is_not_a_success(body: str, expected: str | None) -> None:
    result = diagnose(body)
    if expected is None:
        assert result.outcome is Outcome.UNRECOGNISED and "text around the envelope reads as" in (result.reason or "")
    elif expected == "success":
        assert result.outcome is Outcome.SUCCESS and result.request_id == "3763646c3058373530393832"
    else:
        assert result.entry is not None and result.entry.name == expected


ERROR_ENVELOPE = '{"type":"error","message":"Invalid authentication key","code":"207"}'
TWO_ANSWERS = [
    f"Error: Invalid authkey {SUCCESS_ENVELOPE}",
    f"ERROR sms: Invalid authkey {SUCCESS_ENVELOPE}",
    f"received:\nInvalid authkey\n{SUCCESS_ENVELOPE}",
    f"Invalid authkey, {SUCCESS_ENVELOPE}",
    f"Invalid authkey \u2014 {SUCCESS_ENVELOPE}",
    f'"Invalid authkey" {SUCCESS_ENVELOPE}',
    f"(Invalid authkey) {SUCCESS_ENVELOPE}",
    f"{SUCCESS_ENVELOPE}; Invalid authkey",
    f"{SUCCESS_ENVELOPE}\nError: OTP expired",
    f"[207] Invalid authkey {SUCCESS_ENVELOPE}",
    f"207 | Invalid authkey | {SUCCESS_ENVELOPE}",
    f"Error 207 {SUCCESS_ENVELOPE}",
    f"error=207 {SUCCESS_ENVELOPE}",
    f"207 error {SUCCESS_ENVELOPE}",
    f"status=418 {SUCCESS_ENVELOPE}",
    f"HTTP 418 {SUCCESS_ENVELOPE}",
    f"code: 418 {ERROR_ENVELOPE}",
]
ONE_ANSWER = [
    (f"200 {SUCCESS_ENVELOPE}", "success"),
    (f"code: 200 {SUCCESS_ENVELOPE}", "success"),
    (f"{SUCCESS_ENVELOPE}\n200", "success"),
    (f"[200] {SUCCESS_ENVELOPE}", "success"),
    (f"2026-11-25 10:20:31 received: {SUCCESS_ENVELOPE}", "success"),
    (f"took 311 ms {SUCCESS_ENVELOPE}", "success"),
    (f"code: 207 {ERROR_ENVELOPE}", "INVALID_AUTHKEY"),
    (f"{'x' * 1_000_000} {SUCCESS_ENVELOPE}", "success"),
]


@pytest.mark.parametrize("body", TWO_ANSWERS)
def test_an_errors_words_or_code_beside_an_envelope_is_a_second_answer(body: str) -> None:
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED and "two answers in one body" in (result.reason or ""), result


@pytest.mark.parametrize(("body", "expected"), ONE_ANSWER, ids=[body[:30] for body, _ in ONE_ANSWER])
def test_a_loggers_prefix_or_the_same_code_leaves_the_answer(body: str, expected: str) -> None:
    result = diagnose(body)
    if expected == "success":
        assert result.outcome is Outcome.SUCCESS, result
    else:
        assert result.entry is not None and result.entry.name == expected
