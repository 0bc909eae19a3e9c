"""The shapes the API sends read alike both ways: the shortcut reader's reading of any variant of
them (keys reordered or spelled otherwise, extra or repeated keys, whitespace, case, nested
errors, bodies that say two things, XML with a declaration, a DTD, entities or namespaces) is the
general reader's, whenever it gives one; and what the diagnosis says is what the general
reading, decided afresh, says. A body that says two things stays unrecognised on either path."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from diagnose import diagnose, load_catalog
from diagnose.responses.fast_read import fast_read
from diagnose.responses.interpret import decide_afresh
from diagnose.responses.read import read
from diagnose.vocabulary import Outcome

REQUEST_ID = "3763646c3058373530393832"
_values = st.one_of(
    st.none(),
    st.sampled_from(["error", "ERROR", " Error ", "success", "fail", "Failed", "failure", "pending", "", "  "]),
    st.sampled_from(["207", "418", "401", "106", " 311 ", "999", "0207", "1", REQUEST_ID]),
    st.sampled_from(["Invalid authentication key", "Unauthorized", "IP is not whitelisted", "Missing mobile no."]),
    st.sampled_from(["OTP verified success", "Something went wrong", "error 207", "true", "false"]),
    st.integers(-5, 1200),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.just({"type": "error", "code": "207"}),
    st.just({"errors": "x"}),
    st.just(["Unauthorized"]),
    st.just([]),
    st.text(max_size=6),
)
_type_keys = ["type", "Type", "TYPE", "msgType", "msg_type", "message", "msg", "Message", "code", "Code"]
_other_keys = ["request_id", "requestId", "errors", "error", "status", "hasError", "has_error", "apiError"]
_keys = st.sampled_from([*_type_keys, *_other_keys, "data", "number", "desc", "x"])
_HTTP = st.sampled_from([None, 200, 401, 503])


def _object(pairs: list[tuple[str, object]], space: str) -> str:
    """A JSON object of these pairs in this order, a key given twice kept twice."""
    colon, comma = (":", ",") if space == "" else (": ", ", ")
    inner = comma.join(f"{json.dumps(key)}{colon}{json.dumps(value)}" for key, value in pairs)
    return "{" + inner + "}"


def _agrees(text: str, http_status: int | None = None) -> None:
    shortcut = fast_read(text)
    general = read(text)
    if shortcut is not None:
        assert shortcut == general, text
    catalog = load_catalog()
    assert diagnose(text, http_status=http_status) == decide_afresh(general, text, http_status, catalog), text
    again = text.encode("utf-8", "surrogatepass")
    assert diagnose(again, http_status=http_status) == decide_afresh(general, text, http_status, catalog), text


@given(st.lists(st.tuples(_keys, _values), max_size=6), st.sampled_from(["", " "]), _HTTP)
@example([("type", "error"), ("message", "Invalid authentication key"), ("code", "207")], "", None)
@example([("code", "207"), ("type", "error"), ("message", "Invalid authentication key")], " ", 200)
@example([("msgType", "error"), ("msg", "Route Missing")], "", 404)
@example([("type", "success"), ("request_id", REQUEST_ID)], "", None)
@example([("type", "success"), ("message", REQUEST_ID)], " ", None)
@example([("type", "error"), ("type", "success")], "", None)
@example([("type", "error"), ("msgType", "success")], "", None)
@example([("message", "Unauthorized"), ("msg", "Invalid authentication key")], "", None)
@example([("type", "success"), ("message", REQUEST_ID), ("errors", "Unauthorized")], "", None)
@example([("type", "error"), ("code", "207"), ("data", {"type": "error", "code": "418"})], "", None)
def test_type_family_variants_read_alike(pairs: list[tuple[str, object]], space: str, http_status: int | None) -> None:
    _agrees(_object(pairs, space), http_status)


_V5 = [("status", "fail"), ("hasError", True), ("errors", "Unauthorized"), ("code", "401"), ("apiError", "418")]


@given(
    st.permutations(_V5),
    st.lists(st.tuples(st.sampled_from([0, 1, 2, 3, 4]), _values), max_size=2),
    st.lists(st.tuples(_keys, _values), max_size=2),
    st.sampled_from(["", " "]),
    _HTTP,
)
@example(_V5, [], [], "", None)
@example(_V5, [(1, False)], [], "", None)
@example(_V5, [(0, "success")], [], "", None)
@example(_V5, [], [("data", None)], "", 500)
@example(_V5, [], [("type", "success")], "", None)
@example(_V5, [], [("hasError", True)], "", None)
@example(_V5, [], [("data", {"hasError": True})], "", None)
def test_v5_fail_envelope_variants_read_alike(
    order: list[tuple[str, object]],
    changed: list[tuple[int, object]],
    extra: list[tuple[str, object]],
    space: str,
    http_status: int | None,
) -> None:
    pairs = list(order)
    for index, value in changed:
        pairs[index] = (pairs[index][0], value)
    _agrees(_object(pairs + extra, space), http_status)


_DECLARATIONS = [
    "",
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<?xml version="1.0"?>',
    "<?xml version='1.0' encoding='utf-8' standalone='yes'?>\r\n",
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE response [<!ENTITY e "error">]>\n',
    '<?xml version="1.0"?><!-- a comment -->',
    "<?xml-stylesheet href='x'?>",
]
_tags = st.sampled_from(["type", "TYPE", "Type", "message", "MESSAGE", "code", "CODE", "msg", "status", "x"])
_xml_values = st.one_of(
    st.sampled_from(["error", "success", "418", "207", "IP is not whitelisted", REQUEST_ID, "", " error "]),
    st.sampled_from(["&e;", "&amp;", "<![CDATA[error]]>", "a\r\nb", "<b>418</b>", "Unauthorized"]),
    st.text(alphabet="ab <>&;\n", max_size=5),
)


@given(
    st.sampled_from(_DECLARATIONS),
    st.sampled_from(["response", "RESPONSE", "r", 'response xmlns="urn:x"', "html"]),
    st.lists(st.tuples(_tags, _xml_values), max_size=4),
    st.sampled_from(["", "\n", " "]),
    st.sampled_from(["", "\n"]),
    _HTTP,
)
@example(
    _DECLARATIONS[1],
    "response",
    [("type", "error"), ("message", "IP is not whitelisted"), ("code", "418")],
    "",
    "\n",
    None,
)
@example(_DECLARATIONS[1], "response", [("type", "error"), ("type", "success")], "", "", None)
@example(_DECLARATIONS[4], "response", [("type", "&e;"), ("code", "418")], "", "", None)
@example(_DECLARATIONS[0], 'response xmlns:a="urn:a"', [("type", "error"), ("code", "418")], "", "", None)
def test_declared_and_lower_case_xml_variants_read_alike(  # noqa: PLR0917 - hypothesis gives them by position
    declaration: str,
    root: str,
    fields: list[tuple[str, str]],
    between: str,
    after: str,
    http_status: int | None,
) -> None:
    name = root.split(maxsplit=1)[0]
    inner = between.join(f"<{tag}>{value}</{tag}>" for tag, value in fields)
    _agrees(f"{declaration}<{root}>{inner}</{name}>{after}", http_status)


@pytest.mark.parametrize(
    "body",
    [
        '{"type":"error","message":"Invalid authentication key","code":"207"}',
        '{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}',
        '{"status":"fail","hasError":true,"data":null,"errors":"Something went wrong"}',
        '{"type":"error","msg":"Route Missing"}',
        '{"msgType":"error","msg":"Route Missing"}',
        '{"type":"success","request_id":"3167686b6e30353231343831"}',
        '{"message":"3763646c3058373530393832","type":"success"}',
        '<?xml version="1.0" encoding="UTF-8"?>\n<response><type>error</type><message>IP is not whitelisted'
        "</message><code>418</code></response>\n",
        "<RESPONSE><TYPE>error</TYPE><MESSAGE>Missing mobile no.</MESSAGE><CODE>101</CODE></RESPONSE>",
    ],
)
def test_the_shapes_the_api_sends_take_the_shortcut(body: str) -> None:
    shortcut = fast_read(body)
    assert shortcut is not None and shortcut == read(body)


@pytest.mark.parametrize(
    "body",
    [
        '{"type":"error","type":"success","code":"207"}',
        '{"type":"error","msgType":"success","code":"207"}',
        '{"type":"error","Type":"success","code":"207"}',
        '{"type":"success","message":"3763646c3058373530393832","errors":"Unauthorized"}',
        '{"status":"fail","hasError":false,"errors":"Unauthorized","code":"401","apiError":"418"}',
        '{"status":"success","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}',
        '{"type":"error","code":"207","apiError":"418"}',
        '{"type":"error","message":"Invalid authentication key","msg":"IP is not whitelisted"}',
        '{"type":"error","code":"207","message":"IP is not whitelisted"}',
        '<?xml version="1.0"?><response><type>error</type><type>success</type><code>418</code></response>',
        '<?xml version="1.0"?><response><type>success</type><code>418</code></response>',
    ],
)
def test_a_body_that_says_two_things_stays_unrecognised_on_both_paths(body: str) -> None:
    shortcut = fast_read(body)
    assert shortcut is None or shortcut == read(body)
    for given_as in (body, body.encode()):
        result = diagnose(given_as)
        assert result.outcome is Outcome.UNRECOGNISED, body
        assert diagnose(given_as) == result  # the second call, with the decision kept, says the same


def test_a_kept_decision_is_given_with_each_body_as_its_own() -> None:
    compact = '{"type":"error","message":"Invalid authentication key","code":"207"}'
    spaced = '{"type": "error", "message": "Invalid authentication key", "code": "207"}'
    first, second = diagnose(compact), diagnose(spaced)
    assert first.raw == compact and second.raw == spaced
    assert first.replace(raw=spaced) == second
    assert diagnose(compact, http_status=503) == decide_afresh(read(compact), compact, 503, load_catalog())
