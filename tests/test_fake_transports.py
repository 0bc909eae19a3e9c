"""The fake in process, without a socket: an httpx transport (sync and async) and a requests
adapter give the integrator's own client the provider's answers, and a network fault raises the
exception that client raises, which diagnose() reads back to its entry."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import timedelta

import httpx
import pytest
import requests

from diagnose import diagnose
from diagnose.fake import AsyncFakeTransport, Delay, FakeAdapter, FakeSmsApi, FakeTransport, Reset
from diagnose.fake.clock import START
from diagnose.vocabulary import NetworkFailure
from tests.fake_requests import AUTHKEY, DLT_TEMPLATE, NUMBER

BASE = "https://api.msg91.com"
SEND = {
    "authkey": AUTHKEY,
    "mobiles": NUMBER,
    "message": "Your order has shipped",
    "sender": "SOCKET",
    "route": "4",
    "country": "91",
    "DLT_TE_ID": DLT_TEMPLATE,
    "response": "json",
}
ENTRY_OF_FAILURE = {
    NetworkFailure.CONNECT_FAILED: "CONNECT_FAILED",
    NetworkFailure.CONNECT_TIMEOUT: "CONNECT_TIMEOUT",
    NetworkFailure.TLS_FAILED: "TLS_FAILED",
    NetworkFailure.READ_TIMEOUT: "READ_TIMEOUT",
    NetworkFailure.CONNECTION_LOST: "CONNECTION_LOST",
}


@pytest.fixture
def fake() -> FakeSmsApi:
    return FakeSmsApi(authkeys=[AUTHKEY])


def _entry(response: object) -> str | None:
    diagnosis = diagnose(response)
    return diagnosis.entry.name if diagnosis.entry else None


def test_httpx_client_gets_the_providers_answers(fake: FakeSmsApi) -> None:
    with httpx.Client(transport=FakeTransport(fake), base_url=BASE) as client:
        accepted = client.get("/api/sendhttp.php", params=SEND)
        assert accepted.status_code == 200 and accepted.headers["content-type"] == "application/json"
        assert diagnose(accepted).outcome == "success"
        assert _entry(client.get("/api/sendhttp.php", params=SEND)) == "DUPLICATE_REQUEST_DISCARDED"
        flow = client.post("/api/v5/flow", json={"template_id": "t", "recipients": [{"mobiles": NUMBER}]})
        assert _entry(flow) == "MISSING_AUTHKEY"
    assert len(fake.requests) == 3 and fake.requests[2].headers["content-type"] == "application/json"


def test_requests_session_gets_the_providers_answers(fake: FakeSmsApi) -> None:
    with requests.Session() as session:
        session.mount("https://", FakeAdapter(fake))
        accepted = session.get(f"{BASE}/api/sendhttp.php", params=SEND)
        assert accepted.status_code == 200 and accepted.reason == "OK"
        assert accepted.headers["Content-Type"] == "application/json" and accepted.json()["type"] == "success"
        assert diagnose(accepted).outcome == "success"
        fake.fail_next("IP_NOT_WHITELISTED")
        streamed = session.get(f"{BASE}/api/sendhttp.php", params=SEND | {"message": "Other"}, stream=True)
        assert _entry(b"".join(streamed.iter_content(7))) == "IP_NOT_WHITELISTED"
        body = {"sender": "SOCKET", "route": "4", "sms": [{"message": "Hi", "to": [NUMBER]}]}
        posted = session.post(f"{BASE}/api/v2/sendsms", json=body, headers={"authkey": "wrong"})
        assert _entry(posted) == "INVALID_AUTHKEY"


def test_the_address_requests_come_from_meets_the_allow_list() -> None:
    fake = FakeSmsApi(authkeys=[AUTHKEY], allowed_ips=["10.0.0.7"])
    with httpx.Client(transport=FakeTransport(fake)) as outside:
        assert _entry(outside.get(f"{BASE}/api/sendhttp.php", params=SEND)) == "IP_NOT_WHITELISTED"
    with requests.Session() as session:
        session.mount("https://", FakeAdapter(fake, client_ip="10.0.0.7"))
        assert diagnose(session.get(f"{BASE}/api/sendhttp.php", params=SEND)).outcome == "success"


@pytest.mark.parametrize("failure", list(NetworkFailure))
def test_a_network_fault_raises_the_clients_own_exception(fake: FakeSmsApi, failure: NetworkFailure) -> None:
    fake.fail_when(Reset(network=failure), count=2)
    with httpx.Client(transport=FakeTransport(fake)) as client, pytest.raises(httpx.TransportError) as by_httpx:
        client.get(f"{BASE}/api/sendhttp.php", params=SEND)
    with requests.Session() as session, pytest.raises(requests.RequestException) as by_requests:
        session.mount("https://", FakeAdapter(fake))
        session.get(f"{BASE}/api/sendhttp.php", params=SEND)
    assert _entry(by_httpx.value) == ENTRY_OF_FAILURE[failure]
    assert _entry(by_requests.value) == ENTRY_OF_FAILURE[failure]


def test_the_exceptions_are_those_the_libraries_raise(fake: FakeSmsApi) -> None:
    fake.fail_when(Reset(network=NetworkFailure.CONNECTION_LOST), count=1)
    fake.fail_when(Reset(network=NetworkFailure.READ_TIMEOUT), count=1)
    with httpx.Client(transport=FakeTransport(fake)) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.get(f"{BASE}/api/sendhttp.php", params=SEND)
        with pytest.raises(httpx.ReadTimeout):
            client.get(f"{BASE}/api/sendhttp.php", params=SEND)
    fake.fail_when(Reset(network=NetworkFailure.CONNECT_FAILED), count=1)
    with requests.Session() as session, pytest.raises(requests.ConnectionError):
        session.mount("https://", FakeAdapter(fake))
        session.get(f"{BASE}/api/sendhttp.php", params=SEND)


def test_a_delay_past_the_read_timeout_times_out_without_waiting(fake: FakeSmsApi) -> None:
    fake.fail_when(Delay(seconds=30), count=3)
    with httpx.Client(transport=FakeTransport(fake), timeout=5) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get(f"{BASE}/api/sendhttp.php", params=SEND)
        assert diagnose(client.get(f"{BASE}/api/sendhttp.php", params=SEND, timeout=60)).outcome == "success"
    with requests.Session() as session, pytest.raises(requests.ReadTimeout):
        session.mount("https://", FakeAdapter(fake))
        session.get(f"{BASE}/api/sendhttp.php", params=SEND | {"message": "Other"}, timeout=(1, 10))
    assert fake.clock() - START == timedelta(seconds=90)  # the fake's clock waited, not the test


def test_async_httpx_client_gets_the_providers_answers(fake: FakeSmsApi) -> None:
    async def calls() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=AsyncFakeTransport(fake), base_url=BASE) as client:
            accepted = await client.get("/api/sendhttp.php", params=SEND)
            fake.fail_next(Reset(network=NetworkFailure.READ_TIMEOUT))
            with pytest.raises(httpx.ReadTimeout):
                await client.get("/api/sendhttp.php", params=SEND)
            otp = await client.post("/api/v5/otp", params={"mobile": NUMBER}, headers={"authkey": AUTHKEY})
            return [accepted, otp]

    accepted, otp = asyncio.run(calls())
    assert diagnose(accepted).outcome == "success" and diagnose(otp).outcome == "success"
    assert len(fake.otp_sent_to(NUMBER)) == 4


def test_the_control_api_answers_through_a_transport(fake: FakeSmsApi) -> None:
    with httpx.Client(transport=FakeTransport(fake), base_url=BASE) as client:
        assert client.post("/__fake/fail-next", json={"name": "INSUFFICIENT_BALANCE"}).status_code == 200
        assert _entry(client.get("/api/sendhttp.php", params=SEND)) == "INSUFFICIENT_BALANCE"


def test_naming_the_fake_imports_neither_client_library() -> None:
    code = (
        "import sys; import diagnose.fake as f; f.FakeSmsApi; "
        "print('httpx' in sys.modules, 'requests' in sys.modules); f.FakeAdapter; print('requests' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["False", "False", "True"]
