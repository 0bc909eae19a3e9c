"""Tables for the terminal: rows of cells already made printable in, aligned text out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..redaction import no_workflow_command

NARROWEST_FREE_TEXT = 30
"""The last column, free text, is cut to fit, but never narrower than this."""
LOG_WIDTH = 160
"""The width a table aims at in a file or a CI log, where no terminal says how wide to be."""


def table(
    header: Sequence[str], rows: Iterable[Sequence[str]], width: int | None = None, optional: Sequence[str] = ()
) -> str:
    """A plain, aligned text table of cells already made printable, one line a row. The last
    column, free text, is cut at a space with an ellipsis; the others (file names, codes, names)
    are never cut. With a ``width`` (a terminal's, or COLUMNS), the table fits it: when the other
    columns leave the last fewer than 30 characters, the ``optional`` columns are left out, in
    their order, until it fits; if it still does not, each row is shown as a block of ``HEADER
    value`` lines (psql's expanded display). Without one (a file, a CI log), the free text is cut
    to LOG_WIDTH where the other columns leave room, and a row stays one line. No line starts with
    ``::``, which a CI runner could take for a workflow command."""
    safe = [[no_workflow_command(row[0]), *row[1:]] for row in rows]
    fixed = [max([len(header[i]), *(len(row[i]) for row in safe)]) for i in range(len(header) - 1)]
    room = (width or LOG_WIDTH) - sum(fixed) - 2 * len(fixed)
    if room < NARROWEST_FREE_TEXT and width is not None:
        if optional:
            kept = [i for i, name in enumerate(header) if name != optional[0]]
            return table([header[i] for i in kept], [[row[i] for i in kept] for row in safe], width, optional[1:])
        return _blocks(header, safe, width)
    cut = [[*row[:-1], _cut_at_a_space(row[-1], max(room, NARROWEST_FREE_TEXT))] for row in safe]
    widths = [*fixed, max([len(header[-1]), *(len(row[-1]) for row in cut)])]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(row) for row in cut)])


def _blocks(header: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> str:
    """Each row as a numbered block of ``HEADER  value`` lines; the last value is cut to ``width``."""
    label = max(len(name) for name in header)
    room = max(NARROWEST_FREE_TEXT, width - label - 2)
    lines: list[str] = []
    for number, row in enumerate(rows, 1):
        title = f"-[ {number} ]"
        lines.append(title + "-" * max(0, min(width, label + 2 + room) - len(title)))
        cells = [*row[:-1], _cut_at_a_space(row[-1], room)]
        lines.extend(f"{name.ljust(label)}  {cell}".rstrip() for name, cell in zip(header, cells, strict=True))
    return "\n".join(lines)


def _cut_at_a_space(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    head = text[: width - 1]
    space = head.rfind(" ")
    return (head[:space] if space > width // 2 else head).rstrip(" ,;:-") + "\u2026"
