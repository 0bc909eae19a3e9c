"""The reports of a check run: human text, JSON, JUnit XML and GitHub annotations.

A report renders each item as it comes (``item()``), and those texts are spooled to disk, in
order, by whichever process read the item; ``write()`` then puts the totals and the spooled
texts together. Nothing grows in memory with the size of the input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

from ..catalog.model import REPORT_PHASES, Entry
from ..diagnosis_text import first_step
from ..diagnosis_text import summary as diagnosis_summary
from ..logs.reader import Answer, Item, answer_item, where
from ..redaction import printable, printable_optional, redact, redact_optional, shown_number
from ..vocabulary import Outcome, ReportFormat
from ..wording import counted

if TYPE_CHECKING:
    from ..diagnosis import Diagnosis
    from ..outgoing.finding import Finding

HUMAN_FAILURE_LIMIT = 100
RESPONSE, REQUEST, REPORT = "response", "request", "delivery report"
"""What a report's inputs are: the answers check reads, the requests preflight reads, or the
delivery reports ``check --reports`` reads."""
_SUMMARY_KEY = {RESPONSE: "responses", REQUEST: "requests", REPORT: "responses"}
"""The JSON report's count of its inputs (check-report.schema.json: a delivery report is counted
as the answers are)."""


def subject_of(preflight: bool, reports: bool) -> str:
    """What a run's inputs are called, in its words and its counts."""
    return REQUEST if preflight else REPORT if reports else RESPONSE


REPORT_VERSION = 1
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class CountRow:
    """One line of the report's counts: a code (or kind of failure), how often, how often failing."""

    __slots__ = ("code", "count", "failed", "key", "name", "title")

    def __init__(self, key: str, code: str | None, name: str | None, title: str) -> None:
        self.key, self.code, self.name, self.title = key, code, name, title
        self.count = 0
        self.failed = 0


class Tally:
    """The running totals of a check run."""

    def __init__(self, subject: str = RESPONSE) -> None:
        self.subject = subject
        self.total = 0
        self.failed = 0
        self.invalid = 0
        self.failed_invalid = 0
        """Inputs that could not be read and failed the run: JUnit's errors, not its failures."""
        self.files: set[str] = set()
        self.rows: dict[str, CountRow] = {}
        self.authkeys = 0
        """How many inputs (files or lines) hold an authkey in clear text."""
        self.first_authkey: str | None = None
        self.last_authkey: str | None = None
        self.predicted = 0
        """Answers whose error a pre-flight rule predicted from the request logged beside them."""
        self.refuted = 0
        """Predicted errors of requests the provider accepted: rules to revisit."""
        self.first_refuted: str | None = None
        self.extra_cases = 0
        """Findings of a request after its first: test cases, not inputs."""
        self.extra_failed_cases = 0
        self.findings = 0
        self.findings_left_out = 0
        """preflight: findings requests were not given, beyond FINDINGS_PER_RULE of one rule."""
        self.open_failed = False
        """Whether the input the last item belongs to has failed (its further findings count once)."""

    def add(self, item: Item, failed: bool) -> None:
        if item.finding is not None or item.predicted:  # another finding of a request is a finding too
            self._add_prediction(item, failed)
        else:
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
        key = _count_key(item, self.subject)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = CountRow(*describe(item, self.subject))
        row.count += 1
        if failed:
            row.failed += 1

    def add_answer(self, origin: str, diagnosis: Diagnosis, failed: bool) -> None:
        """``add()`` of an answer read at ``origin`` with no finding, prediction or authkey,
        without its Item: its counts, and its row's."""
        self.total += 1
        if origin not in self.files:
            self.files.add(origin)
        key = _diagnosis_key(diagnosis, self.subject)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = CountRow(*_described(key, diagnosis, self.subject))
        row.count += 1
        if failed:
            self.failed += 1
            row.failed += 1

    def _add_prediction(self, item: Item, failed: bool) -> None:
        """A finding of a request (its first, or another: a request counts once, failed if any
        of its findings failed), or an answer whose request the rules predicted something of."""
        self.findings += item.finding is not None
        self.findings_left_out += item.left_out
        if item.again:
            self.extra_cases += 1
            if failed and self.open_failed:
                self.extra_failed_cases += 1
            elif failed:
                self.failed += 1
                self.open_failed = True
        else:
            self.total += 1
            self.open_failed = failed
            if failed:
                self.failed += 1
        if item.predicted:
            confirmed, refuted = _split_predictions(item.predicted, item.diagnosis)
            self.predicted += confirmed is not None
            if refuted:
                self.refuted += len(refuted)
                self.first_refuted = self.first_refuted or where(item)

    @property
    def cases(self) -> int:
        """Items: the inputs, and for requests each further finding (JUnit's test cases)."""
        return self.total + self.extra_cases

    @property
    def failed_cases(self) -> int:
        return self.failed + self.extra_failed_cases

    def merge(self, other: Tally) -> None:
        """Add the totals of the input that comes after this one."""
        self.total += other.total
        self.failed += other.failed
        self.extra_cases += other.extra_cases
        self.extra_failed_cases += other.extra_failed_cases
        self.findings += other.findings
        self.findings_left_out += other.findings_left_out
        self.invalid += other.invalid
        self.failed_invalid += other.failed_invalid
        self.files |= other.files
        self.authkeys += other.authkeys
        self.first_authkey = self.first_authkey or other.first_authkey
        self.predicted += other.predicted
        self.refuted += other.refuted
        self.first_refuted = self.first_refuted or other.first_refuted
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

    def __repr__(self) -> str:
        """The totals, never the file names (which may hold a key or a number)."""
        return f"Tally({', '.join(f'{name}={value!r}' for name, value in self.summary().items())})"

    def authkey_warning(self) -> str | None:
        if not self.authkeys:
            return None
        return (
            f"warning: {counted(self.authkeys, 'input holds', 'inputs hold')} an authkey in clear text "
            f"(first: {self.first_authkey}); "
            "authkeys are credentials: mask them where these logs are written (reports show them masked)"
        )

    def summary(self) -> dict[str, Any]:
        summary: dict[str, Any] = {
            _SUMMARY_KEY[self.subject]: self.total,
            "passed": self.passed,
            "failed": self.failed,
            "invalid_lines": self.invalid,
            "files": len(self.files),
            "authkeys_in_clear": self.authkeys,
        }
        if self.subject == REQUEST:
            summary["findings"] = self.findings
            summary["findings_left_out"] = self.findings_left_out
        if self.predicted or self.refuted:
            summary.update(predicted=self.predicted, refuted=self.refuted, first_refuted=self.first_refuted)
        return summary

    def predictions_line(self) -> str | None:
        """What the pre-flight rules predicted of the requests logged beside their answers."""
        if not (self.predicted or self.refuted):
            return None
        text = f"pre-flight rules: {counted(self.predicted, 'error')} predicted before sending"
        if self.refuted:
            text += (
                f"; {counted(self.refuted, 'predicted error')} the provider did not give, as it accepted the "
                f"request (first: {self.first_refuted}): rules to revisit"
            )
        return text

    def counts(self) -> list[CountRow]:
        return sorted(self.rows.values(), key=lambda row: (-row.count, row.key))


def _split_predictions(
    predicted: tuple[Finding, ...], diagnosis: Diagnosis | None
) -> tuple[Finding | None, list[Finding]]:
    """The prediction the answer confirms (a finding of its own entry), and those it refutes:
    errors predicted of a request the provider accepted, each a rule to revisit. An answer with
    another error neither confirms nor refutes (the provider stops at its first error), and a
    delivery failure can be refuted only by the message's report, not by the answer."""
    if diagnosis is None:
        return None, []
    entry = diagnosis.entry
    confirmed = next((f for f in predicted if entry is not None and f.entry is entry), None)
    if diagnosis.outcome is not Outcome.SUCCESS:
        return confirmed, []
    return confirmed, [f for f in predicted if f.entry.phase not in REPORT_PHASES]


def _count_key(item: Item, subject: str = RESPONSE) -> str:
    """What an item is counted under: its diagnosis's key, or "invalid line"."""
    diagnosis = item.diagnosis
    if diagnosis is None:
        return "invalid line"
    return _diagnosis_key(diagnosis, subject)


def _diagnosis_key(diagnosis: Diagnosis, subject: str) -> str:
    if subject == REQUEST and diagnosis.outcome is Outcome.SUCCESS:
        return "no finding"
    return diagnosis.counted_as


def describe(item: Item, subject: str = RESPONSE) -> tuple[str, str | None, str | None, str]:
    """What an item is counted under (``_count_key``), with its code, entry name and title."""
    key, diagnosis = _count_key(item, subject), item.diagnosis
    if diagnosis is None:
        return key, None, None, f"a line that is not a {subject} record"
    return _described(key, diagnosis, subject)


def _described(key: str, diagnosis: Diagnosis, subject: str) -> tuple[str, str | None, str | None, str]:
    entry = diagnosis.entry
    if entry is not None:
        return key, entry.code, entry.name, entry.title
    if diagnosis.outcome is Outcome.SUCCESS:
        return key, None, None, "breaks no pre-flight rule" if subject == REQUEST else "accepted"
    if diagnosis.outcome is Outcome.ERROR:
        if diagnosis.code:
            return key, redact(diagnosis.code), None, "code not in the catalog"
        return key, None, None, "error message not in the catalog"
    return (
        key,
        None,
        None,
        {REQUEST: "not a send request", REPORT: "not a delivery report"}.get(subject, "not a provider response"),
    )


def headline(item: Item, reveal_numbers: bool = False) -> str:
    """One line: what the response is, and the first thing to do about it (printable)."""
    if item.diagnosis is None:
        return f"invalid line: {printable(item.problem or '')}"
    finding = item.finding
    if finding is not None:
        return finding.summary() + first_step(finding.entry)
    return diagnosis_summary(item.diagnosis, reveal_number=reveal_numbers)


def _failure_record(item: Item, reveal_numbers: bool = False) -> dict[str, Any]:
    """Everything a report says about one failing item."""
    return {**_item_fields(item, reveal_numbers), **_entry_fields(item.diagnosis.entry if item.diagnosis else None)}


def _prediction_fields(item: Item) -> dict[str, Any]:
    """A finding's parameter, or the prediction an answer confirms: only where there is one."""
    fields: dict[str, Any] = {}
    if item.finding is not None:
        fields["parameter"] = printable(item.finding.parameter)
    confirmed = _split_predictions(item.predicted, item.diagnosis)[0] if item.predicted else None
    if confirmed is not None:
        fields["predicted"] = printable(confirmed.message)
    return fields


def _left_out_line(left_out: int) -> str:
    """What an item says of the findings of its rule its request was not given."""
    from ..outgoing.rules import FINDINGS_PER_RULE

    return (
        f"and {counted(left_out, 'more finding')} of this rule in this request, left out "
        f"(a request is given at most {FINDINGS_PER_RULE} findings of one rule)"
    )


def _left_out_total(tally: Tally) -> str:
    from ..outgoing.rules import FINDINGS_PER_RULE

    return f"; {tally.findings_left_out:,} more left out, at most {FINDINGS_PER_RULE} of one rule a request"


def _refuted_line(finding: Finding) -> str:
    return (
        f"a pre-flight rule predicted {finding.entry.label} ({printable(finding.message)}), "
        "but the provider accepted the request: a rule to revisit"
    )


def _item_fields(item: Item, reveal_numbers: bool) -> dict[str, Any]:
    diagnosis = item.diagnosis
    number = diagnosis.number if diagnosis else None
    numbers = (number,)
    return {
        "where": where(item, redact),
        "file": redact(item.origin, numbers),
        "line": item.line,
        "id": redact_optional(item.id, numbers),
        "outcome": str(diagnosis.outcome) if diagnosis else "invalid",
        "code": redact_optional(diagnosis.code, numbers) if diagnosis else None,
        "number": shown_number(number, reveal_numbers),
        "message": headline(item, reveal_numbers),
        "reason": redact_optional(diagnosis.reason if diagnosis else item.problem, numbers),
    }


@cache
def _entry_fields(entry: Entry | None) -> dict[str, Any]:
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
    return json.dumps(_entry_fields(entry))


class _ReportBase:
    renders_passes = False
    reader: str

    def __init__(self, reveal_numbers: bool = False, subject: str = RESPONSE) -> None:
        self.reveal = reveal_numbers
        self.subject = subject

    def item(self, item: Item, failed: bool) -> str:
        """What the report says of one item (spooled, then put in the report by ``write``)."""
        raise NotImplementedError

    def answer(self, origin: str, line: int, answer: Answer, failed: bool) -> str:
        """``item()`` of a line that is one answer (``reader.LineAnswer``)."""
        return self.item(answer_item(origin, line, answer), failed)

    @staticmethod
    def refuted(item: Item) -> list[Finding]:
        return _split_predictions(item.predicted, item.diagnosis)[1] if item.predicted else []


def _summary_line(tally: Tally) -> str:
    text = (
        f"checked {counted(tally.total, tally.subject)} from {counted(len(tally.files), 'file')}: "
        f"{tally.passed:,} passed, {tally.failed:,} failed"
    )
    if tally.subject == REQUEST:
        more = _left_out_total(tally) if tally.findings_left_out else ""
        text += f" ({counted(tally.findings, 'finding')}{more})\n"
    else:
        text += "\n"
    predictions = tally.predictions_line()
    return text + predictions + "\n" if predictions else text


_UNSHOWN_FAILURE = "FAIL (past the failures shown)\n"
"""What a part of the input spools for each of its failures after its first HUMAN_FAILURE_LIMIT:
the report shows none past the first HUMAN_FAILURE_LIMIT of the whole input, and counts them."""


class _ShowingFewReport(_ReportBase):
    """A report read in a terminal or a CI log: it shows the first ``limit`` failures and counts
    the rest (``--format json`` lists them all)."""

    def __init__(self, reveal_numbers: bool = False, subject: str = RESPONSE, limit: int = HUMAN_FAILURE_LIMIT) -> None:
        super().__init__(reveal_numbers, subject)
        self.limit = limit
        self.failures = 0
        """Failures this report has rendered: past ``limit``, none is shown (``_UNSHOWN_FAILURE``)."""

    def item(self, item: Item, failed: bool) -> str:
        if not failed:
            return self._passed(item)
        self.failures += 1
        if self.failures > self.limit:
            return _UNSHOWN_FAILURE
        return self._failure(item)

    def answer(self, origin: str, line: int, answer: Answer, failed: bool) -> str:
        if failed and self.failures >= self.limit:  # not shown: no Item made for it
            self.failures += 1
            return _UNSHOWN_FAILURE
        return super().answer(origin, line, answer, failed)

    def more(self, count: int) -> str:
        """``400 more failures``; of preflight, whose every finding is shown as one, ``400 more findings``."""
        unit = "finding" if self.subject == REQUEST else "failure"
        return f"{count:,} more {unit}{'' if count == 1 else 's'}"

    def _passed(self, item: Item) -> str:
        raise NotImplementedError

    def _failure(self, item: Item) -> str:
        raise NotImplementedError


class _HumanReport(_ShowingFewReport):
    """Each failure with its place, its meaning and first fix, and its docs; then counts."""

    reader = "people"
    """Who reads it (the docs' table of ``--format``)."""

    def _passed(self, item: Item) -> str:
        return "".join(f"NOTE {where(item)}: {_refuted_line(f)}\n" for f in self.refuted(item))

    def _failure(self, item: Item) -> str:
        entry = item.diagnosis.entry if item.diagnosis else None
        text = f"FAIL {where(item)}: {headline(item, self.reveal)}\n"
        if item.left_out:
            text += f"     {_left_out_line(item.left_out)}\n"
        predicted = _prediction_fields(item).get("predicted")
        if predicted:
            text += f"     predicted before sending: {predicted}\n"
        return text + f"     {entry.docs_url}\n" if entry is not None else text

    def write(self, out: TextIO, tally: Tally, items: Iterable[str]) -> None:
        shown = notes = 0
        for line in items:
            if line.startswith("NOTE "):
                notes += 1
                if notes <= self.limit:
                    out.write(line)
                continue
            if line.startswith("FAIL "):
                shown += 1
            if shown <= self.limit:
                out.write(line)
        if shown > self.limit:
            out.write(f"... and {self.more(shown - self.limit)} (--format json lists them all)\n")
        if notes > self.limit:
            out.write(f"... and {notes - self.limit} more predictions to revisit (--format github lists them all)\n")
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


class _JsonReport(_ReportBase):
    """Totals, counts by code and every failure, valid against data/check-report.schema.json."""

    reader = "tools"
    """Who reads it (the docs' table of ``--format``)."""

    def item(self, item: Item, failed: bool) -> str:
        if not failed:
            return ""
        entry = item.diagnosis.entry if item.diagnosis else None
        fields = _item_fields(item, self.reveal)
        if item.finding is not None or item.predicted:
            fields.update(_prediction_fields(item))
        if item.left_out:
            fields["findings_left_out"] = item.left_out
        return json.dumps(fields)[:-1] + ", " + _entry_json(entry)[1:] + "\n"

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


def _left_out_lines(item: Item) -> list[str]:
    return [_left_out_line(item.left_out)] if item.left_out else []


# xml.sax.saxutils is imported by the JUnit report alone: it imports urllib.request, and with it
# http, email, ssl and socket (20 ms), which no other report needs.


def _xml(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(_NOT_XML.sub("\ufffd", text))


def _attr(text: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(_NOT_XML.sub("\ufffd", text))


class _JUnitReport(_ReportBase):
    """One testcase per response; a failure carries the code, the title and the remediation."""

    reader = "Jenkins, GitLab and other CI systems"
    """Who reads it (the docs' table of ``--format``)."""

    renders_passes = True

    def item(self, item: Item, failed: bool) -> str:
        place = where(item)
        name = f"{place} [{printable_optional(item.id, item.numbers)}]" if item.id else place
        if item.finding is not None:  # each finding of a request is a test case of its own
            name += f" {printable(item.finding.parameter)}"
        origin = _attr(printable(item.origin, item.numbers))
        case = f"    <testcase classname={origin} name={_attr(name)} file={origin}"
        if item.line is not None:
            case += f' line="{item.line}"'
        if not failed:
            notes = "\n".join([*(_refuted_line(f) for f in self.refuted(item)), *_left_out_lines(item)])
            if not notes:
                return case + "/>\n"
            return f"{case}>\n      <system-out>{_xml(notes)}</system-out>\n    </testcase>\n"
        record = _failure_record(item, self.reveal)
        kind = record["name"] or record["code"] or record["outcome"]
        details = [f"{n}. {step}" for n, step in enumerate(record["remediation"], 1)]
        predicted = _prediction_fields(item).get("predicted")
        if predicted:
            details.append(f"predicted before sending: {predicted}")
        details += _left_out_lines(item)
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
        counts = f'tests="{tally.cases}" failures="{tally.failed_cases - errors}" errors="{errors}" skipped="0"'
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(f'<testsuites name="sms-diagnose" {counts}>\n')
        command = "preflight" if self.subject == REQUEST else "check"
        out.write(f'  <testsuite name="sms-diagnose {command}" {counts}>\n')
        if tally.findings_left_out:
            out.write("    <properties>\n")
            out.write(f'      <property name="findings_left_out" value="{tally.findings_left_out}"/>\n')
            out.write("    </properties>\n")
        out.writelines(items)
        out.write("  </testsuite>\n</testsuites>\n")


def _github_data(text: str) -> str:
    """Text for a workflow command: printable (every control character escaped), then the
    runner's own escapes."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


ANNOTATED_ERRORS = 10
"""Error annotations GitHub Actions shows of one step (actions/toolkit, docs/problem-matchers.md:
10 error, 10 warning and 10 notice annotations a step, 50 a job)."""
_ERROR_COMMAND = "::error "
_NOT_ANNOTATED = "not annotated: "


class _GithubReport(_ShowingFewReport):
    """Workflow commands, shown as annotations on the files and lines of the failures: the first
    ANNOTATED_ERRORS as annotations, the next up to ``limit`` as plain lines of the log, the rest
    counted."""

    reader = "GitHub Actions"
    """Who reads it (the docs' table of ``--format``)."""

    @staticmethod
    def _place(item: Item) -> str:
        if item.origin == "<stdin>":
            return ""
        line = f",line={item.line}" if item.line is not None else ""
        return f"file={_github_property(redact(item.origin, item.numbers))}{line},"

    def _passed(self, item: Item) -> str:
        return "".join(
            f"::warning {self._place(item)}title=Pre-flight rule to revisit::{_github_data(_refuted_line(f))}\n"
            for f in self.refuted(item)
        )

    def _failure(self, item: Item) -> str:
        record = _failure_record(item, self.reveal)
        props = []
        if item.origin != "<stdin>":
            props.append(f"file={_github_property(redact(item.origin, item.numbers))}")
            if item.line is not None:
                props.append(f"line={item.line}")
        props.append(f"title={_github_property(record['title'] or record['outcome'])}")
        message = record["message"] + (f" ({record['docs_url']})" if record["docs_url"] else "")
        predicted = _prediction_fields(item).get("predicted")
        if predicted:
            message += f"; predicted before sending: {predicted}"
        if item.left_out:
            message += f"; {_left_out_line(item.left_out)}"
        return f"::error {','.join(props)}::{_github_data(message)}\n"

    def write(self, out: TextIO, tally: Tally, items: Iterable[str]) -> None:
        """The annotations, each failure after the first ANNOTATED_ERRORS as a plain line of the
        log (GitHub Actions drops the error annotations of a step after its tenth), then a
        notice that counts them."""
        failures = 0
        for line in items:
            if line.startswith(_ERROR_COMMAND) or line == _UNSHOWN_FAILURE:
                failures += 1
                if failures > self.limit:
                    continue
                if failures > ANNOTATED_ERRORS:  # "::" not at a line's start is no command
                    out.write(_NOT_ANNOTATED + line.removeprefix(_ERROR_COMMAND))
                    continue
            out.write(line)
        errors, unshown = min(failures, self.limit), max(0, failures - self.limit)
        if errors > ANNOTATED_ERRORS:
            more = errors - ANNOTATED_ERRORS
            out.write(
                f"::notice title=More failures than annotations::{self.more(more)} "
                f"are in the log as '{_NOT_ANNOTATED.strip()}' lines: GitHub Actions shows "
                f"{ANNOTATED_ERRORS} error annotations a step\n"
            )
        if unshown:
            out.write(
                f"::notice title=More failures than shown::{self.more(unshown)} "
                f"past the first {self.limit} are counted, not shown (--format json lists them all)\n"
            )
        warning = tally.authkey_warning()
        if warning:
            out.write(f"::warning title=Authkeys in clear text::{_github_data(warning.removeprefix('warning: '))}\n")
        out.write(_summary_line(tally))


REPORTS: dict[str, type[_HumanReport | _JsonReport | _JUnitReport | _GithubReport]] = {
    ReportFormat.HUMAN: _HumanReport,
    ReportFormat.JSON: _JsonReport,
    ReportFormat.JUNIT: _JUnitReport,
    ReportFormat.GITHUB: _GithubReport,
}
