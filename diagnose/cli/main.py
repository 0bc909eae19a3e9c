"""The sms-diagnose command: explain, parse, check, preflight, report, trace, list, export and validate."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator, Sequence
from types import SimpleNamespace as Namespace

from ..catalog.model import Catalog, load_catalog
from ..catalog.source import CatalogError
from ..limits import check_max_bytes
from ..vocabulary import OutputFormat, ParseFormat, Phase, ReportFormat
from ..wording import counted

# Each command imports what it needs, when it runs: `explain CODE` starts without argparse, the
# readers, the redaction patterns, json, pathlib or typing (tests/test_packaging.py keeps it so).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import contextlib
    from collections.abc import Iterable
    from typing import Any, BinaryIO, TextIO

    Options = Any
    """A command's options: argparse's Namespace, or the same attributes read without argparse."""

    from ..check.inputs import Item
    from ..diagnosis import Diagnosis

EXIT_OK = 0
EXIT_PROBLEM_FOUND = 1
"""An unknown code, a check that failed, an invalid catalog: the command ran and found a problem."""
EXIT_USAGE = 2


class CliError(Exception):
    """A problem with the command's input, reported as one line and exit status 2."""


class UsageError(CliError):
    """A mistake in the command line itself (an option's value out of range or unreadable): its
    message holds the command's own words and what was typed, never text from a body, a log or a
    file name, so the numbers in it are shown as they are (a limit of 300,000,000 bytes is no phone
    number); an authkey typed in the wrong place is still masked, control characters escaped."""


def typed_number(value: int) -> str:
    """A number typed on the command line, in a usage error, as the command writes numbers
    (``300,000,000``); one too long to write out is described."""
    if not -(10**18) < value < 10**18:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    return f"{value:,}"


class PipedOutput:
    """One of the command's output streams (standard output, standard error, a report), whose
    reader may stop reading at any time (``| head -1``, a closed pipe).

    A cut output is not an error, and it changes no exit status: the first write or flush that
    finds the pipe closed (EPIPE) points the stream's file descriptor at /dev/null, so that what
    the stream still buffers goes there when it is flushed or closed (and the interpreter has
    nothing to complain of on its way out), and drops every later write. The command goes on to
    its end and exits as it would have had its output been read whole: a gate with its verdict on
    everything it read, whatever became of its report. Every other error is raised as it was.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.cut = False

    def write(self, text: str) -> int:
        if not self.cut:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._drop()
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self.cut:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._drop()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)

    def _drop(self) -> None:
        self.cut = True
        _to_devnull(self.stream)


def _to_devnull(stream: object) -> None:
    """Point ``stream``'s file descriptor at /dev/null (nothing to do for a stream without one)."""
    try:
        descriptor = stream.fileno()  # type: ignore[attr-defined]
        null = os.open(os.devnull, os.O_WRONLY)
    except (AttributeError, OSError, ValueError):
        return
    try:
        os.dup2(null, descriptor)
    except OSError:
        pass
    finally:
        os.close(null)


def _columns(fallback: int) -> int:
    """The terminal's width (``COLUMNS`` first, as shutil.get_terminal_size reads it)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or fallback


def _width() -> int:
    return min(_columns(88), 100)


def _table_width() -> int:
    """A table fits the terminal; in a file or a CI log, lines may be longer."""
    return _columns(160) if sys.stdout is not None and sys.stdout.isatty() else 160


def _print_json(value: Any) -> None:
    from ..redaction import json_text

    print(json_text(value))


def cmd_explain(args: Options) -> int:
    from ..catalog.explanation import entry_text

    catalog = load_catalog()
    if not args.code.strip():
        raise CliError("explain needs a code or a name, such as 207 or INVALID_AUTHKEY")
    entry = catalog.lookup(args.code)
    if entry is None:
        from ..redaction import printable

        print(
            f"sms-diagnose: {printable(repr(args.code))} is not a code or name in the catalog{_hint(args.code)}",
            file=sys.stderr,
        )
        return EXIT_PROBLEM_FOUND
    if args.format == OutputFormat.JSON:
        _print_json(entry.to_dict())
    else:
        print(entry_text(entry, catalog, _width()))
    return EXIT_OK


def _hint(key: str) -> str:
    close = load_catalog().close_keys(key)
    return f"; did you mean {' or '.join(close)}?" if close else "; `sms-diagnose list` shows every entry"


def _paths(paths: Sequence[str]) -> Sequence[str]:
    """The paths to read: standard input only when asked for with ``-``, never by default."""
    if not paths:
        raise CliError("no input: give files, folders or - for standard input")
    if list(paths).count("-") > 1:
        raise CliError("- (standard input) is given more than once: it can be read only once")
    return paths


def _stdin() -> BinaryIO:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise CliError("-: standard input is closed")
    return stream  # type: ignore[no-any-return]


def cmd_parse(args: Options) -> int:
    from ..redaction import printable
    from .render import diagnosis_text, table

    if args.http_status is not None and not 100 <= args.http_status <= 599:
        raise UsageError(f"--http-status must be between 100 and 599, not {typed_number(args.http_status)}")
    items = list(_parsed(args))
    single = len(items) == 1 and len(args.files) <= 1 and items[0][1] is not None
    if args.format == ParseFormat.PROBLEM:
        problems = [_problem_record(name, result, problem) for name, result, problem in items]
        _print_json(problems[0] if single else problems)
    elif args.format == ParseFormat.JSON:
        if single:
            _print_json(items[0][1].to_dict())  # type: ignore[union-attr]
        else:
            _print_json([_parse_record(name, result, problem) for name, result, problem in items])
    elif single:
        print(diagnosis_text(items[0][1]))  # type: ignore[arg-type]
    else:
        rows = []
        for name, result, problem in items:
            if result is None:
                rows.append([printable(name), "invalid", "-", "-", "-", printable(problem or "")])
                continue
            entry = result.entry
            summary = entry.title if entry else printable(result.request_id or result.reason or result.message or "")
            rows.append(
                [
                    printable(name),
                    str(result.outcome),
                    printable(result.code) if result.code else (entry.code if entry and entry.code else "-"),
                    entry.name if entry else "-",
                    str(entry.severity) if entry else "-",
                    summary,
                ]
            )
        print(table(["FILE", "OUTCOME", "CODE", "NAME", "SEVERITY", "MEANING"], rows, _table_width()))
    return EXIT_OK


def _parsed(args: Options) -> Iterator[tuple[str, Diagnosis | None, str | None]]:
    """Each response under the paths with where it was read: a file, or a line of a JSON Lines
    log, read by the same reader as check and report."""
    from ..check.inputs import InputError, ReadOptions, expand, read_items
    from ..redaction import printable

    try:
        files = expand(_paths(args.files))
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
    stdin = _stdin() if None in files else None
    try:
        for item in read_items(files, stdin, options):
            yield item.where, item.diagnosis, item.problem
    except InputError as exc:
        raise CliError(str(exc)) from exc


def _problem_record(name: str, result: Diagnosis | None, problem: str | None) -> dict[str, Any]:
    from ..redaction import redact

    if result is None:
        return {"type": "about:blank", "title": "Not a response record", "detail": redact(problem or "")}
    return result.to_problem()


def _parse_record(name: str, result: Diagnosis | None, problem: str | None) -> dict[str, Any]:
    from ..redaction import redact

    if result is None:
        return {"file": redact(name), "outcome": "invalid", "reason": redact(problem or "")}
    return {"file": redact(name), **result.to_dict()}


def cmd_report(args: Options) -> int:
    from ..check.inputs import InputError, ReadOptions, expand, read_items
    from ..check.reports import where
    from ..redaction import printable, shown_number
    from .render import table

    try:
        files = expand(_paths(args.files))
        if not files:
            raise CliError(f"{' '.join(map(printable, args.files))}: no files to read")
        stdin = _stdin() if None in files else io.BytesIO()
        items = list(read_items(files, stdin, ReadOptions(reports=True, stdin_is_jsonl=args.jsonl)))
    except InputError as exc:
        raise CliError(str(exc)) from exc
    if args.format == OutputFormat.JSON:
        _print_json([_report_record(item, args.show_numbers) for item in items])
        return EXIT_OK
    rows = []
    for item in items:
        diagnosis = item.diagnosis
        if diagnosis is None:
            rows.append([where(item), "invalid", "-", "-", "-", "-", "-", printable(item.problem or "")])
            continue
        entry = diagnosis.entry
        numbers = (diagnosis.number,)
        shown = shown_number(diagnosis.number, args.show_numbers)
        failure, reason = diagnosis.failure, diagnosis.failure_reason
        if failure is not None and failure is not entry:
            why = f": {failure.title}"
        else:
            why = f" ({printable(reason, numbers)})" if reason and failure is None else ""
        rows.append(
            [
                where(item),
                str(diagnosis.outcome),
                printable(diagnosis.code, numbers) if diagnosis.code else "-",
                shown or "-",
                printable(diagnosis.request_id, numbers) if diagnosis.request_id else "-",
                entry.name if entry else "-",
                failure.name if failure else "unknown" if reason else "-",
                (entry.title if entry else printable(diagnosis.reason or "", numbers)) + why,
            ]
        )
    header = ["FILE", "OUTCOME", "STATUS", "NUMBER", "REQUEST ID", "NAME", "REASON", "MEANING"]
    print(table(header, rows, _table_width()))
    return EXIT_OK


def _report_record(item: Item, reveal_numbers: bool) -> dict[str, Any]:
    from ..redaction import redact

    place = {"file": redact(item.origin, item.numbers), "line": item.line}
    if item.diagnosis is None:
        return {**place, "outcome": "invalid", "reason": redact(item.problem or "")}
    return {**place, **item.diagnosis.to_dict(reveal_number=reveal_numbers)}


def cmd_list(args: Options) -> int:
    from .render import table

    catalog = load_catalog()
    chosen = [e for e in catalog if args.category in (None, e.category) and args.phase in (None, e.phase)]
    if args.format == OutputFormat.JSON:
        _print_json([entry.to_dict() for entry in chosen])
        return EXIT_OK
    rows = [[e.code or "-", e.name, e.category, str(e.severity), str(e.retry), e.title] for e in chosen]
    print(table(["CODE", "NAME", "CATEGORY", "SEVERITY", "RETRY", "TITLE"], rows, _table_width()))
    return EXIT_OK


def export_document(catalog: Catalog) -> dict[str, Any]:
    """The whole catalog as one JSON document, valid against the catalog schema (``diagnose.gate.schemas``)."""

    document = {key: value for key, value in catalog.document.items() if key != "entries"}
    document["entries"] = [entry.to_dict() for entry in catalog]
    return document


def cmd_export(args: Options) -> int:
    import contextlib
    import json

    from ..redaction import printable

    text = json.dumps(export_document(load_catalog()), indent=2, ensure_ascii=False) + "\n"
    output = _output(args.output)
    try:
        with contextlib.ExitStack() as stack:
            out = _report_stream(stack, output)
            out.write(text)
            out.flush()
    except OSError as exc:
        raise CliError(f"{output or 'standard output'}: cannot be written ({exc.strerror or exc})") from exc
    if output is not None:
        print(f"wrote the catalog ({counted(len(load_catalog()), 'entry', 'entries')}) to {printable(output)}")
    return EXIT_OK


def _output(option: str | None) -> str | None:
    """The file an --output option names; None for standard output (no option, or -)."""
    return None if not option or option == "-" else option


def _stdout() -> TextIO:
    if sys.stdout is None:
        raise CliError("standard output is closed: write to a file with --output FILE")
    return sys.stdout


def _report_stream(stack: contextlib.ExitStack[Any], output: str | None) -> TextIO:
    """Where a report is written: standard output, or the file ``output`` names, opened now (after
    every misuse was refused, as opening truncates it) and written in place when the run ends
    (see open_report). Whoever reads it may stop reading, as standard output's reader may."""
    if output is None:
        return _stdout()
    from ..check.run import open_report

    report = PipedOutput(stack.enter_context(open_report(output)))
    stack.callback(report.flush)  # before the file is closed, which would flush it unguarded
    shown: TextIO = report  # type: ignore[assignment]
    return shown


def cmd_validate(args: Options) -> int:
    from pathlib import Path

    from ..gate import STAGES, validate
    from ..redaction import printable

    if args.data and not Path(args.data).is_dir():
        raise CliError(f"{printable(args.data)}: no such folder (give a data/ folder holding catalog.yaml)")
    verdict = validate(Path(args.data) if args.data else None)
    for problem in verdict.problems:
        print(printable(problem))
    if verdict.problems or verdict.catalog is None:
        print(
            f"sms-diagnose: the catalog has {counted(len(verdict.problems), 'problem')} at stage {verdict.stage}; "
            "later stages did not run",
            file=sys.stderr,
        )
        return EXIT_PROBLEM_FOUND
    print(f"catalog valid: {counted(len(verdict.catalog), 'entry', 'entries')} (stages: {', '.join(STAGES)})")
    return EXIT_OK


def cmd_check(args: Options) -> int:
    return _check(args)


def cmd_preflight(args: Options) -> int:
    from ..check.requests import PreflightOptions, instant
    from ..journeys.join import submitted_at
    from ..redaction import printable

    now = submitted_at(args.now) if args.now is not None else None
    if args.now is not None and now is None:
        raise UsageError(f"--now: {printable(args.now, phones=False)} is not ISO 8601 time or Unix seconds")
    if now is not None and instant(now) is None:
        raise UsageError(f"--now: {printable(args.now, phones=False)} is out of the range of years 1 to 9999")
    template = None
    if args.template is not None:
        output = _output(args.output)
        if output is not None and _same_file(output, args.template):
            raise CliError(f"--output {printable(output)} is also the --template: the report would overwrite it")
        template = _template_text(args.template)
    return _check(args, PreflightOptions(now, template))


def _same_file(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.abspath(one) == os.path.abspath(other)


def _template_text(name: str) -> str:
    from ..catalog.source import read_text
    from ..limits import DEFAULT_MAX_BYTES
    from ..redaction import printable

    try:
        return read_text(name, DEFAULT_MAX_BYTES)
    except CatalogError as exc:
        raise CliError(f"--template {printable(str(exc))}") from None


def _check(args: Options, preflight: Any = None) -> int:
    """check, or preflight when ``preflight`` holds its options: the same inputs, reports and
    exit statuses, over answers or over requests."""
    import contextlib

    from ..check.inputs import InputError
    from ..check.policy import Policy
    from ..check.run import default_jobs, overwritten_input, run_check, standard_input
    from ..redaction import printable

    reports = getattr(args, "reports", False)
    subject = "request" if preflight is not None else "response"
    _paths(args.paths)
    policy = Policy.build(
        args.fail_on,
        ",".join(args.allow or []).split(","),
        args.allow_unrecognised,
        args.allow_invalid,
        phase=Phase.DELIVERY if reports else None,
    )
    output = _output(args.output)
    # Every misuse is refused before the output is opened, which truncates it.
    out: TextIO = _stdout() if output is None else sys.stdout
    try:
        if "-" in args.paths:
            standard_input()
        problem = overwritten_input(args.paths, output)
    except InputError as exc:
        raise CliError(str(exc)) from exc
    if problem:
        raise CliError(problem)
    try:
        with contextlib.ExitStack() as stack:
            out = _report_stream(stack, output)
            try:
                tally = run_check(
                    args.paths,
                    policy,
                    args.format,
                    out,
                    stdin_is_jsonl=args.jsonl,
                    reports=reports,
                    reveal_numbers=getattr(args, "show_numbers", False),
                    max_bytes=check_max_bytes(args.max_bytes),
                    jobs=args.jobs if args.jobs is not None else default_jobs(),
                    preflight=preflight,
                )
            except InputError as exc:
                raise CliError(str(exc)) from exc
    except OSError as exc:  # opening, writing or closing the report: run_check and open_report name it
        if exc.filename is not None and exc.filename == (output or getattr(out, "name", None)):
            raise CliError(f"{output or 'standard output'}: cannot be written ({exc.strerror or exc})") from exc
        raise
    warning = tally.authkey_warning()
    if warning and args.format != ReportFormat.GITHUB and (output or args.format != ReportFormat.HUMAN):
        print(f"sms-diagnose: {warning}", file=sys.stderr)
    if output:
        print(
            f"checked {counted(tally.total, subject)}: {tally.passed:,} passed, {tally.failed:,} failed "
            f"({args.format} report in {printable(output)})"
        )
    if not tally.total and not args.allow_empty:
        raise CliError(
            f"nothing to check: {' '.join(map(printable, args.paths))} held no {subject} "
            "(--allow-empty lets an empty input pass)"
        )
    return EXIT_PROBLEM_FOUND if tally.failed else EXIT_OK


def _unambiguous_allow(allowed: list[str]) -> None:
    """trace fails on rejected answers and on failed deliveries: a bare number that is both a
    request code and a delivery status (2: 002 or status 2) is refused, not guessed."""
    from ..redaction import printable

    catalog = load_catalog()
    for given in allowed:
        key = given.strip()
        request, delivery = catalog.lookup(key, Phase.REQUEST), catalog.lookup(key, Phase.DELIVERY)
        if key.isdigit() and request is not None and delivery is not None and request is not delivery:
            raise CliError(
                f"--allow {printable(key)} is both request code {request.key} ({request.name}) and delivery "
                f"status {key} ({delivery.name}): give the name, or {delivery.key} for the status"
            )


def cmd_trace(args: Options) -> int:
    import contextlib

    from ..check.inputs import InputError
    from ..check.policy import Policy
    from ..check.run import overwritten_input
    from ..journeys.join import submitted_at
    from ..journeys.run import run_trace
    from ..redaction import printable

    _paths([args.requests, args.reports])
    now = submitted_at(args.now) if args.now is not None else None
    if args.now is not None and now is None:
        raise UsageError(f"--now: {printable(args.now, phones=False)} is not ISO 8601 time or Unix seconds")
    allowed = ",".join(args.allow or []).split(",")
    _unambiguous_allow(allowed)
    policy = Policy.build(args.fail_on, allowed, args.allow_unrecognised, args.allow_invalid)
    output = _output(args.output)
    try:
        problem = overwritten_input([args.requests, args.reports], output)
        if problem:
            raise CliError(problem)
        stdin = _stdin() if "-" in (args.requests, args.reports) else None
        with contextlib.ExitStack() as stack:
            out = _report_stream(stack, output)
            counts, failed = run_trace(
                args.requests,
                args.reports,
                policy,
                out,
                json=args.format == OutputFormat.JSON,
                now=now,
                stdin=stdin,
                reveal_numbers=args.show_numbers,
            )
    except InputError as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        if exc.filename is not None and output is not None:
            raise CliError(f"{output}: cannot be written ({exc.strerror or exc})") from exc
        raise
    if args.format == OutputFormat.JSON or output:
        print(f"sms-diagnose: {counts.text().splitlines()[0]}", file=sys.stdout if output else sys.stderr)
    if not counts.total and not counts.invalid:
        raise CliError("nothing to trace: the inputs held no answer and no report")
    if not counts.reports:
        print(f"sms-diagnose: {printable(args.reports)} held no delivery report", file=sys.stderr)
    return EXIT_PROBLEM_FOUND if failed else EXIT_OK


def quick_explain(words: Sequence[str]) -> Options | None:
    """``explain CODE`` with at most ``--json`` or ``--format human|json``, read without argparse:
    the commonest command starts without building a parser (argparse and its translations cost a
    third of its start-up). Anything else returns None, for the parser; tests/test_cli.py checks
    that both read every such command line alike."""
    if len(words) < 2 or words[0] != "explain":
        return None
    code, output, rest = None, str(OutputFormat.HUMAN), list(words[1:])
    while rest:
        word = rest.pop(0)
        if word == "--json":
            output = str(OutputFormat.JSON)
        elif word == "--format" and rest and rest[0] in tuple(OutputFormat):
            output = rest.pop(0)
        elif word.startswith("--format=") and word[9:] in tuple(OutputFormat):
            output = word[9:]
        elif code is None and word and not word.startswith("-"):
            code = word
        else:
            return None
    if code is None:
        return None
    return Namespace(command="explain", code=code, format=output, handler=cmd_explain)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; misuse and I/O errors are one line on standard error and exit status 2.

    SIGTERM during a check ends it with status 143 (see check.Terminated), after its cleanup.
    Standard output and standard error are PipedOutput while it runs: a reader that stops
    reading changes no exit status.
    """
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _piped(sys.stdout), _piped(sys.stderr)
    try:
        return _run(argv)
    finally:
        for piped in (sys.stdout, sys.stderr):  # what --help or a usage error left in a buffer
            try:
                if piped is not None:
                    piped.flush()
            except (OSError, ValueError):
                pass  # a full disk: the interpreter says so on its way out
        sys.stdout, sys.stderr = streams


def _piped(stream: TextIO | None) -> Any:
    return None if stream is None else PipedOutput(stream)


def _run(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = quick_explain(words)
    if args is None:
        from .parser import build_parser, command_in

        args = build_parser(command_in(words)).parse_args(words)
    try:
        status: int = args.handler(args)
        _flush_stdout()  # a full disk is reported here, not by the interpreter on its way out
    except UsageError as exc:
        return _fail(str(exc), phones=False)
    except (CliError, CatalogError, TypeError, ValueError) as exc:
        return _fail(str(exc))
    except OSError as exc:  # any other I/O error: still one line, exit status 2
        return _fail(f"{exc.filename}: {exc.strerror or exc}" if exc.filename is not None else exc.strerror or str(exc))
    except KeyboardInterrupt:
        return 130
    return status


def _flush_stdout() -> None:
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as exc:
        raise CliError(f"standard output: cannot be written ({exc.strerror or exc})") from exc


def _fail(message: str, *, phones: bool = True) -> int:
    """Report a failure as one line: masked (``phones=False`` for a usage error, which holds no
    text from outside but what was typed) and escaped."""
    from ..redaction import printable

    print(f"sms-diagnose: error: {printable(message, phones=phones)}", file=sys.stderr)
    _drop_unwritable_stdout()
    return EXIT_USAGE


def _drop_unwritable_stdout() -> None:
    """Write what is left for standard output, or drop it when it cannot be written, so that the
    interpreter does not fail on it again, with a second message, on its way out."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError:
        _discard_stdout()


def _discard_stdout() -> None:
    _to_devnull(sys.stdout)
