"""Grammar-based fuzzing: near-misses of every envelope and webhook shape the product reads,
built from hostile tokens, with an authkey and a phone number planted, then mutated byte by byte.

Every promise is checked on each: the readers (without their last-resort boundary) never raise;
every rendering encodes as UTF-8, shows neither secret, and has no control character; the check
reader turns any line into an item. CI runs a fixed-seed profile; HYPOTHESIS_PROFILE=long runs
20,000 examples a test.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from diagnose import Diagnosis, Outcome
from diagnose.delivery.reports import diagnose_report_unguarded
from diagnose.logs.reader import LineReader, ReadOptions
from diagnose.responses.decode import decode
from diagnose.responses.pipeline import diagnose_unguarded

from .hostile_corpus import AUTHKEY, LEAKS, PHONE
from .shown import UNSAFE

TOKENS = [
    *("error", "success", "fail", "code", "207", "1", "0", "-1", "999", " ", "\n", "\r", "\t", "\x00", "\x1b["),
    *("<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&quot;", "&#0;", "<!DOCTYPE", "<?xml"),
    *('"', "'", "\\", "\\u0000", "\\ud800", "{", "}", "[", "]", ":", "=", "&", "%", "%2B", "%22", "+"),
    *(f"authkey={AUTHKEY}", f'"authkey":"{AUTHKEY}"', f"<authkey>{AUTHKEY}</authkey>", PHONE, f"+{PHONE}"),
    *("\u202e", "\u2028", "\x85", "\udce9", "é", "\ufeff", "::error::", "9" * 20),
]
hostile_text = st.lists(st.sampled_from(TOKENS), max_size=8).map("".join)
key_names = st.sampled_from(["type", "TYPE", "Type", "message", "msg", "msgType", "code", "Code", "request_id"])
key_names |= st.sampled_from(["requestId", "status", "hasError", "errors", "apiError", "data", "authkey", "number"])
key_names |= st.sampled_from(["desc", "failedReason", "report", "event", "mobiles"]) | hostile_text
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.integers(min_value=10**30, max_value=10**40),
    st.floats(allow_nan=True),
    hostile_text,
    st.sampled_from(["error", "success", "207", "2", "1", PHONE, "3763646c3058343736393231"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(key_names, inner, max_size=5),
    max_leaves=16,
)


@st.composite
def json_bodies(draw: st.DrawFn) -> str:
    value = draw(st.dictionaries(key_names, json_values, max_size=6) | json_values)
    text = json.dumps(value, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1])))
    return draw(st.sampled_from(["", " ", "\ufeff", "noise "])) + text + draw(st.sampled_from(["", "\n", " }"]))


def _xml_text(text: str, how: str) -> str:
    if how == "cdata":
        return f"<![CDATA[{text}]]>"
    if how == "escaped":
        return text.replace("&", "&amp;").replace("<", "&lt;")
    return text


@st.composite
def xml_bodies(draw: st.DrawFn) -> str:
    fields = draw(
        st.lists(st.tuples(key_names, hostile_text, st.sampled_from(["raw", "escaped", "cdata"])), max_size=5)
    )
    root = draw(st.sampled_from(["RESPONSE", "response", "r", "ns:RESPONSE", "html"]))
    attributes = draw(st.sampled_from(["", ' xmlns="urn:x"', ' type="v5"', ' xmlns:ns="urn:y"']))
    inner = "".join(f"<{name}>{_xml_text(text, how)}</{name}>" for name, text, how in fields)
    codec = draw(st.sampled_from(["utf-8", "rot13", "hex", "utf-16", "utf-7", "idna", "latin-1", "bogus"]))
    head = draw(st.sampled_from(["", f'<?xml version="1.0" encoding="{codec}"?>', "<!-- c -->", "<!DOCTYPE r>"]))
    return f"{head}<{root}{attributes}>{inner}</{root}>"


@st.composite
def string_bodies(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["", "code", "code:", "Error code ", "207", "207: ", "error", "3763646c30"]))
    return prefix + draw(hostile_text)


@st.composite
def webhook_bodies(draw: st.DrawFn) -> str:
    record = draw(st.dictionaries(key_names, json_values, max_size=6))
    record.setdefault("number", draw(st.sampled_from([PHONE, f"+{PHONE}", "", "x"])))
    shape = draw(st.sampled_from(["flat", "list", "form", "data-string", "event"]))
    if shape == "flat":
        return json.dumps(record)
    if shape == "list":
        return json.dumps([{"requestId": "r", "report": [record]}])
    if shape == "form":
        extra = draw(st.sampled_from(["", "&", "&x=1", "&" * 70]))
        return f"data={quote(json.dumps([record]))}{extra}"
    if shape == "data-string":
        return json.dumps({"data": json.dumps([record])})
    return json.dumps([{"event": draw(hostile_text), "data": [record]}])


@st.composite
def mutated(draw: st.DrawFn, bodies: st.SearchStrategy[str]) -> bytes:
    data = bytearray(draw(bodies).encode("utf-8", "surrogatepass"))
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at:]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
    return bytes(data)


ALL_BODIES = st.one_of(json_bodies(), xml_bodies(), string_bodies(), webhook_bodies())


PLANTED_KEYS = [f"authkey={AUTHKEY}", f'"authkey":"{AUTHKEY}"', f"<authkey>{AUTHKEY}</authkey>"]
KEY_LEAK, PHONE_LEAK = LEAKS


def _check_promises(diagnosis: Diagnosis, body: object) -> None:
    """``body`` is what was read: a key counts as planted while its name and syntax are intact
    (a mutation that breaks them leaves text that is no longer an authkey's)."""
    assert isinstance(diagnosis.outcome, Outcome)
    shown = [str(diagnosis), repr(diagnosis), json.dumps(diagnosis.to_dict(), ensure_ascii=False)]
    shown[2].encode("utf-8")
    seen = body if isinstance(body, str) else repr(body)
    key_planted = any(key in seen for key in PLANTED_KEYS) or any(
        key.encode() in body for key in PLANTED_KEYS if isinstance(body, bytes)
    )
    for text in shown:
        assert PHONE_LEAK not in text, text
        assert not key_planted or KEY_LEAK not in text, text
    for text in shown[:2]:
        assert not UNSAFE.search(text) and "\n" not in text, text


@given(mutated(ALL_BODIES))
def test_near_misses_of_every_envelope_keep_every_promise(body: bytes) -> None:
    text = body.decode("utf-8", "surrogateescape")
    _check_promises(diagnose_unguarded(body), body)
    _check_promises(diagnose_unguarded(text), text)
    _check_promises(diagnose_unguarded(body, content_type="text/plain; charset=rot13"), body)


@given(mutated(ALL_BODIES))
def test_near_misses_of_every_webhook_shape_keep_every_promise(body: bytes) -> None:
    text = body.decode("utf-8", "surrogateescape")
    for report in diagnose_report_unguarded(body):
        _check_promises(report, body)
    for report in diagnose_report_unguarded(text, content_type="text/plain"):
        _check_promises(report, text)


@given(st.dictionaries(key_names, json_values, max_size=6) | st.lists(json_values, max_size=4))
def test_any_decoded_json_value_keeps_every_promise(value: dict[str, object] | list[object]) -> None:
    _check_promises(diagnose_unguarded(value), json.dumps(value, separators=(",", ":")))
    for report in diagnose_report_unguarded(value):
        _check_promises(report, json.dumps(value, separators=(",", ":")))


@given(st.one_of(mutated(ALL_BODIES), st.binary(max_size=512)), st.booleans())
def test_the_check_reader_turns_any_line_into_items(line: bytes, reports: bool) -> None:
    reader = LineReader(ReadOptions(reports=reports))
    record = json.dumps({"id": line.decode("utf-8", "replace"), "body": line.decode("utf-8", "replace")}).encode()
    for raw in (line, record):
        for item in reader.line_items("log.jsonl", 1, raw.replace(b"\n", b" ")):
            assert item.diagnosis is not None or item.problem
            if item.diagnosis is not None:
                _check_promises(item.diagnosis, raw)


@given(mutated(ALL_BODIES))
def test_the_same_bytes_get_the_same_answer_through_every_path(body: bytes) -> None:
    """bytes, bytearray, memoryview, a response object and the check command's file reader all
    take the one step from bytes to text, so they give one answer; str is the decoded text."""
    general = diagnose_unguarded(bytearray(body))
    assert diagnose_unguarded(body) == general
    assert diagnose_unguarded(memoryview(body)) == general
    assert diagnose_unguarded(_Response(body)) == general.replace(http_status=200)
    (item,) = LineReader(ReadOptions()).body("a.json", None, None, body)
    assert item.diagnosis == general
    text, _ = decode(body)  # the text the bytes stand for, by their BOM or declaration
    assert diagnose_unguarded(text).outcome is general.outcome
    assert diagnose_unguarded(text).entry is general.entry


class _Response:
    """What requests and httpx responses offer diagnose(): content, status_code, headers."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.status_code = 200
        self.headers: dict[str, str] = {}
