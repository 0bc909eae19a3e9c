"""The fake's journal: every answer a test run got, written as the JSON Lines records `sms-diagnose
check` reads, masked, so that the run's traffic is gated with the command that gates production
logs; and the control API's list of requests, masked unless the numbers are asked for."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from diagnose.fake import FakeSmsApi, FakeTransport, RateLimited, Reset
from tests.cli_runner import run_cli
from tests.fake_requests import AUTHKEY, DLT_TEMPLATE, NUMBER

SEND = {
    "authkey": AUTHKEY,
    "mobiles": NUMBER,
    "message": "Your order has shipped",
    "sender": "SOCKET",
    "route": "4",
    "country": "91",
    "DLT_TE_ID": DLT_TEMPLATE,
    "response": "json",
}


def _client(fake: FakeSmsApi) -> httpx.Client:
    return httpx.Client(transport=FakeTransport(fake), base_url="https://api.msg91.com")


def test_check_passes_a_run_of_accepted_sends_and_fails_one_with_an_error(tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    fake = FakeSmsApi(authkeys=[AUTHKEY], journal=journal)
    with _client(fake) as client:
        client.get("/api/sendhttp.php", params=SEND)
        client.post("/api/v5/otp", params={"mobile": NUMBER}, headers={"authkey": AUTHKEY})
        client.get("/api/balance.php", params={"authkey": AUTHKEY, "type": "4"})
        fake.close()
        passing = run_cli("check", str(journal))
        assert passing.status == 0, passing.stdout
        assert "checked 2 responses from 1 file: 2 passed" in passing.stdout
    fake = FakeSmsApi(authkeys=[AUTHKEY], journal=journal)  # a new run replaces the journal
    with _client(fake) as client:
        client.get("/api/sendhttp.php", params=SEND)
        fake.fail_next("IP_NOT_WHITELISTED")
        client.get("/api/sendhttp.php", params=SEND | {"message": "Another"})
        fake.close()
    failing = run_cli("check", str(journal))
    assert failing.status == 1
    assert f"FAIL {journal}:2: 418 IP_NOT_WHITELISTED" in failing.stdout


def test_each_record_says_which_call_it_answered_when_and_how_masked(tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    fake = FakeSmsApi(journal=journal)
    with _client(fake) as client:
        client.post("/api/v2/sendsms", json={"sms": [{"message": "Hi", "to": []}]}, headers={"authkey": AUTHKEY})
        fake.clock.advance(90)  # type: ignore[attr-defined]
        fake.fail_next(RateLimited(retry_after=2))
        client.get("/api/sendhttp.php", params=SEND)
        fake.fail_next(Reset())
        with pytest.raises(httpx.RemoteProtocolError):
            client.get("/api/sendhttp.php", params=SEND)
        fake.close()
    records = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["time"], r["http_status"]) for r in records] == [
        ("1 POST /api/v2/sendsms", "2026-01-01T00:00:00Z", 200),
        ("2 GET /api/sendhttp.php", "2026-01-01T00:01:30Z", 429),
    ]
    assert set(records[0]) == {"id", "time", "http_status", "content_type", "body"}
    assert AUTHKEY not in journal.read_text(encoding="utf-8") and NUMBER not in journal.read_text(encoding="utf-8")


def test_the_control_api_masks_numbers_unless_asked_to_show_them() -> None:
    fake = FakeSmsApi(authkeys=[AUTHKEY])
    with _client(fake) as client:
        client.get("/api/sendhttp.php", params=SEND)
        body = {"sms": [{"message": "Hi", "to": [NUMBER]}]}
        client.post("/api/v2/sendsms", json=body, headers={"authkey": AUTHKEY})
        masked = client.get("/__fake/requests")
        shown = client.get("/__fake/requests", params={"numbers": "show"})
        wrong = client.get("/__fake/requests", params={"numbers": "yes"})
    assert NUMBER not in masked.text and AUTHKEY not in masked.text
    assert NUMBER[-4:] in masked.json()["requests"][0]["query"] and NUMBER[-4:] in masked.json()["requests"][1]["body"]
    assert shown.text.count(NUMBER) == 2 and AUTHKEY not in shown.text
    assert wrong.status_code == 400 and "numbers=show" in wrong.json()["error"]
