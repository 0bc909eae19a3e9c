"""Red-team findings against pre-flight's flow and OTP rules (issue 24, part 2): each test is
a request a user could send and what they would see. A valid request gets no finding; any
JSON-ish value gets findings or a clear error, never a raw exception of the interpreter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from diagnose import preflight

from .cli_runner import run_cli

FLOW_ID = "6123456789abcdef01234567"
FLOW_URL = "https://control.msg91.com/api/v5/flow/"
OTP_URL = "https://control.msg91.com/api/v5/otp"


def _otp(**fields: Any) -> dict[str, Any]:
    return {"url": OTP_URL, "body": {"template_id": FLOW_ID, "mobile": "919812345678", **fields}}


# 1. MSG91's own flow snippet (copied into many public clients) sends the numbers at the top of
# the body, with no recipients list: {"template_id", "sender", "short_url", "mobiles", "VAR1"}.
# Pre-flight said "recipients is missing" (101): a false alarm on the documented shape.
FLAT_FLOWS = [
    {"template_id": FLOW_ID, "sender": "SHOPIN", "short_url": "1", "mobiles": "919812345678", "VAR1": "VALUE 1"},
    {"flow_id": FLOW_ID, "sender": "SHOPIN", "mobiles": "919812345678", "OTP": "123456"},
]


@pytest.mark.parametrize("body", FLAT_FLOWS)
def test_the_flat_flow_body_of_the_providers_snippet_has_no_finding(body: dict[str, Any]) -> None:
    assert list(preflight({"url": FLOW_URL, "body": body})) == []


def test_a_flow_with_neither_recipients_nor_mobiles_is_still_missing_its_recipients() -> None:
    (finding,) = preflight({"url": FLOW_URL, "body": {"template_id": FLOW_ID, "VAR1": "x"}})
    assert (finding.entry.name, finding.message) == ("MISSING_MOBILE_NUMBER", "recipients is missing")


# 2. template_id given as null (or empty) beside a flow_id that names the flow: the request
# names its flow, yet pre-flight said "template_id is missing". Which one the provider reads
# is not sourced: silence, not a finding.
@pytest.mark.parametrize("blank", [None, "", " "])
def test_a_blank_template_id_beside_a_flow_id_is_no_finding(blank: Any) -> None:
    flow = {"template_id": blank, "flow_id": FLOW_ID, "recipients": [{"mobiles": "919812345678"}]}
    assert list(preflight(flow)) == []


def test_a_flow_with_both_blank_still_says_its_template_id_is_missing() -> None:
    (finding,) = preflight({"template_id": None, "flow_id": "", "recipients": [{"mobiles": "919812345678"}]})
    assert finding.entry.name == "FLOW_MISSING_OR_INVALID"


# 3. An otp_length or otp_expiry that is an int of more than 4,300 digits (a dict built in
# code) made preflight() raise the interpreter's ValueError ("Exceeds the limit (4300 digits)
# for integer string conversion"); one of 400 digits gave a 400-character message. A float
# such as 1e300 is a whole number, yet was called "not a whole number".
@pytest.mark.parametrize(
    ("value", "said"),
    [
        (10**5000, "more than 9"),
        (10**400, "more than 9"),
        (-(10**5000), "less than 4"),
        (1e300, "more than 9"),
        ("1" * 40, "more than 9"),
        ("-" + "1" * 40, "less than 4"),
    ],
    ids=[
        "int-5001-digits",
        "int-401-digits",
        "negative-int-5001-digits",
        "float-1e300",
        "text-40-digits",
        "text-negative",
    ],
)
def test_a_huge_otp_length_is_a_finding_of_its_bound_with_a_short_message(value: Any, said: str) -> None:
    (finding,) = preflight(_otp(otp_length=value))
    assert finding.entry.name == "OTP_INVALID_LENGTH"
    assert said in finding.message and "not a whole number" not in finding.message
    assert len(finding.message) < 120 and len(str(finding)) < 200


@pytest.mark.parametrize("zeros", [1, 40, 5000])
def test_leading_zeros_are_no_size(zeros: int) -> None:
    assert list(preflight(_otp(otp_length="0" * zeros + "6", otp_expiry="0" * zeros + "15"))) == []


def test_a_huge_otp_expiry_is_no_finding_as_no_maximum_is_documented() -> None:
    assert list(preflight(_otp(otp_expiry=10**5000))) == []


def test_the_command_line_says_a_huge_otp_length_in_one_short_line(tmp_path: Path) -> None:
    sends = tmp_path / "otp.jsonl"
    sends.write_text(json.dumps({"request": _otp(otp_length=10**400)}) + "\n", encoding="utf-8")
    run = run_cli("preflight", str(sends))
    assert run.status == 1 and "Traceback" not in run.stderr
    (line,) = [line for line in run.stdout.splitlines() if line.startswith(f"{sends}:1:") or "otp.jsonl:1:" in line]
    assert "more than 9" in line and len(line) < 400


# 4. A control character in a value or a key is escaped (\x1b), then the message quoted it with
# repr(), which doubled the escape's backslash: the user saw 'Mobile\\x1b', a key with a
# backslash in it that the request does not have.
ESCAPED = [
    (_otp(otp_length="\x1b[31m6"), "otp_length '\\x1b[31m6' is not a whole number"),
    (
        {"url": FLOW_URL, "body": {"template_id": FLOW_ID, "recipients": [{"Mobile\x1b": "919812345678"}]}},
        "recipients[0] has 'Mobile\\x1b' but no 'mobiles': did you mean 'mobiles'?",
    ),
    (
        {"url": OTP_URL, "body": {"template_id": FLOW_ID, "Mobil\x1b": "919812345678"}},
        "mobile is missing (it has 'Mobil\\x1b': did you mean 'mobile'?)",
    ),
]


@pytest.mark.parametrize(("request_", "message"), ESCAPED)
def test_an_escaped_control_character_is_shown_once_escaped(request_: Any, message: str) -> None:
    (finding,) = preflight(request_)
    assert finding.message == message
    assert "\x1b" not in str(finding)


def test_the_command_line_shows_an_escaped_key_once_escaped(tmp_path: Path) -> None:
    sends = tmp_path / "flow.jsonl"
    flow = {"url": FLOW_URL, "body": {"template_id": FLOW_ID, "recipients": [{"Mobile\x1b": "919812345678"}]}}
    sends.write_text(json.dumps({"request": flow}) + "\n", encoding="utf-8")
    run = run_cli("preflight", str(sends))
    assert "recipients[0] has 'Mobile\\x1b' but no 'mobiles'" in run.stdout
    assert "\x1b" not in run.stdout and "\\\\x1b" not in run.stdout


# 5. A JSON body's otp_length of 6.0 passes, yet the same 6.0 in a form body or a query string
# (where every value is text) was "not a whole number": the same wire text, a false finding.
@pytest.mark.parametrize(
    "request_",
    [_otp(otp_length="6.0", otp_expiry="15.00"), OTP_URL + "?template_id=t&mobile=919812345678&otp_length=6.0"],
)
def test_a_whole_number_written_with_a_zero_fraction_as_text_is_no_finding(request_: Any) -> None:
    assert list(preflight(request_)) == []


def test_a_text_with_a_fraction_is_still_not_a_whole_number() -> None:
    (finding,) = preflight(_otp(otp_length="6.5"))
    assert finding.message == "otp_length '6.5' is not a whole number"
