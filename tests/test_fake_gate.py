"""The gate's stage ``fake``: every answer the fake can serve diagnoses back to what it stands
for; a fake that drifts from the catalog (a body chosen wrong, a success text the catalog lost)
fails the gate with a message naming the answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from diagnose import load_catalog
from diagnose.catalog import answers
from diagnose.catalog.answers import Answer, every_answer
from diagnose.catalog.model import Catalog, Entry
from diagnose.gate import STAGES, validate
from diagnose.vocabulary import Format


def test_every_answer_of_the_fake_is_proven_by_the_last_stage() -> None:
    verdict = validate()
    assert verdict.problems == () and verdict.stage == STAGES[-1] == "fake"
    proven = list(every_answer(load_catalog()))
    assert {a.endpoint for a in proven} >= {"sendhttp", "v2", "flow", "otp", "otp-verify", "otp-retry", "balance"}
    assert {(a.entry.name, a.http_status) for a in proven if a.entry and a.endpoint == "flow"} >= {
        ("INVALID_CREDENTIALS", 200),
        ("INVALID_CREDENTIALS", 401),
        ("IP_NOT_WHITELISTED", 401),
    }


def test_a_body_chosen_for_the_wrong_entry_fails_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = answers.error_answer

    def drifted(entry: Entry, endpoint: str, format: Format, *, fail_envelope: bool = False) -> Answer | None:
        """The fake's choice gone wrong: 418's answers carry 207's body."""
        answer = chosen(entry, endpoint, format, fail_envelope=fail_envelope)
        wrong = load_catalog().by_name("INVALID_AUTHKEY")
        if answer is None or entry.name != "IP_NOT_WHITELISTED" or wrong is None:
            return answer
        other = chosen(wrong, endpoint, format)
        return answer if other is None else Answer(entry=entry, endpoint=endpoint, format=format, body=other.body)

    monkeypatch.setattr(answers, "error_answer", drifted)
    verdict = validate()
    assert verdict.stage == "fake"
    expected = (
        "the fake's answer of 418 IP_NOT_WHITELISTED on sendhttp in string (HTTP 200): 'code: 207' diagnoses as "
        "INVALID_AUTHKEY, not as IP_NOT_WHITELISTED"
    )
    assert any(problem.startswith(expected) for problem in verdict.problems), verdict.problems
    assert all("IP_NOT_WHITELISTED" in problem for problem in verdict.problems)


def test_a_success_text_the_catalog_lost_fails_the_gate(data_copy: Path) -> None:
    path = data_copy / "catalog.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["success"] = [s for s in document["success"] if s["text"] != "retry send successfully"]
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    verdict = validate(data_copy)
    assert verdict.stage == "fake"
    assert verdict.problems == (
        "the fake's answers cannot be built from the catalog: 'retry send successfully' is not one of the "
        "catalog's success texts",
    )


def test_a_success_body_that_reads_as_an_error_fails_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    planted = Answer(entry=None, endpoint="sendhttp", format=Format.STRING, body="code: 418")

    def with_planted(catalog: Catalog) -> Iterator[Answer]:
        yield from every_answer(catalog)
        yield planted

    monkeypatch.setattr("diagnose.gate.every_answer", with_planted)
    verdict = validate()
    assert verdict.stage == "fake"
    assert verdict.problems == (
        "the fake's answer of success on sendhttp in string (HTTP 200): 'code: 418' diagnoses as "
        "IP_NOT_WHITELISTED, not as success",
    )
