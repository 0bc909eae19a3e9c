"""sms-diagnose: what a Bulk SMS API response means, and what to do about it.

>>> from diagnose import diagnose
>>> print(diagnose('{"type":"error","message":"Missing Authentication Key","code":"106"}').entry.name)
MISSING_AUTHKEY

The package's parts, by what flows through them: ``responses`` (a response in, a Diagnosis
out), ``delivery`` (a delivery report in, one Diagnosis per number out), ``catalog`` (the YAML
in, entries out), ``gate`` (a catalog in, its problems out), ``outgoing`` (a request in, the
errors it would get out, before it is sent: ``preflight``), ``logs`` (files, folders and JSON
Lines logs in; each record's diagnosis, findings and time out), ``check`` (those items in, CI
reports out), ``journeys`` (answers and delivery reports in, each message's journey out) and
``cli`` (the command, one module per command).

What is public is said here, in one place: the names of ``__all__``, and the modules of
``_PUBLIC_MODULES`` (each for one use: its own ``__all__`` names what it offers). Everything else
is the package's own and may change. Public names are imported on first use, so that the
command starts fast.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from .catalog import Catalog, CatalogError, Entry, Example, Guide, Step, entries, load_catalog, lookup
    from .delivery.reports import diagnose_report
    from .diagnosis import Diagnosis
    from .exceptions import (
        AccountError,
        AuthenticationError,
        CampaignError,
        ContentError,
        DeliveryError,
        DltScrubbingError,
        DuplicateRequestError,
        EndpointError,
        FlowError,
        GatewayError,
        IpSecurityError,
        MissingParameterError,
        NetworkFailureError,
        NoProviderAnswerError,
        NoReasonError,
        OperatorNetworkError,
        OtpError,
        OtpNotVerified,
        ProviderError,
        RecipientError,
        RecipientHandsetError,
        RoutingError,
        SchedulingError,
        SenderContentError,
        SenderDltError,
        SmsApiError,
        UnknownErrorCode,
        UnrecognisedResponse,
        VoiceError,
    )
    from .journeys.join import trace
    from .journeys.journey import Journey
    from .outgoing import Finding, Findings, UnrecognisedRequest, preflight
    from .raising import ensure_otp_verified, ensure_preflight, raise_for_error
    from .responses.pipeline import diagnose
    from .retry import is_retryable
    from .vocabulary import Actor, Format, JourneyState, Outcome, Retry, Severity

__version__ = "0.1.0"

_HOMES = {
    "Actor": "vocabulary",
    "Catalog": "catalog",
    "CatalogError": "catalog",
    "Diagnosis": "diagnosis",
    "Entry": "catalog",
    "Example": "catalog",
    "Finding": "outgoing",
    "Findings": "outgoing",
    "Format": "vocabulary",
    "Guide": "catalog",
    "Journey": "journeys.journey",
    "JourneyState": "vocabulary",
    "Outcome": "vocabulary",
    "Retry": "vocabulary",
    "Severity": "vocabulary",
    "Step": "catalog",
    "diagnose": "responses.pipeline",
    "diagnose_report": "delivery.reports",
    "entries": "catalog",
    "load_catalog": "catalog",
    "lookup": "catalog",
    "trace": "journeys.join",
    "preflight": "outgoing",
    "ensure_preflight": "raising",
    "UnrecognisedRequest": "outgoing",
    "SmsApiError": "exceptions",
    "UnknownErrorCode": "exceptions",
    "UnrecognisedResponse": "exceptions",
    "OtpNotVerified": "exceptions",
    "AccountError": "exceptions",
    "AuthenticationError": "exceptions",
    "CampaignError": "exceptions",
    "ContentError": "exceptions",
    "DeliveryError": "exceptions",
    "DltScrubbingError": "exceptions",
    "DuplicateRequestError": "exceptions",
    "EndpointError": "exceptions",
    "FlowError": "exceptions",
    "IpSecurityError": "exceptions",
    "MissingParameterError": "exceptions",
    "NoReasonError": "exceptions",
    "OperatorNetworkError": "exceptions",
    "OtpError": "exceptions",
    "ProviderError": "exceptions",
    "RecipientError": "exceptions",
    "RecipientHandsetError": "exceptions",
    "RoutingError": "exceptions",
    "SchedulingError": "exceptions",
    "SenderContentError": "exceptions",
    "SenderDltError": "exceptions",
    "GatewayError": "exceptions",
    "NetworkFailureError": "exceptions",
    "NoProviderAnswerError": "exceptions",
    "VoiceError": "exceptions",
    "raise_for_error": "raising",
    "ensure_otp_verified": "raising",
    "is_retryable": "retry",
}

__all__ = [
    "AccountError",
    "Actor",
    "AuthenticationError",
    "CampaignError",
    "Catalog",
    "CatalogError",
    "ContentError",
    "DeliveryError",
    "Diagnosis",
    "DltScrubbingError",
    "DuplicateRequestError",
    "EndpointError",
    "Entry",
    "Example",
    "Finding",
    "Findings",
    "FlowError",
    "Format",
    "GatewayError",
    "Guide",
    "IpSecurityError",
    "Journey",
    "JourneyState",
    "MissingParameterError",
    "NetworkFailureError",
    "NoProviderAnswerError",
    "NoReasonError",
    "OperatorNetworkError",
    "OtpError",
    "OtpNotVerified",
    "Outcome",
    "ProviderError",
    "RecipientError",
    "RecipientHandsetError",
    "Retry",
    "RoutingError",
    "SchedulingError",
    "SenderContentError",
    "SenderDltError",
    "Severity",
    "SmsApiError",
    "Step",
    "UnknownErrorCode",
    "UnrecognisedRequest",
    "UnrecognisedResponse",
    "VoiceError",
    "__version__",
    "diagnose",
    "diagnose_report",
    "ensure_otp_verified",
    "ensure_preflight",
    "entries",
    "is_retryable",
    "load_catalog",
    "lookup",
    "preflight",
    "raise_for_error",
    "trace",
]

_PUBLIC_MODULES = (
    "diagnose.exceptions",
    "diagnose.testing",
    "diagnose.retry",
    "diagnose.observability",
    "diagnose.batch",
    "diagnose.dask",
    "diagnose.integrations.requests",
    "diagnose.integrations.httpx",
    "diagnose.integrations.webhook",
)
"""The modules whose ``__all__`` is public too: one subclass of ``SmsApiError`` per category,
pytest assertions, tenacity's retry and wait, logs and spans, many bodies at once (and on Dask,
with its extra), the hooks of requests and httpx, and the delivery-report webhook's apps."""


_DEPRECATED = {"TransportError": "exceptions"}
"""Old names that still resolve, each looked up in its module every time, so that the module's
DeprecationWarning says what replaces it; neither listed nor kept here."""


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED:
        return getattr(__import__(_DEPRECATED[name], globals(), fromlist=[name], level=1), name)
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'diagnose' has no attribute {name!r}")
    module = __import__(home, globals(), fromlist=[name], level=1)  # importlib.import_module, without importlib
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
