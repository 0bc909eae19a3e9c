"""redact() remembers what it made of a short text that holds none of the numbers it is given:
what it remembers is what it would make afresh, and a text that holds one of the numbers is
masked with it, however often the same text was masked without it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from diagnose import redaction
from diagnose.redaction import redact

_texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["DELIVERED", "919812345678", "authkey=0123456789abcdef01234567", "ab%41 12345678", "\ud800"]),
)
_numbers = st.lists(st.one_of(st.none(), st.sampled_from(["919812345678", "12345", "1234", "abcde"]), st.text()))


@given(_texts, _numbers, st.booleans())
def test_a_remembered_text_is_masked_as_afresh(text: str, numbers: list[str | None], phones: bool) -> None:
    redaction._redacted.clear()
    fresh = redact(text, numbers, phones=phones)
    assert redact(text, numbers, phones=phones) == fresh  # remembered, if it was
    redact(text, (), phones=phones)
    assert redact(text, numbers, phones=phones) == fresh


def test_a_number_a_text_holds_is_masked_after_the_text_was_remembered_without_it() -> None:
    text = "to 98765 now"
    assert "98765" in redact(text)  # five digits alone are no phone number
    assert "98765" not in redact(text, ("98765",))
    assert "98765" in redact(text)


def test_long_texts_are_not_remembered() -> None:
    redaction._redacted.clear()
    redact("x" * 1000)
    assert not redaction._redacted
