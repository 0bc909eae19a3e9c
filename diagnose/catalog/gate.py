"""Validation of the catalog's source: its JSON Schema, then what a schema cannot check.

Every problem names the file, the entry and the field, e.g.
``entries/request.yaml: entry INVALID_AUTHKEY (207), related[0]: 'NOPE' is not an entry name``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .model import DELIVERY_PHASE, TRANSPORT_PHASE
from .source import CatalogSource, data_dir
from .text import normalise_message

if TYPE_CHECKING:
    from ..diagnosis import Diagnosis
    from .model import Entry, Example

RESPONSE_FORMATS = ("string", "json", "xml")
REPORT_FORMATS = ("json", "form")
TRANSPORT_FORMATS = (*RESPONSE_FORMATS, "html")


def load_schema() -> dict[str, Any]:
    with (data_dir() / "catalog.schema.json").open(encoding="utf-8") as stream:
        schema: dict[str, Any] = json.load(stream)
    return schema


def _where(source: CatalogSource, path: Iterable[str | int]) -> str:
    steps = list(path)
    if len(steps) >= 2 and steps[0] == "entries" and isinstance(steps[1], int):
        index = steps[1]
        entries = source.document.get("entries", [])
        raw = entries[index] if index < len(entries) else {}
        name = raw.get("name", f"#{index}") if isinstance(raw, dict) else f"#{index}"
        code = f" ({raw['code']})" if isinstance(raw, dict) and raw.get("code") else ""
        origin = source.entry_files[index] if index < len(source.entry_files) else "entries"
        field = _field(steps[2:])
        return f"{origin}: entry {name}{code}" + (f", {field}" if field else "")
    return "catalog.yaml" + (f": {_field(steps)}" if steps else "")


def _field(steps: Iterable[str | int]) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def schema_problems(source: CatalogSource) -> list[str]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(load_schema())
    return [
        f"{_where(source, error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(source.document), key=lambda e: [str(p) for p in e.absolute_path])
    ]


def reference_problems(source: CatalogSource) -> list[str]:
    """What the schema cannot check: uniqueness and that every reference resolves."""
    doc = source.document
    problems: list[str] = []
    entries: list[Mapping[str, Any]] = doc["entries"]
    names = [entry["name"] for entry in entries]
    known = set(names)
    seen_names: set[str] = set()
    seen_codes: dict[tuple[str, str], str] = {}
    seen_texts: dict[str, str] = {normalise_message(s["text"]): "a success text" for s in doc["success"]}

    def report(index: int, path: list[str | int], message: str) -> None:
        problems.append(f"{_where(source, ['entries', index, *path])}: {message}")

    for index, entry in enumerate(entries):
        name = entry["name"]
        if name in seen_names:
            report(index, ["name"], f"{name!r} is used by another entry; names are never reused")
        seen_names.add(name)
        if "code" in entry:
            key = (entry["phase"], entry["code"])
            if key in seen_codes:
                other = seen_codes[key]
                report(index, ["code"], f"{entry['code']!r} is also the code of {other} in phase {entry['phase']}")
            seen_codes[key] = name
        elif not entry["match"] and entry["phase"] != TRANSPORT_PHASE:
            report(index, ["match"], "an entry without a code needs at least one match text")
        expected_file = f"entries/{entry['phase']}.yaml"
        if index < len(source.entry_files) and source.entry_files[index] != expected_file:
            report(index, ["phase"], f"an entry of phase {entry['phase']!r} belongs in {expected_file}")
        for field, table in (("phase", doc["phases"]), ("category", doc["categories"])):
            if entry[field] not in table:
                report(index, [field], f"{entry[field]!r} is not one of {sorted(table)}")
        for position, related in enumerate(entry["related"]):
            if related not in known:
                report(index, ["related", position], f"{related!r} is not the name of an entry")
            elif related == name:
                report(index, ["related", position], "an entry is not related to itself")
        for position, step in enumerate(entry["remediation"]):
            if "guide" in step and step["guide"] not in doc["guides"]:
                report(index, ["remediation", position, "guide"], f"{step['guide']!r} is not a guide in catalog.yaml")
        for position, text in enumerate(entry["match"]):
            normal = normalise_message(text)
            if normal in seen_texts and seen_texts[normal] != name:
                report(index, ["match", position], f"{text!r} already identifies {seen_texts[normal]}")
            seen_texts[normal] = name
        for field in ("examples", "sources", "variants"):
            for position, item in enumerate(entry.get(field, [])):
                if "source" in item and item["source"] not in doc["sources"]:
                    report(index, [field, position, "source"], f"{item['source']!r} is not a source in catalog.yaml")
        for path, message in _format_problems(entry):
            report(index, path, message)
        if entry["status"] == "active" and not entry["remediation"]:
            report(index, ["remediation"], "an active entry needs remediation steps")
    for key, guide in doc["guides"].items():
        problems.extend(_unknown_sources(f"catalog.yaml: guides.{key}.sources", guide["sources"], doc))
    for position, success in enumerate(doc["success"]):
        problems.extend(_unknown_sources(f"catalog.yaml: success[{position}].sources", success["sources"], doc))
    return problems


def _format_problems(entry: Mapping[str, Any]) -> Iterator[tuple[list[str | int], str]]:
    """Answers to API calls need an example in every format; delivery reports come as JSON or a
    form; transport failures also as the HTML page a gateway sends."""
    wanted = {DELIVERY_PHASE: REPORT_FORMATS, TRANSPORT_PHASE: TRANSPORT_FORMATS}.get(entry["phase"], RESPONSE_FORMATS)
    formats = {example["format"] for example in entry["examples"]}
    every_format = entry["phase"] not in (DELIVERY_PHASE, TRANSPORT_PHASE)
    missing = [f for f in RESPONSE_FORMATS if f not in formats] if every_format else []
    if missing:
        yield ["examples"], f"no example in {', '.join(missing)}"
    for position, example in enumerate(entry["examples"]):
        if example["format"] not in wanted:
            yield ["examples", position, "format"], f"{entry['phase']} examples are {' or '.join(wanted)}"


def _unknown_sources(where: str, keys: Iterable[str], doc: Mapping[str, Any]) -> Iterator[str]:
    for key in keys:
        if key not in doc["sources"]:
            yield f"{where}: {key!r} is not a source in catalog.yaml"


def example_problems() -> list[str]:
    """Every example must diagnose to its own entry, in the format it is filed under.

    A delivery example is a webhook body that must give exactly one report, of that entry.
    """
    from ..delivery.reports import diagnose_report
    from .model import load_catalog

    problems = []
    for entry in load_catalog():
        for position, example in enumerate(entry.examples):
            if entry.phase == DELIVERY_PHASE and len(diagnose_report(example.body)) != 1:
                count = len(diagnose_report(example.body))
                problems.append(f"entry {entry.label}, examples[{position}]: gives {count} reports, not 1")
                continue
            result = diagnose_example(entry, example)
            if result.entry is not entry or result.format is not example.format:
                got = result.entry.name if result.entry else f"{result.outcome} ({result.reason})"
                problems.append(
                    f"entry {entry.label}, examples[{position}]: {example.body!r} diagnoses as "
                    f"{got} in {result.format}, not as {entry.name} in {example.format}"
                )
    return problems


def diagnose_example(entry: Entry, example: Example) -> Diagnosis:
    """What the library says of one of an entry's examples: the one call the catalog check and
    the docs site both make, so that the site shows what the check verified."""
    from ..delivery.reports import diagnose_report
    from ..responses.pipeline import diagnose

    if entry.phase == DELIVERY_PHASE:
        return diagnose_report(example.body)[0]
    return diagnose(example.body, http_status=example.http_status)


def problems(source: CatalogSource) -> list[str]:
    """Every problem of the source; the reference checks run only on a schema-valid source."""
    found = schema_problems(source)
    return found or reference_problems(source)
