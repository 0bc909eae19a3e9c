"""diagnose.cli.commands: one module per command, registered by name; the parser names each
command's module and imports none, and main imports the parser only to read a command line."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from diagnose.cli.commands import HANDLERS
from diagnose.cli.parser import build_parser, command_in


def _modules_after(statement: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; {statement}; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def test_the_parser_imports_no_command_and_not_main() -> None:
    every = "from diagnose.cli.commands import HANDLERS; from diagnose.cli.parser import build_parser"
    loaded = _modules_after(f"{every}; build_parser(named=HANDLERS)")
    assert "diagnose.cli.main" not in loaded
    assert not {name for name in loaded if name.startswith("diagnose.cli.commands.")}


def test_main_imports_neither_the_parser_nor_a_command_until_one_runs() -> None:
    loaded = _modules_after("import diagnose.cli.main")
    assert "diagnose.cli.parser" not in loaded
    assert not {name for name in loaded if name.startswith("diagnose.cli.commands.")}


def test_every_command_of_the_parser_is_registered_and_the_other_way_round() -> None:
    parser = build_parser(named=HANDLERS)
    commands = next(a for a in parser._actions if a.dest == "command").choices  # type: ignore[union-attr]
    assert list(commands) == list(HANDLERS)  # type: ignore[arg-type]
    for name, options in commands.items():  # type: ignore[union-attr]
        assert options.get_default("handler") == HANDLERS[name]


@pytest.mark.parametrize("name", list(HANDLERS))
def test_each_command_is_a_module_that_runs_it(name: str) -> None:
    module = importlib.import_module(HANDLERS[name])
    assert module.__name__.rsplit(".", 1)[0] == "diagnose.cli.commands"
    assert callable(module.run)
    assert build_parser(name).parse_args([name, *_required(name)]).handler == HANDLERS[name]
    assert command_in([name, "--help"]) == name


def _required(name: str) -> list[str]:
    return {"explain": ["207"], "trace": ["a", "b"]}.get(name, [])
