"""A body that says two things is never read as one (issue 21, section 1).

The bodies are made from the envelope grammar: a confident answer (success, an error with its
code, the v5 fail envelope, msgType, a delivery report), one field that decides its meaning,
a second, different value for it, and a way of saying it twice (the key repeated, the key in
another case, a sibling key, an XML element repeated in any case or namespace, a root
attribute). Whatever the combination, no answer is confident, in every place that reads one.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnose import (
    Outcome,
    SmsApiError,
    UnrecognisedResponse,
    diagnose,
    diagnose_report,
    ensure_otp_verified,
    raise_for_error,
)
from diagnose.testing import assert_ok

from .cli_runner import run_cli

RID = "5e1e93cad6fc054d8e759a5b"
OTHER_RID = "6f2f04dbe7ad165e9f86ab6c"
NUMBER = "919876543210"

# Each answer: its fields, and for each field that decides its meaning, the other values it may take.
ANSWERS: list[tuple[list[tuple[str, Any]], dict[str, list[Any]]]] = [
    (
        [("type", "success"), ("message", RID)],
        {"type": ["error", "fail"], "message": ["Invalid authkey", OTHER_RID]},
    ),
    (
        [("type", "success"), ("message", "OTP verified success")],
        {"type": ["error"], "message": ["OTP expired", "OTP not match"]},
    ),
    (
        [("type", "error"), ("code", "207"), ("message", "Invalid authentication key")],
        {"type": ["success"], "code": ["418", "301", 418], "message": ["IP not whitelisted"]},
    ),
    (
        [("type", "error"), ("message", "IP not whitelisted")],
        {"type": ["success"], "message": ["Invalid authkey", RID]},
    ),
    (
        [("status", "fail"), ("hasError", True), ("errors", "Unauthorized"), ("code", "401"), ("apiError", "418")],
        {"status": ["success"], "hasError": [False], "apiError": ["201", "207"], "errors": ["IP not whitelisted"]},
    ),
    (
        [("msgType", "error"), ("msg", "Invalid authkey")],
        {"msgType": ["success"], "msg": ["IP not whitelisted"]},
    ),
    (
        [("type", "success"), ("request_id", RID)],
        {"type": ["error"], "request_id": [OTHER_RID]},
    ),
]


def _json_text(pairs: list[tuple[str, Any]]) -> str:
    """A JSON object written pair by pair, so that a key may stand in it twice."""
    return "{" + ",".join(f"{json.dumps(key)}:{json.dumps(value)}" for key, value in pairs) + "}"


def _xml_text(pairs: list[tuple[str, Any]], attributes: tuple[tuple[str, Any], ...] = ()) -> str:
    def text(value: Any) -> str:
        return str(value).lower() if isinstance(value, bool) else str(value)

    shown = "".join(f' {name}="{text(value)}"' for name, value in attributes)
    inner = "".join(f"<{key}>{text(value)}</{key}>" for key, value in pairs)
    return f'<response xmlns:a="urn:a"{shown}>{inner}</response>'


SPELLINGS = ("same", "upper", "title", "prefix")


@st.composite
def contradictions(draw: st.DrawFn) -> tuple[str, str]:
    """A body, and what it was made as (for the failure message)."""
    fields, others = draw(st.sampled_from(ANSWERS))
    key = draw(st.sampled_from(sorted(others)))
    other = draw(st.sampled_from(others[key]))
    spelling = draw(st.sampled_from(SPELLINGS))
    as_xml = draw(st.booleans())
    if spelling == "prefix" and not as_xml:
        spelling = "same"
    twice = {"same": key, "upper": key.upper(), "title": key.title(), "prefix": f"a:{key}"}[spelling]
    pairs = list(fields)
    where = draw(st.integers(0, len(pairs)))
    pairs.insert(where, (twice, other))
    if draw(st.booleans()):  # the second value first or last: neither spelling wins
        pairs.reverse()
    if as_xml and draw(st.booleans()):
        # the other value as an attribute of the root element
        body = _xml_text(list(fields), ((key, other),))
        return body, f"{key}={other!r} as a root attribute of {fields}"
    body = _xml_text(pairs) if as_xml else _json_text(pairs)
    return body, f"{key}={other!r} said again as {twice!r} in {fields}"


@given(contradictions())
def test_a_decisive_field_said_twice_is_never_a_confident_answer(case: tuple[str, str]) -> None:
    body, made = case
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED, (made, body, result)
    assert result.entry is None
    assert result.raw == body


@given(contradictions())
def test_raise_for_error_and_ensure_otp_verified_refuse_it(case: tuple[str, str]) -> None:
    body, _ = case
    with pytest.raises(UnrecognisedResponse):
        raise_for_error(body)
    with pytest.raises(SmsApiError):
        ensure_otp_verified(body)
    with pytest.raises(AssertionError):
        assert_ok(body)


@given(st.sampled_from(ANSWERS), st.data())
def test_a_field_said_twice_alike_keeps_the_answer(answer: tuple[list[tuple[str, Any]], Any], data: Any) -> None:
    """The other side: saying the same value again, in any spelling, changes nothing."""
    fields, _ = answer
    key, value = data.draw(st.sampled_from(fields))
    twice = data.draw(st.sampled_from([key, key.upper(), key.title()]))
    expected = diagnose(_json_text(fields))
    assert expected.outcome is not Outcome.UNRECOGNISED
    again = diagnose(_json_text([*fields, (twice, value)]))
    assert (again.outcome, again.entry, again.request_id) == (expected.outcome, expected.entry, expected.request_id)


@pytest.mark.parametrize(
    "body",
    [
        f'{{"type":"error","type":"success","message":"{RID}"}}',
        f'{{"type":"success","message":"{RID}","Type":"error"}}',
        f"<response><type>error</type><type>success</type><message>{RID}</message></response>",
        f"<response><type>error</type><TYPE>success</TYPE><message>{RID}</message></response>",
        '<r xmlns:a="urn:a"><a:type>error</a:type><type>success</type><message>OTP verified success</message></r>',
        '{"type":"error","code":"207","code":"418"}',
        "<response><type>error</type><code>207</code><code>418</code></response>",
        "Error code: 207 - Invalid authkey. Error code: 418 - IP not whitelisted",
        '{"type":"success","message":"OTP verified success","errors":["otp_expired"]}',
        "<response><type>success</type><message>OTP verified success</message>"
        "<errors><e>otp_expired</e></errors></response>",
        f'{{"type":["error"],"message":"{RID}"}}',
    ],
)
def test_the_reported_bodies_are_unrecognised_everywhere(body: str) -> None:
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED and result.entry is None
    assert result.reason is not None
    assert "contradicts itself" in result.reason or "not read as one answer" in result.reason
    with pytest.raises(UnrecognisedResponse) as raised:
        raise_for_error(body)
    assert raised.value.diagnosis.reason == result.reason
    with pytest.raises(SmsApiError):
        ensure_otp_verified(body)


def test_a_success_with_an_error_status_is_one_meaning_everywhere(tmp_path: Any) -> None:
    body = f'{{"type":"success","message":"{RID}"}}'
    result = diagnose(body, http_status=503)
    assert result.outcome is Outcome.UNRECOGNISED
    assert result.reason == "a success body with HTTP status 503: the body contradicts itself"
    assert result.entry is None  # not read as a 5xx transport failure either
    with pytest.raises(UnrecognisedResponse):
        raise_for_error(body, http_status=503)
    with pytest.raises(AssertionError):
        assert_ok(body, http_status=503)
    log = tmp_path / "answers.jsonl"
    log.write_text(json.dumps({"body": body, "http_status": 503}) + "\n")
    run = run_cli("check", str(log))
    assert run.status == 1, run
    assert "contradicts itself" in run.stdout


REPORT_CONTRADICTIONS = [
    {"status": "2", "Status": "1"},
    [("status", "2"), ("status", "1")],
    {"desc": "Delivered", "description": "Failed"},
    {"status": "1", "desc": "Failed", "DESC": "Delivered"},
    {"status": "1", "mobile": "919876543211"},
]


def _report_text(extra: dict[str, Any] | list[tuple[str, Any]]) -> str:
    pairs = [("requestId", RID), ("number", NUMBER)]
    pairs += list(extra.items()) if isinstance(extra, dict) else extra
    return _json_text(pairs)


@pytest.mark.parametrize("extra", REPORT_CONTRADICTIONS, ids=str)
def test_a_report_that_says_two_things_is_unrecognised(extra: Any) -> None:
    [report] = diagnose_report(_report_text(extra))
    assert report.outcome is Outcome.UNRECOGNISED and report.entry is None and report.failure is None
    assert report.reason is not None and "contradicts itself" in report.reason


REPORT_STATUSES = {"1": "Delivered", "2": "Failed", "9": "NDNC", "16": "Rejected"}


@st.composite
def report_contradictions(draw: st.DrawFn) -> str:
    status = draw(st.sampled_from(sorted(REPORT_STATUSES)))
    other = draw(st.sampled_from(sorted(set(REPORT_STATUSES) - {status})))
    field = draw(st.sampled_from(["status", "desc", "description", "number", "requestId"]))
    value = {
        "status": other,
        "desc": REPORT_STATUSES[other],
        "description": REPORT_STATUSES[other],
        "number": "919876543299",
        "requestId": OTHER_RID,
    }[field]
    twice = draw(st.sampled_from([field, field.upper(), field.title()]))
    pairs: list[tuple[str, Any]] = [("requestId", RID), ("number", NUMBER), ("status", status)]
    if field in ("desc", "description"):
        pairs.append(("desc", REPORT_STATUSES[status]))
    pairs.insert(draw(st.integers(0, len(pairs))), (twice, value))
    record = _json_text(pairs)
    shape = draw(st.sampled_from(["flat", "data", "form", "list"]))
    if shape == "data":
        return json.dumps({"data": f"[{record}]"})
    if shape == "form":
        from urllib.parse import quote_plus

        return "data=" + quote_plus(f"[{record}]")
    return f"[{record}]" if shape == "list" else record


@given(report_contradictions())
def test_a_report_field_said_twice_is_never_a_confident_status(body: str) -> None:
    reports = diagnose_report(body)
    assert reports, body
    for report in reports:
        assert report.outcome is Outcome.UNRECOGNISED, (body, report)
        assert report.entry is None and report.failure is None


def test_the_commands_tell_a_body_that_says_two_things(tmp_path: Any) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "twice.json").write_text(f'{{"type":"error","type":"success","message":"{RID}"}}')
    run = run_cli("check", str(answers))
    assert run.status == 1, run
    assert "contradicts itself" in run.stdout
    parsed = run_cli("parse", str(answers / "twice.json"), "--json")
    assert json.loads(parsed.stdout)["outcome"] == "unrecognised"
    reports = tmp_path / "report.json"
    reports.write_text(_report_text({"status": "2", "Status": "1"}))
    shown = run_cli("report", str(reports))
    assert "unrecognised" in shown.stdout and "the field 'status' is given" in shown.stdout, shown
    [told] = json.loads(run_cli("report", str(reports), "--json").stdout)
    assert told["outcome"] == "unrecognised" and told["reason"].endswith("the body contradicts itself")
    assert told["code"] is None  # neither status is shown as the one it has
    requests = tmp_path / "requests.jsonl"
    requests.write_text(json.dumps({"body": f'{{"type":"success","message":"{RID}"}}'}) + "\n")
    traced = run_cli("trace", str(requests), str(reports), "--json")
    [journey] = [json.loads(line) for line in traced.stdout.splitlines() if line.strip()]
    assert journey["state"] == "unrecognised", journey


# Red team, round 3: classes that each gave a confident answer, each now none.
R3 = "3763646c3058373530393832"
ROUND_3 = [
    '{"type":"success","message":["IP not whitelisted"]}',
    '{"type":"success","message":{"type":"error","code":"418"}}',
    '{"type":"success","message":true}',
    f"<RESPONSE><TYPE>success</TYPE><MESSAGE>{R3}<CODE>418</CODE></MESSAGE></RESPONSE>",
    '{"type":"error","code":"311","message":"IP not whitelisted"}',
    '{"type":"error","code":"418","message":"Missing Authentication Key"}',
    "418 - Missing Authentication Key",
    "Code: 207\nInvalid authkey",
    '{"status":"fail","hasError":true,"errors":"IP not whitelisted","code":"311"}',
    '{"type":"error","message":"IP not whitelisted","code":"418","apiError":"311"}',
    '{"status":"fail","hasError":true,"errors":"IP not whitelisted","code":"418","apiError":"106"}',
    "418: 106",
    "418 - 106",
    '{"type":"error","code":"418","message":"106"}',
    f'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n\r\n{{"type":"success","message":"{R3}"}}',
    f'{{"status":500,"type":"success","message":"{R3}"}}',
    f'{{"statusCode":500,"type":"success","message":"{R3}"}}',
    f"<R><STATUS>500</STATUS><TYPE>success</TYPE><MESSAGE>{R3}</MESSAGE></R>",
    f'{{"type ":"error","type":"success","message":"{R3}"}}',
    f'{{"type\u200b":"error","type":"success","message":"{R3}"}}',
    f'{{"\uff54\uff59\uff50\uff45":"error","type":"success","message":"{R3}"}}',
    f'{{"type":"success","message":"{R3}","code ":"418"}}',
    f'{{"type":"success","message":"{R3}","has_error":true}}',
    f'{{"type":"success","message":"{R3}","error_code":"418"}}',
    f'{{"type":"success","message":"{R3}","error":"IP not whitelisted"}}',
    f'{{"type":"success","message":"{R3}","description":"IP not whitelisted"}}',
    f'{{"type":"success","message":"{R3}","data":{{"type":"error","code":"418"}}}}',
    f"<R><ERROR>x</ERROR><TYPE>success</TYPE><MESSAGE>{R3}</MESSAGE></R>",
    f'<R><MESSAGE code="418">{R3}</MESSAGE><TYPE>success</TYPE></R>',
    f'<R><TYPE value="error">success</TYPE><MESSAGE>{R3}</MESSAGE></R>',
    f"<R>IP not whitelisted<TYPE>success</TYPE><MESSAGE>{R3}</MESSAGE></R>",
    f'{{"type":"success","message":"{R3}"}} 418',
    f'418 {{"type":"success","message":"{R3}"}}',
    '{"type":"error","code":418.5,"message":"Missing Authentication Key"}',
    '{"type":"error","code":true,"message":"Missing Authentication Key"}',
]


@pytest.mark.parametrize("body", ROUND_3)
def test_round_3_bodies_are_no_confident_answer(body: str) -> None:
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED and result.entry is None, result
    with pytest.raises(UnrecognisedResponse):
        raise_for_error(body)


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ('{"type":"error","message":"Invalid authentication key","code":"207"}', "INVALID_AUTHKEY"),
        ('{"message":"Invalid authkey","type":"error","code":"201"}', "INVALID_CREDENTIALS"),
        (
            '{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}',
            "IP_NOT_WHITELISTED",
        ),
        (
            '<?xml version="1.0"?>\n<response>\n <type>error</type>\n <code>418</code>\n</response>\n',
            "IP_NOT_WHITELISTED",
        ),
        ('{"type":"error","msg":"Route Missing"}', "API_PATH_NOT_FOUND"),
        ("Error code: 418 - IP not whitelisted", "IP_NOT_WHITELISTED"),
    ],
)
def test_the_provider_s_answers_still_read_whole(body: str, name: str) -> None:
    """The other side of round 3: the shapes the provider sends keep their meaning."""
    result = diagnose(body)
    assert result.entry is not None and result.entry.name == name, result


@pytest.mark.parametrize(
    "body",
    [
        '{"status":"success","hasError":false,"data":{"message_uuid":"u","status":"message submitted successfully"},'
        '"errors":null}',
        f'received: {{"type":"success","message":"{R3}"}}',
        f'{{"request_id":"{R3}","type":"success"}}',
        f'{{"type":"success","message":"{R3}","errorCode":0}}',
    ],
)
def test_a_success_with_nothing_else_to_say_stays_a_success(body: str) -> None:
    assert diagnose(body).outcome is Outcome.SUCCESS


def _request_reports(*reports: dict[str, Any]) -> str:
    return json.dumps([{"requestId": RID, "report": list(reports)}])


def test_a_form_that_gives_data_twice_gives_every_report() -> None:
    from urllib.parse import quote

    delivered = _request_reports({"number": "919812345678", "status": "1", "desc": "DELIVERED"})
    failed = _request_reports({"number": "919812345679", "status": "2", "desc": "FAILED"})
    for second in ("data", "Data"):
        reports = diagnose_report(f"data={quote(delivered)}&{second}={quote(failed)}")
        assert [(r.number, r.outcome) for r in reports] == [
            ("919812345678", Outcome.SUCCESS),
            ("919812345679", Outcome.ERROR),
        ]


@pytest.mark.parametrize(
    "record",
    [
        {"number": NUMBER, "status": "1", "desc": "DELIVERED", "failureReason": "Absent subscriber"},
        {"number": NUMBER, "status": ["1"], "desc": "DELIVERED"},
        {"number": NUMBER, "status": "1", "desc": {"x": "FAILED"}},
        {"number": NUMBER, "status": "1", "desc": "DELIVERED", "type": "error", "code": "418"},
        {"number": NUMBER, "status ": "2", "status": "1"},
    ],
    ids=str,
)
def test_round_3_reports_are_no_confident_status(record: dict[str, Any]) -> None:
    [report] = diagnose_report(json.dumps({"requestId": RID, **record}))
    assert report.outcome is Outcome.UNRECOGNISED and report.entry is None, report


def test_a_record_with_a_number_of_its_own_beside_nested_records_is_read_too() -> None:
    outer = {"requestId": RID, "number": NUMBER, "status": "1", "desc": "DELIVERED"}
    body = json.dumps({"data": [{**outer, "report": [{"number": NUMBER, "status": "2", "desc": "FAILED"}]}]})
    assert sorted(r.outcome.value for r in diagnose_report(body)) == ["error", "success"]


# Red team, round 4: what a body says besides its envelope, at any depth, and what an answer
# raise_for_error() returns (a success, or an error of severity info) may not have beside it.
ROUND_4 = [
    '{"type":"success","message":"OTP verified success","data":{"message":"OTP expired"}}',
    '{"type":"success","message":"OTP verified success","data":{"code":"418"}}',
    '{"type":"success","message":"OTP verified success","details":["OTP not match"]}',
    '{"status":"success","hasError":false,"data":[{"type":"error"}],"errors":null}',
    f'{{"type":"success","message":"{R3}","data":{{"data":{{"type":"error","code":"418"}}}}}}',
    f'{{"type":"success","message":"{R3}","data":{{"msg":"Insufficient balance to send SMS"}}}}',
    f'{{"type":"success","message":"{R3}","notes":["code: 418"]}}',
    f'{{"type":"success","message":"{R3}","data":{{"status":500}}}}',
    f"<RESPONSE><TYPE>success</TYPE><MESSAGE>{R3}</MESSAGE><RESPONSE><TYPE>error</TYPE><CODE>418</CODE></RESPONSE>"
    "</RESPONSE>",
    f"<RESPONSE><TYPE>success</TYPE><MESSAGE>{R3}</MESSAGE><DATA><CODE>418</CODE></DATA></RESPONSE>",
    f"<RESPONSE><TYPE>success</TYPE><MESSAGE>{R3}</MESSAGE><DATA><MESSAGE>IP not whitelisted</MESSAGE></DATA>"
    "</RESPONSE>",
    f'2024-05-01 10:00:00 INFO msg91: {{"type":"success","message":"{R3}","description":"IP not whitelisted"}}',
    f'2024-05-01 10:00:00 INFO msg91 response: {{"type":"success","message":"{R3}","data":{{"code":"418"}}}}',
    '{"type":"error","code":"311","message":"Request discarded because same request was generated twice within 10 '
    'seconds","description":"IP not whitelisted"}',
    '{"type":"error","code":"311","data":{"code":"418"}}',
    '{"type":"error","message":"Mobile no. already verified","description":"IP not whitelisted"}',
    'IP not whitelisted? {"type":"error","code":"311"}',
    "311 - Request discarded because same request was generated twice within 10 seconds. IP not whitelisted",
    '{"type":"error","code":"311","status":500}',
    f'500 Internal Server Error {{"type":"success","message":"{R3}"}}',
    f'Status Code: 500 Internal Server Error {{"type":"success","message":"{R3}"}}',
    f'status=500 body={{"type":"success","message":"{R3}"}}',
    f'status: 503 {{"type":"success","message":"{R3}"}}',
    f'[503] {{"type":"success","message":"{R3}"}}',
    '{"type":"error","code":"106","message":"Missing Authentication Key","data":{"code":"418"}}',
    '{"type":"error","code":"106","data":{"message":"IP not whitelisted"}}',
    '{"type":"error","message":"OTP verified success"}',
]


@pytest.mark.parametrize("body", ROUND_4)
def test_round_4_bodies_are_no_confident_answer(body: str) -> None:
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED and result.entry is None, result
    with pytest.raises(SmsApiError):
        raise_for_error(body)
    with pytest.raises(SmsApiError):
        ensure_otp_verified(body)


def test_an_info_answer_with_an_error_status_is_no_answer() -> None:
    body = json.dumps(
        {
            "type": "error",
            "code": "311",
            "message": "Request discarded because same request was generated twice within 10 seconds",
        }
    )
    assert diagnose(body).entry is not None  # alone, 311: the first message went
    assert raise_for_error(body).entry is not None
    result = diagnose(body, http_status=503)
    assert result.outcome is Outcome.UNRECOGNISED and result.reason is not None and "503" in result.reason
    with pytest.raises(UnrecognisedResponse):
        raise_for_error(body, http_status=503)


@pytest.mark.parametrize("body", [f'took 503 ms {{"type":"success","message":"{R3}"}}'])
def test_a_number_in_prose_beside_a_success_is_not_a_status(body: str) -> None:
    assert diagnose(body).outcome is Outcome.SUCCESS


def _v2(records: list[dict[str, Any]], **envelope: Any) -> str:
    return json.dumps([{"requestId": RID, **envelope, "report": records}])


DELIVERED = [{"number": NUMBER, "status": "1", "desc": "DELIVERED"}]
ROUND_4_REPORTS = [
    '[{"data":[{"description":"DELIVERED"}],"event":"delivered","event":"failed"}]',
    '[{"data":[{"description":"DELIVERED"}],"event":"delivered","event ":"failed"}]',
    json.dumps({"data": json.dumps([{"requestId": "a" * 24, "report": [{**DELIVERED[0], "requestId": RID}]}])}),
    json.dumps({"type": "error", "message": "IP not whitelisted", "code": "418", "data": _v2(DELIVERED)}),
    json.dumps({"hasError": True, "data": _v2(DELIVERED)}),
    _v2(DELIVERED, status="2"),
    "data=" + quote(_v2(DELIVERED)) + "&status=2",
    "data=" + quote(_v2(DELIVERED)) + "&requestId=" + "b" * 24,
    json.dumps({"requestId": RID, "status": "Delivered", "telNum": NUMBER, "failureReason": '["CALL BARRED"]'}),
    json.dumps({"requestId": RID, "status": "1", "number": f"{NUMBER},919800000001"}),
]


@pytest.mark.parametrize("body", ROUND_4_REPORTS)
def test_round_4_reports_are_no_confident_status(body: str) -> None:
    reports = diagnose_report(body)
    assert reports
    for report in reports:
        assert report.outcome is Outcome.UNRECOGNISED and report.entry is None, (body, report)


def test_a_stringified_one_number_list_and_reason_list_are_read() -> None:
    [failed] = diagnose_report(
        json.dumps(
            {"requestId": RID, "status": "2", "telNum": json.dumps([NUMBER]), "failureReason": '["CALL BARRED"]'}
        )
    )
    assert failed.number == NUMBER and failed.failure is not None and failed.failure.name == "REASON_CALL_BARRED"


def test_check_reads_a_record_whole(tmp_path: Any) -> None:
    success = json.dumps({"type": "success", "message": RID})
    log = tmp_path / "records.jsonl"
    lines = [
        {"type": "error", "code": "418", "message": "IP not whitelisted", "body": success},
        {"id": "a", "body": success, "http_status": 200, "HTTP_STATUS": 500},
        {"id": "d", "body": success, "Body": '{"type":"error","code":"418"}'},
    ]
    log.write_text("".join(json.dumps(line) + "\n" for line in lines))
    run = run_cli("check", str(log))
    assert run.status == 1 and "0 passed, 3 failed" in run.stdout, run
    log.write_text(json.dumps({"id": "ok", "body": success, "http_status": 200}) + "\n")
    assert run_cli("check", str(log)).status == 0


@pytest.mark.parametrize(
    "body",
    [
        '{"request_id":"5f3c2b1a0d9e8f7a6b5c4d3e","message":"Insufficient balance to send SMS"}',
        '{"type":"success","message":"Insufficient balance to send SMS"}',
        '{"status":"success","message":"Invalid mobile number"}',
    ],
)
def test_a_body_that_contradicts_itself_is_not_a_success(body: str) -> None:
    assert not diagnose(body).ok
    assert not diagnose(body.encode()).ok


REPORT_REQUEST_ID = "30696d74424c333539323132"
SUCCESS_JSON = json.dumps({"type": "success", "message": REPORT_REQUEST_ID})

TWO_THINGS = [
    # an envelope quoted in an HTML page, wherever the page starts
    f"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\n\r\n<html><body><pre>{SUCCESS_JSON}</pre></body></html>",
    " " * 5000 + '<html><body>{"type":"error","code":"207"}</body></html>',
    "\u200b<html><body>" + '{"type":"error","code":"207"}</body></html>',
    '<body><p>{"type":"error","code":"207"}</p></body>',
    # two envelopes, in one syntax or two, one of them cut short
    '<?xml version="1.0"?><response><type>error</type><code>207</code></response> {"type":"success"}',
    SUCCESS_JSON + "\n<response><type>error</type><code>207</code></response>",
    f"INFO <response><type>success</type><message>{REPORT_REQUEST_ID}</message></response> then "
    + '{"type":"error","code":"207"}',
    SUCCESS_JSON + '\n{"type":"error","code":"207"',
    f'{{"type":"error","code":"207"}} {{"type":"success","message":"{REPORT_REQUEST_ID}"',
    f"Error code: 207 - Invalid authkey; response: {SUCCESS_JSON}",
    # valid JSON that is not an envelope
    '["retry", {"type":"error","code":"207"}]',
    '[{"type":"error","code":"207"}]',
    # fields that disagree
    "<response><status>success</status><hasError>true</hasError><errors>Unauthorized</errors></response>",
    '{"status":"success","hasError":"true","errors":"Unauthorized"}',
    '{"status":"success","hasError":1,"message":"ok"}',
    f"<response><status>fail</status><hasError>false</hasError><msg>{REPORT_REQUEST_ID}</msg></response>",
    f'{{"status":"fail","type":"success","message":"{REPORT_REQUEST_ID}"}}',
    '{"type":"success","msgType":"error","message":"ok"}',
    f'{{"type":"success","message":"{REPORT_REQUEST_ID}","errors":"Invalid authkey"}}',
]


@pytest.mark.parametrize("body", TWO_THINGS)
def test_a_body_that_says_two_things_is_unrecognised(body: str) -> None:
    diagnosis = diagnose(body, http_status=None)
    assert diagnosis.outcome is not Outcome.SUCCESS
    assert diagnosis.entry is None or diagnosis.entry.phase == "transport", diagnosis
    assert diagnosis.reason


REPORTS_THAT_CONTRADICT_THEMSELVES = [
    f'{{"requestId":"{REPORT_REQUEST_ID}","number":"919876543210","status":1.0,"desc":"CALL BARRED"}}',
    f'{{"requestId":"{REPORT_REQUEST_ID}","telNum":"919876543210","status":"Failed","desc":"DELIVERED"}}',
    f'{{"requestId":"{REPORT_REQUEST_ID}","telNum":"919876543210","status":"Delivered","desc":"Failed"}}',
    '[{"data":[{"meta":"0","INMSID":"0","description":"DELIVERED","ts":1726729500}],"event":"failed"}]',
    '[{"data":[{"meta":"0","INMSID":"0","description":"CALL BARRED","ts":1726729500}],"event":"delivered"}]',
    f'{{"requestId":"{REPORT_REQUEST_ID}","number":"919876543210","status":"1","event":"failed"}}',
]


@pytest.mark.parametrize("body", REPORTS_THAT_CONTRADICT_THEMSELVES)
def test_a_report_that_contradicts_itself_is_unrecognised(body: str) -> None:
    [report] = diagnose_report(body)
    assert report.outcome is Outcome.UNRECOGNISED and "contradicts itself" in (report.reason or "")


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
