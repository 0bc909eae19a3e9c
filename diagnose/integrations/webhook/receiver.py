"""What a delivery-report POST is answered, whatever server carries it: the request's method and
length checked before its body is read, the body diagnosed number by number, each diagnosis
handed to the user's ``on_report``, and a small JSON answer. Nothing here raises to the server."""

from __future__ import annotations

import json
import logging
import re
import traceback
from collections.abc import Callable
from typing import Any

from ...delivery.reports import diagnose_report
from ...diagnosis import Diagnosis
from ...records import Record
from ...redaction import printable, redact
from ...vocabulary import Outcome

MAX_BODY = 1 << 20
"""The largest body accepted, in bytes, unless told otherwise; a longer one is answered 413."""

LOGGER = logging.getLogger("diagnose.webhook")
"""Where the receiver logs, every text masked (numbers, authkeys) and its controls escaped."""

FAILED = {"error": "the delivery report could not be handled"}
"""The whole answer (500) when ``on_report`` raised: nothing of the error or the body."""

_DECIMAL = re.compile(r"[0-9]+")


class Answer(Record):
    """An HTTP answer: its status, JSON body and headers (Content-Type and Content-Length
    included), for a server or a framework's view to send as it is."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...]

    @property
    def status_line(self) -> str:
        """``"200 OK"``: the status as WSGI's ``start_response`` takes it."""
        return f"{self.status} {_PHRASES[self.status]}"


_PHRASES = {
    200: "OK",
    400: "Bad Request",
    405: "Method Not Allowed",
    408: "Request Timeout",
    411: "Length Required",
    413: "Content Too Large",
    500: "Internal Server Error",
}


def answer(status: int, payload: dict[str, Any], *extra: tuple[str, str]) -> Answer:
    """``payload`` as the ASCII JSON body of an answer with ``status``."""
    body = json.dumps(payload, ensure_ascii=True).encode("ascii")
    headers = (("Content-Type", "application/json"), ("Content-Length", str(len(body))), *extra)
    return Answer(status=status, body=body, headers=headers)


NOT_POST = answer(405, {"error": "POST a delivery report"}, ("Allow", "POST"))


class Refused(Exception):
    """The request is answered ``answer`` before its body is read."""

    def __init__(self, refusal: Answer) -> None:
        super().__init__(refusal.body.decode("ascii"))
        self.answer = refusal


def too_large(max_body: int) -> Answer:
    return answer(413, {"error": f"body over {max_body} bytes"})


def content_length(header: object, max_body: int) -> int | None:
    """The body's length from a Content-Length header (None when there is none), or ``Refused``:
    400 for one that is not a decimal number of bytes, 413 for one over ``max_body``."""
    if header is None or (isinstance(header, str) and not header.strip()):
        return None
    text = header.strip() if isinstance(header, str) else ""
    if not _DECIMAL.fullmatch(text):
        raise Refused(answer(400, {"error": "Content-Length must be a non-negative decimal number of bytes"}))
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(max_body)) or int(digits) > max_body:
        raise Refused(too_large(max_body))
    return int(digits)


OnReport = Callable[[Diagnosis], object]
"""What the user gives: called with each number's Diagnosis (its return value is ignored)."""


def diagnoses(body: bytes, content_type: str | None) -> list[Diagnosis]:
    """The body's diagnoses, one per number; one ``unrecognised`` diagnosis, keeping none of the
    body, should ``diagnose_report()`` ever fail on it (it could hold a number nothing masked)."""
    try:
        found = diagnose_report(body, content_type=content_type)
        if found:
            return found
        failure = "no diagnosis"
    except Exception as error:  # one bad body must not take the receiver down
        failure = type(error).__name__
    reason = f"not a delivery report: diagnose_report() failed ({failure}); the {len(body)}-byte body is not kept"
    return [Diagnosis(outcome=Outcome.UNRECOGNISED, raw="", reason=reason)]


def is_no_report(found: list[Diagnosis]) -> bool:
    """Whether a body's diagnoses say it holds no delivery report at all."""
    return all(d.outcome is Outcome.UNRECOGNISED and d.number is None for d in found)


def acknowledged(found: list[Diagnosis]) -> Answer:
    """The answer once every diagnosis is handed on: 200 with the count of reports, or 400 with
    why a body that holds no report is none (masked, as ``to_dict()`` gives it)."""
    if is_no_report(found):
        reason = found[0].to_dict().get("reason") or "not a delivery report"
        LOGGER.warning("webhook body is not a delivery report: %s", printable(str(reason)))
        return answer(400, {"error": reason})
    return answer(200, {"reports": len(found)})


def log_received(diagnosis: Diagnosis) -> None:
    if LOGGER.isEnabledFor(logging.DEBUG):
        LOGGER.debug("delivery report: %s", printable(str(diagnosis), (diagnosis.number,)))


def log_failure(diagnosis: Diagnosis, error: BaseException) -> None:
    """``on_report`` raised on ``diagnosis``: its place in the code, its class and its message,
    masked (a message may quote the number or the body it was given)."""
    frames = redact("".join(traceback.format_tb(error.__traceback__)), (diagnosis.number,))
    message = printable(f"{type(error).__name__}: {error}", (diagnosis.number,))
    LOGGER.error(
        "on_report failed on %s\n%s%s",
        printable(str(diagnosis), (diagnosis.number,)),
        frames,
        message,
    )


def internal_error(error: BaseException) -> Answer:
    """The answer to a failure of the receiver itself (never expected): logged, masked, 500."""
    LOGGER.error("webhook receiver failed: %s", printable(f"{type(error).__name__}: {error}"))
    return answer(500, FAILED)
