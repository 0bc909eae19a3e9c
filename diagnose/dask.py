"""Dask integration: diagnose logs too big for one machine, partition by partition.

Needs the optional extra: ``pip install "sms-diagnose[dask]"``.

    import dask.bag as db
    from diagnose.dask import diagnose_bag, count_by_key

    lines = db.read_text("s3://bucket/sms-logs/*.jsonl", blocksize="64MiB")
    print(count_by_key(lines).compute())      # {"success": 9_800_000, "INVALID_AUTHKEY": 1_203, ...}
"""

from functools import partial
from typing import Any

from .batch import count, diagnose_lines

__all__ = ["count_by_key", "diagnose_bag"]

try:
    import dask.bag as db
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError('diagnose.dask needs Dask: pip install "sms-diagnose[dask]"') from exc


def diagnose_bag(lines: "db.Bag", *, reports: bool = False) -> "db.Bag":
    """A bag of JSON Lines lines (``dask.bag.read_text``) to a bag of Diagnosis, per partition."""
    diagnosed: db.Bag = lines.map_partitions(partial(_diagnose_partition, reports=reports))
    return diagnosed


def _diagnose_partition(lines: Any, *, reports: bool) -> list[Any]:
    return list(diagnose_lines(lines, reports=reports))


def count_by_key(lines: "db.Bag", *, reports: bool = False) -> Any:
    """A delayed dict of counts by entry name or outcome: counted in each partition, then summed."""
    return lines.reduction(partial(_count_partition, reports=reports), _sum_counts, split_every=8).apply(dict)


def _count_partition(lines: Any, *, reports: bool) -> Any:
    return count(diagnose_lines(lines, reports=reports))


def _sum_counts(counters: Any) -> Any:
    total = count(())
    for counter in counters:
        total.update(counter)
    return total
