"""One vocabulary, generated consumers: the schemas' enums are made from diagnose.vocabulary (and
the checks' names), no schema in data/ lists a member by hand, and the gate refuses a catalog
whose term tables miss a member or name no member, saying where the members are defined."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing.exceptions
import yaml

from diagnose import vocabulary
from diagnose.catalog.model import REPORT_PHASES, load_catalog
from diagnose.catalog.source import CatalogError
from diagnose.gate import validate
from diagnose.gate.schemas import (
    CATALOG_SCHEMA,
    REPORT_SCHEMA,
    ROWS,
    SCHEMAS,
    fill,
    filled_schema_text,
    load_schema,
    vocabularies,
)
from diagnose.outgoing.checks import CHECKS
from diagnose.vocabulary import (
    READABLE_FORMATS,
    REPORTED_OUTCOMES,
    TRANSPORT_BODY_KINDS,
    Actor,
    BodyKind,
    EntryStatus,
    Format,
    Outcome,
    Phase,
    Retry,
    Severity,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _raw(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item)


def _enum(schema: dict[str, Any], node: dict[str, Any]) -> list[str]:
    """The members a ``{"$ref": "#/$defs/NAME"}`` stands for, once the schema is filled in."""
    return schema["$defs"][node["$ref"].removeprefix("#/$defs/")]["enum"]  # type: ignore[no-any-return]


def _members(values: Any) -> list[str]:
    return [str(value) for value in values]


def test_the_catalog_schema_enums_are_the_members() -> None:
    schema = load_schema(DATA)
    entry = schema["$defs"]["entry"]
    fields = entry["properties"]
    assert _enum(schema, fields["severity"]) == _members(Severity)
    assert _enum(schema, fields["actor"]) == _members(Actor)
    assert _enum(schema, fields["retry"]) == _members(Retry)
    assert _enum(schema, fields["status"]) == _members(EntryStatus)
    assert _enum(schema, fields["outcome"]) == _members(REPORTED_OUTCOMES)
    assert _enum(schema, fields["examples"]["items"]["properties"]["format"]) == _members(Format)
    assert _enum(schema, fields["formats"]["items"]) == _members(READABLE_FORMATS)
    assert _enum(schema, fields["when"]["properties"]["body"]) == _members(TRANSPORT_BODY_KINDS)
    assert _enum(schema, schema["$defs"]["rule"]["properties"]["check"]) == list(CHECKS)
    conditions = [rule["if"]["properties"] for rule in entry["allOf"]]
    assert _enum(schema, conditions[0]["status"]) == [EntryStatus.RETIRED]
    assert _enum(schema, conditions[1]["phase"]) == _members(REPORT_PHASES)
    assert _enum(schema, conditions[2]["phase"]) == [Phase.TRANSPORT]
    for table, members in (("phases", Phase), ("severities", Severity), ("actors", Actor), ("retries", Retry)):
        rows = schema["$defs"][schema["properties"][table]["$ref"].removeprefix("#/$defs/")]
        assert rows["required"] == _members(members), table
        assert _enum(schema, rows["propertyNames"]) == _members(members), table


def test_the_report_schema_severity_is_the_members() -> None:
    schema = load_schema(DATA, REPORT_SCHEMA)
    severity = schema["properties"]["failures"]["items"]["properties"]["severity"]["anyOf"]
    assert _enum(schema, severity[0]) == _members(Severity) and severity[1] == {"type": "null"}
    assert set(schema["$defs"]) == {"Severity"}, "a schema is given the vocabularies it refers to, no others"


def test_the_vocabularies_are_the_python_definitions() -> None:
    defined: dict[str, Any] = {
        **{name: getattr(vocabulary, name) for name in vocabularies() if hasattr(vocabulary, name)},
        "REPORT_PHASES": REPORT_PHASES,
        "Phase.TRANSPORT": [Phase.TRANSPORT],
        "EntryStatus.RETIRED": [EntryStatus.RETIRED],
        "CHECK_NAMES": CHECKS,
    }
    assert {name: list(members) for name, members in vocabularies().items()} == {
        name: _members(values) for name, values in defined.items()
    }
    assert set(TRANSPORT_BODY_KINDS) <= set(BodyKind) and set(REPORTED_OUTCOMES) < set(Outcome)


@pytest.mark.parametrize("name", SCHEMAS)
def test_no_schema_in_data_lists_a_vocabulary_by_hand(name: str) -> None:
    raw = _raw(name)
    generated = {*vocabularies(), *(f"{v}{ROWS}" for v in vocabularies())}
    assert not generated & set(raw.get("$defs", {})), "these definitions are made when the schema is loaded"
    every_vocabulary = [
        {str(m) for m in value}
        for value in vars(vocabulary).values()
        if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
    ] + [set(CHECKS)]
    for node in _nodes(raw):
        listed = node.get("enum", [node["const"]] if "const" in node else None)
        if listed:
            assert not any(set(listed) <= members for members in every_vocabulary), f"{name}: {listed} by hand"


def test_a_schema_read_without_its_vocabularies_fails_on_its_first_reference() -> None:
    with pytest.raises(referencing.exceptions.Unresolvable):
        jsonschema.validate(load_catalog().document, _raw(CATALOG_SCHEMA))


def test_the_wheel_ships_the_schemas_filled_in() -> None:
    for name in SCHEMAS:
        shipped = json.loads(filled_schema_text(DATA, name))
        assert shipped == load_schema(DATA, name)
        assert fill(json.loads(filled_schema_text(DATA, name)), name) == shipped, "filling a filled schema holds"


def test_a_definition_that_differs_from_its_vocabulary_is_refused() -> None:
    schema = {"$ref": "#/$defs/Severity", "$defs": {"Severity": {"enum": ["info", "fatal"]}}}
    with pytest.raises(CatalogError, match=r"x\.json: \$defs\.Severity differs from Severity in Python"):
        fill(schema, "x.json")


def test_a_reference_to_no_definition_and_no_vocabulary_is_refused() -> None:
    with pytest.raises(CatalogError, match=r"x\.json: #/\$defs/Severty is referred to, and is neither defined"):
        fill({"$ref": "#/$defs/Severty"}, "x.json")


def _edit_catalog(data: Path, change: dict[str, dict[str, Any]], drop: dict[str, str] | None = None) -> None:
    path = data / "catalog.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    for table, rows in change.items():
        document[table].update(rows)
    for table, key in (drop or {}).items():
        del document[table][key]
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_row_that_names_no_member_fails_the_gate(data_copy: Path) -> None:
    _edit_catalog(data_copy, {"severities": {"fatal": {"title": "Fatal", "summary": "Nothing works."}}})
    verdict = validate(data_copy)
    assert verdict.stage == "schema" and verdict.catalog is None
    assert verdict.problems == (
        "catalog.yaml: severities: 'fatal' is not one of ['info', 'warning', 'error', 'critical'] "
        "(a row for no member of diagnose.vocabulary.Severity)",
    )


def test_a_member_without_its_row_fails_the_gate(data_copy: Path) -> None:
    _edit_catalog(data_copy, {}, drop={"actors": "end-user"})
    verdict = validate(data_copy)
    assert verdict.stage == "schema"
    assert verdict.problems == (
        "catalog.yaml: actors: 'end-user' is a required property "
        "(a member of diagnose.vocabulary.Actor: its table needs a row for each member)",
    )


def test_a_phase_row_that_names_no_member_fails_the_gate(data_copy: Path) -> None:
    _edit_catalog(data_copy, {"phases": {"billing": {"title": "Billing", "summary": "Money.", "docs_dir": "billing"}}})
    (data_copy / "entries" / "billing.yaml").write_text("[]\n", encoding="utf-8")
    verdict = validate(data_copy)
    assert verdict.stage == "schema"
    assert any(
        problem.startswith("catalog.yaml: phases: 'billing' is not one of")
        and problem.endswith("(a row for no member of diagnose.vocabulary.Phase)")
        for problem in verdict.problems
    ), verdict.problems


def test_an_entry_value_outside_its_vocabulary_says_where_the_members_are(data_copy: Path) -> None:
    path = data_copy / "entries" / "request.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    items[0]["retry"] = "sometimes"
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (problem,) = validate(data_copy).problems
    assert problem.endswith(
        "retry: 'sometimes' is not one of ['never', 'after-fixing-request', 'after-fixing-account', "
        "'later-with-backoff'] (the members of diagnose.vocabulary.Retry)"
    ), problem


def test_the_vocabulary_page_lists_the_members_in_their_order() -> None:
    spec = importlib.util.spec_from_file_location("generated_pages", ROOT / "docs" / "hooks" / "generated_pages.py")
    assert spec and spec.loader
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    page = hook.vocabulary_page(load_catalog())
    for prefix, members in (("phase", Phase), ("severity", Severity), ("actor", Actor), ("retry", Retry)):
        anchors = [line.rsplit("{#", 1)[1].rstrip("}") for line in page.splitlines() if f"{{#{prefix}-" in line]
        assert anchors == [f"{prefix}-{member}" for member in members], prefix
