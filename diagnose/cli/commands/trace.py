"""sms-diagnose trace: the answers to send requests and the delivery reports in, each message's
journey out (exit status 1 when one failed or was rejected, as check's policy decides)."""

from __future__ import annotations

import sys

from ...catalog.model import load_catalog
from ...vocabulary import OutputFormat, Phase
from ...wording import counted
from ..errors import EXIT_OK, EXIT_PROBLEM_FOUND, CliError
from ..options import allowed, input_paths, now_seconds, standard_input
from ..output import output_path, report_stream

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...check.policy import Policy
    from ...journeys.render import Counts
    from ...logs.findings import PreflightOptions
    from ..options import Options


def run(args: Options) -> int:
    from ...check.policy import Policy

    input_paths([args.requests, args.reports])
    now = now_seconds(args.now)
    allow = allowed(args.allow)
    _unambiguous_allow(allow)
    policy = Policy.build(args.fail_on, allow, args.allow_unrecognised, args.allow_invalid)
    counts, failed = _run(args, policy, now, _predict(args))
    _tell(args, counts)
    return EXIT_PROBLEM_FOUND if failed else EXIT_OK


def _unambiguous_allow(allow: list[str]) -> None:
    """trace fails on rejected answers and on failed deliveries: a bare number that is both a
    request code and a delivery status (2: 002 or status 2) is refused, not guessed."""
    from ...redaction import printable

    catalog = load_catalog()
    for given in allow:
        key = given.strip()
        request, delivery = catalog.lookup(key, Phase.REQUEST), catalog.lookup(key, Phase.DELIVERY)
        if key.isdigit() and request is not None and delivery is not None and request is not delivery:
            raise CliError(
                f"--allow {printable(key)} is both request code {request.key} ({request.name}) and delivery "
                f"status {key} ({delivery.name}): give the name, or {delivery.key} for the status"
            )


def _predict(args: Options) -> PreflightOptions | None:
    """With ``--templates``: what the DLT rules predict the logged requests with."""
    from ...logs.findings import PreflightOptions
    from ..options import dlt_templates

    templates = dlt_templates(args)
    if templates is None:
        return None
    return PreflightOptions(templates=templates, dlt_match=args.dlt_match, dlt_variable_length=args.dlt_variable_length)


def _run(args: Options, policy: Policy, now: float | None, predict: PreflightOptions | None) -> tuple[Counts, int]:
    """The journeys written to ``--output`` (or standard output); their counts and failures."""
    import contextlib

    from ...check.run import default_jobs, overwritten_input
    from ...journeys.run import run_trace
    from ...logs.units import InputError

    output = output_path(args.output)
    try:
        problem = overwritten_input([args.requests, args.reports], output)
        if problem:
            raise CliError(problem)
        stdin = standard_input() if "-" in (args.requests, args.reports) else None
        with contextlib.ExitStack() as stack:
            out = report_stream(stack, output)
            return run_trace(
                args.requests,
                args.reports,
                policy,
                out,
                json=args.format == OutputFormat.JSON,
                now=now,
                stdin=stdin,
                reveal_numbers=args.show_numbers,
                predict=predict,
                jobs=args.jobs if args.jobs is not None else default_jobs(),
            )
    except InputError as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        if exc.filename is not None and output is not None:
            raise CliError(f"{output}: cannot be written ({exc.strerror or exc})") from exc
        raise


def _tell(args: Options, counts: Counts) -> None:
    """The counts where the journeys do not end with them, and inputs that held nothing."""
    from ...redaction import printable

    output = output_path(args.output)
    if args.format == OutputFormat.JSON or output:
        print(f"sms-diagnose: {counts.text().splitlines()[0]}", file=sys.stdout if output else sys.stderr)
    if not counts.total and not counts.invalid:
        raise CliError("nothing to trace: the inputs held no answer and no report")
    if not counts.reports:
        print(f"sms-diagnose: {printable(args.reports)} held no delivery report", file=sys.stderr)
    if counts.look_swapped():
        print(
            f"sms-diagnose: the inputs look swapped: {printable(args.requests)} holds "
            f"{counted(counts.reports_among_answers, 'delivery report')} and {printable(args.reports)} "
            f"{counted(counts.answers_among_reports, 'answer')} to send requests; the answers come first: "
            "sms-diagnose trace ANSWERS REPORTS",
            file=sys.stderr,
        )
