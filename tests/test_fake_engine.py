"""The fake SMS API's engine (diagnose.fake.FakeSmsApi), as an integrator's code sees it: each
endpoint's status, content type and body, diagnosed by diagnose(); authkeys, the IP allow-list,
the balance, the duplicate window on a moved clock, preflight()'s rules, seeded request ids."""

from __future__ import annotations

import json

import pytest

from diagnose.fake import FakeClock, FakeRequest, FakeSmsApi
from tests.fake_requests import (
    AUTHKEY,
    NUMBER,
    OTHER_NUMBER,
    balance,
    entry_of,
    flow,
    otp_send,
    seen,
    sendhttp,
    v2,
)


@pytest.fixture
def fake() -> FakeSmsApi:
    return FakeSmsApi(authkeys=[AUTHKEY], seed=7)


@pytest.mark.parametrize(
    ("request_made", "content_type", "format"),
    [
        (sendhttp(), "text/plain; charset=utf-8", "string"),
        (sendhttp(response="json"), "application/json", "json"),
        (sendhttp(response="xml"), "application/xml", "xml"),
        (v2(), "application/json", "json"),
        (v2(response="xml"), "application/xml", "xml"),
        (flow(name="Asha"), "application/json", "json"),
        (otp_send(), "application/json", "json"),
    ],
)
def test_an_accepted_send_is_a_success_with_a_request_id_in_the_endpoints_format(
    fake: FakeSmsApi, request_made: FakeRequest, content_type: str, format: str
) -> None:
    response = fake.handle(request_made)
    diagnosis = seen(response)
    assert (response.status, response.header("Content-Type")) == (200, content_type)
    assert diagnosis.outcome == "success" and diagnosis.format == format
    assert diagnosis.request_id is not None and len(diagnosis.request_id) == 24


def test_request_ids_come_from_the_seed() -> None:
    def ids(seed: int) -> list[str | None]:
        fake = FakeSmsApi(seed=seed)
        return [seen(fake.handle(sendhttp(f"message {n}"))).request_id for n in range(3)]

    assert ids(1) == ids(1) != ids(2)
    assert len(set(ids(1))) == 3


@pytest.mark.parametrize(
    ("request_made", "expected"),
    [
        (sendhttp(authkey="not-the-key"), "INVALID_AUTHKEY"),
        (sendhttp(authkey="not-the-key", response="json"), "INVALID_AUTHKEY"),
        (FakeRequest(method="POST", path="/api/v2/sendsms", headers={"authkey": "nope"}), "INVALID_AUTHKEY"),
        (flow(authkey="not-the-key"), "INVALID_CREDENTIALS"),
        (flow(authkey=None), "MISSING_AUTHKEY"),
        (sendhttp(authkey=""), "MISSING_AUTHKEY"),
    ],
)
def test_a_wrong_or_missing_authkey_gets_the_providers_answer(
    fake: FakeSmsApi, request_made: FakeRequest, expected: str
) -> None:
    assert entry_of(fake, request_made) == expected


def test_a_wrong_authkey_on_v5_is_207s_201_with_http_200_or_the_fail_envelope_with_401() -> None:
    typed = FakeSmsApi(authkeys=[AUTHKEY]).handle(flow(authkey="wrong"))
    assert typed.status == 200
    assert json.loads(typed.body) == {"message": "Invalid authkey", "type": "error", "code": "201"}
    enveloped = FakeSmsApi(authkeys=[AUTHKEY], v5_fail_envelope=True).handle(flow(authkey="wrong"))
    assert enveloped.status == 401 and json.loads(enveloped.body)["apiError"] == "201"
    assert seen(enveloped).entry is not None and seen(enveloped).entry.name == "INVALID_CREDENTIALS"


def test_a_request_from_an_ip_not_on_the_allow_list_gets_418() -> None:
    fake = FakeSmsApi(authkeys=[AUTHKEY], allowed_ips=["10.0.0.1"])
    allowed = FakeRequest(method="GET", path="/api/sendhttp.php", query=sendhttp().query, client_ip="10.0.0.1")
    assert entry_of(fake, allowed) is None
    assert entry_of(fake, sendhttp("another text")) == "IP_NOT_WHITELISTED"
    enveloped = FakeSmsApi(allowed_ips=["10.0.0.1"], v5_fail_envelope=True).handle(flow())
    assert enveloped.status == 401 and seen(enveloped).entry.name == "IP_NOT_WHITELISTED"  # type: ignore[union-attr]


def test_the_balance_is_spent_per_number_and_an_empty_one_gets_301(fake: FakeSmsApi) -> None:
    fake.balance = 2
    assert entry_of(fake, sendhttp("one", number=f"{NUMBER},{OTHER_NUMBER}")) is None
    assert fake.balance == 0
    assert entry_of(fake, sendhttp("two")) == "INSUFFICIENT_BALANCE"
    fake.balance = 5
    response = fake.handle(balance())
    assert (response.status, response.body) == (200, b"5")
    assert seen(response).outcome != "error"


def test_the_same_text_to_the_same_number_within_ten_seconds_is_discarded_and_costs_nothing() -> None:
    clock = FakeClock()
    fake = FakeSmsApi(clock=clock, balance=10)
    assert entry_of(fake, sendhttp("hello")) is None
    clock.advance(9.9)
    assert entry_of(fake, sendhttp("hello")) == "DUPLICATE_REQUEST_DISCARDED"
    assert entry_of(fake, sendhttp("hello", number=OTHER_NUMBER)) is None, "another number is another message"
    assert entry_of(fake, sendhttp("hello again")) is None, "another text is another message"
    assert fake.balance == 7
    clock.advance(0.2)
    assert entry_of(fake, sendhttp("hello")) is None, "ten seconds after the first, it is sent"


@pytest.mark.parametrize(
    ("request_made", "expected"),
    [
        (sendhttp(mobiles=""), "MISSING_MOBILE_NUMBER"),
        (sendhttp(route=""), "MISSING_ROUTE"),
        (sendhttp(campaign="c" * 40), "CAMPAIGN_NAME_TOO_LONG"),
        (otp_send(otp_length="3"), "OTP_INVALID_LENGTH"),
        (otp_send(message="Your code"), "OTP_MESSAGE_WITHOUT_OTP"),
    ],
)
def test_a_request_that_breaks_a_rule_gets_that_entrys_answer(
    fake: FakeSmsApi, request_made: FakeRequest, expected: str
) -> None:
    assert entry_of(fake, request_made) == expected


def test_an_unknown_path_on_any_host_gets_route_missing_with_404(fake: FakeSmsApi) -> None:
    response = fake.handle(FakeRequest(method="POST", path="/api/v5/flows", headers={"authkey": AUTHKEY}))
    assert response.status == 404 and seen(response).entry.name == "API_PATH_NOT_FOUND"  # type: ignore[union-attr]


def test_a_body_that_is_not_json_is_read_as_no_fields(fake: FakeSmsApi) -> None:
    broken = FakeRequest(
        method="POST",
        path="/api/v2/sendsms",
        headers={"authkey": AUTHKEY, "content-type": "application/json"},
        body=b'{"sms": [',
    )
    assert entry_of(fake, broken) == "MISSING_MOBILE_NUMBER"


def test_every_request_is_kept_for_the_test_to_read(fake: FakeSmsApi) -> None:
    fake.handle(sendhttp())
    fake.handle(balance())
    assert [request.path for request in fake.requests] == ["/api/sendhttp.php", "/api/balance.php"]
    fake.reset()
    assert fake.requests == []


def test_headers_are_read_in_any_case(fake: FakeSmsApi) -> None:
    request = flow()
    shouted = FakeRequest(
        method="POST",
        path=request.path,
        headers={"AuthKey": AUTHKEY, "Content-Type": "application/json"},
        body=request.body,
    )
    assert entry_of(fake, shouted) is None


def test_an_accepted_send_is_kept_with_the_delivery_failures_preflight_predicts(fake: FakeSmsApi) -> None:
    assert entry_of(fake, flow(name="Asha Venkataraman Subramaniam Iyer")) is None, "accepted"
    assert entry_of(fake, sendhttp()) is None
    first, second = fake.submissions
    assert (first.endpoint, first.numbers, first.failures) == ("flow", (NUMBER,), ("REASON_DLT_TEMPLATE_MISMATCH",))
    assert (second.endpoint, second.failures) == ("sendhttp", ())
    assert seen(fake.handle(sendhttp("x"))).request_id not in (first.request_id, second.request_id)


def test_registered_dlt_templates_are_checked_and_a_mismatch_is_accepted_then_failing() -> None:
    templates = 'template id,content,headers\n1107161234567890123,"Your order {#var#} has shipped.",SOCKET\n'
    fake = FakeSmsApi(dlt_templates=templates)
    assert entry_of(fake, sendhttp("Your order 1041 has shipped.")) is None
    assert entry_of(fake, sendhttp("Your order 1041 has shipped!")) is None
    assert [s.failures for s in fake.submissions] == [(), ("REASON_DLT_TEMPLATE_MISMATCH",)]


def test_an_otp_sent_again_at_once_is_not_a_duplicate(fake: FakeSmsApi) -> None:
    assert [entry_of(fake, otp_send()) for _ in range(2)] == [None, None]


def test_observers_see_every_exchange(fake: FakeSmsApi) -> None:
    seen_statuses: list[int] = []
    fake.observers.append(lambda request, response: seen_statuses.append(response.status))
    fake.handle(sendhttp())
    fake.handle(FakeRequest(method="GET", path="/nowhere"))
    assert seen_statuses == [200, 404]
