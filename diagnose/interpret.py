"""What an envelope means, by the catalog: success, an entry's error, or why it is neither."""

from __future__ import annotations

from .catalog import Catalog
from .diagnosis import Diagnosis
from .envelope import REQUEST_ID, Envelope, normalise_code
from .vocabulary import Outcome


def interpret(envelope: Envelope, raw: str, http_status: int | None, catalog: Catalog) -> Diagnosis:
    kind, code, message = envelope.type, envelope.code, envelope.message
    if kind == "success":
        if code and catalog.by_code(normalise_code(code)):
            return _error(
                envelope, raw, http_status, catalog, f"type says success but the body carries error code {code}"
            )
        return _success(envelope, raw, http_status)
    if kind == "error" or code:
        return _error(envelope, raw, http_status, catalog)
    if kind is not None:
        reason = f"unknown response type {kind!r}"
        return Diagnosis(
            Outcome.UNRECOGNISED,
            raw,
            format=envelope.format,
            request_id=envelope.request_id,
            message=message,
            reason=reason,
            http_status=http_status,
        )
    if envelope.request_id or (message and catalog.success_text(message)):
        return _success(envelope, raw, http_status)
    if message and catalog.by_text(message):
        return _error(envelope, raw, http_status, catalog)
    reason = "text that is not a request ID, a code or a message in the catalog"
    return Diagnosis(
        Outcome.UNRECOGNISED, raw, format=envelope.format, message=message, reason=reason, http_status=http_status
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
