"""Every command says what it does in its --help, and the options' words read as sentences."""

from __future__ import annotations

import pytest

from diagnose.cli.commands import HANDLERS
from tests.cli_runner import run_cli


@pytest.mark.parametrize("name", list(HANDLERS))
def test_every_command_has_a_description(name: str) -> None:
    done = run_cli(name, "--help")
    paragraphs = done.stdout.split("\n\n")
    assert done.status == 0 and len(paragraphs) >= 3, done.stdout  # usage, description, arguments


def test_allow_unrecognised_reads_as_one_phrase_for_each_command() -> None:
    said = {name: " ".join(run_cli(name, "--help").stdout.split()) for name in ("check", "preflight", "trace")}
    assert "do not fail on bodies that are not provider responses" in said["check"]
    assert "do not fail on inputs that are not send requests " in said["preflight"]
    assert "that are not send requests that are not" not in said["preflight"]
    assert "do not fail on answers that are not provider responses" in said["trace"]
