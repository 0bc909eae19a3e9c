"""What the provider answers on each of its endpoints, in each format it offers, from the catalog.

An error's answer is one of its entry's examples, chosen by the endpoint's family (the legacy
send APIs, or the v5 APIs and their envelopes); a success's is the envelope the provider wraps a
request ID or one of the catalog's success texts in; a transport failure's is its entry's
example. Nothing here writes a wording of its own: the fake API (``diagnose.fake``) serves these
answers, and the catalog gate (``diagnose.gate``, stage ``fake``) diagnoses every one of them
back to the entry it stands for. Both import this module, which sits below them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import MappingProxyType

from ..records import Record
from ..vocabulary import EntryStatus, Format, Phase
from .model import REQUEST_PHASE, TRANSPORT_PHASE, Catalog, Entry, Example

SENDHTTP = "sendhttp"
V2 = "v2"
FLOW = "flow"
OTP_SEND = "otp"
OTP_VERIFY = "otp-verify"
OTP_RETRY = "otp-retry"
BALANCE = "balance"
UNKNOWN_PATH = "unknown-path"

ENDPOINT_FORMATS = MappingProxyType(
    {
        SENDHTTP: (Format.STRING, Format.JSON, Format.XML),
        V2: (Format.JSON, Format.XML),
        FLOW: (Format.JSON,),
        OTP_SEND: (Format.JSON,),
        OTP_VERIFY: (Format.JSON,),
        OTP_RETRY: (Format.JSON,),
        BALANCE: (Format.STRING,),
        UNKNOWN_PATH: (Format.JSON,),
    }
)
"""The formats each endpoint answers in, its default first (sendhttp.php answers plain text
unless ``response=json`` or ``response=xml``; api/v2/sendsms JSON unless ``response=xml``)."""

V5_ENDPOINTS = frozenset({FLOW, OTP_SEND, OTP_VERIFY, OTP_RETRY, UNKNOWN_PATH})
OTP_ENDPOINTS = frozenset({OTP_SEND, OTP_VERIFY, OTP_RETRY})
SEND_ENDPOINTS = frozenset({SENDHTTP, V2, FLOW})

V5_TYPE_SOURCES = frozenset({"W6W", "V5_OTP"})
"""The catalog's sources whose bodies were answered by the v5 SMS and OTP APIs in their
``type``/``message`` envelope (their descriptions in catalog.yaml say so)."""
FAIL_ENVELOPE_STATUS = 401
"""The HTTP status of the v5 fail envelope (``status: fail, hasError``) the catalog holds."""

OTP_VERIFIED = "OTP verified success"
OTP_RESENT = "retry send successfully"
"""The catalog's success texts the v5 OTP API answers a verify and a retry with."""


class Answer(Record):
    """One answer of the provider: the entry it stands for (None: a success), the endpoint and
    format it is given on, its body and its HTTP status."""

    entry: Entry | None
    endpoint: str
    format: Format
    body: str
    http_status: int = 200


def answers_on(entry: Entry, endpoint: str) -> bool:
    """Whether the provider can give ``entry``'s answer on ``endpoint``: a request error on every
    endpoint, an OTP message on the OTP endpoints, the missing path on an unknown one."""
    if entry.status != EntryStatus.ACTIVE:
        return False
    if endpoint == UNKNOWN_PATH:
        return entry.name == "API_PATH_NOT_FOUND"
    if entry.phase == REQUEST_PHASE:
        return True
    return entry.phase == Phase.OTP and endpoint in OTP_ENDPOINTS


def error_answer(entry: Entry, endpoint: str, format: Format, *, fail_envelope: bool = False) -> Answer | None:
    """``entry``'s answer on ``endpoint`` in ``format``, one of its examples; None when it has
    no example in that format. On a v5 endpoint a v5 envelope is preferred: the fail envelope
    (HTTP 401) when ``fail_envelope``, else the ``type`` envelope the v5 APIs were seen to send."""
    examples = [e for e in entry.examples if e.format == format and e.exception is None]
    if not examples:
        return None
    chosen = _chosen(examples, endpoint, fail_envelope)
    status = chosen.http_status or 200
    return Answer(entry=entry, endpoint=endpoint, format=format, body=chosen.body, http_status=status)


def _chosen(examples: list[Example], endpoint: str, fail_envelope: bool) -> Example:
    plain = [e for e in examples if e.http_status is None]
    if endpoint in V5_ENDPOINTS:
        failing = [e for e in examples if e.http_status == FAIL_ENVELOPE_STATUS]
        typed = [e for e in plain if e.source in V5_TYPE_SOURCES]
        preferred = (failing + typed) if fail_envelope else typed
        if preferred:
            return preferred[0]
    return (plain or examples)[0]


def success_answer(catalog: Catalog, endpoint: str, format: Format, request_id: str) -> Answer:
    """The answer to an accepted request: the request ID in the endpoint's envelope, or on an OTP
    verify or retry the catalog's success text. KeyError when that text is not in the catalog."""
    if endpoint == OTP_VERIFY:
        body = _typed(_success_text(catalog, OTP_VERIFIED), "success")
    elif endpoint == OTP_RETRY:
        body = _typed(_success_text(catalog, OTP_RESENT), "success")
    elif endpoint == OTP_SEND:
        body = _json({"request_id": request_id, "type": "success"})
    elif format == Format.JSON:
        body = _typed(request_id, "success")
    elif format == Format.XML:
        body = f"<RESPONSE><TYPE>success</TYPE><MESSAGE>{request_id}</MESSAGE></RESPONSE>"
    else:
        body = request_id
    return Answer(entry=None, endpoint=endpoint, format=format, body=body)


def _typed(message: str, kind: str) -> str:
    return _json({"message": message, "type": kind})


def _json(fields: dict[str, str]) -> str:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _success_text(catalog: Catalog, text: str) -> str:
    found = catalog.success_text(text)
    if found is None:
        raise KeyError(f"{text!r} is not one of the catalog's success texts")
    return found.text


def balance_answer(balance: int) -> Answer:
    """balance.php's answer: the balance, a bare number in plain text."""
    return Answer(entry=None, endpoint=BALANCE, format=Format.STRING, body=str(balance))


def transport_answer(entry: Entry, http_status: int | None = None) -> Answer:
    """A transport failure's answer (a 429, a 5xx, a gateway's HTML page, an empty body): its
    entry's first example, with ``http_status`` if given, else the example's (else 200: a page or
    an empty body that came with a 5xx status is diagnosed by its status, as a server error)."""
    if entry.phase != TRANSPORT_PHASE or entry.when is None or entry.when.network:
        raise ValueError(f"{entry.name} is not a transport failure with a body")
    example = entry.examples[0]
    status = http_status or example.http_status or 200
    return Answer(entry=entry, endpoint="", format=example.format, body=example.body, http_status=status)


SAMPLE_REQUEST_ID = "5e1e93cad6fc054d8e759a5b"
"""A request ID for the answers the gate proves (any 24 hexadecimal digits)."""


def every_answer(catalog: Catalog) -> Iterator[Answer]:
    """Every answer the fake can serve, for the gate to prove: each entry's on each endpoint in
    each format it answers in (both v5 envelopes), each success, and each transport failure."""
    for endpoint, formats in ENDPOINT_FORMATS.items():
        for format in formats:
            if endpoint != UNKNOWN_PATH:
                yield (
                    balance_answer(1000)
                    if endpoint == BALANCE
                    else success_answer(catalog, endpoint, format, SAMPLE_REQUEST_ID)
                )
            for entry in catalog:
                if not answers_on(entry, endpoint):
                    continue
                seen = set()
                for fail_envelope in (False, True):
                    answer = error_answer(entry, endpoint, format, fail_envelope=fail_envelope)
                    if answer is not None and answer not in seen:
                        seen.add(answer)
                        yield answer
    for entry in catalog.transport_entries:
        if entry.status == EntryStatus.ACTIVE:
            yield transport_answer(entry)
