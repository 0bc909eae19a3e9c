"""The fake's time: a clock a test moves by hand, and the sleeper that moves it.

The duplicate-message window, OTP expiry and injected delays all read this clock, so that a
test that moves it sees what a wait would show, and no test waits on the wall clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]
Sleeper = Callable[[float], None]

START = datetime(2026, 1, 1, tzinfo=UTC)


LAST_YEAR = 9000


class FakeClock:
    """A clock that stands still until moved: ``advance(seconds)``, or ``sleep(seconds)`` (the
    fake's injected delays call it)."""

    def __init__(self, start: datetime = START) -> None:
        if start.utcoffset() is None:
            raise ValueError("the fake clock starts at an aware datetime (with tzinfo)")
        self._now = start

    def __call__(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` on; ValueError backwards, or past the year 9000 (the fake
        adds expiries and windows to its time, which would overflow near ``datetime.max``)."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds >= 0:
            raise ValueError(f"the fake clock moves forward only, by a number of seconds, not {seconds!r:.40}")
        try:
            moved = self._now + timedelta(seconds=seconds)
        except OverflowError:
            moved = None
        if moved is None or moved.year >= LAST_YEAR:
            raise ValueError(f"the fake clock stays before the year {LAST_YEAR}")
        self._now = moved

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)


def wall_clock() -> datetime:
    """The real time, for a fake served to other programs (a server), never in a test."""
    return datetime.now(UTC)
