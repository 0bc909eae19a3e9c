"""The catalog is complete, valid, and says what the seed says."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnose import Actor, Retry, Severity, entries, load_catalog, lookup
from diagnose.catalog import source as catalog_source
from diagnose.cli.commands import HANDLERS
from diagnose.cli.commands.export import export_document
from diagnose.cli.parser import build_parser
from diagnose.gate import STAGES, load_schema, validate
from diagnose.vocabulary import (
    READABLE_FORMATS,
    BodyKind,
    EntryStatus,
    Format,
    Outcome,
    OutputFormat,
    ParseFormat,
    Phase,
    ReportFormat,
)

SEED_CODES = [
    "101",
    "102",
    "104",
    "105",
    "201",
    "202",
    "203",
    "207",
    "208",
    "209",
    "210",
    "211",
    "301",
    "302",
    "303",
    "306",
    "307",
    "308",
    "309",
    "310",
    "311",
    "400",
    "401",
    "402",
    "403",
    "418",
    "506",
    "601",
    "602",
    "603",
    "604",
    "606",
    "607",
    "608",
]
PROVIDER_ONLY_CODES = ["103", "106", "107", "205", "505", "001", "002", "609", "610", "614", "615"]
TEXT_ONLY_MESSAGES = [
    "Authentication failure",
    "OTP not match",
    "OTP expired",
    "Mobile no. already verified",
    "Otp empty or not numeric",
    "Mobile no. empty or not numeric",
    "Mobile no. not found",
    "OTP request invalid",
    "Max limit reached for this otp verification",
    "OTP retry count maxed out",
    "No OTP request found to retryotp",
    "Message doesn't contain otp",
    "invalid_otp",
    "otp_expired",
    "mobile_not_found",
    "already_verified",
    "otp_not_verified",
    "last_otp_request_on_this_number_is_invalid",
    "invalid_mobile",
    "invalid_mobile_number",
    "max_limit_reached_for_this_otp_verification",
    "invalid_auth_key",
    "no_request_found",
    "max_retry_count_exceeded",
]


def test_source_is_valid_against_its_json_schema() -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    verdict = validate(catalog_source.checkout_data())
    assert verdict.problems == ()
    assert verdict.stage == STAGES[-1] == "fake", "every stage ran, the fake API's answers last"


@pytest.mark.parametrize("code", SEED_CODES)
def test_every_seed_code_has_an_entry_with_cause_and_remediation(code: str) -> None:
    entry = lookup(code)
    assert entry is not None, code
    assert entry.cause and entry.remediation
    assert any(ref.source == "seed" for ref in entry.sources), "the seed is the primary source"


@pytest.mark.parametrize("code", PROVIDER_ONLY_CODES)
def test_provider_only_codes_are_marked_with_their_source(code: str) -> None:
    entry = lookup(code)
    assert entry is not None, code
    assert entry.sources and all(ref.source != "seed" for ref in entry.sources)


@pytest.mark.parametrize("text", TEXT_ONLY_MESSAGES)
def test_every_text_only_error_has_an_entry(text: str) -> None:
    entry = load_catalog().by_text(text)
    assert entry is not None, text


def test_seed_facts() -> None:
    assert "XML" in lookup("201").cause  # type: ignore[union-attr]
    duplicate = lookup("311")
    assert duplicate is not None
    assert duplicate.severity is Severity.INFO and duplicate.retry is Retry.NEVER
    assert "first SMS is delivered" in duplicate.cause and "only once" in duplicate.cause
    assert "32" in lookup("308").title  # type: ignore[union-attr]
    assert "three weeks" in lookup("606").cause  # type: ignore[union-attr]
    for code in ("208", "418"):
        entry = lookup(code)
        assert entry is not None and entry.category == "ip-security"
        assert "ip-security" in {step.guide for step in entry.remediation}
    for code in ("203", "211"):
        assert "DLT" in lookup(code).title  # type: ignore[union-attr]
    assert {lookup(code).category for code in ("400", "401", "403")} == {"flow"}  # type: ignore[union-attr]
    assert lookup("402").category == "content"  # type: ignore[union-attr]
    assert lookup("OTP_ALREADY_VERIFIED").severity is Severity.INFO  # type: ignore[union-attr]


def test_sources_that_disagree_are_recorded_as_variants() -> None:
    assert "Small campaign limit" in lookup("506").variants[0].meaning  # type: ignore[union-attr]
    voice = lookup("601").variants[0]  # type: ignore[union-attr]
    assert voice.meaning == "Sender ID must be numeric" and voice.context == "voice SMS API"
    assert "Missing Password" in lookup("103").variants[0].meaning  # type: ignore[union-attr]


def test_guides_hold_the_seed_how_tos() -> None:
    guides = load_catalog().guides
    assert {
        "authkey",
        "ip-security",
        "sms-api-integration",
        "flow-variables",
        "request-id-and-delivery-reports",
        "response-formats",
    } <= set(guides)
    assert any("case-sensitive" in guides["flow-variables"].summary for _ in [0])
    used = {step.guide for entry in entries() for step in entry.remediation if step.guide}
    assert used == set(guides) - {"response-formats"}


def test_python_vocabulary_matches_the_catalog() -> None:
    catalog = load_catalog()
    assert [str(m) for m in Severity] == list(catalog.severities)
    assert [str(m) for m in Actor] == list(catalog.actors)
    assert [str(m) for m in Retry] == list(catalog.retries)
    assert [str(m) for m in Phase] == list(catalog.phases)


def test_the_schema_enums_are_the_python_vocabulary() -> None:
    """One closed vocabulary: the schema names exactly the members of diagnose.vocabulary."""
    schema = load_schema()
    entry = schema["$defs"]["entry"]["properties"]

    def enum(node: dict[str, str]) -> list[str]:
        return schema["$defs"][node["$ref"].removeprefix("#/$defs/")]["enum"]  # type: ignore[no-any-return]

    assert enum(entry["severity"]) == [str(m) for m in Severity]
    assert enum(entry["actor"]) == [str(m) for m in Actor]
    assert enum(entry["retry"]) == [str(m) for m in Retry]
    assert enum(entry["status"]) == [str(m) for m in EntryStatus]
    assert enum(entry["examples"]["items"]["properties"]["format"]) == [str(m) for m in Format]
    assert enum(entry["outcome"]) == [str(m) for m in Outcome if m is not Outcome.UNRECOGNISED]
    assert set(enum(entry["when"]["properties"]["body"])) <= {str(m) for m in BodyKind}


def test_the_command_offers_the_python_vocabulary() -> None:
    parser = build_parser(named=HANDLERS)
    commands = next(a for a in parser._actions if a.dest == "command").choices  # type: ignore[union-attr]
    options = {
        (name, action.dest): list(map(str, action.choices))
        for name, command in commands.items()
        for action in command._actions
        if action.choices
    }
    assert options[("check", "fail_on")] == [str(m) for m in Severity]
    assert options[("check", "format")] == [str(m) for m in ReportFormat]
    assert options[("list", "phase")] == [str(m) for m in Phase]
    assert options[("parse", "body_format")] == [str(m) for m in READABLE_FORMATS]
    for name in ("explain", "report", "list", "trace"):
        assert options[(name, "format")] == [str(m) for m in OutputFormat], name
    assert options[("parse", "format")] == [str(m) for m in ParseFormat]


def test_lookup_by_code_number_name_and_slug() -> None:
    assert lookup("207") is lookup(207) is lookup("INVALID_AUTHKEY") is lookup("invalid-authkey")
    assert lookup(1) is lookup("001")
    assert lookup("authentication-failure") is lookup("AUTHENTICATION_FAILURE")
    assert lookup("999") is None and lookup("NOPE") is None
    with pytest.raises(TypeError, match="code or a name"):
        lookup(2.07)  # type: ignore[arg-type]


def test_docs_paths_are_unique_and_shaped() -> None:
    paths = [entry.docs_path for entry in entries()]
    assert len(paths) == len(set(paths))
    assert lookup("207").docs_path == "codes/207/"  # type: ignore[union-attr]
    assert lookup("AUTHENTICATION_FAILURE").docs_path == "codes/authentication-failure/"  # type: ignore[union-attr]
    assert lookup("OTP_EXPIRED").docs_path == "messages/otp-expired/"  # type: ignore[union-attr]
    assert lookup("207").docs_url.endswith("/codes/207/")  # type: ignore[union-attr]


def test_export_is_valid_against_the_published_schema() -> None:
    document = json.loads(json.dumps(export_document(load_catalog())))
    jsonschema.validate(document, load_schema())
    assert len(document["entries"]) == len(entries())


def test_entries_are_immutable() -> None:
    entry = lookup("207")
    with pytest.raises(AttributeError):
        entry.title = "changed"  # type: ignore[misc, union-attr]


_case = st.sampled_from([str.upper, str.lower, str.title, lambda s: s])


@given(
    entry_and_text=st.sampled_from([(e, t) for e in entries() for t in e.match]),
    fold=_case,
    padding=st.sampled_from(["", " ", "  ", "\t"]),
    trailing=st.sampled_from(["", ".", " .", "!"]),
)
def test_match_texts_survive_case_spacing_and_trailing_dots(
    entry_and_text: tuple[object, str], fold: object, padding: str, trailing: str
) -> None:
    entry, text = entry_and_text
    variant = padding + fold(text).replace(" ", " " + padding) + trailing  # type: ignore[operator]
    assert load_catalog().by_text(variant, (entry.phase,)) is entry  # type: ignore[attr-defined]
