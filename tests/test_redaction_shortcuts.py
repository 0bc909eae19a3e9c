"""Redaction passes over a text only what may hold something to mask: a text without ``auth`` is
not searched for a key name, a text without a digit for a key or a number, an ASCII text for a
byte that did not decode. Each shortcut shows exactly what the full passes show."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose import diagnose, redaction
from diagnose.redaction import holds_authkey, mask_authkeys, printable, redact

TOKENS = [
    *("authkey=", "AUTHKEY:", "auth_key", "Auth-Key", "auth%5Fkey", "auth\\u005fkey", "auth&#95;key", "AuTh"),
    *("ａｕｔｈｋｅｙ＝", "ａｕｔｈ", "366412AbCdEf7890XyZqRsXY", "AbCdEfGhIjKlMnOpQrStUv", "5f1a2b3c4d5e6f7a8b9c0d1e"),
    *("919876543210", "+91 98765 43210", "98765_43210", "06 12 34 56 78", "1,234,567,890", "12345678", "9", "00000000"),
    *("٣٣٣٣٣٣٣٣٣", "９８７６５４３２１０", "\u200b", "\\u200b", "%E2%80%8B", "&#8203;", "%39", "\\u0039", "&#57;"),
    *("0000000000003763646c3059", "5F1A2B3C4D5E6F7A8B9C0D1E", "919876543210919876543210", "abcdef"),
    *("<a>x</a>", "<RESPONSE>", "</authkey>", " ", "=", "&", "%", "\\", "é", "😀", "\udcff", "\x1b", "\u202e"),
]
TEXTS = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)


@contextmanager
def _without_shortcuts() -> Iterator[None]:
    """Every pass made, whatever the text holds."""
    saved = (
        redaction._may_name_a_key,
        redaction._holds_digit,
        redaction._visible_surrogates.beyond_ascii,
        redaction._is_request_id,
    )
    redaction._may_name_a_key = lambda text: True
    redaction._holds_digit = lambda text: True
    redaction._visible_surrogates.beyond_ascii = False
    redaction._is_request_id = lambda text: False
    try:
        yield
    finally:
        (
            redaction._may_name_a_key,
            redaction._holds_digit,
            redaction._visible_surrogates.beyond_ascii,
            redaction._is_request_id,
        ) = saved


def _shown(text: str) -> tuple[object, ...]:
    redaction._redacted.clear()  # what redact remembered was made with the shortcuts, or without them
    return (
        redact(text),
        redact(text, phones=False),
        redact(text, ("98765",)),
        mask_authkeys(text),
        holds_authkey(text),
        holds_authkey(text.encode("utf-8", "surrogatepass")),
        printable(text),
    )


HEX_WORDS = st.text(alphabet="0123456789abcdefABCDEF", min_size=23, max_size=25) | st.text(
    alphabet="0123456789", min_size=23, max_size=25
)
"""Request IDs, all digits among them, and words one character too short or too long."""


@given(HEX_WORDS)
@settings(max_examples=500)
def test_a_request_id_is_shown_as_the_full_passes_show_it(text: str) -> None:
    shortcut = _shown(text)
    with _without_shortcuts():
        full = _shown(text)
    assert shortcut == full


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("0000000000003763646c3059", "0000000000003763646c3059"),
        ("919876543210919876543210", "********************3210"),
        ("919876543210abcdef012345", "919876543210abcdef012345"),
    ],
)
def test_a_request_id_is_shown_whole_unless_it_is_all_digits(text: str, shown: str) -> None:
    assert redact(text) == shown
    assert redact(text, ("919876543210",)) == text.replace("919876543210", "********3210")


@given(TEXTS)
@settings(max_examples=500)
def test_a_text_is_shown_as_the_full_passes_show_it(text: str) -> None:
    shortcut = _shown(text)
    with _without_shortcuts():
        full = _shown(text)
    assert shortcut == full


def test_the_shortcuts_leave_a_text_with_nothing_to_mask_as_it_is() -> None:
    body = "<RESPONSE>" + "<a>x</a>" * 1000 + "</RESPONSE>"
    assert redact(body) == body
    assert redact("é" + body) == "é" + body


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("authkey=366412AbCdEf7890XyZqRsXY", "authkey=3664\u2026XY"),
        ("ＡＵＴＨＫＥＹ＝366412AbCdEf7890XyZqRsXY", "ＡＵＴＨＫＥＹ＝3664\u2026XY"),
        ("call ９８７６５４３２１０ now", "call ******３２１０ now"),
        ("no digit but a byte \udcff", "no digit but a byte \\xff"),
        ("auth%5Fkey=366412AbCdEf7890XyZqRsXY", "auth_key=3664\u2026XY"),
        ("%39%38%37%36%35%34%33%32%31%30", "******3210"),
    ],
)
def test_what_a_shortcut_could_miss_is_still_masked(text: str, shown: str) -> None:
    assert redact(text) == shown


def test_a_diagnosis_of_an_envelope_without_digits_shows_its_body_whole() -> None:
    body = b"<RESPONSE>" + b"<a>x</a>" * 2000 + b"</RESPONSE>"
    raw = diagnose(body).to_dict()["raw"]
    assert raw == body.decode()
