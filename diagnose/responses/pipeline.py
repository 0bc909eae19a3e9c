"""diagnose(): any raw response in, one Diagnosis out, in three steps: its text (``decode``),
a neutral reading of it (``fast_read``, else ``read``), and its meaning (``interpret``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeGuard

from ..arguments import MISUSE, ArgumentTypeError, ArgumentValueError, check_content_type, shown, shown_int
from ..catalog.model import Catalog, load_catalog
from ..diagnosis import Diagnosis
from ..limits import DEFAULT_MAX_BYTES, check_max_bytes
from ..vocabulary import READABLE_FORMATS, Format
from .decode import UTF8_ONLY, Body, TooLarge, body_text
from .fast_read import fast_read
from .interpret import decide
from .network import client_exception_name, network_failure
from .read import read, read_value
from .wire import dump_value


class HTTPResponse(Protocol):
    """What diagnose() reads of a requests or httpx response, without importing either."""

    @property
    def content(self) -> bytes: ...
    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...


RawResponse = bytes | bytearray | memoryview | str | Mapping[str, Any] | list[Any] | HTTPResponse | BaseException


def diagnose(
    raw: RawResponse,
    *,
    format: Format | str | None = None,
    http_status: int | None = None,
    content_type: str | None = None,
    max_bytes: int | None = None,
) -> Diagnosis:
    """Diagnose one raw response of the SMS API.

    ``raw`` is the body as bytes or str, an already-decoded JSON value (dict or list), or an
    HTTP response object with ``.content``, ``.status_code`` and ``.headers`` (requests, httpx),
    or the exception a requests or httpx call raised: a network failure is the error of its
    catalog entry, with no body and a reason naming the exception's class.
    ``format`` forces ``"string"``, ``"json"`` or ``"xml"``; otherwise the body decides.
    A body over ``max_bytes`` (default 1 MiB) is not parsed: it is unrecognised, "too large".
    Never raises for any bytes or str; raises TypeError or ValueError for misuse.
    """
    try:
        return _diagnose(raw, format, http_status, content_type, max_bytes, None)
    except MISUSE:
        raise
    except Exception as exc:  # the last-resort boundary: a bug on some body must not reach the caller
        return internal_error(raw, exc, max_bytes, http_status if isinstance(http_status, int) else None)


def diagnose_text(text: str, http_status: int | None = None) -> Diagnosis:
    """``diagnose(text, http_status=http_status)`` of a body that is text, with no other option:
    a log record's body, on the path of every line trace reads."""
    try:
        return _diagnose(text, None, http_status, None, None, None)
    except MISUSE:
        raise
    except Exception as exc:  # diagnose()'s boundary
        return internal_error(text, exc, None, http_status if isinstance(http_status, int) else None)


def internal_error(raw: object, exc: Exception, max_bytes: int | None, http_status: int | None = None) -> Diagnosis:
    """What a body that made the reader fail is: unrecognised, with the body kept."""
    limit = max_bytes if isinstance(max_bytes, int) and max_bytes > 0 else DEFAULT_MAX_BYTES
    if isinstance(raw, (bytes, bytearray, memoryview)):
        data = raw.tobytes() if isinstance(raw, memoryview) else raw
        text = bytes(data[:limit]).decode("utf-8", "surrogateescape")
    elif isinstance(raw, str):
        text = raw[:limit]
    else:
        text = dump_value(raw)[:limit]
    reason = f"could not be read: an internal error ({type(exc).__name__}); please report it with this body"
    return Diagnosis.unrecognised(text, reason, http_status=http_status)


def diagnose_unguarded(
    raw: RawResponse,
    *,
    format: Format | str | None = None,
    http_status: int | None = None,
    content_type: str | None = None,
    max_bytes: int | None = None,
    catalog: Catalog | None = None,
) -> Diagnosis:
    """``diagnose()`` without its last-resort boundary: what the fuzz tests call, so that a
    failure on some body is found rather than turned into an ``unrecognised`` diagnosis.
    ``catalog`` is the catalog the meaning is decided by (the catalog gate passes the one it checks)."""
    return _diagnose(raw, format, http_status, content_type, max_bytes, catalog)


def _diagnose(  # noqa: PLR0917 - positional on the path every call takes
    raw: RawResponse,
    format: Format | str | None,
    http_status: int | None,
    content_type: str | None,
    max_bytes: int | None,
    catalog: Catalog | None,
) -> Diagnosis:
    if format is None and max_bytes is None and content_type is None:
        # The commonest calls, a str or bytes with no options: the same steps, with fewer checks
        # on the way. The text, when body_text() gives it as it is (a str without a byte-order
        # mark, bytes that can only be UTF-8: UTF8_ONLY); then _meaning(), written out.
        if type(raw) is str:
            plain = raw if len(raw) <= DEFAULT_MAX_BYTES and raw[:1] != "\ufeff" else None
        elif type(raw) is bytes and len(raw) <= DEFAULT_MAX_BYTES and raw[:1] in UTF8_ONLY:
            plain = raw.decode("utf-8", "surrogateescape")
        else:
            plain = None
        if plain is not None:
            if http_status is not None and not (type(http_status) is int and 100 <= http_status <= 599):
                _check_http_status(http_status)
            reading = fast_read(plain)
            return decide(read(plain) if reading is None else reading, plain, http_status, catalog or load_catalog())
    if format is None and max_bytes is None and content_type is None:
        wanted, limit = None, DEFAULT_MAX_BYTES
    else:
        wanted, limit = _check_format(format), check_max_bytes(max_bytes)
        check_content_type(content_type)
    if http_status is not None and not (type(http_status) is int and 100 <= http_status <= 599):
        _check_http_status(http_status)
    catalog = catalog or load_catalog()
    if isinstance(raw, (bytes, str, bytearray, memoryview)):
        body: Body = raw
    elif isinstance(raw, (Mapping, list)):
        return decide(read_value(raw), dump_value(raw), http_status, catalog)
    elif is_response(raw):
        http_status = http_status if http_status is not None else _status_of(raw)
        content_type = content_type or _content_type_of(raw)
        body = raw.content
        if not isinstance(body, (bytes, bytearray, memoryview, str)):
            raise ArgumentTypeError(f"the response's .content must be bytes or str, not {type(body).__name__}")
    elif (name := client_exception_name(raw)) is not None:
        return _raised(raw, name, (format, http_status, content_type, max_bytes), catalog)
    else:
        raise ArgumentTypeError(
            "diagnose() takes bytes, str, a decoded JSON value (dict or list), an HTTP response "
            "object with .content, .status_code and .headers, or an exception a requests or httpx "
            f"call raised; got {type(raw).__name__}"
        )
    if type(body) is str and len(body) <= limit and body[:1] != "\ufeff":
        text: str | TooLarge = body  # what body_text() gives a str within the limit, without its call
    else:
        text = body_text(body, content_type, limit)
    if isinstance(text, TooLarge):
        return Diagnosis.unrecognised(text.kept, text.reason, http_status=http_status)
    return _meaning(text, wanted, http_status, catalog)


def _raised(
    raised: Any,
    name: str,
    options: tuple[Format | str | None, int | None, str | None, int | None],
    catalog: Catalog,
) -> Diagnosis:
    """What an exception of requests or httpx means: the answer it carries (``raise_for_status()``'s
    ``HTTPError`` and ``HTTPStatusError``), else its network failure's entry, with no body."""
    response = _attribute(raised, "response")
    if response is not None and is_response(response):
        return _diagnose(response, *options, catalog)
    failure = network_failure(raised)
    entry = catalog.network_entries.get(failure) if failure is not None else None
    if entry is None:
        reason = (
            f"no answer came: the HTTP client raised {name}, which is not one of the network failures "
            "the catalog tells apart (it does not say whether the request was sent)"
        )
        return Diagnosis.unrecognised("", reason)
    return Diagnosis.error("", entry=entry, reason=f"no answer came: the HTTP client raised {name}")


def _attribute(raw: object, name: str) -> object:
    """``getattr(raw, name, None)``, where a property that raises anything is no attribute."""
    try:
        return getattr(raw, name, None)
    except Exception:
        return None


def _meaning(text: str, wanted: Format | None, http_status: int | None, catalog: Catalog) -> Diagnosis:
    """What ``text`` means: read by the shortcut reader when it can, else by the general one,
    and decided by the one call either reading goes to."""
    reading = fast_read(text) if wanted is None else None
    return decide(read(text, wanted) if reading is None else reading, text, http_status, catalog)


def _check_format(format: Format | str | None) -> Format | None:
    if format is None:
        return None
    if not isinstance(format, str):
        raise ArgumentTypeError(f"format must be {', '.join(_READABLE)} or None, not {type(format).__name__}")
    if format.lower() not in READABLE_FORMATS:
        raise ArgumentValueError(f"format must be {', '.join(_READABLE[:-1])} or {_READABLE[-1]}, not {shown(format)}")
    return Format(format.lower())


_READABLE = [repr(str(member)) for member in READABLE_FORMATS]


def _check_http_status(http_status: int) -> None:
    if type(http_status) is not int and (isinstance(http_status, bool) or not isinstance(http_status, int)):
        raise ArgumentTypeError(f"http_status must be an int or None, not {type(http_status).__name__}")
    if not 100 <= http_status <= 599:
        raise ArgumentValueError(f"http_status must be between 100 and 599, not {shown_int(http_status)}")


def is_response(raw: object) -> TypeGuard[HTTPResponse]:
    """Whether ``raw`` is an HTTP response object, read by its content, status and headers."""
    return all(_has(raw, name) for name in ("content", "status_code", "headers"))


def _has(raw: object, name: str) -> bool:
    """``hasattr()``, where a property that raises something else than AttributeError is there."""
    try:
        getattr(raw, name)
    except AttributeError:
        return False
    except Exception:
        return True
    return True


def _status_of(response: HTTPResponse) -> int | None:
    """The response's HTTP status; None when it has none it can tell (a property that raises
    is a status not known, and the body still has its answer)."""
    try:
        status = response.status_code
    except Exception:
        return None
    return status if isinstance(status, int) and not isinstance(status, bool) and 100 <= status <= 599 else None


def _content_type_of(response: HTTPResponse) -> str | None:
    """The response's Content-Type; None when its headers cannot tell one (absent, odd, or raising)."""
    try:
        headers = response.headers
        getter = getattr(headers, "get", None)
        value = getter("content-type") or getter("Content-Type") if callable(getter) else None
    except Exception:
        return None
    return value if type(value) is str else None
