"""Find and read the catalog's source files: data/catalog.yaml and data/entries/PHASE.yaml.

In a source checkout they are in the top-level data/ folder; an installed wheel carries the
same folder inside the package as diagnose/_data/.
"""

import hashlib
import json
from pathlib import Path
from typing import Any, NamedTuple

PACKAGE_DIR = Path(__file__).resolve().parent.parent


class CatalogError(ValueError):
    """The catalog's source files are missing or malformed; the message names the file and field."""


class CatalogSource(NamedTuple):
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


COMPILED_NAME = "catalog.compiled.json"
COMPILED_FORMAT = 1


def source_digest(directory: Path) -> str:
    """A digest of every YAML source file, which a compiled catalog must carry to be used."""
    digest = hashlib.sha256()
    for path in sorted([directory / "catalog.yaml", *(directory / "entries").glob("*.yaml")]):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def compile_source(directory: Path) -> bytes:
    """The source as one JSON document that loads in a few milliseconds, with its digest."""
    source = read_source(directory)
    compiled = {
        "format": COMPILED_FORMAT,
        "digest": source_digest(directory),
        "entry_files": list(source.entry_files),
        "document": source.document,
    }
    return json.dumps(compiled, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def load_source(directory: Path | None = None) -> CatalogSource:
    """The catalog's source, from its compiled form when that is up to date with the YAML.

    A wheel carries ``catalog.compiled.json`` (made when it is built); a source checkout keeps
    one in ``data/.cache/``, rewritten whenever the YAML changes. Either is used only if its
    digest matches the YAML files beside it; otherwise the YAML is read.
    """
    directory = directory or data_dir()
    try:
        digest = source_digest(directory)
    except OSError as exc:
        raise CatalogError(f"{directory}: the catalog's YAML cannot be read: {exc}") from exc
    cache = directory / ".cache" / COMPILED_NAME
    for candidate in (directory / COMPILED_NAME, cache):
        try:
            compiled = json.loads(candidate.read_bytes())
        except (OSError, ValueError):
            continue
        if compiled.get("format") == COMPILED_FORMAT and compiled.get("digest") == digest:
            return CatalogSource(compiled["document"], tuple(compiled["entry_files"]))
    source = read_source(directory)
    try:
        cache.parent.mkdir(exist_ok=True)
        cache.write_bytes(compile_source(directory))
    except OSError:
        pass  # a read-only install: the YAML is read each time, which is only slower
    return source
