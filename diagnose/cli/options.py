"""A command's options read: the paths to read (standard input only when asked for with ``-``),
``--now`` and ``--allow``, as more than one command takes them."""

from __future__ import annotations

from .errors import CliError, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, BinaryIO

    from ..outgoing.templates import DltTemplates

    Options = Any
    """A command's options: argparse's Namespace, or the same attributes read without argparse."""


def input_paths(paths: Sequence[str]) -> Sequence[str]:
    """The paths to read: standard input only when asked for with ``-``, never by default."""
    if not paths:
        raise CliError("no input: give files, folders or - for standard input")
    if list(paths).count("-") > 1:
        raise CliError("- (standard input) is given more than once: it can be read only once")
    seen: dict[tuple[int, int], str] = {}
    for name in paths:
        pipe = _pipe_identity(name)
        if pipe is None:
            continue
        if pipe in seen:
            from ..redaction import printable

            first, again = printable(seen[pipe]), printable(name)
            same = f"{first} is given more than once" if first == again else f"{first} and {again} are one pipe"
            raise CliError(f"{same}: a pipe can be read only once")
        seen[pipe] = name
    return paths


def _pipe_identity(name: str) -> tuple[int, int] | None:
    """The device and inode of a pipe ``name`` reads (``-``: standard input's), None for anything
    else: a file may be read twice, a pipe only once."""
    import os
    import stat

    try:
        found = os.fstat(0) if name == "-" else os.stat(name)
    except (OSError, ValueError):
        return None
    return (found.st_dev, found.st_ino) if stat.S_ISFIFO(found.st_mode) else None


def standard_input() -> BinaryIO:
    """The binary standard input (``logs.units.standard_input``); a CliError when it is closed."""
    from ..logs.units import InputError
    from ..logs.units import standard_input as read_from

    try:
        return read_from()
    except InputError as exc:
        raise CliError(str(exc)) from exc


def now_seconds(text: str | None) -> float | None:
    """``--now`` as Unix seconds (ISO 8601 or Unix seconds); None without it."""
    if text is None:
        return None
    from ..redaction import printable
    from ..times import unix_seconds

    seconds = unix_seconds(text)
    if seconds is None:
        raise UsageError(f"--now: {printable(text, phones=False)} is not ISO 8601 time or Unix seconds")
    return seconds


def dlt_templates(args: Options) -> DltTemplates | None:
    """The DLT templates of the export ``--templates`` names, read once, with the readings chosen
    (``--dlt-match``, ``--dlt-variable-length``) checked against the catalog's: a limit no source
    gives, or a reading without templates, is a usage error; an export that cannot be read, or
    that is also the report's ``--output``, an input error."""
    import os

    from ..redaction import printable
    from .output import output_path

    if args.templates is None:
        if args.dlt_match != "strict" or args.dlt_variable_length is not None:
            raise UsageError("--dlt-match and --dlt-variable-length need --templates FILE")
        return None
    output = output_path(args.output)
    if output is not None and os.path.abspath(output) == os.path.abspath(args.templates):
        raise CliError(f"--output {printable(output)} is also the --templates: the report would overwrite it")
    from ..outgoing.rules import preflight
    from ..outgoing.templates import TemplatesError, load_templates

    try:
        templates = load_templates(args.templates)
    except TemplatesError as exc:
        raise CliError(f"--templates {printable(str(exc), phones=False)}") from None
    try:
        preflight({"mobiles": ""}, templates=templates, dlt_variable_length=args.dlt_variable_length)
    except ValueError as exc:
        raise UsageError(f"--dlt-variable-length: {exc}") from None
    return templates


def allowed(options: list[str] | None) -> list[str]:
    """The codes and names the ``--allow`` options give, comma-separated or repeated."""
    return ",".join(options or []).split(",")
