"""An explanation is laid out as textwrap lays it out (at spaces only, never cutting a URL or a
hyphenated name), at every width, without importing textwrap."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnose.catalog.explanation import entry_lines
from diagnose.catalog.layout import wrap
from diagnose.catalog.model import load_catalog


def _textwrap(text: str, width: int, indent: str, first: str | None) -> str:
    return textwrap.fill(
        text,
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


@given(
    text=st.lists(st.sampled_from(["a", "bb", "-", " ", "  ", "\t", "\n", "\r", "\x0b", "\u00a0", "x" * 12, "é"])).map(
        "".join
    ),
    width=st.integers(1, 30),
    indent=st.sampled_from(["", "  ", "    ", "  - ", "x" * 40]),
    first=st.sampled_from([None, "", "  1. ", "y" * 35]),
)
def test_wrap_is_textwrap_fill_at_spaces_only(text: str, width: int, indent: str, first: str | None) -> None:
    assert wrap(text, width, indent, first) == _textwrap(text, width, indent, first)


@pytest.mark.parametrize("width", [1, 2, 7, 20, 40, 60, 79, 80, 88, 100, 120, 10_000])
def test_every_paragraph_of_the_catalog_is_wrapped_as_textwrap_wraps_it(width: int) -> None:
    catalog = load_catalog()
    paragraphs = [line for entry in catalog for line in entry_lines(entry, catalog) if not isinstance(line, str)]
    assert len(paragraphs) > len(catalog)
    for text, first, indent in paragraphs:
        assert wrap(text, width, indent, first) == _textwrap(text, width, indent, first), (text, width)


def test_a_width_of_nothing_is_refused_as_textwrap_refuses_it() -> None:
    with pytest.raises(ValueError, match="invalid width 0"):
        wrap("a b", 0)
