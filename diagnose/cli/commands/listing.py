"""sms-diagnose list: the catalog's entries, of a category or a phase, as a table or JSON."""

from __future__ import annotations

from ...catalog.model import load_catalog
from ...vocabulary import OutputFormat
from ..errors import EXIT_OK
from ..output import print_json, table_width
from ..render import table

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..options import Options


def run(args: Options) -> int:
    catalog = load_catalog()
    chosen = [e for e in catalog if args.category in (None, e.category) and args.phase in (None, e.phase)]
    if args.format == OutputFormat.JSON:
        print_json([entry.to_dict() for entry in chosen])
        return EXIT_OK
    optional = ["CATEGORY", "RETRY", "SEVERITY"]
    rows = [[e.code or "-", e.name, e.category, str(e.severity), str(e.retry), e.title] for e in chosen]
    print(table(["CODE", "NAME", "CATEGORY", "SEVERITY", "RETRY", "TITLE"], rows, table_width(), optional))
    return EXIT_OK
