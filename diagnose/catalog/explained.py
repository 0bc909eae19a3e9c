"""Every entry's explanation, rendered when a wheel is built: what ``sms-diagnose explain`` shows
without building the catalog (PostgreSQL's errcodes style: made from the one catalog by the one
template, never edited by hand).

``explained_module`` renders the lines of each entry (``explanation.entry_lines``, the template
the terminal and the site share) into the module a wheel carries, ``catalog/_explained.py``,
with every key ``explain`` takes for it as typed (code, name, slug, former name), each only where
the catalog's ``lookup`` finds that entry by it. ``explained`` lays them out at run time; anything
else (another spelling, a catalogued text, a checkout, which has no such module) goes the
catalog's way, to the same template. ``explain --json`` shows each entry's JSON, rendered alike.
"""

from __future__ import annotations

from .layout import lay_out

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .layout import Line
    from .model import Catalog

HEADER = "# Made by hatch_build.py from data/ when this wheel was built; do not edit.\n"

# An entry's lines are one string (a few hundred strings load faster than thousands of tuples):
# a line, or a paragraph's text, first indent and indent, each part ended by one of these.
_LINE_END = "\x1e"
_PART_END = "\x1f"


def explained(key: str, width: int) -> str | None:
    """The explanation of the entry ``key`` names exactly, laid out to ``width``, from a wheel's
    rendered module; None where there is none (a checkout), or it has no such key."""
    rendered = _rendered(key)
    return None if rendered is None else lay_out(decoded(rendered[0]), width)


def explained_json(key: str) -> str | None:
    """The entry ``key`` names exactly, as ``explain --json`` prints it, from a wheel's rendered
    module; None where there is none, or it has no such key."""
    rendered = _rendered(key)
    return None if rendered is None else rendered[1]


def _rendered(key: str) -> tuple[str, str] | None:
    try:
        from . import _explained
    except ImportError:
        return None
    index: int | None = _explained.KEYS.get(key)
    return None if index is None else (_explained.LINES[index], _explained.JSON[index])


def encoded(lines: tuple[Line, ...]) -> str:
    """``lines`` as the one string ``decoded`` reads back; ValueError for a line that is not plain
    text, or holds one of the separators."""
    parts: list[str] = []
    for line in lines:
        fields = (line,) if isinstance(line, str) else line
        for field in fields:
            if type(field) is not str or _LINE_END in field or _PART_END in field:
                raise ValueError(f"not a line of plain text, without \\x1e or \\x1f: {line!r}")
        parts.append(_PART_END.join(fields) + _LINE_END)
    return "".join(parts)


def decoded(text: str) -> list[Line]:
    """The lines ``encoded`` made ``text`` of."""
    lines: list[Line] = []
    for line in text.split(_LINE_END)[:-1]:
        if _PART_END in line:
            paragraph, first, indent = line.split(_PART_END)
            lines.append((paragraph, first, indent))
        else:
            lines.append(line)
    return lines


def explained_table(catalog: Catalog) -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]:
    """Every key ``explain`` takes as typed, with the index of its entry in the entries' lines
    (encoded) and their JSON (as ``explain --json`` prints it): what ``explained_module`` writes.
    ValueError, naming the entry, for a line that cannot be encoded; the wheel is not built then."""
    from ..redaction import json_text
    from .explanation import entry_lines

    keys: dict[str, int] = {}
    rendered: list[str] = []
    for index, entry in enumerate(catalog):
        try:
            rendered.append(encoded(entry_lines(entry, catalog)))
        except ValueError as exc:
            raise ValueError(f"entry {entry.name}: {exc}") from None
        for key in (entry.key, entry.name, entry.slug, *entry.aliases):
            if catalog.lookup(key) is entry:
                keys.setdefault(key, index)
    return keys, tuple(rendered), tuple(json_text(entry.to_dict()) for entry in catalog)


def explained_module(catalog: Catalog) -> str:
    """The module ``explained`` reads, rendered from ``catalog``."""
    keys, lines, json = explained_table(catalog)
    return f"{HEADER}KEYS = {keys!r}\nLINES = {lines!r}\nJSON = {json!r}\n"
