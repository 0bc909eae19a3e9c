"""Raising instead of branching (diagnose/exceptions.py, diagnose/raising.py): every catalog error
raises the class of its category, raise_for_error and ensure_otp_verified fail closed on anything
else, the message is masked, and the exceptions are typed for mypy."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from diagnose import (
    OtpNotVerified,
    SmsApiError,
    UnknownErrorCode,
    UnrecognisedResponse,
    ensure_otp_verified,
    raise_for_error,
)
from diagnose.catalog.model import Entry
from diagnose.exceptions import CATEGORY_CLASSES, AuthenticationError, GatewayError, IpSecurityError
from diagnose.gate import exception_class_problems
from diagnose.vocabulary import Severity

from .local_api import CATALOG, IP_418, KEY, OK, StubResponse


def _api_examples() -> Iterator[tuple[Entry, str, int | None]]:
    for entry in CATALOG:
        if entry.phase in ("request", "otp", "transport"):
            for example in entry.examples:
                yield entry, example.body, example.http_status


EXAMPLES = list(_api_examples())


@pytest.mark.parametrize(("entry", "body", "status"), EXAMPLES, ids=[f"{e.name}:{b[:30]}" for e, b, _ in EXAMPLES])
def test_every_catalog_error_raises_the_class_of_its_category(entry: Entry, body: str, status: int | None) -> None:
    if entry.severity is Severity.INFO:
        assert raise_for_error(body, http_status=status).entry is entry
        with pytest.raises(CATEGORY_CLASSES[entry.category]):
            raise_for_error(body, http_status=status, strict=True)
        return
    with pytest.raises(CATEGORY_CLASSES[entry.category]) as raised:
        raise_for_error(body, http_status=status)
    error = raised.value
    assert isinstance(error, SmsApiError)
    assert (error.entry, error.name, error.docs_url) == (entry, entry.name, entry.docs_url)
    assert str(error).endswith(f"(docs: {entry.docs_url})")
    assert error.retryable is (entry.retry == "later-with-backoff")
    assert pickle.loads(pickle.dumps(error)).diagnosis == error.diagnosis


def test_except_by_category_or_by_the_base_class() -> None:
    with pytest.raises(IpSecurityError):
        raise_for_error('{"type":"error","message":"IP not whitelisted","code":"418"}')
    with pytest.raises(IpSecurityError):
        raise_for_error('{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}')
    with pytest.raises(AuthenticationError) as raised:
        raise_for_error('{"message":"Authentication failure","type":"error"}')
    assert isinstance(raised.value, SmsApiError) and raised.value.code is None
    assert raise_for_error(OK).request_id == "3763646c3058373530393832"


def test_an_error_sent_with_http_200_raises_where_a_status_check_would_not() -> None:
    with pytest.raises(SmsApiError):
        raise_for_error('{"type":"error","message":"Missing mobile no.","code":"101"}', http_status=200)


def test_unknown_codes_and_unrecognised_bodies_fail_closed() -> None:
    with pytest.raises(UnknownErrorCode) as unknown:
        raise_for_error('{"type":"error","message":"Brand new trouble","code":"999"}')
    assert unknown.value.code == "999" and unknown.value.docs_url is None
    with pytest.raises(UnrecognisedResponse):
        raise_for_error("hello from somewhere else")
    with pytest.raises(GatewayError):
        raise_for_error("<html><body>maintenance</body></html>")
    with pytest.raises(GatewayError):
        raise_for_error("")
    assert issubclass(UnknownErrorCode, SmsApiError) and issubclass(UnrecognisedResponse, SmsApiError)


def test_the_message_is_masked() -> None:
    with pytest.raises(SmsApiError) as raised:
        raise_for_error(f"authkey={KEY} answered: something odd for 919812345678")
    shown = str(raised.value) + repr(raised.value)
    assert KEY not in shown and "919812345678" not in shown


@pytest.mark.parametrize("text", ["OTP verified success", "number_verified_successfully"])
def test_ensure_otp_verified_returns_for_the_catalogued_texts(text: str) -> None:
    assert ensure_otp_verified(json.dumps({"type": "success", "message": text})).ok


@pytest.mark.parametrize(
    ("body", "raised"),
    [
        ('{"type":"success","message":"OTP not verified"}', OtpNotVerified),
        ('{"type":"success","message":"OTP verified successfully"}', OtpNotVerified),
        ('{"type":"success","message":"otp_sent_successfully"}', OtpNotVerified),
        (OK, OtpNotVerified),
        ('{"type":"error","message":"OTP not match"}', SmsApiError),
        ('{"type":"error","message":"Mobile no. already verified"}', SmsApiError),
        ("verified", SmsApiError),
    ],
)
def test_ensure_otp_verified_raises_for_anything_else(body: str, raised: type[SmsApiError]) -> None:
    with pytest.raises(raised):
        ensure_otp_verified(body)


def test_the_gate_checks_categories_and_exception_classes_both_ways() -> None:
    document = dict(CATALOG.document)
    assert exception_class_problems(document) == []
    categories = {**document["categories"], "new-trouble": {"title": "New", "summary": "New."}}
    entries = [*document["entries"], {"name": "X", "category": "new-trouble", "status": "active"}]
    problems = exception_class_problems({**document, "categories": categories, "entries": entries})
    assert problems == [
        "catalog.yaml: categories.new-trouble: no exception class in diagnose/exceptions.py has category 'new-trouble'"
    ]
    without = {k: v for k, v in document["categories"].items() if k != "ip-security"}
    assert any(
        "IpSecurityError.category 'ip-security'" in p
        for p in exception_class_problems({**document, "categories": without})
    )


USER_CODE = """
from diagnose import SmsApiError, raise_for_error
from diagnose.exceptions import IpSecurityError

def send(body: str) -> str | None:
    try:
        return raise_for_error(body).request_id
    except IpSecurityError as error:
        reveal_type(error.retry_after)
        return error.name
    except SmsApiError as error:
        reveal_type(error.entry)
        return error.docs_url
"""


def test_the_exceptions_are_typed_for_mypy(tmp_path: Path) -> None:
    from mypy import api

    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n")
    arguments = ["--strict", "--config-file", str(config), "--cache-dir", str(tmp_path), "-c", USER_CODE]
    stdout, stderr, status = api.run(arguments)
    assert 'Revealed type is "float | None"' in stdout, stdout
    assert 'Revealed type is "diagnose.catalog.model.Entry | None"' in stdout, stdout
    assert "error:" not in stdout and status == 0, stdout + stderr


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("\u00b2", None), ("Mon, 01 Jan 2020 99999999999999999999:00:00 GMT", None), ("1000000000", 86400.0), ("7", 7.0)],
)
def test_any_retry_after_header_still_raises_the_answers_error(header: str, seconds: float | None) -> None:
    with pytest.raises(IpSecurityError) as raised:
        raise_for_error(StubResponse(IP_418, 429, {"Retry-After": header}))
    assert raised.value.retry_after == seconds


@pytest.mark.parametrize(
    "body",
    [
        '{"type":"error","message":"OTP expired","type":"success","message":"OTP verified success"}',
        '{"type":"success","msg":"OTP expired","message":"OTP verified success"}',
        "<r><type>error</type><message>OTP expired</message>"
        "<type>success</type><message>OTP verified success</message></r>",
        '<r type="error"><type>success</type><message>OTP verified success</message></r>',
    ],
)
def test_ensure_otp_verified_refuses_a_body_that_says_two_things(body: str) -> None:
    with pytest.raises(UnrecognisedResponse):
        ensure_otp_verified(body)


def test_a_success_body_with_an_error_status_is_not_a_success() -> None:
    ok = '{"type":"success","message":"OTP verified success"}'
    for status in (401, 429, 500):
        with pytest.raises(UnrecognisedResponse):
            ensure_otp_verified(StubResponse(ok, status))
        with pytest.raises(UnrecognisedResponse):
            raise_for_error(StubResponse(ok, status))
