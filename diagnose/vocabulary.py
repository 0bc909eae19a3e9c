"""The small, closed vocabularies every diagnosis, catalog entry and command is made of.

One module, like CPython's ``http.HTTPStatus`` (or PostgreSQL's ``errcodes.txt``), and the one
definition of each vocabulary: the command's choices, the enums of the JSON Schemas in data/
(``diagnose.gate.schemas`` fills them in) and the docs' tables are made from these members, and the
catalog gate refuses a catalog whose term tables (``severities``, ``actors``, ``retries``,
``phases``) lack a row for a member or have one for no member. Titles and explanations live in
data/catalog.yaml.
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


class Phase(StrEnum):
    """When in a message's journey an error arises (catalog.yaml ``phases``)."""

    REQUEST = "request"
    OTP = "otp"
    DELIVERY = "delivery"
    REASON = "reason"
    TRANSPORT = "transport"


class NetworkFailure(StrEnum):
    """How a call failed in the network before any answer came: what the HTTP client raised
    (a transport entry's ``when.network`` names one)."""

    CONNECT_FAILED = "connect-failed"
    """No connection: refused, the name did not resolve, no route, a proxy that failed."""
    CONNECT_TIMEOUT = "connect-timeout"
    """No connection in time, or no connection free in the client's pool in time."""
    TLS_FAILED = "tls-failed"
    """The TLS handshake failed (a certificate not trusted, a protocol refused)."""
    READ_TIMEOUT = "read-timeout"
    """The request was written and no answer came in time."""
    CONNECTION_LOST = "connection-lost"
    """The connection broke while the request was written or the answer read (reset, closed)."""


NOTHING_SENT = (NetworkFailure.CONNECT_FAILED, NetworkFailure.CONNECT_TIMEOUT, NetworkFailure.TLS_FAILED)
"""The failures before the request was written: the provider cannot have accepted it, so sending
it again cannot send the message twice. After the others it may have been accepted."""


NETWORK_EXCEPTIONS: tuple[tuple[str, NetworkFailure], ...] = (
    ("httpx.ConnectError", NetworkFailure.CONNECT_FAILED),
    ("httpx.ProxyError", NetworkFailure.CONNECT_FAILED),
    ("requests.exceptions.ProxyError", NetworkFailure.CONNECT_FAILED),
    ("httpx.ConnectTimeout", NetworkFailure.CONNECT_TIMEOUT),
    ("httpx.PoolTimeout", NetworkFailure.CONNECT_TIMEOUT),
    ("requests.exceptions.ConnectTimeout", NetworkFailure.CONNECT_TIMEOUT),
    ("requests.exceptions.SSLError", NetworkFailure.TLS_FAILED),
    ("httpx.ReadTimeout", NetworkFailure.READ_TIMEOUT),
    ("requests.exceptions.ReadTimeout", NetworkFailure.READ_TIMEOUT),
    ("httpx.RemoteProtocolError", NetworkFailure.CONNECTION_LOST),
    ("httpx.ReadError", NetworkFailure.CONNECTION_LOST),
    ("httpx.WriteError", NetworkFailure.CONNECTION_LOST),
    ("httpx.WriteTimeout", NetworkFailure.CONNECTION_LOST),
    ("requests.exceptions.ConnectionError", NetworkFailure.CONNECTION_LOST),
    ("requests.exceptions.ChunkedEncodingError", NetworkFailure.CONNECTION_LOST),
)
"""The classes of requests and httpx that each name one network failure, by qualified name (a
subclass is its nearest listed base's). Their base classes (``httpx.TimeoutException``,
``requests.exceptions.Timeout``) are not here: they do not say whether the request was written."""

NETWORK_CAUSES: tuple[tuple[str, str, NetworkFailure], ...] = (
    ("httpx.ConnectError", "ssl.SSLError", NetworkFailure.TLS_FAILED),
    ("requests.exceptions.ConnectionError", "urllib3.exceptions.NewConnectionError", NetworkFailure.CONNECT_FAILED),
)
"""A class of NETWORK_EXCEPTIONS that stands for another failure when this cause is in its chain
(or is urllib3's ``reason`` in its first argument): httpx raises ConnectError for a failed TLS
handshake, requests ConnectionError both for a refused connection and for one lost after
writing (only the refused one says nothing was sent)."""


class EntryStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"


class BodyKind(StrEnum):
    """What a body that carries no envelope is (a transport entry's ``when.body`` names one)."""

    EMPTY = "empty"
    HTML = "html"
    REPORT = "report"
    CONTRADICTORY = "contradictory"
    """It says two things (a field given twice with different values): no transport failure
    is read into it, whatever the HTTP status."""
    OTHER = "other"


class JourneyState(StrEnum):
    """Where a message's journey ended, as ``trace`` tells it."""

    REJECTED = "rejected"
    """The API refused the request at submit time."""
    DELIVERED = "delivered"
    FAILED = "failed"
    """Accepted, then a delivery report said it failed."""
    PENDING = "pending"
    """Accepted; the reports so far say it is on its way."""
    NO_REPORT = "no-report"
    """Accepted, and no delivery report has come for it."""
    UNRECOGNISED = "unrecognised"
    """Accepted; a report came for it but could not be read (its status is not in the catalog)."""


class OutputFormat(StrEnum):
    """What ``--format`` chooses for explain, parse, report and list."""

    HUMAN = "human"
    JSON = "json"


class ParseFormat(StrEnum):
    """What ``parse --format`` chooses: ``OutputFormat``'s, and RFC 9457 problem details."""

    HUMAN = "human"
    JSON = "json"
    PROBLEM = "problem"


class ReportFormat(StrEnum):
    """What ``check --format`` chooses: the report a person or a CI system reads."""

    HUMAN = "human"
    JSON = "json"
    JUNIT = "junit"
    GITHUB = "github"


DEFAULT_REPORT = ReportFormat.HUMAN
"""The report ``check`` and ``preflight`` write when no ``--format`` is given."""


READABLE_FORMATS = (Format.STRING, Format.JSON, Format.XML)
"""The formats ``diagnose(format=...)`` and ``parse --body-format`` can force, and the formats an
answer to an API call comes in (each needs an example in the catalog)."""

REPORTED_OUTCOMES = (Outcome.SUCCESS, Outcome.PENDING, Outcome.ERROR)
"""What a delivery status or failure reason of the catalog means for the message (an entry's
``outcome``): a catalog entry is never unrecognised."""

TRANSPORT_BODY_KINDS = (BodyKind.HTML, BodyKind.EMPTY)
"""The kinds of body a transport entry's ``when.body`` can name."""


EXCEPTION_OF_CATEGORY: dict[str, str] = {
    "missing-parameter": "MissingParameterError",
    "authentication": "AuthenticationError",
    "ip-security": "IpSecurityError",
    "recipient": "RecipientError",
    "sender-dlt": "SenderDltError",
    "routing": "RoutingError",
    "account": "AccountError",
    "scheduling": "SchedulingError",
    "campaign": "CampaignError",
    "content": "ContentError",
    "duplicate": "DuplicateRequestError",
    "flow": "FlowError",
    "endpoint": "EndpointError",
    "provider": "ProviderError",
    "voice": "VoiceError",
    "otp": "OtpError",
    "transport": "NoProviderAnswerError",
    "undelivered": "DeliveryError",
    "recipient-handset": "RecipientHandsetError",
    "operator-network": "OperatorNetworkError",
    "dlt-scrubbing": "DltScrubbingError",
    "sender-content": "SenderContentError",
    "no-reason": "NoReasonError",
}
"""The exception ``raise_for_error()`` raises for an error of each catalog category (another
category raises ``SmsApiError``): named here so that ``explain`` can say it without importing the
exceptions, which check at import that their classes are these."""

GATEWAY_EXCEPTION = "GatewayError"
"""The class a transport entry of an HTTP-level failure raises (a gateway's or proxy's page, an
empty body, a 429 or 5xx status with no provider envelope): a NoProviderAnswerError."""

NETWORK_EXCEPTION = "NetworkFailureError"
"""The class a transport entry of a network failure (``when.network``: a connect failure or
timeout, a TLS failure, a read timeout, a lost connection) raises: a NoProviderAnswerError."""
