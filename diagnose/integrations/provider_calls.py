"""Which calls are the provider's: a URL in; whether a hook acts on it out.

By default a call is the provider's when its host is one the catalog lists (``hosts:`` in
data/catalog.yaml: ``api.msg91.com``, ``control.msg91.com``, ``sendotp.msg91.com``); a service's
own pages (``/docs``, ``/openapi.json``) and any other API pass every hook untouched. ``hosts``
replaces that list (a name, or ``name:port``); ``base_url`` adds a URL prefix, for a proxy of
your own or a local fake of the API (``http://127.0.0.1:8080/api``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import SplitResult, urlsplit

from ..catalog.model import load_catalog
from ..redaction import printable

_DEFAULT_PORTS = {"http": 80, "https": 443}


class ProviderCalls:
    """The calls a hook acts on: those to ``hosts`` (the catalog's when None), and those under
    ``base_url`` (a URL prefix, or several), which adds to the hosts rather than replacing them."""

    __slots__ = ("_base_urls", "_hosts")

    def __init__(self, *, hosts: Iterable[str] | None = None, base_url: str | Iterable[str] | None = None) -> None:
        self._hosts = None if hosts is None else frozenset(_host(name, "hosts") for name in _texts(hosts, "hosts"))
        self._base_urls = tuple(_prefix(url) for url in _texts(base_url, "base_url")) if base_url is not None else ()
        if self._hosts is not None and not self._hosts and not self._base_urls:
            raise ValueError("hosts is empty and no base_url is given: the hook would act on no call")

    @property
    def hosts(self) -> frozenset[str]:
        """The hosts acted on (``name`` or ``name:port``): the catalog's unless given."""
        if self._hosts is None:
            self._hosts = frozenset(load_catalog().hosts)  # on first use: making a hook reads no catalog
        return self._hosts

    def covers(self, url: object) -> bool:
        """Whether a call to ``url`` (a str, or httpx's URL) is the provider's. A URL that cannot
        be read is not: the hook leaves it alone."""
        try:
            parts = urlsplit(str(url))
            host = _host_name(parts.hostname or "")
            port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
        except ValueError:
            return False
        if not host:
            return False
        hosts = self.hosts
        if host in hosts or f"{host}:{port}" in hosts:
            return True
        return any(_under(parts, host, port, prefix) for prefix in self._base_urls)

    def __repr__(self) -> str:
        bases = [f"{scheme}://{host}:{port}{path}" for scheme, host, port, path in self._base_urls]
        return f"ProviderCalls(hosts={sorted(self.hosts)!r}, base_url={bases!r})"


_Prefix = tuple[str, str, int | None, str]
"""A base URL as compared: scheme, host, port, path without its final slash."""


def _under(parts: SplitResult, host: str, port: int | None, prefix: _Prefix) -> bool:
    scheme, prefix_host, prefix_port, path = prefix
    if parts.scheme.lower() != scheme or host != prefix_host or port != prefix_port:
        return False
    called = posixpath.normpath(parts.path) if "/." in parts.path else parts.path  # /api/../admin is /admin
    return not path or called == path or called.startswith(path + "/")


def _host_name(hostname: str) -> str:
    """A URL's host as compared: lower case, without the trailing dot of a fully qualified name,
    an international name in its ASCII (IDNA) form, an IPv6 address in brackets."""
    name = hostname.lower().rstrip(".")
    if not name.isascii():
        name = name.encode("idna").decode("ascii")
    return f"[{name}]" if ":" in name else name


def _prefix(url: str) -> _Prefix:
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        raise ValueError(f"base_url must be an http or https URL, not {_shown(url)}") from None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname or parts.username or parts.password:
        raise ValueError(f"base_url must be an http or https URL without a user, not {_shown(url)}")
    try:
        host = _host_name(parts.hostname)
    except UnicodeError:
        raise ValueError(f"base_url must be an http or https URL, not {_shown(url)}") from None
    return (parts.scheme.lower(), host, port, parts.path.rstrip("/"))


_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::([0-9]{1,5}))?")
"""A host as ``hosts`` names it: a name or an IPv6 address in brackets, and a port if any."""


def _host(name: str, argument: str) -> str:
    text = name.strip().lower()
    head, colon, port = text.rpartition(":") if not text.endswith("]") else (text, "", "")
    text = f"{head.rstrip('.')}:{port}" if colon and head and not head.endswith(":") else text.rstrip(".")
    try:
        text = text if text.isascii() else text.encode("idna").decode("ascii")
    except UnicodeError:
        text = ""
    found = _HOST.fullmatch(text) if len(text) <= 300 else None
    if found is None or (found.group(2) is not None and not 0 < int(found.group(2)) < 65536):
        raise ValueError(f"{argument} must name hosts (api.msg91.com, 127.0.0.1:8080, [::1]:8080), not {_shown(name)}")
    return text


def _shown(text: str) -> str:
    """An argument quoted in an error message: masked (a URL may hold an authkey, as a parameter
    or as its password), printable, short."""
    head, at, tail = text[:200].rpartition("@")
    scheme, slashes, _ = head.partition("//")
    return repr(printable(f"{scheme}//\u2026@{tail}" if at and slashes else text[:200]))[:80]


def _texts(value: Any, argument: str) -> tuple[str, ...]:
    items = (value,) if isinstance(value, str) else value
    try:
        texts = tuple(items)
    except TypeError:
        raise TypeError(f"{argument} must be a str or an iterable of str, not {type(value).__name__}") from None
    for item in texts:
        if not isinstance(item, str):
            raise TypeError(f"{argument} must be a str or an iterable of str, not one holding {type(item).__name__}")
    return texts
