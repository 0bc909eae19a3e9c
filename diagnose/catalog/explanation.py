"""The one template an entry is explained in: ``sms-diagnose explain`` and the site share it."""

from __future__ import annotations

import textwrap

from .model import Catalog, Entry


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
