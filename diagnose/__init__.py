"""sms-diagnose: what a Bulk SMS API response means, and what to do about it.

>>> from diagnose import diagnose
>>> print(diagnose('{"type":"error","message":"Missing Authentication Key","code":"106"}').entry.name)
MISSING_AUTHKEY
"""

from __future__ import annotations

from .catalog import Catalog, Entry, Example, Guide, Step, entries, load_catalog, lookup
from .catalog_source import CatalogError
from .delivery import diagnose_report
from .diagnosis import Diagnosis
from .engine import diagnose
from .vocabulary import Actor, Format, Outcome, Retry, Severity

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Catalog",
    "CatalogError",
    "Diagnosis",
    "Entry",
    "Example",
    "Format",
    "Guide",
    "Outcome",
    "Retry",
    "Severity",
    "Step",
    "__version__",
    "diagnose",
    "diagnose_report",
    "entries",
    "load_catalog",
    "lookup",
]
