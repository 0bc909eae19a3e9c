"""The shortcut reader gives exactly the general reader's reading, whenever it gives one.

It reads syntax only (the meaning is decided once, by interpret), so agreement of readings is
all there is to check: the same text read both ways gives the same fields, format and kind."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from diagnose import entries
from diagnose.responses.fast_read import fast_read
from diagnose.responses.read import read

_codes = [entry.code for entry in entries() if entry.code and entry.phase == "request"]
_texts = [text for entry in entries() if entry.phase in ("request", "otp") for text in entry.match]
_values = st.one_of(
    st.none(),
    st.sampled_from(["error", "ERROR", " Error ", "success", "SUCCESS", "", "  ", "pending"]),
    st.sampled_from(_codes),
    st.sampled_from(_texts),
    st.sampled_from(["3763646c3058373530393832", "otp_sent_successfully", "12", "0207", " 311 "]),
    st.integers(-5, 1200),
    st.booleans(),
    st.text(max_size=8),
)


@given(st.dictionaries(st.sampled_from(["type", "message", "code", "Type", "msg", "request_id"]), _values))
@example({"type": "error", "code": "106"})
@example({"type": "success", "message": "3763646c3058373530393832"})
@example({"type": "success", "code": "207"})
def test_json_shortcut_agrees_with_the_general_path(fields: dict[str, object]) -> None:
    small = set(fields) <= {"type", "message", "code"}
    _agrees(
        json.dumps(fields),
        shortcut_expected=small and isinstance(fields.get("type"), str) and bool(fields["type"].strip()),
    )


def _xml(fields: list[tuple[str, object]], root: str) -> bytes:
    inner = "".join(f"<{tag}>{'' if value is None else value}</{tag}>" for tag, value in fields)
    return f"<{root}>{inner}</{root}>".encode()


@given(
    st.lists(st.tuples(st.sampled_from(["TYPE", "MESSAGE", "CODE", "type", "Code", "MSG", "X"]), _values), max_size=4),
    st.sampled_from(["RESPONSE", "response", "r"]),
)
@example([("TYPE", "error"), ("MESSAGE", "Missing mobile no."), ("CODE", "101")], "RESPONSE")
def test_xml_shortcut_agrees_with_the_general_path(fields: list[tuple[str, object]], root: str) -> None:
    _agrees(_xml(fields, root).decode())


@given(st.binary(min_size=20, max_size=28))
@example(b"3763646c3058373530393832")
@example(b"3763646C3058373530393832")
def test_request_id_shortcut_agrees_with_the_general_path(body: bytes) -> None:
    _agrees(body.decode("utf-8", "surrogateescape"))


@given(st.dictionaries(st.sampled_from(["type", "message", "code"]), _values))
def test_text_shortcuts_agree_with_the_general_path(fields: dict[str, object]) -> None:
    for body in (json.dumps(fields), _xml(list(fields.items()), "RESPONSE").decode(), "3763646c3058373530393832"):
        _agrees(body)


@pytest.mark.parametrize(
    "body",
    [
        "<RESPONSE><TYPE>error</TYPE><MESSAGE>a\r\nb</MESSAGE><CODE>207</CODE></RESPONSE>",
        "<RESPONSE><TYPE>error</TYPE><MESSAGE>\x01</MESSAGE><CODE>207</CODE></RESPONSE>",
        "<RESPONSE><TYPE> error </TYPE><MESSAGE>a > b</MESSAGE><CODE> 207 </CODE></RESPONSE>",
        "<RESPONSE><TYPE>error</TYPE><MESSAGE>\u00fc\ufffe</MESSAGE><CODE>207</CODE></RESPONSE>",
        "<RESPONSE>\n  <TYPE>error</TYPE>\n  <CODE>207</CODE>\n</RESPONSE>",
        '<RESPONSE a="1"><TYPE>error</TYPE><CODE>207</CODE></RESPONSE>',
        "<RESPONSE><TYPE>error</TYPE><MESSAGE>x &amp; y</MESSAGE><CODE>207</CODE></RESPONSE>",
        "<RESPONSE><TYPE>error</TYPE><CODE>207</code></RESPONSE>",
        "<RESPONSE><TYPE>error</TYPE><CODE>207</CODE></response>",
        "<RESPONSE><TYPE>success</TYPE><MESSAGE>3763646c3058373530393832</MESSAGE></RESPONSE>",
        "<r><type>error</type><type>error</type><code>207</code></r>",
        "<r><TYPE>error</TYPE><type>success</type></r>",
        "<RESPONSE></RESPONSE>",
        "<RESPONSE><TYPE></TYPE><CODE>207</CODE></RESPONSE>",
    ],
)
def test_plain_xml_shortcut_agrees_on_edge_cases(body: str) -> None:
    _agrees(body)


@given(
    st.text(
        alphabet=st.sampled_from(list('<>/{}[]":,&;! \r\n\t\x00\ufffeTYPECODEMSAGtypecode0123456789abcdef')),
        max_size=80,
    )
)
@example("<html><type>error</type></html>")
@example('{"type": "error", "code": 207}')
@example("<R><TYPE>a]]>b</TYPE></R>")
def test_any_text_reads_alike_both_ways(text: str) -> None:
    _agrees(text)


@pytest.mark.parametrize(
    "body",
    [
        '{"type":"error","message":"Missing Authentication Key","code":"106"}',
        "<RESPONSE><TYPE>error</TYPE><MESSAGE>Missing mobile no.</MESSAGE><CODE>101</CODE></RESPONSE>",
        "3763646c3058373530393832",
    ],
)
def test_the_commonest_bodies_take_the_shortcut(body: str) -> None:
    _agrees(body, shortcut_expected=True)


def _agrees(text: str, *, shortcut_expected: bool = False) -> None:
    """The shortcut's reading, when it gives one, is the general reader's."""
    shortcut = fast_read(text)
    if shortcut_expected:
        assert shortcut is not None, text
    if shortcut is not None:
        assert shortcut == read(text), text
