"""trace's compact join (journeys/held, journeys/places): it tells what the join of whole
records (``trace()``) tells, byte for byte, and holds a few hundred bytes a message.

The inputs are those of the benchmark (``benchmarks/trace_inputs.py``): a day's mix of
delivered, failed, refused, pending and unanswered messages, with duplicate and late reports,
and hostile lines (request ids twice and in upper case, several numbers on one line, oddly
written numbers, authkeys, lines that are not records).
"""

from __future__ import annotations

import io
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.trace_inputs import write_inputs
from diagnose.check.policy import Policy
from diagnose.diagnosis import Diagnosis
from diagnose.journeys.join import trace
from diagnose.journeys.journey import Submitted, line
from diagnose.journeys.render import Counts, record
from diagnose.journeys.run import INVALID_SHOWN, fails, run_trace
from diagnose.logs.reader import Item, ReadOptions, read_items, where
from diagnose.logs.units import expand
from diagnose.redaction import json_text, printable
from diagnose.times import unix_seconds
from diagnose.vocabulary import JourneyState

NOW = 1_764_164_800.0
POLICY = Policy.build("error", [], False, False)
BYTES_A_MESSAGE = 400


def _whole_records(requests: Path, reports: Path, as_json: bool) -> tuple[str, int]:
    """What ``sms-diagnose trace`` wrote when its join held every answer and report whole."""
    out, counts, invalid = io.StringIO(), Counts(), list[Item]()

    def diagnosed(path: Path, options: ReadOptions) -> Iterator[Item]:
        for item in read_items(expand([str(path)]), None, options):
            if item.diagnosis is not None:
                yield item
                continue
            counts.invalid += 1
            if len(invalid) < INVALID_SHOWN:
                invalid.append(item)

    answers = (
        Submitted(diagnosis=item.diagnosis, where=item.where, at=unix_seconds(item.time))
        for item in diagnosed(requests, ReadOptions(stdin_is_jsonl=True))
        if item.diagnosis is not None
    )

    def delivery() -> Iterator[Diagnosis]:
        for item in diagnosed(reports, ReadOptions(reports=True, stdin_is_jsonl=True)):
            counts.reports += 1
            if item.diagnosis is not None:
                yield item.diagnosis

    def unjoined(report: Diagnosis) -> None:
        counts.unjoined += 1

    failed = 0
    for journey in trace(answers, delivery(), now=NOW, on_unjoined=unjoined):
        counts.add(journey)
        failed += fails(journey, POLICY)
        if as_json:
            out.write(json_text(record(journey), indent=None) + "\n")
        elif journey.state is not JourneyState.DELIVERED:
            out.write(line(journey) + "\n")
    if not as_json:
        for item in invalid:
            out.write(f"{where(item)}  invalid: {printable(item.problem or '')}\n")
        out.write(counts.text() + "\n")
    return out.getvalue(), failed + counts.unjoined + counts.invalid


def _compact(requests: Path, reports: Path, as_json: bool) -> tuple[str, int]:
    out = io.StringIO()
    _, failed = run_trace(str(requests), str(reports), POLICY, out, json=as_json, now=NOW)
    return out.getvalue(), failed


@pytest.mark.parametrize("as_json", [False, True], ids=["human", "json"])
@pytest.mark.parametrize("hostile", [False, True], ids=["a day", "hostile"])
def test_the_compact_join_tells_what_the_join_of_whole_records_tells(
    hostile: bool, as_json: bool, tmp_path: Path
) -> None:
    requests, reports = write_inputs(3000, tmp_path, seed=5, hostile=hostile)
    told, failed = _compact(requests, reports, as_json)
    assert (told, failed) == _whole_records(requests, reports, as_json)
    assert 'reports": [{' in told or not as_json
    assert failed > 0


def test_answers_and_reports_given_the_other_way_round_are_told_alike(tmp_path: Path) -> None:
    requests, reports = write_inputs(1000, tmp_path, seed=7, hostile=True)
    assert _compact(reports, requests, False) == _whole_records(reports, requests, False)


def test_a_report_read_again_from_standard_input_is_the_one_read_before(tmp_path: Path) -> None:
    requests, reports = write_inputs(1000, tmp_path, seed=9, hostile=True)
    out = io.StringIO()
    with reports.open("rb") as stdin:
        _, failed = run_trace(str(requests), "-", POLICY, out, json=True, now=NOW, stdin=stdin)
    expected, expected_failed = _whole_records(requests, reports, True)
    assert (out.getvalue().replace(str(reports), "<stdin>"), failed) == (expected, expected_failed)


def _peak(messages: int, folder: Path) -> int:
    """The peak of the memory Python allocates while trace writes its journeys to nowhere."""
    requests, reports = write_inputs(messages, folder, seed=11)
    with open(os.devnull, "w", encoding="utf-8") as nowhere:
        tracemalloc.start()
        try:
            run_trace(str(requests), str(reports), POLICY, nowhere, now=NOW)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_memory_grows_by_less_than_400_bytes_a_message(tmp_path: Path) -> None:
    """The peak's growth from 10k to 20k messages, per message: what the join holds of each
    (a delivered message's journey is never built; a told one is written and let go)."""
    _peak(100, tmp_path / "warm")  # the catalog and the caches filled
    small, large = _peak(10_000, tmp_path / "small"), _peak(20_000, tmp_path / "large")
    assert (large - small) / 10_000 < BYTES_A_MESSAGE
