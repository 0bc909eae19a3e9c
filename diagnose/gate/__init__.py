"""The catalog gate: a catalog folder in, its problems out, in stages (like rustc's tidy).

1. source: the YAML reads (or the compiled catalog of a wheel);
2. schema: the folder's own ``catalog.schema.json``, its vocabularies filled in from
   diagnose.vocabulary (``diagnose.gate.schemas``): a term table (``severities``, ``phases``...)
   with no row for a member, or a row for no member, stops here;
3. references: unique names, codes and texts; every reference resolves;
4. registry: every entry ever published (``registry.txt``) still answers to its name;
5. examples: every example diagnoses to its own entry, by a catalog built from that folder, with
   the call the site makes (``diagnose_example``);
6. fake: every answer the fake API (``diagnose.fake``) can serve, each entry's on each endpoint
   in each format (``diagnose.catalog.answers``), each success and each transport failure, diagnoses
   back to the entry it stands for (a success to success), with the HTTP status it is served with.
A stage runs only when the stages before it found nothing. The wheel build, ``sms-diagnose
validate``, the docs hook and the tests all call ``validate``. Every problem names the file,
the entry and the field, e.g.
``entries/request.yaml: entry INVALID_AUTHKEY (207), related[0]: 'NOPE' is not an entry name``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..catalog.answers import BALANCE, Answer, every_answer
from ..catalog.model import REASON_PHASE, REPORT_PHASES, SUBMIT_PHASES, TRANSPORT_PHASE, Catalog, Entry, Example, Rule
from ..catalog.source import REGISTRY_NAME, CatalogError, CatalogSource, load_source, read_text
from ..catalog.text import normalise_message
from ..delivery.reports import diagnose_report_unguarded
from ..diagnosis import Diagnosis
from ..exceptions import CATEGORY_CLASSES
from ..outgoing.checks import CHECKS, NEEDS_LIMIT, NEEDS_TEMPLATE, NEEDS_TEMPLATES, NEEDS_TEXT
from ..outgoing.finding import Finding
from ..outgoing.rules import preflight
from ..records import Record
from ..responses.pipeline import diagnose_unguarded
from ..responses.read import is_request_id
from ..vocabulary import READABLE_FORMATS, Actor, EntryStatus, Format, Outcome
from .schemas import load_schema, made_from

_SUBMIT = "answers to API calls"
RESPONSE_FORMATS = READABLE_FORMATS
REPORT_FORMATS = (Format.JSON, Format.FORM)
TRANSPORT_FORMATS = (*RESPONSE_FORMATS, Format.HTML)


class Verdict(Record):
    """What the gate found: the last stage it ran, and that stage's problems (none: the catalog passes)."""

    stage: str
    problems: tuple[str, ...]
    catalog: Catalog | None = None
    """The catalog built from the folder, once the gate got as far as building it."""


STAGES = ("source", "schema", "references", "registry", "examples", "fake")


def validate(directory: Path | None = None) -> Verdict:
    """Check the catalog in ``directory`` (default: the installed one), stage by stage."""
    try:
        source = load_source(directory)
    except CatalogError as exc:
        return Verdict("source", (str(exc),))
    found = schema_problems(source)
    if found:
        return Verdict("schema", tuple(found))
    for stage, check in (("references", _references), ("registry", registry_problems)):
        try:
            found = check(source)
        except (KeyError, TypeError, AttributeError, IndexError, ValueError) as exc:
            found = [
                f"the catalog lacks what the {stage} stage reads ({type(exc).__name__}: {exc}); "
                "its catalog.schema.json let through what a catalog cannot be"
            ]
        if found:
            return Verdict(stage, tuple(found))
    try:
        catalog = Catalog(source.document, source.entry_files)
    except CatalogError as exc:
        return Verdict("examples", (str(exc),))
    found = example_problems(catalog)
    if found:
        return Verdict("examples", tuple(found), catalog)
    return Verdict("fake", tuple(fake_answer_problems(catalog)), catalog)


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
    try:
        from jsonschema import Draft202012Validator
    except ImportError:
        raise CatalogError("checking the catalog needs jsonschema: pip install 'sms-diagnose[catalog]'") from None

    try:
        schema = load_schema(Path(source.directory))
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        errors = sorted(validator.iter_errors(source.document), key=lambda e: [str(p) for p in e.absolute_path])
    except CatalogError as exc:
        return [str(exc)]
    except Exception as exc:
        message = getattr(exc, "message", None) or str(exc)
        return [f"catalog.schema.json: cannot check the catalog ({type(exc).__name__}: {message[:300]})"]
    return [f"{_where(source, error.absolute_path)}: {error.message}{_vocabulary_said(error)}" for error in errors]


def _vocabulary_said(error: Any) -> str:
    """What a schema error owes to a vocabulary of diagnose, for the one who reads it: where the members are defined."""
    vocabulary = made_from(error.schema)
    if vocabulary is None:
        return ""
    if error.validator == "required":
        return f" (a member of {vocabulary}: its table needs a row for each member)"
    if "propertyNames" in error.schema_path:
        return f" (a row for no member of {vocabulary})"
    return f" (the members of {vocabulary})"


def _references(source: CatalogSource) -> list[str]:
    return (
        reference_problems(source)
        + exception_class_problems(source.document)
        + rule_problems(source)
        + user_message_problems(source)
        + shorthand_problems(source)
    )


USER_MESSAGE_CATEGORIES = frozenset({"recipient", "otp"})
"""The categories whose errors come from what an end user typed (a number, an OTP)."""


def user_message_problems(source: CatalogSource) -> list[str]:
    """A ``user_message`` is told to the person being messaged or verified, so it is only on an
    error that is theirs to act on: an entry whose actor is the end user, or whose category is
    one of USER_MESSAGE_CATEGORIES (what they typed); never on a success."""
    problems: list[str] = []
    for index, entry in enumerate(source.document["entries"]):
        if "user_message" not in entry:
            continue
        where = _where(source, ["entries", index, "user_message"])
        if entry.get("outcome", Outcome.ERROR) != Outcome.ERROR:
            problems.append(f"{where}: an entry that is not an error has nothing to tell its end user")
        elif entry["actor"] != Actor.END_USER and entry["category"] not in USER_MESSAGE_CATEGORIES:
            problems.append(
                f"{where}: only an error of the end user's (actor end-user, or category "
                f"{' or '.join(sorted(USER_MESSAGE_CATEGORIES))}) has a message for them"
            )
    return problems


def rule_problems(source: CatalogSource) -> list[str]:
    """Every pre-flight rule names a check that exists, with what that check needs, and
    parameters and APIs and a source the catalog has; every API's sources are known."""
    doc = source.document
    apis: Mapping[str, Any] = doc.get("apis", {})
    problems = [
        problem
        for key, api in apis.items()
        for problem in _unknown_sources(f"catalog.yaml: apis.{key}.sources", api["sources"], doc)
    ]
    for index, entry in enumerate(doc["entries"]):
        for position, rule in enumerate(entry.get("preflight", [])):
            where = _where(source, ["entries", index, "preflight", position])
            check = rule["check"]
            if check not in CHECKS:
                problems.append(f"{where}.check: {check!r} is not a check in diagnose/outgoing/checks.py")
            for field, needing in (("limit", NEEDS_LIMIT), ("text", NEEDS_TEXT)):
                if (field in rule) != (check in needing):
                    problems.append(f"{where}: a {check} rule {'needs' if check in needing else 'takes no'} {field}")
            if ("template" in rule["example"]) != (check in NEEDS_TEMPLATE):
                need = "needs" if check in NEEDS_TEMPLATE else "takes no"
                problems.append(f"{where}.example: the example of a {check} rule {need} template")
            if ("templates" in rule["example"]) != (check in NEEDS_TEMPLATES):
                need = "needs" if check in NEEDS_TEMPLATES else "takes no"
                problems.append(f"{where}.example: the example of a {check} rule {need} templates")
            if rule["source"] not in doc["sources"]:
                problems.append(f"{where}.source: {rule['source']!r} is not a source in catalog.yaml")
            for number, variant in enumerate(rule.get("variants", [])):
                if variant["source"] not in doc["sources"]:
                    problems.append(f"{where}.variants[{number}].source: {variant['source']!r} is not a source")
                if ("limit" in variant) != (check in NEEDS_LIMIT):
                    problems.append(
                        f"{where}.variants[{number}]: a variant of a {check} rule needs a limit iff it does"
                    )
            for key in rule["apis"]:
                if key not in apis:
                    problems.append(f"{where}.apis: {key!r} is not an API in catalog.yaml")
                elif rule["parameter"] not in apis[key]["parameters"]:
                    problems.append(f"{where}.parameter: {rule['parameter']!r} is not a parameter of apis.{key}")
    return problems


def reference_problems(source: CatalogSource) -> list[str]:
    """What the schema cannot check: uniqueness and that every reference resolves."""
    doc = source.document
    problems: list[str] = []
    entries: list[Mapping[str, Any]] = doc["entries"]
    names = [entry["name"] for entry in entries]
    known = set(names)
    seen_names: set[str] = set()
    seen_codes: dict[tuple[str, str], str] = {}
    # Texts are looked up by phase, the answers to API calls together: a text identifies one entry in each.
    seen_texts: dict[tuple[str, str], str] = {
        (_SUBMIT, normalise_message(s["text"])): "a success text" for s in doc["success"]
    }

    def report(index: int, path: list[str | int], message: str) -> None:
        problems.append(f"{_where(source, ['entries', index, *path])}: {message}")

    for index, entry in enumerate(entries):
        name = entry["name"]
        if name in seen_names:
            report(index, ["name"], f"{name!r} is used by another entry; names are never reused")
        seen_names.add(name)
        for position, alias in enumerate(entry.get("aliases", [])):
            if alias in known or alias in seen_names:
                report(index, ["aliases", position], f"{alias!r} is already the name or an alias of an entry")
            seen_names.add(alias)
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
            if is_request_id(text.strip()):
                report(index, ["match", position], f"{text!r} has the shape of a request ID, which means success")
            normal = (_SUBMIT if entry["phase"] in SUBMIT_PHASES else entry["phase"], normalise_message(text))
            if normal in seen_texts and seen_texts[normal] != name:
                report(index, ["match", position], f"{text!r} already identifies {seen_texts[normal]}")
            seen_texts[normal] = name
        for field in ("examples", "sources", "variants"):
            for position, item in enumerate(entry.get(field, [])):
                if "source" in item and item["source"] not in doc["sources"]:
                    report(index, [field, position, "source"], f"{item['source']!r} is not a source in catalog.yaml")
        for path, message in _format_problems(entry):
            report(index, path, message)
        if entry["status"] == EntryStatus.ACTIVE and not entry["remediation"]:
            report(index, ["remediation"], "an active entry needs remediation steps")
    return problems + _sections_sources_problems(doc)


def _sections_sources_problems(doc: Mapping[str, Any]) -> list[str]:
    """Every source a guide, a success text or a host names is one the catalog has."""
    problems: list[str] = []
    for key, guide in doc["guides"].items():
        problems.extend(_unknown_sources(f"catalog.yaml: guides.{key}.sources", guide["sources"], doc))
    for position, success in enumerate(doc["success"]):
        problems.extend(_unknown_sources(f"catalog.yaml: success[{position}].sources", success["sources"], doc))
    for host, about in doc.get("hosts", {}).items():
        problems.extend(_unknown_sources(f"catalog.yaml: hosts.{host}.sources", about["sources"], doc))
    return problems


def shorthand_problems(source: CatalogSource) -> list[str]:
    """A sentence a reader sees that names a source by the catalog's key for it (``APIDOC``)."""
    doc = source.document
    said = "names the source {!r} by its key; a reader knows it by its title"
    problems = [
        f"{_where(source, ['entries', index, *path])}: {said.format(key)}"
        for index, entry in enumerate(doc["entries"])
        for path, text in _prose(entry)
        for key in _source_keys_in(text, doc["sources"])
    ]
    problems.extend(
        f"catalog.yaml: sources.{name}.description: {said.format(key)}"
        for name, described in doc["sources"].items()
        for key in _source_keys_in(described.get("description", ""), doc["sources"])
    )
    return problems


def _prose(entry: Mapping[str, Any]) -> Iterator[tuple[list[str | int], str]]:
    """The texts of an entry a reader sees as sentences (not wordings quoted from a source)."""
    yield ["cause"], entry["cause"]
    for position, step in enumerate(entry["remediation"]):
        yield ["remediation", position, "text"], step["text"]
    for position, variant in enumerate(entry.get("variants", [])):
        for field in ("meaning", "note"):
            if field in variant:
                yield ["variants", position, field], variant[field]
    if "retired_note" in entry:
        yield ["retired_note"], entry["retired_note"]


def _source_keys_in(text: str, sources: Mapping[str, Any]) -> list[str]:
    """The source keys (``APIDOC``, ``seed``) ``text`` uses as words: the catalog's shorthand,
    which its pages show by title."""
    words = set(_WORD.findall(text))
    return [key for key in sources if key in words]


_WORD = re.compile(r"[A-Za-z0-9_]+")


def exception_class_problems(doc: Mapping[str, Any]) -> list[str]:
    """Every category an error can have has its exception class (``diagnose.exceptions``), and
    every class its category: ``except IpSecurityError`` must mean what the catalog means."""
    erring = {
        entry["category"]
        for entry in doc["entries"]
        if entry.get("outcome", Outcome.ERROR) == Outcome.ERROR and entry["status"] == EntryStatus.ACTIVE
    }
    problems = [
        f"catalog.yaml: categories.{key}: no exception class in diagnose/exceptions.py has category {key!r}"
        for key in sorted(erring - set(CATEGORY_CLASSES))
    ]
    problems += [
        f"diagnose/exceptions.py: {cls.__name__}.category {key!r} is not a category in catalog.yaml"
        for key, cls in sorted(CATEGORY_CLASSES.items())
        if key not in doc["categories"]
    ]
    return problems


def _format_problems(entry: Mapping[str, Any]) -> Iterator[tuple[list[str | int], str]]:
    """Answers to API calls need an example in every format; delivery reports come as JSON or a
    form; transport failures also as the HTML page a gateway sends."""
    phase = entry["phase"]
    wanted: tuple[str, ...] = RESPONSE_FORMATS
    if phase in REPORT_PHASES:
        wanted = REPORT_FORMATS
    elif phase == TRANSPORT_PHASE:
        wanted = TRANSPORT_FORMATS
    formats = {example["format"] for example in entry["examples"]}
    every_format = phase not in (*REPORT_PHASES, TRANSPORT_PHASE)
    expected = entry.get("formats", RESPONSE_FORMATS)
    missing = [f for f in RESPONSE_FORMATS if f in expected and f not in formats] if every_format else []
    if missing:
        yield ["examples"], f"no example in {', '.join(missing)}"
    for position, example in enumerate(entry["examples"]):
        if example["format"] not in wanted:
            yield ["examples", position, "format"], f"{entry['phase']} examples are {' or '.join(wanted)}"


def _unknown_sources(where: str, keys: Iterable[str], doc: Mapping[str, Any]) -> Iterator[str]:
    for key in keys:
        if key not in doc["sources"]:
            yield f"{where}: {key!r} is not a source in catalog.yaml"


_REGISTRY_LINE = "PHASE CODE NAME, CODE - for an entry without one"


def read_registry(source: CatalogSource) -> tuple[list[tuple[str, str | None, str]], list[str]]:
    """The registry's rows (phase, code or None, name) and the problems of its lines."""
    path = Path(source.directory) / REGISTRY_NAME
    try:
        lines = read_text(path).splitlines()
    except CatalogError as exc:
        return [], [f"{REGISTRY_NAME}: {str(exc).removeprefix(str(path) + ': ')}; every catalog folder has one"]
    rows: list[tuple[str, str | None, str]] = []
    problems: list[str] = []
    for number, line in enumerate(lines, 1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        shown = line.strip()
        shown = shown if len(shown) <= 80 else shown[:80] + "\u2026"
        if len(words) != 3:
            problems.append(f"{REGISTRY_NAME}, line {number}: expected {_REGISTRY_LINE}, got {shown!r}")
            continue
        phase, code, name = words
        row = (phase, None if code == "-" else code, name)
        if row in rows:
            problems.append(f"{REGISTRY_NAME}, line {number}: {shown!r} is registered twice")
        rows.append(row)
    return rows, problems


def registry_problems(source: CatalogSource) -> list[str]:
    """No published entry is deleted or renamed: every registry row is answered by an entry of
    its phase and code, under its name or one of its aliases; every entry is registered."""
    rows, problems = read_registry(source)
    if problems and not rows:
        return problems  # no registry to check against: every entry would be reported as missing
    entries: list[Mapping[str, Any]] = source.document["entries"]
    answers = {
        (entry["phase"], entry.get("code"), name)
        for entry in entries
        for name in (entry["name"], *entry.get("aliases", []))
    }
    for phase, code, name in rows:
        if (phase, code, name) not in answers:
            shown = f"{phase} {code or '-'} {name}"
            problems.append(
                f"{REGISTRY_NAME}: {shown!r} was published, and no entry of phase {phase} "
                f"{'with code ' + code if code else 'without a code'} answers to {name}: entries are never "
                "deleted (retire one with status: retired) or renamed (keep the old name under aliases:)"
            )
    registered = set(rows)
    for index, entry in enumerate(entries):
        row = (entry["phase"], entry.get("code"), entry["name"])
        if row not in registered:
            line = f"{row[0]:<10} {row[1] or '-':<5} {row[2]}"
            problems.append(f"{_where(source, ['entries', index])}: not in {REGISTRY_NAME}; append the line {line!r}")
    return problems


def example_problems(catalog: Catalog) -> list[str]:
    """Every example must diagnose to its own entry, in the format it is filed under, and every
    pre-flight rule's example request must give exactly one finding: its own.

    A delivery example is a webhook body that must give exactly one report, of that entry.
    """
    problems = rule_example_problems(catalog)
    for entry in catalog:
        for position, example in enumerate((*entry.examples, *entry.raised)):
            if entry.phase in REPORT_PHASES:
                count = len(diagnose_report_unguarded(example.body, catalog=catalog))
                if count != 1:
                    problems.append(f"entry {entry.label}, examples[{position}]: gives {count} reports, not 1")
                    continue
            result = diagnose_example(entry, example, catalog)
            found = result.failure if entry.phase == REASON_PHASE else result.entry
            if found is not entry or result.format is not (None if example.exception else example.format):
                got = found.name if found else f"{result.outcome} ({result.reason})"
                field = f"raised[{position - len(entry.examples)}]" if example.exception else f"examples[{position}]"
                problems.append(
                    f"entry {entry.label}, {field}: {example.body!r} diagnoses as "
                    f"{got} in {result.format}, not as {entry.name} in {example.format}"
                )
    return problems


def fake_answer_problems(catalog: Catalog) -> list[str]:
    """Every answer the fake API can serve must diagnose as what it stands for: an entry's answer
    as that entry, a success as a success, balance.php's number as no error. A fake that drifts
    from the catalog (an answer chosen or built wrong) fails here, naming the answer."""
    problems = []
    try:
        for answer in every_answer(catalog):
            problem = _fake_answer_problem(answer, catalog)
            if problem:
                problems.append(problem)
    except KeyError as exc:
        problems.append(f"the fake's answers cannot be built from the catalog: {exc.args[0]}")
    return problems


def _fake_answer_problem(answer: Answer, catalog: Catalog) -> str | None:
    result = diagnose_unguarded(answer.body, http_status=answer.http_status, catalog=catalog)
    entry = answer.entry
    if entry is not None:
        fits = result.entry is entry
        wanted = entry.name
    elif answer.endpoint == BALANCE:
        fits = result.outcome is not Outcome.ERROR
        wanted = "a balance, not an error"
    else:
        fits = result.outcome is Outcome.SUCCESS
        wanted = "success"
    if fits:
        return None
    got = result.entry.name if result.entry else f"{result.outcome} ({result.reason})"
    what = f"{entry.label} on {answer.endpoint or 'any endpoint'}" if entry else f"success on {answer.endpoint}"
    return (
        f"the fake's answer of {what} in {answer.format} (HTTP {answer.http_status}): {answer.body!r} "
        f"diagnoses as {got}, not as {wanted}"
    )


def rule_example_problems(catalog: Catalog) -> list[str]:

    problems = []
    for entry in catalog:
        for position, rule in enumerate(entry.preflight):
            where = f"entry {entry.label}, preflight[{position}].example"
            try:
                findings = preflight_example(rule, catalog)
            except ValueError as exc:
                problems.append(f"{where}: {exc}")
                continue
            if len(findings) != 1 or findings[0].entry is not entry or findings[0].rule != rule:
                got = ", ".join(f"{f.entry.name} ({f.rule.check} {f.parameter})" for f in findings) or "no finding"
                problems.append(f"{where}: gives {got}, not exactly its own {rule.check} finding of {entry.name}")
    return problems


EXAMPLE_SENT = "2026-01-01T00:00:00+00:00"
"""When every rule's example request counts as sent: the site shows the same findings whenever
it is built."""


def preflight_example(rule: Rule, catalog: Catalog) -> list[Finding]:
    """What ``preflight()`` finds in a rule's example request, as sent at EXAMPLE_SENT: the one
    call the gate and the site both make, so that the site shows what the gate proved."""
    from datetime import datetime

    now = datetime.fromisoformat(EXAMPLE_SENT)
    return preflight(rule.example, template=rule.template, now=now, catalog=catalog, templates=rule.templates)


def diagnose_example(entry: Entry, example: Example, catalog: Catalog) -> Diagnosis:
    """What the library says of one of an entry's examples: the one call the catalog gate and
    the docs site both make, so that the site shows what the gate verified."""
    if entry.phase in REPORT_PHASES:
        return diagnose_report_unguarded(example.body, catalog=catalog)[0]
    if example.exception:
        return diagnose_unguarded(raised_example(example.exception, example.body), catalog=catalog)
    return diagnose_unguarded(example.body, http_status=example.http_status, catalog=catalog)


def raised_example(qualified: str, message: str) -> BaseException:
    """A stand-in for the exception a network failure's example names (``httpx.ReadTimeout``):
    a class of that module and name, which is all ``diagnose()`` reads of it, so that the gate
    needs neither requests nor httpx. The tests check each real class gives the same entry."""
    module, _, name = qualified.rpartition(".")
    stand_in: type[Exception] = type(name, (Exception,), {"__module__": module, "__qualname__": name})
    return stand_in(message)
