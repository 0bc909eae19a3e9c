"""Words for numbers in what the command line prints."""

from __future__ import annotations


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``1 response``, ``2 responses``, ``1,000 entries``."""
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"
