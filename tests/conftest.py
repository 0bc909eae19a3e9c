from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from .local_api import ProviderAnswers
from .site_server import serve_handler

ROOT = Path(__file__).resolve().parent.parent

settings.register_profile(
    "ci", max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run as in a CI log: the width of the terminal the suite runs in (COLUMNS, which
    pytest-xdist's workers inherit, and readline sets) lays out no test's output; a test that wants a width sets it."""
    monkeypatch.delenv("COLUMNS", raising=False)
    os.unsetenv("COLUMNS")  # also where readline set it behind os.environ's back: a child process sees that


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/, for tests that break the catalog on purpose."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    with serve_handler(ProviderAnswers) as url:
        yield url + "api"
