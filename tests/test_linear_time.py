"""No reading of untrusted text can backtrack: every pattern, every scanner, every public reader.

Each hostile input is read whole and in eight pieces, in the same run, and the whole must cost
about what the pieces cost (tests/bounds.py): a linear reader does, a quadratic one costs eight
times more, however fast or busy the machine. A backtracking one is stopped, failed, by a guard of
minutes of CPU time. The benchmark (benchmarks/run.py) shows the growth from 10 kB to 1 MB.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

import diagnose
from diagnose import Outcome, diagnose_report, load_catalog
from diagnose import diagnose as diagnose_body
from diagnose.catalog import text as catalog_text
from diagnose.redaction import authkey_spans, printable
from diagnose.responses.scanning import code_text, is_html, without_xml_declaration

from .bounds import bounded, grows_linearly
from .cli_runner import run_cli
from .hostile_corpus import CORPUS, PHONE

PACKAGE = Path(diagnose.__file__).parent
LARGE = 16_000
HOSTILE_TOKENS = [
    *("code", " ", "1", "<!--", "-->", "authkey=", "\\", "<", "\n", ":", "-", "x"),  # also paired
    *("<!---->", "error code ", "authkey", 'auth_key\\":', "<authkey ", "<a>", "</a>", "<?xml", "%2B", "%3A"),
    *("&quot;", "\\n", "\t", ">", "=", '"'),
    *("&lt;!--", "--&gt;", "%3C%21--", "--%3E", "{a=>", "<b>", "</authkey>", " is ", "\\t", "\uff41\uff55\uff54\uff48"),
    "367431AbCdEfGhIjKlMnOpQr",
    *("9_", "9,", "%20", "\\u200b", "\u200b", "%E2%80%8B", "1,234", "06 12 "),
]
PAIRED = 12


def _patterns() -> Iterator[tuple[str, re.Pattern[str] | re.Pattern[bytes]]]:
    for module_info in pkgutil.walk_packages([str(PACKAGE)], "diagnose."):
        if module_info.name == "diagnose.__main__":
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                yield f"{module_info.name}.{name}", value


PATTERNS = dict(_patterns())


def _tokens(pattern: re.Pattern[str] | re.Pattern[bytes]) -> tuple[list[str], list[str]]:
    """The hostile tokens with the literal words and characters of the pattern itself, and
    those of them that are also tried in pairs."""
    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
    words = list(dict.fromkeys(re.findall(r"[A-Za-z]{2,}", source)))[:6]
    characters = {char for char in source if char.isprintable() and char != "\\"}
    return list(dict.fromkeys([*HOSTILE_TOKENS, *words, *sorted(characters)])), [*HOSTILE_TOKENS[:PAIRED], *words]


def _hostile_texts(tokens: list[str], paired: list[str]) -> Iterator[tuple[str, Callable[[int], str]]]:
    """Each hostile text, named, as a function of its size in characters."""
    for token in tokens:
        yield f"{token!r}...", lambda size, token=token: token * (size // len(token)) + "\x00"
    for first in paired:
        for second in paired:
            pair = first + second
            yield f"{pair!r}...", lambda size, pair=pair: pair * (size // len(pair)) + "!"
            yield (
                f"{first!r}{second!r}...",
                lambda size, first=first, second=second: first + second * (size // len(second)) + "!",
            )


def test_every_pattern_of_the_package_is_found() -> None:
    assert len(PATTERNS) >= 10, sorted(PATTERNS)
    assert "diagnose.redaction._DIGITS" in PATTERNS and "diagnose.responses.read._DOCTYPE" in PATTERNS


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_pattern_backtracks_on_hostile_text(name: str) -> None:
    pattern = PATTERNS[name]
    as_bytes = not isinstance(pattern.pattern, str)
    for label, text in _hostile_texts(*_tokens(pattern)):
        for method in (pattern.search, pattern.fullmatch, pattern.findall):

            def make(size: int, text: Callable[[int], str] = text, method: Any = method) -> Callable[[], object]:
                subject = text(size).encode("utf-8") if as_bytes else text(size)
                return partial(method, subject)

            grows_linearly(make, LARGE, f"{name}.{method.__name__} on {label}")


def _pattern_calls_outside_module_level(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = {
        id(statement.value)
        for statement in tree.body
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call)
    }
    return [
        f"{path.name}:{node.lineno}: re.{node.func.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
        and not (node.func.attr == "compile" and id(node) in allowed)
    ]


def test_every_pattern_is_compiled_once_at_module_level_so_this_scan_sees_it() -> None:
    found = [line for path in sorted(PACKAGE.rglob("*.py")) for line in _pattern_calls_outside_module_level(path)]
    assert not found, "patterns must be module-level re.compile() assignments:\n" + "\n".join(found)


SCANNERS: dict[str, Callable[[str], object]] = {
    "code_text": code_text,
    "is_html": is_html,
    "without_xml_declaration": without_xml_declaration,
    "authkey_spans": authkey_spans,
    "printable": printable,
    "diagnose": diagnose_body,
    "diagnose_report": diagnose_report,
}


@pytest.mark.parametrize("name", sorted(SCANNERS))
def test_no_scanner_or_reader_backtracks_on_hostile_text(name: str) -> None:
    scan = SCANNERS[name]
    for label, text in _hostile_texts(HOSTILE_TOKENS, HOSTILE_TOKENS[:PAIRED]):
        grows_linearly(lambda size, text=text: partial(scan, text(size)), LARGE, f"{name} on {label}")


# The hangs reported, each as (before, the repeated unit, after) and how many repeats are read
# whole: a quarter of the 1 MB they were reported at (a quadratic reader already costs eight times
# more on it than on its eight pieces).
REPORTED = [
    (b"", b"<!---->", b"x", 27),  # exponential at 27
    (b"", b"<!---->", b"x", 150_000 // 4),
    (b"code", b" ", b"x", 30_000),
    (b"code", b" ", b"x", 1_000_000 // 4),
    (b"", b"authkey", b"", 150_000 // 4),
    (b"authkey=", b"\\", b"", 1_000_000 // 4),
    (b"<authkey ", b"a", b"", 1_000_000 // 4),
    (b"", b"1", b"", 1_000_000 // 4),
    (b"", b"%2B", b"", 300_000 // 4),
    (b"", b" ", b"<?xml", 1_000_000 // 4),
    (b"", b"authkey-", b"", 125_000 // 4),  # a key name glued to the last one's value: each value was read to the end
    (b"", b"authkey+", b"", 125_000 // 4),
    (b"", b"auth_key.", b"", 110_000 // 4),
]
READERS: dict[str, Callable[[bytes], object]] = {
    "diagnose": diagnose_body,
    "diagnose_report": diagnose_report,
    "printable": lambda body: printable(body.decode("latin-1")),
    "to_dict": lambda body: diagnose_body(body).to_dict(),
}


@pytest.mark.parametrize(
    ("before", "unit", "after", "repeats"),
    REPORTED,
    ids=[
        f"{(before + unit * 2)[:12]!r}x{len(before + unit * repeats + after)}"
        for before, unit, after, repeats in REPORTED
    ],
)
@pytest.mark.parametrize("reader", sorted(READERS))
def test_the_reported_hangs_are_linear(reader: str, before: bytes, unit: bytes, after: bytes, repeats: int) -> None:
    read = READERS[reader]
    grows_linearly(lambda n: partial(read, before + unit * n + after), repeats, f"{reader} of {unit!r} x {repeats:,}")


def test_html_comments_are_read_in_linear_time() -> None:
    result = bounded(lambda: diagnose_body(b"<!---->" * 27 + b"x"), "diagnose")
    assert result.outcome is Outcome.UNRECOGNISED and "malformed XML" in (result.reason or "")
    assert diagnose_body(b"<!-- a --><!-- b -->\n<!DOCTYPE html><html></html>").entry is not None


def test_a_code_label_followed_by_spaces_is_read_in_linear_time() -> None:
    result = bounded(lambda: diagnose_body(b"code" + b" " * 1_000_000 + b"x"), "diagnose")
    assert result.outcome is Outcome.UNRECOGNISED and result.reason == (
        "text that is not a request ID, a code or a message in the catalog"
    )
    result = bounded(lambda: diagnose_body(b"code" + b" " * 1_000_000 + b"x", max_bytes=2_000_000), "diagnose")
    assert result.outcome is Outcome.UNRECOGNISED


def test_a_report_diagnosis_keeps_its_own_record_and_output_is_linear(tmp_path: Path) -> None:
    body = CORPUS["many-records"]
    reports = bounded(lambda: diagnose_report(body), "diagnose_report")
    assert len(reports) == 3000
    assert json.loads(reports[5].raw) == {
        "requestId": "3763646c3058343736393231",
        "number": "919876500005",
        "status": "1",
    }
    sizes = []
    for count in (300, 3000):
        path = tmp_path / f"many-{count}.json"
        path.write_text(json.dumps(json.loads(body)[:count]), encoding="utf-8")
        run = run_cli("report", "--json", str(path))
        assert run.status == 0
        sizes.append(len(run.stdout))
    assert sizes[1] < 11 * sizes[0], f"output grows linearly with the records: {sizes}"
    big = json.dumps([json.loads(body)[0]] * 25_000).encode()
    assert len(bounded(lambda: diagnose_report(big, max_bytes=len(big)), "25k records")) == 25_000


def test_records_inheriting_a_long_event_or_request_id_cost_and_print_linearly(tmp_path: Path) -> None:
    for name in ("inherited-event", "inherited-request-id"):
        reports = bounded(lambda n=name: diagnose_report(CORPUS[n]), name)  # type: ignore[misc]
        assert len(reports) in (2000, 3000)
        assert sum(len(json.dumps(r.to_dict())) for r in reports) < 3000 * 6000, "each record's output is bounded"
    # the inherited value and the records grow together: each record copying the whole value costs
    # their product, each copying at most 256 characters of it costs their sum
    inherited = [
        lambda n: json.dumps({"event": "x" * 200 * n, "data": [{"number": "1"}] * n}),
        lambda n: json.dumps({"requestId": "r" * 50 * n, "report": [{"number": PHONE, "status": "1"}] * n}),
    ]
    for body in inherited:
        grows_linearly(lambda n, body=body: partial(diagnose_report, body(n)), 2000, "records inheriting a value")
    (report,) = diagnose_report({"event": "x" * 400, "data": [{"number": PHONE}]})
    assert report.message == "x" * 256 + "\u2026", "an inherited value is cut, its record is not"


class _CountingUnicodedata:
    """unicodedata, counting the characters given to normalize()."""

    def __init__(self) -> None:
        self.normalised = 0

    def normalize(self, form: str, text: str) -> str:
        self.normalised += len(text)
        return unicodedata.normalize(form, text)

    def __getattr__(self, name: str) -> object:
        return getattr(unicodedata, name)


def test_a_message_that_grows_under_unicode_normalisation_is_not_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    """U+FDFA is 18 characters once normalised: normalising a million of them took seconds. The
    work is counted, not timed: what is normalised does not grow with the message."""
    load_catalog()
    counting = _CountingUnicodedata()
    monkeypatch.setattr(catalog_text, "unicodedata", counting)
    normalised = {}
    for size in (10_000, 1_000_000):
        counting.normalised = 0
        result = bounded(lambda size=size: diagnose_body("\ufdfa" * size), "diagnose")  # type: ignore[misc]
        assert result.outcome is Outcome.UNRECOGNISED
        normalised[size] = counting.normalised
    assert normalised[1_000_000] <= normalised[10_000] < 10_000, normalised


def test_masking_key_names_among_comment_separators_is_linear() -> None:
    def masking(repeats: int) -> Callable[[], object]:
        return diagnose_body("authkey" + "<!--authkey-->" * repeats).to_dict

    grows_linearly(masking, 70_000, "to_dict of key names among comment separators")
