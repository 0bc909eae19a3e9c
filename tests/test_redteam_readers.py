"""Red team of the faster readers behind trace and check (held_answer, key_of, redact's request ID
shortcut): the promises they were attacked on, as a user of ``sms-diagnose trace`` sees them.

No attack found a difference from the baseline; these tests keep the attacked edges held."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnose import diagnose, diagnose_report

from .cli_runner import run_cli

NOW = "2026-01-01T00:00:00Z"
AUTHKEY = "366412AbCdEf7890XyZqRsXY"
PHONE = "919876543210"
ID = "3763646c3058373530393832"


def _answer(message: str, **fields: object) -> str:
    return json.dumps({"id": "m", **fields, "body": json.dumps({"type": "success", "message": message})})


def _report(request_id: str, status: str = "2") -> str:
    return json.dumps({"requestId": request_id, "number": PHONE, "status": status, "desc": "FAILED"})


def _trace(tmp_path: Path, answers: list[str], reports: list[str], *args: str) -> str:
    answers_file, reports_file = tmp_path / "answers.jsonl", tmp_path / "reports.jsonl"
    answers_file.write_text("\n".join(answers) + "\n", encoding="utf-8")
    reports_file.write_text("\n".join(reports) + "\n", encoding="utf-8")
    run = run_cli("trace", str(answers_file), str(reports_file), "--now", NOW, "--jobs", "1", *args)
    return run.stdout + run.stderr


@pytest.mark.parametrize("reported", [ID.upper(), ID, ID[:12].upper() + ID[12:], " " + ID, ID + " \t", ID + "\u00a0"])
def test_a_request_id_in_another_case_joins_its_answer(tmp_path: Path, reported: str) -> None:
    """A report's request id is read without the spaces around it (the baseline's reading too)."""
    told = _trace(tmp_path, [_answer(ID.upper() if reported == ID else ID)], [_report(reported)])
    assert "traced 1 message" in told
    assert "accepted, then failed" in told


@pytest.mark.parametrize(
    "reported",
    [ID[:12] + " " + ID[12:], ID[:12] + "\t" + ID[12:], ID[:-1], ID + "0", "0x" + ID, ID.replace("c", "\uff43")],
)
def test_a_request_id_otherwise_different_never_joins(tmp_path: Path, reported: str) -> None:
    told = _trace(tmp_path, [_answer(ID)], [_report(reported)])
    assert "traced 2 messages" in told, told
    assert "no delivery report yet" in told


@pytest.mark.parametrize(
    "answer",
    [
        _answer(ID, id=f"authkey={AUTHKEY}"),
        _answer(ID, time=f"authkey={AUTHKEY} {PHONE}"),
        _answer(AUTHKEY),
        _answer(PHONE),
        _answer("+91 98765 43210"),
    ],
)
@pytest.mark.parametrize("shape", [(), ("--format", "json")])
def test_no_authkey_or_number_in_clear_from_an_accepted_answer(
    tmp_path: Path, answer: str, shape: tuple[str, ...]
) -> None:
    told = _trace(tmp_path, [answer], [_report("ab" * 12)], *shape)
    assert AUTHKEY not in told
    assert PHONE not in told
    assert "98765 43210" not in told


def test_check_still_warns_of_an_authkey_in_an_accepted_answers_line(tmp_path: Path) -> None:
    log = tmp_path / "answers.jsonl"
    log.write_text(_answer(ID, id=f"authkey={AUTHKEY}") + "\n", encoding="utf-8")
    run = run_cli("check", str(log))
    assert "authkey in clear text" in run.stderr + run.stdout
    assert AUTHKEY not in run.stderr + run.stdout


@pytest.mark.parametrize(
    "body",
    [
        b'{"type":"success","message":"3763646c3058373530393832","type":"success"}',
        b'\xef\xbb\xbf{"message":"3763646C3058373530393832","type":"success"}\r\n',
        b'{"type":"success","message":"\xed\xa0\x80"}',
        b"[" * 100_000,
        b'{"a":' * 5000 + b"1" + b"}" * 5000,
        b'{"type":"success","message":"a\x00b"}',
    ],
)
def test_hostile_bodies_never_raise(body: bytes) -> None:
    for given in (body, body.decode("utf-8", "surrogateescape")):
        assert diagnose(given) is not None
        assert isinstance(diagnose_report(given), list)
