"""A text against its DLT template: a text made by filling the template's slots always matches;
one static character changed fails (strict) at that character; the lenient reading ignores
spaces, line breaks, full stops and commas; a value over the limit is said only where every
reading gives it; placeholders written otherwise are found; the work is bounded by the
template, not the text."""

from __future__ import annotations

import itertools
import math
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose.outgoing.dlt import VARIABLE, excerpt, match, pieces_of, placeholders

STATIC = string.ascii_uppercase + string.digits + "!?-:;()/@"
VALUES = string.ascii_lowercase + " .,"


@st.composite
def filled(draw: st.DrawFn, static: str = STATIC) -> tuple[list[str], list[str]]:
    """A template's static pieces (every static character distinct, none a value's) and a value
    for each slot."""
    characters = draw(st.permutations(static))
    used = draw(st.integers(0, len(characters)))
    slots = draw(st.integers(0, 6))
    cuts = sorted(draw(st.lists(st.integers(0, used), min_size=slots, max_size=slots)))
    bounds = [0, *cuts, used]
    pieces = ["".join(characters[a:b]) for a, b in itertools.pairwise(bounds)]
    values = [draw(st.text(VALUES, max_size=40)) for _ in range(slots)]
    return pieces, values


def _content(pieces: list[str]) -> str:
    return VARIABLE.join(pieces)


def _text(pieces: list[str], values: list[str]) -> str:
    return "".join(piece + value for piece, value in zip(pieces, [*values, ""], strict=True))


@given(filled(), st.booleans())
@settings(max_examples=400, deadline=None)
def test_a_text_made_by_filling_the_slots_matches(case: tuple[list[str], list[str]], lenient: bool) -> None:
    pieces, values = case
    text = _text(pieces, values)
    found = match(_content(pieces), text, lenient=lenient, limit=40)
    assert found.matched and found.long == ()
    if not lenient and all(pieces[1:-1]):
        assert [text[a:b] for a, b in found.values] == values  # distinct static characters: one reading


@given(filled(), st.data())
@settings(max_examples=400, deadline=None)
def test_one_static_character_changed_fails_at_that_character(
    case: tuple[list[str], list[str]], data: st.DataObject
) -> None:
    pieces, values = case
    content = _content(pieces)
    if not "".join(pieces):
        return
    text = _text(pieces, values)
    statics, start = [], 0
    for index, (piece, value) in enumerate(zip(pieces, [*values, ""], strict=True)):
        # a one-character piece between two slots has nothing left to place it by
        if len(piece) > 1 or index in (0, len(pieces) - 1):
            statics += range(start, start + len(piece))
        start += len(piece) + len(value)
    if not statics:
        return
    changed = data.draw(st.sampled_from(statics))
    broken = text[:changed] + "\u00a7" + text[changed + 1 :]
    found = match(content, broken)
    assert not found.matched
    assert found.mismatch is not None and found.mismatch.text_at == changed
    assert content[found.mismatch.template_at] == text[changed]


@given(filled(), st.integers(1, 39))
@settings(max_examples=300, deadline=None)
def test_a_value_over_the_limit_is_said_where_the_reading_is_the_only_one(
    case: tuple[list[str], list[str]], limit: int
) -> None:
    pieces, values = case
    text = _text(pieces, values)
    found = match(_content(pieces), text, limit=limit)
    assert found.matched
    said = [(slot, text[start:end]) for slot, start, end in found.long]
    unique = all(pieces[1:-1])  # adjacent slots ({#var#}{#var#}) can share their text in many ways
    wanted = [(slot, value) for slot, value in enumerate(values) if len(value) > limit]
    if unique:
        assert said == wanted
    else:
        assert set(said) <= set(wanted)


def test_a_value_that_another_reading_makes_short_is_not_said_to_be_too_long() -> None:
    text = "a" + "x" * 40 + "aa" + "x" * 40 + "a"
    found = match(f"{VARIABLE}a{VARIABLE}a{VARIABLE}", text, limit=30)
    assert found.matched and found.long == ()
    one = match(f"Dear {VARIABLE}, hi", "Dear " + "n" * 31 + ", hi", limit=30)
    assert one.long == ((0, 5, 36),)


def test_the_strict_reading_fails_what_the_lenient_one_ignores() -> None:
    content = f"Dear {VARIABLE}, your order {VARIABLE} has shipped.\nThanks - SHOPIN"
    for text in (
        "Dear Asha your order 1041 has shipped Thanks - SHOPIN",
        "Dear Asha, your order 1041 has shipped.  Thanks - SHOPIN.",
        "Dear Asha,your order 1041 has shipped.\r\nThanks - SHOPIN",
    ):
        assert not match(content, text).matched
        assert match(content, text, lenient=True).matched
    assert not match(content, "Dear Asha, your order 1041 has shipped!\nThanks - SHOPIN", lenient=True).matched
    lenient = match(content, "Dear  Asha  Rao , your order 7 has shipped.\nThanks - SHOPIN", lenient=True)
    assert lenient.values[0] == (6, 15)  # 'Asha  Rao': from its first kept character to its last


def test_the_first_difference_is_given_in_the_text_and_the_template() -> None:
    content = f"Dear {VARIABLE}, your order {VARIABLE} has shipped."
    found = match(content, "Dear Asha, your order 1041 has been shipped.")
    assert found.mismatch is not None
    # the last piece ends the text: read from the end, it parts at the 'n' of 'been'
    assert found.mismatch.text_at == 34 and content[found.mismatch.template_at :].startswith("s shipped.")
    start = match(content, "Hi Asha, your order 1041 has shipped.")
    assert start.mismatch is not None and (start.mismatch.text_at, start.mismatch.template_at) == (0, 0)
    ending = match(content, "Dear Asha, your order 1041 has shipped")
    assert ending.mismatch is not None and ending.mismatch.template_at == len(content) - 1
    plain = match("No slot here.", "No slot here")
    assert plain.mismatch is not None and plain.mismatch.text_at == 12


@pytest.mark.parametrize("size", [10, 1_000, 100_000])
def test_the_work_is_bounded_by_the_template_whatever_the_text(size: int) -> None:
    """Each piece is scanned for once (twice to read right to left), and a missing piece's
    longest start by a binary search: the count of scans does not grow with the text."""
    content = f"{VARIABLE}a{VARIABLE}ab{VARIABLE}aab{VARIABLE}b"
    pieces = pieces_of(content)
    bound = 2 * len(pieces) + 2 * math.ceil(math.log2(max(len(p) for p, _ in pieces) + 1)) + 4
    for text in ("a" * size + "b", "ab" * size, "a" * size, "aab" * size + "b", "b" * size):
        for lenient in (False, True):
            assert match(content, text, lenient=lenient, limit=30).work <= bound


def test_pieces_and_placeholders() -> None:
    assert pieces_of(f"Hi {VARIABLE}, {VARIABLE}") == (("Hi ", 0), (", ", 10), ("", 19))
    text = "Hi {#Var#} and ##name## and #VAR# and {#var#} and {#var1#} and #1 #tag and ##"
    assert placeholders(text) == [(3, "{#Var#}"), (15, "##name##"), (28, "#VAR#"), (50, "{#var1#}")]
    assert placeholders("#" * 10_000) == []


def test_an_excerpt_keeps_whole_numbers_for_masking() -> None:
    text = "Your code for order 919812345678 is ready to be collected at the counter"
    shown = excerpt(text, 33)
    assert "919812345678" in shown and shown.startswith("\u2026") and shown.endswith("\u2026")
    assert excerpt("short", 2) == "short"
