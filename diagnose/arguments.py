"""Misuse of the library's functions: the errors it raises, and the checks that raise them.

They are TypeError and ValueError, as callers expect; their own classes let the last-resort
boundary of ``diagnose()`` and ``diagnose_report()`` tell a caller's mistake, which must reach the
caller, from a failure on some body, which must become an ``unrecognised`` diagnosis.
"""

from __future__ import annotations


class ArgumentTypeError(TypeError):
    """An argument of the wrong type."""


class ArgumentValueError(ValueError):
    """An argument of the right type with a value out of range."""


MISUSE = (ArgumentTypeError, ArgumentValueError)


def check_content_type(content_type: object) -> str | None:
    if content_type is not None and not isinstance(content_type, str):
        raise ArgumentTypeError(f"content_type must be a str or None, not {type(content_type).__name__}")
    return content_type


def shown_int(value: int) -> str:
    """``value`` for an error message; an integer too long to write out is described instead."""
    return (
        str(value)
        if -(10**18) < value < 10**18
        else f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    )
