"""When the suite runs with the clock moved (``make pytest CLOCK=+2y``, as CI runs it), the clock
really is moved for it and for the commands it starts: otherwise a test tied to today's date
would pass unseen until its date goes by."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest

from .real_clock import on_the_real_clock

SHOW_TIME = "import time; print(time.time())"


@pytest.mark.skipif("FAKETIME" not in os.environ, reason="this run is on the real clock (make pytest without CLOCK=)")
def test_the_clock_is_moved_for_the_suite_and_its_commands() -> None:
    def clock(env: dict[str, str]) -> float:
        shown = subprocess.run([sys.executable, "-c", SHOW_TIME], env=env, capture_output=True, text=True, check=True)
        return float(shown.stdout)

    real, moved, here = clock(on_the_real_clock(os.environ)), clock(dict(os.environ)), time.time()
    said = f"real {datetime.fromtimestamp(real, UTC):%Y-%m-%d}, moved to {os.environ['FAKETIME']}"
    assert abs(here - real) > 86_400, f"the suite's clock is not moved: {said}"
    assert abs(moved - here) < 3_600, f"a command it starts is not on the same moved clock: {said}"
    time.sleep(0.01)  # a sleep works on the moved clock (tests/faketime/sitecustomize.py)
