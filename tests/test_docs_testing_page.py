"""docs/testing.md, "Testing your integration": every example on it runs as a reader would run
it. Its Python files are written to a project and its pytest run gated by ``check``; its shell
script drives ``sms-diagnose fake`` with curl and prints what the page says it prints; its
control API table is made from the routes the fake serves, and each example in it is answered."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from diagnose.fake import FakeRequest, FakeSmsApi
from diagnose.fake.control import PREFIX, ROUTES
from diagnose.fake.served import served

from .docs_hook import load_hook

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "testing.md"
MARKER = "<!-- generated: fake control API -->"
FENCE = re.compile(r'^```(?P<language>\w+)(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)^```$', re.M | re.S)
BIN = Path(sys.executable).parent
"""The environment's bin: the ``pytest`` and ``sms-diagnose`` a reader has once it is installed."""


class Block:
    def __init__(self, language: str, title: str | None, body: str) -> None:
        self.language, self.title, self.body = language, title, body


def blocks() -> list[Block]:
    text = PAGE.read_text(encoding="utf-8")
    return [Block(m["language"], m["title"], m["body"]) for m in FENCE.finditer(text)]


def titled(title: str) -> Block:
    (found,) = [block for block in blocks() if block.title == title]
    return found


def _environment() -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST_", "COV_")) and name != "COLUMNS"
    }
    environment["PATH"] = os.pathsep.join([str(BIN), environment.get("PATH", "")])
    kept = environment.get("PYTHONPATH")  # a moved clock's sitecustomize (make pytest CLOCK=...)
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), *([kept] if kept else [])])  # this tree's diagnose
    return environment


def _bash(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``script`` run by bash as ``set -euo pipefail`` would, in ``cwd``; its processes are
    killed if it has not finished in a minute."""
    process = subprocess.Popen(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        raise AssertionError(f"the script did not finish:\n{stdout}\n{stderr}") from None
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _needs_curl() -> None:
    assert shutil.which("curl"), "the page's shell example needs curl: make pytest installs it (as root)"


def test_every_block_of_the_page_is_run_here() -> None:
    shown = [(block.language, block.title) for block in blocks()]
    assert shown == [
        ("python", "sms_service.py"),
        ("python", "test_sms_service.py"),
        ("bash", "ci.sh"),
        ("bash", "drive-the-fake.sh"),
        ("text", None),
        ("bash", None),
    ]


def test_the_pytest_example_passes_and_its_journal_passes_the_gate(tmp_path: Path) -> None:
    for title in ("sms_service.py", "test_sms_service.py"):
        (tmp_path / title).write_text(titled(title).body, encoding="utf-8")
    tests = titled("test_sms_service.py").body.count("\ndef test_")
    assert tests == 7
    done = _bash(titled("ci.sh").body, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{tests} passed" in done.stdout and "failed" not in done.stdout.split("checked")[0]
    assert "checked 12 responses from 1 file: 12 passed, 0 failed" in done.stdout
    journal = (tmp_path / "logs" / "traffic.jsonl").read_text(encoding="utf-8")
    assert "919812345678" not in journal and "test-authkey" not in journal


def test_without_the_allowed_names_the_gate_fails_on_the_errors_the_tests_provoked(tmp_path: Path) -> None:
    for title in ("sms_service.py", "test_sms_service.py"):
        (tmp_path / title).write_text(titled(title).body, encoding="utf-8")
    ungated = titled("ci.sh").body.split(" --allow ")[0]
    done = _bash(ungated, tmp_path)
    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if line.startswith("FAIL logs/traffic.jsonl:")]
    for provoked in ("418 IP_NOT_WHITELISTED", "211 DLT_TEMPLATE_ID_MISSING", "TRANSPORT_SERVER_ERROR"):
        assert any(provoked in line for line in failed), done.stdout


def test_the_shell_example_prints_what_the_page_says_and_its_journal_passes_the_gate(tmp_path: Path) -> None:
    _needs_curl()
    done = _bash(titled("drive-the-fake.sh").body, tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stdout + done.stderr
    (said, check) = [block for block in blocks() if block.title is None]
    port = re.search(r"http://127\.0\.0\.1:(\d+)$", done.stdout.splitlines()[0])
    assert port is not None
    assert done.stdout.replace(f"127.0.0.1:{port[1]}", "127.0.0.1:PORT") == said.body
    gated = _bash(check.body, tmp_path)
    assert gated.returncode == 0, gated.stdout
    assert "checked 4 responses from 1 file: 4 passed, 0 failed" in gated.stdout
    assert re.search(r"^ok +1 +418 +IP_NOT_WHITELISTED ", gated.stdout, re.M), gated.stdout


def test_the_control_api_table_is_made_from_the_routes_served() -> None:
    assert MARKER in PAGE.read_text(encoding="utf-8") and "| `/__fake/" not in PAGE.read_text(encoding="utf-8")
    table = load_hook().fake_control_table()
    rows = [line for line in table.splitlines() if line.startswith("| `/__fake/")]
    assert [row.split("`")[1] for row in rows] == [PREFIX + name for name in ROUTES]
    for row, route in zip(rows, ROUTES.values(), strict=True):
        assert f"| {route.method} |" in row and route.answers in row
        assert (route.takes or "nothing") in row


def _documented_keys(answers: str) -> list[str]:
    return re.findall(r'"(\w+)"(?=:)', answers.split("[", 1)[0]) or re.findall(r'"(\w+)"', answers)[:1]


@pytest.mark.parametrize("name", list(ROUTES))
def test_each_example_of_the_table_is_answered_as_it_says(name: str) -> None:
    route = ROUTES[name]
    fake = FakeSmsApi()
    number = "919812345678"
    fake.handle(FakeRequest(method="POST", path="/api/v5/otp", query=f"mobile={number}", headers={"authkey": "K"}))
    query, body = "", b""
    if route.takes.startswith("?"):
        query = route.takes[1:]
    elif route.takes:
        body = route.takes.encode()
    answer = served(fake, FakeRequest(method=route.method, path=PREFIX + name, query=query, body=body))
    assert answer.status == 200, answer.body
    given = json.loads(answer.body)
    documented = route.answers
    assert list(given) == _documented_keys(documented)
    if "..." not in documented and name not in ("otp",):
        assert given == json.loads(documented)
    if name == "otp":
        assert given == {"mobile": number, "otp": fake.otp_sent_to(number)}


def test_the_page_is_in_the_navigation_after_before_sending() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - Before sending: before-sending.md\n  - Testing your integration: testing.md\n" in nav
