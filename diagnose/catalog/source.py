"""Find and read the catalog's source: YAML files in, one plain document out.

A checkout keeps the YAML in the top-level ``data/`` folder (``catalog.yaml`` and
``entries/PHASE.yaml``) and reads it, or the compiled JSON ``make catalog`` writes to
``build/catalog/`` while that is up to date with the YAML. A wheel carries only the compiled
JSON, made and checked by the gate when the wheel is built, in ``diagnose/_data/``; reading it
needs no YAML parser. Nothing here ever writes a file.
"""

import json
import zlib
from pathlib import Path
from typing import Any, NamedTuple

PACKAGE_DIR = Path(__file__).resolve().parent.parent
WHEEL_DATA = PACKAGE_DIR / "_data"
CHECKOUT_DATA = PACKAGE_DIR.parent / "data"
COMPILED_NAME = "catalog.compiled.json"
CHECKOUT_COMPILED = PACKAGE_DIR.parent / "build" / "catalog" / COMPILED_NAME
COMPILED_FORMAT = 2
REGISTRY_NAME = "registry.txt"


class CatalogError(ValueError):
    """The catalog's source files are missing or malformed; the message names the file and field."""


class CatalogSource(NamedTuple):
    """catalog.yaml with every entry of entries/*.yaml under ``entries``.

    ``entry_files[i]`` names the file ``document["entries"][i]`` came from, for error messages;
    ``directory`` is the folder the source was read from, whose schema and registry the gate uses.
    """

    document: dict[str, Any]
    entry_files: tuple[str, ...]
    directory: Path


def data_dir() -> Path:
    """The installed catalog's folder: ``diagnose/_data`` in a wheel, ``data/`` in a checkout."""
    if (WHEEL_DATA / COMPILED_NAME).is_file():
        return WHEEL_DATA
    if (CHECKOUT_DATA / "catalog.yaml").is_file():
        return CHECKOUT_DATA
    raise CatalogError(
        f"no catalog found: neither {WHEEL_DATA / COMPILED_NAME} nor {CHECKOUT_DATA / 'catalog.yaml'} "
        "exists; reinstall sms-diagnose"
    )


def _read_yaml(path: Path) -> Any:
    try:
        import yaml
    except ImportError:
        raise CatalogError(
            f"{path}: reading the catalog's YAML needs PyYAML: pip install 'sms-diagnose[catalog]'"
        ) from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=loader)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: cannot be read as YAML: {exc}") from exc


def read_source(directory: Path | None = None) -> CatalogSource:
    """The YAML of ``directory`` (default: the checkout's ``data/``), read afresh."""
    directory = directory or CHECKOUT_DATA
    main_file = directory / "catalog.yaml"
    if not main_file.is_file():
        raise CatalogError(f"{main_file}: no such file; a catalog folder holds catalog.yaml and entries/")
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
    return CatalogSource(document, tuple(entry_files), directory)


def source_digest(directory: Path) -> str:
    """A checksum of every YAML file of the catalog, which tells a stale compiled catalog from a
    current one (a check against accidents, not tampering: nothing here is a security boundary)."""
    checksum = 0
    for path in sorted([directory / "catalog.yaml", *(directory / "entries").glob("*.yaml")]):
        checksum = zlib.crc32(path.relative_to(directory).as_posix().encode() + b"\0", checksum)
        data = path.read_bytes()
        checksum = zlib.crc32(len(data).to_bytes(8, "big") + data, checksum)
    return f"crc32:{checksum:08x}"


def compile_source(source: CatalogSource) -> bytes:
    """The source as one JSON document that loads in a few milliseconds, with its checksum."""
    compiled = {
        "format": COMPILED_FORMAT,
        "digest": source_digest(source.directory),
        "entry_files": list(source.entry_files),
        "document": source.document,
    }
    return json.dumps(compiled, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_compiled(path: Path, directory: Path) -> tuple[CatalogSource, str]:
    """A compiled catalog and the checksum of the YAML it was made from."""
    try:
        compiled = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise CatalogError(f"{path}: cannot be read as a compiled catalog: {exc}") from exc
    if not isinstance(compiled, dict) or compiled.get("format") != COMPILED_FORMAT:
        raise CatalogError(f"{path}: not a compiled catalog of format {COMPILED_FORMAT}; rebuild it")
    return CatalogSource(compiled["document"], tuple(compiled["entry_files"]), directory), str(compiled["digest"])


def load_source(directory: Path | None = None) -> CatalogSource:
    """The catalog's source: a wheel's compiled catalog; in a checkout, ``make catalog``'s
    product while it matches the YAML, else the YAML itself. ``directory`` reads that folder."""
    if directory is None:
        if (WHEEL_DATA / COMPILED_NAME).is_file():
            return read_compiled(WHEEL_DATA / COMPILED_NAME, WHEEL_DATA)[0]
        directory = data_dir()
        if CHECKOUT_COMPILED.is_file():
            try:
                source, digest = read_compiled(CHECKOUT_COMPILED, directory)
                if digest == source_digest(directory):
                    return source
            except (CatalogError, OSError, KeyError):
                pass  # a stale or broken build product: the YAML is the truth
    elif not (directory / "catalog.yaml").is_file() and (directory / COMPILED_NAME).is_file():
        return read_compiled(directory / COMPILED_NAME, directory)[0]
    return read_source(directory)
