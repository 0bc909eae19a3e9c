"""diagnose(): any raw response in, one Diagnosis out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeGuard

from ..arguments import MISUSE, ArgumentTypeError, ArgumentValueError, check_content_type, shown_int
from ..catalog.model import load_catalog
from ..diagnosis import Diagnosis
from ..limits import DEFAULT_MAX_BYTES, RAW_KEPT_WHEN_TOO_LARGE, check_max_bytes, too_large_reason
from ..vocabulary import Format, Outcome
from .decode import decode
from .fast_read import fast_bytes, fast_text
from .interpret import interpret
from .read import Envelope, Unreadable, dump_value, read, read_value


class HTTPResponse(Protocol):
    """What diagnose() reads of a requests or httpx response, without importing either."""

    @property
    def content(self) -> bytes: ...
    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...


RawResponse = bytes | bytearray | memoryview | str | Mapping[str, Any] | list[Any] | HTTPResponse


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
    HTTP response object with ``.content``, ``.status_code`` and ``.headers`` (requests, httpx).
    ``format`` forces ``"string"``, ``"json"`` or ``"xml"``; otherwise the body decides.
    A body over ``max_bytes`` (default 1 MiB) is not parsed: it is unrecognised, "too large".
    Never raises for any bytes or str; raises TypeError or ValueError for misuse.
    """
    try:
        return diagnose_unguarded(
            raw, format=format, http_status=http_status, content_type=content_type, max_bytes=max_bytes
        )
    except MISUSE:
        raise
    except Exception as exc:  # the last-resort boundary: a bug on some body must not reach the caller
        return internal_error(raw, exc, max_bytes, http_status if isinstance(http_status, int) else None)


def internal_error(raw: object, exc: Exception, max_bytes: int | None, http_status: int | None = None) -> Diagnosis:
    """What a body that made the reader fail is: unrecognised, with the body kept."""
    limit = max_bytes if isinstance(max_bytes, int) and max_bytes > 0 else DEFAULT_MAX_BYTES
    if isinstance(raw, (bytes, bytearray, memoryview)):
        text = bytes(raw[:limit]).decode("utf-8", "surrogateescape")
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
) -> Diagnosis:
    """``diagnose()`` without its last-resort boundary: what the fuzz tests call, so that a
    failure on some body is found rather than turned into an ``unrecognised`` diagnosis."""
    if (
        format is None
        and content_type is None
        and (http_status is None or (type(http_status) is int and 100 <= http_status <= 599))
    ):
        shortcut = None
        if type(raw) is bytes:
            if max_bytes is None or len(raw) <= check_max_bytes(max_bytes):
                shortcut = fast_bytes(raw, http_status, load_catalog())
        elif type(raw) is str and (max_bytes is None or len(raw) <= check_max_bytes(max_bytes)):
            shortcut = fast_text(raw, http_status, load_catalog())
        if shortcut is not None:
            return shortcut
    return _diagnose_general(raw, format, http_status, content_type, max_bytes)


def _diagnose_general(
    raw: RawResponse,
    format: Format | str | None,
    http_status: int | None,
    content_type: str | None,
    max_bytes: int | None,
) -> Diagnosis:
    wanted = _check_format(format)
    limit = check_max_bytes(max_bytes)
    _checked_http_status(http_status)
    check_content_type(content_type)
    if isinstance(raw, (bytes, bytearray, memoryview, str)):
        pass
    elif isinstance(raw, (Mapping, list)):
        return _diagnose_reading(read_value(raw), dump_value(raw), http_status)
    elif _is_response(raw):
        http_status = http_status if http_status is not None else _status_of(raw)
        content_type = content_type or _content_type_of(raw)
        raw = raw.content
    else:
        raise ArgumentTypeError(
            "diagnose() takes bytes, str, a decoded JSON value (dict or list) or an HTTP response "
            f"object with .content, .status_code and .headers; got {type(raw).__name__}"
        )
    if isinstance(raw, (bytes, bytearray, memoryview)):
        if len(raw) > limit:
            return _too_large(
                bytes(raw[:RAW_KEPT_WHEN_TOO_LARGE]).decode("utf-8", "surrogateescape"), limit, http_status
            )
        text, _ = decode(bytes(raw), content_type)
    elif isinstance(raw, str):
        if len(raw) > limit:
            return _too_large(raw[:RAW_KEPT_WHEN_TOO_LARGE], limit, http_status)
        text = raw
    else:
        raise ArgumentTypeError(f"the response's .content must be bytes, not {type(raw).__name__}")
    if text.startswith("\ufeff"):
        text = text[1:]
    return _diagnose_reading(read(text, wanted), text, http_status)


def _check_format(format: Format | str | None) -> Format | None:
    if format is None:
        return None
    if not isinstance(format, str):
        raise ArgumentTypeError(f"format must be 'string', 'json', 'xml' or None, not {type(format).__name__}")
    if format.lower() not in _READABLE_FORMATS:
        raise ArgumentValueError(f"format must be 'string', 'json' or 'xml', not {format!r}")
    return Format(format.lower())


_READABLE_FORMATS = (Format.STRING, Format.JSON, Format.XML)


def _checked_http_status(http_status: int | None) -> int | None:
    if http_status is None:
        return None
    if isinstance(http_status, bool) or not isinstance(http_status, int):
        raise ArgumentTypeError(f"http_status must be an int or None, not {type(http_status).__name__}")
    if not 100 <= http_status <= 599:
        raise ArgumentValueError(f"http_status must be between 100 and 599, not {shown_int(http_status)}")
    return http_status


def _is_response(raw: object) -> TypeGuard[HTTPResponse]:
    return all(hasattr(raw, name) for name in ("content", "status_code", "headers"))


def _status_of(response: HTTPResponse) -> int | None:
    status = response.status_code
    return status if isinstance(status, int) and not isinstance(status, bool) and 100 <= status <= 599 else None


def _content_type_of(response: HTTPResponse) -> str | None:
    headers = response.headers
    getter = getattr(headers, "get", None)
    value = getter("content-type") or getter("Content-Type") if callable(getter) else None
    return value if isinstance(value, str) else None


def _too_large(kept: str, limit: int, http_status: int | None) -> Diagnosis:
    return Diagnosis.unrecognised(kept, too_large_reason(limit), http_status=http_status)


def _diagnose_reading(reading: Envelope | Unreadable, raw: str, http_status: int | None) -> Diagnosis:
    catalog = load_catalog()
    if isinstance(reading, Envelope):
        result = interpret(reading, raw, http_status, catalog)
        kind = "other"
    else:
        result = Diagnosis.unrecognised(raw, reading.reason, format=reading.format, http_status=http_status)
        kind = reading.kind
    if result.outcome is not Outcome.UNRECOGNISED or kind == "report":
        return result
    transport = catalog.transport_match(http_status, kind)
    if transport is None:
        return result
    return Diagnosis(
        Outcome.ERROR,
        raw,
        format=result.format,
        entry=transport,
        message=result.message,
        reason=result.reason,
        http_status=http_status,
    )
