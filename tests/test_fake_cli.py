"""sms-diagnose fake: a real process serving the fake SMS API on 127.0.0.1, driven as a program
in another language would drive it (plain HTTP requests), stopped by a signal with exit 0."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest

from diagnose import diagnose
from tests.cli_runner import run_cli_process
from tests.fake_requests import DLT_TEMPLATE, NUMBER

pytestmark = pytest.mark.process

KEY = "cli-fake-authkey-0123"
SEND = {
    "authkey": KEY,
    "mobiles": NUMBER,
    "message": "Your order has shipped",
    "sender": "SOCKET",
    "route": "4",
    "country": "91",
    "DLT_TE_ID": DLT_TEMPLATE,
    "response": "json",
}


class Served:
    def __init__(self, process: subprocess.Popen[bytes], base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    def call(self, path: str, body: Any = None, method: str | None = None) -> tuple[int, bytes, dict[str, str]]:
        data = None if body is None else json.dumps(body).encode()
        request = Request(self.base_url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urlopen(request, timeout=30) as response:
                return response.status, response.read(), dict(response.headers)
        except HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def stop(self, signum: int) -> tuple[int, str]:
        self.process.send_signal(signum)
        _, stderr = self.process.communicate(timeout=30)
        return self.process.returncode, stderr.decode()


def _serve(*args: str) -> Served:
    process = subprocess.Popen(
        [sys.executable, "-m", "diagnose", "fake", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    assert process.stdout is not None
    line = process.stdout.readline().decode().strip()
    if not line:
        process.kill()
        raise AssertionError(process.communicate(timeout=30)[1].decode())
    return Served(process, line)


@pytest.fixture
def served() -> Iterator[Served]:
    server = _serve("--authkey", KEY, "--seed", "7")
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.communicate(timeout=30)


def test_it_prints_its_base_url_on_loopback_and_stops_on_sigterm_with_exit_0(served: Served) -> None:
    assert served.base_url.startswith("http://127.0.0.1:") and served.base_url.rsplit(":", 1)[1].isdigit()
    status, body, _ = served.call("/api/sendhttp.php?" + urlencode(SEND))
    assert status == 200 and diagnose(body).outcome == "success"
    assert served.stop(signal.SIGTERM) == (0, "")


def test_sigint_stops_it_with_exit_0() -> None:
    server = _serve()
    assert server.stop(signal.SIGINT) == (0, "")


def test_the_provider_answers_and_the_control_api_drives_it(served: Served) -> None:
    status, body, _ = served.call("/api/sendhttp.php?" + urlencode(SEND | {"authkey": "wrong"}))
    assert status == 200 and diagnose(body).entry.name == "INVALID_AUTHKEY"  # type: ignore[union-attr]
    assert served.call("/__fake/fail-next", {"name": "IP_NOT_WHITELISTED"})[:2] == (
        200,
        b'{"failing": "IP_NOT_WHITELISTED"}',
    )
    _, body, _ = served.call("/api/sendhttp.php?" + urlencode(SEND))
    assert diagnose(body).entry.name == "IP_NOT_WHITELISTED"  # type: ignore[union-attr]
    served.call("/__fake/faults", {"fault": "rate-limited", "retry_after": 3})
    status, body, headers = served.call("/api/sendhttp.php?" + urlencode(SEND))
    assert (status, headers["Retry-After"]) == (429, "3")
    otp = served.call(f"/api/v5/otp?mobile={NUMBER}&authkey={KEY}", {}, method="POST")
    assert otp[0] == 200
    status, body, _ = served.call(f"/__fake/otp?mobile={NUMBER}")
    sent = json.loads(body)["otp"]
    assert status == 200 and sent.isdigit()
    served.call("/__fake/clock", {"advance": 2 * 24 * 3600})
    _, body, _ = served.call("/api/v5/otp/verify?" + urlencode({"mobile": NUMBER, "otp": sent, "authkey": KEY}))
    assert diagnose(body).entry.name == "OTP_EXPIRED"  # type: ignore[union-attr]
    status, body, _ = served.call("/__fake/requests")
    received = json.loads(body)["requests"]
    assert status == 200 and len(received) == 5 and KEY not in body.decode()
    assert served.call("/__fake/reset", {})[0] == 200
    assert json.loads(served.call("/__fake/requests")[1]) == {"requests": []}


def test_the_seed_fixes_the_request_ids(served: Served) -> None:
    other = _serve("--seed", "7")
    try:
        ids = [json.loads(s.call("/api/sendhttp.php?" + urlencode(SEND))[1])["message"] for s in (served, other)]
    finally:
        other.stop(signal.SIGTERM)
    assert ids[0] == ids[1]


def test_the_journal_of_a_served_run_is_gated_by_check(tmp_path: Path) -> None:
    journal = tmp_path / "run.jsonl"
    server = _serve("--journal", str(journal), "--authkey", KEY, "--balance", "1")
    server.call("/api/sendhttp.php?" + urlencode(SEND))
    server.call("/api/sendhttp.php?" + urlencode(SEND | {"message": "Another"}))
    assert server.stop(signal.SIGTERM) == (0, "")
    checked = run_cli_process("check", str(journal))
    assert checked.status == 1 and f"FAIL {journal}:2: 301 INSUFFICIENT_BALANCE" in checked.stdout
    assert KEY not in journal.read_text(encoding="utf-8") and NUMBER not in journal.read_text(encoding="utf-8")
    unwritable = run_cli_process("fake", "--journal", str(tmp_path / "no" / "such" / "run.jsonl"))
    assert unwritable.status == 2 and unwritable.stderr.startswith("sms-diagnose: error: --journal ")


def test_a_port_in_use_or_out_of_range_is_one_line_and_exit_2(served: Served) -> None:
    port = served.base_url.rsplit(":", 1)[1]
    taken = run_cli_process("fake", "--port", port)
    assert taken.status == 2 and taken.stdout == ""
    assert taken.stderr.startswith(f"sms-diagnose: error: 127.0.0.1:{port}: cannot be listened on")
    assert taken.stderr.count("\n") == 1
    for wrong in (["--port", "65536"], ["--balance", "-1"], ["--seed", "x"], ["--host", "0.0.0.0"]):
        done = run_cli_process("fake", *wrong)
        assert done.status == 2 and done.stderr.count("\n") == 1 and done.stderr.startswith("sms-diagnose: error:")
