"""Which diagnoses fail a check run: the severity threshold and the allow-list."""

from __future__ import annotations

from collections.abc import Iterable

from ..arguments import shown
from ..catalog.model import Entry, load_catalog
from ..diagnosis import Diagnosis
from ..records import Record
from ..responses.read import normalise_code
from ..vocabulary import Outcome, Severity

_SUCCESS, _PENDING, _UNRECOGNISED = Outcome.SUCCESS, Outcome.PENDING, Outcome.UNRECOGNISED


class Policy(Record):
    """By default an error of severity error or critical fails; info and warning do not.

    An error with a code the catalog does not know counts as severity error. ``allow`` holds codes
    and names that never fail; unrecognised bodies fail unless ``allow_unrecognised``, and lines
    that are not response records fail unless ``allow_invalid``.
    """

    fail_on: Severity = Severity.ERROR
    allow: frozenset[str] = frozenset()
    allow_unrecognised: bool = False
    allow_invalid: bool = False
    """Whether lines and files that are not response records at all pass."""

    @classmethod
    def build(
        cls,
        fail_on: str = Severity.ERROR,
        allow: Iterable[str] = (),
        allow_unrecognised: bool = False,
        allow_invalid: bool = False,
        *,
        phase: str | None = None,
    ) -> Policy:
        """``phase`` is where a bare code in ``allow`` is looked up first: ``delivery`` when the
        inputs are delivery reports, so that ``2`` is status 2, not request code 002."""
        try:
            threshold = Severity(fail_on)
        except ValueError:
            raise ValueError(f"--fail-on must be one of {', '.join(Severity)}, not {shown(fail_on)}") from None
        catalog = load_catalog()
        allowed: set[str] = set()
        for given in allow:
            key = given.strip()
            if not key:
                continue
            entry = (catalog.lookup(key, phase) if phase and key.isdigit() else None) or catalog.lookup(key)
            if entry is not None:
                allowed.add(entry.name)
            elif key.isdigit():
                allowed.add(key.zfill(3))
            else:
                raise ValueError(f"--allow: {shown(key)} is not a code or name in the catalog")
        return cls(threshold, frozenset(allowed), allow_unrecognised, allow_invalid)

    def fails(self, diagnosis: Diagnosis) -> bool:
        outcome = diagnosis.outcome
        if outcome is _SUCCESS or outcome is _PENDING:
            return False
        if outcome is _UNRECOGNISED:
            return not self.allow_unrecognised
        entry = diagnosis.entry
        if entry is not None:  # entry_fails(entry), on the path every error of a log takes
            return entry.name not in self.allow and entry.severity.rank >= self.fail_on.rank
        code = normalise_code(diagnosis.code) if diagnosis.code else None
        return code not in self.allow and Severity.ERROR.rank >= self.fail_on.rank

    def entry_fails(self, *entries: Entry) -> bool:
        """Whether an outcome these entries explain fails: none of them is allowed, and the most
        severe reaches the threshold (a delivery status and its failure reason, for example)."""
        if any(entry.name in self.allow for entry in entries):
            return False
        return max(entry.severity.rank for entry in entries) >= self.fail_on.rank
