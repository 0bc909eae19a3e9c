"""The result of diagnosing one response."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from .arguments import shown
from .catalog.model import REPORT_PHASES, TRANSPORT_PHASE, Entry
from .diagnosis_text import summary
from .redaction import printable, printable_optional, redact, redact_optional, shown_number
from .vocabulary import Format, Outcome, Retry

_SUCCESS, _ERROR, _UNRECOGNISED = Outcome.SUCCESS, Outcome.ERROR, Outcome.UNRECOGNISED

FIELDS = (
    "outcome",
    "raw",
    "format",
    "code",
    "request_id",
    "entry",
    "message",
    "reason",
    "http_status",
    "number",
    "failure_reason",
    "failure",
)

_new = object.__new__


class _Fields:
    """The fields of a Diagnosis, each in its slot. A Diagnosis refuses every write, so its
    slots are written on one of these, which then becomes the Diagnosis (``_made``)."""

    __slots__ = FIELDS
    outcome: Outcome
    raw: str
    format: Format | None
    code: str | None
    request_id: str | None
    entry: Entry | None
    message: str | None
    reason: str | None
    http_status: int | None
    number: str | None
    """The phone number a delivery report's record names."""
    failure_reason: str | None
    failure: Entry | None
    """The catalog entry of a delivery report's failure reason (``failure_reason``), or None."""


class Diagnosis(_Fields):
    """What one raw response means. Immutable, picklable, compared by value.

    ``outcome`` is success, pending (delivery reports), error or unrecognised. ``code`` is the
    code exactly as the response wrote it (``"1"``, not ``"001"``; None when it carried none,
    even if the entry was found by its text); the catalog's code is ``entry.code``. ``entry``
    is the catalog entry, or None for a success, an unknown code or an unrecognised body.
    ``reason`` says why a body is unrecognised or why an error has no entry. ``raw`` is the body
    as text (a delivery report's diagnosis keeps its own record): bytes that were not valid in
    their encoding are kept as surrogate escapes.

    The fields are data for your code. Everything that renders a diagnosis (``str()``,
    ``repr()``, ``to_dict()``, ``summary()``) masks authkeys and phone numbers; a diagnosis is not
    a tuple or a dict, so ``json.dumps(diagnosis)`` fails instead of writing the fields unmasked.
    """

    __slots__ = ()

    def __new__(
        cls,
        *,
        outcome: Outcome,
        raw: str,
        format: Format | None = None,
        code: str | None = None,
        request_id: str | None = None,
        entry: Entry | None = None,
        message: str | None = None,
        reason: str | None = None,
        http_status: int | None = None,
        number: str | None = None,
        failure_reason: str | None = None,
        failure: Entry | None = None,
    ) -> Diagnosis:
        if not isinstance(outcome, Outcome):
            raise TypeError(f"outcome must be an Outcome, not {type(outcome).__name__}")
        made = _made(
            outcome,
            raw if type(raw) is str else _text(raw),
            format,
            code,
            request_id,
            entry,
            message,
            reason,
            http_status,
            number,
            failure_reason,
            failure,
        )
        return made if cls is Diagnosis else _as_subclass(cls, made)

    @staticmethod
    def success(
        raw: str,
        *,
        format: Format | None = None,
        request_id: str | None = None,
        message: str | None = None,
        http_status: int | None = None,
    ) -> Diagnosis:
        """An accepted request, with its request ID when the body carries one."""
        return succeeded(raw if type(raw) is str else _text(raw), format, request_id, message, http_status)

    @staticmethod
    def error(
        raw: str,
        *,
        format: Format | None = None,
        code: str | None = None,
        request_id: str | None = None,
        entry: Entry | None = None,
        message: str | None = None,
        reason: str | None = None,
        http_status: int | None = None,
    ) -> Diagnosis:
        """An error: its catalog entry, or ``reason`` saying why it has none."""
        # Written here rather than by _made: one call fewer on the path of every diagnosed error.
        fields: Any = _new(_Fields)
        fields.outcome = _ERROR
        fields.raw = raw if type(raw) is str else _text(raw)
        fields.format = format
        fields.code = code
        fields.request_id = request_id
        fields.entry = entry
        fields.message = message
        fields.reason = reason
        fields.http_status = http_status
        fields.number = None
        fields.failure_reason = None
        fields.failure = None
        fields.__class__ = Diagnosis
        diagnosis: Diagnosis = fields
        return diagnosis

    @staticmethod
    def unrecognised(
        raw: str,
        reason: str,
        *,
        format: Format | None = None,
        request_id: str | None = None,
        message: str | None = None,
        http_status: int | None = None,
    ) -> Diagnosis:
        """A body that is not understood, and why."""
        return _made(
            _UNRECOGNISED,
            raw if type(raw) is str else _text(raw),
            format,
            None,
            request_id,
            None,
            message,
            reason,
            http_status,
            None,
            None,
            None,
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Diagnosis is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Diagnosis is immutable: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Diagnosis):
            return NotImplemented
        return _values(self) == _values(other)

    def __hash__(self) -> int:
        return hash(_values(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_made, _values(self))

    @classmethod
    def _from_values(cls, values: tuple[Any, ...]) -> Diagnosis:
        """What a Diagnosis pickled before its fields had slots of their own is made by."""
        return _made(*values)

    def replace(self, **changes: Any) -> Diagnosis:
        """A copy with some fields changed."""
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise TypeError(f"Diagnosis has no field {', '.join(shown(name) for name in sorted(unknown))}")
        fields = dict(zip(FIELDS, _values(self), strict=True))
        return Diagnosis(**{**fields, **changes})

    @property
    def ok(self) -> bool:
        return self.outcome is _SUCCESS

    @property
    def counted_as(self) -> str:
        """What it is counted under: its entry's name, or its outcome (``success``,
        ``unrecognised``, ``code 999`` for an error whose code is not in the catalog)."""
        if self.entry is not None:
            return self.entry.name
        if self.outcome is _ERROR:
            return f"code {redact(self.code)}" if self.code else "unknown error message"
        return str(self.outcome)

    @property
    def is_delivery_report(self) -> bool:
        return self.number is not None or (self.entry is not None and self.entry.phase in REPORT_PHASES)

    def _redact(self, text: str | None) -> str | None:
        return redact_optional(text, (self.number,))

    def to_dict(self, *, reveal_number: bool = False) -> dict[str, Any]:
        """A JSON-serialisable dict; ``entry`` is the whole catalog entry or None.

        Every text is masked: authkeys always; phone numbers always, but for a delivery
        report's own ``number`` field when ``reveal_number``. Undecodable bytes are shown as
        ``\\xNN`` escapes, so the dict always encodes as UTF-8.
        """
        return fields_dict(self, reveal_number, _entry_dict)

    def log_fields(self) -> dict[str, str | int | None]:
        """Flat, masked, low-cardinality fields for structured logs and spans: ``error.type`` is
        the entry's name, else the outcome (the catalog is the bounded list OpenTelemetry's
        ``error.type`` convention asks for)."""
        entry = self.failure or self.entry
        return {
            "outcome": str(self.outcome),
            "error.type": entry.name if entry is not None else str(self.outcome) if not self.ok else None,
            "code": self._stable_code(),
            "severity": str(entry.severity) if entry is not None else None,
            "actor": str(entry.actor) if entry is not None else None,
            "retry": str(entry.retry) if entry is not None else None,
            "docs_url": entry.docs_url if entry is not None else None,
            "request_id": self._redact(self.request_id),
            "http_status": self.http_status,
        }

    def to_problem(self, *, status: int | None = None) -> dict[str, Any]:
        """RFC 9457 problem details, for a service that passes the provider's answer on to its
        own clients: ``type`` is the entry's docs URL (``about:blank`` without one), ``title``
        its title, ``status`` the HTTP status your service answers with, ``detail`` the masked
        summary; extension members ``code``, ``name``, ``retry``, ``request_id`` and
        ``provider_status`` (the HTTP status the provider's answer came with, when known).

        ``status`` is, unless given, what a gateway answers for a failure upstream: 503 (Service
        Unavailable) when the catalog advises sending again later (``is_retryable``), else 502
        (Bad Gateway); none for a success or a pending message. It is never the provider's own
        status, which would answer 200 for an error, or tell your client *they* are unauthorised.
        """
        chosen = _problem_status(status) if status is not None else gateway_status(self)
        entry = self.failure or self.entry
        problem: dict[str, Any] = {
            "type": entry.docs_url if entry is not None else "about:blank",
            "title": entry.title if entry is not None else _PROBLEM_TITLES[self.outcome],
        }
        if chosen is not None:
            problem["status"] = chosen
        problem["detail"] = self.summary(first_step=False)
        problem["code"] = self._stable_code()
        problem["name"] = stable_name(self)
        problem["retry"] = str(entry.retry) if entry is not None else None
        problem["request_id"] = self._redact(self.request_id)
        problem["provider_status"] = self.http_status
        return problem

    def _stable_code(self) -> str | None:
        """The catalog's code, else the answer's when it has a code's shape (1 to 4 digits):
        never free text from a body in a field other systems index."""
        entry = self.failure or self.entry
        if entry is not None and entry.code:
            return entry.code
        code = self.code
        return code if code is not None and code.isascii() and code.isdigit() and len(code) <= 4 else None

    def _shown_number(self, reveal: bool) -> str | None:
        number = self.number
        return shown_number(number, reveal)

    def __str__(self) -> str:
        return summary(self)

    def __repr__(self) -> str:
        numbers = (self.number,)
        shown = ", ".join(
            f"{name}={value!r}"
            for name, value in (
                ("outcome", str(self.outcome)),
                ("code", printable_optional(self.code, numbers)),
                ("entry", self.entry.name if self.entry else None),
                ("failure", self.failure.name if self.failure else None),
                ("request_id", printable_optional(self.request_id, numbers)),
                ("reason", printable_optional(self.reason, numbers)),
                ("raw", printable(self.raw[:600], numbers)[:80]),
            )
            if value is not None
        )
        return f"Diagnosis({shown})"

    def summary(self, *, reveal_number: bool = False, first_step: bool = True) -> str:
        """The one-line summary (``diagnosis_text.summary``): text from the body is masked and its
        control characters escaped, so it never spans lines. A delivery report's number is masked
        unless ``reveal_number``; an entry's first remediation step is named unless not
        ``first_step``."""
        return summary(self, reveal_number=reveal_number, first_step=first_step)


_PROBLEM_TITLES = {
    Outcome.SUCCESS: "Accepted",
    Outcome.PENDING: "Pending",
    Outcome.ERROR: "Error not in the catalog",
    Outcome.UNRECOGNISED: "Unrecognised response",
}


def _text(raw: str) -> str:
    if type(raw) is not str and not isinstance(raw, str):
        raise TypeError(f"raw must be a str, not {type(raw).__name__}")
    return raw


_values = attrgetter(*FIELDS)
"""Every field of a diagnosis, in FIELDS order."""


def fields_dict(
    diagnosis: Diagnosis, reveal_number: bool, entry_of: Callable[[Entry | None], object]
) -> dict[str, Any]:
    """``diagnosis.to_dict()``, each catalog entry given as ``entry_of`` makes it (trace's JSON
    names it, and need not make the whole entry only to replace it by its name)."""
    shown: dict[str, str] = {}

    def masked(text: str | None) -> str | None:
        """``text`` redacted, once for each text: a plain body is both the message and raw."""
        if text is None:
            return None
        if text not in shown:
            shown[text] = redact(text, (diagnosis.number,))
        return shown[text]

    data = {
        "outcome": str(diagnosis.outcome),
        "ok": diagnosis.ok,
        "format": str(diagnosis.format) if diagnosis.format else None,
        "code": masked(diagnosis.code),
        "request_id": masked(diagnosis.request_id),
        "message": masked(diagnosis.message),
        "reason": masked(diagnosis.reason),
        "http_status": diagnosis.http_status,
        "entry": entry_of(diagnosis.entry),
        "raw": masked(diagnosis.raw),
    }
    if diagnosis.is_delivery_report:
        data["number"] = diagnosis._shown_number(reveal_number)
        data["failure_reason"] = masked(diagnosis.failure_reason)
        data["failure"] = entry_of(diagnosis.failure)
    return data


def _entry_dict(entry: Entry | None) -> dict[str, Any] | None:
    return entry.to_dict() if entry is not None else None


def with_raw(diagnosis: Diagnosis, raw: str) -> Diagnosis:
    """``diagnosis.replace(raw=raw)``, unchecked: the same answer, given for another body."""
    values = _values(diagnosis)
    return _made(values[0], raw, *values[2:])


def succeeded(
    raw: str, format: Format | None, request_id: str | None, message: str | None, http_status: int | None
) -> Diagnosis:
    """``Diagnosis.success()``, unchecked and by position: the path of every accepted request."""
    # Written here rather than by _made: one call fewer (JSON success 1.44x json.loads, 1.48x with it).
    fields: Any = _new(_Fields)
    fields.outcome = _SUCCESS
    fields.raw = raw
    fields.format = format
    fields.code = None
    fields.request_id = request_id
    fields.entry = None
    fields.message = message
    fields.reason = None
    fields.http_status = http_status
    fields.number = None
    fields.failure_reason = None
    fields.failure = None
    fields.__class__ = Diagnosis
    diagnosis: Diagnosis = fields
    return diagnosis


def _made(  # noqa: PLR0917 - every field, on the path every diagnosis takes
    outcome: Outcome,
    raw: str,
    format: Format | None,
    code: str | None,
    request_id: str | None,
    entry: Entry | None,
    message: str | None,
    reason: str | None,
    http_status: int | None,
    number: str | None,
    failure_reason: str | None,
    failure: Entry | None,
) -> Diagnosis:
    """A Diagnosis of every field, unchecked: its slots written, then it becomes the Diagnosis."""
    fields: Any = _new(_Fields)
    fields.outcome = outcome
    fields.raw = raw
    fields.format = format
    fields.code = code
    fields.request_id = request_id
    fields.entry = entry
    fields.message = message
    fields.reason = reason
    fields.http_status = http_status
    fields.number = number
    fields.failure_reason = failure_reason
    fields.failure = failure
    fields.__class__ = Diagnosis
    diagnosis: Diagnosis = fields
    return diagnosis


def _as_subclass(cls: type[Diagnosis], diagnosis: Diagnosis) -> Diagnosis:
    """``diagnosis`` as an instance of ``cls``, a subclass of Diagnosis (which may have a
    ``__dict__``, so its slots are written one by one)."""
    made = _new(cls)
    for field, value in zip(FIELDS, _values(diagnosis), strict=True):
        object.__setattr__(made, field, value)
    return made


def stable_name(diagnosis: Diagnosis) -> str:
    """A name from a closed list: the entry's (or its failure reason's), else the kind of answer."""
    entry = diagnosis.failure or diagnosis.entry
    if entry is not None:
        return entry.name
    if diagnosis.outcome is Outcome.ERROR:
        return "UNKNOWN_ERROR_CODE" if diagnosis.code else "UNKNOWN_ERROR_MESSAGE"
    return "UNRECOGNISED_RESPONSE" if diagnosis.outcome is Outcome.UNRECOGNISED else str(diagnosis.outcome).upper()


BAD_GATEWAY, SERVICE_UNAVAILABLE = 502, 503
"""What a gateway answers for a failure upstream: one to fix, or one that may pass later."""


def gateway_status(diagnosis: Diagnosis) -> int | None:
    """The HTTP status a service answers its own client with for this answer of the provider:
    503 when the catalog advises sending again later, 502 for another failure, None for a
    success or a pending message (nothing failed)."""
    if diagnosis.outcome is Outcome.SUCCESS or diagnosis.outcome is Outcome.PENDING:
        return None
    return SERVICE_UNAVAILABLE if advises_retry(diagnosis) else BAD_GATEWAY


def _problem_status(status: object) -> int:
    if isinstance(status, bool) or not isinstance(status, int):
        raise TypeError(f"status must be an HTTP status (an int), not {type(status).__name__}")
    if not 100 <= status <= 599:
        raise ValueError(f"status must be an HTTP status from 100 to 599, not {status}")
    return status


def advises_retry(diagnosis: Diagnosis) -> bool:
    """Whether the catalog advises sending the same request again later (``retry.is_retryable``):
    the entry (or failure reason) says retry later with backoff, and no 4xx refused a transport
    failure's request."""
    if diagnosis.outcome is Outcome.SUCCESS:
        return False
    entry = diagnosis.failure or diagnosis.entry
    if entry is None or entry.retry is not Retry.LATER_WITH_BACKOFF:
        return False
    status = diagnosis.http_status
    # A page or an empty body with a 4xx status is the request refused, not a passing fault.
    return not (
        entry.phase == TRANSPORT_PHASE and status is not None and 400 <= status < 500 and status not in (408, 429)
    )
