"""sms-diagnose explain: a code or a name in, everything the catalog says of its entry out."""

from __future__ import annotations

import sys

from ...catalog.explained import explained, explained_json
from ..errors import EXIT_OK, EXIT_PROBLEM_FOUND, CliError
from ..output import HUMAN, print_json, text_width

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..options import Options


def run(args: Options) -> int:
    shown = _rendered(args)
    if shown is not None:
        print(shown)
        return EXIT_OK
    from ...catalog.explanation import entry_text
    from ...catalog.model import load_catalog
    from ...vocabulary import OutputFormat

    catalog = load_catalog()
    if not args.code.strip():
        raise CliError("explain needs a code or a name, such as 207 or INVALID_AUTHKEY")
    entry = catalog.lookup(args.code) or catalog.by_text(args.code, tuple(catalog.phases))  # or a catalogued text
    if entry is None:
        from ...redaction import printable

        print(
            f"sms-diagnose: {printable(repr(args.code))} is not a code or name in the catalog{_hint(args.code)}",
            file=sys.stderr,
        )
        return EXIT_PROBLEM_FOUND
    if args.format == OutputFormat.JSON:
        print_json(entry.to_dict())
    else:
        print(entry_text(entry, catalog, text_width()))
    return EXIT_OK


def _rendered(args: Options) -> str | None:
    """What a wheel rendered for ``args.code`` when it was built (no catalog to build): laid out
    for people, or as JSON; None in a checkout, or for a key it has not rendered."""
    if args.format == HUMAN:
        return explained(args.code, text_width())
    from ...vocabulary import OutputFormat  # an option was read, with the vocabulary

    return explained_json(args.code) if args.format == OutputFormat.JSON else None


def _hint(key: str) -> str:
    start = key.lstrip().lstrip("\ufeff").lstrip()  # a body saved with a byte order mark
    if start[:1] in ("{", "[", "<") or start.startswith("HTTP/"):  # a body, or a saved HTTP message
        return "; to read a response, give it to `sms-diagnose parse -` on standard input, or `parse FILE`"
    from ...catalog.model import load_catalog

    close = load_catalog().close_keys(key)
    return f"; did you mean {' or '.join(close)}?" if close else "; `sms-diagnose list` shows every entry"
