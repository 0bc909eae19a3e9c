"""One exchange as every way in serves it: the control API's paths to the control API, every
other path to the fake provider."""

from __future__ import annotations

from .control import control_response, is_control
from .engine import FakeSmsApi
from .exchange import FakeRequest, FakeResponse


def served(fake: FakeSmsApi, request: FakeRequest) -> FakeResponse:
    """The answer to ``request``: the control API's under ``/__fake/``, else the provider's."""
    if is_control(request.path):
        return control_response(fake, request)
    return fake.handle(request)


def later_than(delay: float, timeout: float | None) -> bool:
    """Whether an answer held back ``delay`` seconds comes after a client's read ``timeout``."""
    return timeout is not None and delay > timeout
