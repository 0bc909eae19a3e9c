"""A finding: one rule a request breaks, and the catalog entry the provider would answer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..catalog.model import REPORT_PHASES, Entry, Rule
from ..records import Record
from ..redaction import mask_secrets, printable

if TYPE_CHECKING:
    from ..diagnosis import Diagnosis
    from .checks import Problem


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
        reason, ``accepted, then fails: its delivery report would fail with ...``."""
        entry = self.entry
        verb = (
            "accepted, then fails: its delivery report would fail with"
            if entry.phase in REPORT_PHASES
            else "the provider would answer"
        )
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


def finding_of(problem: Problem, entry: Entry, rule: Rule, api: str, secrets: tuple[str, ...]) -> Finding:
    """The finding a check's ``problem`` is, its texts as a finding shows them: the request's
    own authkeys (``secrets``) masked, then printable."""
    value = problem.value
    return Finding(
        entry,
        printable(mask_secrets(problem.path, secrets)),
        printable(mask_secrets(problem.message, secrets)),
        rule,
        api,
        None if value is None else printable(mask_secrets(value, secrets)),
    )


class Findings(list[Finding]):
    """What ``preflight()`` returns: a list of findings, in catalog order, that also says how
    many findings it left out.

    A request's findings of one rule stop at ``limit`` (``FINDINGS_PER_RULE``): a request of
    500,000 messages without a number is 21 findings of that rule, not 500,000. ``left_out``
    counts the others (0: none was left out), ``left_out_by_name`` counts them by entry name,
    and ``left_out_of(finding)`` those of the finding's rule. A rule with findings left out has
    ``limit`` findings in the list, so every rule a request breaks is named, and what is left
    out changes no verdict. Slicing or adding to it gives a plain list."""

    left_out: int
    """How many findings were left out, beyond ``limit`` findings of one rule."""
    left_out_by_name: dict[str, int]
    """The findings left out by the name of their entry (``{"INVALID_MOBILE_NUMBER": 89979}``)."""
    limit: int | None
    """The most findings of one rule a request is given (None: no limit)."""

    def __init__(
        self,
        findings: Iterable[Finding] = (),
        *,
        left_out: Mapping[Rule, int] | None = None,
        names: Mapping[Rule, str] | None = None,
        limit: int | None = None,
    ) -> None:
        """``left_out``: how many findings of each rule were left out; ``names``: the name of
        each such rule's entry."""
        if findings:  # a list just made: extending it is initialising it, and most stay empty
            self.extend(findings)
        counted = {rule: count for rule, count in left_out.items() if count} if left_out else {}
        by_name: dict[str, int] = {}
        for rule, count in counted.items():
            name = (names or {}).get(rule, rule.rule)
            by_name[name] = by_name.get(name, 0) + count
        self._left_out = counted
        self.left_out = sum(counted.values()) if counted else 0
        self.left_out_by_name = by_name
        self.limit = limit

    def left_out_of(self, finding: Finding) -> int:
        """How many findings of ``finding``'s rule were left out (0 for most)."""
        return self._left_out.get(finding.rule, 0)

    def __repr__(self) -> str:
        more = f", left_out={self.left_out}" if self.left_out else ""
        return f"Findings({super().__repr__()}{more})"
