"""Network failures (issue 26, part 1): the exceptions requests and httpx raise before any answer
came are catalog entries: diagnose(), raise_for_error(), is_retryable() and the tenacity helper
take the exception itself, and a failure after which the request may have been accepted is not
retried unless asked. Real exceptions of the real libraries, some raised by real calls against
the local server (tests/local_api.py: /slow/ answers after the client's timeout, /hangup/
closes the connection without a word)."""

from __future__ import annotations

import importlib
import socket
import ssl
from pathlib import Path

import httpx
import pytest
import requests
import tenacity
import urllib3
import yaml

from diagnose import SmsApiError, diagnose, is_retryable, raise_for_error
from diagnose.catalog.model import load_catalog
from diagnose.exceptions import NetworkFailureError
from diagnose.gate import validate
from diagnose.retry import retry_if_sms_transient
from diagnose.vocabulary import NETWORK_CAUSES, NETWORK_EXCEPTIONS, NOTHING_SENT, NetworkFailure, Outcome, Retry

TIMEOUT = 0.3
"""The client timeout of the calls to /slow/, which answers only after local_api.SLOW_SECONDS."""

NOTHING_WAS_SENT = ("CONNECT_FAILED", "CONNECT_TIMEOUT", "TLS_FAILED")
MAY_HAVE_BEEN_ACCEPTED = ("READ_TIMEOUT", "CONNECTION_LOST")


def _refused() -> requests.exceptions.ConnectionError:
    """requests' ConnectionError for a refused connection, as its adapter makes it."""
    reason = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: [Errno 111]")  # type: ignore[arg-type]
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/api", reason))  # type: ignore[arg-type]


def _tls_connect_error() -> httpx.ConnectError:
    try:
        try:
            raise ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
        except ssl.SSLError as exc:
            raise httpx.ConnectError(str(exc)) from exc
    except httpx.ConnectError as raised:
        return raised


REAL_EXCEPTIONS = [
    (httpx.ConnectError("[Errno 111] Connection refused"), "CONNECT_FAILED"),
    (httpx.ProxyError("proxy refused"), "CONNECT_FAILED"),
    (requests.exceptions.ProxyError("Unable to connect to proxy"), "CONNECT_FAILED"),
    (_refused(), "CONNECT_FAILED"),
    (httpx.ConnectTimeout("timed out"), "CONNECT_TIMEOUT"),
    (httpx.PoolTimeout("timed out"), "CONNECT_TIMEOUT"),
    (requests.exceptions.ConnectTimeout("Connection to host timed out"), "CONNECT_TIMEOUT"),
    (requests.exceptions.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED]"), "TLS_FAILED"),
    (_tls_connect_error(), "TLS_FAILED"),
    (httpx.ReadTimeout("timed out"), "READ_TIMEOUT"),
    (requests.exceptions.ReadTimeout("Read timed out. (read timeout=1)"), "READ_TIMEOUT"),
    (httpx.RemoteProtocolError("Server disconnected without sending a response."), "CONNECTION_LOST"),
    (httpx.ReadError("[Errno 104] Connection reset by peer"), "CONNECTION_LOST"),
    (httpx.WriteError("[Errno 32] Broken pipe"), "CONNECTION_LOST"),
    (httpx.WriteTimeout("timed out"), "CONNECTION_LOST"),
    (requests.exceptions.ConnectionError("('Connection aborted.', RemoteDisconnected())"), "CONNECTION_LOST"),
    (requests.exceptions.ChunkedEncodingError("Connection broken: IncompleteRead"), "CONNECTION_LOST"),
]


@pytest.mark.parametrize(
    ("raised", "name"), REAL_EXCEPTIONS, ids=lambda v: type(v).__name__ if not isinstance(v, str) else v
)
def test_each_exception_class_gives_its_entry(raised: BaseException, name: str) -> None:
    diagnosis = diagnose(raised)
    assert diagnosis.outcome is Outcome.ERROR
    assert diagnosis.entry is not None and diagnosis.entry.name == name
    assert diagnosis.raw == "" and diagnosis.format is None and diagnosis.http_status is None
    assert (
        diagnosis.reason
        == f"no answer came: the HTTP client raised {type(raised).__module__}.{type(raised).__qualname__}"
    )
    assert is_retryable(raised) is (name in NOTHING_WAS_SENT)
    assert is_retryable(raised, accept_duplicates=True)


def test_a_subclass_is_its_nearest_catalogued_base() -> None:
    class SlowAnswer(httpx.ReadTimeout):
        pass

    assert diagnose(SlowAnswer("timed out")).entry.name == "READ_TIMEOUT"  # type: ignore[union-attr]


def test_every_class_the_catalog_names_exists_in_its_library() -> None:
    names = [name for name, _ in NETWORK_EXCEPTIONS] + [cause for _, cause, _ in NETWORK_CAUSES]
    names += [example.exception for entry in load_catalog() for example in entry.raised]
    for qualified in names:
        module, _, name = qualified.rpartition(".")
        assert isinstance(getattr(importlib.import_module(module), name), type), qualified


def test_the_catalog_examples_give_their_entry_as_real_exceptions() -> None:
    """The gate checks the examples with stand-ins of the same module and name; the real classes agree."""
    checked = 0
    for entry in load_catalog():
        assert not (entry.raised and entry.examples), entry.name
        for example in entry.raised:
            module, _, name = str(example.exception).rpartition(".")
            raised = getattr(importlib.import_module(module), name)(example.body)
            assert diagnose(raised).entry is entry, example
            checked += 1
    assert checked >= 5


def test_the_gate_refuses_a_body_example_on_a_network_failure_and_a_raised_one_elsewhere(data_copy: Path) -> None:
    path = data_copy / "entries" / "transport.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    network = next(item for item in items if item["name"] == "READ_TIMEOUT")
    network["examples"] = [{"format": "string", "body": "timed out"}]
    gateway = next(item for item in items if item["name"] == "TRANSPORT_GATEWAY_PAGE")
    gateway["raised"] = [{"exception": "httpx.ReadTimeout", "message": "timed out"}]
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems = validate(data_copy).problems
    assert any("READ_TIMEOUT" in problem and "examples" in problem for problem in problems), problems
    assert any("TRANSPORT_GATEWAY_PAGE" in problem for problem in problems), problems


def test_the_gate_refuses_a_raised_example_of_another_failure(data_copy: Path) -> None:
    path = data_copy / "entries" / "transport.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(item for item in items if item["name"] == "CONNECT_TIMEOUT")["raised"][0]["exception"] = "httpx.ReadTimeout"
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (problem,) = validate(data_copy).problems
    assert problem.startswith("entry CONNECT_TIMEOUT, raised[0]: 'timed out' diagnoses as READ_TIMEOUT"), problem


def test_the_entries_advise_by_whether_anything_was_sent() -> None:
    catalog = load_catalog()
    assert set(catalog.network_entries) == set(NetworkFailure)
    for failure, entry in catalog.network_entries.items():
        assert entry.phase == "transport" and entry.category == "transport" and entry.code is None
        sent = failure not in NOTHING_SENT
        assert entry.retry is (Retry.NEVER if sent else Retry.LATER_WITH_BACKOFF), entry.name
        assert ("within 10 seconds" in entry.remediation[0].text) is sent, entry.name
    assert {entry.name for entry in catalog.network_entries.values()} == {*NOTHING_WAS_SENT, *MAY_HAVE_BEEN_ACCEPTED}


def test_no_body_is_read_as_a_network_failure() -> None:
    for body in ("", "timed out", "httpx.ReadTimeout", "<html></html>"):
        diagnosis = diagnose(body)
        assert diagnosis.entry is None or diagnosis.entry.when is None or not diagnosis.entry.when.network


def test_raise_for_error_raises_the_transport_error_caused_by_the_exception() -> None:
    raised = httpx.ReadTimeout("timed out")
    with pytest.raises(NetworkFailureError) as caught:
        raise_for_error(raised)
    assert caught.value.name == "READ_TIMEOUT" and caught.value.__cause__ is raised
    assert not caught.value.retryable and "read-timeout" in str(caught.value)
    with pytest.raises(NetworkFailureError) as refused:
        raise_for_error(httpx.ConnectError("refused"))
    assert refused.value.name == "CONNECT_FAILED" and refused.value.retryable


def test_an_error_says_whether_the_request_reached_the_provider() -> None:
    """``sent`` is False when nothing was written; problem details answer 503 (send again
    later) for those, 502 after a read timeout, never 422 (that is a request a guard refused)."""
    for raised, sent, status in (
        (httpx.ConnectError("refused"), False, 503),
        (requests.exceptions.SSLError("bad certificate"), False, 503),
        (httpx.ReadTimeout("timed out"), True, 502),
        (httpx.RemoteProtocolError("Server disconnected"), True, 502),
    ):
        with pytest.raises(NetworkFailureError) as caught:
            raise_for_error(raised)
        problem = caught.value.to_problem()
        assert (caught.value.sent, problem["sent"], problem["status"]) == (sent, sent, status), raised
        assert caught.value.log_fields()["sent"] is sent and problem["name"] == caught.value.name


def test_an_exception_that_names_no_failure_is_unrecognised_and_not_retried() -> None:
    for raised in (httpx.TimeoutException("timed out"), httpx.TooManyRedirects("loop"), requests.exceptions.Timeout()):
        diagnosis = diagnose(raised)
        assert diagnosis.outcome is Outcome.UNRECOGNISED and diagnosis.entry is None
        assert type(raised).__name__ in (diagnosis.reason or "")
        assert not is_retryable(raised, accept_duplicates=True)
        with pytest.raises(SmsApiError):
            raise_for_error(raised)


def test_an_http_status_error_is_its_response() -> None:
    request = httpx.Request("POST", "https://api.msg91.com/api/v5/flow")
    response = httpx.Response(200, text='{"type":"error","message":"IP not whitelisted","code":"418"}', request=request)
    raised = httpx.HTTPStatusError("error", request=request, response=response)
    assert diagnose(raised).entry.name == "IP_NOT_WHITELISTED"  # type: ignore[union-attr]


def test_other_objects_are_still_refused_and_never_retried() -> None:
    for other in (ValueError("x"), OSError("refused"), object()):
        with pytest.raises(TypeError, match="an exception a requests or httpx call raised"):
            diagnose(other)  # type: ignore[arg-type]
        assert not is_retryable(other)
    with pytest.raises(TypeError, match="accept_duplicates"):
        is_retryable(httpx.ReadTimeout("x"), accept_duplicates="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="accept_duplicates"):
        retry_if_sms_transient(accept_duplicates=1)  # type: ignore[arg-type]


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api"


def test_real_failures_of_requests(api: str) -> None:
    base = api.removesuffix("api")
    calls = {
        "CONNECT_FAILED": lambda: requests.get(_closed_port(), timeout=5),
        "READ_TIMEOUT": lambda: requests.get(base + "slow/api", timeout=TIMEOUT),
        "CONNECTION_LOST": lambda: requests.get(base + "hangup/api", timeout=5),
        "TLS_FAILED": lambda: requests.get(base.replace("http://", "https://") + "api", timeout=5),
    }
    for name, call in calls.items():
        with pytest.raises(requests.exceptions.RequestException) as caught:
            call()
        assert diagnose(caught.value).entry.name == name, caught.value  # type: ignore[union-attr]


def test_real_failures_of_httpx(api: str) -> None:
    base = api.removesuffix("api")
    calls = {
        "CONNECT_FAILED": lambda: httpx.get(_closed_port()),
        "READ_TIMEOUT": lambda: httpx.get(base + "slow/api", timeout=TIMEOUT),
        "CONNECTION_LOST": lambda: httpx.get(base + "hangup/api"),
        "TLS_FAILED": lambda: httpx.get(base.replace("http://", "https://") + "api"),
    }
    for name, call in calls.items():
        with pytest.raises(httpx.HTTPError) as caught:
            call()
        assert diagnose(caught.value).entry.name == name, caught.value  # type: ignore[union-attr]


def _sender(url: str, calls: list[str], **retry: bool) -> tenacity.Retrying:
    def send() -> str | None:
        calls.append(url)
        return raise_for_error(httpx.post(url, json={"template_id": "x"}, timeout=TIMEOUT)).request_id

    retrying = tenacity.Retrying(
        retry=retry_if_sms_transient(**retry),
        wait=tenacity.wait_none(),
        stop=tenacity.stop_after_attempt(3),
        reraise=True,
    )
    return retrying.wraps(send)  # type: ignore[no-any-return]


def test_tenacity_retries_a_connect_failure_and_not_a_read_timeout(api: str) -> None:
    calls: list[str] = []
    with pytest.raises(httpx.ConnectError):
        _sender(_closed_port(), calls)()
    assert len(calls) == 3, "nothing was sent: every attempt is made"
    calls.clear()
    with pytest.raises(httpx.ReadTimeout):
        _sender(api.removesuffix("api") + "slow/api/flow", calls)()
    assert len(calls) == 1, "the request may have been accepted: not sent again"
    calls.clear()
    with pytest.raises(httpx.ReadTimeout):
        _sender(api.removesuffix("api") + "slow/api/flow", calls, accept_duplicates=True)()
    assert len(calls) == 3, "accept_duplicates=True sends it again"
