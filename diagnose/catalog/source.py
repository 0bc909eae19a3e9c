"""Find and read the catalog's source: YAML files in, one plain document out.

A checkout keeps the YAML in the top-level ``data/`` folder (``catalog.yaml`` and
``entries/PHASE.yaml``) and reads it, or the compiled JSON ``make catalog`` writes to
``build/catalog/`` while that is up to date with the YAML. A wheel carries the same compiled
document as a Python module, ``diagnose/catalog/_compiled.py``, made when the wheel is built
and only after the gate passed: its bytecode loads in a fraction of a millisecond, without a
YAML or even a JSON parser. Nothing here ever writes a file.
"""

from __future__ import annotations

import os
import zlib

from ..records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

# Folders as strings: pathlib would cost the command milliseconds of start-up it does not need.
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
_WHEEL_DATA = os.path.join(_PACKAGE_DIR, "_data")
_CHECKOUT_DATA = os.path.join(os.path.dirname(_PACKAGE_DIR), "data")
COMPILED_NAME = "catalog.compiled.json"
_CHECKOUT_COMPILED = os.path.join(os.path.dirname(_PACKAGE_DIR), "build", "catalog", COMPILED_NAME)
COMPILED_FORMAT = 2
REGISTRY_NAME = "registry.txt"


class CatalogError(ValueError):
    """The catalog's source files are missing or malformed; the message names the file and field."""


class CatalogSource(Record):
    """catalog.yaml with every entry of entries/*.yaml under ``entries``.

    ``entry_files[i]`` names the file ``document["entries"][i]`` came from, for error messages;
    ``directory`` is the folder the source was read from, whose schema and registry the gate uses.
    """

    document: dict[str, Any]
    entry_files: tuple[str, ...]
    directory: str


def _path(text: str) -> Path:
    from pathlib import Path

    return Path(text)


def checkout_data() -> Path:
    """The ``data/`` folder of a source checkout (which a wheel does not have)."""
    return _path(_CHECKOUT_DATA)


def checkout_compiled() -> Path:
    """Where ``make catalog`` writes the compiled catalog of a checkout."""
    return _path(_CHECKOUT_COMPILED)


def data_dir() -> Path:
    """The installed catalog's folder (its schemas and registry): ``diagnose/_data`` in a wheel,
    ``data/`` in a checkout."""
    if os.path.isfile(os.path.join(_WHEEL_DATA, REGISTRY_NAME)):
        return _path(_WHEEL_DATA)
    if os.path.isfile(os.path.join(_CHECKOUT_DATA, "catalog.yaml")):
        return _path(_CHECKOUT_DATA)
    raise CatalogError(
        f"no catalog found: neither {os.path.join(_WHEEL_DATA, REGISTRY_NAME)} nor "
        f"{os.path.join(_CHECKOUT_DATA, 'catalog.yaml')} exists; reinstall sms-diagnose"
    )


MAX_SOURCE_BYTES = 16 << 20
"""No file of a catalog is larger than this (16 MiB): a bigger one is refused, not read."""


def read_text(path: str | os.PathLike[str], max_bytes: int = MAX_SOURCE_BYTES) -> str:
    """The text of one of a catalog's files (or another small file the command reads, such as a
    flow template): a regular file (never a FIFO or a device, which could block or never end) of
    at most ``max_bytes``, in UTF-8. CatalogError says why not, after the file's name."""
    name = os.fspath(path)
    try:
        if not os.path.isfile(name):
            raise CatalogError(f"{name}: {'not a regular file' if os.path.exists(name) else 'no such file'}")
        with open(name, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise CatalogError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise CatalogError(f"{name}: larger than {max_bytes:,} bytes, not read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{name}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc


def _read_yaml(path: Path) -> Any:
    try:
        import yaml
    except ImportError:
        raise CatalogError(
            f"{path}: reading the catalog's YAML needs PyYAML: pip install 'sms-diagnose[catalog]'"
        ) from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = read_text(path)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise CatalogError(f"{path}: cannot be read as YAML: {exc}") from exc


def read_source(directory: Path | None = None) -> CatalogSource:
    """The YAML of ``directory`` (default: the checkout's ``data/``), read afresh."""
    directory = directory or checkout_data()
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
    for phase in phases:
        if not (isinstance(phase, str) and phase.isascii() and phase.replace("-", "").isalnum() and phase.islower()):
            raise CatalogError(f"{main_file}: phase {phase!r} is not a name of lower-case letters, digits and hyphens")
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
    return CatalogSource(document, tuple(entry_files), os.fspath(directory))


def source_digest(directory: str | os.PathLike[str]) -> str:
    """A checksum of every YAML file of the catalog, which tells a stale compiled catalog from a
    current one (a check against accidents, not tampering: nothing here is a security boundary)."""
    folder = os.fspath(directory)
    entries = os.path.join(folder, "entries")
    names = ["catalog.yaml", *(f"entries/{name}" for name in os.listdir(entries) if name.endswith(".yaml"))]
    checksum = 0
    for name in sorted(names):
        with open(os.path.join(folder, name), "rb") as stream:
            data = stream.read()
        checksum = zlib.crc32(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data, checksum)
    return f"crc32:{checksum:08x}"


def compile_source(source: CatalogSource) -> bytes:
    """The source as one JSON document that loads in a few milliseconds, with its checksum."""
    import json

    compiled = {
        "format": COMPILED_FORMAT,
        "digest": source_digest(source.directory),
        "entry_files": list(source.entry_files),
        "document": source.document,
    }
    return json.dumps(compiled, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def compile_module(source: CatalogSource) -> str:
    """The compiled document as the Python module a wheel carries (``catalog/_compiled.py``)."""
    import json

    compiled = json.loads(compile_source(source))  # JSON's types only, so that repr() is a literal
    return f"# Made by hatch_build.py from data/ when this wheel was built; do not edit.\nCOMPILED = {compiled!r}\n"


def _from_compiled(compiled: Any, origin: str, directory: str | os.PathLike[str]) -> tuple[CatalogSource, str]:
    if not isinstance(compiled, dict) or compiled.get("format") != COMPILED_FORMAT:
        raise CatalogError(f"{origin}: not a compiled catalog of format {COMPILED_FORMAT}; rebuild it")
    try:
        document, entry_files, digest = compiled["document"], compiled["entry_files"], compiled["digest"]
        if not isinstance(document, dict):
            raise TypeError("its document is not an object")
        source = CatalogSource(document, tuple(map(str, entry_files)), os.fspath(directory))
    except (KeyError, TypeError) as exc:
        raise CatalogError(f"{origin}: not a whole compiled catalog ({exc}); rebuild it") from None
    return source, str(digest)


def read_compiled(path: str | os.PathLike[str], directory: str | os.PathLike[str]) -> tuple[CatalogSource, str]:
    """A compiled catalog and the checksum of the YAML it was made from."""
    import json

    try:
        compiled = json.loads(read_text(path))
    except (ValueError, RecursionError) as exc:
        raise CatalogError(f"{os.fspath(path)}: cannot be read as a compiled catalog: {exc}") from exc
    return _from_compiled(compiled, os.fspath(path), directory)


def load_source(directory: Path | None = None) -> CatalogSource:
    """The catalog's source: a wheel's compiled catalog; in a checkout, ``make catalog``'s
    product while it matches the YAML, else the YAML itself. ``directory`` reads that folder."""
    if directory is None:
        try:
            from . import _compiled  # a wheel's, made when it was built
        except ImportError:
            pass
        else:
            return _from_compiled(_compiled.COMPILED, _compiled.__file__, _WHEEL_DATA)[0]
        if os.path.isfile(_CHECKOUT_COMPILED) and os.path.isfile(os.path.join(_CHECKOUT_DATA, "catalog.yaml")):
            try:
                source, digest = read_compiled(_CHECKOUT_COMPILED, _CHECKOUT_DATA)
                if digest == source_digest(_CHECKOUT_DATA):
                    return source
            except (CatalogError, OSError, KeyError):
                pass  # a stale or broken build product: the YAML is the truth
        return read_source(data_dir())
    if not (directory / "catalog.yaml").is_file() and (directory / COMPILED_NAME).is_file():
        return read_compiled(directory / COMPILED_NAME, directory)[0]
    return read_source(directory)
