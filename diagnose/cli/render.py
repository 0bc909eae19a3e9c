"""Tables for the terminal: rows of cells already made printable in, aligned text out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def table(header: Sequence[str], rows: Iterable[Sequence[str]], width: int = 160) -> str:
    """A plain, aligned text table of cells already made printable, at most ``width`` wide where
    the other columns leave room. The last column, free text, is cut at a space with an
    ellipsis (never narrower than 30); the others (file names, codes, names) are never cut. No
    line starts with ``::``, which a CI runner could take for a workflow command."""
    safe = [[f"\\{row[0]}" if row and row[0].lstrip().startswith("::") else row[0], *row[1:]] for row in rows]
    fixed = [max([len(header[i]), *(len(row[i]) for row in safe)]) for i in range(len(header) - 1)]
    room = max(30, width - sum(fixed) - 2 * len(fixed))
    cut = [[*row[:-1], _cut_at_a_space(row[-1], room)] for row in safe]
    widths = [*fixed, max([len(header[-1]), *(len(row[-1]) for row in cut)])]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(row) for row in cut)])


def _cut_at_a_space(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    head = text[: width - 1]
    space = head.rfind(" ")
    return (head[:space] if space > width // 2 else head).rstrip(" ,;:-") + "\u2026"
