"""Beyond one process: picklable diagnoses, diagnose.batch, and Dask on a local cluster."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from diagnose import diagnose, lookup
from diagnose.batch import count, diagnose_lines, diagnose_many

from .cli_runner import run_cli

REQUEST_ID = "3763646c3058373530393832"
LINES = [
    json.dumps({"id": 1, "body": f'{{"message":"{REQUEST_ID}","type":"success"}}', "http_status": 200}),
    json.dumps({"type": "error", "code": "311"}),
    "",
    "not json",
    json.dumps({"id": 4, "body": "<RESPONSE><TYPE>error</TYPE><CODE>418</CODE></RESPONSE>"}),
    json.dumps({"id": 5, "body": '{"type":"error","code":"999"}'}),
]


def test_diagnoses_and_entries_pickle_to_the_catalog_s_own() -> None:
    result = diagnose("code: 207")
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result and copy.entry is lookup("207")


def test_diagnose_many_is_diagnose_of_each() -> None:
    bodies = [b"code: 207", REQUEST_ID, {"type": "error", "code": "106"}]
    assert list(diagnose_many(bodies)) == [diagnose(body) for body in bodies]


def test_diagnose_lines_reads_a_partition_as_check_reads_a_log() -> None:
    results = list(diagnose_lines(LINES))
    assert [r.counted_as for r in results] == [
        "success",
        "DUPLICATE_REQUEST_DISCARDED",
        "unrecognised",
        "IP_NOT_WHITELISTED",
        "code 999",
    ]
    assert results[2].reason is not None and results[2].reason.startswith("not a JSON value")
    assert count(results) + count(results) == {k: 2 * v for k, v in count(results).items()}


def _write(path: Path, copies: int) -> None:
    path.write_text("\n".join(LINES * copies) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_dask_on_a_local_cluster_counts_what_check_counts(tmp_path: Path) -> None:
    import dask
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from diagnose.dask import count_by_key, diagnose_bag

    log = tmp_path / "traffic.jsonl"
    _write(log, 2000)
    # dask's own 30 s timeouts guard against a hang: minutes here, which a loaded machine cannot reach
    minutes = {"distributed.comm.timeouts.connect": "300s", "distributed.comm.timeouts.tcp": "300s"}
    with dask.config.set(minutes):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        with cluster, Client(cluster):
            lines = db.read_text(str(log), blocksize=20_000)
            assert lines.npartitions > 2
            counts = count_by_key(lines).compute()
            sample = diagnose_bag(lines).take(2, npartitions=-1)
    assert sample[0].entry is None and sample[0].ok and sample[1].entry is lookup("311")
    report = json.loads(run_cli("check", str(log), "--format", "json").stdout)
    from_check = {row["key"]: row["count"] for row in report["counts"]}
    from_check["unrecognised"] = from_check.pop("invalid line")
    assert counts == from_check
    assert counts["IP_NOT_WHITELISTED"] == 2000


@pytest.mark.parametrize("max_bytes", [-5, 0, "x", 1.5])
def test_a_wrong_max_bytes_fails_before_any_line_is_read(max_bytes: object) -> None:
    """Misuse is found when diagnose_lines is called, not at the first JSON line of a partition
    (red team: a partition without one passed silently)."""
    with pytest.raises((TypeError, ValueError), match="max_bytes must be"):
        diagnose_lines([], max_bytes=max_bytes)  # type: ignore[arg-type]
