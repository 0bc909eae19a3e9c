"""Property tests: diagnose() never raises, and every entry survives every envelope.

The "never raises" properties call the readers without their last-resort boundary, so that a
failure is found rather than turned into an unrecognised diagnosis.
"""

from __future__ import annotations

import json
import random
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from diagnose import Diagnosis, Entry, Outcome, diagnose, diagnose_report, entries
from diagnose.delivery.reports import diagnose_report_unguarded
from diagnose.responses.pipeline import diagnose_unguarded

answers = [entry for entry in entries() if entry.phase in ("request", "otp")]
statuses = [entry for entry in entries() if entry.phase == "delivery"]
coded = [entry for entry in answers if entry.code is not None]
text_only = [entry for entry in answers if entry.code is None]


@given(st.binary(max_size=2048))
def test_never_raises_on_any_bytes(data: bytes) -> None:
    result = diagnose_unguarded(data)
    assert isinstance(result, Diagnosis)
    json.dumps(result.to_dict())
    str(result)


@given(
    st.sampled_from(
        [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"<?xml encoding='utf-16'?>"]
    ),
    st.binary(max_size=64),
)
def test_never_raises_on_bytes_behind_a_bom_or_declaration(prefix: bytes, data: bytes) -> None:
    assert isinstance(diagnose_unguarded(prefix + data), Diagnosis)


@given(st.text(max_size=2048))
def test_never_raises_on_any_str(text: str) -> None:
    result = diagnose_unguarded(text)
    assert result.raw == text.removeprefix("\ufeff")
    json.dumps(result.to_dict())
    str(result)


_near_misses = st.one_of(
    st.builds(
        lambda t, m, c: json.dumps({"type": t, "message": m, "code": c}),
        st.one_of(st.none(), st.text(max_size=10), st.integers()),
        st.one_of(st.none(), st.text(max_size=30)),
        st.one_of(st.none(), st.text(max_size=6), st.integers(-10, 10_000), st.floats(), st.booleans()),
    ),
    st.builds(
        lambda t, c: f"<RESPONSE><TYPE>{t}</TYPE><CODE>{c}</CODE></RESPONSE>", st.text(max_size=10), st.text(max_size=6)
    ),
    st.builds(
        lambda p, c: f"{p}{c}", st.sampled_from(["code:", "code ", "Error code ", "", "<", "{"]), st.text(max_size=8)
    ),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=10,
    ).map(json.dumps),
)


@given(_near_misses)
def test_never_raises_on_near_misses_of_real_envelopes(body: str) -> None:
    assert isinstance(diagnose_unguarded(body), Diagnosis)
    assert isinstance(diagnose_unguarded(body.encode("utf-8", "surrogatepass")), Diagnosis)


def _render(entry: Entry, envelope: str, rng: random.Random) -> str:
    """The entry as the API would send it in one envelope, with varied key order and code types."""
    message = entry.match[rng.randrange(len(entry.match))] if entry.match else entry.title
    code = entry.code
    if envelope == "string":
        return rng.choice([f"code: {code}", f"code:{code}", f"{code}: {message}"]) if code else message
    if envelope == "json":
        fields: dict[str, object] = {"type": rng.choice(["error", "ERROR", "Error"]), "message": message}
        if code:
            fields["code"] = int(code) if rng.random() < 0.5 else code
        keys = list(fields)
        rng.shuffle(keys)
        return json.dumps({key: fields[key] for key in keys}, ensure_ascii=rng.random() < 0.5)
    upper = envelope == "XML"
    tags = [("TYPE", "error"), ("MESSAGE", message)] + ([("CODE", code)] if code else [])
    rng.shuffle(tags)
    inner = "".join(f"<{t if upper else t.lower()}>{_escape(v)}</{t if upper else t.lower()}>" for t, v in tags)
    return f"<RESPONSE>{inner}</RESPONSE>" if upper else f"<response>{inner}</response>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@given(
    entry=st.sampled_from(answers),
    envelope=st.sampled_from(["string", "json", "XML", "xml"]),
    seed=st.integers(0, 2**32),
    as_bytes=st.booleans(),
)
def test_every_entry_diagnoses_back_from_every_envelope(entry: Entry, envelope: str, seed: int, as_bytes: bool) -> None:
    body = _render(entry, envelope, random.Random(seed))
    result = diagnose(body.encode("utf-8") if as_bytes else body)
    assert result.outcome is Outcome.ERROR, (body, result.reason)
    assert result.entry is entry, body
    wire = None if result.code is None else str(int(result.code)) if result.code.isdigit() else result.code
    expected = None if entry.code is None else str(int(entry.code)) if entry.code.isdigit() else entry.code
    assert wire == expected or (result.code is None and envelope != "string" and not entry.code)


def test_the_catalog_has_every_kind_of_entry() -> None:
    assert len(coded) >= 45 and len(text_only) >= 12 and len(statuses) >= 6


def _webhook(entry: Entry, shape: str, rng: random.Random) -> str:
    """One delivery report for ``entry`` in one of the webhook shapes, as the provider sends it."""
    report: dict[str, object] = {"number": f"9198{rng.randrange(10**8):08d}"}
    if entry.code:
        report["status"] = entry.code
    if entry.match or not entry.code:
        report["desc" if rng.random() < 0.5 else "description"] = rng.choice(entry.match).upper()
    if rng.random() < 0.5 and entry.outcome is not Outcome.SUCCESS:  # a delivered report with one says two things
        report["failedReason"] = "Absent subscriber"
    request = {"requestId": "546b384ce51f8f1e1e8b4567", "report": [report]}
    if shape == "form":
        return "data=" + quote(json.dumps([request]), safe="")
    if shape == "data-field":
        return json.dumps({"data": json.dumps([request])})
    if shape == "flat":
        return json.dumps({"requestId": "546b384ce51f8f1e1e8b4567", **report})
    event = {"requestId": "546b384ce51f8f1e1e8b4567", **{k: v for k, v in report.items() if k != "status"}}
    return json.dumps([{"data": [event], "event": str(entry.match[0]).lower() if entry.match else "x"}])


@given(
    entry=st.sampled_from(statuses),
    shape=st.sampled_from(["form", "data-field", "flat", "event"]),
    seed=st.integers(0, 2**32),
)
def test_every_status_diagnoses_back_from_every_webhook_shape(entry: Entry, shape: str, seed: int) -> None:
    if shape == "event" and not entry.match:
        return  # a status known only by its number cannot travel in the event form, which has none
    body = _webhook(entry, shape, random.Random(seed))
    (report,) = diagnose_report(body)
    assert report.entry is entry, body
    assert report.outcome is entry.outcome
    assert report.number is not None and report.number[-4:] in str(report) and report.number not in str(report)


@given(st.binary(max_size=1024))
def test_diagnose_report_never_raises_on_any_bytes(data: bytes) -> None:
    for report in diagnose_report_unguarded(data):
        json.dumps(report.to_dict())
        str(report)


@given(st.text(max_size=1024))
def test_diagnose_report_never_raises_on_any_str(text: str) -> None:
    assert all(isinstance(report, Diagnosis) for report in diagnose_report_unguarded(text))
