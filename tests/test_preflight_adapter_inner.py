"""PreflightAdapter in front of another adapter (the fake's): what passes goes to that adapter,
never to the network (the new-user walk's finding: mounted over the fake's adapter, it sent to
the real API)."""

from __future__ import annotations

import pytest
import requests

from diagnose import SmsApiError
from diagnose.fake import FakeSmsApi
from diagnose.fake.requests_adapter import FakeAdapter
from diagnose.integrations.requests import PreflightAdapter

KEY = "311111AbCdEfGhIjKlMnOpQr"
SEND = {
    "sender": "SHOPIN",
    "route": "4",
    "DLT_TE_ID": "1107161234567890123",
    "sms": [{"message": "Hi", "to": ["919812345678"]}],
}


def test_a_request_that_passes_goes_to_the_inner_adapter_and_one_that_fails_goes_nowhere() -> None:
    fake = FakeSmsApi(authkeys=[KEY])
    session = requests.Session()
    session.mount("https://", PreflightAdapter(inner=FakeAdapter(fake)))
    answer = session.post("https://api.msg91.com/api/v2/sendsms", json=SEND, headers={"authkey": KEY}, timeout=5)
    assert answer.status_code == 200 and answer.json()["type"] == "success"
    with pytest.raises(SmsApiError) as caught:
        session.post("https://api.msg91.com/api/v2/sendsms", json={**SEND, "sms": []}, headers={"authkey": KEY})
    assert caught.value.sent is False
    assert len(fake.requests) == 1


def test_inner_must_be_an_adapter() -> None:
    with pytest.raises(TypeError, match="inner must be a requests transport adapter"):
        PreflightAdapter(inner="https://api.msg91.com")
