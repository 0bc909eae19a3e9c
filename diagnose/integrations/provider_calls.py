"""Which calls are the provider's: a URL in; whether a hook acts on it out.

By default a call is the provider's when its host is one the catalog lists (``hosts:`` in
data/catalog.yaml: ``api.msg91.com``, ``control.msg91.com``, ``sendotp.msg91.com``); a service's
own pages (``/docs``, ``/openapi.json``) and any other API pass every hook untouched. ``hosts``
replaces that list (a name, or ``name:port``); ``base_url`` adds a URL prefix, for a proxy of
your own or a local fake of the API (``http://127.0.0.1:8080/api``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import SplitResult, urlsplit

from ..catalog.model import load_catalog

_DEFAULT_PORTS = {"http": 80, "https": 443}


class ProviderCalls:
    """The calls a hook acts on: those to ``hosts`` (the catalog's when None), and those under
    ``base_url`` (a URL prefix, or several), which adds to the hosts rather than replacing them."""

    __slots__ = ("_base_urls", "_hosts")

    def __init__(self, *, hosts: Iterable[str] | None = None, base_url: str | Iterable[str] | None = None) -> None:
        self._hosts = None if hosts is None else frozenset(_host(name, "hosts") for name in _texts(hosts, "hosts"))
        self._base_urls = tuple(_prefix(url) for url in _texts(base_url, "base_url")) if base_url is not None else ()

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
            host = (parts.hostname or "").lower()
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
        return f"ProviderCalls(hosts={sorted(self.hosts)!r}, base_url={[p[3] for p in self._base_urls]!r})"


_Prefix = tuple[str, str, int | None, str]
"""A base URL as compared: scheme, host, port, path without its final slash."""


def _under(parts: SplitResult, host: str, port: int | None, prefix: _Prefix) -> bool:
    scheme, prefix_host, prefix_port, path = prefix
    if parts.scheme.lower() != scheme or host != prefix_host or port != prefix_port:
        return False
    return not path or parts.path == path or parts.path.startswith(path + "/")


def _prefix(url: str) -> _Prefix:
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError as error:
        raise ValueError(f"base_url must be an http or https URL, not {url!r:.60}") from error
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"base_url must be an http or https URL, not {url!r:.60}")
    return (parts.scheme.lower(), parts.hostname.lower(), port, parts.path.rstrip("/"))


def _host(name: str, argument: str) -> str:
    text = name.strip().lower()
    if not text or "/" in text or " " in text:
        raise ValueError(f"{argument} must name hosts (api.msg91.com, 127.0.0.1:8080), not {name!r:.60}")
    return text


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
