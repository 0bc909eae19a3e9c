"""A hang is a bug: bound a call on hostile input, and fail (not hang) when it runs over."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

T = TypeVar("T")
LIMIT_SECONDS = 3.0
"""Generous: a linear reader meets it a thousand times over on these inputs, a backtracking one
misses it by hours."""


class Overrun(Exception):
    pass


def _overrun(signum: int, frame: FrameType | None) -> None:
    raise Overrun


def bounded(call: Callable[[], T], what: str, limit: float = LIMIT_SECONDS) -> T:
    """``call()``, interrupted by an alarm (regular-expression matching checks for signals) and
    failed when it runs over ``limit`` seconds."""
    previous = signal.signal(signal.SIGALRM, _overrun)
    signal.setitimer(signal.ITIMER_REAL, limit)
    started = time.perf_counter()
    try:
        return call()
    except Overrun:
        raise AssertionError(f"{what} ran over {limit} s: it backtracks or hangs") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        elapsed = time.perf_counter() - started
        assert elapsed < limit, f"{what} took {elapsed:.1f} s: it backtracks or hangs"
