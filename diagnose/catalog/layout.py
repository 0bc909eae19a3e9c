"""An explanation's lines laid out for a terminal of a given width: each line as it is, or a
paragraph wrapped at spaces only (a URL or a hyphenated name is never cut).

``explanation.entry_lines`` decides the lines, the one template; this module only fits them to
a width, so that ``sms-diagnose explain`` lays out the lines a wheel's build rendered (see
``explained``) as it lays out the catalog's, at every width.
"""

from __future__ import annotations

Line = str | tuple[str, str, str]
"""A line as it is shown, or ``(text, first, indent)``: a paragraph to wrap, its first line
after ``first`` and the others after ``indent``."""

_SPACES = str.maketrans(dict.fromkeys("\t\n\x0b\x0c\r", " "))


def wrap(text: str, width: int, indent: str = "  ", first: str | None = None) -> str:
    """``text`` wrapped at spaces only: a URL or a hyphenated name is never cut.

    What ``textwrap.fill(text, width, initial_indent=first, subsequent_indent=indent,
    break_on_hyphens=False, break_long_words=False)`` makes (tests/test_catalog_layout.py holds
    them equal), without textwrap: its import compiles regular expressions that cost ``explain``
    a tenth of its start-up, for a split at spaces."""
    if width <= 0:
        raise ValueError(f"invalid width {width!r} (must be > 0)")
    chunks = _chunks(text.expandtabs().translate(_SPACES))
    chunks.reverse()
    lines: list[str] = []
    while chunks:
        start = (indent if first is None else first) if not lines else indent
        room = width - len(start)
        if lines and chunks[-1].strip() == "":
            del chunks[-1]
        line: list[str] = []
        size = 0
        while chunks and size + len(chunks[-1]) <= room:
            size += len(chunks[-1])
            line.append(chunks.pop())
        if chunks and not line and len(chunks[-1]) > room:
            line.append(chunks.pop())  # a word longer than the line stands alone, uncut
        if line and line[-1].strip() == "":
            del line[-1]
        if line:
            lines.append(start + "".join(line))
    return "\n".join(lines)


def _chunks(text: str) -> list[str]:
    """``text`` as its words and the runs of spaces around them, in order."""
    chunks: list[str] = []
    run = 0  # spaces since the last word
    for index, word in enumerate(text.split(" ")):
        run += index > 0
        if word:
            if run:
                chunks.append(" " * run)
            chunks.append(word)
            run = 0
    if run:
        chunks.append(" " * run)
    return chunks


def lay_out(lines: tuple[Line, ...] | list[Line], width: int) -> str:
    """The lines as one text, each paragraph wrapped to ``width``."""
    return "\n".join(line if isinstance(line, str) else wrap(line[0], width, line[2], line[1]) for line in lines)
