"""The hostile corpus (tests/hostile_corpus.py: each attack that once broke a reader, and its
neighbours) through every reader and every command: nothing raises, no planted secret is shown,
no line of a CI log is forged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from diagnose.delivery.reports import diagnose_report_unguarded
from diagnose.responses.pipeline import diagnose_unguarded

from .bounds import bounded
from .cli_runner import run_cli
from .hostile_corpus import CORPUS
from .shown import assert_nothing_leaks, assert_printable_lines, every_rendering


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_hostile_body_is_read_without_raising_leaking_or_forging(name: str) -> None:
    body = CORPUS[name]
    for text in (body, body.decode("utf-8", "surrogateescape")):
        result = bounded(lambda: diagnose_unguarded(text), f"diagnose({name})")  # noqa: B023 - called at once
        reports = bounded(lambda: diagnose_report_unguarded(text), f"diagnose_report({name})")  # noqa: B023
        for diagnosis in [result, *reports]:
            shown = every_rendering(diagnosis)
            shown.encode("utf-8")  # strictly: every rendering can be written as UTF-8
            assert_nothing_leaks(shown)
            assert_printable_lines(str(diagnosis) + repr(diagnosis))


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, body in CORPUS.items():
        (folder / f"{name}.txt").write_bytes(body)
    lines = [json.dumps({"id": name, "body": body.decode("utf-8", "replace")}) for name, body in CORPUS.items()]
    (folder / "traffic.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "raw.jsonl").write_bytes(b"\n".join(body.replace(b"\n", b" ") for body in CORPUS.values()))
    return folder


COMMANDS = {
    "parse": (["parse"], 0),
    "parse-json": (["parse", "--json"], 0),
    "report": (["report"], 0),
    "report-json": (["report", "--json"], 0),
    **{f"check-{f}": (["check", "--format", f], 1) for f in ("human", "json", "junit", "github")},
    **{f"check-reports-{f}": (["check", "--reports", "--format", f], 1) for f in ("human", "json", "junit", "github")},
}


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_reads_the_whole_corpus_without_traceback_leak_or_forgery(
    command: str, corpus_folder: Path
) -> None:
    args, status = COMMANDS[command]
    run = run_cli(*args, str(corpus_folder))
    assert run.status == status, run.stderr
    assert "Traceback" not in run.stderr
    assert_nothing_leaks(run.stdout + run.stderr)
    if "json" in command:
        json.loads(run.stdout)
    elif "junit" in command:
        etree.fromstring(run.stdout.encode("utf-8"))
    else:
        assert_printable_lines(run.stdout)
