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
import json
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from diagnose import (
    Diagnosis,
    Outcome,
    SmsApiError,
    UnrecognisedRequest,
    UnrecognisedResponse,
    diagnose,
    diagnose_report,
    ensure_otp_verified,
    lookup,
    preflight,
    raise_for_error,
    trace,
)
from diagnose.batch import diagnose_lines, diagnose_many
from diagnose.exceptions import AuthenticationError, IpSecurityError
from diagnose.responses.decode import TEXT_ENCODINGS, decode
from diagnose.responses.pipeline import diagnose_unguarded
from diagnose.testing import assert_error, assert_ok

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


# 2. A line is decoded as a file is

LATIN_1 = b'{"type":"error","code":"207","message":"caf\xe9"}'
REPORT_LATIN_1 = (
    b'{"requestId":"' + REQUEST_ID.encode() + b'","report":[{"number":"919876543210","status":"2","desc":"caf\xe9"}]}'
)


def test_a_latin1_byte_in_a_log_line_fails_the_gate_as_the_same_file_does(tmp_path: Path) -> None:
    (tmp_path / "answer.json").write_bytes(LATIN_1)
    (tmp_path / "log.jsonl").write_bytes(LATIN_1 + b"\n" + json.dumps({"body": "code: 311"}).encode() + b"\n")
    record = b'{"id":"a","body":"{\\"type\\":\\"error\\",\\"code\\":\\"207\\",\\"message\\":\\"caf\xe9\\"}"}\n'
    (tmp_path / "records.jsonl").write_bytes(record)
    for name in ("answer.json", "log.jsonl", "records.jsonl"):
        run = run_cli("check", "--allow-invalid", str(tmp_path / name))
        assert run.status == 1, f"{name}: {run.stdout}{run.stderr}"
        assert "207 INVALID_AUTHKEY" in run.stdout, name
        assert "invalid line" not in run.stdout, name
    run = run_cli("parse", "--json", str(tmp_path / "log.jsonl"))
    first = json.loads(run.stdout)[0]
    assert (first["code"], first["message"]) == ("207", "caf\\xe9"), "the byte kept, shown escaped"


def test_a_latin1_byte_in_a_report_line_is_read_as_the_same_file_is(tmp_path: Path) -> None:
    (tmp_path / "report.json").write_bytes(REPORT_LATIN_1)
    (tmp_path / "reports.jsonl").write_bytes(REPORT_LATIN_1 + b"\n")
    shown = []
    for name in ("report.json", "reports.jsonl"):
        run = run_cli("report", "--json", str(tmp_path / name))
        assert run.status == 0, run.stderr
        (row,) = json.loads(run.stdout)
        assert (row["outcome"], row["code"], row["message"]) == ("error", "2", "caf\\xe9"), row
        shown.append({k: v for k, v in row.items() if k not in ("file", "line")})
    assert shown[0] == shown[1]
    (tmp_path / "answers.jsonl").write_text(json.dumps({"body": f'{{"type":"success","message":"{REQUEST_ID}"}}'}))
    run = run_cli("trace", str(tmp_path / "answers.jsonl"), str(tmp_path / "reports.jsonl"), "--json")
    assert json.loads(run.stdout.splitlines()[0])["state"] == "failed", run.stdout + run.stderr
    assert "not records" not in run.stderr


def test_a_log_whose_first_line_has_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    (tmp_path / "log.jsonl").write_bytes(b"\xef\xbb\xbf" + LATIN_1 + b"\n")
    run = run_cli("check", str(tmp_path / "log.jsonl"))
    assert run.status == 1 and "207 INVALID_AUTHKEY" in run.stdout, run.stdout + run.stderr


def test_batch_reads_a_line_as_check_and_a_file_do() -> None:
    (result,) = diagnose_lines([LATIN_1])
    assert (result.outcome, result.code, result.raw) == (Outcome.ERROR, "207", diagnose(LATIN_1).raw)
    (report,) = diagnose_lines([REPORT_LATIN_1], reports=True)
    assert report == diagnose_report(REPORT_LATIN_1)[0]
    assert [r.code for r in diagnose_lines([b"\xef\xbb\xbf" + LATIN_1 + b"\r\n", bytearray(LATIN_1)])] == ["207"] * 2


FIELDS = [
    *(b'"type":"error"', b'"code":"207"', b'"type":"success"', f'"message":"{REQUEST_ID}"'.encode()),
    *(b'"Type":"error"', b'"status":"2"', b'"desc":"caf\xe9"', b'"message":"\xff\xfe"', b'"code":"418"'),
]


@given(st.lists(st.sampled_from(FIELDS), max_size=5), st.sampled_from([b"", b"\xef\xbb\xbf", b" "]))
def test_a_bare_response_line_gets_the_answer_the_same_file_gets(fields: list[bytes], prefix: bytes) -> None:
    """A line that is a response itself (no ``body``) is read from its text, every key it holds
    kept (a repeated key included), as the same bytes in a file are."""
    line = prefix + b"{" + b",".join(fields) + b"}"
    assert list(diagnose_lines([line])) == [diagnose(line)]
    assert list(diagnose_lines([line], reports=True)) == diagnose_report(line)


@given(st.lists(st.sampled_from(FIELDS), max_size=5), st.sampled_from([b"", b'"id":"a",', b'"http_status":200,']))
def test_a_record_whose_body_object_gives_a_key_twice_gets_the_answer_the_body_gets(
    fields: list[bytes], before: bytes
) -> None:
    """A body logged as a JSON object is read as that object written in a file is, every pair it
    gives kept: json.loads would keep the last value of a key given twice, and hide the first."""
    body = b"{" + b",".join(fields) + b"}"
    record = b"{" + before + b'"body":' + body + b"}"
    status = 200 if before.startswith(b'"http') else None
    (result,) = diagnose_lines([record])
    assert _answer(result) == _answer(diagnose(body, http_status=status))
    assert [_answer(r) for r in diagnose_lines([record], reports=True)] == [_answer(r) for r in diagnose_report(body)]


def test_a_record_that_gives_its_body_or_status_twice_says_two_things(tmp_path: Path) -> None:
    error, success = '{"type":"error","code":"207"}', f'{{"type":"success","message":"{REQUEST_ID}"}}'
    lines = [
        f'{{"id":"a","body":{json.dumps(error)},"body":{json.dumps(success)}}}',
        f'{{"id":"b","body":{success},"http_status":503,"http_status":200}}',
        f'{{"id":"c","body":{success},"content_type":"text/plain","content_type":"application/json"}}',
        f'{{"id":"d","body":{json.dumps(success)},"body":{json.dumps(success)}}}',
        f'{{"id":"e","body":{{"type":"success","type":"success","message":"{REQUEST_ID}"}}}}',
        f'{{"id":"f","body":{{"type":"error","code":"207","type":"success","message":"{REQUEST_ID}"}}}}',
    ]
    results = list(diagnose_lines(lines))
    assert [r.outcome for r in results[:3]] == [Outcome.UNRECOGNISED] * 3
    assert results[0].reason == "the record gives the key 'body' twice, with different values: it says two things"
    assert [r.outcome for r in results[3:5]] == [Outcome.SUCCESS] * 2, "the same value twice says one thing"
    assert results[5].outcome is not Outcome.SUCCESS
    assert results[5].raw == f'{{"type":"error","code":"207","type":"success","message":"{REQUEST_ID}"}}', "as written"
    (tmp_path / "log.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_cli("check", "--allow-invalid", str(tmp_path / "log.jsonl"))
    assert run.status == 1 and "2 passed, 4 failed" in run.stdout, run.stdout + run.stderr
    assert "log.jsonl:1: unrecognised: the record gives the key 'body' twice" in run.stdout


def test_a_request_that_gives_a_key_twice_is_read_as_php_reads_it() -> None:
    """A request logged beside its answer is read as the provider reads it (its last value), and
    does not make the answer unrecognised."""
    request = '{"url":"https://api.msg91.com/api/v2/sendsms","body":{"route":"4","route":"1"}}'
    line = f'{{"body":{{"type":"success","message":"{REQUEST_ID}"}},"request":{request}}}'
    (result,) = diagnose_lines([line])
    assert result.outcome is Outcome.SUCCESS


def test_a_request_that_is_not_utf8_is_refused_by_preflight_and_the_command_alike(tmp_path: Path) -> None:
    request = b"https://api.msg91.com/api/sendhttp.php?mobiles=919812345678&message=caf\xe9&route=4"
    with pytest.raises(UnrecognisedRequest, match="not UTF-8"):
        preflight(request)
    (tmp_path / "request.txt").write_bytes(request)
    run = run_cli("preflight", "--format", "json", str(tmp_path / "request.txt"))
    assert "not UTF-8" in run.stdout, run.stdout + run.stderr
    assert run.status == 1


def test_a_request_with_a_byte_order_mark_is_read_by_preflight_and_the_command_alike(tmp_path: Path) -> None:
    request = "https://api.msg91.com/api/sendhttp.php?mobiles=919812345678&message=Hi&route=4"
    from_bytes = preflight(b"\xef\xbb\xbf" + request.encode())
    assert [f.entry.name for f in from_bytes] == [f.entry.name for f in preflight(request)]
    body = '{"sender":"SHOPIN","route":"4","mobiles":"919812345678","message":"Hi"}'
    assert preflight(body.encode("utf-16")) == preflight(body)
    (tmp_path / "request.txt").write_bytes(b"\xef\xbb\xbf" + request.encode())
    run = run_cli("preflight", "--format", "json", str(tmp_path / "request.txt"))
    names = sorted(c["name"] for c in json.loads(run.stdout)["counts"])
    assert names == sorted(f.entry.name for f in from_bytes), run.stdout


# 3. A lone surrogate in a str never raises

SURROGATES = ["\ud800", "\udbff", "\udc00", "\udce9", "\udfff", "\ud83d"]


def _bodies(s: str) -> list[str]:
    return [
        f'{{"type":"error","code":"207","message":"caf{s}"}}',
        f'{{"type":"success","message":"{REQUEST_ID}{s}"}}',
        f'{{"type":"su{s}ccess","message":"{REQUEST_ID}"}}',
        f"<response><type>error</type><code>2{s}07</code><message>{s}</message></response>",
        f"Invalid authkey{s}",
        f"\ufeff{s}",
        f"authkey={s}AbCdEfGhIjKlMnOp",
        f"98765432{s}10",
        f'{{"body":"{s}","http_status":200}}',
        f'{{"requestId":"{REQUEST_ID}","report":[{{"number":"9198{s}76543210","status":"2","desc":"{s}"}}]}}',
    ]


def _rendered(shown: Any) -> None:
    """Every rendering of a diagnosis, finding or journey is text that can be written as UTF-8."""
    for text in (str(shown), repr(shown)):
        text.encode("utf-8")
    if hasattr(shown, "to_dict"):
        json.dumps(shown.to_dict(), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("surrogate", SURROGATES, ids=[f"U+{ord(s):04X}" for s in SURROGATES])
def test_a_lone_surrogate_reaches_every_public_function_without_raising(surrogate: str) -> None:
    for body in _bodies(surrogate):
        for options in ({}, {"format": "json"}, {"format": "xml"}, {"content_type": "text/plain; charset=utf-8"}):
            _rendered(diagnose(body, **options))
        for report in diagnose_report(body):
            _rendered(report)
        record = json.dumps({"body": body}, ensure_ascii=False)
        for lines in ([body], [body.encode("utf-8", "surrogatepass")], [record]):
            for reports in (False, True):
                for result in diagnose_lines(lines, reports=reports):
                    _rendered(result)
        assert list(diagnose_many([body])) == [diagnose(body)]
        for call in (raise_for_error, ensure_otp_verified, assert_ok, lambda b: assert_error(b, 207)):
            try:
                _rendered(call(body))
            except (SmsApiError, AssertionError) as raised:
                _rendered(raised)
        for request in (body, {"authkey": body, "mobiles": body, "message": body, "sender": "SHOPIN", "route": "4"}):
            try:
                for finding in preflight(request):
                    _rendered(finding)
            except UnrecognisedRequest as refused:
                str(refused).encode("utf-8")
        for journey in trace([body], [body]):
            _rendered(journey)


def test_batch_takes_a_str_line_with_a_lone_surrogate_as_the_text_it_is() -> None:
    line = '{"type":"error","code":"207","message":"\ud800"}'
    (result,) = diagnose_lines([line])
    assert result == diagnose(line)
    assert result.code == "207" and result.message == "\ud800"
    (unread,) = diagnose_lines(["{\ud800"])
    assert unread.outcome is Outcome.UNRECOGNISED and unread.raw == "{\ud800"


def test_every_command_writes_a_lone_surrogate_escaped(tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    answers.write_text(
        json.dumps({"id": "a\ud800", "body": '{"type":"error","code":"207","message":"\ud800"}'})
        + "\n"
        + json.dumps({"type": "success", "message": f"{REQUEST_ID}\udfff"})
        + "\n",
        encoding="utf-8",
    )
    reports = tmp_path / "reports.jsonl"
    reports.write_text(json.dumps(json.loads(_bodies("\ud800")[-1])) + "\n", encoding="utf-8")
    requests = tmp_path / "requests.jsonl"
    url = "https://api.msg91.com/api/sendhttp.php?mobiles=9198765\ud80043210&message=\udce9&route=4"
    requests.write_text(json.dumps({"request": url}) + "\n", encoding="utf-8")
    runs = {
        "check": run_cli("check", str(answers)),
        "check --format json": run_cli("check", "--format", "json", str(answers)),
        "check --format junit": run_cli("check", "--format", "junit", str(answers)),
        "check --format github": run_cli("check", "--format", "github", str(answers)),
        "parse": run_cli("parse", str(answers)),
        "parse --json": run_cli("parse", "--json", str(answers)),
        "report": run_cli("report", str(reports)),
        "report --json": run_cli("report", "--json", str(reports)),
        "trace": run_cli("trace", str(answers), str(reports)),
        "trace --json": run_cli("trace", "--json", str(answers), str(reports)),
        "preflight": run_cli("preflight", str(requests)),
    }
    for name, run in runs.items():
        assert "Traceback" not in run.stderr, f"{name}: {run.stderr}"
        assert "\ufffd" not in run.stdout + run.stderr, f"{name}: output that is not UTF-8"
        assert run.status in (0, 1), f"{name}: {run.status} {run.stderr}"
    assert runs["check"].status == 1 and "207 INVALID_AUTHKEY" in runs["check"].stdout
    assert "\\ud800" in runs["parse"].stdout + runs["parse --json"].stdout


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


# 5. A response object whose headers fail


class _Response:
    content = b'{"type":"error","message":"IP not whitelisted","code":"418"}'
    status_code = 429

    def __init__(self, headers: Any = None) -> None:
        self._headers = headers

    @property
    def headers(self) -> Any:
        if self._headers is None:
            raise RuntimeError("the headers cannot be read")
        return self._headers


class _Headers:
    """A headers object whose ``get`` gives ``value`` for Retry-After, or raises it."""

    def __init__(self, value: object) -> None:
        self.value = value

    def get(self, name: str, default: object = None) -> object:
        if name.lower() != "retry-after":
            return default
        if isinstance(self.value, Exception):
            raise self.value
        return self.value


class _Falsy:
    def __bool__(self) -> bool:
        raise RuntimeError("no truth value")


class _Str(str):
    def strip(self, chars: str | None = None) -> str:
        raise RuntimeError("no strip")


def test_raise_for_error_of_a_response_whose_headers_property_raises_is_what_diagnose_says() -> None:
    response = _Response()
    result = diagnose(response)
    assert result.entry is not None and result.entry.name == "IP_NOT_WHITELISTED"  # read by its body
    with pytest.raises(IpSecurityError) as raised:
        raise_for_error(response)
    assert raised.value.retry_after is None and raised.value.diagnosis.entry is result.entry
    with pytest.raises(IpSecurityError):
        ensure_otp_verified(response)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (RuntimeError("get fails"), None),
        (_Falsy(), None),
        (_Str("7"), 7.0),
        (b"7", None),
        (7, None),
        ("9" * 1_000_000, 86_400.0),
        ("0" * 1_000_000 + "7", 7.0),
        ("Mon, 01 Jan 2020 00:00:00 GMT " * 100_000, None),
        ("\ud800", None),
    ],
    ids=["get raises", "no truth value", "str subclass", "bytes", "int", "huge", "zeros", "huge date", "surrogate"],
)
def test_raise_for_error_raises_the_answers_error_whatever_the_retry_after_header(
    value: object, seconds: float | None
) -> None:
    with pytest.raises(IpSecurityError) as raised:
        raise_for_error(_Response(_Headers(value)))
    assert raised.value.retry_after == seconds
    assert raised.value.diagnosis.code == "418"


class _HostileResponse:
    """A response object whose status and headers raise when read."""

    content = b'{"type":"error","message":"Invalid authentication key","code":"207"}'

    @property
    def status_code(self) -> int:
        raise RuntimeError("status gone")

    @property
    def headers(self) -> dict[str, str]:
        raise RuntimeError("headers gone")


def test_a_response_whose_status_and_headers_raise_is_read_by_its_body() -> None:

    result = diagnose(_HostileResponse())
    assert result.entry is not None and result.entry.name == "INVALID_AUTHKEY"
    assert result.http_status is None
    with pytest.raises(AuthenticationError):
        raise_for_error(_HostileResponse())


@pytest.mark.parametrize(
    "codec",
    [
        *("rot13", "hex", "base64", "zlib", "bz2", "uu", "idna", "punycode"),
        *("unicode_escape", "raw_unicode_escape", "charmap", "undefined", "utf-7", "hz", "iso2022_jp", "iso2022_kr"),
    ],
)
def test_a_codec_that_is_not_a_text_encoding_is_ignored(codec: str) -> None:
    body = f'<?xml version="1.0" encoding="{codec}"?><r><type>error</type><code>207</code></r>'.encode()
    assert diagnose_unguarded(body).entry is not None, "read as UTF-8: the declaration cannot apply"
    assert diagnose_unguarded(b'{"type":"error","code":"207"}', content_type=f"application/json; charset={codec}").code


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


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_content_type_charset_may_name_utf16_or_utf32(encoding: str) -> None:
    """The header is read apart from the body, so a body in UTF-16 or UTF-32 without a BOM is read
    as its header says (red team: it was read as UTF-8, and so unrecognised)."""
    text = '{"type":"error","message":"Missing Authentication Key","code":"106"}'
    result = diagnose(text.encode(encoding), content_type=f"application/json; charset={encoding}")
    assert result == diagnose(text) and result.entry is lookup("106")
