"""The red team's findings on the fake of the SMS API, each kept as the promise it broke."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from diagnose.fake import FakeRequest, FakeSmsApi

KEY = "311111AbCdEfGhIjKlMnOpQr"
SEND = f"authkey={KEY}&mobiles=919812345678&message=Hi&sender=SHOPIN&route=4&country=0"


def _send(fake: FakeSmsApi, text: str = "Hi") -> int:
    query = SEND.replace("message=Hi", f"message={text}")
    answer = fake.handle(FakeRequest("GET", "/api/sendhttp.php", query + "&response=json", {}, b"", "127.0.0.1"))
    return 418 if b'"418"' in answer.body else answer.status


def test_fail_next_fails_one_request_under_threads() -> None:
    fake = FakeSmsApi(authkeys=[KEY], balance=10**6)
    fake.fail_next("IP_NOT_WHITELISTED")
    answers: list[int] = []
    threads = [threading.Thread(target=lambda n=n: answers.append(_send(fake, f"m{n}"))) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(answers) == 40 and answers.count(418) == 1 and not fake.rules


@pytest.mark.parametrize("credits", [-5, 1.5, True])
def test_a_balance_is_whole_credits(credits: object) -> None:
    fake = FakeSmsApi()
    with pytest.raises(ValueError, match="whole number of credits"):
        fake.balance = credits  # type: ignore[assignment]


@contextmanager
def _webhook(status: int, location: str = "") -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.path)
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", seen
    finally:
        server.shutdown()
        server.server_close()


def test_a_webhook_s_redirect_is_its_answer_not_an_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", "http://127.0.0.9:9")  # a proxy from the environment is not used
    fake = FakeSmsApi(authkeys=[KEY])
    _send(fake)
    with _webhook(302, "http://127.0.0.2:9/elsewhere") as (url, seen):
        (report,) = fake.deliver(webhook=url + "/reports")
    assert report.webhook_status == 302 and seen == ["/reports"]


def test_reports_a_webhook_could_not_take_are_kept() -> None:
    fake = FakeSmsApi(authkeys=[KEY])
    _send(fake)
    with _webhook(200) as (url, _seen):
        closed = url  # the server stops when the block ends: nothing listens there any more
    with pytest.raises(OSError):
        fake.deliver(webhook=closed + "/reports")
    assert len(fake.reports) == 1 and fake.reports[0].numbers


def test_a_chunked_send_is_read_as_its_body() -> None:
    """curl -H 'Transfer-Encoding: chunked' and requests with a generator body send chunks: the
    served fake read them as no body, and answered 101."""
    import http.client
    import json as json_module

    from diagnose.fake.server import FakeServer

    fake = FakeSmsApi(authkeys=[KEY])
    body = json_module.dumps(
        {"sender": "SHOPIN", "route": "4", "country": "0", "sms": [{"message": "Hi", "to": ["919812345678"]}]}
    ).encode()
    with FakeServer(fake) as server:
        host, port = server.base_url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        chunks = [body[:10], body[10:]]
        connection.request(
            "POST",
            "/api/v2/sendsms",
            body=iter(chunks),
            headers={"authkey": KEY, "Content-Type": "application/json", "Transfer-Encoding": "chunked"},
            encode_chunked=True,
        )
        answer = connection.getresponse()
        said = json_module.loads(answer.read())
        connection.close()
    assert answer.status == 200 and said["type"] == "success", said


def test_the_journal_of_a_run_on_several_workers_holds_every_answer(tmp_path: Path) -> None:
    """Under pytest-xdist each worker truncated the run's journal, losing what the others wrote."""
    import subprocess
    import sys

    tests = "".join(
        f"def test_{n}(sms_fake):\n    sms_fake.fail_next('IP_NOT_WHITELISTED')\n"
        f"    sms_fake.httpx_client().get('/api/sendhttp.php', params={{'authkey': 'k{n}'}})\n\n"
        for n in range(8)
    )
    (tmp_path / "test_many.py").write_text(tests, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", "-p", "no:cacheprovider", "--sms-fake-journal", "j/t.jsonl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = (tmp_path / "j" / "t.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 8 and all('"418"' in line or "418" in line for line in lines)


def test_fail_next_is_not_kept_waiting_behind_a_rule_without_end() -> None:
    fake = FakeSmsApi(authkeys=[KEY], balance=10**6)
    fake.fail_when("INSUFFICIENT_BALANCE", count=None)
    fake.fail_next("IP_NOT_WHITELISTED")
    assert _send(fake, "a") == 418
    assert b"301" in fake.exchanges[-1][1].body or _send(fake, "b") != 418


def test_an_otp_of_other_digits_is_not_numeric() -> None:
    fake = FakeSmsApi(authkeys=[KEY])
    query = f"authkey={KEY}&mobile=919812345678&otp=\u0661\u0662\u0663\u0664"
    answer = fake.handle(FakeRequest("GET", "/api/v5/otp/verify", query, {}, b"", "127.0.0.1"))
    assert b"not numeric" in answer.body, answer.body


def test_a_journal_that_cannot_be_written_does_not_take_the_answer_away() -> None:
    fake = FakeSmsApi(authkeys=[KEY], journal="/dev/full")
    assert _send(fake) == 200
    assert fake.observer_errors and isinstance(fake.observer_errors[0], OSError)


def test_the_exchanges_kept_are_bounded_in_bytes() -> None:
    fake = FakeSmsApi(authkeys=[KEY])
    body = b"x" * (1 << 20)
    for _ in range(80):
        fake.handle(FakeRequest("POST", "/api/v2/sendsms", "", {}, body, "127.0.0.1"))
    assert sum(len(request.body) for request in fake.requests) <= 64 << 20 and len(fake.requests) >= 60
