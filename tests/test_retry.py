"""Retry advice: whether and when to retry, from the catalog's retry class and a Retry-After
header, a date counted from the clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from diagnose import diagnose, is_retryable, raise_for_error
from diagnose.exceptions import IpSecurityError

from .local_api import IP_418, OK, StubResponse


def test_retry_advice() -> None:
    assert is_retryable(diagnose("", http_status=503))
    assert is_retryable(diagnose('{"status":"fail","hasError":true,"data":null,"errors":"Something went wrong"}'))
    assert not is_retryable(diagnose('{"type":"error","message":"x","code":"311"}')), "a resend would send twice"
    assert not is_retryable(diagnose('{"type":"error","message":"IP not whitelisted","code":"418"}'))
    assert not is_retryable(diagnose(OK)) and not is_retryable(ValueError("no")) and not is_retryable(None)


def test_a_retry_after_date_is_counted_from_the_clock() -> None:
    """Tested on whatever day the suite runs: dates relative to the clock's now (an HTTP date has
    whole seconds; ten minutes is what no test run takes between two lines)."""

    def retry_after(moment: datetime) -> float | None:
        with pytest.raises(IpSecurityError) as raised:
            raise_for_error(StubResponse(IP_418, 429, {"Retry-After": format_datetime(moment, usegmt=True)}))
        return raised.value.retry_after

    clock = datetime.now(UTC)
    assert retry_after(clock - timedelta(hours=1)) == 0.0, "a date passed: retry now"
    assert retry_after(clock + timedelta(days=2)) == 86_400.0, "at most a day"
    assert 3 * 3600 - 600 < (retry_after(clock + timedelta(hours=3)) or 0) <= 3 * 3600
