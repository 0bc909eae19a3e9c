"""No reading of untrusted text can backtrack: every pattern, every scanner, every public reader.

A hang is a bug, not a timing: each case is bounded at a generous limit (seconds) that a linear
reader meets a thousand times over and a quadratic or exponential one misses by far. How the
time grows from 10 kB to 1 MB is measured by the benchmark (benchmarks/run.py), not here.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

import diagnose
from diagnose import diagnose as diagnose_body
from diagnose import diagnose_report
from diagnose.redaction import authkey_spans, printable
from diagnose.responses.scanning import code_text, is_html, without_xml_declaration

from .bounds import bounded

PACKAGE = Path(diagnose.__file__).parent
LARGE = 32_000
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


def _hostile_texts(tokens: list[str], paired: list[str], size: int) -> Iterator[str]:
    for token in tokens:
        yield token * (size // len(token)) + "\x00"
    for first in paired:
        for second in paired:
            pair = first + second
            yield pair * (size // len(pair)) + "!"
            yield first + second * (size // len(second)) + "!"


def test_every_pattern_of_the_package_is_found() -> None:
    assert len(PATTERNS) >= 10, sorted(PATTERNS)
    assert "diagnose.redaction._DIGITS" in PATTERNS and "diagnose.responses.read._DOCTYPE" in PATTERNS


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_pattern_backtracks_on_hostile_text(name: str) -> None:
    pattern = PATTERNS[name]
    for text in _hostile_texts(*_tokens(pattern), LARGE):
        subject: Any = text if isinstance(pattern.pattern, str) else text.encode("utf-8")
        for method in (pattern.search, pattern.fullmatch, pattern.findall):
            bounded(partial(method, subject), f"{name}.{method.__name__} on {text[:20]!r}...")


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
    for text in _hostile_texts(HOSTILE_TOKENS, HOSTILE_TOKENS[:PAIRED], LARGE):
        bounded(partial(scan, text), f"{name} on {text[:20]!r}...")


@pytest.mark.parametrize(
    "body",
    [
        b"<!---->" * 27 + b"x",
        b"<!---->" * 150_000 + b"x",
        b"code" + b" " * 30_000 + b"x",
        b"code" + b" " * 1_000_000 + b"x",
        b"authkey" * 150_000,
        b"authkey=" + b"\\" * 1_000_000,
        b"<authkey " + b"a" * 1_000_000,
        b"1" * 1_000_000,
        b"%2B" * 300_000,
        b" " * 1_000_000 + b"<?xml",
        b"authkey-" * 125_000,  # a key name glued to the last one's value: each value was read to the end
        b"authkey+" * 125_000,
        b"auth_key." * 110_000,
    ],
    ids=lambda body: f"{body[:12]!r}x{len(body)}",
)
def test_the_reported_hangs_are_linear(body: bytes) -> None:
    bounded(lambda: diagnose_body(body), "diagnose")
    bounded(lambda: diagnose_report(body), "diagnose_report")
    bounded(lambda: printable(body.decode("latin-1")), "printable")
    bounded(lambda: diagnose_body(body).to_dict(), "to_dict")
