"""What an envelope means, by the catalog: success, an entry's error, or why it is neither."""

from __future__ import annotations

from http import HTTPStatus

from ..catalog.model import Catalog
from ..diagnosis import Diagnosis
from ..vocabulary import Outcome
from .read import REQUEST_ID, Envelope, normalise_code

_HTTP_PHRASES = {status.value: status.phrase.casefold() for status in HTTPStatus}


def http_status_line(code: str | None, message: str | None, kind: str | None, http_status: int | None) -> str | None:
    """``403 Forbidden`` when a body is an HTTP status line a server or proxy wrote (the code with
    its standard phrase, or the bare code the response's own status repeats): the provider
    answers its errors with HTTP 200, so such a code is not the provider's. The fast path asks
    this too, so that both paths agree."""
    if not code or len(code) != 3 or not code.isdigit():
        return None
    number = int(code)
    phrase = _HTTP_PHRASES.get(number)
    if phrase is None:
        return None
    said = message is not None and message.casefold().rstrip(" .!") == phrase
    repeated = message is None and kind is None and http_status == number
    return f"{number} {HTTPStatus(number).phrase}" if said or repeated else None


def interpret(envelope: Envelope, raw: str, http_status: int | None, catalog: Catalog) -> Diagnosis:
    kind, code, message = envelope.type, envelope.code, envelope.message
    status_line = http_status_line(code, message, kind, http_status)
    if status_line is not None:
        reason = f"an HTTP status line ({status_line}) from a server or proxy, not a provider error code"
        return _unrecognised(envelope, raw, http_status, reason, keep_request_id=False)
    if kind == "success":
        if code and catalog.by_code(normalise_code(code)):
            return _error(
                envelope, raw, http_status, catalog, f"type says success but the body carries error code {code}"
            )
        if message and catalog.by_text(message) and not catalog.success_text(message):
            reason = "type says success but the message is one of the catalog's errors: the body contradicts itself"
            return _unrecognised(envelope, raw, http_status, reason)
        return _success(envelope, raw, http_status)
    if kind == "error" or code:
        return _error(envelope, raw, http_status, catalog)
    if kind is not None:
        return _unrecognised(envelope, raw, http_status, f"unknown response type {kind!r}")
    if message and catalog.by_text(message):
        return _error(envelope, raw, http_status, catalog)
    if message and catalog.success_text(message):
        return _success(envelope, raw, http_status)
    if envelope.request_id and (not message or message == envelope.request_id):
        return _success(envelope, raw, http_status)
    if envelope.request_id:
        reason = "a request ID beside a message that is neither a success text nor in the catalog"
        return _unrecognised(envelope, raw, http_status, reason)
    reason = "text that is not a request ID, a code or a message in the catalog"
    return _unrecognised(envelope, raw, http_status, reason, keep_request_id=False)


def _unrecognised(
    envelope: Envelope, raw: str, http_status: int | None, reason: str, *, keep_request_id: bool = True
) -> Diagnosis:
    return Diagnosis(
        Outcome.UNRECOGNISED,
        raw,
        format=envelope.format,
        request_id=envelope.request_id if keep_request_id else None,
        message=envelope.message,
        reason=reason,
        http_status=http_status,
    )


def _error(
    envelope: Envelope, raw: str, http_status: int | None, catalog: Catalog, reason: str | None = None
) -> Diagnosis:
    code, message = envelope.code, envelope.message
    entry = catalog.by_code(normalise_code(code)) if code else (catalog.by_text(message) if message else None)
    if entry is None and reason is None:
        reason = f"code {code} is not in the catalog" if code else "the error message is not in the catalog"
    return Diagnosis(
        Outcome.ERROR,
        raw,
        format=envelope.format,
        code=code,
        request_id=envelope.request_id,
        entry=entry,
        message=message,
        reason=reason,
        http_status=http_status,
    )


def _success(envelope: Envelope, raw: str, http_status: int | None) -> Diagnosis:
    message = envelope.message
    request_id = envelope.request_id or (message if message and REQUEST_ID.fullmatch(message) else None)
    return Diagnosis(
        Outcome.SUCCESS, raw, format=envelope.format, request_id=request_id, message=message, http_status=http_status
    )
