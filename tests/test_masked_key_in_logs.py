"""A key already masked (``fake…89``) is no authkey in clear text, however many times JSON escaped
its ellipsis: check does not warn about the masked logs it asks users to write (the fake's
journal among them), and still warns about a real key written the same way."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from diagnose.redaction import holds_authkey, mask_secret

from .cli_runner import run_cli

KEYS = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=20, max_size=30).filter(
    lambda key: any(c.isdigit() for c in key) and any(c.isalpha() for c in key)
)


def _logged(key: str) -> bytes:
    """A log line quoting an answer that names the key: the body is JSON inside JSON."""
    body = json.dumps({"type": "error", "message": f"authkey={key} is invalid"})
    return (json.dumps({"id": "1", "body": body}) + "\n").encode()


@given(KEYS)
def test_a_masked_key_in_a_log_line_is_not_a_key_in_clear_text(key: str) -> None:
    assert not holds_authkey(_logged(mask_secret(key)))
    assert not holds_authkey(json.dumps(f"authkey={mask_secret(key)}"))


@given(KEYS)
def test_the_same_line_with_the_real_key_still_holds_one(key: str) -> None:
    assert holds_authkey(_logged(key))
    assert holds_authkey(_logged(key + "\u2026"))  # a key followed by an ellipsis is still a key


def test_check_does_not_warn_about_a_masked_log_but_does_about_a_clear_one(tmp_path: Path) -> None:
    key = "3664abcdefabcdef12345678"
    masked, clear = tmp_path / "masked.jsonl", tmp_path / "clear.jsonl"
    masked.write_bytes(_logged(mask_secret(key)))
    clear.write_bytes(_logged(key))
    assert "authkey in clear text" not in run_cli("check", str(masked)).stdout
    shown = run_cli("check", str(clear)).stdout
    assert "holds an authkey in clear text" in shown and key not in shown


def test_the_fake_s_journal_of_a_wrong_key_is_gated_without_a_false_warning(tmp_path: Path) -> None:
    from diagnose.fake import FakeRequest, FakeSmsApi

    journal = tmp_path / "journal.jsonl"
    fake = FakeSmsApi(authkeys=["3664abcdefabcdef12345678"], journal=journal)
    query = "authkey=9999abcdefabcdef87654321&mobiles=919812345678&message=Hi&sender=SHOPIN&route=4"
    fake.handle(FakeRequest("GET", "/api/sendhttp.php", query, {}, b"", "127.0.0.1"))
    run = run_cli("check", str(journal))
    assert run.status == 1 and "207" in run.stdout
    assert "authkey in clear text" not in run.stdout + run.stderr
