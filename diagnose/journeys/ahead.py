"""trace's reports read in a second process while this one reads the answers.

The worker (``forked``) reads the reports exactly as one process would (``places.Inputs.read``
with ``LineReader.report_outcomes``) and spools what each line gave, in order: its place, origin
and number, and its reports' request ids, numbers and outcomes, or its items. Once the answers are
read, this process takes the worker's inputs as its own (``Inputs.adopt``) and joins the
spooled lines in their order; a worker that did not finish is read past, and the reports read
here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..logs.reader import LineReader, ReadOptions
from ..logs.units import InputError, expand, plan
from .forked import Forked, Spool, can_fork
from .places import Inputs, Layout

if TYPE_CHECKING:
    from ..delivery.reports import ReportOutcome
    from ..logs.reader import Item

    Line = tuple[int, str, int | None, "list[Item] | tuple[ReportOutcome, ...]"]
    """A line read: its place, origin and number, and its items or its reports' outcomes."""

BATCH = 4096
"""Lines spooled at once: one pickle each."""


def can_read_ahead(path: str) -> bool:
    """Whether the reports under ``path`` are logs a second process may read: no standard
    input, pipe or whole file (those are read once, or read again from their place, here)."""
    if not can_fork():
        return False
    try:
        return all(unit.kind == "log" for unit in plan(expand([path])))
    except (InputError, OSError, ValueError):
        return False  # read here, which says what is wrong


class ReadAhead:
    """A worker reading ``path``'s reports; ``lines()`` once the answers are read, then ``close()``."""

    def __init__(self, path: str, options: ReadOptions) -> None:
        self.options = options
        self.worker = Forked.start(lambda spool: _spooled(path, options, spool))

    def lines(self, inputs: Inputs) -> Iterator[Line] | None:
        """The lines the worker read, their places among ``inputs``' (which takes the worker's
        files as its own); None when the worker did not read them all, or did not start."""
        spooled = None if self.worker is None else self.worker.pickles()
        if spooled is None:
            return None
        batches, layout = spooled
        return _joined(inputs.adopt(layout, LineReader(self.options)), batches)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()


def _spooled(path: str, options: ReadOptions, spool: Spool) -> Layout:
    inputs, batch = Inputs(None), []
    for line in inputs.read(path, options, LineReader.report_outcomes):
        batch.append(line)
        if len(batch) >= BATCH:
            spool.write(batch)
            batch = []
    spool.write(batch)
    return inputs.layout()


def _joined(base: int, batches: Iterator[list[Line]]) -> Iterator[Line]:
    for batch in batches:
        for place, origin, number, read in batch:
            yield base + place, origin, number, read
