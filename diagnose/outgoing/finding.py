"""A finding: one rule a request breaks, and the catalog entry the provider would answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..catalog.model import REPORT_PHASES, Entry, Rule
from ..records import Record
from ..redaction import printable

if TYPE_CHECKING:
    from ..diagnosis import Diagnosis


class Finding(Record):
    """What ``preflight()`` found wrong with a request: ``entry`` is the catalog entry the
    provider would answer (or report) for it, ``parameter`` the path of the offending parameter
    (``sms[0].to[1]``), ``message`` one line saying what is wrong, ``value`` the offending value
    as the message shows it (a phone number masked to its last four digits; an authkey never)."""

    entry: Entry
    parameter: str
    message: str
    rule: Rule
    api: str
    value: str | None = None

    @property
    def predicts(self) -> str:
        """``the provider would answer 308 CAMPAIGN_NAME_TOO_LONG``, or for a delivery failure
        reason, ``its delivery report would fail with ...``."""
        entry = self.entry
        verb = "its delivery report would fail with" if entry.phase in REPORT_PHASES else "the provider would answer"
        return f"{verb} {entry.label} ({entry.title})"

    def summary(self) -> str:
        """One printable line: what is wrong, and what the provider would answer."""
        return f"{printable(self.message)}: {self.predicts}"

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return f"<Finding {self.entry.label} {printable(self.parameter)}: {printable(self.message)}>"

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON: its entry's code, name, title and docs, and what is wrong where."""
        entry = self.entry
        return {
            "code": entry.code,
            "name": entry.name,
            "title": entry.title,
            "api": self.api,
            "parameter": printable(self.parameter),
            "message": printable(self.message),
            "value": None if self.value is None else printable(self.value),
            "rule": self.rule.rule,
            "docs_url": entry.docs_url,
        }

    def diagnosis(self) -> Diagnosis:
        """The answer this finding predicts, as a Diagnosis of no body (nothing was sent)."""
        from ..diagnosis import Diagnosis

        return Diagnosis.error("", entry=self.entry, code=self.entry.code, reason=f"not sent: {self.message}")
