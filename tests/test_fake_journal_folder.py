"""``pytest --sms-fake-journal logs/traffic.jsonl`` in a fresh checkout makes ``logs/`` and writes
the journal, rather than failing every test at set-up (the command, given a folder that does not
exist, still refuses it with one line: tests/test_fake_cli.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .cli_runner import run_cli

TEST = """
def test_a_send(sms_fake):
    client = sms_fake.httpx_client()
    client.get("/api/sendhttp.php", params={"authkey": "wrong", "mobiles": "919812345678"})
"""


def test_the_plugin_makes_the_journal_s_folder(tmp_path: Path) -> None:
    (tmp_path / "test_send.py").write_text(TEST, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--sms-fake-journal", "logs/run/t.jsonl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    journal = tmp_path / "logs" / "run" / "t.jsonl"
    run = run_cli("check", str(journal))
    assert run.status == 1 and "checked 1 response from 1 file" in run.stdout
