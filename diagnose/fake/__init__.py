"""A fake of the SMS API for integrators' tests, answering as the provider does, from the catalog.

``FakeSmsApi`` is the engine (a request in, a response out, with its state); ``make_wsgi_app``
serves it to any WSGI server, with a control API under ``/__fake/``. The faults are the transport
failures a test can inject besides any catalog entry by name.
"""

from __future__ import annotations

from .clock import FakeClock
from .engine import FakeSmsApi
from .exchange import FakeRequest, FakeResponse
from .faults import Delay, EmptyBody, Fault, GatewayPage, RateLimited, Reset, ServerError, Truncated
from .injection import FailureRule
from .wsgi import make_wsgi_app

__all__ = [
    "Delay",
    "EmptyBody",
    "FailureRule",
    "FakeClock",
    "FakeRequest",
    "FakeResponse",
    "FakeSmsApi",
    "Fault",
    "GatewayPage",
    "RateLimited",
    "Reset",
    "ServerError",
    "Truncated",
    "make_wsgi_app",
]
