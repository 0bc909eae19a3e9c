"""A response saved with its status line and headers (``curl -si URL``) is read as the response
it holds: the status and content type from the headers, the body diagnosed; any other body is
read as before."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from diagnose.logs.http_message import MAX_RESPONSES, http_message
from tests.cli_runner import run_cli

V5 = b'{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}'
CURL = (
    b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://api.msg91.com/api/v5/flow\r\n\r\n"
    b"HTTP/2 401 \r\ncontent-type: application/json\r\n\r\n" + V5
)


def test_the_last_response_of_a_redirect_is_read() -> None:
    message = http_message(CURL)
    assert message is not None
    assert (message.status, message.content_type, message.body) == (401, "application/json", V5)


def test_lf_only_headers_and_no_headers_at_all() -> None:
    only_lf = http_message(b"HTTP/1.0 200 OK\nContent-Type: text/plain\n\n3763646c3058373530393832")
    assert only_lf is not None and only_lf.status == 200 and only_lf.body == b"3763646c3058373530393832"
    bare = http_message(b"HTTP/1.1 503\r\n\r\nupstream timed out")
    assert bare is not None and (bare.status, bare.content_type, bare.body) == (503, None, b"upstream timed out")


def test_a_body_that_only_starts_like_one_is_not_a_message() -> None:
    assert http_message(b"HTTP/1.1 502 Bad Gateway") is None  # no blank line: a plain text answer
    assert http_message(b'{"type":"error"}') is None
    assert http_message(b"HTTP/1.1 999 Nope\r\n\r\nx") is None


@given(st.binary(max_size=300))
def test_any_bytes_give_a_message_or_none_and_never_raise(data: bytes) -> None:
    message = http_message(b"HTTP/1.1 200 OK\r\n" + data)
    assert message is None or 100 <= message.status <= 599


def test_the_work_is_bounded_by_responses_read_not_by_their_number() -> None:
    many = b"HTTP/1.1 100 Continue\r\n\r\n" * (MAX_RESPONSES * 50) + b"x"
    message = http_message(many)
    assert message is not None and message.status == 100 and message.body.startswith(b"HTTP/1.1 100")


def test_parse_and_check_read_a_saved_message(tmp_path: Path) -> None:
    done = run_cli("parse", "-", stdin=CURL)
    assert done.status == 0 and done.stdout.startswith("418 IP_NOT_WHITELISTED") and "http status: 401" in done.stdout
    saved = tmp_path / "answer.txt"
    saved.write_bytes(CURL)
    checked = run_cli("check", str(saved))
    assert checked.status == 1 and "418" in checked.stdout
