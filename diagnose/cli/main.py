"""The sms-diagnose command's entry point: the command line in, the command run, its exit status out.

``explain CODE`` is read here without argparse when it can be (the commonest command starts
faster so); every other command line is read by ``parser``. The command runs from its module
(``commands``); misuse and I/O errors are one line on standard error and exit status 2.
"""

from __future__ import annotations

import io
import sys
from types import SimpleNamespace as Namespace

from .commands import HANDLERS, run
from .errors import EXIT_USAGE, CliError, UsageError
from .output import HUMAN, PipedOutput, to_devnull

# Each command imports what it needs, when it runs: `explain CODE` starts without argparse, the
# readers, the redaction patterns, json, pathlib or typing (tests/test_packaging.py keeps it so).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, TextIO

    from .options import Options


def quick_explain(words: Sequence[str]) -> Options | None:
    """``explain CODE`` with at most ``--json`` or ``--format human|json``, read without argparse:
    the commonest command starts without building a parser (argparse and its translations cost a
    third of its start-up). Anything else returns None, for the parser; tests/test_cli_explain.py checks
    that both read every such command line alike."""
    if len(words) < 2 or words[0] != "explain":
        return None
    code, output, rest = None, HUMAN, list(words[1:])
    while rest:
        word = rest.pop(0)
        if word.startswith("-"):
            from ..vocabulary import OutputFormat  # only for an option: its enums cost a tenth of explain's start-up

            if word == "--json":
                output = str(OutputFormat.JSON)
            elif word == "--format" and rest and rest[0] in tuple(OutputFormat):
                output = rest.pop(0)
            elif word.startswith("--format=") and word[9:] in tuple(OutputFormat):
                output = word[9:]
            else:
                return None
        elif code is None and word:
            code = word
        else:
            return None
    if code is None:
        return None
    return Namespace(command="explain", code=code, format=output, handler=HANDLERS["explain"])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; misuse and I/O errors are one line on standard error and exit status 2.

    SIGTERM during a check or a trace ends it with status 143 (see check.Terminated), after its cleanup.
    Standard output and standard error are PipedOutput while it runs: a reader that stops
    reading changes no exit status.
    """
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _piped(sys.stdout), _piped(sys.stderr)
    try:
        return _run(argv)
    finally:
        for piped in (sys.stdout, sys.stderr):  # what --help or a usage error left in a buffer
            try:
                if piped is not None:
                    piped.flush()
            except (OSError, ValueError):
                pass  # a full disk: the interpreter says so on its way out
        sys.stdout, sys.stderr = streams


def _piped(stream: TextIO | None) -> Any:
    return None if stream is None else PipedOutput(stream)


def _run(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    if words == ["--version"]:  # as argparse's version action prints it, without building a parser
        from .. import __version__

        print(f"sms-diagnose {__version__}")
        return 0
    args = quick_explain(words)
    if args is None:
        from .parser import build_parser, command_in

        args = build_parser(command_in(words), named=words, typed=bool(words)).parse_args(words)
    try:
        status = run(args)
        _flush_stdout()  # a full disk is reported here, not by the interpreter on its way out
    except UsageError as exc:
        return _fail(str(exc), phones=False)
    except (CliError, TypeError, ValueError) as exc:  # a CatalogError is a ValueError
        return _fail(str(exc))
    except OSError as exc:  # any other I/O error: still one line, exit status 2
        return _fail(f"{exc.filename}: {exc.strerror or exc}" if exc.filename is not None else exc.strerror or str(exc))
    except KeyboardInterrupt:
        return 130
    return status


def _flush_stdout() -> None:
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as exc:
        raise CliError(f"standard output: cannot be written ({exc.strerror or exc})") from exc


def _fail(message: str, *, phones: bool = True) -> int:
    """Report a failure as one line: masked (``phones=False`` for a usage error, which holds no
    text from outside but what was typed) and escaped."""
    from ..redaction import printable

    print(f"sms-diagnose: error: {printable(message, phones=phones)}", file=sys.stderr)
    _drop_unwritable_stdout()
    return EXIT_USAGE


def _drop_unwritable_stdout() -> None:
    """Write what is left for standard output, or drop it when it cannot be written, so that the
    interpreter does not fail on it again, with a second message, on its way out."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError:
        to_devnull(sys.stdout)
