"""The product in users' running code: exceptions from the catalog, raise_for_error and
ensure_otp_verified, retry advice, log fields, problem details, and the hooks of requests,
httpx and tenacity, tested with the real libraries against a real local server."""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import re
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import requests
import tenacity

from diagnose import (
    OtpNotVerified,
    SmsApiError,
    UnknownErrorCode,
    UnrecognisedResponse,
    diagnose,
    ensure_otp_verified,
    is_retryable,
    raise_for_error,
)
from diagnose.catalog.model import Entry, load_catalog
from diagnose.exceptions import CATEGORY_CLASSES, AuthenticationError, IpSecurityError, TransportError
from diagnose.gate import exception_class_problems
from diagnose.integrations import httpx as httpx_hooks
from diagnose.integrations import requests as requests_hooks
from diagnose.observability import SmsLogFilter, sentry_fingerprint, span_attributes
from diagnose.retry import retry_if_sms_transient, wait_retry_after
from diagnose.vocabulary import Outcome, Severity

from .site_server import serve_handler

CATALOG = load_catalog()
KEY = "367431AbCdEf0123456789ab"
OK = '{"type":"success","message":"3763646c3058373530393832"}'


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
    with pytest.raises(TransportError):
        raise_for_error("<html><body>maintenance</body></html>")
    with pytest.raises(TransportError):
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


def test_retry_advice() -> None:
    assert is_retryable(diagnose("", http_status=503))
    assert is_retryable(diagnose('{"status":"fail","hasError":true,"data":null,"errors":"Something went wrong"}'))
    assert not is_retryable(diagnose('{"type":"error","message":"x","code":"311"}')), "a resend would send twice"
    assert not is_retryable(diagnose('{"type":"error","message":"IP not whitelisted","code":"418"}'))
    assert not is_retryable(diagnose(OK)) and not is_retryable(ValueError("no")) and not is_retryable(None)


def test_log_fields_problem_details_spans_and_fingerprints() -> None:
    diagnosis = diagnose('{"type":"error","message":"IP not whitelisted","code":"418"}', http_status=200)
    fields = diagnosis.log_fields()
    assert fields["error.type"] == "IP_NOT_WHITELISTED" and fields["code"] == "418"
    assert fields["retry"] == "after-fixing-account" and fields["http_status"] == 200
    problem = diagnosis.to_problem()
    assert problem["type"] == diagnosis.entry.docs_url  # type: ignore[union-attr]
    assert (problem["title"], problem["status"], problem["name"]) == ("IP not whitelisted", 200, "IP_NOT_WHITELISTED")
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


# A real server on 127.0.0.1, answering with catalog examples.


class _Answers(BaseHTTPRequestHandler):
    flaky_left = 0

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        name = query.get("answer", ["OK"])[0]
        if name == "FLAKY":
            if _Answers.flaky_left > 0:
                _Answers.flaky_left -= 1
                self._send(429, "", {"Retry-After": "0"})
                return
            self._send(200, OK)
            return
        entry = CATALOG.by_name(name)
        body = OK if entry is None else next(e.body for e in entry.examples if e.format == "json")
        self._send(200, body)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._send(200, OK)

    def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    with serve_handler(_Answers) as url:
        yield url + "api"


def test_requests_hook(api: str) -> None:
    with requests.Session() as session:
        session.hooks["response"].append(requests_hooks.raise_hook)
        assert session.get(api, timeout=5).status_code == 200
        with pytest.raises(IpSecurityError) as raised:
            session.get(api, params={"answer": "IP_NOT_WHITELISTED"}, timeout=5)
        assert raised.value.http_status == 200


def test_httpx_hooks_sync_and_async(api: str) -> None:
    with httpx.Client(event_hooks={"response": [httpx_hooks.raise_hook]}) as client:
        assert client.get(api).json()["type"] == "success"
        with pytest.raises(AuthenticationError):
            client.get(api, params={"answer": "INVALID_AUTHKEY"})

    async def run() -> None:
        async with httpx.AsyncClient(event_hooks={"response": [httpx_hooks.async_raise_hook]}) as client:
            assert (await client.get(api)).json()["type"] == "success"
            with pytest.raises(IpSecurityError):
                await client.get(api, params={"answer": "IP_NOT_WHITELISTED"})

    asyncio.run(run())


def test_tenacity_retries_what_is_transient_honouring_retry_after(api: str) -> None:
    _Answers.flaky_left = 2
    calls: list[int] = []

    @tenacity.retry(retry=retry_if_sms_transient(), wait=wait_retry_after(), stop=tenacity.stop_after_attempt(5))
    def send(answer: str) -> str:
        calls.append(1)
        response = httpx.get(api, params={"answer": answer})
        return raise_for_error(response).request_id or ""

    assert send("FLAKY") == "3763646c3058373530393832" and len(calls) == 3
    calls.clear()
    with pytest.raises(IpSecurityError):
        send("IP_NOT_WHITELISTED")
    assert len(calls) == 1, "an error that needs the account fixed is not retried"
    _Answers.flaky_left = 1
    with pytest.raises(TransportError) as raised:
        raise_for_error(httpx.get(api, params={"answer": "FLAKY"}))
    assert raised.value.retry_after == 0.0 and raised.value.retryable
    assert raised.value.diagnosis.outcome is Outcome.ERROR


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


PAGE = Path(__file__).resolve().parent.parent / "docs" / "in-your-code.md"


def test_every_example_of_the_page_runs(api: str, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = re.findall(r"^```python\n(.*?)^```", PAGE.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 7
    namespace: dict[str, object] = {"API_URL": api, "AUTHKEY": KEY, "__name__": "in_your_code"}
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)
    printed = capsys.readouterr().out
    assert "IP_NOT_WHITELISTED False https://" in printed
    assert "the answer does not say the OTP was verified" in printed
    assert namespace["request_id"] == "3763646c3058373530393832"
    assert namespace["fingerprint"] == ["sms-api", "MISSING_MOBILE_NUMBER"]
    assert json.loads(str(namespace["body"]))["name"] == "INSUFFICIENT_BALANCE"


# The red team's findings on issue 14, each kept.


class _Response:
    def __init__(self, body: str, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.content, self.status_code, self.headers = body.encode(), status, headers or {}


IP_418 = '{"type":"error","message":"IP not whitelisted","code":"418"}'


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("\u00b2", None), ("Mon, 01 Jan 2020 99999999999999999999:00:00 GMT", None), ("1000000000", 86400.0), ("7", 7.0)],
)
def test_any_retry_after_header_still_raises_the_answers_error(header: str, seconds: float | None) -> None:
    with pytest.raises(IpSecurityError) as raised:
        raise_for_error(_Response(IP_418, 429, {"Retry-After": header}))
    assert raised.value.retry_after == seconds


def test_a_retry_after_date_is_counted_from_the_clock() -> None:
    """Tested on whatever day the suite runs: dates relative to the clock's now (an HTTP date has
    whole seconds; ten minutes is what no test run takes between two lines)."""

    def retry_after(moment: datetime) -> float | None:
        with pytest.raises(IpSecurityError) as raised:
            raise_for_error(_Response(IP_418, 429, {"Retry-After": format_datetime(moment, usegmt=True)}))
        return raised.value.retry_after

    clock = datetime.now(UTC)
    assert retry_after(clock - timedelta(hours=1)) == 0.0, "a date passed: retry now"
    assert retry_after(clock + timedelta(days=2)) == 86_400.0, "at most a day"
    assert 3 * 3600 - 600 < (retry_after(clock + timedelta(hours=3)) or 0) <= 3 * 3600


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
            ensure_otp_verified(_Response(ok, status))
        with pytest.raises(UnrecognisedResponse):
            raise_for_error(_Response(ok, status))


def test_names_codes_and_fingerprints_come_from_a_closed_list() -> None:
    odd = diagnose('{"type":"error","code":"7\\nCRITICAL forged\\u202e","message":"x"}')
    assert sentry_fingerprint(odd) == ["sms-api", "UNKNOWN_ERROR_CODE"]
    assert odd.log_fields()["code"] is None and odd.to_problem()["name"] == "UNKNOWN_ERROR_CODE"
    with pytest.raises(UnknownErrorCode) as raised:
        raise_for_error('{"type":"error","code":"' + "7" * 5000 + '"}')
    assert raised.value.name == "UNKNOWN_ERROR_CODE"
    assert diagnose('{"type":"error","code":"999","message":"x"}').log_fields()["code"] == "999"


def test_the_hooks_let_redirects_through(api: str) -> None:
    assert requests_hooks.raise_hook(_Response("", 302)).status_code == 302
    assert httpx_hooks.raise_hook(httpx.Response(302, headers={"Location": "/ok"})) is httpx_hooks.DONE


def test_a_4xx_page_or_empty_body_is_not_retried() -> None:
    assert not is_retryable(diagnose(_Response("", 401)))
    assert not is_retryable(diagnose(_Response("<html><body>Forbidden</body></html>", 403)))
    assert is_retryable(diagnose(_Response("", 429))) and is_retryable(diagnose(_Response("", 503)))


def test_misused_arguments_are_refused_when_given() -> None:
    with pytest.raises(TypeError, match="strict"):
        raise_for_error(OK, strict="false")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="longest"):
        wait_retry_after(longest=-5)
    with pytest.raises(TypeError, match="fallback"):
        wait_retry_after(fallback=5)
    with pytest.raises(ValueError, match="retry_after"):
        TransportError(diagnose(""), retry_after=float("nan"))
    with pytest.raises(TypeError, match="error_for"):
        from diagnose.exceptions import error_for

        error_for("x")  # type: ignore[arg-type]


def test_either_httpx_hook_raises_on_either_client(api: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an unawaited hook would only warn, and let the error through
        for hook in (httpx_hooks.raise_hook, httpx_hooks.async_raise_hook):
            with httpx.Client(event_hooks={"response": [hook]}) as client, pytest.raises(IpSecurityError):
                client.get(api, params={"answer": "IP_NOT_WHITELISTED"})

            async def run(hook: object = hook) -> None:
                async with httpx.AsyncClient(event_hooks={"response": [hook]}) as client:
                    assert (await client.get(api)).json()["type"] == "success"
                    with pytest.raises(AuthenticationError):
                        await client.get(api, params={"answer": "INVALID_AUTHKEY"})

            asyncio.run(run())


def test_the_hook_called_on_an_async_clients_read_response_raises_at_once(api: str) -> None:
    async def run() -> None:
        async with httpx.AsyncClient() as client:
            response = await client.get(api, params={"answer": "INVALID_AUTHKEY"})
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                with pytest.raises(AuthenticationError):
                    httpx_hooks.raise_hook(response)

    asyncio.run(run())
