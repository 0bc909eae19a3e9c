"""The command line: arguments in, the command to run and its options out (argparse).

Each command's arguments are made by its own function, and a named command builds only its
own; the choices come from diagnose.vocabulary, imported as they are added. A command runs from
the module its name has in ``commands.HANDLERS``, which this module only names (it imports no
command). ``explain CODE`` is read without this module when it can be (``main.quick_explain``),
as the commonest command starts faster without argparse.
"""

from __future__ import annotations

import argparse
import textwrap

from .. import __version__
from ..limits import DEFAULT_MAX_BYTES, LARGEST_MAX_BYTES
from .commands import HANDLERS
from .errors import EXIT_USAGE, typed_number
from .output import columns

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a tenth of --help's start-up)
if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Sequence
    from typing import Any, NoReturn

    from ..vocabulary import OutputFormat, ParseFormat

# The choices come from diagnose.vocabulary, imported by the functions that add them: --help and a
# command line of no command build no argument and none of its enums.


def _whole_number(text: str) -> int:
    from ..redaction import printable

    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {printable(repr(text[:40]), phones=False)}") from None


def _max_bytes(text: str) -> int:
    """--max-bytes: a whole number from 1 to LARGEST_MAX_BYTES."""
    value = _whole_number(text)
    if not 1 <= value <= LARGEST_MAX_BYTES:
        raise argparse.ArgumentTypeError(
            f"must be from 1 to {LARGEST_MAX_BYTES:,} ({LARGEST_MAX_BYTES >> 20} MiB), not {typed_number(value)}"
        )
    return value


class _Help(argparse.HelpFormatter):
    """Help text wrapped at spaces only: a hyphenated name (ip-security) is never cut."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        # the terminal's width as argparse would take it, without its import of shutil
        super().__init__(prog, indent_increment, max_help_position, width or columns(80) - 2)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line, like every other error of the command (``--help`` shows usage).
    ``typed=False`` says that nothing was typed after the command's name."""

    def __init__(self, *args: Any, typed: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Help)
        super().__init__(*args, **kwargs)
        self.typed = typed

    def error(self, message: str) -> NoReturn:
        """A usage error: the parser's own words and what was typed, never text from a body, so
        its numbers are shown as they are (``--max-bytes 300000000`` is no phone number); an
        authkey typed in the wrong place is still masked, control characters escaped."""
        if not self.typed:  # the parser's own words alone: nothing to mask or escape, no patterns to compile
            self.exit(EXIT_USAGE, f"sms-diagnose: error: {message}\n")
        from ..redaction import printable

        self.exit(EXIT_USAGE, f"sms-diagnose: error: {printable(message, phones=False)}\n")


def _jobs(text: str) -> int:
    """--jobs: a whole number from 1."""
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {typed_number(value)}")
    return value


def _one_of(choices: list[str]) -> str:
    return "only this one: " + ", ".join(choices)


def _output_format(
    command: argparse.ArgumentParser, what: str, formats: type[OutputFormat] | type[ParseFormat] | None = None
) -> None:
    """--format human|json (``formats``, OutputFormat by default), as every command names its
    output's format; --json is its alias."""
    from ..vocabulary import OutputFormat, ParseFormat

    formats = OutputFormat if formats is None else formats
    problem = ParseFormat.PROBLEM in [str(m) for m in formats]
    command.add_argument(
        "--format",
        choices=[str(m) for m in formats],
        default=str(OutputFormat.HUMAN),
        help=f"print {what} for people (default) or as JSON"
        + (", or as RFC 9457 problem details (problem) for a service that passes it on" if problem else ""),
    )
    command.add_argument(
        "--json", dest="format", action="store_const", const=str(OutputFormat.JSON), help="the same as --format json"
    )


def _add_explain(explain: argparse.ArgumentParser) -> None:
    explain.add_argument("code", metavar="CODE|NAME", help="a code such as 207 or a name such as INVALID_AUTHKEY")
    _output_format(explain, "the entry")


def _add_parse(parse: argparse.ArgumentParser) -> None:
    from ..vocabulary import READABLE_FORMATS, ParseFormat

    parse.add_argument("files", nargs="*", metavar="FILE|-", help="response files or folders; - for standard input")
    parse.add_argument(
        "--body-format",
        choices=[str(f) for f in READABLE_FORMATS],
        help="read the body as this format (default: its content)",
    )
    parse.add_argument("--http-status", type=int, help="the HTTP status the response came with")
    parse.add_argument("--content-type", help="the Content-Type header the response came with")
    parse.add_argument("--jsonl", action="store_true", help="standard input is a JSON Lines log")
    _output_format(parse, "the diagnosis", ParseFormat)


def _policy_options(command: argparse.ArgumentParser, unrecognised: str) -> None:
    """What fails the run: check's options, which trace shares (check.policy.Policy);
    ``unrecognised`` is what ``--allow-unrecognised`` lets pass."""
    from ..vocabulary import Severity

    command.add_argument(
        "--fail-on",
        default=str(Severity.ERROR),
        choices=[str(m) for m in Severity],
        help="the least severity that fails the run (default: error)",
    )
    command.add_argument(
        "--allow", action="append", metavar="CODE|NAME,...", help="codes or names that never fail the run"
    )
    command.add_argument("--allow-unrecognised", action="store_true", help=f"do not fail on {unrecognised}")


def _report_options(command: argparse.ArgumentParser, inputs: str, subject: str) -> None:
    """The inputs, report and policy options check and preflight share."""
    from ..vocabulary import DEFAULT_REPORT, ReportFormat

    command.add_argument("paths", nargs="*", metavar="PATH|-", help=f"{inputs}; - for stdin")
    command.add_argument(
        "--format",
        choices=[str(m) for m in ReportFormat],
        default=str(DEFAULT_REPORT),
        help="the report: human text (default), JSON, JUnit XML or GitHub annotations",
    )
    command.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the report to FILE (- for standard output); never an input, nor inside an input folder",
    )
    _policy_options(
        command,
        "bodies that are not provider responses" if subject == "response" else "inputs that are not send requests",
    )
    command.add_argument(
        "--allow-invalid",
        action="store_true",
        help=f"do not fail on log lines that are not {subject} records (broken JSON, overlong lines)",
    )
    command.add_argument(
        "--allow-empty", action="store_true", help=f"pass when the inputs hold no {subject} (default: exit 2)"
    )
    command.add_argument("--jsonl", action="store_true", help="standard input is a JSON Lines log")


def _add_check(check: argparse.ArgumentParser) -> None:
    _report_options(check, "files, folders, JSON Lines logs", "response")
    check.add_argument(
        "--reports",
        action="store_true",
        help="the inputs are delivery-report webhook bodies: check every number they report",
    )
    check.add_argument(
        "--show-numbers", action="store_true", help="print delivery reports' phone numbers in full (masked by default)"
    )
    check.add_argument(
        "--max-bytes",
        type=_max_bytes,
        metavar="N",
        help=f"bodies and log lines over N bytes are not parsed (default {DEFAULT_MAX_BYTES:,}, "
        f"at most {LARGEST_MAX_BYTES:,})",
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="read large logs with N processes (default: every core); the report is the same",
    )


def _dlt_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--templates",
        metavar="FILE",
        help="a DLT portal's template export (CSV, or a JSON or YAML list): each message must match the "
        "template its DLT_TE_ID names",
    )
    command.add_argument(
        "--dlt-match",
        choices=["strict", "lenient"],
        default="strict",
        help="strict (default): any character of difference fails; lenient: spaces, line breaks, full stops "
        "and commas are ignored",
    )
    command.add_argument(
        "--dlt-variable-length",
        type=_jobs,
        metavar="N",
        help="the most characters of a {#var#} value: 30 (default), or a limit another source gives (20, 40)",
    )


def _add_preflight(preflight: argparse.ArgumentParser) -> None:
    _report_options(preflight, "request files, folders, JSON Lines logs of requests", "request")
    preflight.add_argument(
        "--now",
        metavar="TIME",
        help="when the requests would be sent, for the schedule rules: ISO 8601 or Unix seconds (default: a "
        "record's own time field, else the clock)",
    )
    preflight.add_argument(
        "--template",
        metavar="FILE",
        help="a file holding the flow template's text: each recipient must pass its ##variables##",
    )
    _dlt_options(preflight)
    preflight.add_argument(
        "--max-bytes",
        type=_max_bytes,
        metavar="N",
        help=f"log lines over N bytes are not read (default {DEFAULT_MAX_BYTES:,}, at most {LARGEST_MAX_BYTES:,})",
    )
    preflight.add_argument(
        "--jobs", "-j", type=_jobs, metavar="N", help="read large logs with N processes (default: every core)"
    )


def _add_report(report: argparse.ArgumentParser) -> None:
    report.add_argument(
        "files", nargs="*", metavar="FILE|-", help="webhook bodies, folders, JSON Lines logs; - for stdin"
    )
    _output_format(report, "the diagnoses")
    report.add_argument("--show-numbers", action="store_true", help="print phone numbers in full")
    report.add_argument("--jsonl", action="store_true", help="standard input is a JSON Lines log")


def _add_trace(trace: argparse.ArgumentParser) -> None:
    trace.add_argument("requests", metavar="REQUESTS", help="the answers to send requests: a file, folder, log or -")
    trace.add_argument("reports", metavar="REPORTS", help="the delivery reports: a file, folder, log or -")
    _output_format(trace, "one line per message that did not arrive, and the counts,")
    trace.add_argument("--output", "-o", metavar="FILE", help="write to FILE (- for standard output)")
    _policy_options(trace, "answers that are not provider responses")
    trace.add_argument("--allow-invalid", action="store_true", help="do not fail on log lines that are not records")
    trace.add_argument(
        "--now",
        metavar="TIME",
        help="the time to measure waiting messages from: ISO 8601 or Unix seconds (default: the clock)",
    )
    trace.add_argument("--show-numbers", action="store_true", help="print phone numbers in full (JSON)")
    trace.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="with N above 1 (default: every core), read the reports in a second process while the "
        "answers are read, and tell half the messages there; the output is the same",
    )
    _dlt_options(trace)


def _add_list(listing: argparse.ArgumentParser) -> None:
    from ..catalog.model import load_catalog
    from ..vocabulary import Phase

    catalog = load_catalog()
    listing.add_argument(
        "--category", choices=sorted(catalog.categories), metavar="CATEGORY", help=_one_of(sorted(catalog.categories))
    )
    phases = [str(m) for m in Phase]
    listing.add_argument("--phase", choices=phases, metavar="PHASE", help=_one_of(phases))
    _output_format(listing, "the entries")


def _add_export(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE instead of standard output (- for standard output)"
    )


def _add_validate(validate: argparse.ArgumentParser) -> None:
    validate.add_argument("data", nargs="?", metavar="DATA_DIR", help="a data/ folder (default: the installed one)")


def _port(text: str) -> int:
    """--port: 0 (a free port) to 65535."""
    value = _whole_number(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be from 0 (a free port) to 65535, not {typed_number(value)}")
    return value


def _credits(text: str) -> int:
    """--balance: a whole number from 0."""
    value = _whole_number(text)
    if not 0 <= value < 10**15:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0, not {typed_number(value)}")
    return value


def _add_fake(fake: argparse.ArgumentParser) -> None:
    fake.add_argument("--port", type=_port, default=0, metavar="N", help="the port to listen on (default: a free one)")
    fake.add_argument(
        "--authkey",
        action="append",
        metavar="KEY",
        help="an authkey of the fake account, once per key (default: any key is accepted, a missing one refused)",
    )
    fake.add_argument(
        "--balance", type=_credits, default=1000, metavar="N", help="the account's SMS credits (default: 1000)"
    )
    fake.add_argument(
        "--seed", type=_whole_number, default=0, metavar="N", help="fixes the request IDs and OTPs (default: 0)"
    )
    fake.add_argument(
        "--journal",
        metavar="FILE",
        help="write each answer to FILE as a JSON Lines record, masked, for sms-diagnose check to gate "
        "(FILE is replaced)",
    )
    fake.add_argument(
        "--trace",
        metavar="FOLDER",
        help="write the answers to sends and the delivery reports delivered to FOLDER/answers.jsonl and "
        "FOLDER/reports.jsonl, masked, for sms-diagnose trace",
    )
    fake.add_argument(
        "--wall-clock",
        action="store_true",
        help="read the real time (default: a clock that stands still until POST /__fake/clock moves it)",
    )


_COMMANDS: dict[str, tuple[str, str | None, Callable[[argparse.ArgumentParser], None]]] = {
    "explain": (
        "everything about one code or name",
        "Explain one catalog entry, like rustc --explain.",
        _add_explain,
    ),
    "parse": (
        "diagnose responses from files or standard input",
        "Diagnose one response (a file or -, standard input) or several (files and folders: a table). Exits 0 "
        "when every input was diagnosed, whatever it means; `check` is the command that fails on errors.",
        _add_parse,
    ),
    "check": (
        "fail when recorded responses are errors (for CI)",
        "Check recorded responses: single-response files (.txt, .json, .xml, others by content), "
        "folders (recursively), JSON Lines logs (.jsonl, .ndjson: one response per line, or an object with a "
        "body field and optional id, http_status, content_type, time and request: a request is compared with "
        "what the pre-flight rules predicted) and - for standard input. Exit status: 0 when "
        "nothing failed, 1 when something did, 2 for a usage or input error.",
        _add_check,
    ),
    "preflight": (
        "predict the provider's errors from send requests, before they are sent (for CI)",
        "Check send requests before they are sent: each finding is the catalog entry the provider would answer. "
        "Reads request files (a URL, a query string or a JSON body), folders, JSON Lines logs of requests (one "
        "per line: a body, a URL, or an object with a request field and optional id and time) and - for standard "
        "input. Exit status: 0 when nothing failed, 1 when a finding did (as check's --fail-on and --allow "
        "decide), 2 for a usage or input error.",
        _add_preflight,
    ),
    "report": (
        "diagnose delivery-report webhook bodies: one row per number",
        'Diagnose delivery-report webhook bodies (form-encoded data=..., {"data": ...}, flat JSON '
        "or the event form) from files, folders or - (standard input). Phone numbers are masked to their last "
        "four digits unless --show-numbers.",
        _add_report,
    ),
    "trace": (
        "each message's journey: join the send answers to their delivery reports",
        "Join the answers to send requests (REQUESTS) to the delivery reports of their request ids (REPORTS), "
        "both read as check reads them, and tell each message's story: rejected at submit, delivered, failed "
        "(with the status and the failure reason), pending, or no report yet (with how long since, when the log "
        "records carry a time field). Exit status: 1 when a message failed or was rejected, as check's "
        "--fail-on and --allow decide; 2 for a usage or input error.",
        _add_trace,
    ),
    "list": (
        "every entry of the catalog, as a table",
        "List the catalog's entries, one row each (code, name, category, severity, retry, title; a narrow "
        "terminal leaves out the middle three), or those of one --category or --phase; --format json gives "
        "every field.",
        _add_list,
    ),
    "export": (
        "the whole catalog as JSON, for other languages",
        "Write the whole catalog (every entry with all its fields, and the terms it uses) as one JSON document, "
        "for tools in other languages.",
        _add_export,
    ),
    "validate": (
        "check the catalog's source files (for contributors)",
        "Run the catalog's staged gate on the installed catalog or on a data/ folder, and say which stages it "
        "passed. Exit status: 0 when valid, 1 with each problem when not, 2 for a folder that holds no catalog.",
        _add_validate,
    ),
    "fake": (
        "serve a fake SMS API on 127.0.0.1, for the tests of a program in any language",
        "Serve a fake of the SMS API on 127.0.0.1 until SIGINT or SIGTERM (exit status 0), and print its base "
        "URL as one line. It answers sendhttp.php, v2/sendsms, the v5 flow, OTP and balance APIs as the "
        "provider does, from the catalog, on any path ending in theirs; its control API under /__fake/ "
        "(reset, fail-next, faults, clock, balance, requests, otp, report-as, deliver, reports) injects "
        "failures, shows what it received and sends delivery reports to a webhook on this machine. Exit status "
        "2 for a usage error or a port that cannot be listened on.",
        _add_fake,
    ),
}


def build_parser(
    command: str | None = None, named: Collection[str] = (), *, typed: bool = True
) -> argparse.ArgumentParser:
    """The command line of ``command`` alone (a command starts faster knowing only its own); when
    none is given, every command by its name and summary, as ``--help`` lists them, with the
    arguments of those ``named`` (the words of a command line that may run one). ``typed=False``
    for a command line of no words."""
    parser = _Parser(
        prog="sms-diagnose",
        description="What a Bulk SMS API response means, and what to do about it.",
        typed=typed,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (summary, description, add) in _COMMANDS.items():
        if command is None or command == name:
            options = commands.add_parser(name, help=summary, description=description)
            if command == name or name in named:
                add(options)
                options.set_defaults(handler=HANDLERS[name])
    return parser


def command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, when its first word names one; None otherwise (build them all)."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return first if first in _COMMANDS and argv and argv[0] == first else None
