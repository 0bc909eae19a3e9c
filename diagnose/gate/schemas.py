"""The JSON Schemas of data/, their vocabularies filled in from the one definition of each.

A schema in data/ names a vocabulary by reference only: ``{"$ref": "#/$defs/Severity"}`` for
one of diagnose.vocabulary's ``Severity``, ``#/$defs/Severity-rows`` for a table with one row
for each member and none for anything else (catalog.yaml's ``severities``). ``load_schema``
adds each such definition the schema refers to, made from the Python definition of that name,
so that no schema lists a member by hand; a schema read without it fails on its first
reference. The catalog gate, the wheel build (which ships the schemas filled in) and the tests
all read the schemas through ``load_schema``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..catalog.model import REPORT_PHASES
from ..catalog.source import CatalogError, data_dir, read_text
from ..outgoing.checks import CHECK_NAMES
from ..vocabulary import (
    READABLE_FORMATS,
    REPORTED_OUTCOMES,
    TRANSPORT_BODY_KINDS,
    Actor,
    EntryStatus,
    Format,
    NetworkFailure,
    Phase,
    Retry,
    Severity,
)

CATALOG_SCHEMA = "catalog.schema.json"
REPORT_SCHEMA = "check-report.schema.json"
SCHEMAS = (CATALOG_SCHEMA, REPORT_SCHEMA)
ROWS = "-rows"
"""``NAME-rows`` is the table of vocabulary NAME: an object with a row for each member, and only those."""
_DEFS = "#/$defs/"


_ORIGINS = {"REPORT_PHASES": "diagnose.catalog.model", "CHECK_NAMES": "diagnose.outgoing.checks"}
_COMMENT = ("made from ", " by diagnose.gate.schemas when the schema is loaded; not edited by hand")


def _qualified(name: str) -> str:
    """Where vocabulary ``name`` is defined: ``diagnose.vocabulary.Severity``."""
    return f"{_ORIGINS.get(name, 'diagnose.vocabulary')}.{name}"


def made_from(subschema: object) -> str | None:
    """The vocabulary (qualified) a definition made by ``fill`` was made from, or None for any other schema."""
    comment = subschema.get("$comment") if isinstance(subschema, dict) else None
    if isinstance(comment, str) and comment.startswith(_COMMENT[0]) and comment.endswith(_COMMENT[1]):
        return comment[len(_COMMENT[0]) : -len(_COMMENT[1])]
    return None


def vocabularies() -> dict[str, tuple[str, ...]]:
    """Each vocabulary a schema can refer to, by the Python name of its definition, and its members."""
    members: dict[str, tuple[str, ...]] = {
        "Severity": tuple(Severity),
        "Actor": tuple(Actor),
        "Retry": tuple(Retry),
        "Phase": tuple(Phase),
        "EntryStatus": tuple(EntryStatus),
        "Format": tuple(Format),
        "READABLE_FORMATS": READABLE_FORMATS,
        "REPORTED_OUTCOMES": REPORTED_OUTCOMES,
        "TRANSPORT_BODY_KINDS": TRANSPORT_BODY_KINDS,
        "NetworkFailure": tuple(NetworkFailure),
        "REPORT_PHASES": REPORT_PHASES,
        "Phase.TRANSPORT": (Phase.TRANSPORT,),
        "EntryStatus.RETIRED": (EntryStatus.RETIRED,),
        "CHECK_NAMES": CHECK_NAMES,
    }
    return {name: tuple(map(str, values)) for name, values in members.items()}


def _definition(name: str, known: dict[str, tuple[str, ...]]) -> dict[str, Any] | None:
    """The schema of ``#/$defs/NAME`` made from vocabulary NAME, or None if NAME is none."""
    vocabulary = name.removesuffix(ROWS)
    members = known.get(vocabulary)
    if members is None:
        return None
    comment = _qualified(vocabulary).join(_COMMENT)
    if name == vocabulary:
        return {"$comment": comment, "enum": list(members)}
    return {
        "$comment": comment,
        "type": "object",
        "required": list(members),
        "propertyNames": {"$ref": _DEFS + vocabulary},
    }


def _references(node: Any) -> Iterator[str]:
    """The NAME of every ``{"$ref": "#/$defs/NAME..."}`` in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(_DEFS):
                yield value[len(_DEFS) :].split("/", 1)[0]
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def fill(schema: dict[str, Any], origin: str) -> dict[str, Any]:
    """``schema`` with a definition of each vocabulary it refers to; CatalogError, naming
    ``origin``, if it refers to a definition that is neither its own nor a vocabulary, or holds
    a vocabulary's definition that differs from the vocabulary."""
    known = vocabularies()
    wanted = list(_references(schema))
    if not wanted:
        return schema
    defs = schema.setdefault("$defs", {})
    if not isinstance(defs, dict):
        raise CatalogError(f"{origin}: $defs is an object, not {type(defs).__name__}")
    while wanted:
        name = wanted.pop()
        made = _definition(name, known)
        if made is None:
            if name not in defs:
                raise CatalogError(
                    f"{origin}: {_DEFS}{name} is referred to, and is neither defined in $defs nor a vocabulary "
                    f"({', '.join(known)}, each also as NAME{ROWS})"
                )
        elif name not in defs:
            defs[name] = made
            wanted.extend(_references(made))
        elif defs[name] != made:
            raise CatalogError(
                f"{origin}: $defs.{name} differs from {name.removesuffix(ROWS)} in Python, which the schema's "
                f"{_DEFS}{name} is made from; remove it from the file"
            )
    return schema


def load_schema(directory: Path | None = None, name: str = CATALOG_SCHEMA) -> dict[str, Any]:
    """The schema ``name`` of ``directory`` (default: the installed catalog's), vocabularies filled in."""
    path = (directory or data_dir()) / name
    try:
        schema = json.loads(read_text(path))
    except (ValueError, RecursionError) as exc:
        raise CatalogError(f"{path}: cannot be read as a JSON Schema: {exc}") from exc
    if not isinstance(schema, dict):
        raise CatalogError(f"{path}: a JSON Schema is an object, not {type(schema).__name__}")
    return fill(schema, str(path))


def filled_schema_text(directory: Path | None = None, name: str = CATALOG_SCHEMA) -> str:
    """The schema ``name`` with its vocabularies filled in, as the JSON text the wheel ships."""
    return json.dumps(load_schema(directory, name), indent=2, ensure_ascii=False) + "\n"
