"""One route for every reading: whichever reader reads a body, one call decides what it means,
and a delivery report is a reading (a body kind), not a question interpret asks elsewhere."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from urllib.parse import quote

import pytest

from diagnose import diagnose, load_catalog
from diagnose.responses.fast_read import fast_read
from diagnose.responses.interpret import decide
from diagnose.responses.read import DELIVERY_REPORT, Envelope, Unreadable, read, read_value
from diagnose.vocabulary import BodyKind, Format, Outcome

PACKAGE = Path(__file__).resolve().parent.parent / "diagnose"
REPORT = {"requestId": "3763646c3058373530393832", "number": "919812345678", "status": "1", "desc": "DELIVERED"}
NESTED = [{"requestId": "3763646c3058373530393832", "report": [{"number": "919812345678", "status": "2"}]}]


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("path", sorted((PACKAGE / "responses").glob("*.py")), ids=lambda path: path.name)
def test_responses_never_imports_delivery(path: Path) -> None:
    assert not any("delivery" in module for module in _imported_modules(path)), path.name


def test_interpret_asks_no_reader_whether_a_body_is_a_report() -> None:
    imported = _imported_modules(PACKAGE / "responses" / "interpret.py")
    assert not any("report" in module for module in imported), imported


@pytest.mark.parametrize(
    ("text", "format"),
    [
        (json.dumps(REPORT), Format.JSON),
        (json.dumps([REPORT]), Format.JSON),
        (json.dumps(NESTED), Format.JSON),
        (json.dumps({"data": json.dumps(NESTED)}), Format.JSON),
        ("data=" + quote(json.dumps(NESTED)), Format.FORM),
    ],
)
def test_a_delivery_report_is_a_reading(text: str, format: Format) -> None:
    reading = read(text)
    assert reading == Unreadable(format, DELIVERY_REPORT, BodyKind.REPORT)
    result = diagnose(text, http_status=503)  # a report is never a transport failure
    assert result.outcome is Outcome.UNRECOGNISED and result.reason == DELIVERY_REPORT
    assert result.format is format and result.entry is None


def test_a_decoded_report_is_read_as_one_too() -> None:
    assert read_value(REPORT) == Unreadable(Format.JSON, DELIVERY_REPORT, BodyKind.REPORT)
    assert read_value(NESTED).kind == BodyKind.REPORT
    assert diagnose(REPORT).reason == DELIVERY_REPORT


def test_a_form_report_is_read_as_one_only_where_the_body_is_text() -> None:
    form = "data=" + quote(json.dumps(NESTED))
    assert read(form, Format.STRING) == Unreadable(Format.FORM, DELIVERY_REPORT, BodyKind.REPORT)
    for reading in (
        read(form, Format.JSON),
        read(json.dumps(REPORT), Format.STRING),
        read(json.dumps(REPORT), Format.XML),
    ):
        assert not (isinstance(reading, Unreadable) and reading.kind == BodyKind.REPORT), reading


@pytest.mark.parametrize(
    "text",
    [
        '{"type":"error","message":"Missing Authentication Key","code":"106"}',
        '{"type":"success","message":"3763646c3058373530393832"}',
        '{"type":"success","code":"207"}',
        '{"code":"418"}',
        "<RESPONSE><TYPE>error</TYPE><MESSAGE>Missing mobile no.</MESSAGE><CODE>101</CODE></RESPONSE>",
        "3763646c3058373530393832",
    ],
)
@pytest.mark.parametrize("http_status", [None, 200, 503])
def test_the_shortcut_reading_is_decided_by_the_same_call(text: str, http_status: int | None) -> None:
    shortcut = fast_read(text)
    assert isinstance(shortcut, Envelope) and shortcut == read(text)
    catalog = load_catalog()
    assert diagnose(text, http_status=http_status) == decide(read(text), text, http_status, catalog)
