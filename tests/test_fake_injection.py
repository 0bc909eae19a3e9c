"""Failures a test injects into the fake by name (any catalog entry an API call can get, as the
catalog spells it), by rule (endpoint, number, template; a count or a seeded probability), and
transport faults: 429 with Retry-After, 5xx, a gateway's HTML page, an empty or truncated body,
a delay on the fake's clock, a connection reset."""

from __future__ import annotations

import pytest

from diagnose import load_catalog
from diagnose.catalog.answers import FLOW
from diagnose.fake import (
    Delay,
    EmptyBody,
    FakeClock,
    FakeRequest,
    FakeSmsApi,
    GatewayPage,
    RateLimited,
    Reset,
    ServerError,
    Truncated,
)
from diagnose.fake.endpoints import endpoint_of
from tests.fake_requests import (
    OTHER_NUMBER,
    TEMPLATE,
    balance,
    entry_of,
    flow,
    otp_retry,
    otp_send,
    otp_verify,
    seen,
    sendhttp,
)

CATALOG = load_catalog()
ANSWERED = [e.name for e in CATALOG if e.phase in ("request", "otp") and e.status == "active"]
TRANSPORT = [e.name for e in CATALOG.transport_entries]


@pytest.mark.parametrize("name", ANSWERED)
def test_every_answer_by_name_diagnoses_as_its_entry(name: str) -> None:
    fake = FakeSmsApi()
    entry = CATALOG.by_name(name)
    assert entry is not None
    request = otp_verify("1234") if entry.phase == "otp" else sendhttp(response="json")
    fake.fail_next(name)
    assert entry_of(fake, request) == name
    assert entry_of(fake, request) is None or entry.phase == "otp", "fail_next fails one request only"


@pytest.mark.parametrize("name", TRANSPORT)
def test_a_transport_entry_by_name_is_its_fault(name: str) -> None:
    fake = FakeSmsApi()
    fake.fail_next(name)
    response = fake.handle(sendhttp())
    entry = CATALOG.by_name(name)
    assert entry is not None and entry.when is not None
    if entry.when.network:
        assert response.reset and response.network == entry.when.network
    else:
        assert seen(response).entry is entry


def test_an_unknown_name_is_refused_with_the_names_close_to_it() -> None:
    expected = "'IP_NOT_WHITELISTD' is not the name of a catalog entry; did you mean IP_NOT_WHITELISTED"
    with pytest.raises(ValueError, match=expected):
        FakeSmsApi().fail_next("IP_NOT_WHITELISTD")
    with pytest.raises(ValueError, match="delivery report"):
        FakeSmsApi().fail_next("DELIVERY_BOUNCED")


def test_a_rule_fails_only_the_requests_it_matches_as_many_times_as_asked() -> None:
    fake = FakeSmsApi()
    fake.fail_when("INSUFFICIENT_BALANCE", number=OTHER_NUMBER, count=2)
    fake.fail_when("FLOW_MISSING_OR_INVALID", endpoint=FLOW, template=TEMPLATE)
    assert entry_of(fake, sendhttp("a")) is None
    assert entry_of(fake, sendhttp("b", number=OTHER_NUMBER)) == "INSUFFICIENT_BALANCE"
    assert entry_of(fake, sendhttp("c", number=OTHER_NUMBER)) == "INSUFFICIENT_BALANCE"
    assert entry_of(fake, sendhttp("d", number=OTHER_NUMBER)) is None
    assert [entry_of(fake, flow(name=str(n))) for n in range(3)] == ["FLOW_MISSING_OR_INVALID"] * 3


def test_a_rule_with_a_probability_fails_the_same_requests_for_the_same_seed() -> None:
    def failures(seed: int) -> list[bool]:
        fake = FakeSmsApi(seed=seed)
        fake.fail_when("ROUTE_UNAVAILABLE", probability=0.5)
        return [entry_of(fake, sendhttp(f"m{n}")) is not None for n in range(40)]

    assert failures(5) == failures(5)
    assert 5 < sum(failures(5)) < 35


def test_429_carries_retry_after_and_5xx_its_status() -> None:
    fake = FakeSmsApi()
    fake.fail_next(RateLimited(retry_after=7))
    limited = fake.handle(sendhttp())
    assert (limited.status, limited.header("retry-after")) == (429, "7")
    assert seen(limited).entry.name == "TRANSPORT_RATE_LIMITED"  # type: ignore[union-attr]
    fake.fail_next(ServerError(status=502))
    failed = fake.handle(sendhttp())
    assert failed.status == 502 and seen(failed).entry.name == "TRANSPORT_SERVER_ERROR"  # type: ignore[union-attr]


def test_a_gateway_page_an_empty_and_a_truncated_body() -> None:
    fake = FakeSmsApi()
    fake.fail_next(GatewayPage())
    page = fake.handle(sendhttp("1"))
    assert page.status == 502 and page.header("content-type") == "text/html; charset=utf-8"
    assert page.body.startswith(b"<html>")
    fake.fail_next(GatewayPage(status=200))
    assert seen(fake.handle(sendhttp("2"))).entry.name == "TRANSPORT_GATEWAY_PAGE"  # type: ignore[union-attr]
    fake.fail_next(EmptyBody())
    empty = fake.handle(sendhttp("3"))
    assert empty.body == b"" and seen(empty).entry.name == "TRANSPORT_EMPTY_BODY"  # type: ignore[union-attr]
    fake.fail_next(Truncated(keep=0.5))
    cut = fake.handle(sendhttp("4", response="json"))
    assert cut.status == 200 and cut.body.startswith(b'{"message":"') and not cut.body.endswith(b"}")
    assert seen(cut).outcome == "unrecognised"


def test_a_delay_waits_on_the_fakes_clock_and_a_reset_gives_no_answer() -> None:
    clock = FakeClock()
    fake = FakeSmsApi(clock=clock)
    before = clock()
    fake.fail_next(Delay(seconds=30))
    delayed = fake.handle(sendhttp())
    assert delayed.delay == 30 and (clock() - before).total_seconds() == 30
    assert seen(delayed).outcome == "success"
    fake.fail_next(Reset())
    reset = fake.handle(sendhttp("again"))
    assert reset.reset and reset.network == "connection-lost" and reset.body == b""


def test_rules_are_gone_after_reset() -> None:
    fake = FakeSmsApi()
    fake.fail_when("IP_NOT_WHITELISTED")
    fake.reset()
    assert entry_of(fake, sendhttp()) is None


@pytest.mark.parametrize(
    "request_made",
    [sendhttp(), balance(), otp_send(), otp_verify("1234"), otp_retry(), flow()],
    ids=lambda request: request.path,
)
def test_an_entry_injected_on_any_endpoint_is_answered_there(request_made: FakeRequest) -> None:
    fake = FakeSmsApi()
    fake.fail_next("IP_NOT_WHITELISTED", endpoint=endpoint_of(request_made.path))
    assert entry_of(fake, request_made) == "IP_NOT_WHITELISTED"


def test_a_rules_draws_do_not_move_the_request_ids() -> None:
    def ids(with_rule: bool) -> list[str | None]:
        fake = FakeSmsApi(seed=9)
        if with_rule:
            fake.fail_when("ROUTE_UNAVAILABLE", probability=0.0)
        return [seen(fake.handle(sendhttp(f"m{n}"))).request_id for n in range(3)]

    assert ids(True) == ids(False)
