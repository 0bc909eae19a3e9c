"""Before sending: every pre-flight rule broken and satisfied, in every request shape it
covers; a request built to satisfy every rule gives no finding, and one violation gives exactly
its own finding (hypothesis); every form a request comes in; misuse; the guards of requests and
httpx against a real local server, which a refused request never reaches."""

from __future__ import annotations

import asyncio
import copy
import json
import pickle
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit

import httpx
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnose import Finding, SmsApiError, UnrecognisedRequest, ensure_preflight, preflight
from diagnose.catalog.model import Catalog, Entry, Rule, load_catalog
from diagnose.exceptions import CATEGORY_CLASSES, CampaignError, MissingParameterError
from diagnose.gate import EXAMPLE_SENT, rule_example_problems
from diagnose.integrations.httpx import AsyncPreflightHook, PreflightHook
from diagnose.integrations.requests import PreflightAdapter
from diagnose.outgoing import FINDINGS_PER_RULE
from diagnose.outgoing.checks import CHECKS, Context, template_variables

from .site_server import serve_handler

CATALOG = load_catalog()
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
KEY = "367431AbCdEf0123456789ab"
TEMPLATE = "Dear ##name##, your order ##order## has shipped on ##Day##."
RULES = [(entry, rule) for entry in CATALOG for rule in entry.preflight if not CHECKS[rule.check].dlt]
"""The rules a request alone breaks; the DLT rules, which need templates, in tests/test_dlt_rules.py."""
RULE_IDS = [f"{entry.name}:{rule.check}" for entry, rule in RULES]


def _schtime(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S")


# Valid requests, one per API; every rule is satisfied.


def valid(api: str) -> dict[str, Any]:
    common = {"sender": "SHOPIN", "route": "4", "country": "91", "DLT_TE_ID": "1107161234567890123"}
    if api == "sendhttp":
        return {
            "mobiles": "919812345678,919812345679",
            "message": "Your order has shipped",
            **common,
            "campaign": "orders",
            "schtime": _schtime(NOW + timedelta(days=2)),
        }
    if api == "v2":
        return {
            **common,
            "campaign": "orders",
            "schtime": _schtime(NOW + timedelta(days=2)),
            "sms": [{"message": "Your order has shipped", "to": ["919812345678", "919812345679"]}],
        }
    if api == "flow":
        return {
            "template_id": "6123456789abcdef01234567",
            "schtime": _schtime(NOW + timedelta(days=2)),
            "recipients": [{"mobiles": "919812345678", "name": "Asha", "order": "1041", "Day": "Monday"}],
        }
    return {"template_id": "6123456789abcdef01234567", "mobile": "919812345678", "message": "Your code is ##OTP##"}


def _set(request: dict[str, Any], api: str, parameter: str, value: Any) -> None:
    """Set (or with value None, delete) one parameter, at its path in the API, in every place."""
    steps = CATALOG.apis[api].parameters[parameter].split(".")
    nodes: list[Any] = [request]
    for step in steps[:-1]:
        key = step.removesuffix("[]").split("|")[0]
        nodes = [item for node in nodes for item in (node[key] if step.endswith("[]") else [node[key]])]
    last = steps[-1].removesuffix("[]").split("|")[0]
    for node in nodes:
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value


def broken(entry: Entry, rule: Rule, api: str) -> tuple[Any, str | None]:
    """A valid request of ``api`` with ``rule`` broken once, and the template to check it with."""
    request = valid(api)
    check, parameter = rule.check, rule.parameter
    url = f"https://api.msg91.com{CATALOG.apis[api].endpoints[0]}"
    if check == "present":
        if parameter == "authkey":
            return {"url": url, "headers": {"content-type": "application/json"}, "body": request}, None
        _set(request, api, parameter, None)
        if not any(key in request for key in CATALOG.apis[api].keys):  # a body alone no longer names its API
            return {"url": url, "headers": {"authkey": KEY}, "body": request}, None
    elif check == "max-length":
        _set(request, api, parameter, "c" * ((rule.limit or 0) + 1))
    elif check == "mobile-number":
        _set(request, api, parameter, ["98123"] if api == "v2" else "919812345678,98123")
        if api == "flow" and "." not in CATALOG.apis[api].parameters[parameter]:
            return {"url": url, "body": request}, TEMPLATE  # mobiles at a flow body's top: its URL names its API
    elif check == "digits":
        _set(request, api, parameter, "+91 98123 45678")
    elif check == "sender-id":
        _set(request, api, parameter, "SHOP01")
    elif check == "schedule-format":
        _set(request, api, parameter, "25-11-2026 10:10")
    elif check == "schedule-past":
        _set(request, api, parameter, _schtime(NOW - timedelta(hours=13)))
    elif check == "schedule-ahead":
        _set(request, api, parameter, _schtime(NOW + timedelta(days=21, hours=15)))
    elif check == "contains":
        _set(request, api, parameter, "Your code is ready")
    elif check == "flow-variables":
        request["recipients"][0]["Name"] = request["recipients"][0].pop("name")
        return request, TEMPLATE
    elif check == "variable-length":
        request["recipients"][0]["order"] = "o" * ((rule.limit or 0) + 1)
    elif check == "at-least":
        _set(request, api, parameter, (rule.limit or 0) - 1)
    elif check == "at-most":
        _set(request, api, parameter, str((rule.limit or 0) + 1))
    elif check == "receiver-key":
        request["recipients"][0][(rule.text or "")[:-1]] = request["recipients"][0].pop(rule.text or "")
    else:
        raise AssertionError(f"no way to break a {check} rule: add one here")
    return request, TEMPLATE if api == "flow" else None


CASES = [(entry, rule, api) for entry, rule in RULES for api in rule.apis]


@pytest.mark.parametrize("api", sorted(CATALOG.apis))
def test_a_valid_request_of_every_api_gives_no_finding(api: str) -> None:
    assert preflight(valid(api), now=NOW, template=TEMPLATE if api == "flow" else None) == []
    url = f"https://api.msg91.com{CATALOG.apis[api].endpoints[0]}"
    whole = {"url": url, "headers": {"authkey": KEY}, "body": valid(api)}
    assert preflight(whole, now=NOW, template=TEMPLATE if api == "flow" else None) == []


@pytest.mark.parametrize(("entry", "rule", "api"), CASES, ids=[f"{e.name}:{r.check}:{a}" for e, r, a in CASES])
def test_every_rule_broken_once_gives_exactly_its_finding(entry: Entry, rule: Rule, api: str) -> None:
    request, template = broken(entry, rule, api)
    findings = preflight(request, now=NOW, template=template)
    assert [(f.entry, f.rule, f.api) for f in findings] == [(entry, rule, api)], [str(f) for f in findings]
    finding = findings[0]
    assert finding.message and "\n" not in finding.message
    first_step = CATALOG.apis[api].parameters[rule.parameter].split(".")[0].removesuffix("[]").split("|")
    assert re.split(r"[.\[]", finding.parameter)[0] in first_step
    assert str(finding).endswith(f"{entry.label} ({entry.title})")
    assert finding.to_dict()["docs_url"] == entry.docs_url


@pytest.mark.parametrize(("entry", "rule"), RULES, ids=RULE_IDS)
def test_every_rules_own_example_breaks_it_and_nothing_else(entry: Entry, rule: Rule) -> None:
    findings = preflight(rule.example, now=datetime.fromisoformat(EXAMPLE_SENT), template=rule.template)
    assert [(f.entry, f.rule) for f in findings] == [(entry, rule)]


def test_the_gate_refuses_a_rule_whose_example_does_not_break_it() -> None:
    document = copy.deepcopy(CATALOG.document)
    entry = next(e for e in document["entries"] if e["name"] == "CAMPAIGN_NAME_TOO_LONG")
    entry["preflight"][0]["example"]["request"] = "mobiles=919812345678&message=Hi&route=4&DLT_TE_ID=1&campaign=short"
    problems = rule_example_problems(Catalog(document))
    assert problems == [
        "entry 308 CAMPAIGN_NAME_TOO_LONG, preflight[0].example: gives no finding, not exactly its own "
        "max-length finding of CAMPAIGN_NAME_TOO_LONG"
    ]


# Hypothesis: built to satisfy every rule, then one rule broken.

NUMBERS = st.from_regex(r"\A91[6-9][0-9]{9}\Z")
LETTERS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=6, max_size=6)
SHORT_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
PRINTABLE = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=30)


@st.composite
def satisfying(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    api = draw(st.sampled_from(sorted(CATALOG.apis)))
    request = valid(api)
    numbers = draw(st.lists(NUMBERS, min_size=1, max_size=4))
    later = NOW + timedelta(hours=draw(st.integers(15, 21 * 24 - 15)))
    schtime = draw(st.one_of(st.none(), st.just(_schtime(later)), st.just(str(int(later.timestamp())))))
    if api in ("sendhttp", "v2"):
        sender = draw(st.one_of(LETTERS, st.from_regex(r"\A[0-9]{6}\Z")))
        campaign = draw(st.one_of(st.none(), PRINTABLE.filter(lambda text: len(text) <= 32)))
        _set(request, api, "sender", sender)
        _set(request, api, "campaign", campaign)
        _set(request, api, "mobiles", numbers if api == "v2" else ",".join(numbers))
        _set(request, api, "message", draw(SHORT_TEXT.filter(str.strip)))
        _set(request, api, "country", draw(st.sampled_from(["91", "0", "1"])))
    if api in ("sendhttp", "v2", "flow"):
        _set(request, api, "schtime", schtime)
    if api == "flow":
        values = st.fixed_dictionaries({name: SHORT_TEXT for name in template_variables(TEMPLATE)})
        recipients = draw(st.lists(values, min_size=1, max_size=3))
        request["recipients"] = [
            {"mobiles": number, **vars} for number, vars in zip(numbers * 3, recipients, strict=False)
        ]
    if api == "otp":
        request["mobile"] = numbers[0]
        request["message"] = draw(SHORT_TEXT) + "##OTP##"
    return api, request


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(satisfying())
def test_a_request_built_to_satisfy_every_rule_gives_no_finding(case: tuple[str, dict[str, Any]]) -> None:
    _, request = case
    assert preflight(request, now=NOW, template=TEMPLATE) == []
    assert preflight(json.dumps(request), now=NOW, template=TEMPLATE) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(satisfying(), st.data())
def test_one_violation_gives_exactly_its_finding(case: tuple[str, dict[str, Any]], data: st.DataObject) -> None:
    api, _ = case
    choices = [(entry, rule) for entry, rule in RULES if api in rule.apis]
    entry, rule = data.draw(st.sampled_from(choices))
    request, template = broken(entry, rule, api)
    findings = preflight(request, now=NOW, template=template)
    assert [(f.entry, f.rule) for f in findings] == [(entry, rule)]


# The forms a request comes in.

V2 = {
    "sender": "SHOPIN",
    "route": "4",
    "DLT_TE_ID": "1107161234567890123",
    "campaign": "c" * 40,
    "sms": [{"message": "Hi", "to": ["919812345678"]}],
}
QUERY = {"mobiles": "98123", "message": "Hi", "sender": "SHOPIN", "route": "4", "DLT_TE_ID": "1107161234567890123"}


def _names(found: list[Finding]) -> list[str]:
    return [f"{f.entry.name}@{f.parameter}" for f in found]


def test_every_form_of_a_request_gives_the_same_findings() -> None:
    expected = ["INVALID_MOBILE_NUMBER@mobiles"]
    url = "https://api.msg91.com/api/sendhttp.php"
    forms: list[Any] = [
        QUERY,
        urlencode(QUERY),
        urlencode(QUERY).encode(),
        f"{url}?authkey={KEY}&{urlencode(QUERY)}",
        {"url": url, "headers": {"AuthKey": KEY}, "body": urlencode(QUERY)},
        {"url": url, "headers": {"authkey": KEY}, "body": QUERY},
        requests.Request("POST", url, headers={"authkey": KEY}, data=QUERY).prepare(),
        requests.Request("GET", url, params={**QUERY, "authkey": KEY}),
        httpx.Request("POST", url, headers={"authkey": KEY}, data=QUERY),
    ]
    for form in forms:
        assert _names(preflight(form)) == expected, form
    v2_url = "https://control.msg91.com/api/v2/sendsms/"
    for form in (V2, json.dumps(V2), httpx.Request("POST", v2_url, json=V2, headers={"authkey": KEY})):
        assert _names(preflight(form)) == ["CAMPAIGN_NAME_TOO_LONG@campaign"]


def test_an_authkey_is_looked_for_only_where_the_headers_are_known() -> None:
    good = QUERY | {"mobiles": "919812345678"}
    url = "https://api.msg91.com/api/sendhttp.php?" + urlencode(good)
    assert preflight(good) == []
    assert preflight(url) == [], "a URL alone cannot show its headers"
    assert preflight({"url": url}) == [], "nor a recorded request without them"
    assert _names(preflight({"url": url, "headers": {}})) == ["MISSING_AUTHKEY@authkey"]
    assert preflight({"url": url, "headers": {"AuthKey": KEY}}) == []
    assert preflight({"url": url + "&authkey=" + KEY, "headers": {}}) == []
    header = httpx.Request("POST", "https://api.msg91.com/api/v5/flow", json=valid("flow"), headers={"authkey": " "})
    assert _names(preflight(header, now=NOW)) == ["MISSING_AUTHKEY@authkey"]
    v5 = httpx.Request("GET", "https://control.msg91.com/api/v5/otp?template_id=t&mobile=919812345678")
    assert _names(preflight(v5)) == ["MISSING_AUTHKEY@authkey"]


@pytest.mark.parametrize(
    ("request_", "reason"),
    [
        ({"hello": "world"}, "none of the keys that name a send API"),
        ({"mobiles": "919812345678", "sms": []}, "keys of more than one send API"),
        ("https://api.msg91.com/api/v5/otp/verify?otp=1234", "is none of the send APIs"),
        ("http://[::1/api/sendhttp.php", "its URL cannot be read"),
        ({"mobile": "919812345678", "message": "Hi", "sender": "SHOPIN", "route": "4"}, "keys it does not take"),
        (
            httpx.Request("POST", "https://api.msg91.com/api/sendhttp.php", data={"a": "b"}, files={"f": ("a", b"x")}),
            "a stream that was not read",
        ),
        (
            requests.Request(
                "POST", "https://api.msg91.com/api/sendhttp.php", files={"mobiles": (None, "919812345678")}
            ),
            "multipart",
        ),
        ('["mobiles"]', "not an object of fields"),
        ("{not json", "not JSON"),
        (b"mobiles=\xff\xfe", "not UTF-8"),
        ({"sms": "919812345678"}, "sms is a string, not a list"),
        ({"sms": [["919812345678"]]}, "sms[0] is a list, not an object"),
        ("mobiles=1&" + "x" * (1 << 20), "larger than"),
        (
            {"url": "https://api.msg91.com/api/v2/sendsms", "body": "{}", "headers": {"content-type": "text/csv"}},
            "not form fields",
        ),
    ],
)
def test_a_request_that_names_no_api_is_unrecognised_and_says_why(request_: Any, reason: str) -> None:
    with pytest.raises(UnrecognisedRequest, match=re.escape(reason)):
        preflight(request_)


def test_misuse_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="takes a request"):
        preflight(42)
    with pytest.raises(ValueError, match="aware datetime"):
        preflight(QUERY, now=datetime(2026, 1, 1))
    with pytest.raises(TypeError, match="now must be a datetime"):
        preflight(QUERY, now="2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="template must be"):
        preflight(QUERY, template=b"##name##")  # type: ignore[arg-type]


@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_findings_or_says_why_not(text: str | bytes) -> None:
    try:
        found = preflight(text, now=NOW)
    except UnrecognisedRequest as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert all(isinstance(f, Finding) for f in found)


JSONS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "mobiles",
                "sms",
                "recipients",
                "mobile",
                "message",
                "sender",
                "schtime",
                "campaign",
                "to",
                "route",
                "country",
                "DLT_TE_ID",
            ]
        ),
        JSONS,
        max_size=6,
    )
)
@settings(max_examples=300, deadline=None)
def test_any_json_body_gives_findings_or_says_why_not(body: dict[str, Any]) -> None:
    try:
        found = preflight(body, now=NOW, template=TEMPLATE)
    except UnrecognisedRequest as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert all(isinstance(f, Finding) and "\n" not in f.summary() for f in found)


# Schedules: past or too far only when it is so in every time zone.


@pytest.mark.parametrize(
    ("schtime", "expected"),
    [
        (_schtime(NOW - timedelta(hours=11)), []),  # UTC-12 could still be before it
        (_schtime(NOW - timedelta(hours=13)), ["SCHEDULE_IN_PAST"]),
        (str(int((NOW - timedelta(seconds=5)).timestamp())), ["SCHEDULE_IN_PAST"]),
        (_schtime(NOW + timedelta(days=21, hours=13)), []),  # UTC+14 could still be within three weeks
        (_schtime(NOW + timedelta(days=21, hours=15)), ["SCHEDULE_TOO_FAR"]),
        (str(int((NOW + timedelta(days=21, seconds=5)).timestamp())), ["SCHEDULE_TOO_FAR"]),
        ("2026/11/26 10:00:00", []),
        ("2026-02-30 10:00:00", ["INVALID_SCHEDULE_TIME"]),
        ("2026-11-26T10:00:00", ["INVALID_SCHEDULE_TIME"]),
        ("2026-11-26 10:00", ["INVALID_SCHEDULE_TIME"]),
        ("9" * 12, ["SCHEDULE_TOO_FAR"]),
        ("", []),
    ],
)
def test_schedule_times(schtime: str, expected: list[str]) -> None:
    request = valid("sendhttp") | {"schtime": schtime}
    assert [f.entry.name for f in preflight(request, now=NOW)] == expected


def test_without_now_a_schedule_is_measured_from_the_clock() -> None:
    """The default, tested on whatever day the suite runs: times relative to the clock's now."""
    clock = datetime.now(UTC)
    soon, gone = _schtime(clock + timedelta(days=2)), _schtime(clock - timedelta(days=2))
    assert preflight(valid("sendhttp") | {"schtime": soon}) == []
    assert _names(preflight(valid("sendhttp") | {"schtime": gone})) == ["SCHEDULE_IN_PAST@schtime"]
    assert _names(preflight(valid("sendhttp") | {"schtime": str(int(clock.timestamp()) + 22 * 86_400)})) == [
        "SCHEDULE_TOO_FAR@schtime"
    ]


def test_dlt_template_id_is_needed_only_for_india() -> None:
    request = valid("sendhttp")
    del request["DLT_TE_ID"]
    assert _names(preflight(request, now=NOW)) == ["DLT_TEMPLATE_ID_MISSING@DLT_TE_ID"]
    assert preflight(request | {"country": "0"}, now=NOW) == []
    del request["country"]
    assert _names(preflight(request, now=NOW)) == ["DLT_TEMPLATE_ID_MISSING@DLT_TE_ID"]


def test_flow_variables_are_case_sensitive_and_say_which() -> None:
    flow = {"template_id": "t", "recipients": [{"mobiles": "919812345678", "NAME": "A", "order": "1"}]}
    (finding,) = preflight(flow, template=TEMPLATE)
    assert finding.parameter == "recipients[0]"
    assert "'name' (it has 'NAME': names are case-sensitive), 'Day'" in finding.message
    assert finding.entry.name == "REASON_DLT_TEMPLATE_MISMATCH"
    assert "delivery report would fail with" in str(finding)
    assert preflight(flow) == [], "without the template, its variables are not known"


# Secrets and personal data never appear in what a finding renders.

PLANTED_KEY = "367431AbCdEf0123456789zz"


def test_authkeys_and_numbers_never_appear_in_a_finding() -> None:
    url = f"https://api.msg91.com/api/sendhttp.php?authkey={PLANTED_KEY}"
    requests_ = [
        {
            "url": url,
            "body": {
                "mobiles": "919812345678,98123",
                "message": "Hi",
                "route": "4",
                "DLT_TE_ID": "1",
                "sender": f"authkey={PLANTED_KEY}",
                "campaign": f"authkey={PLANTED_KEY}" * 2,
            },
        },
        {
            "url": "https://api.msg91.com/api/v5/otp",
            "headers": {"authkey": PLANTED_KEY},
            "body": {"mobile": "+91 98123 45678", "message": f"authkey {PLANTED_KEY}"},
        },
    ]
    for request in requests_:
        found = preflight(request, now=NOW)
        assert found
        error = ensure_raises(request)
        for finding in found:
            shown = [
                str(finding),
                repr(finding),
                json.dumps(finding.to_dict()),
                finding.summary(),
                str(error),
                repr(error),
                str(error.args),
            ]
            for text in shown:
                assert PLANTED_KEY not in text
                assert "919812345678" not in text and "9812345678" not in text


def ensure_raises(request: Any) -> SmsApiError:
    with pytest.raises(SmsApiError) as raised:
        ensure_preflight(request, now=NOW)
    return raised.value


def test_the_refusal_is_the_class_of_the_answer_it_predicts_and_pickles() -> None:
    for entry, rule, api in CASES:
        request, template = broken(entry, rule, api)
        with pytest.raises(CATEGORY_CLASSES[entry.category]) as raised:
            ensure_preflight(request, now=NOW, template=template)
        error = raised.value
        assert error.sent is False and error.entry is entry and error.findings[0].rule == rule
        assert str(error).startswith("not sent: ") and str(error).endswith(f"(docs: {entry.docs_url})")
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and again.findings == error.findings and str(again) == str(error)
    assert ensure_preflight(valid("v2"), now=NOW) is None


# The guards, against a real server that counts what reaches it.


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        _Recorder.seen.append(self.path)
        body = b'{"type":"success","message":"3763646c3058373530393832"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    with serve_handler(_Recorder) as url:
        yield url + "api"


BAD_V2 = {**V2, "campaign": "c" * 33}
GOOD_V2 = {**V2, "campaign": "orders"}


def _sent(call: Callable[[], Any]) -> list[str]:
    _Recorder.seen.clear()
    call()
    return list(_Recorder.seen)


def test_requests_adapter_refuses_what_breaks_a_rule_and_sends_the_rest(api: str) -> None:
    with requests.Session() as session:
        session.mount(api, PreflightAdapter())
        headers = {"authkey": KEY}
        with pytest.raises(CampaignError) as raised:
            _sent(lambda: session.post(f"{api}/v2/sendsms", json=BAD_V2, headers=headers, timeout=5))
        assert _Recorder.seen == [] and raised.value.sent is False
        assert _sent(lambda: session.post(f"{api}/v2/sendsms", json=GOOD_V2, headers=headers, timeout=5)) == [
            "/api/v2/sendsms"
        ]
        assert _sent(lambda: session.get(f"{api}/v5/otp/verify", params={"otp": "1"}, timeout=5))
        with pytest.raises(MissingParameterError):
            session.post(f"{api}/v2/sendsms", json=GOOD_V2, timeout=5)  # no authkey header


def test_httpx_hooks_refuse_sync_and_async(api: str) -> None:
    local = urlsplit(api).netloc
    with httpx.Client(event_hooks={"request": [PreflightHook(hosts=[local])]}, headers={"authkey": KEY}) as client:
        with pytest.raises(CampaignError):
            _sent(lambda: client.post(f"{api}/v2/sendsms", json=BAD_V2))
        assert _Recorder.seen == []
        assert _sent(lambda: client.post(f"{api}/v2/sendsms", json=GOOD_V2)) == ["/api/v2/sendsms"]
    flow = {"template_id": "t", "recipients": [{"mobiles": "919812345678", "Name": "A", "order": "1", "Day": "x"}]}
    hooks = {"request": [PreflightHook(template=TEMPLATE, hosts=[local])]}
    with (
        httpx.Client(event_hooks=hooks, headers={"authkey": KEY}) as client,
        pytest.raises(SmsApiError, match="case-sensitive"),
    ):
        client.post(f"{api}/v5/flow", json=flow)

    async def run() -> None:
        hook = AsyncPreflightHook(base_url=api)
        async with httpx.AsyncClient(event_hooks={"request": [hook]}, headers={"authkey": KEY}) as c:
            with pytest.raises(CampaignError):
                await c.post(f"{api}/v2/sendsms", json=BAD_V2)
            assert (await c.post(f"{api}/v2/sendsms", json=GOOD_V2)).status_code == 200
        hook = AsyncPreflightHook(now=lambda: NOW, hosts=[local])
        async with httpx.AsyncClient(event_hooks={"request": [hook]}) as c:
            past = {**GOOD_V2, "schtime": _schtime(NOW - timedelta(days=1))}
            with pytest.raises(SmsApiError, match="SCHEDULE_IN_PAST"):
                await c.post(f"{api}/v2/sendsms", json=past, headers={"authkey": KEY})

    _Recorder.seen.clear()
    asyncio.run(run())
    assert _Recorder.seen == ["/api/v2/sendsms"]


def test_guards_refuse_misuse_at_construction() -> None:
    with pytest.raises(TypeError, match="template"):
        PreflightAdapter(template=1)
    with pytest.raises(TypeError, match="now must be a callable"):
        PreflightHook(now=NOW)


# The page "Before sending": every example runs.

PAGE = Path(__file__).resolve().parent.parent / "docs" / "before-sending.md"


def test_every_example_of_the_page_runs(api: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 6
    namespace: dict[str, object] = {"API_URL": api, "AUTHKEY": KEY, "__name__": "before_sending"}
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)
    printed = capsys.readouterr().out
    shown = re.search(r"^```text\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    assert shown is not None and printed.startswith(shown.group(1)), printed
    assert "['SCHEDULE_IN_PAST']" in printed
    assert "none of the keys that name a send API" in printed
    assert "'name' (it has 'Name': names are case-sensitive)" in printed
    assert "CAMPAIGN_NAME_TOO_LONG False campaign" in printed
    assert "not sent: sender 'SHOP' has 4 characters, not 6" in printed
    assert "MISSING_MESSAGE" in printed


# The red team's findings on issue 15, each kept.


def test_a_schedule_at_the_ends_of_time_is_judged_not_raised() -> None:
    request = valid("v2")
    assert _names(preflight(request | {"schtime": "0001-01-01 00:00:00"}, now=NOW)) == ["SCHEDULE_IN_PAST@schtime"]
    assert _names(preflight(request | {"schtime": "9999-12-31 23:59:59"}, now=NOW)) == ["SCHEDULE_TOO_FAR@schtime"]
    late = datetime.max.replace(tzinfo=UTC)
    assert _names(preflight(request | {"schtime": "2026-12-01 10:00:00"}, now=late)) == ["SCHEDULE_IN_PAST@schtime"]
    huge = preflight(request | {"schtime": 10**5000, "campaign": 10**5000}, now=NOW)
    assert _names(huge) == ["INVALID_SCHEDULE_TIME@schtime"] and "<a value>" in huge[0].message


def test_the_requests_own_authkey_is_masked_wherever_it_stands() -> None:
    secret = "298172AZB9ZbvSqPT5d5fc8a1"
    url = f"https://api.msg91.com/api/sendhttp.php?authkey={secret}&mobiles=919812345678&message=Hi&route=4"
    for request in (
        {"url": url + f"&sender={secret}&DLT_TE_ID=1", "headers": {}},
        {"url": url + f"&schtime={secret}&sender=SHOPIN&DLT_TE_ID=1", "headers": {}},
        {
            "url": "https://api.msg91.com/api/v5/flow",
            "headers": {"authkey": secret},
            "body": {"template_id": "t", "recipients": [{"mobiles": "919812345678", secret: "x" * 31}]},
        },
    ):
        found = preflight(request, now=NOW)
        assert found, request
        error = ensure_raises(request)
        for text in [
            *(str(f) for f in found),
            *(repr(f) for f in found),
            json.dumps([f.to_dict() for f in found]),
            *(f.message + f.parameter + (f.value or "") for f in found),
            str(error),
            repr(error),
        ]:
            assert secret not in text


def test_a_findings_fields_are_masked_and_escaped_as_they_are_made() -> None:
    (sender,) = preflight({**valid("v2"), "sender": "919812345678"}, now=NOW)
    assert "919812345678" not in sender.message + (sender.value or "") and "********5678" in sender.message
    flow = {
        "template_id": "x",
        "recipients": [{"mobiles": "919812345679", "\x1b]0;owned\x07\x1b[2J919812345678": "y" * 31}],
    }
    (long,) = preflight(flow)
    for text in (long.parameter, long.message):
        assert "\x1b" not in text and "\x07" not in text and "919812345678" not in text
    grouped = preflight({**valid("v2"), "sender": "98 12 34 56 78"}, now=NOW)[0]
    assert "98 12 34" not in grouped.message and "56 78" in grouped.message
    padded = preflight({**valid("v2"), "sender": "A" * 53 + "919812345678"}, now=NOW)[0]
    assert "9198123" not in padded.message


def test_flow_variables_cost_stays_linear_and_names_a_few() -> None:
    names = [f"v{n}" for n in range(20_000)]
    template = " ".join(f"##{name}##" for name in names)
    flow = {"template_id": "t", "recipients": [{"mobiles": "919812345678"} for _ in range(2_000)]}
    found = preflight(flow, template=template)
    assert len(found) == FINDINGS_PER_RULE and found.left_out == 2_000 - FINDINGS_PER_RULE
    assert found.left_out_by_name == {"REASON_DLT_TEMPLATE_MISMATCH": 2_000 - FINDINGS_PER_RULE}
    assert found[0].message.endswith("'v4' and more") and len(found[0].message) < 200


def test_empty_looking_text_is_text() -> None:
    request = valid("v2")
    request["sms"][0]["message"] = "[]"
    assert preflight(request | {"route": "{ }"}, now=NOW) == []


@given(st.sampled_from(sorted(name for name, check in CHECKS.items() if not check.dlt)), JSONS)
@settings(max_examples=600, deadline=None)
def test_a_check_finds_the_same_in_a_value_wherever_it_stands(name: str, value: Any) -> None:
    """A check is one function that alone decides: what it finds in a value does not depend on
    whether the value stands in place in a list (its path made only for a problem)."""
    check = CHECKS[name]
    rule = next(rule for _, rule in RULES if rule.check == name)
    variables = template_variables(TEMPLATE)
    context = Context(NOW, TEMPLATE, variables)
    if not check.problems(rule, ("p", 2, "to"), value, context):
        assert check.problems(rule, "p[2].to", value, context) == []
    else:
        assert check.problems(rule, ("p", 2, "to"), value, context) == check.problems(rule, "p[2].to", value, context)


def _reference(body: dict[str, Any], template: str | None) -> list[tuple[str, str, str]]:
    """What the rules find, read the slow way: each rule of the catalog, its path by
    ``resolve``, each value by its check's ``problems``."""
    from diagnose.outgoing.checks import empty
    from diagnose.outgoing.request import named_api
    from diagnose.outgoing.rules import _numbers_of, _to_india, resolve, steps_of

    api = named_api(body, CATALOG)
    variables = None if template is None else template_variables(template)
    context = Context(NOW, template, variables)
    found = []
    for entry, rule in RULES:
        if entry.retired or api.key not in rule.apis or rule.parameter == "authkey":
            continue
        check = CHECKS[rule.check]
        for path, value in resolve(body, steps_of(CATALOG.apis[api.key].parameters[rule.parameter])):
            if not check.sees_missing and empty(value):
                continue
            if rule.when == "india" and not _to_india(body, _numbers_of(body, api)):
                continue
            found += [(entry.name, p.path, p.message) for p in check.problems(rule, path, value, context)]
    return found


@given(
    st.sampled_from(["sms", "recipients"]).flatmap(
        lambda key: st.dictionaries(
            st.sampled_from([key, "sender", "route", "campaign", "schtime", "DLT_TE_ID", "country"]), JSONS, max_size=6
        ).map(lambda body: {key: [], **body})
    )
)
@settings(max_examples=400, deadline=None)
def test_the_plan_of_an_api_finds_what_the_rules_find_read_one_by_one(body: dict[str, Any]) -> None:
    try:
        expected: Any = sorted(_reference(body, TEMPLATE))
    except UnrecognisedRequest as exc:
        expected = type(exc)
    try:
        got: Any = sorted((f.entry.name, f.parameter, f.message) for f in preflight(body, now=NOW, template=TEMPLATE))
    except UnrecognisedRequest as exc:
        got = type(exc)
    assert got == expected


# The second red team's findings on issue 15, each kept.


@pytest.mark.parametrize(
    "numbers", [",", " , ", [""], [None], [[]], [True], {"a": "98123"}, True, float("nan"), ["919812345678", None]]
)
def test_a_value_with_no_usable_number_is_an_invalid_number(numbers: Any) -> None:
    found = preflight({**valid("v2"), "sms": [{"message": "Hi", "to": numbers}]}, now=NOW)
    assert [f.entry.name for f in found] == ["INVALID_MOBILE_NUMBER"], [str(f) for f in found]
    assert _names(preflight(valid("sendhttp") | {"mobiles": "919812345678,"}, now=NOW)) == []


def test_a_url_or_header_that_cannot_be_read_is_not_echoed() -> None:
    for url in (f"https://user:{KEY}\u2100@api.msg91.com/api/sendhttp.php", "https://919812345678\uff03@x/api/v5/otp"):
        with pytest.raises(UnrecognisedRequest) as raised:
            preflight(url)
        assert KEY not in str(raised.value) and "919812345678" not in str(raised.value)
    recorded = {"url": "https://api.msg91.com/api/v2/sendsms", "headers": {"content-type": KEY}, "body": "{}"}
    with pytest.raises(UnrecognisedRequest) as raised:
        preflight(recorded)
    assert KEY not in str(raised.value)


class _Items(list):  # type: ignore[type-arg]
    pass


def test_a_list_subclass_is_read_as_a_list() -> None:
    sms = _Items([{"to": ["919812345678"], "message": "Hi"}])
    assert preflight({**valid("v2"), "sms": sms}, now=NOW) == []
    recipients = _Items([{"mobiles": "919812345678", "Name": "x"}])
    assert _names(preflight({"template_id": "t", "recipients": recipients}, template="Hi ##name##")) == [
        "REASON_DLT_TEMPLATE_MISMATCH@recipients[0]"
    ]


def test_a_key_like_word_in_any_value_is_masked() -> None:
    key = "367431AbCdEfGhIjKlMnOpQr"
    (finding,) = preflight(valid("v2") | {"sender": key}, now=NOW)
    assert key not in str(finding) and key not in finding.message and "3674\u2026Qr" in finding.message


def test_a_stray_double_hash_does_not_hide_a_variable() -> None:
    assert list(template_variables("Use code ## then ##name## ok")) == ["name"]
    assert list(template_variables("C# ## ##name## and ##order##")) == ["name", "order"]


def test_odd_request_objects_and_times_are_unrecognised_or_judged() -> None:
    with pytest.raises(UnrecognisedRequest, match="cannot be prepared"):
        preflight(requests.Request("GET", "api.msg91.com/api/sendhttp.php?mobiles=1"))

    class Odd:
        url, method, headers, body = "https://api.msg91.com/api/sendhttp.php", "GET", [("a", "b")], b""

    with pytest.raises(UnrecognisedRequest, match="headers"):
        preflight(Odd())
    late = datetime.max.replace(tzinfo=timezone(timedelta(hours=-5)))
    assert _names(preflight(valid("v2") | {"schtime": "2026-12-01 10:00:00"}, now=late)) == ["SCHEDULE_IN_PAST@schtime"]
    request = valid("v2") | {"country": 10**5000}
    del request["DLT_TE_ID"]
    assert preflight(request, now=NOW) == []


def test_php_lists_null_headers_and_schedules_shown_as_read() -> None:
    query = "mobiles[]=919812345678&mobiles[]=98123&message=Hi&sender=SHOPIN&route=4&DLT_TE_ID=1"
    assert _names(preflight("https://api.msg91.com/api/sendhttp.php?" + query)) == ["INVALID_MOBILE_NUMBER@mobiles[1]"]
    url = "https://api.msg91.com/api/sendhttp.php?" + urlencode(valid("sendhttp"))
    assert _names(preflight({"url": url, "headers": {"authkey": None}}, now=NOW)) == ["MISSING_AUTHKEY@authkey"]
    (past,) = preflight(valid("v2") | {"schtime": "2026-11-24 10:00:00"}, now=NOW)
    assert "'2026-11-24 10:00:00' is before now" in past.message


def test_without_a_country_india_is_told_by_the_numbers_start() -> None:
    request = valid("sendhttp")
    del request["DLT_TE_ID"], request["country"]
    assert _names(preflight(request, now=NOW)) == ["DLT_TEMPLATE_ID_MISSING@DLT_TE_ID"]
    assert preflight(request | {"mobiles": "919812345678,14155550123"}, now=NOW) == [], "not surely India"
    assert preflight(request | {"mobiles": "14155550123"}, now=NOW) == []
    assert _names(preflight(request | {"country": 91, "mobiles": "14155550123"}, now=NOW)) == [
        "DLT_TEMPLATE_ID_MISSING@DLT_TE_ID"
    ]


def test_the_async_preflight_hook_still_refuses_on_a_sync_client(api: str) -> None:
    hooks = {"request": [AsyncPreflightHook(base_url=api)]}
    with httpx.Client(event_hooks=hooks, headers={"authkey": KEY}) as client, pytest.raises(CampaignError):
        _sent(lambda: client.post(f"{api}/v2/sendsms", json=BAD_V2))
    assert _Recorder.seen == []
