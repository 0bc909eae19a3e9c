"""Random requests to the fake, of every endpoint and none: it never raises, and every answer
is one an integrator's diagnose() reads as success or a catalogued entry (balance.php's bare
number aside); over WSGI, never a traceback."""

from __future__ import annotations

import io
import json
from urllib.parse import urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose import diagnose
from diagnose.fake import FakeRequest, FakeSmsApi, make_wsgi_app
from tests.fake_requests import AUTHKEY

PATHS = [
    "/api/sendhttp.php",
    "/api/v2/sendsms",
    "/api/v5/flow",
    "/api/v5/flow/",
    "/api/v5/otp",
    "/api/v5/otp/verify",
    "/api/v5/otp/retry",
    "/api/balance.php",
    "/API/SENDHTTP.PHP",
    "/",
    "/api/v5/else",
]
KEYS = [
    "authkey",
    "mobiles",
    "mobile",
    "message",
    "sender",
    "route",
    "country",
    "campaign",
    "schtime",
    "DLT_TE_ID",
    "response",
    "template_id",
    "flow_id",
    "recipients",
    "sms",
    "otp",
    "otp_length",
    "otp_expiry",
    "unicode",
]
scalars = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["919812345678", "91981234567,919812345679", AUTHKEY, "json", "xml", "4", "6.0", "-1", ""]),
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=3),
    max_leaves=8,
)
fields = st.dictionaries(st.sampled_from(KEYS), values, max_size=8)


@st.composite
def requests(draw: st.DrawFn) -> FakeRequest:
    query_fields = draw(
        st.dictionaries(st.sampled_from(KEYS), scalars.map(lambda v: "" if v is None else str(v)), max_size=6)
    )
    body_kind = draw(st.sampled_from(["none", "json", "form", "bytes"]))
    headers = draw(st.fixed_dictionaries({}, optional={"authkey": st.sampled_from([AUTHKEY, "wrong", ""])}))
    body = b""
    if body_kind == "json":
        body = json.dumps(draw(fields)).encode()
        headers["content-type"] = "application/json"
    elif body_kind == "form":
        body = urlencode({k: str(v) for k, v in draw(fields).items()}).encode()
        headers["content-type"] = "application/x-www-form-urlencoded"
    elif body_kind == "bytes":
        body = draw(st.binary(max_size=200))
        headers["content-type"] = draw(
            st.sampled_from(["application/json", "text/plain; charset=latin-1", "multipart/form-data"])
        )
    return FakeRequest(
        method=draw(st.sampled_from(["GET", "POST"])),
        path=draw(st.sampled_from(PATHS) | st.text(max_size=20).map(lambda t: "/" + t)),
        query=urlencode(query_fields),
        headers=headers,
        body=body,
        client_ip=draw(st.sampled_from(["127.0.0.1", "10.0.0.9"])),
    )


FAKE = FakeSmsApi(authkeys=[AUTHKEY], allowed_ips=["127.0.0.1"], seed=11)


@given(st.lists(requests(), min_size=1, max_size=4))
def test_any_request_gets_an_answer_diagnose_reads(sent: list[FakeRequest]) -> None:
    for request in sent:
        response = FAKE.handle(request)
        diagnosis = diagnose(response.body, http_status=response.status, content_type=response.header("content-type"))
        if request.path.lower().rstrip("/").endswith("balance.php") and diagnosis.outcome == "unrecognised":
            assert response.body.decode().isdigit(), response
            continue
        assert diagnosis.outcome == "success" or diagnosis.entry is not None, (request, response, diagnosis)


@settings(max_examples=150)
@given(requests(), st.one_of(st.none(), st.text(max_size=6)), st.binary(max_size=12))
def test_over_wsgi_no_request_gets_a_traceback(request: FakeRequest, length: str | None, raw_path: bytes) -> None:
    """The environ a server builds, with a length that may lie or not be a number and a path of
    any bytes (PEP 3333: latin-1 text)."""
    environ = {
        "REQUEST_METHOD": request.method,
        "PATH_INFO": request.path + raw_path.decode("latin-1"),
        "QUERY_STRING": request.query,
        "CONTENT_LENGTH": str(len(request.body)) if length is None else length,
        "CONTENT_TYPE": request.headers.get("content-type", ""),
        "REMOTE_ADDR": request.client_ip,
        "wsgi.input": io.BytesIO(request.body),
        **{f"HTTP_{name.upper()}": value for name, value in request.headers.items() if name != "content-type"},
    }
    started: list[str] = []
    body = b"".join(APP(environ, lambda status, headers: started.append(status)))
    assert b"Traceback" not in body and len(started) == 1
    assert int(started[0].split()[0]) in {200, 400, 401, 404, 405, 413, 429, 500}


APP = make_wsgi_app(FAKE)
