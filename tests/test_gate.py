"""The catalog gate (diagnose/gate): a broken entry, a missing field, stray files, a retired entry
without its note, a published entry deleted or renamed, a bad registry each fail it, named, at
the first stage with problems; the compiled catalog is the YAML's, and a stale one is ignored."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import yaml

from diagnose import load_catalog, lookup
from diagnose.catalog import source as catalog_source
from diagnose.catalog.source import CatalogError, read_source
from diagnose.gate import validate


def _problems(data: Path) -> tuple[str, ...]:
    return validate(data).problems


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
