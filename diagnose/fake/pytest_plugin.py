"""The pytest plugin of the fake SMS API (the ``pytest11`` entry point ``diagnose.fake.pytest_plugin``):
the fixture ``sms_fake``, a fresh ``SmsFake`` for each test.

``@pytest.mark.sms_fake(authkeys=["KEY"], balance=5, ...)`` gives the fake of a test (or of a
module, through ``pytestmark``) its options. ``pytest --sms-fake-journal FILE`` writes every
answer every test's fake gave to one journal, for ``sms-diagnose check FILE`` to gate the run's
traffic. The plugin imports nothing of the fake until a test asks for the fixture, so a suite
that does not use it pays nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .harness import SmsFake
    from .journal import Journal

MARKER = "sms_fake"
JOURNAL_OPTION = "--sms-fake-journal"
_journal_key = pytest.StashKey["Journal | None"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("sms-diagnose").addoption(
        JOURNAL_OPTION,
        metavar="FILE",
        default=None,
        help="write every answer the sms_fake fixture gives, in every test, to FILE as JSON Lines records "
        "for sms-diagnose check (FILE is replaced; authkeys and phone numbers masked)",
    )


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption(JOURNAL_OPTION, None)
    if path is not None and not hasattr(config, "workerinput"):  # the run's own process, xdist's or not
        import os

        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)  # logs/ in a fresh checkout
        open(path, "w", encoding="utf-8").close()  # replaced once a run; every process appends to it
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
    journal = _shared_journal(request.config)
    if journal is not None:
        fake.observers.append(lambda sent, answer: journal.write(sent, answer, fake.clock()))
    try:
        yield fake
    finally:
        fake.close()


def _shared_journal(config: pytest.Config) -> Journal | None:
    """The run's journal (``--sms-fake-journal``), opened when a test first asks for the fixture."""
    if _journal_key not in config.stash:
        path = config.getoption(JOURNAL_OPTION)
        if path is None:
            config.stash[_journal_key] = None
        else:
            from .journal import Journal

            journal = Journal(path, append=True)
            config.stash[_journal_key] = journal
            config.add_cleanup(journal.close)
    return config.stash[_journal_key]
