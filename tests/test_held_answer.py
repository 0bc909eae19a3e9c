"""trace holds a line that is one accepted answer as its request id alone
(``LineReader.held_answer``): a line comes so only when ``line_answer`` reads it as one
successful answer with that request id (a record as the docs write it always does), and any
other line reads as ``line_answer`` reads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from benchmarks.trace_inputs import write_inputs
from diagnose.logs.reader import LineReader, ReadOptions
from diagnose.vocabulary import Outcome

_READER = LineReader(ReadOptions(stdin_is_jsonl=True))
REQUEST_ID = "3763646c3058373530393832"


def _agrees(line: bytes, plain: bool = False) -> None:
    held = _READER.held_answer("requests.jsonl", 1, line)
    read = _READER.line_answer("requests.jsonl", 1, line)
    accepted = isinstance(read, tuple) and read[0].outcome is Outcome.SUCCESS and read[0].request_id is not None
    if isinstance(held, str):
        assert accepted and held == read[0].request_id, line
    else:
        assert held == read and not (accepted and plain), line


_text = st.sampled_from(
    [
        json.dumps({"type": "success", "message": REQUEST_ID}),
        json.dumps({"type": "success", "message": REQUEST_ID.upper()}),
        json.dumps({"type": "success", "message": "authkey=0123456789abcdef01234567"}),
        json.dumps({"type": "error", "message": "Invalid authentication key", "code": "207"}),
        json.dumps({"type": "success"}),
        REQUEST_ID,
        "<RESPONSE><TYPE>error</TYPE><MESSAGE>Missing mobile no.</MESSAGE><CODE>101</CODE></RESPONSE>",
        "",
    ]
)
_values = st.one_of(st.none(), st.integers(), st.text(max_size=8), _text, st.lists(st.integers(), max_size=2))
_records = st.dictionaries(
    st.sampled_from(["id", "time", "body", "http_status", "content_type", "request", "type", "Body"]),
    st.one_of(_values, st.sampled_from([200, 401, 999, "200", "application/json", "text/plain"])),
    max_size=5,
)


@given(_records)
@example({"id": "m1", "time": 1, "body": json.dumps({"type": "success", "message": REQUEST_ID})})
@example({"id": "m1", "body": json.dumps({"type": "success", "message": REQUEST_ID}), "http_status": 500})
@example({"id": 10**5000, "body": json.dumps({"type": "success", "message": REQUEST_ID})})
@example({"body": json.dumps({"type": "success", "message": REQUEST_ID}), "http_status": "200"})
def test_a_record_reads_alike(record: dict[str, Any]) -> None:
    try:
        line = json.dumps(record).encode() + b"\n"
    except ValueError:  # an integer too long to write out
        return
    _agrees(line, plain=record.keys() <= {"id", "time", "body", "http_status", "content_type"})


@given(st.binary(max_size=40) | st.sampled_from([b"\xef\xbb\xbf{}", b"[]\n", b"  \n", b'{"body":"1","body":"2"}']))
def test_any_line_reads_alike(line: bytes) -> None:
    _agrees(line)


def test_a_day_with_hostile_lines_reads_alike(tmp_path: Path) -> None:
    requests, _ = write_inputs(3000, tmp_path, hostile=True)
    with requests.open("rb") as lines:
        for line in lines:
            _agrees(line)
