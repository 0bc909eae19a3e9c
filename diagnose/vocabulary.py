"""The small, closed vocabularies every diagnosis and catalog entry is made of.

The members mirror the keys of data/catalog.yaml (``severities``, ``actors``, ``retries``);
their titles and explanations live there, and the catalog tests check both agree.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    SUCCESS = "success"
    PENDING = "pending"
    ERROR = "error"
    UNRECOGNISED = "unrecognised"


class Format(StrEnum):
    STRING = "string"
    JSON = "json"
    XML = "xml"
    FORM = "form"
    HTML = "html"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info up to 3 for critical, for comparisons such as ``--fail-on``."""
        return _SEVERITY_RANKS[self]


_SEVERITY_RANKS = {severity: rank for rank, severity in enumerate(Severity)}


class Actor(StrEnum):
    INTEGRATION = "integration"
    ACCOUNT_ADMIN = "account-admin"
    PROVIDER_SUPPORT = "provider-support"
    END_USER = "end-user"


class Retry(StrEnum):
    NEVER = "never"
    AFTER_FIXING_REQUEST = "after-fixing-request"
    AFTER_FIXING_ACCOUNT = "after-fixing-account"
    LATER_WITH_BACKOFF = "later-with-backoff"
