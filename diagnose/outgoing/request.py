"""A request in any form in; the send API it is for and its parameters out.

A request is a mapping of its body's fields, a JSON body, a query string, a URL, a recorded
request (``{"url": ..., "headers": ..., "body": ...}``), or an HTTP request object of
``requests`` or ``httpx``. Its API is named by its URL's path (``catalog.apis[...].endpoints``);
a body alone by its keys. Query parameters and body fields are merged, the body's winning, as
PHP's ``$_REQUEST`` does; a key given twice in a query string is its last value, as PHP reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import unquote_plus, urlsplit

from ..catalog.model import Api, Catalog
from ..limits import DEFAULT_MAX_BYTES
from ..records import Record
from ..responses.decode import charset, text_of
from ..responses.wire import loads_json

RECORDED_REQUEST_KEYS = frozenset({"method", "url", "headers", "body"})
"""The keys of a recorded request: a mapping with a url and no other key is one."""


class UnrecognisedRequest(ValueError):
    """A request that is not one of a send API the catalog describes: ``preflight()`` does not
    guess which API it is for. The message says why, with nothing from the request but its keys."""


class SendRequest(Record):
    """A request read: its API, its merged parameters, and its headers (None: not known, as
    for a body or a URL alone; only a request whose headers are known can lack an authkey)."""

    api: Api
    values: Mapping[str, Any]
    headers: Mapping[str, str] | None


def read_request(request: object, catalog: Catalog) -> SendRequest:
    """``request`` as a SendRequest; UnrecognisedRequest when it names no API, or TypeError
    when it is not a request at all."""
    if type(request) is dict and "url" not in request:
        return _named(request, catalog)
    if isinstance(request, Mapping):
        if "url" in request and RECORDED_REQUEST_KEYS.issuperset(request):
            return _recorded(request, catalog)
        return _named(request if type(request) is dict else dict(request), catalog)
    if isinstance(request, (str, bytes, bytearray, memoryview)):
        text = request_text(request).strip()
        if text.startswith(("http://", "https://", "/")):
            return _http(text, None, b"", None, catalog)
        fields = _body_fields(text, None)
        if "url" in fields and RECORDED_REQUEST_KEYS.issuperset(fields):
            return _recorded(fields, catalog)
        return _named(fields, catalog)
    url = getattr(request, "url", None)
    if url is not None and hasattr(request, "headers") and hasattr(request, "method"):
        return _request_object(request, catalog)
    raise TypeError(
        "preflight() takes a request: a dict of its fields, a JSON body, a query string, a URL, "
        f"or a requests or httpx request, not {type(request).__name__}"
    )


def _request_object(request: Any, catalog: Catalog) -> SendRequest:
    kind = type(request)
    has_content = isinstance(getattr(kind, "content", None), property)  # httpx.Request reads it on demand
    if not hasattr(request, "body") and not has_content and hasattr(request, "prepare"):
        try:
            request = request.prepare()  # a requests.Request, not yet prepared
        except Exception as exc:  # requests' own errors: a URL without a scheme, for one
            raise UnrecognisedRequest(
                f"it cannot be prepared as requests would send it ({type(exc).__name__})"
            ) from None
    headers = _header_fields(request.headers)
    if has_content:
        try:
            body = request.content
        except Exception as exc:  # httpx.RequestNotRead: a streamed or multipart body is not read here
            raise UnrecognisedRequest(f"its body is a stream that was not read ({type(exc).__name__})") from None
    else:
        body = getattr(request, "body", None)
    if body is None:
        body = b""
    if not isinstance(body, (bytes, str)):
        raise UnrecognisedRequest(f"its body is a {type(body).__name__}, not bytes: a stream is not read")
    return _http(str(request.url), headers, body, headers.get("content-type"), catalog)


def _recorded(record: Mapping[str, Any], catalog: Catalog) -> SendRequest:
    url, headers, body = record["url"], record.get("headers"), record.get("body")
    if not isinstance(url, str):
        raise TypeError(f"a recorded request's url is a string, not {type(url).__name__}")
    if headers is not None and not isinstance(headers, Mapping):
        raise TypeError(f"a recorded request's headers are an object, not {type(headers).__name__}")
    lowered = None if headers is None else _header_fields(headers)
    if isinstance(body, Mapping):
        return _http(url, lowered, b"", None, catalog, fields=_fields(body, "its body"))
    if body is not None and not isinstance(body, str):
        raise TypeError(f"a recorded request's body is a string or an object, not {type(body).__name__}")
    return _http(url, lowered, body or "", lowered.get("content-type") if lowered else None, catalog)


def _header_fields(headers: Any) -> dict[str, str]:
    """Headers by lower-case name; a header without a value (``null``) is not there."""
    try:
        return {str(k).lower(): str(v) for k, v in headers.items() if v is not None}
    except (AttributeError, TypeError, ValueError):
        raise UnrecognisedRequest("its headers are not names with values") from None


def _http(
    url: str,
    headers: dict[str, str] | None,
    body: bytes | str,
    content_type: str | None,
    catalog: Catalog,
    *,
    fields: dict[str, Any] | None = None,
) -> SendRequest:
    if len(url) + len(body) > DEFAULT_MAX_BYTES:
        raise UnrecognisedRequest(f"larger than {DEFAULT_MAX_BYTES:,} bytes, not read")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise UnrecognisedRequest(f"its URL cannot be read ({type(exc).__name__})") from None
    path = parts.path.rstrip("/").lower()
    api = next((a for a in catalog.apis.values() if any(path.endswith(e) for e in a.endpoints)), None)
    if api is None:
        known = ", ".join(e for a in catalog.apis.values() for e in a.endpoints)
        raise UnrecognisedRequest(f"its URL's path is none of the send APIs ({known})")
    values: dict[str, Any] = query_fields(parts.query)
    if fields is None:
        text = request_text(body, content_type).strip()
        fields = _body_fields(text, content_type) if text else {}
    values.update(fields)
    return SendRequest(api, values, headers)


@lru_cache(maxsize=4)
def _naming_keys(catalog: Catalog) -> tuple[tuple[str, Api], ...]:
    return tuple((key, api) for api in catalog.apis.values() for key in api.keys)


def _named(values: dict[str, Any], catalog: Catalog) -> SendRequest:
    return SendRequest(named_api(values, catalog), values, None)


def named_api(values: Mapping[str, Any], catalog: Catalog) -> Api:
    """The API a body alone names by its keys; UnrecognisedRequest for none, or more than one."""
    first: Api | None = None
    for key, api in _naming_keys(catalog):
        if key in values:
            if first is None:
                first = api
            elif api is not first:
                first = None
                break
    else:
        if first is not None:
            foreign = _foreign_keys(values, first, catalog)
            if not foreign:
                return first
            others = ", ".join(foreign)
            raise UnrecognisedRequest(
                f"it has the key of {first.title} ({', '.join(k for k in first.keys if k in values)}) and keys it does "
                f"not take that other send APIs do ({others}); give its URL"
            )
    matching = [api for api in catalog.apis.values() if any(key in values for key in api.keys)]
    if not matching:
        known = "; ".join(f"{', '.join(a.keys)} ({a.title})" for a in catalog.apis.values())
        raise UnrecognisedRequest(f"it has none of the keys that name a send API: {known}")
    both = " and ".join(f"{a.title} ({', '.join(k for k in a.keys if k in values)})" for a in matching)
    raise UnrecognisedRequest(f"it has keys of more than one send API: {both}; give its URL")


@lru_cache(maxsize=4)
def _foreign(catalog: Catalog) -> dict[str, frozenset[str]]:
    """For each API, the top-level keys it does not take and another send API does (the keys
    that name an API and its parameters' first keys)."""
    known = {}
    for key, api in catalog.apis.items():
        firsts = (name for path in api.parameters.values() for name in path.split(".")[0].removesuffix("[]").split("|"))
        known[key] = frozenset((*api.keys, *firsts))
    everything = frozenset().union(*known.values())
    return {key: everything - own for key, own in known.items()}


def _foreign_keys(values: Mapping[str, Any], api: Api, catalog: Catalog) -> list[str]:
    """The keys of ``values`` that ``api`` does not take and another send API does: a body that
    has them is not clearly of ``api`` (``mobile`` for ``mobiles`` beside sendhttp's sender)."""
    foreign = _foreign(catalog)[api.key]
    return [] if foreign.isdisjoint(values) else [key for key in values if key in foreign]


def request_text(
    data: str | bytes | bytearray | memoryview, content_type: str | None = None, *, limit: int = DEFAULT_MAX_BYTES
) -> str:
    """The text of a request or its body: a str as it is; bytes read by the one step every
    body takes (``text_of``: a byte-order mark, else the Content-Type's charset, else UTF-8).
    Bytes that do not decode are refused: a request is checked as it would be sent, and one
    that is not text in its encoding is not guessed at."""
    if isinstance(data, str):
        if len(data) > limit:
            raise UnrecognisedRequest(f"larger than {limit:,} characters, not read")
        return data
    raw = bytes(data)
    if len(raw) > limit:
        raise UnrecognisedRequest(f"larger than {limit:,} bytes, not read")
    text = text_of(raw, content_type)
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a byte that did not decode, kept as a surrogate escape
            if charset(content_type):
                raise UnrecognisedRequest("not text in the charset its Content-Type names") from None
            where = len(text[: exc.start].encode("utf-8", "surrogateescape"))
            raise UnrecognisedRequest(f"not UTF-8 (a byte that does not decode at byte {where})") from None
    return text


def _body_fields(text: str, content_type: str | None) -> dict[str, Any]:
    """A body's fields: a JSON object, or form fields (a query string)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind.startswith("multipart/"):
        raise UnrecognisedRequest("its body is multipart form data, which is not read here")
    if kind.endswith("json") or (not kind and text.startswith(("{", "["))):
        try:
            value = loads_json(text)
        except (ValueError, RecursionError) as exc:
            raise UnrecognisedRequest(f"its body is not JSON ({str(exc).split(':')[0]})") from None
        return _fields(value, "its JSON body")
    if text.startswith(("{", "[", "<")):
        raise UnrecognisedRequest("its body is not form fields, as its Content-Type says")
    return query_fields(text)


def query_fields(text: str) -> dict[str, Any]:
    """A query string's or form body's fields, as PHP reads them: ``+`` is a space, ``%XX`` a
    byte of UTF-8 (a bad one the replacement character), a key given twice its last value, and
    ``key[]`` an item of the list ``key`` (else what ``urllib.parse.parse_qsl`` gives, blank
    values kept, at a third of its cost)."""
    fields: dict[str, Any] = {}
    for pair in text.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        if "%" in key or "+" in key:
            key = unquote_plus(key)
        if "%" in value or "+" in value:
            value = unquote_plus(value)
        if key.endswith("[]") and len(key) > 2:  # PHP's list: mobiles[]=...&mobiles[]=...
            items = fields.setdefault(key[:-2], [])
            if isinstance(items, list):
                items.append(value)
                continue
        fields[key] = value
    return fields


def _fields(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise UnrecognisedRequest(f"{what} is a JSON {type(value).__name__}, not an object of fields")
    if not all(isinstance(key, str) for key in value):
        raise TypeError(f"{what} has a key that is not a string")
    return dict(value)
