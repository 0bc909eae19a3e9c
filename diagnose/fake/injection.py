"""Failures a test asks for: an entry by its catalog name, or a transport fault, given to the
requests a rule matches (endpoint, number, template), a number of times or with a probability."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..catalog.answers import ENDPOINT_FORMATS
from ..catalog.model import REPORT_PHASES, TRANSPORT_PHASE, Catalog, Entry
from .faults import Fault, fault_of_entry


class FailureRule:
    """Give ``outcome`` (an entry or a fault) to the requests that match, ``count`` times (None:
    every time), each with ``probability`` (None: always)."""

    __slots__ = ("count", "endpoint", "number", "outcome", "probability", "template")

    def __init__(
        self,
        outcome: Entry | Fault,
        *,
        endpoint: str | None = None,
        number: str | None = None,
        template: str | None = None,
        count: int | None = None,
        probability: float | None = None,
    ) -> None:
        if endpoint is not None and endpoint not in ENDPOINT_FORMATS:
            raise ValueError(f"endpoint must be one of {', '.join(ENDPOINT_FORMATS)}, not {endpoint!r}")
        if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
            raise ValueError(f"count must be a whole number of at least 1, or None, not {count!r}")
        if probability is not None and not 0 <= probability <= 1:
            raise ValueError(f"probability must be from 0 to 1, not {probability!r}")
        self.outcome = outcome
        self.endpoint = endpoint
        self.number = number
        self.template = template
        self.count = count
        self.probability = probability

    def matches(self, endpoint: str, numbers: Iterable[str], templates: Iterable[str]) -> bool:
        return (
            (self.endpoint is None or self.endpoint == endpoint)
            and (self.number is None or self.number in numbers)
            and (self.template is None or self.template in templates)
        )

    def fires(self, chance: Callable[[], float]) -> bool:
        """Whether the rule gives its outcome to a request it matches, counting it if so."""
        if self.probability is not None and chance() >= self.probability:
            return False
        if self.count is not None:
            self.count -= 1
        return True

    @property
    def spent(self) -> bool:
        return self.count == 0


def outcome_named(catalog: Catalog, name: str) -> Entry | Fault:
    """The entry named ``name`` (as the catalog spells it, or a former name), or for a transport
    entry the fault that gives it. ValueError naming close names for a name the catalog lacks."""
    entry = catalog.by_name(name) if isinstance(name, str) else None
    if entry is None:
        close = catalog.close_keys(str(name))
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"{name!r} is not the name of a catalog entry{hint}")
    if entry.phase in REPORT_PHASES:
        raise ValueError(f"{entry.name} is a delivery report's entry: the fake answers requests, not reports, yet")
    if entry.phase == TRANSPORT_PHASE:
        return fault_of_entry(entry)
    return entry
