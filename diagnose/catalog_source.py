"""Find and read the catalog's source files: data/catalog.yaml and data/entries/PHASE.yaml.

In a source checkout they are in the top-level data/ folder; an installed wheel carries the
same folder inside the package as diagnose/_data/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


class CatalogError(ValueError):
    """The catalog's source files are missing or malformed; the message names the file and field."""


@dataclass(frozen=True)
class CatalogSource:
    """catalog.yaml with every entry of entries/*.yaml under ``entries``.

    ``entry_files[i]`` names the file ``document["entries"][i]`` came from, for error messages.
    """

    document: dict[str, Any]
    entry_files: tuple[str, ...]


def data_dir() -> Path:
    for candidate in (PACKAGE_DIR / "_data", PACKAGE_DIR.parent / "data"):
        if (candidate / "catalog.yaml").is_file():
            return candidate
    raise CatalogError(
        f"no catalog found: neither {PACKAGE_DIR / '_data'} nor {PACKAGE_DIR.parent / 'data'} "
        "holds catalog.yaml; reinstall sms-diagnose"
    )


def _read_yaml(path: Path) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=loader)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: cannot be read as YAML: {exc}") from exc


def read_source(directory: Path | None = None) -> CatalogSource:
    directory = directory or data_dir()
    main_file = directory / "catalog.yaml"
    document = _read_yaml(main_file)
    if not isinstance(document, dict):
        raise CatalogError(f"{main_file}: expected a mapping at the top level")
    if "entries" in document:
        raise CatalogError(f"{main_file}: entries belong in entries/*.yaml, not here")
    phases = document.get("phases")
    if not isinstance(phases, dict) or not phases:
        raise CatalogError(f"{main_file}: phases must map each phase to its title, summary and docs_dir")
    entry_paths = [directory / "entries" / f"{phase}.yaml" for phase in phases]
    strays = sorted(set((directory / "entries").glob("*.yaml")) - set(entry_paths))
    if strays:
        raise CatalogError(f"{strays[0]}: no phase of that name in catalog.yaml; entries/PHASE.yaml per phase")
    entries: list[Any] = []
    entry_files: list[str] = []
    for path in entry_paths:
        items = _read_yaml(path)
        if not isinstance(items, list):
            raise CatalogError(f"{path}: expected a list of entries")
        entries.extend(items)
        entry_files.extend(f"entries/{path.name}" for _ in items)
    document["entries"] = entries
    return CatalogSource(document, tuple(entry_files))
