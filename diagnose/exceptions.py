"""The exceptions an SMS API answer raises: a Diagnosis in, the exception of its catalog
category out (``error_for``), like Stripe's and Twilio's typed client errors.

``SmsApiError`` carries the diagnosis and its entry, a stable ``code`` and ``name``, the docs
URL and the catalog's retry advice; its ``str()`` is the masked one-line summary and the docs
URL. There is one subclass per catalog category an error can have (the catalog gate checks
that each has its class, and each class its category), so ``except IpSecurityError`` catches
418 and 208 alike, and ``except SmsApiError`` catches everything.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Any, ClassVar

from .catalog.model import Entry
from .diagnosis import BAD_GATEWAY, Diagnosis, advises_retry, stable_name
from .vocabulary import (
    EXCEPTION_OF_CATEGORY,
    GATEWAY_EXCEPTION,
    NETWORK_EXCEPTION,
    NOTHING_SENT,
    Actor,
    Outcome,
    Retry,
    Severity,
)

if TYPE_CHECKING:
    from .outgoing.finding import Finding

__all__ = [
    "AccountError",
    "AuthenticationError",
    "CampaignError",
    "ContentError",
    "DeliveryError",
    "DltScrubbingError",
    "DuplicateRequestError",
    "EndpointError",
    "FlowError",
    "GatewayError",
    "IpSecurityError",
    "MissingParameterError",
    "NetworkFailureError",
    "NoProviderAnswerError",
    "NoReasonError",
    "OperatorNetworkError",
    "OtpError",
    "OtpNotVerified",
    "ProviderError",
    "RecipientError",
    "RecipientHandsetError",
    "RoutingError",
    "SchedulingError",
    "SenderContentError",
    "SenderDltError",
    "SmsApiError",
    "UnknownErrorCode",
    "UnrecognisedResponse",
    "VoiceError",
]


UNPROCESSABLE_CONTENT = 422
"""What a service answers for a request its pre-flight guard refused to send."""


class SmsApiError(Exception):
    """An answer of the SMS API that is not a success. ``retry_after`` is the seconds the
    server asked to wait (its ``Retry-After`` header), when it said. ``findings`` are what a
    pre-flight guard found in a request it did not send: the diagnosis is then the answer the
    first finding predicts, and nothing was sent."""

    category: ClassVar[str | None] = None
    """The catalog category whose errors this class stands for (None: not one category)."""

    def __init__(
        self, diagnosis: Diagnosis, *, retry_after: float | None = None, findings: tuple[Finding, ...] = ()
    ) -> None:
        if not isinstance(diagnosis, Diagnosis):
            raise TypeError(f"{type(self).__name__} takes a Diagnosis, not {type(diagnosis).__name__}")
        if retry_after is not None and (
            isinstance(retry_after, bool)
            or not isinstance(retry_after, (int, float))
            or not 0 <= retry_after < float("inf")
        ):
            raise ValueError(f"retry_after must be None or a finite number of seconds, not {retry_after!r:.40}")
        if not isinstance(findings, tuple):
            raise TypeError(f"findings must be a tuple of Finding, not {type(findings).__name__}")
        self.diagnosis = diagnosis
        self.retry_after = retry_after
        self.findings = findings
        self.response: Any = None
        """The HTTP response object (requests, httpx) the answer came in, when
        ``raise_for_error()`` was given one; not pickled."""
        super().__init__(self._text())

    def _text(self) -> str:
        docs = f" (docs: {self.docs_url})" if self.docs_url else ""
        if self.findings:
            more = len(self.findings) - 1
            others = f" (and {more} more finding{'s' if more > 1 else ''})" if more else ""
            return f"not sent: {self.findings[0].summary()}{others}{docs}"
        return self.diagnosis.summary(first_step=False) + docs

    def __str__(self) -> str:
        return self._text()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (type(self), self.diagnosis, self.retry_after, self.findings))

    def to_problem(self, *, status: int | None = None) -> dict[str, Any]:
        """RFC 9457 problem details of the error, for your service's own answer: the diagnosis's
        (``Diagnosis.to_problem``), with ``retry_after`` (the whole seconds the provider asked to
        wait, rounded up: send them as your answer's ``Retry-After`` header too, which takes whole
        seconds) when it said, and ``sent`` (whether the request left for the provider: not
        whether the SMS went). A request a pre-flight guard did not send is answered 422
        (Unprocessable Content) unless ``status`` says otherwise: nothing failed upstream, the
        request breaks a rule."""
        if status is None and self.findings:
            status = UNPROCESSABLE_CONTENT
        problem = self.diagnosis.to_problem(status=status)
        if self.retry_after is not None:
            problem["retry_after"] = math.ceil(self.retry_after)
        problem["sent"] = self.sent
        return problem

    def log_fields(self) -> dict[str, str | int | float | bool | None]:
        """The diagnosis's fields for structured logs (``Diagnosis.log_fields``), with
        ``retry_after`` and ``sent``."""
        fields: dict[str, str | int | float | bool | None] = dict(self.diagnosis.log_fields())
        fields["retry_after"] = self.retry_after
        fields["sent"] = self.sent
        return fields

    @property
    def sent(self) -> bool:
        """False when the request did not reach the provider: a pre-flight guard refused to send
        it (``findings``), or the network failed before it was written (a connect failure or
        timeout, a TLS failure)."""
        if self.findings:
            return False
        entry = self.diagnosis.entry
        return entry is None or entry.when is None or entry.when.network not in NOTHING_SENT

    @property
    def entry(self) -> Entry | None:
        return self.diagnosis.entry

    @property
    def code(self) -> str | None:
        """The catalog's code (``"418"``), else the code the answer carried."""
        entry = self.diagnosis.entry
        return entry.code if entry is not None and entry.code else self.diagnosis.code

    @property
    def name(self) -> str:
        """The entry's stable name (``IP_NOT_WHITELISTED``); without one, a fixed name of its
        kind (``UNKNOWN_ERROR_CODE``, ``UNRECOGNISED_RESPONSE``): never text from the body."""
        return stable_name(self.diagnosis)

    @property
    def user_message(self) -> str | None:
        """What to tell the person who typed the number or the OTP (``"This code has expired.
        Ask for a new code, then enter it."``), from the catalog: safe to show an end user, unlike
        ``str(error)``. None where the catalog has nothing for them; a delivery report's failure
        reason has its own."""
        entry = self.diagnosis.failure or self.diagnosis.entry
        return entry.user_message if entry is not None else None

    @property
    def docs_url(self) -> str | None:
        entry = self.diagnosis.entry
        return entry.docs_url if entry is not None else None

    @property
    def request_id(self) -> str | None:
        return self.diagnosis.request_id

    @property
    def http_status(self) -> int | None:
        return self.diagnosis.http_status

    @property
    def retryable(self) -> bool:
        """Whether sending the same request again later can help (``retry.is_retryable``)."""
        return advises_retry(self.diagnosis)

    @property
    def actor(self) -> Actor | None:
        entry = self.diagnosis.entry
        return entry.actor if entry is not None else None

    @property
    def severity(self) -> Severity | None:
        entry = self.diagnosis.entry
        return entry.severity if entry is not None else None

    @property
    def retry(self) -> Retry | None:
        entry = self.diagnosis.entry
        return entry.retry if entry is not None else None


def _rebuilt(
    cls: type[SmsApiError], diagnosis: Diagnosis, retry_after: float | None, findings: tuple[Finding, ...] = ()
) -> SmsApiError:
    return cls(diagnosis, retry_after=retry_after, findings=findings)


class UnknownErrorCode(SmsApiError):
    """An error whose code or message is not in the catalog: a refusal in words the catalog does not know."""


class UnrecognisedResponse(SmsApiError):
    """A body that is not understood (fail closed): never taken for a success."""


NOT_AN_OTP_VERIFICATION = "NOT_AN_OTP_VERIFICATION"
"""The name of a success that verifies no OTP, given to ``ensure_otp_verified`` (no catalog
entry has it: the catalog's OTP_NOT_VERIFIED is the provider's own error)."""


class OtpNotVerified(SmsApiError):
    """``ensure_otp_verified``: a success that is not one of the catalogued texts of a verified
    OTP (an OTP sent, a request ID). Its ``name`` says so, not ``SUCCESS``; its problem details
    answer 502 by default, as for any answer upstream that is not the one expected."""

    def _text(self) -> str:
        return f"the answer does not say the OTP was verified: {self.diagnosis.summary(first_step=False)}"

    @property
    def name(self) -> str:
        return NOT_AN_OTP_VERIFICATION

    def to_problem(self, *, status: int | None = None) -> dict[str, Any]:
        problem = super().to_problem(status=BAD_GATEWAY if status is None else status)
        problem["title"] = "The answer does not say the OTP was verified"
        problem["name"] = NOT_AN_OTP_VERIFICATION
        return problem

    def log_fields(self) -> dict[str, str | int | float | bool | None]:
        fields = super().log_fields()
        fields["error.type"] = NOT_AN_OTP_VERIFICATION
        return fields


class MissingParameterError(SmsApiError):
    category = "missing-parameter"


class AuthenticationError(SmsApiError):
    category = "authentication"


class IpSecurityError(SmsApiError):
    category = "ip-security"


class RecipientError(SmsApiError):
    category = "recipient"


class SenderDltError(SmsApiError):
    category = "sender-dlt"


class RoutingError(SmsApiError):
    category = "routing"


class AccountError(SmsApiError):
    category = "account"


class SchedulingError(SmsApiError):
    category = "scheduling"


class CampaignError(SmsApiError):
    category = "campaign"


class ContentError(SmsApiError):
    category = "content"


class DuplicateRequestError(SmsApiError):
    category = "duplicate"


class FlowError(SmsApiError):
    category = "flow"


class EndpointError(SmsApiError):
    category = "endpoint"


class ProviderError(SmsApiError):
    category = "provider"


class VoiceError(SmsApiError):
    category = "voice"


class OtpError(SmsApiError):
    category = "otp"


class NoProviderAnswerError(SmsApiError):
    """No provider answer arrived (the catalog's category transport): a gateway's failure page
    or status (``GatewayError``), or a network failure before any answer came
    (``NetworkFailureError``). ``except NoProviderAnswerError`` catches both."""

    category = "transport"


class GatewayError(NoProviderAnswerError):
    """An HTTP-level failure with no provider envelope: an HTML page from a gateway or proxy, an
    empty body, or an HTTP 429 or 5xx status. Something answered, but not the provider."""


class NetworkFailureError(NoProviderAnswerError):
    """A network failure before any answer came: the exception ``requests`` or ``httpx`` raised
    (a connect failure or timeout, a TLS failure, a read timeout, a lost connection) is its
    ``__cause__``. ``sent`` says whether the request may have reached the provider."""


def __getattr__(name: str) -> Any:
    """``TransportError``: the deprecated name of ``NoProviderAnswerError``, given with a
    ``DeprecationWarning`` (httpx's ``TransportError`` is a network failure, ours was both)."""
    if name == "TransportError":
        warnings.warn(
            "diagnose.TransportError is deprecated: its name is httpx's for the opposite case. Catch "
            "GatewayError (a failure page or status), NetworkFailureError (a network failure), or both as "
            "NoProviderAnswerError, which TransportError now names",
            DeprecationWarning,
            stacklevel=2,
        )
        return NoProviderAnswerError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class DeliveryError(SmsApiError):
    """A delivery report that says a message did not reach its handset."""

    category = "undelivered"


class RecipientHandsetError(DeliveryError):
    category = "recipient-handset"


class OperatorNetworkError(DeliveryError):
    category = "operator-network"


class DltScrubbingError(DeliveryError):
    category = "dlt-scrubbing"


class SenderContentError(DeliveryError):
    category = "sender-content"


class NoReasonError(DeliveryError):
    category = "no-reason"


def _subclasses(cls: type[SmsApiError]) -> list[type[SmsApiError]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


CATEGORY_CLASSES: dict[str, type[SmsApiError]] = {
    cls.category: cls for cls in _subclasses(SmsApiError) if cls.category is not None and "category" in vars(cls)
}
"""The class of each catalog category an error can have (a class that names its category; a
subclass that inherits it narrows the case, as ``GatewayError`` and ``NetworkFailureError`` do)."""


if {category: cls.__name__ for category, cls in CATEGORY_CLASSES.items()} != EXCEPTION_OF_CATEGORY:
    raise ImportError("diagnose.vocabulary.EXCEPTION_OF_CATEGORY does not name the classes of diagnose.exceptions")
if (GatewayError.__name__, NetworkFailureError.__name__) != (GATEWAY_EXCEPTION, NETWORK_EXCEPTION):
    raise ImportError(
        "diagnose.vocabulary.GATEWAY_EXCEPTION and NETWORK_EXCEPTION do not name diagnose.exceptions' classes"
    )


def error_for(
    diagnosis: Diagnosis, *, retry_after: float | None = None, findings: tuple[Finding, ...] = ()
) -> SmsApiError:
    """The exception a non-success diagnosis raises: its category's class; for a delivery report
    with a failure reason, the reason's category's."""
    if not isinstance(diagnosis, Diagnosis):
        raise TypeError(f"error_for() takes a Diagnosis, not {type(diagnosis).__name__}")
    if diagnosis.outcome is Outcome.UNRECOGNISED and diagnosis.entry is None:
        return UnrecognisedResponse(diagnosis, retry_after=retry_after, findings=findings)
    entry = diagnosis.failure or diagnosis.entry
    if entry is None:
        return UnknownErrorCode(diagnosis, retry_after=retry_after, findings=findings)
    cls = CATEGORY_CLASSES.get(entry.category, SmsApiError)
    if cls is NoProviderAnswerError:
        cls = NetworkFailureError if entry.when is not None and entry.when.network else GatewayError
    return cls(diagnosis, retry_after=retry_after, findings=findings)
