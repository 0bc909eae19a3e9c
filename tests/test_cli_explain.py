"""`sms-diagnose explain`: every part of an entry, found by code or name, as text or JSON; a
suggestion for an unknown code; the quick reading of its command line is argparse's."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnose import entries, load_catalog, lookup
from diagnose.catalog.explanation import entry_text
from diagnose.cli.main import quick_explain
from diagnose.cli.parser import build_parser

from .cli_runner import run_cli


def test_explain_prints_every_part_of_the_entry() -> None:
    run = run_cli("explain", "207")
    assert run.status == 0 and run.stderr == ""
    entry = lookup("207")
    assert entry is not None
    assert run.stdout.startswith("207 INVALID_AUTHKEY \u2014 Invalid authentication key\n")
    for heading in ("Cause", "What to do", "Examples", "Texts that identify it", "Related", "Sources", "Docs: "):
        assert heading in run.stdout
    assert "  1. Create a new authkey" in run.stdout
    assert entry.docs_url in run.stdout
    assert "guides/authkey/" in run.stdout


@pytest.mark.parametrize("key", ["INVALID_AUTHKEY", "invalid_authkey", "invalid-authkey"])
def test_explain_accepts_names(key: str) -> None:
    assert run_cli("explain", key).stdout.startswith("207 INVALID_AUTHKEY")


def test_explain_json_is_the_entry() -> None:
    run = run_cli("explain", "AUTHENTICATION_FAILURE", "--json")
    assert run.status == 0
    data = json.loads(run.stdout)
    assert data["name"] == "AUTHENTICATION_FAILURE" and "code" not in data
    assert data["docs_path"] == "codes/authentication-failure/"


def test_explain_shows_variants_of_a_code() -> None:
    run = run_cli("explain", "601")
    assert "Other meanings of this code" in run.stdout and "Sender ID must be numeric" in run.stdout


def test_explain_unknown_code_suggests_and_exits_1() -> None:
    run = run_cli("explain", "2077")
    assert run.status == 1 and run.stdout == ""
    assert run.stderr.strip() == "sms-diagnose: '2077' is not a code or name in the catalog; did you mean 207?"


def test_every_entry_is_explained() -> None:
    """Like rustc's tidy check: no entry lacks an explanation reachable by its code or name."""
    for entry in entries():
        run = run_cli("explain", entry.key)
        assert run.status == 0 and run.stdout.startswith(entry.label), entry.name


@given(
    st.lists(
        st.sampled_from(
            [
                "explain",
                "207",
                "INVALID_AUTHKEY",
                "--json",
                "--format",
                "json",
                "human",
                "--format=json",
                "--format=x",
                "-",
                "--",
                "--js",
                "-h",
                "x y",
                "",
                "delivery/17",
                "--jsonl",
            ]
        ),
        min_size=1,
        max_size=5,
    )
)
def test_the_quick_reading_of_explain_is_argparse_s(words: list[str]) -> None:
    """main.quick_explain reads the commonest explain command lines without argparse; whenever it
    reads one, argparse reads it alike (and it leaves every other line to argparse)."""
    quick = quick_explain(words)
    if quick is None:
        return
    parsed = build_parser("explain").parse_args(words)
    assert (quick.command, quick.code, quick.format, quick.handler) == (
        parsed.command,
        parsed.code,
        parsed.format,
        parsed.handler,
    ), words


def test_the_quick_reading_covers_the_commonest_lines() -> None:
    for words in (["explain", "207"], ["explain", "207", "--json"], ["explain", "--format", "json", "418"]):
        assert quick_explain(words) is not None, words


@pytest.mark.parametrize("width", [60, 80, 100])
def test_explain_never_breaks_a_url(width: int) -> None:
    catalog = load_catalog()
    for entry in catalog:
        text = entry_text(entry, catalog, width)
        urls = [word.strip("().,") for line in text.splitlines() for word in line.split() if "://" in word]
        ours = [url for url in urls if url.startswith(catalog.docs_url)]
        assert entry.docs_url in ours and all(url.endswith("/") for url in ours), (entry.key, urls)
        examples = [rule.example for rule in entry.preflight if "://" in rule.example]
        assert all(url in ours or url in examples for url in urls), (entry.key, urls)
        assert not any(line.rstrip().endswith(("https://sms-", "github.")) for line in text.splitlines())


def test_explain_suggests_the_same_number_in_another_phase_and_refuses_nothing() -> None:
    run = run_cli("explain", "017")
    assert run.status == 1 and "did you mean delivery/17?" in run.stderr
    empty = run_cli("explain", "")
    assert empty.status == 2 and empty.stderr.count("\n") == 1


ARTICLES = frozenset({"The", "A", "An", "It", "This"})


def test_explain_reads_as_prose_without_doubled_words_or_stops() -> None:
    catalog = load_catalog()
    for entry in catalog:
        prose = [
            line
            for line in entry_text(entry, catalog, 10_000).splitlines()
            if not line.lstrip().startswith(("breaks it:", "template:", "string ", "json ", "xml ", "form ", "html "))
        ]
        text = " ".join(prose)
        assert not re.search(r"\b(\w+) \1\b", text, re.IGNORECASE), (entry.name, re.findall(r"\b(\w+) \1\b", text))
        assert not re.search(r"[^.]\.\.(?!\.)", text), entry.name
        for line in prose:
            if " \u00b7 " in line:  # the line of facts, label: value
                continue
            starts = [sentence.split()[0] for sentence in re.split(r"(?<=[.;:])\s+(?=[A-Z])", line) if sentence.split()]
            repeated = [a for a, b in itertools.pairwise(starts) if a == b and a not in ARTICLES]
            assert not repeated, (entry.name, line)
