"""Log fields, problem details (RFC 9457), span attributes and error-tracking fingerprints of a
diagnosis, and the logging filter that adds them; their names and codes come from a closed list."""

from __future__ import annotations

import json
import logging

import pytest

from diagnose import SmsApiError, UnknownErrorCode, diagnose, raise_for_error
from diagnose.observability import SmsLogFilter, sentry_fingerprint, span_attributes

from .local_api import KEY, OK


def test_log_fields_problem_details_spans_and_fingerprints() -> None:
    diagnosis = diagnose('{"type":"error","message":"IP not whitelisted","code":"418"}', http_status=200)
    fields = diagnosis.log_fields()
    assert fields["error.type"] == "IP_NOT_WHITELISTED" and fields["code"] == "418"
    assert fields["retry"] == "after-fixing-account" and fields["http_status"] == 200
    problem = diagnosis.to_problem()
    assert problem["type"] == diagnosis.entry.docs_url  # type: ignore[union-attr]
    assert (problem["title"], problem["status"], problem["name"]) == ("IP not whitelisted", 502, "IP_NOT_WHITELISTED")
    assert problem["provider_status"] == 200
    assert span_attributes(diagnosis)["error.type"] == "IP_NOT_WHITELISTED"
    assert sentry_fingerprint(diagnosis) == ["sms-api", "IP_NOT_WHITELISTED"]
    unknown = diagnose(f"authkey={KEY}").to_problem()
    assert unknown["type"] == "about:blank" and KEY not in json.dumps(unknown)
    assert diagnose(OK).log_fields()["error.type"] is None


def test_the_logging_filter_adds_the_fields(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("sms-test")
    logger.addFilter(SmsLogFilter())
    try:
        with caplog.at_level(logging.INFO, logger="sms-test"):
            try:
                raise_for_error('{"type":"error","message":"IP not whitelisted","code":"418"}')
            except SmsApiError:
                logger.exception("send failed")
            logger.info("sent", extra={"diagnosis": diagnose(OK)})
    finally:
        logger.filters.clear()
    failed, sent = caplog.records
    assert failed.__dict__["error.type"] == "IP_NOT_WHITELISTED"
    assert sent.__dict__["outcome"] == "success"


def test_names_codes_and_fingerprints_come_from_a_closed_list() -> None:
    odd = diagnose('{"type":"error","code":"7\\nCRITICAL forged\\u202e","message":"x"}')
    assert sentry_fingerprint(odd) == ["sms-api", "UNKNOWN_ERROR_CODE"]
    assert odd.log_fields()["code"] is None and odd.to_problem()["name"] == "UNKNOWN_ERROR_CODE"
    with pytest.raises(UnknownErrorCode) as raised:
        raise_for_error('{"type":"error","code":"' + "7" * 5000 + '"}')
    assert raised.value.name == "UNKNOWN_ERROR_CODE"
    assert diagnose('{"type":"error","code":"999","message":"x"}').log_fields()["code"] == "999"
