"""A wheel's rendered explanations (catalog/_explained.py, made by the build from the one
template) show, for every key explain takes as typed, what the catalog's route shows, at every
width and as JSON; a line that cannot be rendered stops the build, naming its entry."""

from __future__ import annotations

import ast
import copy

import pytest

from diagnose.catalog.explained import HEADER, decoded, encoded, explained_module, explained_table
from diagnose.catalog.explanation import entry_lines, entry_text
from diagnose.catalog.layout import lay_out
from diagnose.catalog.model import Catalog, load_catalog
from diagnose.catalog.source import load_source
from diagnose.redaction import json_text
from diagnose.vocabulary import Format


@pytest.mark.parametrize("width", [1, 30, 60, 80, 88, 100, 10_000])
def test_every_key_shows_what_the_catalog_shows(width: int) -> None:
    catalog = load_catalog()
    keys, lines, _ = explained_table(catalog)
    for key, index in keys.items():
        entry = catalog.lookup(key)
        assert entry is not None
        assert lay_out(decoded(lines[index]), width) == entry_text(entry, catalog, width), (key, width)


def test_every_key_shows_the_json_print_json_prints() -> None:
    catalog = load_catalog()
    keys, _, json = explained_table(catalog)
    for key, index in keys.items():
        entry = catalog.lookup(key)
        assert entry is not None
        assert json[index] == json_text(entry.to_dict()), key


def test_every_code_name_slug_and_former_name_is_rendered() -> None:
    catalog = load_catalog()
    keys, lines, json = explained_table(catalog)
    assert len(lines) == len(json) == len(catalog)
    for index, entry in enumerate(catalog):
        for key in (entry.key, entry.name, entry.slug, *entry.aliases):
            assert keys[key] == index, key
    assert "207" in keys and "INVALID_AUTHKEY" in keys and "invalid-authkey" in keys


def test_the_module_holds_the_table_as_literals() -> None:
    catalog = load_catalog()
    text = explained_module(catalog)
    assert text.startswith(HEADER)
    keys_line, lines_line, json_line = text[len(HEADER) :].splitlines()
    keys, lines, json = explained_table(catalog)
    assert keys_line.startswith("KEYS = ") and ast.literal_eval(keys_line[7:]) == keys
    assert lines_line.startswith("LINES = ") and ast.literal_eval(lines_line[8:]) == lines
    assert json_line.startswith("JSON = ") and ast.literal_eval(json_line[7:]) == json


def test_encoding_reads_back_every_entry_s_lines() -> None:
    catalog = load_catalog()
    for entry in catalog:
        lines = entry_lines(entry, catalog)
        assert tuple(decoded(encoded(lines))) == lines


@pytest.mark.parametrize("line", ["a \x1e b", ("a", "  ", "\x1f"), Format.JSON, ("a", Format.JSON, "")])
def test_a_line_that_is_not_plain_text_is_refused(line: object) -> None:
    with pytest.raises(ValueError, match="not a line of plain text"):
        encoded(("fine", line))  # type: ignore[arg-type]


def test_the_build_fails_naming_the_entry_whose_explanation_cannot_be_rendered() -> None:
    source = load_source()
    document = copy.deepcopy(source.document)
    document["entries"][0]["title"] = "a title \x1e with a separator"
    catalog = Catalog(document, source.entry_files)
    with pytest.raises(ValueError, match=f"entry {catalog.entries[0].name}: not a line of plain text"):
        explained_module(catalog)
