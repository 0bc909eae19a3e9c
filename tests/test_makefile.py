"""The make targets the README shows exist, and the two runs of the suite say what they run:
``make test`` everything, ``make quick`` the edit loop's part, both on pytest-xdist workers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOWN = re.compile(r"(?:^|`)make ([a-z]+)\b", re.MULTILINE)
"""``make X`` in inline code, or at the start of a line of a code block."""

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def planned(*args: str) -> str:
    """What ``make ARGS`` would run, without running it (``make -n``)."""
    done = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "VENV=/nonexistent-venv", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_make_target_the_readme_shows_exists() -> None:
    shown = set(SHOWN.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    assert {"demo", "test", "quick", "serve"} <= shown
    for target in sorted(shown):
        planned(target)


def test_make_quick_leaves_out_slow_and_browser_tests_and_make_test_runs_them() -> None:
    quick = next(line for line in planned("quick").splitlines() if "-m pytest" in line)
    assert '-m "not slow and not browser"' in quick and "-n auto" in quick
    whole = next(line for line in planned("pytest").splitlines() if "-m pytest" in line)
    assert " -m " not in whole.split("-m pytest", 1)[1] and "-n auto" in whole


def test_the_moved_clock_reaches_the_workers() -> None:
    """``make pytest CLOCK=+2y``: faketime wraps pytest, whose workers inherit its preload."""
    moved = next(line for line in planned("pytest", "CLOCK=+2y").splitlines() if "-m pytest" in line)
    assert moved.index("faketime -f '+2y'") < moved.index("-m pytest") < moved.index("-n auto")
