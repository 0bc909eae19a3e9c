"""The catalog: YAML source in, typed immutable entries and their look-ups out.

``source`` finds and reads the catalog (the compiled JSON a wheel carries, or the YAML of a
checkout); ``model`` builds the entries and indexes; ``explanation`` is the one template an
entry is explained in, on the terminal and on the site. The staged check of a catalog is
``diagnose.gate``. The names below are imported on first use, so that importing one module of
the package (``source`` for CatalogError) does not build the others.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from .model import (
        DELIVERY_PHASE,
        SUBMIT_PHASES,
        TRANSPORT_PHASE,
        Api,
        Catalog,
        Entry,
        Example,
        Guide,
        Rule,
        SourceRef,
        Step,
        Term,
        Variant,
        When,
        entries,
        load_catalog,
        lookup,
    )
    from .source import CatalogError

__all__ = [
    "DELIVERY_PHASE",
    "SUBMIT_PHASES",
    "TRANSPORT_PHASE",
    "Api",
    "Catalog",
    "CatalogError",
    "Entry",
    "Example",
    "Guide",
    "Rule",
    "SourceRef",
    "Step",
    "Term",
    "Variant",
    "When",
    "entries",
    "load_catalog",
    "lookup",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'diagnose.catalog' has no attribute {name!r}")
    home = "source" if name == "CatalogError" else "model"
    value = getattr(__import__(home, globals(), fromlist=[name], level=1), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
