"""The build step of a checkout (``make catalog``): the gate, then the compiled catalog.

``python -m diagnose.gate.compile`` checks ``data/`` with every stage of the gate and, only
if it passes, writes ``build/catalog/catalog.compiled.json``, which the library then reads while
it matches the YAML. The wheel build does the same into the wheel (hatch_build.py). Nothing else
writes it, and no library call writes anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..catalog.source import checkout_compiled, checkout_data, compile_source, read_source
from . import validate


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data = Path(args[0]) if args else checkout_data()
    out = Path(args[1]) if len(args) > 1 else checkout_compiled()
    verdict = validate(data)
    if verdict.problems:
        print("\n".join(verdict.problems), file=sys.stderr)
        print(f"the catalog is invalid (stage {verdict.stage}); {out} is not written", file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + ".tmp")
    temporary.write_bytes(compile_source(read_source(data)))
    temporary.replace(out)
    print(f"compiled {data} into {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
