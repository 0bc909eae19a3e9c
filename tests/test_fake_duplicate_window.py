"""The fake's duplicate window (311) over a long run: a fake that has sent more messages than it
keeps before forgetting (10,000) still discards each text sent again within ten seconds, and
sends it again once they are past, whether its clock stands still or moves."""

from __future__ import annotations

import json

from diagnose.fake import FakeClock, FakeRequest, FakeSmsApi
from tests.fake_requests import AUTHKEY, DLT_TEMPLATE, NUMBER, entry_of, v2

BATCH = 4_000


def texts(first: int, count: int = BATCH) -> FakeRequest:
    """One v2 send of ``count`` texts to the same number, numbered from ``first``."""
    body = {"sender": "SOCKET", "route": "4", "country": "91", "DLT_TE_ID": DLT_TEMPLATE}
    body["sms"] = [{"message": f"Order {n}", "to": [NUMBER]} for n in range(first, first + count)]  # type: ignore[assignment]
    headers = {"authkey": AUTHKEY, "content-type": "application/json"}
    return FakeRequest(method="POST", path="/api/v2/sendsms", headers=headers, body=json.dumps(body).encode())


def test_past_ten_thousand_texts_within_the_window_each_sent_again_is_still_discarded() -> None:
    fake = FakeSmsApi(authkeys=[AUTHKEY], balance=100_000)
    for first in range(0, 3 * BATCH, BATCH):
        assert entry_of(fake, texts(first)) is None
    assert fake.balance == 100_000 - 3 * BATCH
    for sent in (0, BATCH, 3 * BATCH - 1):
        assert entry_of(fake, v2(f"Order {sent}")) == "DUPLICATE_REQUEST_DISCARDED"
    assert entry_of(fake, v2(f"Order {3 * BATCH}")) is None, "a text not sent before is sent"


def test_a_long_run_sends_again_what_is_past_the_window_and_still_discards_what_is_in_it() -> None:
    clock = FakeClock()
    fake = FakeSmsApi(authkeys=[AUTHKEY], balance=100_000, clock=clock)
    for first in range(0, 3 * BATCH, BATCH):
        assert entry_of(fake, texts(first)) is None
    clock.advance(10)
    for first in range(3 * BATCH, 7 * BATCH, BATCH):  # past what it keeps again: the old texts forgotten
        assert entry_of(fake, texts(first)) is None
    assert entry_of(fake, v2("Order 0")) is None, "ten seconds after, the same text is sent"
    for sent in (3 * BATCH, 7 * BATCH - 1):
        assert entry_of(fake, v2(f"Order {sent}")) == "DUPLICATE_REQUEST_DISCARDED"
