"""The fake's v5 OTP API (send, verify, retry) as a state machine a test drives: the OTP it
sent, a match, a mismatch, an expired OTP on a moved clock, an already verified number, and the
limits on wrong OTPs and resends, each answer diagnosed by diagnose() to its catalog entry."""

from __future__ import annotations

import pytest

from diagnose.fake import FakeClock, FakeSmsApi
from tests.fake_requests import AUTHKEY, NUMBER, OTHER_NUMBER, entry_of, otp_retry, otp_send, otp_verify, seen


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake(clock: FakeClock) -> FakeSmsApi:
    return FakeSmsApi(authkeys=[AUTHKEY], clock=clock, seed=3)


def _wrong(otp: str) -> str:
    return "1" * len(otp) if otp != "1" * len(otp) else "2" * len(otp)


def test_the_otp_sent_verifies_once_then_the_number_is_already_verified(fake: FakeSmsApi) -> None:
    assert entry_of(fake, otp_send()) is None
    otp = fake.otp_sent_to(NUMBER)
    assert len(otp) == 4 and otp.isdigit()
    assert entry_of(fake, otp_verify(_wrong(otp))) == "OTP_MISMATCH"
    verified = seen(fake.handle(otp_verify(otp)))
    assert verified.outcome == "success" and verified.message == "OTP verified success"
    assert entry_of(fake, otp_verify(otp)) == "OTP_ALREADY_VERIFIED"


def test_otp_length_and_a_given_otp_are_honoured(fake: FakeSmsApi) -> None:
    fake.handle(otp_send(otp_length="6"))
    assert len(fake.otp_sent_to(NUMBER)) == 6
    fake.handle(otp_send(number=OTHER_NUMBER, otp="424242"))
    assert fake.otp_sent_to(OTHER_NUMBER) == "424242"


def test_an_otp_expires_when_the_clock_passes_its_expiry(fake: FakeSmsApi, clock: FakeClock) -> None:
    fake.handle(otp_send(otp_expiry="5"))
    otp = fake.otp_sent_to(NUMBER)
    clock.advance(5 * 60)
    assert entry_of(fake, otp_verify(otp)) == "OTP_EXPIRED"
    assert entry_of(fake, otp_retry()) == "OTP_REQUEST_INVALID"


def test_wrong_otps_reach_the_verification_limit() -> None:
    fake = FakeSmsApi(max_failed_verifications=2)
    fake.handle(otp_send())
    otp = fake.otp_sent_to(NUMBER)
    assert [entry_of(fake, otp_verify(_wrong(otp))) for _ in range(2)] == ["OTP_MISMATCH"] * 2
    assert entry_of(fake, otp_verify(otp)) == "OTP_VERIFICATION_LIMIT_REACHED"


def test_two_resends_are_allowed_then_the_retry_limit(fake: FakeSmsApi) -> None:
    fake.handle(otp_send())
    resent = seen(fake.handle(otp_retry()))
    assert resent.outcome == "success" and resent.message == "retry send successfully"
    assert entry_of(fake, otp_retry()) is None
    assert entry_of(fake, otp_retry()) == "OTP_RETRY_LIMIT_REACHED"


def test_a_number_no_otp_was_sent_to(fake: FakeSmsApi) -> None:
    assert entry_of(fake, otp_verify("1234")) == "OTP_MOBILE_NOT_FOUND"
    assert entry_of(fake, otp_retry()) == "OTP_NO_REQUEST_FOUND"
    with pytest.raises(LookupError, match="no OTP was sent to"):
        fake.otp_sent_to(NUMBER)


@pytest.mark.parametrize(
    ("otp", "number", "expected"),
    [
        ("", NUMBER, "OTP_EMPTY_OR_NOT_NUMERIC"),
        ("12a4", NUMBER, "OTP_EMPTY_OR_NOT_NUMERIC"),
        ("1234", "", "OTP_INVALID_MOBILE"),
    ],
)
def test_a_verify_with_an_empty_or_non_numeric_value(fake: FakeSmsApi, otp: str, number: str, expected: str) -> None:
    fake.handle(otp_send())
    assert entry_of(fake, otp_verify(otp, number)) == expected


def test_a_new_send_replaces_the_otp_before(fake: FakeSmsApi, clock: FakeClock) -> None:
    fake.handle(otp_send())
    first = fake.otp_sent_to(NUMBER)
    clock.advance(11)  # past the duplicate window
    fake.handle(otp_send())
    second = fake.otp_sent_to(NUMBER)
    if first != second:
        assert entry_of(fake, otp_verify(first)) == "OTP_MISMATCH"
    assert entry_of(fake, otp_verify(second)) is None
