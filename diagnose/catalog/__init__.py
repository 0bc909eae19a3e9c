"""The catalog: YAML source in, typed immutable entries and their look-ups out.

``source`` finds and reads the catalog (the compiled JSON a wheel carries, or the YAML of a
checkout); ``model`` builds the entries and indexes; ``gate`` is the one staged check that the
wheel build, ``sms-diagnose validate``, the docs hook and the tests run; ``explanation`` is the
one template an entry is explained in, on the terminal and on the site.
"""

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
