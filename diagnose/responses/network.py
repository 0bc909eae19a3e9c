"""An exception a requests or httpx call raised in; the network failure it stands for out.

Read by the classes of the exception (module and name, along its MRO), so that neither library is
imported: an exception from either can only exist once its library is. Where one class covers
failures before and after the request was written (requests' ``ConnectionError``), only a cause
that says nothing was sent (urllib3's ``NewConnectionError``) makes it a connect failure; any
other is the failure after which the request may have been accepted.
"""

from __future__ import annotations

from ..vocabulary import NetworkFailure

_FAILED, _TIMEOUT, _TLS = NetworkFailure.CONNECT_FAILED, NetworkFailure.CONNECT_TIMEOUT, NetworkFailure.TLS_FAILED
_READ, _LOST = NetworkFailure.READ_TIMEOUT, NetworkFailure.CONNECTION_LOST

FAILURES: dict[str, NetworkFailure] = {
    "httpx.ConnectError": _FAILED,
    "httpx.ProxyError": _FAILED,
    "httpx.ConnectTimeout": _TIMEOUT,
    "httpx.PoolTimeout": _TIMEOUT,
    "httpx.ReadTimeout": _READ,
    "httpx.WriteTimeout": _LOST,
    "httpx.WriteError": _LOST,
    "httpx.ReadError": _LOST,
    "httpx.RemoteProtocolError": _LOST,
    "requests.exceptions.SSLError": _TLS,
    "requests.exceptions.ProxyError": _FAILED,
    "requests.exceptions.ConnectTimeout": _TIMEOUT,
    "requests.exceptions.ReadTimeout": _READ,
    "requests.exceptions.ChunkedEncodingError": _LOST,
    "requests.exceptions.ConnectionError": _LOST,
}
"""Each class of the two libraries that names one failure, by its qualified name. Their base
classes (``httpx.TimeoutException``, ``requests.exceptions.Timeout``) are not here: they do
not say whether the request was written."""

CLIENT_MODULES = ("httpx", "requests")
"""The libraries whose exceptions ``diagnose()`` reads."""

_CAUSES_LOOKED_AT = 8
"""How far down ``__cause__`` and ``__context__`` a cause is looked for."""


def qualified_name(cls: type) -> str:
    return f"{getattr(cls, '__module__', '')}.{getattr(cls, '__qualname__', '')}"


def client_exception_name(raw: object) -> str | None:
    """``httpx.ReadTimeout``: the name of the exception's class when it or a base class comes
    from requests or httpx; None for any other object."""
    if not isinstance(raw, BaseException):
        return None
    for cls in type(raw).__mro__:
        module = str(getattr(cls, "__module__", ""))
        if module.split(".", 1)[0] in CLIENT_MODULES:
            return qualified_name(type(raw))
    return None


def network_failure(raised: BaseException) -> NetworkFailure | None:
    """The failure a requests or httpx exception stands for; None for one that names none
    (an invalid URL, too many redirects, a base class that does not say when it failed)."""
    for cls in type(raised).__mro__:
        failure = FAILURES.get(qualified_name(cls))
        if failure is None:
            continue
        if failure is _FAILED and _caused_by(raised, "ssl.SSLError"):
            return _TLS  # httpx raises ConnectError for a failed TLS handshake
        if qualified_name(cls) == "requests.exceptions.ConnectionError":
            return _FAILED if _no_connection(raised) else _LOST
        return failure
    return None


def _caused_by(raised: BaseException, name: str) -> bool:
    """Whether an exception of class ``name`` (or a subclass) is among the causes of ``raised``."""
    seen: BaseException | None = raised
    for _ in range(_CAUSES_LOOKED_AT):
        seen = seen.__cause__ or seen.__context__ if seen is not None else None
        if seen is None:
            return False
        if any(qualified_name(cls) == name for cls in type(seen).__mro__):
            return True
    return False


def _no_connection(raised: BaseException) -> bool:
    """Whether requests' ``ConnectionError`` says no connection was made: urllib3's retries ended
    on a ``NewConnectionError`` (refused, name not resolved, no route), its ``reason``."""
    try:
        reason = getattr(raised.args[0], "reason", None) if raised.args else None
    except Exception:  # a property of foreign code that fails: no cause known
        return False
    return isinstance(reason, BaseException) and any(
        qualified_name(cls) == "urllib3.exceptions.NewConnectionError" for cls in type(reason).__mro__
    )
