"""The account the fake stands for: its authkeys, its IP allow-list, its balance, the messages
it sent lately (the duplicate window) and the request IDs and OTPs it deals, from a seed."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta

DUPLICATE_WINDOW = timedelta(seconds=10)
"""The same text to the same number within this long is discarded (311; the seed: 10 seconds)."""
DEFAULT_BALANCE = 1000
FORGET_AFTER = 10_000
"""Messages remembered before the first pass that forgets those past the window."""


class Account:
    """What the provider knows of the caller. ``authkeys`` None accepts any authkey given;
    ``allowed_ips`` None accepts any address (IP security off)."""

    def __init__(
        self,
        *,
        authkeys: Iterable[str] | None = None,
        allowed_ips: Iterable[str] | None = None,
        balance: int = DEFAULT_BALANCE,
        seed: int = 0,
    ) -> None:
        self.authkeys = None if authkeys is None else set(authkeys)
        self.allowed_ips = None if allowed_ips is None else set(allowed_ips)
        self.balance = balance
        self._sent: dict[tuple[str, str, str], datetime] = {}
        self._forget_at = FORGET_AFTER
        # Repeatable by design, and one stream per use: a rule's draws do not move the request IDs.
        self._ids, self._otps, self._chances = (random.Random(f"{use}-{seed}") for use in ("ids", "otps", "chances"))  # noqa: S311

    def knows(self, authkey: str) -> bool:
        return self.authkeys is None or authkey in self.authkeys

    def allows(self, address: str) -> bool:
        return self.allowed_ips is None or address in self.allowed_ips

    def duplicates(self, endpoint: str, messages: Iterable[tuple[str, str]], now: datetime) -> bool:
        """Whether one of the messages (number, content) went out within the window."""
        return any(
            now - sent < DUPLICATE_WINDOW
            for number, content in messages
            if (sent := self._sent.get((endpoint, number, content))) is not None
        )

    def record_sent(self, endpoint: str, messages: Iterable[tuple[str, str]], now: datetime) -> None:
        for number, content in messages:
            self._sent[(endpoint, number, content)] = now
        if len(self._sent) > self._forget_at:  # a long-running fake forgets what is past the window
            self._sent = {key: when for key, when in self._sent.items() if now - when < DUPLICATE_WINDOW}
            # Not again before as many more are sent: with all of them in the window (a clock that
            # stands still), a pass each message would make every send cost the whole memory.
            self._forget_at = max(FORGET_AFTER, 2 * len(self._sent))

    def request_id(self) -> str:
        """The next request ID: 24 hexadecimal digits, the same sequence for the same seed."""
        return f"{self._ids.getrandbits(96):024x}"

    def otp(self, length: int) -> str:
        return "".join(str(self._otps.randrange(10)) for _ in range(length))

    def chance(self) -> float:
        """A number in [0, 1) from the seed, for a rule that fails by probability."""
        return self._chances.random()
