"""Retry that knows the meaning: a diagnosis or an exception in, whether to send again out.

Only what the catalog advises retrying later with backoff is retried (transport failures, the
provider's own failures, a network failure before the request was written), never an error
that needs the request or the account fixed, never a duplicate the provider discarded (311: a
resend would send twice), and by default never a network failure after which the request may
have been accepted (a read timeout, a lost connection): ``accept_duplicates=True`` retries those
too, accepting that the recipient may get the message twice. ``retry_if_sms_transient`` and
``wait_retry_after`` plug that into tenacity, imported only when they are called.
"""

from __future__ import annotations

from typing import Any

from .diagnosis import Diagnosis, advises_retry
from .exceptions import SmsApiError
from .responses.network import client_exception_name
from .responses.pipeline import diagnose
from .vocabulary import NOTHING_SENT

__all__ = ["is_retryable", "retry_if_sms_transient", "wait_retry_after"]


def is_retryable(error_or_diagnosis: object, *, accept_duplicates: bool = False) -> bool:
    """Whether sending the same request again later can help: an ``SmsApiError``, a
    ``Diagnosis``, or the exception a requests or httpx call raised, whose entry (or failure
    reason) advises retrying later with backoff: a connect failure or timeout, a TLS failure
    (nothing was sent), a 429 or 5xx without a provider answer, the provider's own failures.

    A read timeout or a lost connection is not, unless ``accept_duplicates``: the provider may
    have accepted the request, and a resend may send the message twice (it discards the same
    SMS to the same number only within 10 seconds, 311). Anything else, including an
    unrecognised body and any other exception, is not retried."""
    if accept_duplicates is not False and accept_duplicates is not True:
        raise TypeError(
            f"is_retryable(): accept_duplicates must be True or False, not {type(accept_duplicates).__name__}"
        )
    if isinstance(error_or_diagnosis, SmsApiError):
        diagnosis = error_or_diagnosis.diagnosis
    elif isinstance(error_or_diagnosis, Diagnosis):
        diagnosis = error_or_diagnosis
    elif client_exception_name(error_or_diagnosis) is not None:
        diagnosis = diagnose(error_or_diagnosis)  # type: ignore[arg-type]  # a requests or httpx exception
    else:
        return False
    return advises_retry(diagnosis) or (accept_duplicates and may_have_been_accepted(diagnosis))


def may_have_been_accepted(diagnosis: Diagnosis) -> bool:
    """Whether the diagnosis is a network failure after the request was written (a read
    timeout, a lost connection): the provider may have accepted it."""
    entry = diagnosis.entry
    network = entry.when.network if entry is not None and entry.when is not None else None
    return network is not None and network not in NOTHING_SENT


def retry_if_sms_transient(*, accept_duplicates: bool = False) -> Any:
    """A tenacity ``retry=`` condition: retry the exceptions ``is_retryable`` approves, the
    requests and httpx exceptions of a network failure too. ``accept_duplicates=True`` also
    retries a read timeout or a lost connection, after which the message may be sent twice."""
    import tenacity

    if accept_duplicates is not False and accept_duplicates is not True:
        raise TypeError(
            f"retry_if_sms_transient(): accept_duplicates must be True or False, not {type(accept_duplicates).__name__}"
        )
    return tenacity.retry_if_exception(lambda raised: is_retryable(raised, accept_duplicates=accept_duplicates))


def wait_retry_after(fallback: Any = None, *, longest: float = 300.0) -> Any:
    """A tenacity ``wait=`` strategy: the server's ``Retry-After`` when the failed attempt's
    exception carries one (HTTP 429), capped at ``longest`` seconds; else ``fallback``
    (default: exponential backoff from 1 s to 60 s)."""
    import tenacity

    if fallback is not None and not callable(fallback):
        raise TypeError(f"wait_retry_after(): fallback must be a tenacity wait, not {type(fallback).__name__}")
    if isinstance(longest, bool) or not isinstance(longest, (int, float)) or not 0 <= longest < float("inf"):
        raise ValueError(f"wait_retry_after(): longest must be a finite number of seconds, not {longest!r:.40}")
    otherwise = fallback if fallback is not None else tenacity.wait_exponential(multiplier=1, max=60)

    def wait(retry_state: Any) -> float:
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None and outcome.failed else None
        if isinstance(error, SmsApiError) and error.retry_after is not None:
            return float(min(max(error.retry_after, 0.0), longest))
        return float(otherwise(retry_state))

    return wait
