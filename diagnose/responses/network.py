"""An exception a requests or httpx call raised in; the network failure it stands for out.

Read by the classes of the exception (module and name, along its MRO) and of its causes, by the
tables of diagnose.vocabulary (``NETWORK_EXCEPTIONS``, ``NETWORK_CAUSES``), so that neither
library is imported: an exception from either can only exist once its library is.
"""

from __future__ import annotations

from ..vocabulary import NETWORK_CAUSES, NETWORK_EXCEPTIONS, NetworkFailure

_FAILURES = dict(NETWORK_EXCEPTIONS)
_CAUSES: dict[str, tuple[tuple[str, NetworkFailure], ...]] = {
    raised: tuple((cause, failure) for name, cause, failure in NETWORK_CAUSES if name == raised)
    for raised, _, _ in NETWORK_CAUSES
}

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
        name = qualified_name(cls)
        failure = _FAILURES.get(name)
        if failure is None:
            continue
        causes = _causes(raised) if name in _CAUSES else ()
        for cause, instead in _CAUSES.get(name, ()):
            if any(cause in names for names in causes):
                return instead
        return failure
    return None


def _causes(raised: BaseException) -> list[set[str]]:
    """The class names (each with its bases) of the exceptions that caused ``raised``: its
    ``__cause__`` and ``__context__`` chain, and the ``reason`` of its first argument (urllib3's
    ``MaxRetryError``, which requests wraps)."""
    found: list[BaseException] = []
    seen: BaseException | None = raised
    for _ in range(_CAUSES_LOOKED_AT):
        seen = (seen.__cause__ or seen.__context__) if seen is not None else None
        if seen is None:
            break
        found.append(seen)
    try:
        reason = getattr(raised.args[0], "reason", None) if raised.args else None
    except Exception:  # a property of foreign code that fails: no cause known there
        reason = None
    if isinstance(reason, BaseException):
        found.append(reason)
    return [{qualified_name(cls) for cls in type(cause).__mro__} for cause in found]
