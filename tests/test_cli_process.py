"""Smoke tests of the real command: ``python -m diagnose`` in a subprocess says, byte for byte and
status for status, what the suite's in-process runs of ``main([...])`` say (tests/cli_runner.py),
and the installed command is that ``main``.

The rest of the suite runs the command in-process; what only a process shows (start-up without
the optional libraries, closed or cut descriptors, signals, the moved clock) is tested where that
promise lives, marked ``process``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from .cli_runner import run_cli, run_cli_process

pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ERROR_BODY = b'{"type":"error","message":"IP is not whitelisted","code":"418"}'

COMMAND_LINES = {
    "explain": (["explain", "207"], b""),
    "explain-unknown": (["explain", "2077"], b""),
    "explain-json": (["explain", "INVALID_AUTHKEY", "--json"], b""),
    "parse-stdin": (["parse", "-"], ERROR_BODY),
    "parse-folder": (["parse", str(EXAMPLES / "responses")], b""),
    "parse-not-utf8": (["parse", "-", "--json"], b"\xff\xfe\xfa not utf-8 \x1b[2J"),
    "check-json": (["check", "--format", "json", str(EXAMPLES / "responses")], b""),
    "check-github-stdin": (["check", "--format", "github", "-"], ERROR_BODY),
    "report": (["report", str(EXAMPLES / "reports")], b""),
    "trace": (
        [
            "trace",
            str(EXAMPLES / "journeys" / "requests.jsonl"),
            str(EXAMPLES / "journeys" / "reports.jsonl"),
            "--now",
            "2026-11-25T13:15:00Z",
        ],
        b"",
    ),
    "preflight": (
        [
            "preflight",
            str(EXAMPLES / "outgoing" / "sends.jsonl"),
            "--template",
            str(EXAMPLES / "outgoing" / "flow-template.txt"),
        ],
        b"",
    ),
    "list": (["list", "--phase", "otp"], b""),
    "validate": (["validate"], b""),
    "version": (["--version"], b""),
    "help": (["check", "--help"], b""),
    "usage-error": (["frobnicate"], b""),
    "misuse": (["parse", "--http-status", "42", "-"], b""),
    "missing-file": (["parse", "no/such/file.json"], b""),
}


@pytest.mark.parametrize("name", sorted(COMMAND_LINES))
def test_process_smoke_the_real_command_says_what_the_in_process_run_says(name: str) -> None:
    args, stdin = COMMAND_LINES[name]
    real = run_cli_process(*args, stdin=stdin, cwd=ROOT)
    assert real.stdout or real.stderr, real
    assert "Traceback" not in real.stderr, real.stderr
    assert run_cli(*args, stdin=stdin, cwd=ROOT) == real


def test_process_smoke_the_installed_command_is_main() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"sms-diagnose": "diagnose.cli.main:main"}
    assert (ROOT / "diagnose" / "__main__.py").read_text(encoding="utf-8").endswith("sys.exit(main())\n")
