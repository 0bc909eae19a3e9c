"""The sms-diagnose command line, whatever the command: usage errors, --format and its --json
alias, --version, standard input given twice, a table's cut, the wording the commands share.
Each command has its own module (tests/test_cli_<command>.py); the command runs in-process
(tests/cli_runner.py), and as a real process in tests/test_cli_process.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnose import load_catalog

from .cli_runner import run_cli


def test_unknown_command_is_a_usage_error() -> None:
    run = run_cli("frobnicate")
    assert run.status == 2 and "invalid choice" in run.stderr and "Traceback" not in run.stderr


def test_version() -> None:
    assert run_cli("--version").stdout.startswith("sms-diagnose 0.1.0")


@pytest.mark.parametrize(
    ("args", "choices"),
    [
        (["check", "--fail-on", "x", "a"], "'info', 'warning', 'error', 'critical'"),
        (["check", "--format", "x", "a"], "'human', 'json', 'junit', 'github'"),
        (["list", "--phase", "x"], "'request', 'otp', 'delivery', 'reason', 'transport'"),
        (["explain", "207", "--format", "x"], "'human', 'json'"),
        (["parse", "--body-format", "x", "a"], "'string', 'json', 'xml'"),
    ],
)
def test_a_wrong_choice_names_the_choices_as_typed(args: list[str], choices: str) -> None:
    run = run_cli(*args)
    assert run.status == 2 and run.stdout == ""
    assert run.stderr.endswith(f"invalid choice: 'x' (choose from {choices})\n"), run.stderr
    assert run.stderr.count("\n") == 1


ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"


@pytest.mark.parametrize("command", ["parse", "check", "report"])
def test_no_path_is_a_usage_error_not_a_silent_read_of_standard_input(command: str) -> None:
    run = run_cli(command, stdin=b'{"type":"success","message":"3763646c3058343736393231"}')
    assert run.status == 2
    assert run.stderr == "sms-diagnose: error: no input: give files, folders or - for standard input\n"
    assert run_cli(command, "-", stdin=b'{"type":"success","message":"3763646c3058343736393231"}').status == 0


def test_format_names_the_output_in_every_command_and_json_is_its_alias(tmp_path: Path) -> None:
    body = ROOT / "examples" / "responses" / "ip-not-whitelisted.xml"
    for command in (["explain", "418"], ["parse", str(body)], ["report", str(REPORTS)], ["list"]):
        as_format = run_cli(*command, "--format", "json")
        assert as_format.status == 0 and json.loads(as_format.stdout)
        assert run_cli(*command, "--json").stdout == as_format.stdout
    forced = json.loads(run_cli("parse", "-", "--body-format", "json", "--json", stdin=b"207").stdout)
    assert forced["format"] == "json"
    assert run_cli("parse", str(body), "--format", "xml").status == 2, "--format is the output's, not the body's"


def test_who_acts_reads_alike_and_nothing_is_said_twice(tmp_path: Path) -> None:
    parse = run_cli("parse", str(ROOT / "examples" / "responses" / "ip-not-whitelisted.xml")).stdout
    explain = run_cli("explain", "418").stdout
    actor = load_catalog().actors[load_catalog().lookup("418").actor].title  # type: ignore[union-attr]
    assert f"who acts: {actor}" in parse and f"who acts: {actor}" in explain
    gateway = run_cli("parse", str(ROOT / "examples" / "responses" / "gateway-502.html")).stdout
    assert "format: html" in gateway
    unrecognised = run_cli("parse", "-", stdin=b"hello").stdout
    assert unrecognised.count("text that is not a request ID") == 1
    target = tmp_path / "catalog.json"
    assert run_cli("export", "-o", str(target)).stdout.startswith(f"wrote the catalog ({len(load_catalog())} entries)")
    from diagnose.testing import assert_error, assert_ok

    with pytest.raises(AssertionError) as failure:
        assert_ok(b'{"type":"error","code":"207"}')
    first_step = load_catalog().lookup("207").remediation[0].text  # type: ignore[union-attr]
    assert str(failure.value).count(first_step) == 1
    with pytest.raises(ValueError, match="did you mean INVALID_AUTHKEY"):
        assert_error(b"x", "INVALID_AUTH_KEY")


@pytest.mark.parametrize("command", ["parse", "check", "report"])
def test_standard_input_given_twice_is_a_usage_error(command: str) -> None:
    run = run_cli(command, "-", "-", stdin=b'{"type":"error","code":"207"}')
    assert run.status == 2 and run.stderr.count("\n") == 1 and "more than once" in run.stderr


def test_a_table_cuts_its_free_text_at_a_space() -> None:
    from diagnose.cli.render import table

    text = table(
        ["NAME", "MEANING"], [["x" * 40, "one two three four five six seven eight nine ten eleven twelve"]], 80
    )
    last = text.splitlines()[-1]
    assert (
        last.endswith("\u2026") and last.rstrip("\u2026").split()[-1] in "one two three four five six seven eight nine"
    )
