"""The reports of a check run: human text, JSON, JUnit XML and GitHub annotations.

A report renders each item as it comes (``item()``), and those texts are spooled to disk, in
order, by whichever process read the item; ``write()`` then puts the totals and the spooled
texts together. Nothing grows in memory with the size of the input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TextIO
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from ..catalog.model import Entry
from ..redaction import printable, printable_optional, redact, redact_optional, shown_number
from ..vocabulary import Outcome
from ..wording import counted
from .inputs import Item

HUMAN_FAILURE_LIMIT = 100
REPORT_VERSION = 1
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class CountRow:
    key: str
    code: str | None
    name: str | None
    title: str
    count: int = 0
    failed: int = 0


@dataclass
class Tally:
    """The running totals of a check run."""

    total: int = 0
    failed: int = 0
    invalid: int = 0
    failed_invalid: int = 0
    """Inputs that could not be read and failed the run: JUnit's errors, not its failures."""
    files: set[str] = field(default_factory=set)
    rows: dict[str, CountRow] = field(default_factory=dict)
    authkeys: int = 0
    """How many inputs (files or lines) hold an authkey in clear text."""
    first_authkey: str | None = None
    last_authkey: str | None = None

    def add(self, item: Item, failed: bool) -> None:
        self.total += 1
        if failed:
            self.failed += 1
        if item.problem is not None:
            self.invalid += 1
            if failed:
                self.failed_invalid += 1
        if item.origin not in self.files:
            self.files.add(item.origin)
        if item.authkey_in_clear and item.where != self.last_authkey:
            self.authkeys += 1
            self.first_authkey = self.first_authkey or where(item)
            self.last_authkey = item.where
        key = count_key(item)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = CountRow(*describe(item))
        row.count += 1
        if failed:
            row.failed += 1

    def merge(self, other: Tally) -> None:
        """Add the totals of the input that comes after this one."""
        self.total += other.total
        self.failed += other.failed
        self.invalid += other.invalid
        self.failed_invalid += other.failed_invalid
        self.files |= other.files
        self.authkeys += other.authkeys
        self.first_authkey = self.first_authkey or other.first_authkey
        for key, theirs in other.rows.items():
            row = self.rows.get(key)
            if row is None:
                self.rows[key] = theirs
            else:
                row.count += theirs.count
                row.failed += theirs.failed

    @property
    def passed(self) -> int:
        return self.total - self.failed

    def authkey_warning(self) -> str | None:
        if not self.authkeys:
            return None
        return (
            f"warning: {counted(self.authkeys, 'input holds', 'inputs hold')} an authkey in clear text "
            f"(first: {self.first_authkey}); "
            "authkeys are credentials: mask them where these logs are written (reports show them masked)"
        )

    def summary(self) -> dict[str, Any]:
        return {
            "responses": self.total,
            "passed": self.passed,
            "failed": self.failed,
            "invalid_lines": self.invalid,
            "files": len(self.files),
            "authkeys_in_clear": self.authkeys,
        }

    def counts(self) -> list[CountRow]:
        return sorted(self.rows.values(), key=lambda row: (-row.count, row.key))


def count_key(item: Item) -> str:
    """What an item is counted under: its diagnosis's key, or "invalid line"."""
    return "invalid line" if item.diagnosis is None else item.diagnosis.counted_as


def describe(item: Item) -> tuple[str, str | None, str | None, str]:
    """What an item is counted under (``count_key``), with its code, entry name and title."""
    key, diagnosis = count_key(item), item.diagnosis
    if diagnosis is None:
        return key, None, None, "a line that is not a response record"
    entry = diagnosis.entry
    if entry is not None:
        return key, entry.code, entry.name, entry.title
    if diagnosis.outcome is Outcome.SUCCESS:
        return key, None, None, "accepted"
    if diagnosis.outcome is Outcome.ERROR:
        if diagnosis.code:
            return key, redact(diagnosis.code), None, "code not in the catalog"
        return key, None, None, "error message not in the catalog"
    return key, None, None, "not a provider response"


def where(item: Item, render: Callable[[str], str] = printable) -> str:
    """Where an item was read: its file (rendered by ``render``) and line."""
    origin = render(item.origin)
    return f"{origin}:{item.line}" if item.line is not None else origin


def headline(item: Item, reveal_numbers: bool = False) -> str:
    """One line: what the response is, and the first thing to do about it (printable)."""
    if item.diagnosis is None:
        return f"invalid line: {printable(item.problem or '')}"
    return item.diagnosis.summary(reveal_number=reveal_numbers)


def failure_record(item: Item, reveal_numbers: bool = False) -> dict[str, Any]:
    """Everything a report says about one failing item."""
    return {**_item_fields(item, reveal_numbers), **entry_fields(item.diagnosis.entry if item.diagnosis else None)}


def _item_fields(item: Item, reveal_numbers: bool) -> dict[str, Any]:
    diagnosis = item.diagnosis
    number = diagnosis.number if diagnosis else None
    numbers = (number,)
    return {
        "where": where(item, redact),
        "file": redact(item.origin),
        "line": item.line,
        "id": redact_optional(item.id, numbers),
        "outcome": str(diagnosis.outcome) if diagnosis else "invalid",
        "code": redact_optional(diagnosis.code, numbers) if diagnosis else None,
        "number": shown_number(number, reveal_numbers),
        "message": headline(item, reveal_numbers),
        "reason": redact_optional(diagnosis.reason if diagnosis else item.problem, numbers),
    }


@cache
def entry_fields(entry: Entry | None) -> dict[str, Any]:
    """What a failure record says of its entry; the same for every failure of that entry."""
    return {
        "name": entry.name if entry else None,
        "title": entry.title if entry else None,
        "severity": str(entry.severity) if entry else None,
        "remediation": [step.text for step in entry.remediation] if entry else [],
        "docs_url": entry.docs_url if entry else None,
    }


@cache
def _entry_json(entry: Entry | None) -> str:
    return json.dumps(entry_fields(entry))


class _ReportBase:
    renders_passes = False

    def __init__(self, reveal_numbers: bool = False) -> None:
        self.reveal = reveal_numbers


def _summary_line(tally: Tally) -> str:
    return (
        f"checked {counted(tally.total, 'response')} from {counted(len(tally.files), 'file')}: "
        f"{tally.passed:,} passed, {tally.failed:,} failed\n"
    )


class HumanReport(_ReportBase):
    """Each failure with its place, its meaning and first fix, and its docs; then counts."""

    def __init__(self, reveal_numbers: bool = False, limit: int = HUMAN_FAILURE_LIMIT) -> None:
        super().__init__(reveal_numbers)
        self.limit = limit

    def item(self, item: Item, failed: bool) -> str:
        if not failed:
            return ""
        entry = item.diagnosis.entry if item.diagnosis else None
        text = f"FAIL {where(item)}: {headline(item, self.reveal)}\n"
        return text + f"     {entry.docs_url}\n" if entry is not None else text

    def write(self, out: TextIO, tally: Tally, items: Iterable[str]) -> None:
        shown = 0
        for line in items:
            if line.startswith("FAIL "):
                shown += 1
            if shown <= self.limit:
                out.write(line)
        if shown > self.limit:
            out.write(f"... and {shown - self.limit} more failures (--format json lists them all)\n")
        if tally.rows:
            out.write("\n")
            width = max(len(printable(row.key)) for row in tally.rows.values())
            out.write(f"{'':4} {'COUNT':>9}  {'CODE':<4}  {'WHAT':<{width}}  TITLE\n")
            for row in tally.counts():
                mark = "FAIL" if row.failed else "ok"
                code, key = printable(row.code or "-"), printable(row.key)
                out.write(f"{mark:<4} {row.count:>9,}  {code:<4}  {key:<{width}}  {row.title}\n")
        out.write("\n" + _summary_line(tally))
        warning = tally.authkey_warning()
        if warning:
            out.write(warning + "\n")


class JsonReport(_ReportBase):
    """Totals, counts by code and every failure, valid against data/check-report.schema.json."""

    def item(self, item: Item, failed: bool) -> str:
        if not failed:
            return ""
        entry = item.diagnosis.entry if item.diagnosis else None
        return json.dumps(_item_fields(item, self.reveal))[:-1] + ", " + _entry_json(entry)[1:] + "\n"

    def write(self, out: TextIO, tally: Tally, items: Iterable[str]) -> None:
        counts = [
            {"key": r.key, "code": r.code, "name": r.name, "title": r.title, "count": r.count, "failed": r.failed}
            for r in tally.counts()
        ]
        head = {"version": REPORT_VERSION, "summary": tally.summary(), "counts": counts}
        out.write(json.dumps(head, indent=2)[:-2] + ',\n  "failures": [')
        for number, line in enumerate(items):
            out.write(("," if number else "") + "\n    " + line.rstrip("\n"))
        out.write("\n  ]\n}\n")


def _xml(text: str) -> str:
    return xml_escape(_NOT_XML.sub("\ufffd", text))


def _attr(text: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", text))


class JUnitReport(_ReportBase):
    """One testcase per response; a failure carries the code, the title and the remediation."""

    renders_passes = True

    def item(self, item: Item, failed: bool) -> str:
        place = where(item)
        name = f"{place} [{printable_optional(item.id)}]" if item.id else place
        origin = _attr(printable(item.origin))
        case = f"    <testcase classname={origin} name={_attr(name)} file={origin}"
        if item.line is not None:
            case += f' line="{item.line}"'
        if not failed:
            return case + "/>\n"
        record = failure_record(item, self.reveal)
        kind = record["name"] or record["code"] or record["outcome"]
        details = [f"{n}. {step}" for n, step in enumerate(record["remediation"], 1)]
        if record["reason"]:
            details.append(f"reason: {printable(record['reason'])}")
        if record["docs_url"]:
            details.append(f"docs: {record['docs_url']}")
        element = "error" if item.diagnosis is None else "failure"  # an input that could not be read
        return (
            f"{case}>\n      <{element} message={_attr(record['message'])} type={_attr(printable(kind))}>"
            f"{_xml(chr(10).join(details))}</{element}>\n    </testcase>\n"
        )

    def write(self, out: TextIO, tally: Tally, items: Iterable[str]) -> None:
        errors = tally.failed_invalid
        counts = f'tests="{tally.total}" failures="{tally.failed - errors}" errors="{errors}" skipped="0"'
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(f'<testsuites name="sms-diagnose" {counts}>\n')
        out.write(f'  <testsuite name="sms-diagnose check" {counts}>\n')
        out.writelines(items)
        out.write("  </testsuite>\n</testsuites>\n")


def _github_data(text: str) -> str:
    """Text for a workflow command: printable (every control character escaped), then the
    runner's own escapes."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReport(_ReportBase):
    """Workflow commands that GitHub Actions shows as annotations on the files."""

    def item(self, item: Item, failed: bool) -> str:
        if not failed:
            return ""
        record = failure_record(item, self.reveal)
        props = []
        if item.origin != "<stdin>":
            props.append(f"file={_github_property(redact(item.origin))}")
            if item.line is not None:
                props.append(f"line={item.line}")
        props.append(f"title={_github_property(record['title'] or record['outcome'])}")
        message = record["message"] + (f" ({record['docs_url']})" if record["docs_url"] else "")
        return f"::error {','.join(props)}::{_github_data(message)}\n"

    def write(self, out: TextIO, tally: Tally, items: Iterable[str]) -> None:
        out.writelines(items)
        warning = tally.authkey_warning()
        if warning:
            out.write(f"::warning title=Authkeys in clear text::{_github_data(warning.removeprefix('warning: '))}\n")
        out.write(_summary_line(tally))


REPORTS: dict[str, type[HumanReport | JsonReport | JUnitReport | GithubReport]] = {
    "human": HumanReport,
    "json": JsonReport,
    "junit": JUnitReport,
    "github": GithubReport,
}
