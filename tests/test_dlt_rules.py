"""The DLT rules of preflight(): each broken once, in each API it covers, gives exactly its own
finding, naming the delivery report's entry and saying it is accepted, then fails; the variants
(lenient matching, 20 or 40 characters) are the user's choice and each finding names its rule's
source; a missing or unknown DLT_TE_ID says which template the text matches; what a finding
shows is masked and escaped; templates come as read, as a path or as text; misuse."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from diagnose import preflight
from diagnose.catalog.model import Entry, Rule, load_catalog
from diagnose.outgoing.checks import CHECKS
from diagnose.outgoing.templates import TemplatesError, read_templates

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "examples" / "outgoing" / "dlt-templates.csv"
CATALOG = load_catalog()
TEMPLATE_ID = "1107161234567890123"
CONTENT = "Dear {#var#}, your order {#var#} has shipped. - SHOPIN"
CSV = f'template id,name,content,headers\n{TEMPLATE_ID},order-shipped,"{CONTENT}","SHOPIN,SHOPNW"\n'
TEMPLATES = read_templates(CSV, "templates.csv")
GOOD_TEXT = "Dear Asha, your order 1041 has shipped. - SHOPIN"
DLT_RULES = [(entry, rule) for entry in CATALOG for rule in entry.preflight if CHECKS[rule.check].dlt]
CASES = [(entry, rule, api) for entry, rule in DLT_RULES for api in rule.apis]


def valid(api: str, text: str = GOOD_TEXT) -> dict[str, Any]:
    common = {"sender": "SHOPIN", "route": "4", "country": "91", "DLT_TE_ID": TEMPLATE_ID}
    if api == "sendhttp":
        return {"mobiles": "919812345678", "message": text, **common}
    return {**common, "sms": [{"message": text, "to": ["919812345678"]}]}


def _with_text(request: dict[str, Any], text: str) -> dict[str, Any]:
    request = copy.deepcopy(request)
    if "sms" in request:
        request["sms"][0]["message"] = text
    else:
        request["message"] = text
    return request


def broken(rule: Rule, api: str) -> tuple[dict[str, Any], str]:
    """A valid request of ``api`` with ``rule`` broken once, and the templates to check it with."""
    request = valid(api)
    check = rule.check
    if check == "dlt-template-registered":
        request["DLT_TE_ID"] = "1107161234567890999"
        return request, CSV
    if check == "dlt-header":
        request["sender"] = "SHOPXY"
        return request, CSV
    if check == "dlt-placeholder":
        return request, CSV.replace("Dear {#var#}", "Dear {#Var#}")
    if check == "dlt-text":
        return _with_text(request, GOOD_TEXT.replace("has shipped", "has been shipped")), CSV
    if check == "dlt-variable-length":
        return _with_text(request, GOOD_TEXT.replace("Asha", "A" * ((rule.limit or 0) + 1))), CSV
    raise AssertionError(f"no way to break a {check} rule: add one here")


def test_the_dlt_rules_are_catalogued_with_their_sources() -> None:
    checks = {rule.check: (entry.name, rule.source) for entry, rule in DLT_RULES}
    assert checks == {
        "dlt-placeholder": ("REASON_DLT_TEMPLATE_MISMATCH", "MSGCLUB"),
        "dlt-text": ("REASON_DLT_TEMPLATE_MISMATCH", "MSGCLUB"),
        "dlt-variable-length": ("REASON_DLT_TEMPLATE_MISMATCH", "H_DLTFAQ"),
        "dlt-header": ("REASON_DLT_SENDER_NOT_MATCHED", "SANGAM"),
        "dlt-template-registered": ("REASON_DLT_TEMPLATE_NOT_FOUND", "DLTCODES"),
    }
    variants = {(rule.check, v.variant, v.limit, v.source) for _, rule in DLT_RULES for v in rule.variants}
    assert variants == {
        ("dlt-text", "lenient", None, "H_DLTERR"),
        ("dlt-variable-length", "20", 20, "SANGAM"),
        ("dlt-variable-length", "40", 40, "H_DLTERR"),
    }
    assert all(rule.source in CATALOG.sources for _, rule in DLT_RULES)


@pytest.mark.parametrize("api", ["sendhttp", "v2"])
def test_a_request_that_matches_its_template_gives_no_finding(api: str) -> None:
    assert preflight(valid(api), templates=TEMPLATES) == []
    lenient = preflight(valid(api, GOOD_TEXT.replace(", ", " ")), templates=TEMPLATES, dlt_match="lenient")
    assert lenient == []


@pytest.mark.parametrize(("entry", "rule", "api"), CASES, ids=[f"{e.name}:{r.check}:{a}" for e, r, a in CASES])
def test_every_dlt_rule_broken_once_gives_exactly_its_finding(entry: Entry, rule: Rule, api: str) -> None:
    request, templates = broken(rule, api)
    findings = preflight(request, templates=templates)
    assert [(f.entry, f.rule, f.api) for f in findings] == [(entry, rule, api)], [str(f) for f in findings]
    finding = findings[0]
    assert f"[{rule.check}, per {rule.source}]" in finding.message
    assert f"accepted, then fails: its delivery report would fail with {entry.label}" in str(finding)
    assert "\n" not in str(finding)
    assert preflight(request) == [] or all(not CHECKS[f.rule.check].dlt for f in preflight(request))


@pytest.mark.parametrize(("entry", "rule"), DLT_RULES, ids=[f"{e.name}:{r.check}" for e, r in DLT_RULES])
def test_every_dlt_rules_own_example_breaks_it_and_nothing_else(entry: Entry, rule: Rule) -> None:
    findings = preflight(rule.example, templates=rule.templates)
    assert [(f.entry, f.rule) for f in findings] == [(entry, rule)]


def test_the_first_difference_is_shown_as_a_short_diff() -> None:
    request = _with_text(valid("v2"), GOOD_TEXT.replace("has shipped", "has been shipped"))
    (finding,) = preflight(request, templates=TEMPLATES)
    assert finding.parameter == "sms[0].message"
    assert "at character 35 (strict reading: any character of difference fails)" in finding.message
    assert "text '…1041 has been shipped. - SHOPIN', template '…order {#var#} has shipped. - SHOPIN'" in (
        finding.message
    )


def test_lenient_matching_is_chosen_and_its_finding_names_its_source() -> None:
    sloppy = _with_text(valid("sendhttp"), "Dear Asha your order 1041 has shipped - SHOPIN.")
    (strict,) = preflight(sloppy, templates=TEMPLATES)
    assert strict.rule.check == "dlt-text" and strict.rule.source == "MSGCLUB"
    assert preflight(sloppy, templates=TEMPLATES, dlt_match="lenient") == []
    changed = _with_text(valid("sendhttp"), "Dear Asha your order 1041 has gone - SHOPIN")
    (lenient,) = preflight(changed, templates=TEMPLATES, dlt_match="lenient")
    assert lenient.rule.source == "H_DLTERR" and "lenient reading" in lenient.message
    assert "[dlt-text, per H_DLTERR]" in lenient.message
    assert lenient.to_dict()["rule"].endswith("spaces, line breaks, full stops and commas are ignored by DLT matching.")


@pytest.mark.parametrize(
    ("limit", "source", "findings"), [(None, "H_DLTFAQ", 1), (20, "SANGAM", 2), (40, "H_DLTERR", 0)]
)
def test_the_variable_length_is_chosen_among_the_sourced_ones(limit: int | None, source: str, findings: int) -> None:
    text = GOOD_TEXT.replace("Asha", "A" * 35).replace("1041", "1" * 25)
    found = preflight(valid("sendhttp", text), templates=TEMPLATES, dlt_variable_length=limit)
    assert len(found) == findings
    assert all(f.rule.source == source and f"[dlt-variable-length, per {source}]" in f.message for f in found)
    if found:
        assert "variable 1 of DLT template" in found[0].message and "has 35 characters, more than" in found[0].message
    assert preflight(valid("sendhttp", text), templates=TEMPLATES, dlt_variable_length=30)[0].rule.source == "H_DLTFAQ"


def test_an_unknown_or_missing_template_id_says_which_template_the_text_matches() -> None:
    request = valid("sendhttp")
    request["DLT_TE_ID"] = "1107161234567890999"
    (unknown,) = preflight(request, templates=TEMPLATES)
    assert unknown.entry.name == "REASON_DLT_TEMPLATE_NOT_FOUND"
    assert "the text matches template ***************0123 (order-shipped) of templates.csv" in unknown.message
    del request["DLT_TE_ID"]
    (missing,) = preflight(request, templates=TEMPLATES)
    assert missing.entry.name == "DLT_TEMPLATE_ID_MISSING"
    assert missing.message.startswith("DLT_TE_ID is missing; the text matches template ***************0123")
    assert preflight(request)[0].message == "DLT_TE_ID is missing"  # without templates: as before
    nothing = preflight(_with_text(request, "Something else"), templates=TEMPLATES)
    assert nothing[0].message == "DLT_TE_ID is missing; the text matches no template of templates.csv"


def test_a_template_or_text_placeholder_in_another_form_is_named() -> None:
    odd = read_templates(CSV.replace("Dear {#var#}", "Dear {#Var#}"), "t.csv")
    (finding,) = preflight(valid("sendhttp"), templates=odd)
    assert "writes '{#Var#}' at character 6, which is not a DLT variable (only {#var#} is)" in finding.message
    assert finding.rule.check == "dlt-placeholder"
    unfilled = _with_text(valid("sendhttp"), "Dear ##name##, your order 1041 has shipped - SHOPIN")
    assert [f.rule.check for f in preflight(unfilled, templates=TEMPLATES)] == ["dlt-text"]  # not where it parts
    literal = read_templates(CSV.replace("order {#var#}", "order #VAR#"), "t.csv")
    left = _with_text(valid("sendhttp"), "Dear Asha, your order 1041 has shipped. - SHOPIN")
    (placeholder,) = preflight(left, templates=literal)
    assert "writes '#VAR#'" in placeholder.message


def test_what_a_finding_shows_is_masked_and_escaped() -> None:
    key = "367431AbCdEf0123456789ab"
    for text, hidden, masked in (
        ("Dear Asha, your order 1041 has shipped to 919876543210\x1b[31m - SHOPIN", "919876543210", "********3210"),
        (f"Dear Asha, your order 1041 has shipped {key}\x1b[31m - SHOPIN", key, "3674\u2026ab"),
    ):
        request = {**_with_text(valid("sendhttp"), text), "authkey": key}
        (finding,) = preflight(request, templates=TEMPLATES)
        shown = str(finding) + repr(finding.to_dict())
        assert hidden not in shown and masked in finding.message, finding.message
        assert "\x1b" not in shown and "\\x1b" in finding.message


def test_templates_are_taken_as_read_as_a_path_or_as_text(tmp_path: Path) -> None:
    request = _with_text(valid("sendhttp"), "Something else")
    request["DLT_TE_ID"] = "1107161234567890125"
    for given in (str(EXPORT), EXPORT, EXPORT.read_text(encoding="utf-8"), EXPORT.read_bytes()):
        (finding,) = preflight(request, templates=given)  # type: ignore[arg-type]
        assert finding.rule.check == "dlt-text"
    with pytest.raises(TemplatesError, match=r"missing\.csv: cannot be read"):
        preflight(request, templates=str(tmp_path / "missing.csv"))
    with pytest.raises(ValueError, match="dlt_match must be one of strict, lenient, not 'loose'"):
        preflight(request, templates=TEMPLATES, dlt_match="loose")
    with pytest.raises(
        ValueError, match=r"dlt_variable_length 25 is not a limit a source gives \(sourced: 20, 30, 40\)"
    ):
        preflight(request, templates=TEMPLATES, dlt_variable_length=25)
    with pytest.raises(TypeError, match="templates must be"):
        preflight(request, templates=3)  # type: ignore[arg-type]


def test_without_templates_no_dlt_rule_is_applied() -> None:
    request = _with_text(valid("v2"), "anything at all")
    request["sender"] = "SHOPXY"
    assert preflight(request) == []


def test_ensure_preflight_refuses_a_mismatch_as_the_failure_it_predicts() -> None:
    from diagnose import SmsApiError, ensure_preflight

    request = _with_text(valid("v2"), GOOD_TEXT.replace("has shipped", "has been shipped"))
    with pytest.raises(SmsApiError) as raised:
        ensure_preflight(request, templates=TEMPLATES)
    assert raised.value.entry is not None and raised.value.entry.name == "REASON_DLT_TEMPLATE_MISMATCH"
    assert ensure_preflight(valid("v2"), templates=TEMPLATES) is None
