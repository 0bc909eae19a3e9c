"""Costs measured so that no test depends on the machine's speed or on how busy it is.

``grows_linearly`` compares the work on one input with the same work on it cut into pieces, both
measured in the same run in this thread's CPU time (which other processes cannot use up), taken
in turn, the best of a few: a linear reader costs about the same either way, a quadratic one
FACTOR times more in one piece. ``bounded`` only turns a hang into a failure: it interrupts a
call once it has used minutes of this process's CPU time, which no linear reader of these inputs
comes near on any machine, however loaded.
"""

from __future__ import annotations

import gc
import math
import signal
import time
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

T = TypeVar("T")
HANG_CPU_SECONDS = 120.0
"""A hang guard, not a speed limit: the largest input here costs a linear reader about a second
of CPU time; a backtracking one would take hours."""
FACTOR = 8
"""The whole input is this many pieces: a quadratic reader costs this many times more on it."""
SLACK = 4.0
"""How much more than the pieces the whole may cost: cache effects on a larger input stay under it
(one 48,000-character match of the redaction's separator run measured 2.8 alone and 3.1 with the
machine loaded: the regex engine's state for one long match outgrows the caches); a quadratic
reader (FACTOR times: 8.1 measured) and anything growing faster than about n^1.67 exceed it."""
ATTEMPTS = 7


class Overrun(Exception):
    pass


def _overrun(signum: int, frame: FrameType | None) -> None:
    raise Overrun


def bounded(call: Callable[[], T], what: str) -> T:
    """``call()``, interrupted (regular-expression matching checks for signals) and failed once it
    has used HANG_CPU_SECONDS of CPU time."""
    previous = signal.signal(signal.SIGPROF, _overrun)
    signal.setitimer(signal.ITIMER_PROF, HANG_CPU_SECONDS)
    try:
        return call()
    except Overrun:
        raise AssertionError(f"{what} used {HANG_CPU_SECONDS:.0f} s of CPU time: it backtracks or hangs") from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


MEASURED_SECONDS = 0.0002
"""The least CPU time one measurement of ``_growth`` lasts."""


def _cpu_seconds(call: Callable[[], object], times: int) -> float:
    start = time.thread_time()
    for _ in range(times):
        call()
    return time.thread_time() - start


def _growth(make: Callable[[int], Callable[[], object]], size: int) -> float:
    whole, piece = make(size), make(max(1, size // FACTOR))
    piece()  # what is done once (a cache, a lazy import) is not counted; the allocator's first growth
    # for the whole, if it shows, is not counted by the next attempt
    pieces_best = whole_best = math.inf
    enabled = gc.isenabled()
    gc.disable()
    try:
        # A call of a few hundred nanoseconds (a pattern that fails at its first character) is
        # repeated until one measurement lasts MEASURED_SECONDS, so that the clock's own cost and
        # one interruption do not decide the ratio; both sides are repeated alike.
        repeat = max(1, math.ceil(MEASURED_SECONDS / max(_cpu_seconds(whole, 1), 1e-9)))
        for _ in range(ATTEMPTS):
            pieces_best = min(pieces_best, _cpu_seconds(piece, FACTOR * repeat))
            whole_best = min(whole_best, _cpu_seconds(whole, repeat))
            if whole_best <= SLACK * pieces_best:
                break
    finally:
        if enabled:
            gc.enable()
    return whole_best / pieces_best if pieces_best > 0 else 1.0


def grows_linearly(make: Callable[[int], Callable[[], object]], size: int, what: str) -> float:
    """Fails unless ``make(size)()`` costs at most SLACK times what FACTOR calls of
    ``make(size // FACTOR)()`` cost; returns that ratio. ``make(n)`` builds the input of n units
    and returns the call to measure, so that building it is not measured."""
    ratio = bounded(lambda: _growth(make, size), what)
    assert ratio <= SLACK, (
        f"{what}: {size:,} units in one piece cost {ratio:.1f} times what {FACTOR} pieces of "
        f"{size // FACTOR:,} cost: it grows faster than its input"
    )
    return ratio
