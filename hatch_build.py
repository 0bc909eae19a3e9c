"""Wheel build hook: the catalog gate, then the compiled catalog into diagnose/_data/.

The compiled catalog (one document, with the checksum of the YAML it came from, as the Python
module diagnose/catalog/_compiled.py, and every entry's explanation rendered by the one template,
diagnose/catalog/_explained.py) is made here from data/, only after the gate passes every
stage: the build fails loudly on a bad entry, nobody edits the product, and a wheel reads it
from bytecode, without a YAML or JSON parser. The schemas (their vocabularies filled in from
diagnose.vocabulary, as ``diagnose.gate.schemas.load_schema`` fills them) and the registry go beside
it, so that ``sms-diagnose validate`` can gate the installed catalog too.
"""

from __future__ import annotations

import json
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
            from diagnose.catalog.explained import explained_module
            from diagnose.catalog.model import Catalog
            from diagnose.catalog.source import REGISTRY_NAME, compile_module, compile_source, read_source
            from diagnose.gate import validate
            from diagnose.gate.schemas import SCHEMAS, filled_schema_text
        finally:
            sys.path.pop(0)
        verdict = validate(data)
        if verdict.problems:
            raise RuntimeError(
                f"the catalog is invalid (stage {verdict.stage}), so no wheel is built:\n" + "\n".join(verdict.problems)
            )
        out = Path(self.directory) / "catalog-build" / "_compiled.py"
        out.parent.mkdir(parents=True, exist_ok=True)
        source = read_source(data)
        out.write_text(compile_module(source), encoding="utf-8")
        build_data["force_include"][str(out)] = "diagnose/catalog/_compiled.py"
        explained = out.with_name("_explained.py")
        compiled = json.loads(compile_source(source))  # the document as the wheel reads it
        catalog = Catalog(compiled["document"], tuple(compiled["entry_files"]))
        explained.write_text(explained_module(catalog), encoding="utf-8")
        build_data["force_include"][str(explained)] = "diagnose/catalog/_explained.py"
        for name in SCHEMAS:
            schema = out.parent / name
            schema.write_text(filled_schema_text(data, name), encoding="utf-8")
            build_data["force_include"][str(schema)] = f"diagnose/_data/{name}"
        build_data["force_include"][str(data / REGISTRY_NAME)] = f"diagnose/_data/{REGISTRY_NAME}"
