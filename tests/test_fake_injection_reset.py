"""A network failure the fake cannot give is refused when it is injected, with the ones it can,
not later inside the client's call (second new-user walk)."""

from __future__ import annotations

import pytest

from diagnose.fake import FakeSmsApi, Reset
from diagnose.vocabulary import NetworkFailure


def test_an_unknown_network_failure_is_refused_with_the_known_ones() -> None:
    fake = FakeSmsApi()
    with pytest.raises(ValueError) as caught:
        fake.fail_next(Reset(network="nonsense"))
    assert str(caught.value) == (
        "Reset(network=...) is one of connect-failed, connect-timeout, tls-failed, read-timeout, "
        "connection-lost, not Reset(network='nonsense')"
    )
    assert not fake.rules
    for failure in NetworkFailure:
        fake.fail_next(Reset(network=str(failure)))
    assert len(fake.rules) == len(NetworkFailure)
