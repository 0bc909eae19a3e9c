"""sms-diagnose parse: responses in (files, folders, logs, standard input), what each means out:
one diagnosis in a few lines, several in a table, or JSON. It exits 0 whatever they mean."""

from __future__ import annotations

from ...vocabulary import ParseFormat
from ..errors import EXIT_OK, CliError, UsageError, typed_number
from ..options import input_paths, standard_input
from ..output import print_json, table_width

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from ...diagnosis import Diagnosis
    from ..options import Options

    Parsed = tuple[str, Diagnosis | None, str | None]
    """Where a response was read, its diagnosis, and why there is none (a line that is no record)."""

_HEADER = ["FILE", "OUTCOME", "CODE", "NAME", "SEVERITY", "MEANING"]


def run(args: Options) -> int:
    if args.http_status is not None and not 100 <= args.http_status <= 599:
        raise UsageError(f"--http-status must be between 100 and 599, not {typed_number(args.http_status)}")
    items = list(_parsed(args))
    single = len(items) == 1 and len(args.files) <= 1 and items[0][1] is not None
    if args.format == ParseFormat.PROBLEM:
        problems = [_problem_record(*item) for item in items]
        print_json(problems[0] if single else problems)
    elif args.format == ParseFormat.JSON:
        print_json(items[0][1].to_dict() if single else [_parse_record(*item) for item in items])  # type: ignore[union-attr]
    elif single:
        from ...diagnosis_text import diagnosis_text

        print(diagnosis_text(items[0][1]))  # type: ignore[arg-type]
    else:
        from ..render import table

        print(table(_HEADER, [_row(*item) for item in items], table_width()))
    return EXIT_OK


def _parsed(args: Options) -> Iterator[Parsed]:
    """Each response under the paths with where it was read: a file, or a line of a JSON Lines
    log, read by the same reader as check and report."""
    from ...logs.reader import ReadOptions, read_items
    from ...logs.units import InputError, expand
    from ...redaction import printable

    try:
        files = expand(input_paths(args.files))
    except InputError as exc:
        raise CliError(str(exc)) from exc
    if not files:
        raise CliError(f"{' '.join(map(printable, args.files))}: no files to read")
    options = ReadOptions(
        stdin_is_jsonl=args.jsonl,
        body_format=args.body_format,
        http_status=args.http_status,
        content_type=args.content_type,
    )
    stdin = standard_input() if None in files else None
    try:
        for item in read_items(files, stdin, options):
            yield item.where, item.diagnosis, item.problem
    except InputError as exc:
        raise CliError(str(exc)) from exc


def _row(name: str, result: Diagnosis | None, problem: str | None) -> list[str]:
    """A response's row of the table: where it was read, its outcome, code, name and meaning."""
    from ...redaction import printable

    if result is None:
        return [printable(name), "invalid", "-", "-", "-", printable(problem or "")]
    entry = result.entry
    summary = entry.title if entry else printable(result.request_id or result.reason or result.message or "")
    return [
        printable(name),
        str(result.outcome),
        printable(result.code) if result.code else (entry.code if entry and entry.code else "-"),
        entry.name if entry else "-",
        str(entry.severity) if entry else "-",
        summary,
    ]


def _problem_record(name: str, result: Diagnosis | None, problem: str | None) -> dict[str, Any]:
    from ...redaction import redact

    if result is None:
        return {"type": "about:blank", "title": "Not a response record", "detail": redact(problem or "")}
    return result.to_problem()


def _parse_record(name: str, result: Diagnosis | None, problem: str | None) -> dict[str, Any]:
    from ...redaction import redact

    if result is None:
        return {"file": redact(name), "outcome": "invalid", "reason": redact(problem or "")}
    return {"file": redact(name), **result.to_dict()}
