"""Transport faults: what reaches a client when the provider's answer does not.

Each fault makes its response from the catalog's transport entries (their example bodies) or
from the answer the fake would have given (truncated, delayed); none writes a wording of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from ..catalog.answers import transport_answer
from ..catalog.model import Catalog, Entry
from ..records import Record
from ..vocabulary import NetworkFailure
from .exchange import FakeResponse
from .responses import response_of

Answering = Callable[[], FakeResponse]
Sleeping = Callable[[float], None]


class RateLimited(Record):
    """HTTP 429 with ``Retry-After`` (seconds), and the catalog's 429 body."""

    retry_after: int = 1


class ServerError(Record):
    """A 5xx status with the catalog's server-error body."""

    status: int = 503


class GatewayPage(Record):
    """A gateway's HTML page (the catalog's), with ``status``: 502 by default, as a gateway sends
    it (diagnosed as a server error, by its status); 200 shows the page itself."""

    status: int = 502


class EmptyBody(Record):
    """No body at all, with ``status``."""

    status: int = 200


class Truncated(Record):
    """The answer the fake would give, cut to ``keep`` of its bytes (at least one is cut)."""

    keep: float = 0.5


class Delay(Record):
    """The answer the fake would give, after ``seconds`` on the fake's sleeper."""

    seconds: float


class Reset(Record):
    """No answer: the connection fails as ``network`` says (a NetworkFailure member)."""

    network: str = NetworkFailure.CONNECTION_LOST


Fault = RateLimited | ServerError | GatewayPage | EmptyBody | Truncated | Delay | Reset


def checked(fault: Fault) -> Fault:
    """``fault`` when the fake can give it as the provider's side would; ValueError naming what
    it can give instead (a server error of status 200 would be a success's status with an error's
    body, which nothing could diagnose back)."""
    from ..vocabulary import NetworkFailure

    def whole(value: object, low: int, high: int) -> bool:
        return type(value) is int and low <= value <= high

    def seconds(value: object) -> bool:
        return type(value) in (int, float) and 0 <= value <= 3600  # type: ignore[operator]

    problem = None
    if isinstance(fault, RateLimited) and not whole(fault.retry_after, 0, 86_400):
        problem = "RateLimited(retry_after=...) is whole seconds, from 0 to 86400"
    elif isinstance(fault, ServerError) and not whole(fault.status, 500, 599):
        problem = "ServerError(status=...) is a 5xx status"
    elif isinstance(fault, GatewayPage) and not (whole(fault.status, 500, 599) or fault.status == 200):
        problem = "GatewayPage(status=...) is a 5xx status, or 200 to show the page itself"
    elif isinstance(fault, EmptyBody) and not whole(fault.status, 200, 599):
        problem = "EmptyBody(status=...) is an HTTP status from 200 to 599"
    elif isinstance(fault, Truncated) and not (type(fault.keep) in (int, float) and 0 <= fault.keep < 1):
        problem = "Truncated(keep=...) is the share of the body kept, from 0 up to 1"
    elif isinstance(fault, Delay) and not seconds(fault.seconds):
        problem = "Delay(seconds=...) is from 0 to 3600 seconds"
    elif isinstance(fault, Reset) and fault.network not in {str(failure) for failure in NetworkFailure}:
        failures = ", ".join(str(failure) for failure in NetworkFailure)
        problem = f"Reset(network=...) is one of {failures}"
    elif not isinstance(fault, FAULTS):
        kinds = ", ".join(kind.__name__ for kind in FAULTS)
        raise TypeError(f"a fault is one of {kinds}, not {type(fault).__name__}")
    if problem is not None:
        raise ValueError(f"{problem}, not {fault!r:.60}")
    return fault


FAULTS: tuple[type[Fault], ...] = (RateLimited, ServerError, GatewayPage, EmptyBody, Truncated, Delay, Reset)


def fault_of_entry(entry: Entry) -> Fault:
    """The fault that gives a transport entry's answer (its name passed to ``fail_next``)."""
    when = entry.when
    if when is None:
        raise ValueError(f"{entry.name} is not a transport failure")
    if when.network:
        return Reset(network=when.network)
    if "429" in when.http_status:
        return RateLimited()
    if when.http_status:
        return ServerError()
    if when.body == "html":
        return GatewayPage(status=200)
    return EmptyBody()


def fault_response(fault: Fault, catalog: Catalog, answer: Answering, sleep: Sleeping) -> FakeResponse:
    """The response ``fault`` gives; ``answer`` makes the one the fake would have given."""
    if isinstance(fault, RateLimited):
        made = response_of(transport_answer(_entry(catalog, "TRANSPORT_RATE_LIMITED"), 429))
        return FakeResponse(
            status=made.status, headers=(*made.headers, ("Retry-After", str(fault.retry_after))), body=made.body
        )
    if isinstance(fault, ServerError):
        return response_of(transport_answer(_entry(catalog, "TRANSPORT_SERVER_ERROR"), fault.status))
    if isinstance(fault, GatewayPage):
        return response_of(transport_answer(_entry(catalog, "TRANSPORT_GATEWAY_PAGE"), fault.status))
    if isinstance(fault, EmptyBody):
        return FakeResponse(status=fault.status, headers=(("Content-Type", "text/plain"),), body=b"")
    if isinstance(fault, Reset):
        return FakeResponse(status=200, headers=(), body=b"", network=NetworkFailure(fault.network).value)
    given = answer()
    if isinstance(fault, Truncated):
        kept = min(int(len(given.body) * fault.keep), max(len(given.body) - 1, 0))
        return FakeResponse(status=given.status, headers=given.headers, body=given.body[:kept])
    sleep(fault.seconds)
    return FakeResponse(status=given.status, headers=given.headers, body=given.body, delay=fault.seconds)


def fault_from_json(fields: dict[str, object]) -> Fault:
    """A fault from the control API's JSON: ``{"fault": "rate-limited", "retry_after": 3}``."""
    kind = fields.get("fault")
    names = {_kebab(cls.__name__): cls for cls in FAULTS}
    if kind not in names:
        raise ValueError(f"fault must be one of {', '.join(names)}, not {kind!r}")
    cls = names[str(kind)]
    options = {key: value for key, value in fields.items() if key != "fault"}
    takes: tuple[str, ...] = getattr(cls, "_record_fields", ())
    for key, value in options.items():
        if key not in takes:
            raise ValueError(f"a {kind} fault takes {', '.join(takes) or 'no options'}, not {key!r}")
        if key == "network":
            if value not in {member.value for member in NetworkFailure}:
                raise ValueError(f"network must be one of {', '.join(NetworkFailure)}, not {value!r}")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 600:
            raise ValueError(f"{key} must be a number from 0 to 600, not {value!r}")
    return cls(**options)  # type: ignore[arg-type]


def _kebab(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name).lstrip("-")


def _entry(catalog: Catalog, name: str) -> Entry:
    entry = catalog.by_name(name)
    if entry is None:
        raise LookupError(f"the catalog has no entry {name}, which the fault answers with")
    return entry
