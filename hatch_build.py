"""Wheel build hook: put the catalog's sources and its compiled form into diagnose/_data/.

The compiled catalog (one JSON document with the digest of the YAML it came from) is made
here, from data/, and the build fails loudly when the catalog is invalid: nobody edits it,
and a wheel never carries a catalog its YAML does not match.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads data/ in the checkout
        root = Path(self.root)
        data = root / "data"
        sys.path.insert(0, str(root))
        try:
            from diagnose.catalog.gate import problems
            from diagnose.catalog.source import COMPILED_NAME, compile_source, read_source
        finally:
            sys.path.pop(0)
        found = problems(read_source(data))
        if found:
            raise RuntimeError("the catalog is invalid, so no wheel is built:\n" + "\n".join(found))
        out = Path(self.directory) / "catalog-build" / COMPILED_NAME
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(compile_source(data))
        build_data["force_include"][str(out)] = f"diagnose/_data/{COMPILED_NAME}"
        for path in [*data.glob("*.yaml"), *data.glob("*.json"), *(data / "entries").glob("*.yaml")]:
            build_data["force_include"][str(path)] = f"diagnose/_data/{path.relative_to(data).as_posix()}"
