"""The docs' build hook (docs/hooks/generated_pages.py), loaded as mkdocs loads it: from its file."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

HOOK = Path(__file__).resolve().parent.parent / "docs" / "hooks" / "generated_pages.py"


def load_hook(name: str = "generated_pages") -> ModuleType:
    """A fresh module of the hook, under ``name``."""
    spec = importlib.util.spec_from_file_location(name, HOOK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
