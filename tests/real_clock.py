"""The environment of a program that must not run under libfaketime, when the suite itself does
(``make pytest CLOCK=+2y``, as CI runs it: tests/faketime/sitecustomize.py).

Only what libfaketime breaks for reasons that have nothing to do with the date is run on the real
clock: Chromium (its driver crashes, or its timers stall for minutes) and a command started with
a standard descriptor closed (libfaketime opens its shared memory first, on the lowest free
descriptor, so the command would find a stdin or stdout that is that memory).
"""

from __future__ import annotations

from collections.abc import Mapping


def on_the_real_clock(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` without libfaketime: its preload and its FAKETIME* settings."""
    preload = " ".join(lib for lib in environ.get("LD_PRELOAD", "").replace(":", " ").split() if "faketime" not in lib)
    kept = {name: value for name, value in environ.items() if name != "LD_PRELOAD" and not name.startswith("FAKETIME")}
    return kept | ({"LD_PRELOAD": preload} if preload else {})
