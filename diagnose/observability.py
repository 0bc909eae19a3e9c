"""A diagnosis where operators look: log records, OpenTelemetry spans and Sentry events, with
the masked, low-cardinality fields of ``Diagnosis.log_fields()``. Nothing here imports the
libraries it feeds."""

from __future__ import annotations

import logging

from .diagnosis import Diagnosis, stable_name
from .exceptions import SmsApiError

__all__ = ["SmsLogFilter", "sentry_fingerprint", "span_attributes"]


def _diagnosis_of(value: object) -> Diagnosis | None:
    if isinstance(value, SmsApiError):
        return value.diagnosis
    return value if isinstance(value, Diagnosis) else None


class SmsLogFilter(logging.Filter):
    """Adds the fields of the diagnosis a record carries (``extra={"diagnosis": d}``, or a
    record logged with an ``SmsApiError`` as its exception) as record attributes, named as in
    ``log_fields()`` (``error.type``, ``code``, ...), for a JSON formatter to write."""

    def filter(self, record: logging.LogRecord) -> bool:
        diagnosis = _diagnosis_of(getattr(record, "diagnosis", None))
        if diagnosis is None and record.exc_info:
            diagnosis = _diagnosis_of(record.exc_info[1])
        if diagnosis is not None:
            record.__dict__.update(diagnosis.log_fields())
        return True


def span_attributes(value: Diagnosis | SmsApiError) -> dict[str, str | int]:
    """OpenTelemetry span attributes: ``error.type`` and the other fields as ``sms.*``, None left out."""
    diagnosis = _diagnosis_of(value)
    if diagnosis is None:
        raise TypeError(f"span_attributes() takes a Diagnosis or an SmsApiError, not {type(value).__name__}")
    attributes: dict[str, str | int] = {}
    for key, field in diagnosis.log_fields().items():
        if field is not None:
            attributes[key if key == "error.type" else f"sms.{key}"] = field
    return attributes


def sentry_fingerprint(value: Diagnosis | SmsApiError) -> list[str]:
    """A Sentry fingerprint that groups events by meaning, not by stack trace: ``["sms-api", NAME]``."""
    diagnosis = _diagnosis_of(value)
    if diagnosis is None:
        raise TypeError(f"sentry_fingerprint() takes a Diagnosis or an SmsApiError, not {type(value).__name__}")
    return ["sms-api", stable_name(diagnosis)]
