"""Records with names: every public result and every catalog record is an immutable record of
named slots, not a tuple; made by keyword outside its own module; compared, hashed, shown,
pickled and copied by its fields."""

from __future__ import annotations

import ast
import copy
import pickle
from pathlib import Path
from types import MemberDescriptorType
from typing import Any

import pytest

from diagnose import Diagnosis, diagnose, lookup, preflight, trace
from diagnose.catalog.explanation import Link, Section, sections
from diagnose.catalog.model import (
    Api,
    Entry,
    Example,
    Guide,
    Rule,
    Source,
    SourceRef,
    Step,
    SuccessText,
    Term,
    Variant,
    When,
    load_catalog,
)
from diagnose.catalog.source import CatalogSource
from diagnose.check.run import Part, Settings
from diagnose.diagnosis import FIELDS
from diagnose.gate import Verdict
from diagnose.journeys.journey import Journey, Submitted
from diagnose.logs.findings import PreflightOptions
from diagnose.logs.reader import Item, ReadOptions
from diagnose.logs.units import Unit
from diagnose.outgoing.checks import Check, Problem
from diagnose.outgoing.finding import Finding
from diagnose.outgoing.request import SendRequest
from diagnose.outgoing.rules import ApiPlan, Items, Planned
from diagnose.records import Record
from diagnose.responses.decode import TooLarge
from diagnose.responses.read import Unreadable
from diagnose.responses.report_records import ReportRecord
from diagnose.vocabulary import Format

PACKAGE = Path(__file__).resolve().parent.parent / "diagnose"
HOOKS = Path(__file__).resolve().parent.parent / "docs" / "hooks"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

RECORDS = (
    Step,
    Example,
    SourceRef,
    When,
    Variant,
    Rule,
    Api,
    Guide,
    Term,
    Source,
    SuccessText,
    Link,
    Section,
    CatalogSource,
    Verdict,
    Journey,
    Submitted,
    Finding,
    SendRequest,
    Problem,
    Check,
    Planned,
    Items,
    ApiPlan,
    ReportRecord,
    TooLarge,
    Unreadable,
    PreflightOptions,
    Item,
    Unit,
    ReadOptions,
    Settings,
    Part,
)
PUBLIC_RESULTS = (Diagnosis, Entry, Finding, Journey, Verdict, Step, Example, Guide)


class Sample(Record):
    text: str
    count: int = 0
    note: str | None = None


def _slot_names(cls: type) -> set[str]:
    return {name for klass in cls.__mro__ for name in getattr(klass, "__slots__", ())}


@pytest.mark.parametrize("cls", [*RECORDS, Diagnosis, Entry], ids=lambda cls: cls.__name__)
def test_every_record_is_a_record_of_named_slots_not_a_tuple(cls: type) -> None:
    assert not issubclass(cls, tuple)
    assert not any("__dict__" in vars(klass) for klass in cls.__mro__ if klass is not object)
    entry_fields = ("name", "code", "title", "remediation", "examples", "docs_url")
    fields = FIELDS if cls is Diagnosis else entry_fields if cls is Entry else cls._record_fields  # type: ignore[attr-defined]
    assert cls is Diagnosis or cls is Entry or issubclass(cls, Record)
    assert set(fields) <= _slot_names(cls)
    assert all(isinstance(getattr(cls, field), MemberDescriptorType) for field in fields), "slots, not properties"


def test_the_public_results_are_not_tuples_and_cannot_be_changed() -> None:
    diagnosis = diagnose(b'{"type":"error","message":"Missing Authentication Key","code":"106"}')
    entry = lookup("207")
    assert entry is not None
    finding = next(iter(preflight({"sender": "TOOLONGSENDER", "route": "4", "sms": []})))
    journey = next(iter(trace([diagnose('{"type":"success","message":"3763646c3058373530393832"}')], [])))
    verdict = Verdict(stage="examples", problems=())
    for result in (diagnosis, entry, finding, journey, verdict, entry.remediation[0], entry.examples[0]):
        assert not isinstance(result, tuple), type(result)
        with pytest.raises(TypeError):
            iter(result)  # type: ignore[call-overload]
        with pytest.raises(TypeError):
            result[0]  # type: ignore[index]
        with pytest.raises(AttributeError, match="immutable"):
            result.title = "changed"  # type: ignore[misc, union-attr]
    fields = (finding.entry, finding.parameter, finding.message, finding.rule, finding.api, finding.value)
    assert finding != fields and isinstance(finding, Finding)


def test_a_record_is_made_by_keyword_with_its_defaults() -> None:
    sample = Sample(text="a")
    assert (sample.text, sample.count, sample.note) == ("a", 0, None)
    assert Sample(text="a", note="n", count=2) == Sample("a", 2, "n"), "by position only in its own module"
    assert Sample("a") == sample


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (Sample, "lacks its field 'text'"),
        (lambda: Sample(count=1), "lacks its field 'text'"),
        (lambda: Sample(text="a", size=1), r"does not have \(its fields: text, count, note\)"),
        (lambda: Sample("a", text="b"), "given its field 'text' twice"),
        (lambda: Sample("a", 1, count=2), "given its field 'count' twice"),
        (lambda: Sample("a", 1, None, 4), "positional arguments"),
    ],
)
def test_a_record_made_wrongly_says_which_field(make: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        make()


def test_an_unknown_field_name_is_masked_in_the_error() -> None:
    key = "366412AbCdEf7890XyZqRsXY"
    with pytest.raises(TypeError) as raised:
        Sample(text="a", **{key: 1})
    assert key not in str(raised.value) and "does not have" in str(raised.value)


def test_a_record_cannot_be_changed_or_deleted() -> None:
    sample = Sample(text="a")
    with pytest.raises(AttributeError, match="cannot set 'text': a Sample is immutable"):
        sample.text = "b"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="cannot delete 'text'"):
        del sample.text  # type: ignore[misc]
    with pytest.raises(AttributeError):
        sample.other = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        sample.__class__ = Sample
    assert sample.text == "a"


def test_a_record_is_compared_and_hashed_by_its_fields_and_its_class() -> None:
    class Other(Record):
        text: str
        count: int = 0
        note: str | None = None

    assert Sample(text="a") == Sample(text="a") and hash(Sample(text="a")) == hash(Sample(text="a"))
    assert Sample(text="a") != Sample(text="b")
    assert Sample(text="a") != Other(text="a"), "a record equals only a record of its own class"
    assert Sample(text="a") != ("a", 0, None), "nor the tuple of its fields"
    assert len({Sample(text="a"), Sample(text="a"), Sample(text="b")}) == 2


def test_a_record_shows_its_fields_by_name() -> None:
    assert repr(Sample(text="a", count=2)) == "Sample(text='a', count=2, note=None)"
    assert repr(Step(text="Send the authkey")) == "Step(text='Send the authkey', guide=None)"


def test_a_record_pickles_and_copies_as_itself() -> None:
    sample = Step(text="a", guide="g")
    for again in (pickle.loads(pickle.dumps(sample)), copy.copy(sample), copy.deepcopy(sample)):
        assert again == sample and type(again) is Step
    entry = lookup("207")
    assert entry is not None
    assert pickle.loads(pickle.dumps(entry.remediation)) == entry.remediation


def test_catalog_records_are_records() -> None:
    catalog = load_catalog()
    entry = catalog.lookup("207")
    assert entry is not None
    assert all(type(step) is Step for step in entry.remediation)
    assert all(type(example) is Example and example.format in tuple(Format) for example in entry.examples)
    assert all(type(source) is SourceRef for source in entry.sources)
    assert all(type(guide) is Guide for guide in catalog.guides.values())
    assert all(type(section) is Section for section in sections(entry, catalog))
    assert isinstance(CatalogSource(document={}, entry_files=(), directory="."), CatalogSource)


def test_a_record_class_takes_fields_with_defaults_last() -> None:
    with pytest.raises(TypeError, match="without a default follows"):

        class Wrong(Record):
            first: int = 0
            second: int

    with pytest.raises(TypeError, match="fields"):

        class Empty(Record):
            pass


# No positional construction outside a record's own module.


def _record_homes() -> dict[str, str]:
    """Each record class's name, and the module that defines it."""
    homes: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id == "Record" for base in node.bases
            ):
                homes[node.name] = str(path)
    homes["Diagnosis"] = str(PACKAGE / "diagnosis.py")
    homes["Entry"] = str(PACKAGE / "catalog" / "model.py")
    return homes


def test_records_are_made_by_keyword_outside_their_own_module() -> None:
    homes = _record_homes()
    assert {"Step", "Finding", "Journey", "Item", "Verdict"} <= set(homes)
    positional = []
    for path in [*PACKAGE.rglob("*.py"), *HOOKS.rglob("*.py"), *EXAMPLES.rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in homes
                and homes[node.func.id] != str(path)
                and node.args
            ):
                positional.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.func.id}(...)")
    assert not positional, positional
