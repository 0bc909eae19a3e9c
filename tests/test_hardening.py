"""Hostile input: unsafe XML, huge and deep bodies, broken encodings, transport failures, secrets."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnose import Diagnosis, Outcome, diagnose, diagnose_report, lookup
from diagnose.limits import CUT_MARGIN, DEFAULT_MAX_BYTES, RAW_KEPT_WHEN_TOO_LARGE
from diagnose.logs.reader import ReadOptions, read_items

from .cli_runner import run_cli

AUTHKEY = "366412AbCdEf7890XyZqRsXY"


def _everything_shown(result: Diagnosis) -> str:
    return "\n".join([str(result), repr(result), json.dumps(result.to_dict(), ensure_ascii=False)])


# Unsafe XML: no entity is resolved, no DTD loaded, nothing fetched.


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-CONTENT-42", encoding="utf-8")
    return path


def test_an_external_entity_to_a_local_file_is_never_resolved(secret_file: Path) -> None:
    body = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret_file}">]>'
        "<RESPONSE><TYPE>error</TYPE><MESSAGE>&x;</MESSAGE><CODE>207</CODE></RESPONSE>"
    )
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED
    assert result.reason == "XML with a document type declaration: DTDs and entities are never processed"
    assert "TOP-SECRET-CONTENT-42" not in _everything_shown(result)


def test_billion_laughs_is_refused_without_expansion() -> None:
    lol = ['<!ENTITY a0 "lol">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    body = f'<?xml version="1.0"?><!DOCTYPE r [{"".join(lol)}]><r><message>&a9;</message></r>'
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED and "DTDs and entities are never processed" in (result.reason or "")
    assert "lollol" not in _everything_shown(result)


def test_an_external_dtd_is_never_loaded() -> None:
    body = '<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><r><type>error</type></r>'
    assert diagnose(body).outcome is Outcome.UNRECOGNISED


def test_xinclude_and_undefined_entities_are_not_expanded(secret_file: Path) -> None:
    xinclude = (
        '<RESPONSE xmlns:xi="http://www.w3.org/2001/XInclude"><TYPE>error</TYPE>'
        f'<MESSAGE><xi:include href="file://{secret_file}" parse="text"/></MESSAGE></RESPONSE>'
    )
    assert "TOP-SECRET-CONTENT-42" not in _everything_shown(diagnose(xinclude))
    undefined = diagnose("<RESPONSE><TYPE>error</TYPE><MESSAGE>&x;</MESSAGE></RESPONSE>")
    assert undefined.outcome is Outcome.UNRECOGNISED and "malformed XML" in (undefined.reason or "")


# Size: bodies over the limit are not parsed, and what is kept is capped.


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


# Depth: hundreds of thousands of levels never raise.


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


# Encodings: every broken input gets a diagnosis.


@pytest.mark.parametrize(
    "data",
    [
        b'{"type":"error","message":"\xff\xfe\xfd","code":"207"}',
        '{"type":"error","code":"207"}'.encode("utf-16"),
        '{"type":"error","message":"Caf\u00e9"}'.encode("latin-1"),
        b'{"type":"error",\x00"code":"207"}',
        b"\x00\x00\x00",
        "code: 207 \ud800 \udfff",
        '{"type":"error","message":"\ud800","code":"207"}',
    ],
    ids=["invalid-utf8", "utf16-bom", "latin1", "nul-in-json", "only-nuls", "lone-surrogates", "surrogate-in-json"],
)
def test_broken_encodings_get_a_diagnosis(data: bytes | str) -> None:
    result = diagnose(data)
    assert isinstance(result, Diagnosis)
    json.dumps(result.to_dict())
    str(result)


def test_the_command_line_prints_lone_surrogates_without_crashing(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xed\xa0\x80 not a message")
    run = run_cli("parse", str(path))
    assert run.status == 0 and "unrecognised" in run.stdout


# Transport failures get their own names.


@pytest.mark.parametrize(
    ("body", "status", "name"),
    [
        ("<html><body><h1>502 Bad Gateway</h1></body></html>", None, "TRANSPORT_GATEWAY_PAGE"),
        ("<!DOCTYPE html><html><body>Service Unavailable</body></html>", None, "TRANSPORT_GATEWAY_PAGE"),
        ("", None, "TRANSPORT_EMPTY_BODY"),
        ("  \r\n", 200, "TRANSPORT_EMPTY_BODY"),
        ("Too Many Requests", 429, "TRANSPORT_RATE_LIMITED"),
        ("", 429, "TRANSPORT_RATE_LIMITED"),
        ("upstream timed out", 504, "TRANSPORT_SERVER_ERROR"),
        ("<html>Bad Gateway</html>", 502, "TRANSPORT_SERVER_ERROR"),
        ('{"type":"error"', 500, "TRANSPORT_SERVER_ERROR"),
    ],
)
def test_transport_failures_are_named_with_retry_advice(body: str, status: int | None, name: str) -> None:
    result = diagnose(body, http_status=status)
    assert result.outcome is Outcome.ERROR and result.entry is lookup(name)
    assert result.entry is not None and str(result.entry.retry) == "later-with-backoff"
    assert result.code is None and result.raw == body


def test_a_provider_envelope_wins_over_the_http_status() -> None:
    assert diagnose('{"type":"error","code":"207"}', http_status=503).entry is lookup("207")
    failure = diagnose('{"message":"Authentication failure","type":"error"}', http_status=401)
    assert failure.entry is lookup("AUTHENTICATION_FAILURE")
    assert diagnose("hello", http_status=404).outcome is Outcome.UNRECOGNISED


# Secrets: an authkey never leaves masked.


@pytest.mark.parametrize(
    "body",
    [
        f'{{"type":"error","message":"Invalid key authkey={AUTHKEY}&mobiles=91"}}',
        f'{{"type":"error","message":"request https://api.example/send?authkey={AUTHKEY}&route=4","code":"999"}}',
        f'{{"type":"error","message":"bad","authkey":"{AUTHKEY}"}}',
        f"<RESPONSE><TYPE>error</TYPE><MESSAGE>x</MESSAGE><AUTHKEY>{AUTHKEY}</AUTHKEY></RESPONSE>",
        f"authkey: {AUTHKEY}",
        f"Authkey = {AUTHKEY}",
    ],
)
def test_an_authkey_in_a_response_is_masked_everywhere(body: str) -> None:
    result = diagnose(body)
    shown = _everything_shown(result)
    assert AUTHKEY not in shown
    assert "3664\u2026XY" in shown
    assert result.raw == body, "the diagnosis keeps the body; only what is shown is masked"


def test_the_command_line_never_prints_an_authkey(tmp_path: Path) -> None:
    body = f'{{"type":"error","message":"Invalid authkey={AUTHKEY}","code":"999"}}'.encode()
    for args in (
        ("parse",),
        ("parse", "--json"),
        ("check", "-"),
        ("check", "-", "--format", "json"),
        ("check", "-", "--format", "junit"),
        ("check", "-", "--format", "github"),
    ):
        run = run_cli(*args, stdin=body)
        assert AUTHKEY not in run.stdout + run.stderr, args


def test_check_warns_about_authkeys_in_clear_text_and_never_echoes_them(tmp_path: Path) -> None:
    log = tmp_path / "traffic.jsonl"
    log.write_text(
        json.dumps({"id": 1, "body": "code: 207", "request": {"url": f"https://api/send?authkey={AUTHKEY}"}})
        + "\n"
        + json.dumps({"id": 2, "body": "3763646c3058373530393832", "request": {"headers": {"authkey": AUTHKEY}}})
        + "\n",
        encoding="utf-8",
    )
    human = run_cli("check", str(log))
    assert AUTHKEY not in human.stdout + human.stderr
    assert f"warning: 2 inputs hold an authkey in clear text (first: {log}:1)" in human.stdout
    as_json = run_cli("check", str(log), "--format", "json")
    assert json.loads(as_json.stdout)["summary"]["authkeys_in_clear"] == 2
    assert "warning: 2 inputs hold an authkey in clear text" in as_json.stderr
    assert AUTHKEY not in as_json.stdout + as_json.stderr


# Fuzzing: arbitrary bytes and near-misses of real envelopes, with a secret planted.

_envelopes = st.sampled_from(
    [
        '{{"type":"{t}","message":"{m}","code":"{c}"}}',
        "<RESPONSE><TYPE>{t}</TYPE><MESSAGE>{m}</MESSAGE><CODE>{c}</CODE></RESPONSE>",
        "code: {c} {m}",
        "{m}",
        'data={m}{{"requestId":"{c}","number":"{t}","status":"{c}"}}',
    ]
)
_pieces = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)


@given(_envelopes, _pieces, _pieces, _pieces, st.sampled_from(["authkey=", '"authkey":"', "authkey: ", "<authkey>"]))
def test_no_planted_authkey_is_ever_shown(template: str, t: str, m: str, c: str, carrier: str) -> None:
    body = template.format(t=t, m=f"{m} {carrier}{AUTHKEY}", c=c)
    for result in [diagnose(body), *diagnose_report(body)]:
        assert AUTHKEY not in _everything_shown(result)


@given(st.lists(st.binary(max_size=200), max_size=20))
def test_the_check_reader_never_raises_on_arbitrary_lines(lines: list[bytes]) -> None:
    log = b"\n".join(lines)
    for reports in (False, True):
        for item in read_items([None], io.BytesIO(log), ReadOptions(reports, 150, stdin_is_jsonl=True)):
            assert item.diagnosis is not None or item.problem


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


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_content_type_charset_may_name_utf16_or_utf32(encoding: str) -> None:
    """The header is read apart from the body, so a body in UTF-16 or UTF-32 without a BOM is read
    as its header says (red team: it was read as UTF-8, and so unrecognised)."""
    text = '{"type":"error","message":"Missing Authentication Key","code":"106"}'
    result = diagnose(text.encode(encoding), content_type=f"application/json; charset={encoding}")
    assert result == diagnose(text) and result.entry is lookup("106")
