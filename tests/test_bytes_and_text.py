"""Bytes and text (issue 21): one step from bytes to text for every input, the same answer for a
str and its bytes, and no exception from any text or any response object.

- A codec that is not a character encoding (one that reads escapes written in the text, or
  whose shift states make ASCII bytes into other characters) named by an XML declaration or a
  Content-Type is ignored.
- A JSON Lines line, a batch line and a recorded request are decoded as the same bytes in a
  file are: a byte that is not UTF-8 is kept, never the reason a line is not read.
- A lone surrogate in a str reaches every public function and every output without raising.
- A str and its UTF-8 bytes drop the same byte-order mark, one, and give the same answer.
- A response object whose headers fail gives the answer's error, not the headers' exception.
"""

from __future__ import annotations

import codecs
import encodings
import encodings.aliases
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from diagnose import (
    Outcome,
    UnrecognisedResponse,
    diagnose,
    diagnose_report,
    raise_for_error,
)
from diagnose.responses.decode import TEXT_ENCODINGS, decode
from diagnose.testing import assert_ok

from .cli_runner import run_cli

REQUEST_ID = "5f1a2b3c4d5e6f7a8b9c0d1e"

# 1. A codec that is not a character encoding is ignored


def _every_codec_name() -> list[str]:
    """Every codec name Python knows: its aliases, and every module of the encodings package."""
    names = set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
    names |= {module.name for module in pkgutil.iter_modules(encodings.__path__)}
    known = []
    for name in sorted(names):
        try:
            codecs.lookup(name)
        except LookupError:  # a module that is no codec (aliases), or one of another platform (mbcs)
            continue
        known.append(name)
    return known


TRICKS = {
    "a \\x escape (unicode_escape, raw_unicode_escape)": rb"\x73uccess",
    "an octal escape": rb"\163uccess",
    "a \\u escape": rb"\u0073uccess",
    "a named escape": rb"\N{LATIN SMALL LETTER S}uccess",
    "UTF-7's base64": b"+AHM-uccess",
    "an ISO-2022 escape sequence": b"suc\x1b(Bcess",
    "an HZ line continuation": b"suc~\ncess",
}
"""Bytes that read as ``success`` only in a codec that reads escapes or has shift states."""


def _xml(encoding: str, type_: bytes) -> bytes:
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>'.encode()
    return declaration + b"<response><type>" + type_ + f"</type><message>{REQUEST_ID}</message></response>".encode()


def _json(type_: bytes) -> bytes:
    return b'{"type":"' + type_ + f'","message":"{REQUEST_ID}"}}'.encode()


def test_the_tricks_are_success_when_written_plainly() -> None:
    """So that the test below is not vacuous: the same bodies with ``success`` are a success."""
    assert diagnose(_xml("UTF-8", b"success")).outcome is Outcome.SUCCESS
    assert diagnose(_json(b"success"), content_type="application/json; charset=utf-8").outcome is Outcome.SUCCESS
    assert b"\\x73uccess".decode("unicode_escape") == "success"
    assert TRICKS["UTF-7's base64"].decode("utf-7") == "success"
    assert TRICKS["an HZ line continuation"].decode("hz") == "success"
    assert TRICKS["an ISO-2022 escape sequence"].decode("iso2022_jp") == "success"


def test_no_codec_python_knows_makes_an_escape_in_the_body_a_success() -> None:
    """Every codec name Python knows, named by an XML declaration and by a Content-Type, with
    every escape and shift trick: never a success. ``unicode_escape``, ``raw_unicode_escape``,
    ``charmap``, UTF-7, HZ and ISO-2022 would each make one of them ``success``."""
    wrong = []
    for name in _every_codec_name():
        for trick, type_ in TRICKS.items():
            xml_type = f"text/xml; charset={name}"
            answers = {
                "declared": diagnose(_xml(name, type_)),
                "declared, no BOM-less shortcut": diagnose(b" " + _xml(name, type_)),
                "Content-Type, XML": diagnose(_xml("UTF-8", type_)[38:], content_type=xml_type),
                "report": diagnose_report(_xml(name, type_))[0],
            }
            if trick != "a \\u escape":  # JSON itself reads \u0073 as s
                answers["Content-Type, JSON"] = diagnose(_json(type_), content_type=f"application/json; charset={name}")
            wrong += [(name, trick, how) for how, answer in answers.items() if answer.outcome is Outcome.SUCCESS]
    assert not wrong, wrong


def test_the_unicode_escape_declaration_of_the_issue_is_unrecognised_everywhere(tmp_path: Path) -> None:
    body = _xml("unicode_escape", rb"\x73uccess")
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED
    assert result.reason == "unknown response type '\\\\x73uccess'"
    with pytest.raises(UnrecognisedResponse):
        raise_for_error(body)
    with pytest.raises(AssertionError, match="expected a success response"):
        assert_ok(body)
    (tmp_path / "answer.xml").write_bytes(body)
    run = run_cli("check", str(tmp_path / "answer.xml"))
    assert run.status == 1, run.stdout + run.stderr
    assert "0 passed, 1 failed" in run.stdout


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Неверный ключ", "windows-1251"),
        ("Café", "latin-1"),
        ("Café", "cp1252"),
        ("認証エラー", "shift_jis"),
        ("认证失败", "gb18030"),
        ("인증 실패", "euc-kr"),
    ],
)
def test_a_character_encoding_is_still_honoured(text: str, encoding: str) -> None:
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>'
    xml = f"{declaration}<r><type>error</type><code>207</code><message>{text}</message></r>"
    assert diagnose(xml.encode(encoding)).message == text
    body = f'{{"type":"error","code":"207","message":"{text}"}}'
    assert diagnose(body.encode(encoding), content_type=f"application/json; charset={encoding}").message == text
    assert diagnose(body.encode("utf-16-le"), content_type="application/json; charset=UTF-16LE").message == text


def test_every_allowed_encoding_is_a_codec_python_names_so() -> None:
    """The allow-list holds Python's own names, so each is found and none is a misspelling."""
    assert {codecs.lookup(name).name for name in TEXT_ENCODINGS} == TEXT_ENCODINGS


# 4. A str and its bytes drop the same byte-order mark


@pytest.mark.parametrize(
    "text",
    ["Invalid authkey", "\ufeffInvalid authkey", "\ufeff\ufeffInvalid authkey", "\ufeff\ufeff\ufeffInvalid authkey"],
)
def test_a_str_and_its_bytes_drop_one_byte_order_mark_and_agree(text: str) -> None:
    as_str, as_bytes = diagnose(text), diagnose(text.encode("utf-8"))
    assert as_str == as_bytes
    if text.startswith("\ufeff"):  # its first U+FEFF written in UTF-16 is that encoding's mark
        assert diagnose(text.encode("utf-16-le")) == as_str
    assert diagnose_report(text) == diagnose_report(text.encode("utf-8"))
    marks = len(text) - len(text.lstrip("\ufeff"))
    if marks <= 1:
        assert as_str.entry is not None and as_str.entry.name == "INVALID_CREDENTIALS"
    else:  # a second U+FEFF is a character of the text, which json.loads and libxml2 refuse too
        assert as_str.outcome is Outcome.UNRECOGNISED
        assert as_str.raw == text[1:]


def test_a_second_mark_before_an_envelope_is_kept_in_both() -> None:
    body = '\ufeff\ufeff{"type":"error","code":"207"}'
    assert diagnose(body) == diagnose(body.encode("utf-8")) == diagnose(body.encode("utf-16-le"))
    assert diagnose(body).raw == body[1:]


ENVELOPES = [
    '{"type":"error","code":"207","message":"Invalid authkey"}',
    f'{{"type":"success","message":"{REQUEST_ID}"}}',
    '{"type":"error","message":"IP not whitelisted","code":"418"}',
    '{"hasError":true,"errors":"Invalid authkey"}',
    f"<response><type>success</type><message>{REQUEST_ID}</message></response>",
    "<RESPONSE><TYPE>error</TYPE><CODE>418</CODE></RESPONSE>",
    "Invalid authkey",
    "code: 207",
    REQUEST_ID,
    f'{{"requestId":"{REQUEST_ID}","report":[{{"number":"919876543210","status":"1","desc":"DELIVERED"}}]}}',
    f'data=[{{"requestId":"{REQUEST_ID}","report":[{{"number":"919876543210","status":"2","desc":"Failed"}}]}}]',
]
PIECES = [
    "\ufeff",
    "\ufeff\ufeff",
    "\udce9",
    "\udcff\udcfe",
    "\udcef\udcbb\udcbf",
    "\ud800",
    "\udfff",
    "é",
    "\x00",
    " ",
    "\n",
    '<?xml version="1.0"?>',
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<?xml version="1.0" encoding="unicode_escape"?>',
    '<?xml version="1.0" encoding="latin-1"?>',
    "\\x73",
    '"type":"success"',
    '"code":"207"',
]


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Envelopes with byte-order marks, declarations, surrogates and other pieces at their start,
    end or anywhere inside, or any text at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=40))
    body = draw(st.sampled_from(ENVELOPES))
    for _ in range(draw(st.integers(0, 3))):
        piece = draw(st.sampled_from(PIECES))
        at = draw(st.sampled_from([0, len(body), draw(st.integers(0, len(body)))]))
        body = body[:at] + piece + body[at:]
    return body


def _answer(result: Any) -> tuple[Any, ...]:
    return (result.outcome, result.entry, result.reason)


@given(texts())
@example("\ufeff\ufeffInvalid authkey")
@example('\ufeff<?xml version="1.0" encoding="unicode_escape"?><response><type>\\x73uccess</type></response>')
def test_a_str_and_its_bytes_give_the_same_answer(text: str) -> None:
    """``diagnose(s)`` and ``diagnose()`` of its UTF-8 bytes agree whenever the bytes, read by the
    one step, are read as UTF-8 (bytes that name another encoding, by a mark such as FF FE or by a
    declaration, are another text); a surrogate that UTF-8 cannot hold is written as it is
    (surrogatepass) and the bytes stand for other text, with the same outcome and entry."""
    escapable = all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in text)
    data = text.encode("utf-8", "surrogateescape" if escapable else "surrogatepass")
    _, encoding = decode(data)
    if encoding not in ("utf-8", "utf-8-sig", "ascii") or data.decode(encoding, "surrogateescape") != text:
        if encoding == "utf-8" and not escapable:
            assert diagnose(text).outcome is diagnose(data).outcome
            assert diagnose(text).entry is diagnose(data).entry
        return
    assert _answer(diagnose(text)) == _answer(diagnose(data))
    assert diagnose(text).raw == diagnose(data).raw
    assert [_answer(r) for r in diagnose_report(text)] == [_answer(r) for r in diagnose_report(data)]
