"""How a command ends: its exit statuses, and the errors it reports as one line (exit status 2)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEM_FOUND = 1
"""An unknown code, a check that failed, an invalid catalog: the command ran and found a problem."""
EXIT_USAGE = 2


class CliError(Exception):
    """A problem with the command's input, reported as one line and exit status 2."""


class UsageError(CliError):
    """A mistake in the command line itself (an option's value out of range or unreadable): its
    message holds the command's own words and what was typed, never text from a body, a log or a
    file name, so the numbers in it are shown as they are (a limit of 300,000,000 bytes is no phone
    number); an authkey typed in the wrong place is still masked, control characters escaped."""


def typed_number(value: int) -> str:
    """A number typed on the command line, in a usage error, as the command writes numbers
    (``300,000,000``); one too long to write out is described."""
    if not -(10**18) < value < 10**18:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    return f"{value:,}"
