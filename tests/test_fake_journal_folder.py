"""The fake's journal makes its folder: ``pytest --sms-fake-journal logs/traffic.jsonl`` in a
fresh checkout writes the journal, rather than failing every test at set-up."""

from __future__ import annotations

from pathlib import Path

from diagnose.fake import FakeRequest, FakeSmsApi

from .cli_runner import run_cli


def test_a_journal_in_a_missing_folder_is_written(tmp_path: Path) -> None:
    journal = tmp_path / "logs" / "today" / "traffic.jsonl"
    fake = FakeSmsApi(authkeys=["311111AbCdEfGhIjKlMnOpQr"], journal=journal)
    fake.handle(FakeRequest("GET", "/api/sendhttp.php", "authkey=wrong", {}, b"", "127.0.0.1"))
    run = run_cli("check", str(journal))
    assert journal.is_file() and run.status == 1 and "checked 1 response from 1 file" in run.stdout
