"""What is public is said in one place: ``diagnose.__all__`` and the ``__all__`` of the modules of
``diagnose._PUBLIC_MODULES``. Every name there resolves, the lazy imports and the type checker's
imports name the same, and the documentation imports nothing else."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from pathlib import Path

import pytest

import diagnose

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "examples").rglob("*.py")])
IMPORT = re.compile(r"^\s*from (diagnose(?:\.[a-z_.]+)?) import ([\w, ]+)$", re.MULTILINE)


def _public(module: str) -> set[str]:
    if module == "diagnose":
        return set(diagnose.__all__)
    assert module in diagnose._PUBLIC_MODULES, f"{module} is not a public module"
    try:
        return set(importlib.import_module(module).__all__)
    except ImportError:  # an extra that is not installed (dask): its __all__ as written
        source = ast.parse(Path(importlib.util.find_spec(module).origin or "").read_text(encoding="utf-8"))  # type: ignore[union-attr]
        (names,) = [n.value for n in source.body if isinstance(n, ast.Assign) and n.targets[0].id == "__all__"]  # type: ignore[attr-defined]
        return set(ast.literal_eval(names))


def test_every_public_name_of_the_package_resolves_and_is_listed_by_dir() -> None:
    for name in diagnose.__all__:
        assert getattr(diagnose, name) is not None, name
    assert set(diagnose.__all__) <= set(dir(diagnose))
    assert set(diagnose.__all__) == {*diagnose._HOMES, "__version__"}


def test_the_type_checker_sees_the_public_names_where_they_are_imported_from() -> None:
    source = ast.parse((ROOT / "diagnose" / "__init__.py").read_text(encoding="utf-8"))
    (block,) = [n for n in source.body if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING"]
    seen = {
        alias.name: (node.module or "").lstrip(".")
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }
    assert {name: home for name, home in seen.items() if name in diagnose._HOMES} == diagnose._HOMES


@pytest.mark.parametrize("module", diagnose._PUBLIC_MODULES)
def test_each_public_module_says_what_it_offers(module: str) -> None:
    names = _public(module)
    assert names, module
    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return
    for name in names:
        assert getattr(loaded, name) is not None, (module, name)


def test_the_exceptions_module_offers_every_category_s_class() -> None:
    from diagnose.exceptions import SmsApiError

    def every(cls: type[SmsApiError]) -> set[str]:
        mine = (sub for sub in cls.__subclasses__() if sub.__module__ == "diagnose.exceptions")
        return {cls.__name__}.union(*(every(sub) for sub in mine))

    assert _public("diagnose.exceptions") == every(SmsApiError)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_documentation_imports_only_public_names(document: Path) -> None:
    for module, names in IMPORT.findall(document.read_text(encoding="utf-8")):
        for name in (n.strip() for n in names.split(",")):
            assert name in _public(module), f"{document.name}: from {module} import {name}"
