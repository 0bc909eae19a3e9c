"""The red team's findings on the fake of the SMS API, each kept as the promise it broke."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
