"""Start-up: ``--version`` and ``--help`` build no command's arguments, and no command loads
what it does not use (what a command imports is what its start-up costs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from diagnose import __version__
from diagnose.catalog.explained import explained_module
from diagnose.catalog.explanation import entry_text
from diagnose.catalog.model import load_catalog
from diagnose.cli.commands import HANDLERS
from diagnose.cli.output import HUMAN
from diagnose.redaction import json_text
from diagnose.vocabulary import OutputFormat
from tests.cli_runner import run_cli


def _loaded_by(*words: str) -> tuple[set[str], str]:
    script = (
        "import sys; from diagnose.cli.main import main; status = main(sys.argv[1:]);"
        "print('\\n'.join(sys.modules), file=sys.stderr); sys.exit(status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *words], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split()), done.stdout


@pytest.mark.process
def test_version_is_printed_without_argparse_or_the_catalog() -> None:
    loaded, shown = _loaded_by("--version")
    assert shown == f"sms-diagnose {__version__}\n"
    assert not loaded & {"argparse", "json", "diagnose.catalog.model", "diagnose.cli.parser"}


@pytest.mark.process
def test_help_lists_every_command_without_building_their_arguments() -> None:
    loaded, shown = _loaded_by("--help")
    assert all(f"    {name} " in shown or f"    {name}\n" in shown for name in HANDLERS), shown
    assert "diagnose.catalog.model" not in loaded  # list's --category choices come from the catalog


def test_version_reads_as_argparse_printed_it() -> None:
    done = run_cli("--version")
    assert (done.status, done.stdout, done.stderr) == (0, f"sms-diagnose {__version__}\n", "")


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["--bogus", "parse", "x"], "unrecognized arguments: --bogus"),
        (["--version", "x"], ""),
        ([], "the following arguments are required: COMMAND"),
        (["nonsense"], "invalid choice: 'nonsense'"),
    ],
)
def test_a_command_line_naming_no_command_first_is_read_as_before(words: list[str], said: str) -> None:
    done = run_cli(*words)
    if words[:1] == ["--version"]:
        assert (done.status, done.stdout) == (0, f"sms-diagnose {__version__}\n")
    else:
        assert done.status == 2 and said in done.stderr and done.stderr.count("\n") == 1, done.stderr


@pytest.mark.process
def test_a_check_on_one_process_loads_no_process_pool_and_no_network_modules(tmp_path: Path) -> None:
    log = tmp_path / "answers.jsonl"
    log.write_text('{"body": "{\\"type\\":\\"success\\",\\"message\\":\\"3763646c3058373530393832\\"}"}\n')
    loaded, shown = _loaded_by("check", "-j", "1", str(log))
    assert "1 response" in shown or "passed" in shown, shown
    assert not loaded & {"multiprocessing", "concurrent.futures", "urllib.request", "http.client", "ssl", "email"}
    assert "dataclasses" not in loaded  # every record is a Record


def test_the_default_format_explain_reads_without_the_vocabulary_is_the_vocabulary_s() -> None:
    assert HUMAN == OutputFormat.HUMAN and type(HUMAN) is str


@pytest.mark.process
def test_version_builds_no_enum_and_reads_no_catalog() -> None:
    loaded, _ = _loaded_by("--version")
    assert not loaded & {"diagnose.vocabulary", "diagnose.catalog", "diagnose.records", "enum"}


@pytest.mark.process
@pytest.mark.parametrize(
    "words",
    [
        ["explain", "207"],
        ["explain", "INVALID_AUTHKEY", "--format", "human"],
        ["explain", "invalid-authkey"],
        ["explain", "delivery/17"],
        ["explain", "OTP_EXPIRED"],
        ["explain", "207", "--json"],
        ["explain", "--format=json", "delivery/17"],
    ],
)
def test_explain_in_a_wheel_shows_its_rendered_explanation_without_building_the_catalog(
    tmp_path: Path, words: list[str]
) -> None:
    """A wheel carries every entry's explanation, rendered by the build (catalog/_explained.py,
    put here beside the checkout's catalog package): explain lays it out, byte for byte what the
    catalog's route shows, laid out or as JSON, without the catalog, its template, textwrap,
    argparse, json or the masking patterns (and for ``explain CODE``, without the vocabulary's
    enums or regular expressions)."""
    catalog = load_catalog()
    (tmp_path / "_explained.py").write_text(explained_module(catalog), encoding="utf-8")
    script = (
        "import sys, diagnose.catalog; diagnose.catalog.__path__.append(sys.argv.pop(1));"
        "from diagnose.cli.main import main; status = main(sys.argv[1:]);"
        "print('\\n'.join(sys.modules), file=sys.stderr); sys.exit(status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), *words],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "COLUMNS": "71"},
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stderr.split())
    assert "diagnose.catalog._explained" in loaded
    heavy = {"diagnose.catalog.model", "diagnose.catalog.explanation", "diagnose.catalog.source", "textwrap", "json"}
    heavy |= {"diagnose.redaction"}
    if len(words) == 2:  # an option is read with the vocabulary (OutputFormat), so with its enums
        heavy |= {"diagnose.vocabulary", "enum", "re"}
    assert not loaded & (heavy | {"argparse"}), loaded & heavy
    entry = catalog.lookup(next(word for word in words[1:] if not word.startswith("-")))
    assert entry is not None
    shown = json_text(entry.to_dict()) if "json" in " ".join(words) else entry_text(entry, catalog, 71)
    assert done.stdout == shown + "\n"


@pytest.mark.process
def test_help_builds_no_enum_and_imports_no_typing() -> None:
    loaded, _ = _loaded_by("--help")
    assert not loaded & {"diagnose.vocabulary", "typing", "diagnose.redaction", "diagnose.catalog"}


@pytest.mark.process
def test_no_command_says_so_in_one_line_without_compiling_the_masking_patterns() -> None:
    """Nothing typed, nothing to mask: the usage error is the parser's own words alone."""
    script = "import sys; from diagnose.cli.main import main; code = main([]); print(*sys.modules); sys.exit(code)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (2, "sms-diagnose: error: the following arguments are required: COMMAND\n")
    assert not set(done.stdout.split()) & {"diagnose.redaction", "diagnose.vocabulary", "typing"}
