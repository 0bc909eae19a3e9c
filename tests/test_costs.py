"""What docs/security.md promises of costs, tested without a clock.

A bound is a count a user sees: the findings ``preflight()`` gives a request, and what the
command writes of them. "No Python call for each match" is the number of Python calls a function
makes (``sys.setprofile``), which for the hostile shapes below does not grow with the input:
the work is done by ``str`` methods and one pass of a regular expression, at C speed. How the
time grows from 10 kB to 1 MB, and the milliseconds per MiB, are measured by the benchmark
(``benchmarks/run.py``, its growth rows), against a baseline taken in the same run.

The faster redaction must mask and escape exactly what the slower one did: each fast path is
compared here with a plain reference, a regular expression and a Python call a match, on
hostile text.
"""

from __future__ import annotations

import gc
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose import diagnose, ensure_preflight, preflight
from diagnose.catalog.model import load_catalog
from diagnose.exceptions import MissingParameterError, SmsApiError
from diagnose.gate.schemas import REPORT_SCHEMA, load_schema
from diagnose.outgoing import FINDINGS_PER_RULE, Findings
from diagnose.outgoing.checks import CHECKS, MISSING, NAMED_NUMBERS, Context, empty
from diagnose.redaction import json_text, printable, redact

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = load_schema(ROOT / "data", REPORT_SCHEMA)
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
VALID_V2 = {"sender": "SHOPIN", "route": "4", "country": "91", "DLT_TE_ID": "1107161234567890123"}


def _sms(count: int) -> dict[str, Any]:
    """A v2 send of ``count`` messages, each to the number 1 and without its text: two
    findings a message (202 and 102), as the issue's 990 KB request."""
    return {**VALID_V2, "sms": [{"to": "1"} for _ in range(count)]}


# --- findings are bounded, and what is left out is counted ---


def test_a_request_is_given_at_most_a_bound_of_findings_of_each_rule_and_told_how_many_more() -> None:
    found = preflight(_sms(5_000), now=NOW)
    assert isinstance(found, Findings) and isinstance(found, list)
    names = [finding.entry.name for finding in found]
    assert names.count("INVALID_MOBILE_NUMBER") == names.count("MISSING_MESSAGE") == FINDINGS_PER_RULE
    assert len(found) == 2 * FINDINGS_PER_RULE
    assert found.limit == FINDINGS_PER_RULE == NAMED_NUMBERS + 1
    assert found.left_out == 2 * (5_000 - FINDINGS_PER_RULE)
    assert found.left_out_by_name == {
        "INVALID_MOBILE_NUMBER": 5_000 - FINDINGS_PER_RULE,
        "MISSING_MESSAGE": 5_000 - FINDINGS_PER_RULE,
    }
    assert {found.left_out_of(finding) for finding in found} == {5_000 - FINDINGS_PER_RULE}
    assert {finding.parameter for finding in found} == {
        f"sms[{index}].{key}" for index in range(FINDINGS_PER_RULE) for key in ("to", "message")
    }
    assert "left_out=9958" in repr(found)


def test_the_findings_of_a_small_request_are_all_given() -> None:
    found = preflight(_sms(3), now=NOW)
    assert len(found) == 6 and found.left_out == 0 and found.left_out_by_name == {}
    assert preflight({**VALID_V2, "sms": [{"to": "919812345678", "message": "Hi"}]}, now=NOW) == []


def test_a_parameters_numbers_fit_in_the_bound_with_the_count_of_the_others() -> None:
    found = preflight({**VALID_V2, "sms": [{"to": ["1"] * 500, "message": "Hi"}]}, now=NOW)
    assert len(found) == FINDINGS_PER_RULE and found.left_out == 0
    assert found[-1].message == f"sms[0].to has {500 - NAMED_NUMBERS} more numbers like these"


def test_what_is_left_out_changes_no_verdict() -> None:
    with pytest.raises(SmsApiError) as small:
        ensure_preflight(_sms(2), now=NOW)
    with pytest.raises(SmsApiError) as large:
        ensure_preflight(_sms(2_000), now=NOW)
    assert type(small.value) is type(large.value) and small.value.name == large.value.name
    assert len(large.value.findings) == 2 * FINDINGS_PER_RULE
    with pytest.raises(MissingParameterError):
        ensure_preflight({**VALID_V2, "sms": [{"to": "919812345678"}] * 1_000}, now=NOW)


def test_the_findings_left_out_are_counted_as_their_rule_would_find_them() -> None:
    """Past the bound, findings are counted without being made (``Check.counter``): a request
    whose every message is of a different wrong kind counts what the findings would have been."""
    messages: list[dict[str, Any]] = [
        {"to": ["1", "2,", "abc", " , ", ",", "919812345678,1"][n % 6] + ",99" * (n % 2), "message": "Hi"}
        for n in range(300)
    ]
    messages += [{"to": ["1"] * 30, "message": "Hi"}] * 3  # 21 findings each: 20 numbers, then the count
    messages += [{"to": [None, True, 5], "message": "Hi"}] * 30
    found = preflight({**VALID_V2, "sms": messages}, now=NOW)
    check, rule = CHECKS["mobile-number"], _rule("mobile-number")
    unbounded = sum(len(check.problems(rule, "p", message["to"], _context())) for message in messages)
    assert found.left_out > 0 and len(found) + found.left_out == unbounded


def _rule(check: str) -> Any:
    return next(rule for entry in load_catalog() for rule in entry.preflight if rule.check == check)


def _context() -> Context:
    return Context(NOW, None, None)


JSONS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(",1234567890 abc", max_size=40),
    lambda inner: st.lists(inner, max_size=30) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=40,
)


@pytest.mark.slow
@given(st.sampled_from(sorted(name for name, check in CHECKS.items() if check.counter)), JSONS)
@settings(max_examples=400, deadline=None)
def test_a_checks_counter_counts_what_its_problems_are(name: str, value: Any) -> None:
    check = CHECKS[name]
    assert check.counter is not None
    rule = _rule(name)
    if not check.sees_missing and empty(value):
        return  # never handed to either
    assert check.counter(rule, value, _context()) == len(check.problems(rule, "p", value, _context()))


def _dropped_by_the_walk(value: Any) -> bool:
    """Whether the walk of a request's plan hands ``value`` to no check that does not see a
    missing or empty value (its own test of emptiness, written out)."""
    from diagnose.outgoing.rules import ApiPlan, _walk

    handed = []

    def check(rule: Any, where: Any, value: Any, context: Any) -> list[Any]:
        handed.append(value)
        return []

    plan = ApiPlan((("p", ((check, _rule("max-length"), 0, None),), ()),), (), (), (), ())
    _walk(plan, load_catalog().apis["v2"], {"p": value}, None, _context())
    return not handed


@pytest.mark.slow
@given(JSONS | st.sampled_from([MISSING, "", " \n", [], {}, "x", 0, False, 0.0, ()]))
def test_the_walks_emptiness_test_is_empty(value: Any) -> None:
    assert _dropped_by_the_walk(value) == empty(value)


# --- what the command writes of them ---


def test_every_report_says_how_many_findings_were_left_out_and_its_size_does_not_grow(tmp_path: Path) -> None:
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    small.write_text(json.dumps(_sms(1_000)), encoding="utf-8")
    large.write_text(json.dumps(_sms(10_000)), encoding="utf-8")
    now = ("--now", "2026-11-25T09:30:00Z")
    sizes = {}
    for name, path in (("small", small), ("large", large)):
        for report in ("human", "json", "junit", "github"):
            run = run_cli("preflight", str(path), "--format", report, *now)
            assert run.status == 1 and "Traceback" not in run.stderr, run.stderr
            sizes[name, report] = len(run.stdout)
            left = 2 * ((1_000 if name == "small" else 10_000) - FINDINGS_PER_RULE)
            per_rule = f"{left // 2:,} more findings of this rule in this request, left out"
            if report == "json":
                data = json.loads(run.stdout)
                jsonschema.validate(data, SCHEMA)
                assert data["summary"]["findings"] == 2 * FINDINGS_PER_RULE
                assert data["summary"]["findings_left_out"] == left
                assert sorted(f["findings_left_out"] for f in data["failures"] if "findings_left_out" in f) == [
                    left // 2,
                    left // 2,
                ]
            elif report == "junit":
                suite = ET.fromstring(run.stdout).find("testsuite")
                assert suite is not None
                (prop,) = suite.iter("property")
                assert prop.attrib == {"name": "findings_left_out", "value": str(left)}
                assert run.stdout.count(per_rule) == 2
            else:
                assert run.stdout.count(per_rule) == 2, run.stdout
                assert f"({2 * FINDINGS_PER_RULE} findings; {left:,} more left out" in run.stdout
    for report in ("human", "json", "junit", "github"):
        assert sizes["large", report] <= sizes["small", report] + 16, (report, sizes)


# --- no Python call for each match ---


def python_calls(call: Callable[[], object]) -> int:
    """How many Python functions (and generator steps) ``call()`` runs, once it has run once
    (what is made once and cached, a catalog or the code made for an API's rules, is not counted)."""
    call()
    calls = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        calls += event == "call"

    gc.collect()  # no finalizer of another test's garbage runs while counting
    gc.disable()
    sys.setprofile(profile)
    try:
        call()
    finally:
        sys.setprofile(None)
        gc.enable()
    return calls


HOSTILE_SHAPES = {
    "digits": "12345678 ",
    "key names": "authkey=",
    "encoded key names": "auth%5Fkey%3D",
    "other escapes": "%7B",
    "escapes of letters": "%41",
    "key names without assignment": "authkey, ",
    "key names glued": "authkey-",
    "key names without separator": "auth_key.",
    "newlines": "\n",
    "control characters": "\x1b[2J\n",
    "bidirectional overrides": "\u202e\u2066x",
    "bytes that did not decode": "\udcff",
    "numbers in groups, no phone": "1 2 ",
    "numbers joined by underscores and commas, no phone": "1_2,",
    "numbers in groups": "98765_43210 +91 98765 43210 ",
    "numbers in pairs": "06 12 34 56 78 ",
    "amounts": "1,234,567,890 ",
    "digits between invisible characters": "9\u200b",
    "digits between escaped invisible characters": "9\\u200b",
    "short runs beside an invisible character": "12\u200b3 ",
    "words shaped like a key": "367431AbCdEfGhIjKlMnOpQr ",
    "fullwidth key names": "\uff41\uff55\uff54\uff48\uff4b\uff45\uff59\uff1d",
    "markup after key names": "authkey=<b>",
    "escaped whitespace after key names": "authkey\\t=",
    "key names closing elements": "</authkey>",
    "objects after key names": 'authkey={"v":',
}


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(HOSTILE_SHAPES))
def test_redaction_makes_no_call_for_each_match(shape: str) -> None:
    token = HOSTILE_SHAPES[shape]
    texts = [token * (size // len(token)) for size in (10_000, 100_000)]
    shows: list[Callable[[str], object]] = [redact, printable, lambda text: json_text({"raw": text})]
    for show in shows:
        small, large = (python_calls(lambda text=text, show=show: show(text)) for text in texts)
        assert large <= small + 10, f"{shape}: {small} calls for 10 kB, {large} for 100 kB"


@pytest.mark.parametrize(
    "shape", ["12345678 ", "authkey=", "auth%5Fkey%3D", "%7B", "98765_43210 ", "367431AbCdEfGhIjKlMnOpQr ", "9\u200b"]
)
def test_to_dict_makes_no_call_for_each_match(shape: str) -> None:
    bodies = [(shape * (size // len(shape))).encode() for size in (10_000, 100_000)]
    diagnoses = [diagnose(body, max_bytes=len(body)) for body in bodies]
    small, large = (python_calls(diagnosis.to_dict) for diagnosis in diagnoses)
    assert large <= small + 10, f"{small} calls for 10 kB, {large} for 100 kB"


def test_preflight_makes_no_call_for_each_number_or_empty_recipient() -> None:
    def mobiles(count: int) -> str:
        return "mobiles=" + "1," * count + "1&message=Hi&sender=SHOPIN&route=4&DLT_TE_ID=1"

    def recipients(count: int) -> str:
        return json.dumps({"template_id": "t", "recipients": [{}] * count})

    template = "Dear ##name##, ##order## has shipped"
    for request in (mobiles, recipients):
        small, large = (
            python_calls(lambda count=count, request=request: preflight(request(count), now=NOW, template=template))
            for count in (2_000, 20_000)
        )
        assert large <= small + 10, f"{request.__name__}: {small} calls for 2,000, {large} for 20,000"


# --- the fast paths mask and escape what the plain references do ---

TOKENS = [
    *("authkey", "AUTHKEY", "auth_key", "auth-key", "AuthKeys", "authkey_id", "auth%5Fkey", "auth\\u005fkey"),
    *("auth&#95;key", "auth&#095;key", "auth&#x5f;key", "=", ":", "%3D", "%253D", "\\x3d", "&equals;", "=>"),
    *(" ", "\t", "\n", ",", ";", '"', "'", "[", "]", "(", ")", "+", "-", ".", "_", "~", "<", ">", "<authkey"),
    *("<ns:authkey", "&lt;", "<!--", "-->", "<![CDATA[", "value", "string(24)", "u'", "366412AbCdEf7890XyZqRsXY"),
    *("ABCDEFGH", "1234567890123456", "x", "9", "12345678", "919876543210", "+91 98765 43210", "(919) 876-5432"),
    *("2024-03-01", "10.0.0.1", "5f1a2b3c4d5e6f7a8b9c0d1e", "123456789012345678901234", "a", "f", "%7B", "%41"),
    *("%4a", "%2D", "%7e", "%25", "&#65;", "&#065;", "&#0065;", "&#x41;", "&#X41;", "\\u0041", "\\u00e9", "&#128;"),
    *("\x1b", "\x00", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff", "\udcff", "\ud800", "é", "😀", "\u00a0"),
    "٣٣٣٣٣٣٣٣٣",
    *("{", "}", "\\", "\u2066", "\u061c"),
    *("auth.key", "authkey1", "authKeyValue", "ａｕｔｈｋｅｙ", "＝", "\u200b", "<b>", "<x/>", "`", '{"v":', "\\t"),
    *("\\u0020", "%25253D", '\\"', "\\u0000", "*", " is ", "</authkey>", "&lt;!----&gt;", "%3C%21----%3E", "$"),
]
HOSTILE_TEXT = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


def _reference_escape(pattern: str, escape: Callable[[int], str]) -> Callable[[str], str]:
    compiled = re.compile(pattern)
    return lambda text: compiled.sub(lambda match: escape(ord(match.group())), text)


def _visible(code: int) -> str:
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


CONTROL = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
ACTIVE = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
REFERENCE_CONTROLS = _reference_escape(CONTROL, _visible)
REFERENCE_SURROGATES = _reference_escape("[\ud800-\udfff]", _visible)
REFERENCE_JSON = _reference_escape(ACTIVE, lambda code: f"\\u{code:04x}")


@given(st.lists(st.sampled_from([*TOKENS, *map(chr, range(0x20)), "\u2029", "\u200e", "\udc80"]), max_size=60))
@settings(max_examples=500)
def test_escaping_is_the_same_as_a_call_for_each_character(tokens: list[str]) -> None:
    from diagnose.redaction import _json_escapes, _visible_controls, _visible_surrogates

    text = "".join(tokens)
    assert _visible_controls(text) == REFERENCE_CONTROLS(text)
    assert _visible_surrogates(text) == REFERENCE_SURROGATES(text)
    assert _json_escapes(text) == REFERENCE_JSON(text)


def test_every_character_is_escaped_as_before() -> None:
    from diagnose.redaction import _json_escapes, _visible_controls, _visible_surrogates

    text = "".join(map(chr, range(0x3000))) + "\ufeff\U0001f600"
    assert _visible_controls(text) == REFERENCE_CONTROLS(text)
    assert _visible_surrogates(text) == REFERENCE_SURROGATES(text)
    assert _json_escapes(text) == REFERENCE_JSON(text)


REFERENCE_NEUTRAL = re.compile(r"\\u00([2-7][0-9a-fA-F])|%([2-7][0-9a-fA-F])|&\#(?:([0-9]{2,3})|x([0-9a-fA-F]{2}));")
"""What the escapes were read by before: every escape of a character, kept unless unreserved."""
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _reference_unescaped(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        hexadecimal, decimal = match.group(1) or match.group(2) or match.group(4), match.group(3)
        code = int(hexadecimal, 16) if hexadecimal else int(decimal)
        return chr(code) if code < 0x80 and chr(code) in UNRESERVED else match.group()

    return REFERENCE_NEUTRAL.sub(one, text)


def test_every_escape_is_decoded_as_before() -> None:
    from diagnose.redaction import _unescaped

    escapes = [f"\\u00{a}{b}" for a in "234567" for b in "0123456789abcdefABCDEF"]
    escapes += [f"%{a}{b}" for a in "234567" for b in "0123456789abcdefABCDEF"]
    escapes += [f"&#x{a}{b};" for a in "0123456789abcdefABCDEF" for b in "0123456789abcdefABCDEF"]
    escapes += [f"&#{n};" for n in range(100)] + [f"&#{n:03d};" for n in range(1000)] + ["&#0065;", "&#X41;"]
    for escape in escapes:
        text = f"auth{escape}key{escape}{escape[:-1]}"
        assert _unescaped(text) == _reference_unescaped(text), escape
    joined = "".join(escapes)
    assert _unescaped(joined) == _reference_unescaped(joined)


def _reference_masked_digits(text: str) -> str:
    """The masking of runs of 8 digits as it was: a call a run, reading the text around it; and
    a run with invisible characters (or their escapes) between its digits, any number of them,
    masked digit by digit."""
    from diagnose.redaction import _INVISIBLE_TOKEN, _in_request_id, _is_json_number, mask_number

    def one(match: re.Match[str]) -> str:
        start, end = match.span()
        run = match.group()
        tokens = re.finditer(_INVISIBLE_TOKEN, run, re.VERBOSE)
        inside = {index for token in tokens for index in range(*token.span())}
        digits = [index for index, char in enumerate(run) if char.isdigit() and index not in inside]
        if len(digits) < 8:
            return run
        if not run.isdigit():
            hidden = set(digits[:-4])
            return "".join("*" if index in hidden else char for index, char in enumerate(run))
        if end - start <= 24 and _in_request_id(text, start, end):
            return run
        masked = mask_number(run) or ""
        return f'"{masked}"' if _is_json_number(text, start, end) else masked

    return re.sub(rf"\d(?:\d|{_INVISIBLE_TOKEN})*\d", one, text, flags=re.VERBOSE)


DIGIT_TOKENS = ["1234", "5678", "9", " ", "  ", "\t", "\u00a0", "\n", ":", "[", ",", "}", "]", "a", "f", "g", "-"]
DIGIT_TOKENS += ["٣٣٣٣", "{", '"', "12345678901234567890", "5f1a2b3c4d5e6f7a8b9c0d1e", "        "]
DIGIT_TOKENS += ["\u200b", "\u200b\u200b", "\ufeff", "\u00ad", "\u202e", "\\u200b", "%E2%80%8B", "&#8203;", "%e2%2580"]


@pytest.mark.slow
@given(st.lists(st.sampled_from(DIGIT_TOKENS), max_size=40).map("".join) | HOSTILE_TEXT)
@settings(max_examples=1_000)
def test_runs_of_digits_are_masked_as_before(text: str) -> None:
    from diagnose.redaction import _masked_digits

    assert _masked_digits(text) == _reference_masked_digits(text)


@pytest.mark.slow
@given(HOSTILE_TEXT)
@settings(max_examples=1_000)
def test_glued_key_names_are_passed_over_as_they_were_read_one_by_one(text: str) -> None:
    from diagnose import redaction

    fast = redaction.authkey_spans(text)
    glued = redaction._GLUED_KEY_NAMES
    redaction._GLUED_KEY_NAMES = re.compile(r"(?!)")  # matches nothing: every name read one by one
    try:
        assert redaction.authkey_spans(text) == fast
    finally:
        redaction._GLUED_KEY_NAMES = glued


def test_a_recipients_variables_are_checked_in_any_mapping() -> None:
    """The made code compares a recipient's keys with the template's as sets, and reads any
    other mapping as it did."""
    from types import MappingProxyType

    template = "Dear ##name##, ##order##"
    good: dict[str, Any] = {"mobiles": "919812345678", "name": "A", "order": "1"}
    wrong: dict[str, Any] = {"mobiles": "919812345678", "Name": "A", "order": "1"}
    for recipient, names in ((good, []), (wrong, ["REASON_DLT_TEMPLATE_MISMATCH"])):
        for form in (recipient, MappingProxyType(recipient)):
            found = preflight({"template_id": "t", "recipients": [form]}, template=template, now=NOW)
            assert [finding.entry.name for finding in found] == names


def test_the_pages_example_of_what_is_left_out_prints_what_it_says(capsys: pytest.CaptureFixture[str]) -> None:
    page = (ROOT / "docs" / "before-sending.md").read_text(encoding="utf-8")
    example = re.search(r"^```python\n([^`]*found\.left_out[^`]*)^```\n\n```text\n(.*?)^```", page, re.M | re.S)
    assert example is not None
    exec(compile(example.group(1), "before-sending.md", "exec"), {})
    assert capsys.readouterr().out == example.group(2)


def _reference_masked_separated(match: re.Match[str]) -> str:
    """The masking of a number in groups as it was: digit by digit, the digits of its separators
    (``%20``, ``\\u0020``, ``&#160;``) left alone."""
    from diagnose.redaction import _GROUP_SEPARATORS

    lead = match.group("lead") or ""  # an escape before the number, taken with it
    written = match.group()[len(lead) :]
    in_separator = {index for found in _GROUP_SEPARATORS.finditer(written) for index in range(*found.span())}
    digits = [index for index, char in enumerate(written) if char.isdigit() and index not in in_separator]
    groups = written.split(".")
    if len(digits) < 9 or (len(groups) == 4 and all(g.isdigit() and len(g) <= 3 for g in groups)):
        return lead + written
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,3})?|\d{1,2}(,\d{2})+,\d{3}(\.\d{1,3})?", written):
        return lead + written  # an amount
    hidden = set(digits[:-4])
    return lead + "".join("*" if index in hidden else char for index, char in enumerate(written))


PHONE_TOKENS = ["+", "(", ")", " ", "  ", ".", "-", "\u00a0", "\u202f", "\u2011", "91", "98765", "43210", "1", "12"]
PHONE_TOKENS += ["123", "1234", "٣٣٣", "a", "x", "10.0.0.1", "192.168.100.200", "+91 98765 43210", "(919) 876-5432"]
PHONE_TOKENS += ["_", ",", "/", "%20", "%2B", "\u200b", "\\u0020", "&nbsp;", "&#160;", "1,234", "2026-12-06", ":"]
PHONE_TOKENS += ["06 12 34 56 78", "\u2013", "%C2%A0", "\\u200b", "%255Cu200b", "\\\\\\u0020", "x" * 20, "%2B"]


@pytest.mark.slow
@given(st.lists(st.sampled_from(PHONE_TOKENS), max_size=30).map("".join))
@settings(max_examples=1_000)
def test_numbers_in_groups_are_masked_as_before(text: str) -> None:
    from diagnose.redaction import _HINT_MARGIN, _SEPARATED_PHONE, _SEPARATED_PHONE_HINT, _masked_separated_numbers

    expected = _SEPARATED_PHONE.sub(_reference_masked_separated, text)
    assert _masked_separated_numbers(text) == expected
    hint = _SEPARATED_PHONE_HINT.search(text)  # what redact() scans: from a little before the hint, if any
    if hint is None:
        assert _SEPARATED_PHONE.search(text) is None
    else:
        assert _masked_separated_numbers(text, max(hint.start() - _HINT_MARGIN, 0)) == expected
