"""The catalog is complete, valid, and says what the seed says."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from diagnose import Actor, Retry, Severity, entries, load_catalog, lookup
from diagnose.catalog import source as catalog_source
from diagnose.catalog.source import CatalogError, read_source
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
    assert verdict.stage == STAGES[-1] == "examples", "every stage ran, the examples last"


def _problems(data: Path) -> tuple[str, ...]:
    return validate(data).problems


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
    parser = build_parser()
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


# A broken catalog fails with a message naming the file, the entry and the field.


def _edit(data: Path, phase: str, name: str, change: dict[str, object]) -> None:
    path = data / "entries" / f"{phase}.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in items:
        if item["name"] == name:
            item.update(change)
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"severity": "fatal"}, "entries/request.yaml: entry INVALID_AUTHKEY (207), severity: 'fatal' is not one of"),
        ({"related": ["NO_SUCH_ENTRY"]}, "entry INVALID_AUTHKEY (207), related[0]: 'NO_SUCH_ENTRY' is not the name"),
        ({"code": "208"}, "entry IP_BLACKLISTED (208), code: '208' is also the code of INVALID_AUTHKEY"),
        ({"name": "IP_BLACKLISTED"}, "name: 'IP_BLACKLISTED' is used by another entry"),
        ({"remediation": [{"text": "Do it.", "guide": "nowhere"}]}, "remediation[0].guide: 'nowhere' is not a guide"),
        ({"cause": ""}, "entry INVALID_AUTHKEY (207), cause:"),
        ({"match": ["Authentication failure"]}, "match[0]: 'Authentication failure' already identifies"),
        ({"examples": [{"format": "json", "body": "{}"}]}, "examples: no example in string, xml"),
        ({"category": "nowhere"}, "category: 'nowhere' is not one of"),
    ],
)
def test_a_broken_entry_is_named_with_its_field(data_copy: Path, change: dict[str, object], expected: str) -> None:
    _edit(data_copy, "request", "INVALID_AUTHKEY", change)
    found = _problems(data_copy)
    assert any(expected in problem for problem in found), found


def test_a_missing_field_is_named(data_copy: Path) -> None:
    path = data_copy / "entries" / "otp.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    del items[0]["remediation"]
    path.write_text(yaml.safe_dump(items, sort_keys=False), encoding="utf-8")
    found = _problems(data_copy)
    assert found == ("entries/otp.yaml: entry OTP_MISMATCH: 'remediation' is a required property",)


def test_unreadable_yaml_and_stray_files_fail_loudly(data_copy: Path) -> None:
    (data_copy / "entries" / "voice.yaml").write_text("[]", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"voice\.yaml: no phase of that name"):
        read_source(data_copy)
    (data_copy / "entries" / "voice.yaml").unlink()
    (data_copy / "entries" / "otp.yaml").write_text("- name: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"otp\.yaml: cannot be read as YAML"):
        read_source(data_copy)


def test_a_retired_entry_needs_its_note(data_copy: Path) -> None:
    _edit(data_copy, "request", "MISSING_ROUTE", {"status": "retired"})
    found = _problems(data_copy)
    assert any("entry MISSING_ROUTE (107): 'retired_note' is a required property" in p for p in found), found


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


def test_the_compiled_catalog_is_the_yaml_and_a_stale_one_is_ignored(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diagnose.gate.compile import main as compile_main

    product = tmp_path / "build" / "catalog.compiled.json"
    assert compile_main([str(data_copy), str(product)]) == 0
    compiled, digest = catalog_source.read_compiled(product, data_copy)
    assert compiled.document == read_source(data_copy).document
    assert digest == catalog_source.source_digest(data_copy)
    monkeypatch.setattr(catalog_source, "_CHECKOUT_DATA", str(data_copy))
    monkeypatch.setattr(catalog_source, "_CHECKOUT_COMPILED", str(product))
    stale = json.loads(product.read_bytes())
    stale["document"]["docs_url"] = "https://stale.example/"
    product.write_text(json.dumps(stale), encoding="utf-8")
    assert catalog_source.load_source().document["docs_url"] == "https://stale.example/", "a current product is read"
    _edit(data_copy, "request", "INVALID_AUTHKEY", {"title": "Changed title"})
    fresh = catalog_source.load_source()
    assert fresh.document["docs_url"] != "https://stale.example/", "edited YAML makes the product stale"
    assert any(e["title"] == "Changed title" for e in fresh.document["entries"])


def test_an_invalid_catalog_is_not_compiled(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from diagnose.gate.compile import main as compile_main

    _edit(data_copy, "request", "INVALID_AUTHKEY", {"severity": "fatal"})
    product = tmp_path / "catalog.compiled.json"
    assert compile_main([str(data_copy), str(product)]) == 1
    assert not product.exists()
    assert "is not written" in capsys.readouterr().err


def test_the_gate_stops_at_the_first_stage_with_problems(data_copy: Path) -> None:
    _edit(data_copy, "request", "INVALID_AUTHKEY", {"severity": "fatal", "related": ["NO_SUCH_ENTRY"]})
    verdict = validate(data_copy)
    assert verdict.stage == "schema" and verdict.catalog is None
    assert not any("NO_SUCH_ENTRY" in p for p in verdict.problems), "references are checked only on a valid schema"


def test_the_gate_reads_the_schema_of_the_folder_it_checks(data_copy: Path) -> None:
    schema = json.loads((data_copy / "catalog.schema.json").read_text(encoding="utf-8"))
    schema["$defs"]["entry"]["properties"]["severity"] = {"type": "string"}
    (data_copy / "catalog.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    _edit(data_copy, "request", "INVALID_AUTHKEY", {"severity": "fatal"})
    verdict = validate(data_copy)
    assert verdict.stage == "examples", verdict.problems
    expected = "severity: 'fatal' is not one of info, warning, error, critical"
    assert any(expected in problem for problem in verdict.problems), verdict.problems


def test_examples_are_diagnosed_by_the_catalog_of_the_folder(data_copy: Path) -> None:
    path = data_copy / "entries" / "request.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in items:
        if item["name"] == "INVALID_AUTHKEY":
            item["match"].append("This key is not valid at all")
            item["examples"].append({"format": "string", "body": "This key is not valid at all"})
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert _problems(data_copy) == (), "the new text is the folder's, not the installed catalog's"
    assert lookup("207") is not None and load_catalog().by_text("This key is not valid at all") is None


# The registry: every (phase, code, name) ever published still answers.


def _registry(data: Path) -> str:
    return (data / "registry.txt").read_text(encoding="utf-8")


def test_deleting_a_published_entry_fails_the_gate(data_copy: Path) -> None:
    path = data_copy / "entries" / "request.yaml"
    items = [i for i in yaml.safe_load(path.read_text(encoding="utf-8")) if i["name"] != "IP_BLACKLISTED"]
    for item in items:
        item["related"] = [name for name in item["related"] if name != "IP_BLACKLISTED"]
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    verdict = validate(data_copy)
    assert verdict.stage == "registry"
    assert verdict.problems == (
        "registry.txt: 'request 208 IP_BLACKLISTED' was published, and no entry of phase request with code 208 "
        "answers to IP_BLACKLISTED: entries are never deleted (retire one with status: retired) or renamed "
        "(keep the old name under aliases:)",
    )


def _rename(data: Path, phase: str, old: str, new: str) -> None:
    path = data / "entries" / f"{phase}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_renamed_entry_keeps_its_old_name_as_an_alias(data_copy: Path) -> None:
    _rename(data_copy, "request", "IP_BLACKLISTED", "IP_BLOCKED")
    found = _problems(data_copy)
    assert any("answers to IP_BLACKLISTED" in p for p in found), found
    assert any(
        "entry IP_BLOCKED (208): not in registry.txt; append the line 'request    208   IP_BLOCKED'" in p for p in found
    ), found
    _edit(data_copy, "request", "IP_BLOCKED", {"aliases": ["IP_BLACKLISTED"]})
    (data_copy / "registry.txt").write_text(_registry(data_copy) + "request    208   IP_BLOCKED\n", encoding="utf-8")
    found = _problems(data_copy)
    assert not any("registry" in p for p in found), found


def test_an_alias_cannot_be_another_entrys_name(data_copy: Path) -> None:
    _edit(data_copy, "request", "IP_BLACKLISTED", {"aliases": ["INVALID_AUTHKEY"]})
    assert any("aliases[0]: 'INVALID_AUTHKEY' is already the name" in p for p in _problems(data_copy))


def test_a_malformed_or_missing_registry_fails_the_gate(data_copy: Path) -> None:
    registry = _registry(data_copy)
    (data_copy / "registry.txt").write_text(registry + "request 999\n", encoding="utf-8")
    bad_line = len(registry.splitlines()) + 1
    expected = f"line {bad_line}: expected PHASE CODE NAME"
    assert any(expected in p for p in _problems(data_copy)), _problems(data_copy)
    (data_copy / "registry.txt").unlink()
    assert _problems(data_copy) == ("registry.txt: no such file; every catalog folder has one",)


def test_the_registry_only_grows_in_the_history_of_this_repository() -> None:
    """Each committed version of registry.txt begins with every line of the one before it."""
    import subprocess

    root = catalog_source.checkout_data().parent
    log = subprocess.run(
        ["git", "log", "--format=%H", "--", "data/registry.txt"], cwd=root, capture_output=True, text=True, check=False
    )
    if log.returncode != 0 or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    versions = [
        subprocess.run(
            ["git", "show", f"{commit}:data/registry.txt"], cwd=root, capture_output=True, text=True, check=True
        ).stdout
        for commit in reversed(log.stdout.split())
    ]
    versions.append(_registry(catalog_source.checkout_data()))
    rows = [[line.split() for line in v.splitlines() if line.strip() and not line.startswith("#")] for v in versions]
    for before, after in itertools.pairwise(rows):
        assert after[: len(before)] == before, "a registry line was removed, changed or moved"
