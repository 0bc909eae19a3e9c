"""A test run's traffic is traced with the command that traces production logs (issue 25):
``FakeSmsApi(trace=folder)`` writes the answers to sends (not the OTP API's verifications, which
are no messages) and the delivery reports ``deliver()`` made, masked, and ``sms-diagnose trace``
tells each message's story from them."""

from __future__ import annotations

import json
from pathlib import Path

from diagnose.fake import FakeRequest, FakeSmsApi, make_wsgi_app

from .cli_runner import run_cli

KEY = "311111AbCdEfGhIjKlMnOpQr"


def _get(fake: FakeSmsApi, path: str, query: str) -> None:
    fake.handle(FakeRequest("GET", path, query, {}, b"", "127.0.0.1"))


def _send(fake: FakeSmsApi, number: str, text: str, key: str = KEY) -> None:
    _get(fake, "/api/sendhttp.php", f"authkey={key}&mobiles={number}&message={text}&sender=SHOPIN&route=4&country=0")


def test_a_test_run_is_traced_message_by_message(tmp_path: Path) -> None:
    fake = FakeSmsApi(authkeys=[KEY], trace=tmp_path / "trace")
    _send(fake, "919812345678", "Hi")
    _send(fake, "919812345679", "Hello")
    _send(fake, "919812345670", "Hey", key="wrong")
    _get(fake, "/api/v5/otp", f"authkey={KEY}&mobile=919812345671")
    _get(fake, "/api/v5/otp/verify", f"authkey={KEY}&mobile=919812345671&otp=0000")  # a mismatch: no message
    _get(fake, "/api/v5/otp/verify", f"authkey={KEY}&mobile=919812345671&otp={fake.otp_sent_to('919812345671')}")
    fake.report_as("919812345679", "REASON_EXP_ABSSUBS")
    fake.deliver("form")
    fake.close()
    answers, reports = tmp_path / "trace" / "answers.jsonl", tmp_path / "trace" / "reports.jsonl"
    written = answers.read_text(encoding="utf-8") + reports.read_text(encoding="utf-8")
    assert "919812345" not in written and KEY not in written
    run = run_cli("trace", str(answers), str(reports), "--now", "2026-01-01T00:00:00Z")
    assert run.status == 1
    assert (
        "traced 4 messages: 1 rejected, 2 delivered, 1 failed, 0 pending, 0 no report, 0 unrecognised"
        in run.stdout + run.stderr
    )
    assert "REASON_EXP_ABSSUBS" in run.stdout and "INVALID_AUTHKEY" in run.stdout


def test_a_report_s_request_id_is_shown_whole_its_numbers_masked() -> None:
    import httpx

    fake = FakeSmsApi(authkeys=[KEY])
    _send(fake, "919812345678", "Hi")
    fake.deliver("flat")
    client = httpx.Client(transport=httpx.WSGITransport(app=make_wsgi_app(fake)), base_url="http://127.0.0.1")
    (shown,) = client.get("/__fake/reports").json()["reports"]
    body = json.loads(shown["body"])
    assert body["requestId"] == fake.submissions[0].request_id and body["number"].endswith("5678")
    assert "919812345678" not in json.dumps(shown)


def test_a_test_s_marker_gives_its_fake_a_trace_folder(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "test_traced.py").write_text(
        "import pytest\n\n"
        f"@pytest.mark.sms_fake(authkeys=['{KEY}'], trace='out')\n"
        "def test_send(sms_fake):\n"
        "    client = sms_fake.httpx_client()\n"
        f"    client.get('/api/sendhttp.php', params={{'authkey': '{KEY}', 'mobiles': '919812345678',"
        " 'message': 'Hi', 'sender': 'SHOPIN', 'route': '4', 'country': '0'})\n"
        "    sms_fake.deliver()\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "out"
    run = run_cli("trace", str(out / "answers.jsonl"), str(out / "reports.jsonl"), "--now", "2026-01-01T00:00:00Z")
    assert "traced 1 message: 0 rejected, 1 delivered" in run.stdout + run.stderr


def test_the_command_offers_a_trace_folder() -> None:
    shown = " ".join(run_cli("fake", "--help").stdout.split())
    assert "--trace FOLDER" in shown and "for sms-diagnose trace" in shown


def test_a_number_written_as_a_form_encodes_it_is_masked_in_the_trace_and_the_listing(tmp_path: Path) -> None:
    """Red team: a form-shaped report wrote %2B919812345679 in clear (URL-encoding hid the number)."""
    import httpx

    fake = FakeSmsApi(authkeys=[KEY], trace=tmp_path / "t")
    for number in ("%2B919812345679", "%2B91%2098123%2045670", "91%209812%20345%20671"):
        _send(fake, number, "Hi")
    fake.deliver("form")
    fake.close()
    client = httpx.Client(transport=httpx.WSGITransport(app=make_wsgi_app(fake)), base_url="http://127.0.0.1")
    shown = (tmp_path / "t" / "reports.jsonl").read_text(encoding="utf-8") + client.get("/__fake/reports").text
    joined = shown.replace("%20", "").replace("%2B", "").replace("+", "")
    for digits in ("919812345679", "9812345670", "9812345671"):
        assert digits not in joined, digits


def test_chunk_sizes_are_hexadecimal_digits_and_extensions_may_be_long() -> None:
    import io

    from diagnose.fake.wsgi import _dechunked

    for size in (b"0x2", b"+2", b"0_2", b"-2", b""):
        try:
            _dechunked(io.BytesIO(size + b"\r\n{}\r\n0\r\n\r\n"), 1000)
        except ValueError:
            continue
        raise AssertionError(size)
    assert _dechunked(io.BytesIO(b"2;name=" + b"v" * 120 + b"\r\n{}\r\n0\r\n\r\n"), 1000) == b"{}"
    assert _dechunked(io.BytesIO(b"2\r\n{}\r\nA\r\n0123456789\r\n0\r\n\r\n"), 1000) == b"{}0123456789"
