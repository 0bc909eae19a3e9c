"""The fake's journal: each answer written as one JSON Lines record of the shape ``sms-diagnose
check`` reads (``id``: its number and the call, ``time`` on the fake's clock, ``http_status``,
``content_type``, ``body``), so that a test run's traffic is gated (``check``) and traced
(``trace``) with the commands that read production logs.

Masked as every output is (``diagnose.redaction``). The request itself is not recorded: its
phone numbers masked, ``check``'s pre-flight rules would read them as numbers too short and
predict errors the provider never gave. Left out, as no record could say what the client saw:
an exchange that ends in a network failure (no answer), and a balance answer (a bare number,
which ``check`` rightly cannot tell from a code).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from datetime import datetime
from typing import IO, Any

from ..catalog.answers import BALANCE, FLOW, OTP_SEND, SENDHTTP, V2
from .clock import Clock
from .endpoints import endpoint_of
from .exchange import FakeRequest, FakeResponse
from .masking import authkeys_of, masked, masked_report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .reports import DeliveryReport

SENDS = frozenset({SENDHTTP, V2, FLOW, OTP_SEND})
"""The calls that send a message: the answers ``trace`` follows to their delivery reports."""


class Journal:
    """An observer of a fake (``fake.observers.append(Journal(path, fake.clock))``, or
    ``FakeSmsApi(journal=path)``) that writes each exchange to ``path``, replacing what it held.
    ``clock`` gives each record's time (without one, exchanges are written with ``write``). Safe
    to call from many threads; ``close()`` ends it."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        clock: Clock | None = None,
        *,
        append: bool = False,
        sends_only: bool = False,
    ) -> None:
        self.path = os.fspath(path)
        self.clock = clock
        mode = "a" if append else "w"  # appended to: by each of pytest-xdist's workers, one line a write
        # one write(2) a record (flushed whole from a buffer larger than any), so that appends never interleave
        self._file: IO[str] | None = open(self.path, mode, encoding="utf-8", buffering=1 << 20)  # noqa: SIM115
        self._lock = threading.Lock()
        self._written = 0
        self.sends_only = sends_only
        """Whether only the answers to sends are written (for ``trace``, which would count an OTP
        verification as a message)."""

    def __call__(self, request: FakeRequest, response: FakeResponse) -> None:
        if self.clock is None:
            raise TypeError("a journal without a clock is written with write(request, response, now)")
        self.write(request, response, self.clock())

    def write(self, request: FakeRequest, response: FakeResponse, now: datetime) -> None:
        """Write one exchange, answered at ``now`` (a journal that several fakes share, each on
        its own clock)."""
        endpoint = endpoint_of(request.path)
        if response.network is not None or endpoint == BALANCE or (self.sends_only and endpoint not in SENDS):
            return
        self._record(lambda number: journal_record(request, response, number, now.isoformat()))

    def write_report(self, report: DeliveryReport, now: datetime) -> None:
        """Write one delivery report the fake sent (its body, numbers masked), for ``trace``."""
        self._record(
            lambda number: {
                "id": f"{number} report",
                "time": now.isoformat().replace("+00:00", "Z"),
                "body": masked_report(report.body, report.numbers),
            }
        )

    def _record(self, make: Callable[[int], dict[str, Any]]) -> None:
        with self._lock:
            if self._file is None:
                return
            self._written += 1
            self._file.write(json.dumps(make(self._written), ensure_ascii=False) + "\n")
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


def journal_record(request: FakeRequest, response: FakeResponse, number: int, time: str) -> dict[str, Any]:
    """The record of one exchange, masked: ``id`` is its ``number`` in the journal and the call
    it answered (``3 POST /api/v2/sendsms``)."""
    keys = authkeys_of(request)
    return {
        "id": f"{number} {masked(request.method, keys)} {masked(request.path, keys)}",
        "time": time.replace("+00:00", "Z"),
        "http_status": response.status,
        "content_type": response.header("content-type"),
        "body": masked(response.text, keys),
    }
