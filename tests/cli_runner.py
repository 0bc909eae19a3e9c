"""Run the real sms-diagnose command in a subprocess, as a user or a CI job would."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    status: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: bytes = b"", cwd: Path | None = None) -> Run:
    completed = subprocess.run(
        [sys.executable, "-m", "diagnose", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    return Run(
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )
