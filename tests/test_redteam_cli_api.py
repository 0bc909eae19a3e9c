"""Red-team inputs against explain, check --format github, trace's swapped-inputs hint, saved
HTTP messages and the raising API: each test is a promise one of them broke."""

from __future__ import annotations

from pathlib import Path

from diagnose import diagnose_report, entries, raise_for_error
from diagnose.catalog.explanation import raised_for
from diagnose.exceptions import SmsApiError
from diagnose.logs.http_message import http_message
from tests.cli_runner import run_cli

JOURNEYS = Path(__file__).resolve().parent.parent / "examples" / "journeys"
NOW = "2026-11-25T13:15:00Z"
ERROR_THEN_SUCCESS = (
    b'HTTP/1.1 200 OK\n{"type":"error","message":"Authentication failure"}\n\n'
    b'{"type":"success","message":"3763646c3058373530393938"}'
)


def test_a_body_line_before_the_blank_line_is_no_header_skipped() -> None:
    """A status line, then an error body, then a success: the error is no header to skip, and
    the answer is not the success after it."""
    assert http_message(ERROR_THEN_SUCCESS) is None
    done = run_cli("parse", "-", stdin=ERROR_THEN_SUCCESS)
    assert not done.stdout.startswith("success"), done.stdout


def test_headers_folded_and_many_still_make_a_message() -> None:
    folded = b"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n  ; charset=utf-8\r\nX-A: b\r\n\r\n{}"
    message = http_message(folded)
    assert message is not None and message.status == 401 and message.body == b"{}"


def _mixed(tmp_path: Path) -> tuple[Path, Path]:
    answers, reports = (JOURNEYS / "requests.jsonl").read_text(), (JOURNEYS / "reports.jsonl").read_text()
    stray_report = reports.splitlines()[0].replace("3763646c3058373530393832", "3763646c3058373530393899")
    stray_answer = answers.splitlines()[0].replace("welcome-1", "welcome-9")
    answers_path, reports_path = tmp_path / "answers.jsonl", tmp_path / "reports.jsonl"
    answers_path.write_text(answers + stray_report + "\n")
    reports_path.write_text(reports + stray_answer + "\n")
    return answers_path, reports_path


def test_a_stray_line_in_each_input_is_not_the_wrong_order(tmp_path: Path) -> None:
    answers, reports = _mixed(tmp_path)
    done = run_cli("trace", str(answers), str(reports), "--now", NOW)
    assert "swapped" not in done.stderr, done.stderr


def test_one_mixed_log_given_as_both_inputs_is_not_the_wrong_order(tmp_path: Path) -> None:
    answers, reports = _mixed(tmp_path)
    both = tmp_path / "both.jsonl"
    both.write_text(answers.read_text() + reports.read_text())
    done = run_cli("trace", str(both), str(both), "--now", NOW)
    assert "swapped" not in done.stderr, done.stderr


def test_explain_and_raise_for_error_agree_on_a_message_on_its_way() -> None:
    # A message on its way is no success: raise_for_error() fails closed, and explain says so.
    for entry in entries():
        if entry.phase != "delivery":
            continue
        for example in entry.examples:
            for diagnosis in diagnose_report(example.body):
                if diagnosis.entry is not entry or diagnosis.failure is not None:
                    continue
                try:
                    raise_for_error(diagnosis)
                    raised = None
                except SmsApiError as error:
                    raised = type(error).__name__
                assert raised == raised_for(entry), entry.name


def test_explain_points_a_body_with_a_byte_order_mark_and_a_saved_message_to_parse() -> None:
    for pasted in ('\ufeff{"type":"error","message":"IP not whitelisted"}', "HTTP/1.1 401 Unauthorized\r\n\r\n{}"):
        done = run_cli("explain", pasted)
        assert done.status == 1 and "sms-diagnose parse -" in done.stderr, done.stderr


def test_explain_masks_an_authkey_and_a_number_in_its_error_line() -> None:
    done = run_cli("explain", "authkey 1234567890ABCDEFabcdef12 for +91 98765 43210")
    assert "1234567890ABCDEFabcdef12" not in done.stderr and "98765" not in done.stderr, done.stderr
