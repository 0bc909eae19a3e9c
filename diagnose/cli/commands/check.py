"""sms-diagnose check: recorded responses in, a CI report and a verdict out (exit status 1 when
one fails). ``preflight`` runs the same way over send requests (``gate``)."""

from __future__ import annotations

import sys

from ...vocabulary import Phase, ReportFormat
from ...wording import counted
from ..errors import EXIT_OK, EXIT_PROBLEM_FOUND, CliError
from ..options import allowed, input_paths
from ..output import output_path, report_stream, stdout

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from ...check.policy import Policy
    from ...check.reports import Tally
    from ...logs.findings import PreflightOptions
    from ..options import Options


def run(args: Options) -> int:
    return gate(args)


def gate(args: Options, preflight: PreflightOptions | None = None) -> int:
    """check, or preflight when ``preflight`` holds its options: the same inputs, reports and
    exit statuses, over answers or over requests."""
    from ...check.reports import subject_of

    subject = subject_of(preflight is not None, bool(getattr(args, "reports", False)))
    input_paths(args.paths)
    policy = _policy(args)
    output = output_path(args.output)
    # Every misuse is refused before the output is opened, which truncates it.
    out: TextIO = stdout() if output is None else sys.stdout
    _refuse_misuse(args.paths, output)
    tally = _run(args, policy, output, out, preflight)
    _tell(args, tally, output, subject)
    return EXIT_PROBLEM_FOUND if tally.failed else EXIT_OK


def _policy(args: Options) -> Policy:
    from ...check.policy import Policy

    reports = getattr(args, "reports", False)
    phase = Phase.DELIVERY if reports else None
    return Policy.build(args.fail_on, allowed(args.allow), args.allow_unrecognised, args.allow_invalid, phase=phase)


def _refuse_misuse(paths: list[str], output: str | None) -> None:
    """A closed standard input that is to be read, or a report that would overwrite an input."""
    from ...check.run import overwritten_input
    from ...logs.units import InputError, standard_input

    try:
        if "-" in paths:
            standard_input()
        problem = overwritten_input(paths, output)
    except InputError as exc:
        raise CliError(str(exc)) from exc
    if problem:
        raise CliError(problem)


def _run(args: Options, policy: Policy, output: str | None, out: TextIO, preflight: PreflightOptions | None) -> Tally:
    """The run, its report written to ``output`` (None: standard output, ``out``)."""
    import contextlib

    from ...check.run import default_jobs, run_check
    from ...limits import check_max_bytes
    from ...logs.units import InputError

    try:
        with contextlib.ExitStack() as stack:
            out = report_stream(stack, output)
            try:
                return run_check(
                    args.paths,
                    policy,
                    args.format,
                    out,
                    stdin_is_jsonl=args.jsonl,
                    reports=getattr(args, "reports", False),
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


def _tell(args: Options, tally: Tally, output: str | None, subject: str) -> None:
    """What the report does not say where it is read: an authkey in clear text, where the report
    went, and an input that held nothing to check (an error, unless --allow-empty)."""
    from ...redaction import printable

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
