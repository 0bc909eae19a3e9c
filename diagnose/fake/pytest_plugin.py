"""The pytest plugin of the fake SMS API (the ``pytest11`` entry point ``diagnose.fake.pytest_plugin``):
the fixture ``sms_fake``, a fresh ``SmsFake`` for each test.

``@pytest.mark.sms_fake(authkeys=["KEY"], balance=5, ...)`` gives the fake of a test (or of a
module, through ``pytestmark``) its options. The plugin imports nothing of the fake until a test
asks for the fixture, so a suite that does not use it pays nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .harness import SmsFake

MARKER = "sms_fake"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): the options of the sms_fake fixture's fake SMS API (authkeys, allowed_ips, "
        "balance, seed, dlt_templates, v5_fail_envelope, base_url, client_ip, ...)",
    )


@pytest.fixture
def sms_fake(request: pytest.FixtureRequest) -> Iterator[SmsFake]:
    """A fake SMS API for this test: ``sms_fake.httpx_client()``, ``sms_fake.requests_session()``,
    ``sms_fake.base_url``, ``sms_fake.fail_next("IP_NOT_WHITELISTED")``, ``sms_fake.advance(60)``,
    ``sms_fake.otp_sent_to(number)``, ``sms_fake.deliver()``, ``sms_fake.serve()``. Seed 0 and
    a clock that stands still unless moved."""
    from .harness import SmsFake

    options: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers(MARKER))):  # the nearest marker's options win
        options.update(marker.kwargs)
    fake = SmsFake(**options)
    try:
        yield fake
    finally:
        fake.close()
