"""Raise instead of branching: a raw answer in, its Diagnosis out when it is a success, the
exception of its catalog category raised when it is not (``exceptions.error_for``); a request
in, the exception its first pre-flight finding predicts raised when it breaks a rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .catalog.model import REPORT_PHASES, Catalog, load_catalog
from .diagnosis import Diagnosis
from .exceptions import OtpNotVerified, SmsApiError, error_for
from .outgoing.finding import Finding
from .outgoing.rules import preflight
from .responses.pipeline import diagnose, is_response
from .times import retry_after_seconds
from .vocabulary import Outcome, Severity

if TYPE_CHECKING:
    from datetime import datetime

_SUCCESS = Outcome.SUCCESS


def raise_for_error(raw: Any, *, strict: bool = False, **options: Any) -> Diagnosis:
    """``diagnose(raw, **options)``, returned for a success and, unless ``strict``, for an
    outcome of severity info (311: the first message went and the repeat was discarded; an OTP
    already verified); raised as the right ``SmsApiError`` otherwise, an unrecognised body
    included (fail closed). ``raw`` is anything ``diagnose()`` takes, a response object too,
    whose ``Retry-After`` header becomes the exception's ``retry_after``, or the exception a
    requests or httpx call raised: a network failure raises ``NetworkFailureError`` with that
    exception as its ``__cause__`` (a gateway's failure page or status raises ``GatewayError``).
    A response object stays with the exception (``response``). ``raw`` may also be a
    ``Diagnosis`` already made, raised as it is."""
    if strict is not False and strict is not True:
        raise TypeError(f"raise_for_error(): strict must be True or False, not {type(strict).__name__}")
    if isinstance(raw, Diagnosis):
        if options:
            raise TypeError("raise_for_error(): options read a raw response; a Diagnosis is already read")
        diagnosis = raw
    else:
        diagnosis = diagnose(raw, **options) if options else diagnose(raw)
    if diagnosis.outcome is _SUCCESS:
        return diagnosis
    entry = diagnosis.entry
    if not strict and entry is not None and entry.severity is Severity.INFO and diagnosis.outcome is Outcome.ERROR:
        return diagnosis
    error = error_for(diagnosis, retry_after=_retry_after(raw))
    error.response = raw if is_response(raw) else None  # as diagnose() took it
    if isinstance(raw, BaseException):
        raise error from raw  # a network failure: the requests or httpx exception is its cause
    raise error


def ensure_otp_verified(raw: Any, **options: Any) -> Diagnosis:
    """Return only when ``raw`` is one of the catalog's texts of a verified OTP; raise for
    anything else: an error, another success (an OTP sent, a request ID), unknown text. A test
    such as ``"verified" in body`` lets "OTP not verified" through; this does not."""
    diagnosis = diagnose(raw, **options)
    if diagnosis.outcome is not Outcome.SUCCESS:
        raise error_for(diagnosis, retry_after=_retry_after(raw))
    known = load_catalog().success_text(diagnosis.message) if diagnosis.message else None
    if known is None or not known.verifies_otp:
        raise OtpNotVerified(diagnosis)
    return diagnosis


def _retry_after(raw: Any) -> float | None:
    """The seconds a response's ``Retry-After`` header asks for (a number or an HTTP date); None
    without one. Never raises: the header is looked up only to say when to try again, so a
    headers object that fails in any way, or a value that is not a short text, is no header, and
    the answer's own error is raised as it would be without it."""
    try:
        headers = getattr(raw, "headers", None)
        getter = getattr(headers, "get", None)
        if not callable(getter):
            return None
        value = getter("retry-after")
        if not isinstance(value, str) or not str.strip(value):
            value = getter("Retry-After")
        if not isinstance(value, str):
            return None
        text = str.strip(value)  # a plain str, whatever a subclass of str does with strip()
    except Exception:  # a hostile or broken headers object, run as the foreign code it is
        return None
    return retry_after_seconds(text)


def ensure_preflight(
    request: object,
    *,
    now: datetime | None = None,
    template: str | None = None,
    catalog: Catalog | None = None,
    templates: Any = None,
    dlt_match: str = "strict",
    dlt_variable_length: int | None = None,
) -> None:
    """Raise, for a request that breaks a rule, the ``SmsApiError`` the provider's answer would
    raise (``except SchedulingError`` catches a schedule in the past before sending and after);
    return for one that breaks none. Its ``findings`` hold every finding; the first one the
    provider would answer (a delivery failure comes only later) chooses the class. The DLT
    arguments are ``preflight()``'s."""
    found = preflight(
        request,
        now=now,
        template=template,
        catalog=catalog,
        templates=templates,
        dlt_match=dlt_match,
        dlt_variable_length=dlt_variable_length,
    )
    if found:
        raise refusal(found)


def refusal(findings: list[Finding]) -> SmsApiError:
    """The exception a guard raises for a request it does not send."""
    first = sorted(findings, key=lambda f: f.entry.phase in REPORT_PHASES)
    return error_for(first[0].diagnosis(), findings=tuple(first))
