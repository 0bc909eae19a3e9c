"""What real clients, proxies and loggers do to a body, applied to every catalog example: each
variant must mean what the example means. And where a variant is ambiguous, the answer is
"unrecognised, because ...", never a guess."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import pytest

from diagnose import diagnose
from diagnose.catalog.model import Entry, Example, load_catalog
from diagnose.vocabulary import Format, Outcome

CATALOG = load_catalog()


def _json_variants(body: str) -> Iterator[tuple[str, str]]:
    value = json.loads(body)
    yield "keys in upper case", json.dumps({k.upper(): v for k, v in value.items()})
    yield "keys capitalised", json.dumps({k.capitalize(): v for k, v in value.items()})
    yield "pretty-printed with CRLF", json.dumps(value, indent=2).replace("\n", "\r\n") + "\r\n"
    yield "a logger's prefix", f"2026-11-25T10:00:00Z INFO sms provider answered: {body}"
    yield "a logger's prefix and suffix", f"[sms] response={body} (took 212 ms)"
    yield "a chunked-encoding trailer", body + "\r\n0\r\n\r\n"
    yield "Python's repr of the decoded value", repr(value)
    yield "Node's console rendering", _node_rendering(value)
    code = value.get("code")
    if isinstance(code, str) and code.isdigit():
        yield "code as a JSON integer", json.dumps({**value, "code": int(code)})
        yield "code as a JSON float", json.dumps({**value, "code": float(code)})
        yield "code in exponent notation", body.replace(f'"code":"{code}"', f'"code":{int(code) / 10}e1')


def _node_rendering(value: dict[str, object]) -> str:
    """How ``console.log(JSON.parse(body))`` prints an object: bare keys, single quotes."""

    def show(item: object) -> str:
        if isinstance(item, str):
            return "'" + item.replace("\\", "\\\\").replace("'", "\\'") + "'"
        if isinstance(item, dict):
            return _node_rendering(item)
        return json.dumps(item)

    key = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
    fields = [f"{k if key.match(k) else show(k)}: {show(v)}" for k, v in value.items()]
    return "{ " + ", ".join(fields) + " }"


def _xml_variants(body: str) -> Iterator[tuple[str, str]]:
    root = re.match(r"<([A-Za-z]+)>", body)
    assert root is not None
    name = root.group(1)
    yield "a default namespace", body.replace(f"<{name}>", f'<{name} xmlns="urn:example:sms">', 1)
    yield (
        "a prefixed namespace",
        re.sub(r"<(/?)([A-Za-z]+)>", r"<\1p:\2>", body).replace(
            f"<p:{name}>", f'<p:{name} xmlns:p="urn:example:sms">', 1
        ),
    )
    yield "elements on lines of their own, CRLF", re.sub(r"><(?!/)", ">\r\n  <", body) + "\r\n"
    yield "an XML declaration", '<?xml version="1.0" encoding="UTF-8"?>\n' + body
    yield "HTTP headers logged before it", f"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n{body}"
    yield "a logger's prefix", f"INFO response: {body}"


def _string_variants(body: str) -> Iterator[tuple[str, str]]:
    yield "a trailing CRLF", body + "\r\n"
    yield "spaces around it", f"  {body} \n"


VARIANTS: dict[Format, Callable[[str], Iterator[tuple[str, str]]]] = {
    Format.JSON: _json_variants,
    Format.XML: _xml_variants,
    Format.STRING: _string_variants,
}


def _cases() -> Iterator[tuple[str, Entry, Example, str]]:
    for entry in CATALOG.entries:
        if entry.phase not in ("request", "otp"):
            continue
        for example in entry.examples:
            variants = VARIANTS.get(example.format)
            if variants is None:
                continue
            for label, variant in variants(example.body):
                yield f"{entry.name}: {label} ({example.body[:40]})", entry, example, variant


CASES = list(_cases())


def test_the_corpus_covers_every_api_entry_and_each_kind_of_change() -> None:
    names = {entry.name for _, entry, _, _ in CASES}
    api_entries = {e.name for e in CATALOG.entries if e.phase in ("request", "otp")}
    assert names == api_entries
    assert len(CASES) > 600


@pytest.mark.parametrize(("label", "entry", "example", "variant"), CASES, ids=[case[0] for case in CASES])
def test_a_changed_body_means_what_the_example_means(label: str, entry: Entry, example: Example, variant: str) -> None:
    original = diagnose(example.body, http_status=example.http_status)
    changed = diagnose(variant, http_status=example.http_status)
    assert changed.entry == entry, (label, changed.reason)
    assert (changed.outcome, changed.http_status, changed.request_id) == (
        original.outcome,
        original.http_status,
        original.request_id,
    )


AMBIGUOUS = [
    (
        '{"type":"success","message":"3763646c3058373530393832"} {"type":"error","message":"Missing message"}',
        "Extra data",
    ),
    (
        'log: {"type":"success","message":"3763646c3058373530393832"} then {"type":"error","code":"102"}',
        "not a request ID, a code or a message",
    ),
    ('{"status":"success","hasError":true,"errors":"Unauthorized","apiError":"418"}', "contradicts itself"),
    ('{"status":"fail","hasError":false,"errors":"Unauthorized","apiError":"418"}', "contradicts itself"),
    ("{ type: error, message: 'Missing message' }", "malformed JSON"),
    ("{ type: 'error', message: 'Missing message', code: 0x66 }", "malformed JSON"),
]


@pytest.mark.parametrize(("body", "because"), AMBIGUOUS)
def test_an_ambiguous_body_is_unrecognised_and_says_why(body: str, because: str) -> None:
    diagnosis = diagnose(body)
    assert diagnosis.outcome is Outcome.UNRECOGNISED, diagnosis
    assert because in (diagnosis.reason or ""), diagnosis.reason
    assert diagnosis.raw == body


def test_an_envelope_inside_an_html_page_is_not_salvaged() -> None:
    page = '<html><body><pre>{"type":"error","message":"Missing message","code":"102"}</pre></body></html>'
    diagnosis = diagnose(page)
    assert diagnosis.entry is not None and diagnosis.entry.name == "TRANSPORT_GATEWAY_PAGE"
    assert diagnosis.reason == "an HTML page, not a provider response"
