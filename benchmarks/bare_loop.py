"""The baseline of trace's time: read every line of both inputs and ``json.loads`` it.

python benchmarks/bare_loop.py requests.jsonl reports.jsonl
"""

from __future__ import annotations

import json
import sys


def main(paths: list[str]) -> None:
    loads = json.loads
    for path in paths:
        with open(path, "rb") as lines:
            for line in lines:
                try:  # noqa: SIM105  (a with-statement a line would slow the baseline down)
                    loads(line)
                except ValueError:
                    pass


if __name__ == "__main__":
    main(sys.argv[1:])
