"""A fake of the SMS API for integrators' tests, answering as the provider does, from the catalog.

``FakeSmsApi`` is the engine (a request in, a response out, with its state); ``make_wsgi_app``
serves it to any WSGI server, with a control API under ``/__fake/``. The faults are the transport
failures a test can inject besides any catalog entry by name.

In process, without a socket: ``FakeTransport`` and ``AsyncFakeTransport`` for httpx,
``FakeAdapter`` for requests (each module imports its library when it is first named here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .clock import FakeClock
from .engine import FakeSmsApi
from .exchange import FakeRequest, FakeResponse
from .faults import Delay, EmptyBody, Fault, GatewayPage, RateLimited, Reset, ServerError, Truncated
from .injection import FailureRule
from .wsgi import make_wsgi_app

if TYPE_CHECKING:
    from .httpx_transport import AsyncFakeTransport, FakeTransport
    from .requests_adapter import FakeAdapter

_LAZY = {
    "FakeTransport": "httpx_transport",
    "AsyncFakeTransport": "httpx_transport",
    "FakeAdapter": "requests_adapter",
}

__all__ = [
    "AsyncFakeTransport",
    "Delay",
    "EmptyBody",
    "FailureRule",
    "FakeAdapter",
    "FakeClock",
    "FakeRequest",
    "FakeResponse",
    "FakeSmsApi",
    "FakeTransport",
    "Fault",
    "GatewayPage",
    "RateLimited",
    "Reset",
    "ServerError",
    "Truncated",
    "make_wsgi_app",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(__import__(f"{__name__}.{module}", fromlist=[name]), name)
