"""The catalog's shorthand for its sources (APIDOC, seed) never reaches a reader: a sentence that
names a source by its key fails the gate at the references stage (issue 26, part 6: "Only the
seed documents this code" on a user page)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from diagnose import load_catalog
from diagnose.catalog.explanation import entry_text
from diagnose.gate import validate


def _edit(data: Path, change: dict[str, object]) -> None:
    path = data / "entries" / "request.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in items:
        if item["name"] == "INVALID_AUTHKEY":
            item.update(change)
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "field", "key"),
    [
        ({"cause": "Only the seed documents this code."}, "cause", "seed"),
        ({"remediation": [{"text": "Check it as APIDOC says."}]}, "remediation[0].text", "APIDOC"),
        (
            {"variants": [{"context": "v5", "meaning": "x", "source": "W6W", "note": "Conflicts with V2DOC."}]},
            "variants[0].note",
            "V2DOC",
        ),
    ],
)
def test_a_sentence_naming_a_source_by_its_key_fails_the_gate(
    data_copy: Path, change: dict[str, object], field: str, key: str
) -> None:
    _edit(data_copy, change)
    verdict = validate(data_copy)
    assert verdict.stage == "references"
    assert (
        f"entries/request.yaml: entry INVALID_AUTHKEY (207), {field}: names the source {key!r} by its key; "
        "a reader knows it by its title"
    ) in verdict.problems


def test_a_word_that_only_contains_a_key_passes(data_copy: Path) -> None:
    _edit(data_copy, {"cause": "The seeded key, or a HELPFUL note, is not a source's key."})
    assert validate(data_copy).problems == ()


def test_no_page_or_explanation_of_the_catalog_names_a_source_by_its_key() -> None:
    catalog = load_catalog()
    for entry in catalog:
        shown = entry_text(entry, catalog)  # the one template explain and the site share
        for key in ("APIDOC", "V2DOC", "the seed"):
            assert key not in shown, (entry.name, key)
