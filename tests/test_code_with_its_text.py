"""A logger's or SDK's prefix before a code and a text (``Error 207: Invalid authentication
key``): the code's entry when the text is that code's own catalog text, and never recognised
when the code and the text name two things (issue 24)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnose import Outcome, diagnose, entries, load_catalog
from diagnose.responses.scanning import prefixed_code_text

_CATALOG = load_catalog()
_CODES = sorted({entry.code for entry in entries() if entry.code and entry.phase == "request"})
_TEXTS = sorted({text for entry in entries() for text in entry.match} | {"Forbidden", "Not Found", "Valid"})
_PREFIXES = ("Error", "ERROR", "error", "MSG91 Error", "msg91 ERROR")
_SEPARATORS = (": ", " : ", " - ", ":", " \u2013 ")


def _wrapped(message: str, shape: str) -> str:
    if shape == "plain":
        return message
    if shape == "json":
        return json.dumps({"type": "error", "message": message})
    if shape == "json-untyped":
        return json.dumps({"message": message})
    escaped = message.replace("&", "&amp;").replace("<", "&lt;")
    return f"<response><type>error</type><message>{escaped}</message></response>"


_SHAPES = st.sampled_from(("plain", "json", "json-untyped", "xml"))


@given(
    code=st.sampled_from([*_CODES, "403", "404", "200", "999"]),
    text=st.sampled_from(_TEXTS),
    prefix=st.sampled_from(_PREFIXES),
    separator=st.sampled_from(_SEPARATORS),
    shape=_SHAPES,
)
def test_a_prefixed_code_is_its_entry_only_beside_its_own_text(
    code: str, text: str, prefix: str, separator: str, shape: str
) -> None:
    result = diagnose(_wrapped(f"{prefix} {code}{separator}{text}", shape))
    own, said = _CATALOG.by_code(code), _CATALOG.by_text(text)
    if own is not None and said is own:
        assert result.outcome is Outcome.ERROR and result.entry is own, result.reason
        assert result.code == code
    elif own is not None and said is not None:
        assert result.outcome is Outcome.UNRECOGNISED, (result.entry, result.reason)  # two answers
    else:
        assert result.entry is None, result.entry  # an error the catalog does not know, at most


@given(code=st.sampled_from(_CODES), other=st.sampled_from(_CODES), prefix=st.sampled_from(_PREFIXES))
def test_a_prefixed_code_with_its_text_beside_another_code_or_success_says_two_things(
    code: str, other: str, prefix: str
) -> None:
    own = _CATALOG.by_code(code)
    assert own is not None
    message = f"{prefix} {code}: {own.match[0]}" if own.match else f"{prefix} {code}: {own.title}"
    success = diagnose(json.dumps({"type": "success", "message": message}))
    assert success.outcome is Outcome.UNRECOGNISED
    beside = diagnose(json.dumps({"type": "error", "code": other, "message": message}))
    if own.match and _CATALOG.by_code(other) is not own:
        assert beside.outcome is Outcome.UNRECOGNISED, (beside.entry, beside.reason)


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Error 207: Invalid authentication key", "INVALID_AUTHKEY"),
        ("ERROR 418: IP not whitelisted", "IP_NOT_WHITELISTED"),
        ("207: Invalid authentication key", "INVALID_AUTHKEY"),
        ("error 418 - IP is not whitelisted.", "IP_NOT_WHITELISTED"),
    ],
)
def test_a_code_followed_by_its_own_text_is_that_code(body: str, name: str) -> None:
    result = diagnose(body)
    assert result.entry is not None and result.entry.name == name
    assert result.code == result.entry.code


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("403: Forbidden", "an HTTP status line (403 Forbidden)"),
        ("Error 403: Forbidden", "not a request ID, a code or a message in the catalog"),
        ("Error 418: I'm a Teapot", "not a request ID, a code or a message in the catalog"),
        ("Error 207: IP not whitelisted", "its message's code says 207 INVALID_AUTHKEY and its text says 418"),
        ("Error 207: Challenged could not be declined", "not a request ID, a code or a message in the catalog"),
        ("Error 418", "not a request ID, a code or a message in the catalog"),
    ],
)
def test_a_reason_phrase_another_text_or_no_text_stays_unrecognised(body: str, reason: str) -> None:
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED
    assert reason in (result.reason or "")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Error 207: Invalid authkey", ("207", "Invalid authkey")),
        ("MSG91 Error 418 - IP not whitelisted", ("418", "IP not whitelisted")),
        ("  ERROR   418 :  x ", ("418", "x")),
        ("Error 207:", None),
        ("Error 2071: x", None),
        ("Error code: 207 - x", None),
        ("MSG91 418: x", None),
        ("Errors 207: x", None),
        ("Error207: x", None),
        ("Error 207 x", None),
    ],
)
def test_the_prefix_scanner_reads_only_the_prefix_a_code_and_a_separator(
    text: str, found: tuple[str, str] | None
) -> None:
    assert prefixed_code_text(text) == found


@given(st.text(max_size=200))
def test_the_prefix_scanner_never_raises(text: str) -> None:
    found = prefixed_code_text(text)
    assert found is None or (len(found[0]) == 3 and found[0].isdigit() and found[1])


def test_every_code_beside_every_catalog_text_is_that_code_only_beside_its_own() -> None:
    """Every pair of a catalog code and a catalog text, once, as a logger writes it."""
    for code in _CODES:
        own = _CATALOG.by_code(code)
        for text in _TEXTS:
            result = diagnose(f"Error {code}: {text}")
            said = _CATALOG.by_text(text)
            if said is own:
                assert result.entry is own and result.code == code, (code, text, result.reason)
            elif said is not None:
                assert result.outcome is Outcome.UNRECOGNISED, (code, text, result.entry)
            else:
                assert result.entry is None, (code, text, result.entry)
