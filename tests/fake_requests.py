"""Requests an integrator sends, for the tests of the fake SMS API (diagnose.fake)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from diagnose import Diagnosis, diagnose
from diagnose.fake import FakeRequest, FakeResponse, FakeSmsApi

AUTHKEY = "fake-authkey-0123456789"
NUMBER = "919812345678"
OTHER_NUMBER = "919812345679"
TEMPLATE = "6123456789abcdef01234567"
DLT_TEMPLATE = "1107161234567890123"


def sendhttp(message: str = "Your order has shipped", number: str = NUMBER, **extra: str) -> FakeRequest:
    fields = {"authkey": AUTHKEY, "mobiles": number, "message": message, "sender": "SOCKET", "route": "4"}
    fields |= {"country": "91", "DLT_TE_ID": DLT_TEMPLATE, **extra}
    return FakeRequest(method="GET", path="/api/sendhttp.php", query=urlencode({k: v for k, v in fields.items() if v}))


def v2(message: str = "Your order has shipped", number: str = NUMBER, **extra: str) -> FakeRequest:
    body = {"sender": "SOCKET", "route": "4", "country": "91", "DLT_TE_ID": DLT_TEMPLATE}
    body["sms"] = [{"message": message, "to": [number]}]  # type: ignore[assignment]
    return FakeRequest(
        method="POST",
        path="/api/v2/sendsms",
        query=urlencode(extra),
        headers={"authkey": AUTHKEY, "content-type": "application/json"},
        body=json.dumps(body).encode(),
    )


def flow(number: str = NUMBER, authkey: str | None = AUTHKEY, **variables: str) -> FakeRequest:
    body = {"template_id": TEMPLATE, "recipients": [{"mobiles": number, **variables}]}
    headers = {"content-type": "application/json"} | ({"authkey": authkey} if authkey else {})
    return FakeRequest(method="POST", path="/api/v5/flow", headers=headers, body=json.dumps(body).encode())


def otp_send(number: str = NUMBER, **extra: str) -> FakeRequest:
    query = urlencode({"template_id": TEMPLATE, "mobile": number, **extra})
    return FakeRequest(method="POST", path="/api/v5/otp", query=query, headers={"authkey": AUTHKEY})


def otp_verify(otp: str, number: str = NUMBER) -> FakeRequest:
    query = urlencode({"otp": otp, "mobile": number})
    return FakeRequest(method="GET", path="/api/v5/otp/verify", query=query, headers={"authkey": AUTHKEY})


def otp_retry(number: str = NUMBER) -> FakeRequest:
    query = urlencode({"mobile": number, "retrytype": "text"})
    return FakeRequest(method="GET", path="/api/v5/otp/retry", query=query, headers={"authkey": AUTHKEY})


def balance() -> FakeRequest:
    return FakeRequest(method="GET", path="/api/balance.php", query=urlencode({"authkey": AUTHKEY, "type": "4"}))


def seen(response: FakeResponse) -> Diagnosis:
    """What an integrator's diagnose() says of the response."""
    return diagnose(response.body, http_status=response.status, content_type=response.header("content-type"))


def entry_of(fake: FakeSmsApi, request: FakeRequest) -> str | None:
    """The name of the entry the fake's answer diagnoses as (None: success)."""
    diagnosis = seen(fake.handle(request))
    assert diagnosis.entry is not None or diagnosis.outcome == "success", diagnosis
    return diagnosis.entry.name if diagnosis.entry else None
