"""A command's options read: the paths to read (standard input only when asked for with ``-``),
``--now`` and ``--allow``, as more than one command takes them."""

from __future__ import annotations

from .errors import CliError, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, BinaryIO

    Options = Any
    """A command's options: argparse's Namespace, or the same attributes read without argparse."""


def input_paths(paths: Sequence[str]) -> Sequence[str]:
    """The paths to read: standard input only when asked for with ``-``, never by default."""
    if not paths:
        raise CliError("no input: give files, folders or - for standard input")
    if list(paths).count("-") > 1:
        raise CliError("- (standard input) is given more than once: it can be read only once")
    return paths


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


def allowed(options: list[str] | None) -> list[str]:
    """The codes and names the ``--allow`` options give, comma-separated or repeated."""
    return ",".join(options or []).split(",")
