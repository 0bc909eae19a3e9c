"""The v5 OTP API's state: the OTP sent to each number and what a verify or a retry of it gets.

Each answer is the name of the catalog entry the provider gives, or None for success.
"""

from __future__ import annotations

from datetime import datetime, timedelta

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing_extensions import TypeIs

MAX_RETRIES = 2
"""Resends allowed per OTP ("MSG91 allows 2 retries", one source: provider-api-more.md, W6W)."""
MAX_FAILED_VERIFICATIONS = 5
"""Wrong OTPs allowed before "Max limit reached for this otp verification": no source gives the
number, so a test that depends on it sets its own (``FakeSmsApi(max_failed_verifications=...)``)."""
DEFAULT_EXPIRY = timedelta(days=1)
"""How long an OTP stays valid when the send gives no otp_expiry (the 2017 docs: one day)."""


class SentOtp:
    """The OTP last sent to one number and what has happened to it since."""

    __slots__ = ("expires_at", "failed", "otp", "retries", "verified")

    def __init__(self, otp: str, expires_at: datetime) -> None:
        self.otp = otp
        self.expires_at = expires_at
        self.verified = False
        self.failed = 0
        self.retries = 0


class OtpBook:
    """Every number's OTP, as the provider keeps them."""

    def __init__(self, max_retries: int = MAX_RETRIES, max_failed: int = MAX_FAILED_VERIFICATIONS) -> None:
        self.max_retries = max_retries
        self.max_failed = max_failed
        self._sent: dict[str, SentOtp] = {}

    def send(self, number: str, otp: str, expires_at: datetime) -> None:
        """A new OTP for the number: it replaces the one before, verified or not."""
        self._sent[number] = SentOtp(otp, expires_at)

    def sent_to(self, number: str) -> str:
        """The OTP last sent to ``number``; LookupError when none was."""
        sent = self._sent.get(number)
        if sent is None:
            raise LookupError(f"no OTP was sent to {number[-4:].rjust(len(number), '*')}")
        return sent.otp

    def verify(self, number: str | None, otp: str | None, now: datetime) -> str | None:
        if not digits_only(number):
            return "OTP_INVALID_MOBILE"
        if not digits_only(otp):
            return "OTP_EMPTY_OR_NOT_NUMERIC"
        sent = self._sent.get(number)
        if sent is None:
            return "OTP_MOBILE_NOT_FOUND"
        if sent.verified:
            return "OTP_ALREADY_VERIFIED"
        if sent.failed >= self.max_failed:
            return "OTP_VERIFICATION_LIMIT_REACHED"
        if now >= sent.expires_at:
            return "OTP_EXPIRED"
        if otp != sent.otp:
            sent.failed += 1
            return "OTP_MISMATCH"
        sent.verified = True
        return None

    def retry(self, number: str | None, now: datetime) -> str | None:
        if not digits_only(number):
            return "OTP_INVALID_MOBILE"
        sent = self._sent.get(number)
        if sent is None:
            return "OTP_NO_REQUEST_FOUND"
        if sent.verified:
            return "OTP_ALREADY_VERIFIED"
        if now >= sent.expires_at:
            return "OTP_REQUEST_INVALID"
        if sent.retries >= self.max_retries:
            return "OTP_RETRY_LIMIT_REACHED"
        sent.retries += 1
        return None


def digits_only(text: str | None) -> TypeIs[str]:
    """Whether ``text`` is a number as the provider's PHP reads one: ASCII digits, at least one."""
    return text is not None and text.isascii() and text.isdigit()
