"""The result of diagnosing one response."""

from typing import Any, NamedTuple

from .catalog import Entry
from .secrets import mask_authkeys, mask_optional
from .vocabulary import Format, Outcome


class Diagnosis(NamedTuple):
    """What one raw response means. Immutable, picklable, compared by value.

    ``outcome`` is success, pending (delivery reports), error or unrecognised. ``code`` is the
    code exactly as the response carried it (None when it carried none, even if the entry was
    found by its text). ``entry`` is the catalog entry, or None for a success, an unknown code
    or an unrecognised body. ``reason`` says why a body is unrecognised or why an error has no
    entry. ``raw`` is the body as text: bytes that were not valid in their encoding are kept as
    surrogate escapes. A NamedTuple because it is made once per response on hot paths, and a
    tuple is the cheapest immutable record Python builds.
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
    number: str | None = None
    failure_reason: str | None = None
    masked_raw: str | None = None
    """``raw`` with every phone number of the delivery report masked, for to_dict()."""

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.SUCCESS

    @property
    def key(self) -> str:
        """What it is counted under: its entry's name, or its outcome (``success``,
        ``unrecognised``, ``code 999`` for an error whose code is not in the catalog)."""
        if self.entry is not None:
            return self.entry.name
        if self.outcome is Outcome.ERROR:
            return f"code {self.code}" if self.code else "unknown error message"
        return str(self.outcome)

    @property
    def is_delivery_report(self) -> bool:
        return self.number is not None or (self.entry is not None and self.entry.phase == "delivery")

    def to_dict(self, *, reveal_number: bool = False) -> dict[str, Any]:
        """A JSON-serialisable dict; ``entry`` is the whole catalog entry or None.

        A delivery report's phone number is personal data: masked to its last four digits
        unless ``reveal_number``. An authkey anywhere in the body is always masked.
        """
        raw = self.masked_raw if self.masked_raw is not None and not reveal_number else self.raw
        data = {
            "outcome": str(self.outcome),
            "ok": self.ok,
            "format": str(self.format) if self.format else None,
            "code": self.code,
            "request_id": self.request_id,
            "message": mask_optional(self.message),
            "reason": mask_optional(self.reason),
            "http_status": self.http_status,
            "entry": self.entry.to_dict() if self.entry else None,
            "raw": mask_authkeys(raw),
        }
        if self.is_delivery_report:
            data["number"] = self.number if reveal_number else mask_number(self.number)
            data["failure_reason"] = mask_optional(self.failure_reason)
        return data

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={value!r}"
            for name, value in (
                ("outcome", str(self.outcome)),
                ("code", self.code),
                ("entry", self.entry.name if self.entry else None),
                ("request_id", self.request_id),
                ("reason", mask_optional(self.reason)),
                ("raw", mask_authkeys(self.masked_raw if self.masked_raw is not None else self.raw)[:80]),
            )
            if value is not None
        )
        return f"Diagnosis({shown})"

    def summary(self, *, reveal_number: bool = False) -> str:
        """The one-line summary; a delivery report's number is masked unless ``reveal_number``.

        An authkey the body carries is always masked.
        """
        text = self._headline()
        if self.is_delivery_report:
            details = [f"number {self.number if reveal_number else mask_number(self.number)}"]
            if self.failure_reason:
                details.append(f"reason: {mask_authkeys(self.failure_reason)}")
            text += f" ({'; '.join(details)})"
        return text

    def _headline(self) -> str:
        entry = self.entry
        if entry is not None and (self.outcome is not Outcome.SUCCESS or entry.phase == "delivery"):
            label = entry.label if entry.code or not self.code else f"{self.code} {entry.name}"
            return f"{label}: {entry.title} \u2014 {entry.remediation[0].text}"
        if self.outcome is Outcome.SUCCESS:
            if self.request_id:
                return f"success: request id {self.request_id}"
            return f"success: {mask_authkeys(self.message)}" if self.message else "success"
        if self.outcome is Outcome.ERROR:
            label = f"error {self.code}" if self.code else "error"
            detail = f": {mask_authkeys(self.message)}" if self.message else ""
            return f"{label} (not in the catalog){detail}"
        return f"unrecognised: {mask_optional(self.reason)}"


def mask_number(number: str | None) -> str | None:
    """``********5678``: a phone number with all but its last four characters hidden."""
    if number is None:
        return None
    return "*" * max(len(number) - 4, 4) + number[-4:] if len(number) > 4 else "****"
