"""sms-diagnose validate: a data/ folder in, the catalog gate's problems (or its verdict) out."""

from __future__ import annotations

import sys

from ...wording import counted
from ..errors import EXIT_OK, EXIT_PROBLEM_FOUND, CliError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..options import Options


def run(args: Options) -> int:
    from pathlib import Path

    from ...gate import STAGES, validate
    from ...redaction import printable

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
