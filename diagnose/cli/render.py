"""Plain-text renderings of diagnoses and tables for the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..catalog.model import load_catalog
from ..diagnosis import Diagnosis
from ..redaction import body_excerpt, printable
from ..vocabulary import Outcome


def diagnosis_text(diagnosis: Diagnosis, raw_limit: int = 300, *, every_step: bool = False) -> str:
    """One diagnosis in a few lines: the one-line summary, then where to read more; with
    ``every_step``, every remediation step of its entry (as a failing assertion shows it)."""
    entry = diagnosis.entry
    listed = every_step and entry is not None and diagnosis.outcome is not Outcome.SUCCESS
    # the summary names the first step; where every step is listed, the headline names none
    lines = [diagnosis.summary(first_step=False) if listed else str(diagnosis)]
    details = [
        f"outcome: {diagnosis.outcome}",
        f"format: {diagnosis.format or '-'}",
    ]
    if diagnosis.http_status is not None:
        details.append(f"http status: {diagnosis.http_status}")
    lines.append("  " + " \u00b7 ".join(details))
    if diagnosis.entry is not None:
        entry, catalog = diagnosis.entry, load_catalog()
        lines.append(
            f"  severity: {entry.severity} \u00b7 who acts: {catalog.actors[entry.actor].title}"
            f" \u00b7 retry: {catalog.retries[entry.retry].title}"
        )
        if listed:
            lines += [f"  {number}. {step.text}" for number, step in enumerate(entry.remediation, 1)]
        lines.append(f"  more: sms-diagnose explain {entry.key} \u00b7 {entry.docs_url}")
    elif diagnosis.reason and diagnosis.outcome is not Outcome.UNRECOGNISED:  # an unrecognised one says it first
        lines.append(f"  reason: {printable(diagnosis.reason, (diagnosis.number,))}")
    if not diagnosis.ok and diagnosis.entry is None:
        lines.append(f"  body: {body_excerpt(diagnosis.raw, diagnosis.number, raw_limit)}")
    return "\n".join(lines)


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
