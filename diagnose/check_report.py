"""The reports of a check run: human text, JSON, JUnit XML and GitHub annotations.

Reports stream. Whatever a report must print after the last item is known (JSON's and JUnit's
totals come first) is spooled to a temporary file, never held in memory.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from .check_input import Item
from .diagnosis import mask_number
from .secrets import mask_optional
from .vocabulary import Outcome

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
    sources: set[str] = field(default_factory=set)
    rows: dict[str, CountRow] = field(default_factory=dict)
    authkeys: int = 0
    """How many inputs (files or lines) hold an authkey in clear text."""
    first_authkey: str | None = None
    last_authkey: str | None = None

    def add(self, item: Item, failed: bool) -> None:
        self.total += 1
        self.failed += failed
        self.invalid += item.problem is not None
        self.sources.add(item.origin)
        if item.authkey_in_clear and item.where != self.last_authkey:
            self.authkeys += 1
            self.first_authkey = self.first_authkey or item.where
            self.last_authkey = item.where
        key, code, name, title = describe(item)
        row = self.rows.get(key) or self.rows.setdefault(key, CountRow(key, code, name, title))
        row.count += 1
        row.failed += failed

    @property
    def passed(self) -> int:
        return self.total - self.failed

    def authkey_warning(self) -> str | None:
        if not self.authkeys:
            return None
        return (
            f"warning: {self.authkeys:,} inputs hold an authkey in clear text (first: {self.first_authkey}); "
            "authkeys are credentials: mask them where these logs are written (reports show them masked)"
        )

    def summary(self) -> dict[str, Any]:
        return {
            "responses": self.total,
            "passed": self.passed,
            "failed": self.failed,
            "invalid_lines": self.invalid,
            "files": len(self.sources),
            "authkeys_in_clear": self.authkeys,
        }

    def counts(self) -> list[CountRow]:
        return sorted(self.rows.values(), key=lambda row: (-row.count, row.key))


def describe(item: Item) -> tuple[str, str | None, str | None, str]:
    """The counting key of an item, with its code, entry name and title."""
    diagnosis = item.diagnosis
    if diagnosis is None:
        return "invalid line", None, None, "a line that is not a response record"
    entry = diagnosis.entry
    if entry is not None:
        return entry.name, entry.code, entry.name, entry.title
    if diagnosis.outcome is Outcome.SUCCESS:
        return "success", None, None, "accepted"
    if diagnosis.outcome is Outcome.ERROR:
        if diagnosis.code:
            return f"code {diagnosis.code}", diagnosis.code, None, "code not in the catalog"
        return "unknown error message", None, None, "error message not in the catalog"
    return "unrecognised", None, None, "not a provider response"


def headline(item: Item, reveal_numbers: bool = False) -> str:
    """One line: what the response is, and the first thing to do about it."""
    if item.diagnosis is None:
        return f"invalid line: {item.problem}"
    return item.diagnosis.summary(reveal_number=reveal_numbers)


def failure_record(item: Item, reveal_numbers: bool = False) -> dict[str, Any]:
    diagnosis = item.diagnosis
    entry = diagnosis.entry if diagnosis else None
    number = diagnosis.number if diagnosis else None
    return {
        "where": item.where,
        "file": item.origin,
        "line": item.line,
        "id": item.id,
        "outcome": str(diagnosis.outcome) if diagnosis else "invalid",
        "code": diagnosis.code if diagnosis else None,
        "name": entry.name if entry else None,
        "title": entry.title if entry else None,
        "severity": str(entry.severity) if entry else None,
        "number": number if reveal_numbers else mask_number(number),
        "message": headline(item, reveal_numbers),
        "reason": mask_optional(diagnosis.reason if diagnosis else item.problem),
        "remediation": [step.text for step in entry.remediation] if entry else [],
        "docs_url": entry.docs_url if entry else None,
    }


class Report(Protocol):
    def add(self, item: Item, failed: bool) -> None: ...
    def finish(self, tally: Tally) -> None: ...


class HumanReport:
    def __init__(self, out: TextIO, reveal_numbers: bool = False, limit: int = HUMAN_FAILURE_LIMIT) -> None:
        self.out = out
        self.reveal = reveal_numbers
        self.limit = limit
        self.shown = 0

    def add(self, item: Item, failed: bool) -> None:
        if not failed:
            return
        self.shown += 1
        if self.shown > self.limit:
            return
        entry = item.diagnosis.entry if item.diagnosis else None
        self.out.write(f"FAIL {item.where}: {headline(item, self.reveal)}\n")
        if entry is not None:
            self.out.write(f"     {entry.docs_url}\n")

    def finish(self, tally: Tally) -> None:
        if self.shown > self.limit:
            self.out.write(f"... and {self.shown - self.limit} more failures (--format json lists them all)\n")
        if tally.rows:
            self.out.write("\n")
            width = max(len(row.key) for row in tally.rows.values())
            self.out.write(f"{'':4} {'COUNT':>9}  {'CODE':<4}  {'WHAT':<{width}}  TITLE\n")
            for row in tally.counts():
                mark = "FAIL" if row.failed else "ok"
                self.out.write(f"{mark:<4} {row.count:>9,}  {row.code or '-':<4}  {row.key:<{width}}  {row.title}\n")
        self.out.write(
            f"\nchecked {tally.total:,} responses from {len(tally.sources):,} files: "
            f"{tally.passed:,} passed, {tally.failed:,} failed\n"
        )
        warning = tally.authkey_warning()
        if warning:
            self.out.write(warning + "\n")


class _Spool:
    """Text written now and read back at the end, on disk."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogateescape")  # noqa: SIM115 - lines() closes it

    def write(self, text: str) -> None:
        self.file.write(text)

    def lines(self) -> Iterator[str]:
        self.file.seek(0)
        yield from self.file
        self.file.close()


class JsonReport:
    def __init__(self, out: TextIO, reveal_numbers: bool = False) -> None:
        self.out = out
        self.reveal = reveal_numbers
        self.failures = _Spool()

    def add(self, item: Item, failed: bool) -> None:
        if failed:
            self.failures.write(json.dumps(failure_record(item, self.reveal)) + "\n")

    def finish(self, tally: Tally) -> None:
        counts = [
            {"key": r.key, "code": r.code, "name": r.name, "title": r.title, "count": r.count, "failed": r.failed}
            for r in tally.counts()
        ]
        head = {"version": REPORT_VERSION, "summary": tally.summary(), "counts": counts}
        self.out.write(json.dumps(head, indent=2)[:-2] + ',\n  "failures": [')
        for number, line in enumerate(self.failures.lines()):
            self.out.write(("," if number else "") + "\n    " + line.rstrip("\n"))
        self.out.write("\n  ]\n}\n")


def _xml(text: str) -> str:
    return xml_escape(_NOT_XML.sub("\ufffd", text))


def _attr(text: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", text))


class JUnitReport:
    """One testcase per response; a failure carries the code, the title and the remediation."""

    def __init__(self, out: TextIO, reveal_numbers: bool = False) -> None:
        self.out = out
        self.reveal = reveal_numbers
        self.cases = _Spool()

    def add(self, item: Item, failed: bool) -> None:
        name = f"{item.where} [{item.id}]" if item.id else item.where
        case = f"    <testcase classname={_attr(item.origin)} name={_attr(name)}"
        if item.line is not None:
            case += f' line="{item.line}"'
        if not failed:
            self.cases.write(case + "/>\n")
            return
        record = failure_record(item, self.reveal)
        kind = record["name"] or record["code"] or record["outcome"]
        details = [f"{n}. {step}" for n, step in enumerate(record["remediation"], 1)]
        if record["reason"]:
            details.append(f"reason: {record['reason']}")
        if record["docs_url"]:
            details.append(f"docs: {record['docs_url']}")
        self.cases.write(
            f"{case}>\n      <failure message={_attr(record['message'])} type={_attr(kind)}>"
            f"{_xml(chr(10).join(details))}</failure>\n    </testcase>\n"
        )

    def finish(self, tally: Tally) -> None:
        counts = f'tests="{tally.total}" failures="{tally.failed}" errors="0" skipped="0"'
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(f'<testsuites name="sms-diagnose" {counts}>\n')
        self.out.write(f'  <testsuite name="sms-diagnose check" {counts}>\n')
        for line in self.cases.lines():
            self.out.write(line)
        self.out.write("  </testsuite>\n</testsuites>\n")


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReport:
    """Workflow commands that GitHub Actions shows as annotations on the files."""

    def __init__(self, out: TextIO, reveal_numbers: bool = False) -> None:
        self.out = out
        self.reveal = reveal_numbers

    def add(self, item: Item, failed: bool) -> None:
        if not failed:
            return
        record = failure_record(item, self.reveal)
        props = []
        if item.origin != "<stdin>":
            props.append(f"file={_github_property(item.origin)}")
            if item.line is not None:
                props.append(f"line={item.line}")
        title = record["title"] or record["outcome"]
        props.append(f"title={_github_property(title)}")
        message = record["message"] + (f" ({record['docs_url']})" if record["docs_url"] else "")
        self.out.write(f"::error {','.join(props)}::{_github_data(message)}\n")

    def finish(self, tally: Tally) -> None:
        self.out.write(
            f"checked {tally.total:,} responses from {len(tally.sources):,} files: "
            f"{tally.passed:,} passed, {tally.failed:,} failed\n"
        )


REPORTS = {"human": HumanReport, "json": JsonReport, "junit": JUnitReport, "github": GithubReport}
