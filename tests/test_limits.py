"""How much is read (diagnose/limits.py): a body over the limit is too large and kept cut, the
limit is set in the library and the commands and counts bytes, a log line over it is reported
and the rest is read; nesting too deep is unrecognised, not a crash."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from diagnose import Outcome, diagnose, diagnose_report, lookup
from diagnose.limits import CUT_MARGIN, DEFAULT_MAX_BYTES, RAW_KEPT_WHEN_TOO_LARGE
from diagnose.logs.reader import ReadOptions, read_items

from .cli_runner import run_cli


def test_a_body_over_the_limit_is_too_large_and_capped() -> None:
    body = b'{"type":"error","code":"207","padding":"' + b"x" * DEFAULT_MAX_BYTES + b'"}'
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED
    assert result.reason == f"too large: more than {DEFAULT_MAX_BYTES:,} bytes, not parsed"
    start = '{"type":"error","code":"207","padding":"'  # the start, without the word too long to keep whole
    assert result.raw == start
    (report,) = diagnose_report(body)
    assert report.reason == result.reason and report.raw == start
    words = b"code: 207 " + b"abc-def " * DEFAULT_MAX_BYTES
    kept = diagnose(words).raw
    assert RAW_KEPT_WHEN_TOO_LARGE <= len(kept) <= RAW_KEPT_WHEN_TOO_LARGE + CUT_MARGIN and kept.endswith("abc-def")
    spaced = b"code: 207 " + b"word " * DEFAULT_MAX_BYTES
    assert RAW_KEPT_WHEN_TOO_LARGE <= len(diagnose(spaced).raw) < RAW_KEPT_WHEN_TOO_LARGE + 5


def test_the_limit_is_configurable() -> None:
    assert diagnose("code: 207", max_bytes=5).reason == "too large: more than 5 bytes, not parsed"
    assert diagnose("code: 207", max_bytes=9).code == "207"
    with pytest.raises(ValueError, match="max_bytes must be at least 1"):
        diagnose("x", max_bytes=0)
    with pytest.raises(TypeError, match="max_bytes must be an int"):
        diagnose("x", max_bytes="1")  # type: ignore[arg-type]


class CountingStream(io.BytesIO):
    """A stream that remembers how many bytes were read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_check_reads_no_more_than_the_limit() -> None:
    stream = CountingStream(b"x" * 5_000_000)
    (item,) = read_items([None], stream, ReadOptions(max_bytes=1000))
    assert stream.bytes_read == 1001
    assert item.diagnosis is not None and item.diagnosis.reason == "too large: more than 1,000 bytes, not parsed"


def test_an_overlong_log_line_is_reported_and_the_rest_is_read() -> None:
    log = b'{"body":"code: 207"}\n' + b'{"body":"' + b"y" * 50_000 + b'"}\n' + b'{"body":"code: 311"}\n'
    items = list(read_items([None], io.BytesIO(log), ReadOptions(max_bytes=1000, stdin_is_jsonl=True)))
    assert [(i.line, i.problem) for i in items] == [(1, None), (2, "longer than 1,000 bytes, not read"), (3, None)]
    assert items[2].diagnosis is not None and items[2].diagnosis.code == "311"


def test_check_max_bytes_option(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b'{"type":"error","code":"207"}' + b" " * 5000)
    run = run_cli("check", str(big), "--max-bytes", "100")
    assert run.status == 1 and "unrecognised: too large: more than 100 bytes, not parsed" in run.stdout


@pytest.mark.parametrize(
    "body",
    [
        "[" * 300_000 + "]" * 300_000,
        '{"a":' * 300_000 + "1" + "}" * 300_000,
        "<a>" * 300_000 + "</a>" * 300_000,
        "[" * 300_000,
    ],
    ids=["json-arrays", "json-objects", "xml", "json-unclosed"],
)
def test_deep_nesting_is_unrecognised_not_a_crash(body: str) -> None:
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED
    assert diagnose_report(body)[0].outcome is Outcome.UNRECOGNISED


def test_a_deep_decoded_value_never_raises() -> None:
    deep: dict[str, object] = {"type": "error"}
    for _ in range(100_000):
        deep = {"a": deep}
    assert diagnose(deep).outcome is Outcome.UNRECOGNISED
    assert diagnose_report(deep)[0].outcome is Outcome.UNRECOGNISED
    assert sys.getrecursionlimit() < 100_000


def test_a_memoryview_counts_its_bytes_whatever_its_shape() -> None:
    """The size limit counts bytes, not the items of a view cast to wider ones (red team)."""
    body = b'{"type":"error","code":"207","message":"' + b"a" * (2 << 20) + b'"}'
    body += b" " * (-len(body) % 8)
    wide = memoryview(body).cast("Q")
    assert len(wide) * 8 == len(body)
    assert diagnose(wide).reason == diagnose(body).reason == "too large: more than 1,048,576 bytes, not parsed"
    small = b'{"type":"error","code":"207"}   '
    square = memoryview(small).cast("B", shape=[4, 8])
    assert diagnose(square) == diagnose(small) and diagnose(square).entry is lookup("207")
    assert diagnose_report(wide)[0].reason == diagnose_report(body)[0].reason
