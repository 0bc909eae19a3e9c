"""The result of diagnosing one response."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalog import Entry
from .vocabulary import Format, Outcome


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """What one raw response means.

    ``outcome`` is success, error or unrecognised. ``code`` is the code exactly as the response
    carried it (None when it carried none, even if the entry was found by its text). ``entry``
    is the catalog entry, or None for a success, an unknown code or an unrecognised body.
    ``reason`` says why a body is unrecognised or why an error has no entry. ``raw`` is the
    body as text: bytes that were not valid in their encoding are kept as surrogate escapes.
    """

    outcome: Outcome
    raw: str
    format: Format | None = None
    code: str | None = None
    request_id: str | None = None
    entry: Entry | None = None
    message: str | None = None
    reason: str | None = None
    http_status: int | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.SUCCESS

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict; ``entry`` is the whole catalog entry or None."""
        return {
            "outcome": str(self.outcome),
            "ok": self.ok,
            "format": str(self.format) if self.format else None,
            "code": self.code,
            "request_id": self.request_id,
            "message": self.message,
            "reason": self.reason,
            "http_status": self.http_status,
            "entry": self.entry.to_dict() if self.entry else None,
            "raw": self.raw,
        }

    def __str__(self) -> str:
        if self.outcome is Outcome.SUCCESS:
            if self.request_id:
                return f"success: request id {self.request_id}"
            return f"success: {self.message}" if self.message else "success"
        if self.entry is not None:
            code = self.code or self.entry.code
            label = f"{code} {self.entry.name}" if code else self.entry.name
            return f"{label}: {self.entry.title} \u2014 {self.entry.remediation[0].text}"
        if self.outcome is Outcome.ERROR:
            label = f"error {self.code}" if self.code else "error"
            detail = f": {self.message}" if self.message else ""
            return f"{label} (not in the catalog){detail}"
        return f"unrecognised: {self.reason}"
