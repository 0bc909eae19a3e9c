"""The walk through the README and every docs page: each `sms-diagnose` command they show runs,
in a workspace holding the files they name, as a new user would type it."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^\s*```")
COMMAND = re.compile(r"^\s*(?:\$ )?sms-diagnose (.*)$")
OK_BODY = '{"type":"success","message":"3763646c3058343736393231"}'
ERROR_BODY = '{"type":"error","message":"IP is not whitelisted","code":"418"}'


def shown_commands() -> list[tuple[str, str]]:
    """Every `sms-diagnose ...` line of every fenced block, with the page it is on."""
    found = []
    for page in PAGES:
        inside = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if FENCE.match(line):
                inside = not inside
                continue
            command = COMMAND.match(line) if inside else None
            if command:
                words = shlex.split(command.group(1), comments=True)
                found.append((str(page.relative_to(ROOT)), shlex.join(words)))
    return found


COMMANDS = shown_commands()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files the pages name: fixtures, logs, a response, a webhook body, and examples/."""
    place = tmp_path_factory.mktemp("walk")
    shutil.copytree(ROOT / "examples", place / "examples")
    for folder in ("fixtures", "fixtures/sms", "logs"):
        (place / folder).mkdir(parents=True, exist_ok=True)
    for folder in (place / "fixtures", place / "fixtures/sms"):
        (folder / "send-ok.json").write_text(OK_BODY)
        (folder / "bad-ip.json").write_text(ERROR_BODY)
    (place / "response.json").write_text(ERROR_BODY)
    lines = "".join(json.dumps({"id": f"r{n}", "body": body}) + "\n" for n, body in enumerate([OK_BODY, ERROR_BODY]))
    (place / "traffic.jsonl").write_text(lines)
    (place / "logs" / "traffic.jsonl").write_text(lines)
    shutil.copy(ROOT / "examples" / "reports" / "webhook-form.txt", place / "webhook-body.txt")
    report = (ROOT / "examples" / "reports" / "flat-v2-failed.json").read_text()
    (place / "logs" / "webhooks.jsonl").write_text(json.dumps({"body": report}) + "\n")
    return place


def test_the_pages_show_the_commands_this_walk_knows() -> None:
    pages = {page for page, _ in COMMANDS}
    assert {"README.md", "docs/quickstart.md", "docs/ci.md", "docs/delivery/index.md"} <= pages
    assert len(COMMANDS) >= 15


@pytest.mark.parametrize(("page", "command"), COMMANDS, ids=[f"{page}: {command}" for page, command in COMMANDS])
def test_every_command_a_page_shows_runs(page: str, command: str, workspace: Path) -> None:
    run = run_cli(*shlex.split(command), cwd=workspace)
    assert run.status in (0, 1), f"{page}: `sms-diagnose {command}` exited {run.status}: {run.stderr}"
    assert "Traceback" not in run.stderr
    assert run.stdout or run.status == 0, f"{page}: `sms-diagnose {command}` printed nothing"
