"""A DLT portal's template export in; the templates it registers out (``read_templates``).

Operators' DLT portals let an entity download its content templates as CSV; their column
names differ by portal, and no sample of one is published, so the common spellings of each
column are accepted, in any case (``template id``, ``Content Template ID``, ``template_id``,
...), and the templates say which columns were read (``DltTemplates.columns``). Those who keep
their templates in code give a JSON or YAML list of objects with the same names. A file that
cannot be read as either is TemplatesError, naming the file and the line (or item) at fault.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..limits import DEFAULT_MAX_BYTES
from ..records import Record

FIELDS: dict[str, tuple[str, ...]] = {
    "template_id": (
        "template id",
        "content template id",
        "dlt template id",
        "dlt content template id",
        "templateid",
        "dlt te id",
        "te id",
        "id",
    ),
    "content": ("content", "template content", "message", "template message", "template text", "text", "body"),
    "headers": ("headers", "header", "header(s)", "sender ids", "sender id", "sender id(s)", "senderid", "sender"),
    "kind": ("type", "category", "template type", "content type", "template category"),
    "status": ("status", "template status"),
    "name": ("name", "template name"),
}
"""Each field of a template, with the column names (folded: lower case, ``_`` and ``-`` read as
spaces) that hold it."""
REQUIRED = ("template_id", "content")
_BY_SPELLING = {spelling: field for field, spellings in FIELDS.items() for spelling in spellings}
HEADER_SEPARATORS = ",;|/\n\t "


class TemplatesError(ValueError):
    """A template export that cannot be read: the message names the file and the line or item."""


class DltTemplate(Record):
    """One registered content template: its id, its content (``{#var#}`` for each variable),
    the headers (sender ids) mapped to it, and what the export says of its type, status and
    name. ``where`` is the line (or item) of the export it was read from."""

    template_id: str
    content: str
    headers: tuple[str, ...] = ()
    kind: str | None = None
    status: str | None = None
    name: str | None = None
    where: str = ""


class DltTemplates:
    """The templates of an export, in its order and by id, with the file's name and the columns
    read (each field's column as the file spells it). Immutable; compared by its templates."""

    __slots__ = ("_by_id", "columns", "source", "templates")

    templates: tuple[DltTemplate, ...]
    source: str
    columns: tuple[tuple[str, str], ...]

    def __init__(self, templates: Iterable[DltTemplate], source: str, columns: Iterable[tuple[str, str]]) -> None:
        self.templates = tuple(templates)
        self.source = source
        self.columns = tuple(columns)
        self._by_id = {template.template_id: template for template in self.templates}

    def __getstate__(self) -> tuple[tuple[DltTemplate, ...], str, tuple[tuple[str, str], ...]]:
        return self.templates, self.source, self.columns

    def __setstate__(self, state: tuple[tuple[DltTemplate, ...], str, tuple[tuple[str, str], ...]]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DltTemplates) and other.templates == self.templates and other.source == self.source

    def __hash__(self) -> int:
        return hash((self.templates, self.source))

    def __len__(self) -> int:
        return len(self.templates)

    def __repr__(self) -> str:
        return f"<DltTemplates {self.described()}>"

    def get(self, template_id: str) -> DltTemplate | None:
        return self._by_id.get(template_id.strip())

    def described(self) -> str:
        """``templates.csv (3 templates; columns read: template id 'Template ID', ...)``."""
        columns = ", ".join(f"{field.replace('_', ' ')} {column!r}" for field, column in self.columns)
        count = len(self.templates)
        return f"{self.source} ({count} template{'' if count == 1 else 's'}; columns read: {columns})"


def load_templates(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> DltTemplates:
    """The templates of the export at ``path``; TemplatesError when it cannot be read."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise TemplatesError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise TemplatesError(f"{path}: larger than {max_bytes:,} bytes, not read")
    return read_templates(data, path)


def read_templates(data: str | bytes, source: str = "the templates") -> DltTemplates:
    """The templates of an export's text (CSV, or a JSON or YAML list of objects), read as from
    ``source`` (the name errors give); TemplatesError when it cannot be read."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TemplatesError(f"{source}: not UTF-8 (a byte that does not decode at byte {exc.start})") from None
    else:
        text = data.removeprefix("\ufeff")
    stripped = text.lstrip()
    if not stripped:
        raise TemplatesError(f"{source}: empty, no template in it")
    if stripped.startswith(("[", "{")):
        return _from_objects(_json(text, source), source, "item")
    if stripped.startswith(("- ", "-\n", "---", "templates:")) or source.lower().endswith((".yaml", ".yml")):
        return _from_objects(_yaml(text, source), source, "item")
    return _from_csv(text, source)


def _fold(name: str) -> str:
    return " ".join(_words(name.strip()).lower().replace("_", " ").replace("-", " ").split())


def _words(name: str) -> str:
    """A name written in camel case as its words: ``templateContent``, ``DLTTemplateID``
    and ``SenderIDs`` as ``template Content``, ``DLT Template ID`` and ``Sender IDs`` (a word
    after capitals starts at the capital before two small letters)."""
    spaced: list[str] = []
    for index, char in enumerate(name):
        if index and char.isupper():
            before, after = name[index - 1], name[index + 1 : index + 3]
            if before.islower() or (before.isupper() and len(after) == 2 and after.islower()):
                spaced.append(" ")
        spaced.append(char)
    return "".join(spaced)


def _columns(names: Iterable[str], source: str, where: str) -> dict[str, tuple[int, str]]:
    """Each field's column (its index and its name as written): the first column of each."""
    found: dict[str, tuple[int, str]] = {}
    for index, name in enumerate(names):
        field = _BY_SPELLING.get(_fold(name)) if isinstance(name, str) else None
        if field is not None and field not in found:
            found[field] = (index, name.strip())
    missing = [field for field in REQUIRED if field not in found]
    if missing:
        wanted = "; ".join(f"{field.replace('_', ' ')} (one of: {', '.join(FIELDS[field])})" for field in missing)
        shown = ", ".join(repr(str(name).strip()) for name in names) or "none"
        raise TemplatesError(f"{source}: {where}: no column for {wanted}; the columns are {shown}")
    return found


def _from_csv(text: str, source: str) -> DltTemplates:
    import csv  # only a run given an export reads CSV
    import io

    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:  # a row's line is where it starts: a quoted cell may hold line breaks
            if any(cell.strip() for cell in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TemplatesError(f"{source}: line {start}: not CSV ({exc})") from None
    if not rows:
        raise TemplatesError(f"{source}: no header row and no template")
    header_line, header = rows[0]
    columns = _columns(header, source, f"line {header_line}")
    width = len(header)
    templates: dict[str, DltTemplate] = {}
    for line, row in rows[1:]:
        where = f"line {line}"
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise TemplatesError(f"{source}: {where}: {len(row)} cells, but the header row has {width} columns")
        cells = {field: row[index] if index < len(row) else "" for field, (index, _) in columns.items()}
        _add(templates, _template(cells, source, where), source)
    return _templates(templates, source, columns)


def _json(text: str, source: str) -> Any:
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplatesError(f"{source}: line {exc.lineno}: not JSON ({exc.msg})") from None
    except RecursionError:
        raise TemplatesError(f"{source}: nested too deeply to be a list of templates") from None


def _yaml(text: str, source: str) -> Any:
    try:
        import yaml
    except ImportError:
        raise TemplatesError(f"{source}: reading YAML needs PyYAML: pip install 'sms-diagnose[catalog]'") from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else 1
        raise TemplatesError(f"{source}: line {line}: not YAML ({exc.problem})") from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise TemplatesError(f"{source}: not YAML ({type(exc).__name__})") from None


def _from_objects(value: Any, source: str, item: str) -> DltTemplates:
    if isinstance(value, Mapping) and isinstance(value.get("templates"), list):
        value = value["templates"]
    if not isinstance(value, list):
        raise TemplatesError(f"{source}: not a list of templates (objects with a template id and a content)")
    templates: dict[str, DltTemplate] = {}
    read: dict[str, tuple[int, str]] = {}
    for index, one in enumerate(value, 1):
        where = f"{item} {index}"
        if not isinstance(one, Mapping):
            raise TemplatesError(f"{source}: {where}: not an object")
        keys = [key for key in one if isinstance(key, str)]
        columns = _columns(keys, source, where)
        for field, (position, name) in columns.items():
            read.setdefault(field, (position, name))
        cells = {field: _cell(one[name_of], source, where) for field, (_, name_of) in _named(columns, keys).items()}
        _add(templates, _template(cells, source, where), source)
    return _templates(templates, source, read)


def _named(columns: dict[str, tuple[int, str]], keys: list[str]) -> dict[str, tuple[int, str]]:
    """The key (as written in the object) of each field."""
    return {field: (index, keys[index]) for field, (index, _) in columns.items()}


def _cell(value: Any, source: str, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(_cell(item, source, where) for item in value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TemplatesError(f"{source}: {where}: a value is {type(value).__name__}, not text")
    return str(value)


def _template(cells: Mapping[str, str], source: str, where: str) -> DltTemplate:
    template_id = cells["template_id"].strip()
    if template_id.startswith("'"):  # a spreadsheet's mark that a long number is text
        template_id = template_id[1:].strip()
    content = cells["content"].replace("\r\n", "\n").replace("\r", "\n")
    if not template_id:
        raise TemplatesError(f"{source}: {where}: the template id is empty")
    if not content.strip():
        raise TemplatesError(f"{source}: {where}: template {template_id}'s content is empty")
    headers = cells.get("headers", "")
    for separator in HEADER_SEPARATORS[1:]:
        headers = headers.replace(separator, ",")
    return DltTemplate(
        template_id=template_id,
        content=content,
        headers=tuple(header.strip() for header in headers.split(",") if header.strip()),
        kind=cells.get("kind", "").strip() or None,
        status=cells.get("status", "").strip() or None,
        name=cells.get("name", "").strip() or None,
        where=where,
    )


def _add(templates: dict[str, DltTemplate], template: DltTemplate, source: str) -> None:
    other = templates.get(template.template_id)
    if other is not None and other.content != template.content:
        raise TemplatesError(
            f"{source}: {template.where}: template id {template.template_id} is also at {other.where}, "
            "with another content"
        )
    templates.setdefault(template.template_id, template)


def _templates(templates: dict[str, DltTemplate], source: str, columns: Mapping[str, tuple[int, str]]) -> DltTemplates:
    if not templates:
        raise TemplatesError(f"{source}: a header row, but no template")
    read = tuple((field, columns[field][1]) for field in FIELDS if field in columns)
    return DltTemplates(templates.values(), source, read)
