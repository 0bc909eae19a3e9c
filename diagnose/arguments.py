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
    """``value`` for an error message, masked like any text shown (a phone number passed as an
    integer is one); an integer too long to write out is described instead."""
    if not -(10**18) < value < 10**18:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    return shown(value, quoted=False)


def shown(value: object, *, quoted: bool = True) -> str:
    """A caller's value in an error message: its repr (or str), authkeys and phone numbers
    masked, control characters escaped, at most 200 characters. A mistaken argument may be a
    secret passed in the wrong place."""
    from .redaction import printable

    text = repr(value) if quoted else str(value)
    text = printable(text[:1000])
    return text if len(text) <= 200 else text[:200] + "\u2026"
