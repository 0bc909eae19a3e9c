"""sms-diagnose report: delivery-report webhook bodies in (files, folders, logs, standard
input), one row per number out (its status, failure reason and meaning), or JSON."""

from __future__ import annotations

import io

from ...vocabulary import OutputFormat
from ..errors import EXIT_OK, CliError
from ..options import input_paths, standard_input
from ..output import print_json, table_width

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ...diagnosis import Diagnosis
    from ...logs.reader import Item
    from ..options import Options

_HEADER = ["FILE", "OUTCOME", "STATUS", "NUMBER", "REQUEST ID", "NAME", "REASON", "MEANING"]


def run(args: Options) -> int:
    items = _items(args)
    if args.format == OutputFormat.JSON:
        print_json([_record(item, args.show_numbers) for item in items])
        return EXIT_OK
    from ..render import table

    print(table(_HEADER, [_row(item, args.show_numbers) for item in items], table_width()))
    return EXIT_OK


def _items(args: Options) -> list[Item]:
    """Every number's report under the paths, read as check --reports reads them."""
    from ...logs.reader import ReadOptions, read_items
    from ...logs.units import InputError, expand
    from ...redaction import printable

    try:
        files = expand(input_paths(args.files))
        if not files:
            raise CliError(f"{' '.join(map(printable, args.files))}: no files to read")
        stdin = standard_input() if None in files else io.BytesIO()
        return list(read_items(files, stdin, ReadOptions(reports=True, stdin_is_jsonl=args.jsonl)))
    except InputError as exc:
        raise CliError(str(exc)) from exc


def _row(item: Item, show_numbers: bool) -> list[str]:
    """A number's row of the table, its texts masked (its number too, unless ``show_numbers``)."""
    from ...logs.reader import where
    from ...redaction import printable, shown_number

    diagnosis = item.diagnosis
    if diagnosis is None:
        return [where(item), "invalid", "-", "-", "-", "-", "-", printable(item.problem or "")]
    entry, failure, numbers = diagnosis.entry, diagnosis.failure, (diagnosis.number,)
    return [
        where(item),
        str(diagnosis.outcome),
        printable(diagnosis.code, numbers) if diagnosis.code else "-",
        shown_number(diagnosis.number, show_numbers) or "-",
        printable(diagnosis.request_id, numbers) if diagnosis.request_id else "-",
        entry.name if entry else "-",
        failure.name if failure else "unknown" if diagnosis.failure_reason else "-",
        (entry.title if entry else printable(diagnosis.reason or "", numbers)) + _why(diagnosis),
    ]


def _why(diagnosis: Diagnosis) -> str:
    """Why the message failed, after its meaning: the failure reason's title, else its text."""
    from ...redaction import printable

    failure, reason = diagnosis.failure, diagnosis.failure_reason
    if failure is not None and failure is not diagnosis.entry:
        return f": {failure.title}"
    return f" ({printable(reason, (diagnosis.number,))})" if reason and failure is None else ""


def _record(item: Item, reveal_numbers: bool) -> dict[str, Any]:
    from ...redaction import redact

    place = {"file": redact(item.origin, item.numbers), "line": item.line}
    if item.diagnosis is None:
        return {**place, "outcome": "invalid", "reason": redact(item.problem or "")}
    return {**place, **item.diagnosis.to_dict(reveal_number=reveal_numbers)}
