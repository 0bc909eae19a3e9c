"""Plain-text renderings of catalog entries and diagnoses for the terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from .catalog import Catalog, Entry, load_catalog
from .diagnosis import Diagnosis
from .redaction import printable
from .vocabulary import Outcome


def _wrap(text: str, width: int, indent: str = "  ", first: str | None = None) -> str:
    """``text`` wrapped at spaces only: a URL or a hyphenated name is never cut."""
    return textwrap.fill(
        text,
        width=width,
        initial_indent=first if first is not None else indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def entry_text(entry: Entry, catalog: Catalog, width: int = 88) -> str:
    """Everything about one entry, in the one template every entry shares."""
    lines = [f"{entry.label} \u2014 {entry.title}"]
    if entry.retired:
        lines.append(_wrap(f"Retired: {entry.retired_note}", width, indent=""))
    lines.append(
        f"phase: {catalog.phases[entry.phase].title} \u00b7 category: {catalog.categories[entry.category].title}"
        f" \u00b7 severity: {entry.severity} \u00b7 who acts: {catalog.actors[entry.actor].title}"
        f" \u00b7 retry: {catalog.retries[entry.retry].title}"
    )
    lines += ["", "Cause", _wrap(entry.cause, width), "", "What to do"]
    for number, step in enumerate(entry.remediation, 1):
        text = step.text
        if step.guide:
            guide = catalog.guides[step.guide]
            text += f" (guide: {guide.title}, {catalog.docs_url}{guide.docs_path})"
        lines.append(_wrap(text, width, indent="     ", first=f"  {number}. "))
    lines += ["", "Examples"]
    for example in entry.examples:
        lines.append(f"  {example.format:<7}{example.body}")
    if entry.when:
        lines += ["", "When it applies", _wrap(entry.when.describe(), width)]
    if entry.variants:
        lines += ["", "Other meanings of this code"]
        for variant in entry.variants:
            note = f" ({variant.note})" if variant.note else ""
            lines.append(_wrap(f"{variant.context} [{variant.source}]: {variant.meaning}{note}", width))
    if entry.related:
        related = (catalog.by_name(name) for name in entry.related)
        lines += ["", "Related: " + ", ".join(other.label for other in related if other)]
    lines += ["", "Sources"]
    for ref in entry.sources:
        wording = f": \u201c{ref.wording}\u201d" if ref.wording else ""
        lines.append(_wrap(f"{catalog.sources[ref.source].title}{wording}", width, indent="    ", first="  - "))
    lines += ["", f"Docs: {entry.docs_url}"]
    return "\n".join(lines)


def diagnosis_text(diagnosis: Diagnosis, raw_limit: int = 300) -> str:
    """One diagnosis in a few lines: the one-line summary, then where to read more."""
    lines = [str(diagnosis)]
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
        lines.append(f"  more: sms-diagnose explain {entry.key} \u00b7 {entry.docs_url}")
    elif diagnosis.reason and diagnosis.outcome is not Outcome.UNRECOGNISED:  # an unrecognised one says it first
        lines.append(f"  reason: {printable(diagnosis.reason, (diagnosis.number,))}")
    if not diagnosis.ok and diagnosis.entry is None:
        lines.append(f"  body: {body_excerpt(diagnosis, raw_limit)}")
    return "\n".join(lines)


SHOWN_MARGIN = 512
"""Masking reads this much past where an excerpt is cut, so that a number or key the cut
splits is still recognised and masked whole."""


def body_excerpt(diagnosis: Diagnosis, limit: int = 300) -> str:
    """The start of a diagnosis's body as a quoted one-line string, masked and escaped."""
    shown = printable(diagnosis.raw[: limit + SHOWN_MARGIN], (diagnosis.number,))
    return f"'{shown[:limit]}\u2026'" if len(shown) > limit else f"'{shown}'"


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
