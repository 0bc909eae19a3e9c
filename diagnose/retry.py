"""Retry that knows the meaning: a diagnosis or an exception in, whether to send again out.

Only what the catalog advises retrying later with backoff is retried (transport failures, the
provider's own failures), never an error that needs the request or the account fixed, and never
a duplicate the provider discarded (311: a resend would send twice). ``retry_if_sms_transient``
and ``wait_retry_after`` plug that into tenacity, imported only when they are called.
"""

from __future__ import annotations

from typing import Any

from .diagnosis import Diagnosis, advises_retry
from .exceptions import SmsApiError

__all__ = ["is_retryable", "retry_if_sms_transient", "wait_retry_after"]


def is_retryable(error_or_diagnosis: object) -> bool:
    """Whether sending the same request again later can help: an ``SmsApiError`` or a
    ``Diagnosis`` whose entry (or failure reason) advises retrying later with backoff. Anything
    else, including an unrecognised body and any other exception, is not retried."""
    if isinstance(error_or_diagnosis, SmsApiError):
        return advises_retry(error_or_diagnosis.diagnosis)
    return isinstance(error_or_diagnosis, Diagnosis) and advises_retry(error_or_diagnosis)


def retry_if_sms_transient() -> Any:
    """A tenacity ``retry=`` condition: retry the exceptions ``is_retryable`` approves."""
    import tenacity

    return tenacity.retry_if_exception(is_retryable)


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
