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

import pytest

from diagnose import (
    Outcome,
    UnrecognisedResponse,
    diagnose,
    diagnose_report,
    raise_for_error,
)
from diagnose.responses.decode import TEXT_ENCODINGS
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
    assert all(
        codecs.decode(TRICKS[k], c) == "success"
        for k, c in [("UTF-7's base64", "utf-7"), ("an HZ line continuation", "hz")]
    )
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
    xml = (
        f'<?xml version="1.0" encoding="{encoding}"?><r><type>error</type><code>207</code><message>{text}</message></r>'
    )
    assert diagnose(xml.encode(encoding)).message == text
    body = f'{{"type":"error","code":"207","message":"{text}"}}'
    assert diagnose(body.encode(encoding), content_type=f"application/json; charset={encoding}").message == text
    assert diagnose(body.encode("utf-16-le"), content_type="application/json; charset=UTF-16LE").message == text


def test_every_allowed_encoding_is_a_codec_python_names_so() -> None:
    """The allow-list holds Python's own names, so each is found and none is a misspelling."""
    assert {codecs.lookup(name).name for name in TEXT_ENCODINGS} == TEXT_ENCODINGS
