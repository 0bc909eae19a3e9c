"""The fake as a WSGI application: the provider's answers over HTTP, bounded requests, no
traceback ever, and the control API under /__fake/ that a test in any language drives."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from wsgiref.simple_server import WSGIRequestHandler, make_server

import httpx
import pytest

from diagnose import diagnose
from diagnose.fake import FakeSmsApi, make_wsgi_app
from tests.fake_requests import AUTHKEY, NUMBER, TEMPLATE

SEND = f"/api/sendhttp.php?authkey={AUTHKEY}&mobiles={NUMBER}&message=Hi&sender=SOCKET&route=4&country=91"
SEND += "&DLT_TE_ID=1107161234567890123&response=json"


@pytest.fixture
def fake() -> FakeSmsApi:
    return FakeSmsApi(authkeys=[AUTHKEY])


@pytest.fixture
def client(fake: FakeSmsApi) -> Iterator[httpx.Client]:
    transport = httpx.WSGITransport(app=make_wsgi_app(fake, max_request_bytes=4096))
    with httpx.Client(transport=transport, base_url="http://any.host.example") as client:
        yield client


def _entry(response: httpx.Response) -> str | None:
    diagnosis = diagnose(response)
    assert diagnosis.entry is not None or diagnosis.outcome == "success", diagnosis
    return diagnosis.entry.name if diagnosis.entry else None


def test_the_provider_answers_over_http(client: httpx.Client) -> None:
    accepted = client.get(SEND)
    assert accepted.status_code == 200 and accepted.headers["content-type"] == "application/json"
    assert _entry(accepted) is None
    assert _entry(client.get(SEND)) == "DUPLICATE_REQUEST_DISCARDED"
    flow = client.post("/api/v5/flow", json={"template_id": TEMPLATE, "recipients": [{"mobiles": NUMBER}]})
    assert _entry(flow) == "MISSING_AUTHKEY"
    verify = client.get("/api/v5/otp/verify", params={"mobile": NUMBER, "otp": "1234"}, headers={"authkey": AUTHKEY})
    assert _entry(verify) == "OTP_MOBILE_NOT_FOUND"


def test_a_request_too_large_or_with_a_bad_length_is_refused_unread(client: httpx.Client) -> None:
    large = client.post("/api/v2/sendsms", content=b"x" * 5000, headers={"authkey": AUTHKEY})
    assert large.status_code == 413 and large.content == b""
    bad = client.post("/api/v2/sendsms", content=b"{}", headers={"content-length": "two"})
    assert bad.status_code == 400 and b"Traceback" not in bad.content


def test_a_failure_of_the_fake_itself_is_a_server_error_without_a_traceback(
    fake: FakeSmsApi, client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(request: object) -> object:
        raise RuntimeError("the fake broke")

    monkeypatch.setattr(fake, "handle", broken)
    response = client.get(SEND)
    assert response.status_code == 500 and b"broke" not in response.content
    assert _entry(response) == "TRANSPORT_SERVER_ERROR"


def test_the_control_api_injects_failures_and_faults(client: httpx.Client) -> None:
    assert client.post("/__fake/fail-next", json={"name": "IP_NOT_WHITELISTED"}).json() == {
        "failing": "IP_NOT_WHITELISTED"
    }
    assert _entry(client.get(SEND)) == "IP_NOT_WHITELISTED"
    client.post("/__fake/faults", json={"fault": "rate-limited", "retry_after": 4, "count": 2})
    limited = [client.get(SEND) for _ in range(2)]
    assert [(r.status_code, r.headers["retry-after"]) for r in limited] == [(429, "4")] * 2
    wrong = client.post("/__fake/fail-next", json={"name": "IP_NOT_WHITELISTD"})
    assert wrong.status_code == 400 and "IP_NOT_WHITELISTED" in wrong.json()["error"]
    unknown = client.post("/__fake/faults", json={"fault": "meteor"})
    assert unknown.status_code == 400 and "rate-limited" in unknown.json()["error"]


def test_the_control_api_shows_requests_masked_resets_and_reads_otps(client: httpx.Client) -> None:
    client.get(SEND)
    shown = client.get("/__fake/requests").json()["requests"]
    assert [r["path"] for r in shown] == ["/api/sendhttp.php"] and shown[0]["status"] == 200
    assert AUTHKEY not in json.dumps(shown) and AUTHKEY[:4] in shown[0]["query"]
    client.post("/api/v5/otp", params={"template_id": TEMPLATE, "mobile": NUMBER}, headers={"authkey": AUTHKEY})
    otp = client.get("/__fake/otp", params={"mobile": NUMBER}).json()["otp"]
    verified = client.get("/api/v5/otp/verify", params={"mobile": NUMBER, "otp": otp}, headers={"authkey": AUTHKEY})
    assert _entry(verified) is None
    assert client.post("/__fake/reset").json() == {"reset": True}
    assert client.get("/__fake/requests").json() == {"requests": []}


def test_the_control_api_moves_the_clock_and_sets_the_balance(client: httpx.Client) -> None:
    client.get(SEND)
    assert client.post("/__fake/clock", json={"advance": 11}).json()["now"].startswith("2026-01-01T00:00:11")
    assert _entry(client.get(SEND)) is None, "past the duplicate window"
    client.post("/__fake/balance", json={"balance": 0})
    assert _entry(client.get(SEND.replace("Hi", "Hello"))) == "INSUFFICIENT_BALANCE"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/__fake/nothing", 404), ("GET", "/__fake/reset", 405), ("POST", "/__fake/clock", 400)],
)
def test_the_control_api_refuses_what_it_cannot_do(client: httpx.Client, method: str, path: str, status: int) -> None:
    response = client.request(method, path, content=b"[1]")
    assert response.status_code == status and "error" in response.json()


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_reset_fault_breaks_the_connection_of_a_real_server(fake: FakeSmsApi) -> None:
    fake.fail_next("CONNECTION_LOST")
    with make_server("127.0.0.1", 0, make_wsgi_app(fake), handler_class=_Quiet) as server:
        thread = threading.Thread(target=server.handle_request)
        thread.start()
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        try:
            connection.request("GET", SEND)
            response = connection.getresponse()
            with pytest.raises(http.client.IncompleteRead):
                response.read()
        finally:
            connection.close()
            thread.join(timeout=10)
