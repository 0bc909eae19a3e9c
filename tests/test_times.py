"""diagnose.times, the one reader of times: a log record's time and --now, a request's schedule,
a Retry-After header; the forms each accepts and what it makes of the others."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnose.times import (
    LATEST_TIMESTAMP,
    LONGEST_RETRY_AFTER,
    instant,
    retry_after_seconds,
    schedule_time,
    seconds,
    unix_seconds,
)


def test_a_record_s_time_is_a_number_or_iso_8601() -> None:
    assert unix_seconds(1764064800) == 1764064800.0
    assert unix_seconds(" 1764064800.5 ") == 1764064800.5
    assert unix_seconds("2025-11-25T10:00:00Z") == 1764064800.0
    assert unix_seconds("2026-11-25T10:00:00") == unix_seconds("2026-11-25T10:00:00+00:00")
    assert unix_seconds("2025-11-25T11:00:00+01:00") == 1764064800.0
    assert unix_seconds(datetime(2025, 11, 25, 10, tzinfo=UTC)) == 1764064800.0


@pytest.mark.parametrize(
    "value", ["yesterday", "", "\u0661\u0662", True, None, float("nan"), 1e11, -1e11, "1e12", [1], {"t": 1}]
)
def test_anything_else_is_no_time(value: object) -> None:
    assert unix_seconds(value) is None


def test_seconds_reads_no_text() -> None:
    """trace(now=...) takes a datetime or a number, never text."""
    assert seconds("1764064800") is None
    assert seconds(datetime(1970, 1, 1, 1)) == 3600.0
    assert seconds(datetime(1970, 1, 1, 1, tzinfo=timezone(timedelta(hours=1)))) == 0.0


def test_an_instant_is_none_beyond_what_a_datetime_holds() -> None:
    assert instant(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert instant(LATEST_TIMESTAMP + 1) is None
    assert instant(-62135596801) is None


@pytest.mark.parametrize(
    ("value", "read"),
    [
        (1764064800, (datetime(2025, 11, 25, 10, tzinfo=UTC), True)),
        (" 1764064800 ", (datetime(2025, 11, 25, 10, tzinfo=UTC), True)),
        ("999999999999", (datetime.fromtimestamp(LATEST_TIMESTAMP, UTC), True)),
        ("2026-11-25 10:00:00", (datetime(2026, 11, 25, 10), False)),
        ("2026/11/25 10:00:00", (datetime(2026, 11, 25, 10), False)),
        ("2026-11/25 10:00:00", (None, False)),
        ("2026-02-30 10:00:00", (None, False)),
        ("2026-11-25T10:00:00", (None, False)),
        ("1234567890123", (None, False)),
        (10**12, (None, False)),
        (10**40, (None, False)),
        (-1, (None, False)),
        (True, (None, False)),
        (1.5, (None, False)),
    ],
)
def test_a_schedule_is_unix_seconds_or_a_local_time(value: object, read: tuple[datetime | None, bool]) -> None:
    assert schedule_time(value) == read


@given(st.integers(min_value=0, max_value=10**30))
def test_a_whole_number_schedule_reads_as_its_digits(value: int) -> None:
    assert schedule_time(value) == schedule_time(str(value))


@pytest.mark.parametrize(
    ("header", "waited"),
    [("120", 120.0), ("0", 0.0), ("000", 0.0), ("86401", LONGEST_RETRY_AFTER), ("9" * 40, LONGEST_RETRY_AFTER)],
)
def test_a_retry_after_of_seconds_is_capped_at_a_day(header: str, waited: float) -> None:
    assert retry_after_seconds(header) == waited


@pytest.mark.parametrize("header", ["", "soon", "-5", "1.5", "Wed, 21 Oct 2015 07:28:00 GMT" + " " * 40, "\u0661"])
def test_a_retry_after_that_is_neither_seconds_nor_a_date_is_none(header: str) -> None:
    assert retry_after_seconds(header) is None


def test_a_retry_after_date_is_counted_from_the_clock() -> None:
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    later = (datetime.now(UTC) + timedelta(minutes=10)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 590 <= (retry_after_seconds(later) or 0) <= 600
