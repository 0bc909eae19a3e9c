"""A message's text against its DLT content template: whether DLT scrubbing would pass it.

A template is static text with ``{#var#}`` slots (only that spelling is a variable on every
operator's portal). A text matches when it is the template's static pieces, in order, with any
value in each slot: the first piece starts it, the last ends it, and each piece between is found
left to right after the one before (the leftmost place of each leaves the most room for the
rest, so a text that matches in any way matches so). No regular expression reads the text: a
few ``str.find`` of the template's pieces, each from where the last one ended, so the work is
linear in the text (``Match.work`` counts the scans). The strict reading compares every
character; the lenient one first drops spaces, line breaks, full stops and commas from both.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from ..records import Record

VARIABLE = "{#var#}"
LENIENT_IGNORED = frozenset(".,")
"""Besides every whitespace character (spaces, line breaks), what the lenient reading ignores."""
LONGEST_PLACEHOLDER = 32
"""A placeholder-like token (``{#Var#}``, ``##name##``) is looked for up to this many characters long."""


class Mismatch(Record):
    """Where a text first departs from its template: its position in the text and in the
    template's content (0-based; a position at the end: the text or the template ends there)."""

    text_at: int
    template_at: int


class Match(Record):
    """A text read against one template: ``mismatch`` None when it matches, with each slot's
    value as a span of the text (leftmost reading) and the slots whose value is longer than the
    limit (``long``: slot index, value's span), each only where every reading of the text gives
    that slot the same value (the leftmost and the rightmost agree): a value that another
    reading would make shorter is not said to be too long. ``work`` counts the scans."""

    mismatch: Mismatch | None
    values: tuple[tuple[int, int], ...] = ()
    long: tuple[tuple[int, int, int], ...] = ()
    work: int = 0
    forced: tuple[bool, ...] = ()
    """For each slot, whether every reading of the text gives it the same value."""

    @property
    def matched(self) -> bool:
        return self.mismatch is None

    def too_long(self, limit: int) -> tuple[tuple[int, int, int], ...]:
        """``long`` for another limit: the slots (index, value's span) of a forced value over it."""
        return tuple(
            (slot, start, end)
            for slot, ((start, end), forced) in enumerate(zip(self.values, self.forced, strict=True))
            if forced and end - start > limit
        )


Normal = tuple[str, list[int] | None]
"""A text as a reading compares it, with the position in the original of each character (None:
the text itself)."""


def _normal(text: str, lenient: bool) -> Normal:
    if not lenient:
        return text, None
    kept: list[str] = []
    where: list[int] = []
    for position, char in enumerate(text):
        if char.isspace() or char in LENIENT_IGNORED:
            continue
        kept.append(char)
        where.append(position)
    return "".join(kept), where


@lru_cache(maxsize=4)
def _text_normal(text: str, lenient: bool) -> Normal:
    """A message's text as a reading compares it, kept: a text without a template id is read
    against every template of the export, and is made normal once, not once a template."""
    return _normal(text, lenient)


def _original(normal: Normal, position: int, length: int) -> int:
    """A position of a normal text in its original (``length``: the original's length)."""
    _, where = normal
    if where is None:
        return position
    return where[position] if position < len(where) else length


def pieces_of(content: str) -> tuple[tuple[str, int], ...]:
    """A template's static pieces, each with its offset in the content (one more than slots)."""
    found: list[tuple[str, int]] = []
    start = 0
    while (at := content.find(VARIABLE, start)) >= 0:
        found.append((content[start:at], start))
        start = at + len(VARIABLE)
    found.append((content[start:], start))
    return tuple(found)


class Compiled(Record):
    """A template as a reading compares it: its pieces (each with its offset in the content),
    each piece as the reading compares it, and the pieces between the first and the last."""

    pieces: tuple[tuple[str, int], ...]
    normals: tuple[Normal, ...]
    middle: tuple[str, ...]


@lru_cache(maxsize=256)
def compiled(content: str, lenient: bool) -> Compiled:
    pieces = pieces_of(content)
    normals = tuple(_normal(piece, lenient) for piece, _ in pieces)
    return Compiled(pieces, normals, tuple(normal[0] for normal in normals[1:-1]))


def match(content: str, text: str, *, lenient: bool = False, limit: int | None = None) -> Match:
    """``text`` read against the template ``content``; ``limit``: the most characters a slot's
    value may hold (None: no limit)."""
    template = compiled(content, lenient)
    normals = template.normals
    body = _text_normal(text, lenient)
    t = body[0]
    first = normals[0][0]
    if (len(normals) == 1 and t != first) or not t.startswith(first):
        same = _common_prefix(t, first)
        return Match(_at(template, body, len(text), same, (0, same)), (), (), 1)
    if len(normals) == 1:
        return Match(None, (), (), 1)
    start = len(first)
    last = normals[-1][0]
    end = len(t) - len(last)
    if end < start or not t.endswith(last):
        same = _common_suffix(t, last, start)
        where = len(t) - same - 1 if same < len(t) - start else start
        parted = _parted_at_the_end(t, last, start, same) or (where, len(last) - same - 1)
        return Match(_at(template, body, len(text), parted[0], (len(normals) - 1, parted[1])), (), (), 3)
    middle = template.middle
    lefts, failed, work = _leftmost(t, middle, start, end)
    if failed is not None:
        index, text_position, piece_position = failed
        return Match(_at(template, body, len(text), text_position, (index + 1, piece_position)), (), (), work + 1)
    rights = _rightmost(t, middle, start, end) if middle else lefts
    length = len(text)
    values = tuple(_span(body, span, length) for span in lefts) if body[1] is not None else tuple(lefts)
    forced = tuple(left == right for left, right in zip(lefts, rights, strict=True))
    found = Match(None, values, (), work + len(middle) + 1, forced)
    if limit is None:
        return found
    return Match(None, values, found.too_long(limit), found.work, forced)


def _at(template: Compiled, body: Normal, length: int, text_position: int, where: tuple[int, int]) -> Mismatch:
    """A position in the compared text and one in a compared piece (``where``: the piece's index
    and the position in it), as the original's."""
    index, piece_at = where
    piece, offset = template.pieces[index]
    return Mismatch(
        _original(body, text_position, length), offset + _original(template.normals[index], piece_at, len(piece))
    )


def _leftmost(
    t: str, middle: tuple[str, ...], start: int, end: int
) -> tuple[list[tuple[int, int]], tuple[int, int, int] | None, int]:
    """Each slot's span with every piece between the first and the last at its leftmost place;
    or the piece that is not there (its index among ``middle``, where in the text and in the
    piece it parts); and the scans made."""
    spans: list[tuple[int, int]] = []
    position, work = start, 0
    for index, piece in enumerate(middle):
        found = t.find(piece, position, end)
        work += 1
        if found < 0:
            length, where, scans = _longest_prefix_found(t, piece, position, end)
            if not length and len(piece) > 1:  # its first character differs: where does the rest stand?
                rest = t.find(piece[1:], position + 1, end)
                scans += 1
                where = rest - 1 if rest > position else position
            return spans, (index, where + length, length), work + scans
        spans.append((position, found))
        position = found + len(piece)
    spans.append((position, end))
    return spans, None, work


def _rightmost(t: str, middle: tuple[str, ...], start: int, end: int) -> list[tuple[int, int]]:
    """Each slot's span with every piece between the first and the last at its rightmost place
    (there is one: the leftmost places are a reading)."""
    spans: list[tuple[int, int]] = []
    stop = end
    for piece in reversed(middle):
        found = t.rfind(piece, start, stop)
        spans.append((found + len(piece), stop))
        stop = found
    spans.append((start, stop))
    spans.reverse()
    return spans


def _span(body: Normal, span: tuple[int, int], length: int) -> tuple[int, int]:
    """A slot's value in the original text: from its first kept character to its last."""
    start, end = span
    if start == end:
        at = _original(body, start, length)
        return at, at
    return _original(body, start, length), _original(body, end - 1, length) + 1


def _parted_at_the_end(t: str, last: str, start: int, same: int) -> tuple[int, int] | None:
    """Where a text that does not end with the last piece parts from it, when read from the
    end (``same`` characters alike) tells it less well, as no one character put right makes
    the text end with the piece: the text stops short (it ends with more of the piece's start
    than of its end: 'share it' for 'share it.'), or it goes on past the piece (found in it). A position
    in the text and one in the piece; None: as read from the end."""
    if same < len(t) - start and t.endswith(last[: len(last) - same - 1], start, len(t) - same - 1):
        return None  # one character differs: read from the end, it is that one
    stopped = _longest_start_ending(t, last, start)
    if stopped > same:
        return len(t), stopped
    if same >= len(t) - start:
        return None
    found = t.rfind(last, start)
    return None if found < 0 else (found + len(last), len(last))


def _longest_start_ending(t: str, last: str, start: int) -> int:
    """The most characters of ``last``'s start that ``t[start:]`` ends with, fewer than all
    (one pass of the text's tail against the piece's prefix function)."""
    if not last:
        return 0
    border = [0] * len(last)
    matched = 0
    for index in range(1, len(last)):
        while matched and last[index] != last[matched]:
            matched = border[matched - 1]
        if last[index] == last[matched]:
            matched += 1
        border[index] = matched
    matched = 0
    for char in t[max(start, len(t) - len(last)) :]:
        while matched and (matched == len(last) or char != last[matched]):
            matched = border[matched - 1]
        if char == last[matched]:
            matched += 1
    while matched == len(last):
        matched = border[matched - 1]
    return matched


def _common_prefix(one: str, other: str) -> int:
    for position, (a, b) in enumerate(zip(one, other, strict=False)):
        if a != b:
            return position
    return min(len(one), len(other))


def _common_suffix(text: str, piece: str, floor: int) -> int:
    """How many characters ``text`` (from ``floor`` on) and ``piece`` end alike."""
    most = min(len(piece), len(text) - floor)
    for count in range(most):
        if text[-1 - count] != piece[-1 - count]:
            return count
    return max(most, 0)


def _longest_prefix_found(text: str, piece: str, start: int, end: int) -> tuple[int, int, int]:
    """The longest start of ``piece`` found in ``text[start:end]``: its length, where, and the
    scans it took (a binary search: a start found means every shorter one is)."""
    low, high, scans = 0, len(piece) - 1, 0
    where = start
    while low < high:
        middle = (low + high + 1) // 2
        at = text.find(piece[:middle], start, end)
        scans += 1
        if at >= 0:
            low, where = middle, at
        else:
            high = middle - 1
    return low, where, scans


def placeholders(text: str) -> list[tuple[int, str]]:
    """The placeholder-like tokens of a text other than ``{#var#}`` (``{#var1#}``, ``{#Var#}``,
    ``#VAR#``, ``##name##``), each with its position: none is a DLT variable. One pass."""
    found: list[tuple[int, str]] = []
    position = 0
    while (at := text.find("#", position)) >= 0:
        token = _token_at(text, at)
        if token is None:
            position = at + 1
            continue
        start, word = token
        if word != VARIABLE:
            found.append((start, word))
        position = start + len(word)
    return found


def _token_at(text: str, at: int) -> tuple[int, str] | None:
    """The placeholder-like token whose first ``#`` is at ``at``, if one is."""
    braced = at > 0 and text[at - 1] == "{"
    double = text.startswith("##", at)
    name_start = at + (2 if double else 1)
    name_end = name_start
    limit = min(len(text), name_start + LONGEST_PLACEHOLDER)
    while name_end < limit and (text[name_end].isalnum() or text[name_end] == "_"):
        name_end += 1
    name = text[name_start:name_end]
    if not name or not name.isascii():
        return None
    if braced and text.startswith("#}", name_end):
        return at - 1, text[at - 1 : name_end + 2]
    if double and text.startswith("##", name_end):
        return at, text[at : name_end + 2]
    if not double and text.startswith("#", name_end) and name.casefold().startswith("var"):
        return at, text[at : name_end + 1]
    return None


WINDOW_BEFORE = 12
WINDOW_AFTER = 24
_WORD: Callable[[str], bool] = str.isalnum


def excerpt(text: str, at: int) -> str:
    """A short stretch of ``text`` around ``at``: a few characters before, more after, cut with
    an ellipsis; widened to whole words of letters and digits at its ends, so that masking (at
    the output) sees every phone number and key whole."""
    start, end = max(at - WINDOW_BEFORE, 0), min(at + WINDOW_AFTER, len(text))
    widest = 2 * (WINDOW_BEFORE + WINDOW_AFTER)
    while start > 0 and _WORD(text[start - 1]) and at - start < widest:
        start -= 1
    while end < len(text) and _WORD(text[end]) and end - at < widest:
        end += 1
    return ("\u2026" if start else "") + text[start:end] + ("\u2026" if end < len(text) else "")
