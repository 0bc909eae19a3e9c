"""How much of a body is read: the cost of diagnosing is bounded whatever arrives."""

from __future__ import annotations

from .arguments import ArgumentTypeError, ArgumentValueError, shown_int

DEFAULT_MAX_BYTES = 1 << 20
"""Bodies larger than this (1 MiB; for a str, this many characters) are not parsed."""

LARGEST_MAX_BYTES = 256 << 20
"""The largest --max-bytes the command accepts (256 MiB): a body up to the limit is held in memory whole."""

RAW_KEPT_WHEN_TOO_LARGE = 4096
"""How many characters of a too-large body a diagnosis keeps and reports echo."""


def check_max_bytes(max_bytes: int | None) -> int:
    if max_bytes is None:
        return DEFAULT_MAX_BYTES
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise ArgumentTypeError(f"max_bytes must be an int or None, not {type(max_bytes).__name__}")
    if max_bytes < 1:
        raise ArgumentValueError(f"max_bytes must be at least 1, not {shown_int(max_bytes)}")
    return max_bytes


CUT_MARGIN = 512
"""How far past a cut ``cut_whole`` may go to keep the word it falls in whole."""


def cut_whole(text: str, limit: int) -> str:
    """``text[:limit]``, extended to the end of the word the cut falls in (at most CUT_MARGIN
    characters more), or cut back to its start when the word runs on further: a key or a number
    is kept whole, and masked whole where it is shown, or not kept at all; never kept in part.
    ``text`` should run at least one character past ``limit + CUT_MARGIN`` when it can."""
    if len(text) <= limit:
        return text
    end, stop = limit, min(len(text), limit + CUT_MARGIN)
    while end < stop and _in_word(text[end]):
        end += 1
    if end < len(text) and _in_word(text[end]):  # a word too long to keep whole: drop all of it
        end = limit
        while end > 0 and _in_word(text[end - 1]):
            end -= 1
    return text[:end]


def _in_word(char: str) -> bool:
    """Whether ``char`` may be part of a key or a number (the characters masking reads as one)."""
    return char.isalnum() or char in "._~+/-%"


def too_large_reason(max_bytes: int) -> str:
    return f"too large: more than {max_bytes:,} bytes, not parsed"
