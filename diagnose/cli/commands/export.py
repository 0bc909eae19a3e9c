"""sms-diagnose export: the whole catalog as one JSON document, for other languages."""

from __future__ import annotations

from ...catalog.model import Catalog, load_catalog
from ...wording import counted
from ..errors import EXIT_OK, CliError
from ..output import output_path, report_stream

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..options import Options


def export_document(catalog: Catalog) -> dict[str, Any]:
    """The whole catalog as one JSON document, valid against data/catalog.schema.json."""

    document = {key: value for key, value in catalog.document.items() if key != "entries"}
    document["entries"] = [entry.to_dict() for entry in catalog]
    return document


def run(args: Options) -> int:
    import contextlib
    import json

    from ...redaction import printable

    text = json.dumps(export_document(load_catalog()), indent=2, ensure_ascii=False) + "\n"
    output = output_path(args.output)
    try:
        with contextlib.ExitStack() as stack:
            out = report_stream(stack, output)
            out.write(text)
            out.flush()
    except OSError as exc:
        raise CliError(f"{output or 'standard output'}: cannot be written ({exc.strerror or exc})") from exc
    if output is not None:
        print(f"wrote the catalog ({counted(len(load_catalog()), 'entry', 'entries')}) to {printable(output)}")
    return EXIT_OK
