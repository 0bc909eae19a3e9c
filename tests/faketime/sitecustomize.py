"""Imported at start-up by every Python of a run under Debian's faketime (``make pytest
CLOCK=+2y`` puts this folder on PYTHONPATH), and only there.

Such a run moves the wall clock and leaves the monotonic clock real
(FAKETIME_DONT_FAKE_MONOTONIC=1): with both moved, libfaketime 0.9.10 leaves a lock's timed wait
(sem_clockwait) on the real clock while its deadline is on the moved one, and it hangs
(wolfcw/libfaketime#390). With the monotonic clock real, it fails Python 3.11's ``time.sleep``
(an absolute clock_nanosleep on CLOCK_MONOTONIC) with EINVAL (wolfcw/libfaketime#426). So sleep
here waits in select(), which libfaketime leaves alone; nothing else changes.
"""

from __future__ import annotations

import os
import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        select.select([], [], [], left)


if "faketime" in os.environ.get("LD_PRELOAD", "") and os.environ.get("FAKETIME_DONT_FAKE_MONOTONIC") == "1":
    time.sleep = _sleep
