"""sms-diagnose preflight: send requests in (files, folders, logs, standard input), before they
are sent; the errors the provider would answer out, as check reports them (``check.gate``)."""

from __future__ import annotations

import os

from ..errors import CliError, UsageError
from ..options import dlt_templates, now_seconds
from ..output import output_path
from .check import gate

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..options import Options


def run(args: Options) -> int:
    from ...logs.findings import PreflightOptions

    templates = dlt_templates(args)
    options = PreflightOptions(
        now=_now(args.now),
        template=_template(args),
        templates=templates,
        dlt_match=args.dlt_match,
        dlt_variable_length=args.dlt_variable_length,
    )
    return gate(args, options)


def _now(text: str | None) -> float | None:
    """``--now``, which the schedule rules turn into a datetime: within the years 1 to 9999."""
    now = now_seconds(text)
    if now is None or text is None:
        return now
    from ...redaction import printable
    from ...times import instant

    if instant(now) is None:
        raise UsageError(f"--now: {printable(text, phones=False)} is out of the range of years 1 to 9999")
    return now


def _template(args: Options) -> str | None:
    """The flow template's text, from the file ``--template`` names; never the report's file."""
    if args.template is None:
        return None
    from ...catalog.source import CatalogError, read_text
    from ...limits import DEFAULT_MAX_BYTES
    from ...redaction import printable

    output = output_path(args.output)
    if output is not None and _same_file(output, args.template):
        raise CliError(f"--output {printable(output)} is also the --template: the report would overwrite it")
    try:
        return read_text(args.template, DEFAULT_MAX_BYTES)
    except CatalogError as exc:
        raise CliError(f"--template {printable(str(exc))}") from None


def _same_file(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.abspath(one) == os.path.abspath(other)
