"""Issue 24, part 2: pre-flight covers the v5 flow and OTP APIs. A flow recipient's numbers by
the number rule, its mobiles given empty or misspelt, a flow without its template_id, the OTP
send's otp_length and otp_expiry bounds: each is a finding of its entry, in the library and on
the command line, and each rule shows its source on its entry's page, in explain and on the
rules page."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from diagnose import load_catalog, preflight
from diagnose.outgoing.checks import near_miss

from .cli_runner import run_cli
from .docs_hook import load_hook
from .site_server import ROOT

FLOW_ID = "6123456789abcdef01234567"
OTP_URL = "https://control.msg91.com/api/v5/otp"
PAGE = ROOT / "docs" / "before-sending.md"


def _flow(*recipients: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"template_id": FLOW_ID, **fields, "recipients": list(recipients)}


def _otp(**fields: Any) -> dict[str, Any]:
    return {"url": OTP_URL, "body": {"template_id": FLOW_ID, "mobile": "919812345678", **fields}}


FINDS = [
    (
        _flow({"mobiles": "98123"}),
        "INVALID_MOBILE_NUMBER",
        "recipients[0].mobiles",
        "recipients[0].mobiles (****8123) has 5 digits, fewer than 10",
    ),
    (
        _flow({"mobiles": "919812345678,9198123456ab"}),
        "INVALID_MOBILE_NUMBER",
        "recipients[0].mobiles[1]",
        "has a letter in it",
    ),
    (_flow({"mobiles": ""}), "MISSING_MOBILE_NUMBER", "recipients[0].mobiles", "recipients[0].mobiles is empty"),
    (_flow({"mobiles": None}), "MISSING_MOBILE_NUMBER", "recipients[0].mobiles", "recipients[0].mobiles is empty"),
    (
        _flow({"mobiles": "919812345678"}, {"mobile": "919812345679"}),
        "MISSING_MOBILE_NUMBER",
        "recipients[1].mobile",
        "recipients[1] has 'mobile' but no 'mobiles': did you mean 'mobiles'?",
    ),
    (_flow({"Mobiles": "919812345678"}), "MISSING_MOBILE_NUMBER", "recipients[0].Mobiles", "did you mean 'mobiles'?"),
    (_flow({"mobiels": "919812345678"}), "MISSING_MOBILE_NUMBER", "recipients[0].mobiels", "did you mean 'mobiles'?"),
    ({"recipients": [{"mobiles": "919812345678"}]}, "FLOW_MISSING_OR_INVALID", "template_id", "template_id is missing"),
    (
        {"url": "https://control.msg91.com/api/v5/flow", "body": {"template_id": FLOW_ID}},
        "MISSING_MOBILE_NUMBER",
        "recipients",
        "recipients is missing",
    ),
    (_flow(), "MISSING_MOBILE_NUMBER", "recipients", "recipients is empty"),
    (
        _flow({"mobiles": "919812345678"}, template_id=""),
        "FLOW_MISSING_OR_INVALID",
        "template_id",
        "template_id is empty",
    ),
    (_otp(otp_length="3"), "OTP_INVALID_LENGTH", "otp_length", "otp_length is 3, less than 4"),
    (_otp(otp_length=10), "OTP_INVALID_LENGTH", "otp_length", "otp_length is 10, more than 9"),
    (_otp(otp_length="six"), "OTP_INVALID_LENGTH", "otp_length", "otp_length 'six' is not a whole number"),
    (_otp(otp_length=4.5), "OTP_INVALID_LENGTH", "otp_length", "otp_length '4.5' is not a whole number"),
    (_otp(otp_expiry=0), "OTP_INVALID_EXPIRY", "otp_expiry", "otp_expiry is 0, less than 1"),
    (_otp(otp_expiry="-5"), "OTP_INVALID_EXPIRY", "otp_expiry", "otp_expiry is -5, less than 1"),
]


@pytest.mark.parametrize(("request_", "name", "parameter", "message"), FINDS)
def test_each_broken_rule_is_one_finding_of_its_entry(request_: Any, name: str, parameter: str, message: str) -> None:
    (finding,) = preflight(request_)
    assert (finding.entry.name, finding.parameter) == (name, parameter)
    assert message in finding.message
    assert "919812345678" not in str(finding)


PASSES = [
    _flow({"mobiles": "919812345678", "name": "Asha"}),
    _flow({"mobiles": "919812345678,919812345679"}),
    _flow({"mobiles": ["919812345678"]}),
    {"flow_id": FLOW_ID, "recipients": [{"mobiles": "919812345678"}]},
    _flow({"phone": "919812345678"}),  # a receiver key renamed in the flow: not judged
    _flow({"mobile_number": "919812345678"}),  # not one letter from mobiles
    _otp(),
    _otp(otp_length=4, otp_expiry=1),
    _otp(otp_length="9", otp_expiry="1440"),
    _otp(otp_length=6.0),
]


@pytest.mark.parametrize("request_", PASSES)
def test_a_request_that_keeps_the_rules_has_no_finding(request_: Any) -> None:
    assert list(preflight(request_)) == []


def test_a_key_that_is_a_template_variable_is_not_a_misspelling() -> None:
    flow = _flow({"mobile": "919812345678"})
    assert [f.entry.name for f in preflight(flow)] == ["MISSING_MOBILE_NUMBER"]
    assert list(preflight(flow, template="Call us on ##mobile##")) == []


def test_near_misses_are_one_letter_or_case_or_separators_away() -> None:
    for key in ("mobile", "Mobiles", "MOBILES", "mobiels", "mobilez", "mobi_les", "mobiless"):
        assert near_miss(key, "mobiles"), key
    for key in ("mobiles", "name", "mob", "mobile_no", "phone", "m" * 1000):
        assert not near_miss(key, "mobiles"), key


def test_the_command_line_says_each_finding_with_its_entry(tmp_path: Path) -> None:
    sends = tmp_path / "v5.jsonl"
    records = [
        {"id": "flow-1", "request": _flow({"mobiles": "98123"})},
        {"id": "flow-2", "request": _flow({"mobile": "919812345678"})},
        {"id": "flow-3", "request": {"recipients": [{"mobiles": "919812345678"}]}},
        {"id": "otp-1", "request": _otp(otp_length=12)},
        {"id": "otp-2", "request": _otp(otp_expiry=0)},
        {"id": "ok", "request": _flow({"mobiles": "919812345678"})},
    ]
    sends.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    run = run_cli("preflight", str(sends))
    assert run.status == 1 and "Traceback" not in run.stderr
    for line in (
        "v5.jsonl:1: recipients[0].mobiles (****8123) has 5 digits, fewer than 10: "
        "the provider would answer 202 INVALID_MOBILE_NUMBER",
        "v5.jsonl:2: recipients[0] has 'mobile' but no 'mobiles': did you mean 'mobiles'?: "
        "the provider would answer 101 MISSING_MOBILE_NUMBER",
        "v5.jsonl:3: template_id is missing: the provider would answer 400 FLOW_MISSING_OR_INVALID",
        "v5.jsonl:4: otp_length is 12, more than 9: the provider would answer OTP_INVALID_LENGTH",
        "v5.jsonl:5: otp_expiry is 0, less than 1: the provider would answer OTP_INVALID_EXPIRY",
    ):
        assert line in run.stdout, run.stdout
    assert "checked 6 requests from 1 file: 1 passed, 5 failed (5 findings)" in run.stdout
    assert "919812345678" not in run.stdout
    report = json.loads(run_cli("preflight", str(sends), "--format", "json").stdout)
    assert {failure["parameter"] for failure in report["failures"]} == {
        "recipients[0].mobiles",
        "recipients[0].mobile",
        "template_id",
        "otp_length",
        "otp_expiry",
    }


RULES = [
    ("INVALID_MOBILE_NUMBER", "mobile-number", "APIDOC"),
    ("MISSING_MOBILE_NUMBER", "receiver-key", "FLOWDOC"),
    ("FLOW_MISSING_OR_INVALID", "present", "FLOWDOC"),
    ("MISSING_MOBILE_NUMBER", "present", "FLOWDOC"),
    ("OTP_INVALID_LENGTH", "at-least", "DOC17"),
    ("OTP_INVALID_LENGTH", "at-most", "DOC17"),
    ("OTP_INVALID_EXPIRY", "at-least", "DOC17"),
]


@pytest.mark.parametrize(("name", "check", "source"), RULES)
def test_each_rule_shows_its_source_in_explain_on_its_page_and_on_the_rules_page(
    name: str, check: str, source: str
) -> None:
    catalog = load_catalog()
    entry = catalog.by_name(name)
    assert entry is not None
    rules = [r for r in entry.preflight if r.check == check and ("flow" in r.apis or "otp" in r.apis)]
    assert rules
    title = catalog.sources[source].title
    explained = run_cli("explain", name)
    assert explained.status == 0
    flat = re.sub(r"\s+", " ", explained.stdout)
    hook = load_hook()
    page = re.sub(r"\s+", " ", html.unescape(hook.entry_page(catalog, entry))).replace("\\_", "_")
    rules_page = re.sub(r"\s+", " ", html.unescape(hook.rules_page(catalog))).replace("\\_", "_")
    for rule in rules:  # the recipients' mobiles, and for the flow's mobile-number rule those at a body's top
        assert rule.source == source
        assert rule.rule in flat and title in flat
        assert rule.rule in page and title in page
        assert rule.rule in rules_page


def test_the_before_sending_page_shows_what_its_flow_and_otp_example_prints(capsys: pytest.CaptureFixture[str]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    section = text[text.index("### The flow and OTP APIs") : text.index("## Refuse to send")]
    block = re.search(r"^```python\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
    shown = re.search(r"^```text\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
    assert block is not None and shown is not None
    exec(compile(block.group(1), str(PAGE), "exec"), {"__name__": "before_sending"})
    assert capsys.readouterr().out == shown.group(1)
    assert "`otp_length`, `otp_expiry`" not in text  # no longer among what is not checked


MISSPELT = [
    (
        {"url": OTP_URL, "body": {"template_id": FLOW_ID, "mobiles": "919812345678"}},
        "OTP_INVALID_MOBILE",
        "mobile is missing (it has 'mobiles': did you mean 'mobile'?)",
    ),
    (
        {"templateId": FLOW_ID, "recipients": [{"mobiles": "919812345678"}]},
        "FLOW_MISSING_OR_INVALID",
        "template_id is missing (it has 'templateId': did you mean 'template_id'?)",
    ),
    (
        {
            "sender": "SHOPIN",
            "route": "4",
            "DLT_TE_ID": "1107161234567890123",
            "sms": [{"message": "Hi", "To": ["919812345678"]}],
        },
        "MISSING_MOBILE_NUMBER",
        "sms[0].to is missing (it has 'To': did you mean 'to'?)",
    ),
    (
        "mobiles=919812345678&Message=Hi&sender=SHOPIN&route=4&DLT_TE_ID=1107161234567890123",
        "MISSING_MESSAGE",
        "message is missing (it has 'Message': did you mean 'message'?)",
    ),
]


@pytest.mark.parametrize(("request_", "name", "message"), MISSPELT)
def test_a_missing_key_names_the_key_like_it_that_the_request_has(request_: Any, name: str, message: str) -> None:
    (finding,) = preflight(request_)
    assert finding.entry.name == name and finding.message == message


def test_a_missing_key_with_nothing_like_it_says_only_that_it_is_missing() -> None:
    (finding,) = preflight({"url": OTP_URL, "body": {"template_id": FLOW_ID, "phone": "919812345678"}})
    assert finding.message == "mobile is missing"
