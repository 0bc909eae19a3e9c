"""Diagnose many responses: over any iterable, or over one partition of a distributed log.

Plain functions of their input, with no state kept between calls; every Diagnosis pickles
(its entry by name), so these run unchanged in worker processes, in Dask (see diagnose.dask)
or in any engine that maps a function over partitions of lines.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from .diagnosis import Diagnosis
from .limits import DEFAULT_MAX_BYTES, check_max_bytes
from .logs.reader import LineReader, ReadOptions
from .responses.decode import text_of
from .responses.pipeline import RawResponse, diagnose
from .vocabulary import Outcome

__all__ = ["count", "diagnose_lines", "diagnose_many"]


def diagnose_many(bodies: Iterable[RawResponse], **options: Any) -> Iterator[Diagnosis]:
    """``diagnose()`` of each body, lazily, in order; ``options`` as for ``diagnose()``."""
    for body in bodies:
        yield diagnose(body, **options)


def diagnose_lines(
    lines: Iterable[str | bytes], *, reports: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Diagnosis]:
    """Every response of a partition of JSON Lines, read as ``sms-diagnose check`` reads a log:
    each line a response, or a record with ``body`` (and ``http_status``, ``content_type``).
    With ``reports``, bodies are delivery-report webhooks, one diagnosis per number. A line
    that is no record gives an ``unrecognised`` diagnosis saying why; blank lines give none.
    A wrong ``max_bytes`` raises here, before any line is read.
    """
    return _diagnose_lines(lines, reports, check_max_bytes(max_bytes))


def _diagnose_lines(lines: Iterable[str | bytes], reports: bool, max_bytes: int) -> Iterator[Diagnosis]:
    reader = LineReader(ReadOptions(reports=reports, max_bytes=max_bytes))
    for number, line in enumerate(lines, 1):
        # A str is the line's text, read as it is (a lone surrogate included); bytes are read
        # as ``check`` reads a log line, and as a file of the same bytes is read.
        data = line if isinstance(line, str) else bytes(line)
        for item in reader.line_items("partition", number, data):
            if item.diagnosis is not None:
                yield item.diagnosis
            else:
                text = data if isinstance(data, str) else text_of(data)
                yield Diagnosis(outcome=Outcome.UNRECOGNISED, raw=text, reason=item.problem)


def count(diagnoses: Iterable[Diagnosis]) -> Counter[str]:
    """Counts by ``Diagnosis.counted_as``; counters of partitions add up with ``+``."""
    return Counter(diagnosis.counted_as for diagnosis in diagnoses)
