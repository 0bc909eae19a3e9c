"""A saved HTTP message (``curl -si URL > answer.txt``): its status line and headers in, the
status, content type and body of the response out; the last response's when redirects or a
``100 Continue`` came first."""

from __future__ import annotations

import re

_STATUS_LINE = re.compile(rb"HTTP/[0-9](?:\.[0-9])? ([1-5][0-9][0-9])(?:[ \t][^\r\n]*)?\r?\n")
"""A status line at the start (anchored, no nested repetition: linear)."""
MAX_RESPONSES = 10
"""Responses read in a row (redirects, 100 Continue): more is no saved message of one call."""


class HttpMessage:
    __slots__ = ("body", "content_type", "status")

    def __init__(self, status: int, content_type: str | None, body: bytes) -> None:
        self.status, self.content_type, self.body = status, content_type, body


def http_message(data: bytes) -> HttpMessage | None:
    """The last response of ``data`` when it starts with a status line and its headers end with
    a blank line; None for any other body, which is read as it is."""
    found: HttpMessage | None = None
    rest = data
    for _ in range(MAX_RESPONSES):
        status = _STATUS_LINE.match(rest)
        if status is None:
            break
        end, gap = _header_end(rest, status.end())
        if end < 0:
            break
        headers = rest[status.end() : end]
        if not _header_lines(headers):
            break
        rest = rest[end + gap :]
        found = HttpMessage(int(status.group(1)), _content_type(headers), rest)
    return found


def _header_end(data: bytes, start: int) -> tuple[int, int]:
    """Where the headers end (the blank line) and the blank line's length; -1 without one."""
    if data[start : start + 2] == b"\r\n":
        return start, 2
    if data[start : start + 1] == b"\n":
        return start, 1
    crlf, lf = data.find(b"\r\n\r\n", start), data.find(b"\n\n", start)
    if crlf >= 0 and (lf < 0 or crlf < lf):
        return crlf + 2, 2
    return (lf + 1, 1) if lf >= 0 else (-1, 0)


_TOKEN = frozenset(b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
"""The bytes of a header's name (RFC 9110 token)."""


def _header_lines(headers: bytes) -> bool:
    """Whether every line between the status line and the blank line is a header (``Name:
    value``, or a folded line's continuation): a body line there (an error body with no blank
    line before it) makes the text no saved message, rather than a header skipped."""
    for line in headers.splitlines():
        if line[:1] in (b" ", b"\t"):
            continue
        name, colon, _ = line.partition(b":")
        if not colon or not name or not _TOKEN.issuperset(name):
            return False
    return True


def _content_type(headers: bytes) -> str | None:
    for line in headers.splitlines():
        name, colon, value = line.partition(b":")
        if colon and name.strip().lower() == b"content-type":
            return value.strip().decode("latin-1")
    return None
