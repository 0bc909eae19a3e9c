"""The hooks of requests, httpx and tenacity (diagnose/integrations), tested with the real
libraries against a real local server (tests/local_api.py), and the examples of
docs/in-your-code.md."""

from __future__ import annotations

import asyncio
import json
import re
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import requests
import tenacity

from diagnose import diagnose, is_retryable, raise_for_error
from diagnose.exceptions import AuthenticationError, GatewayError, IpSecurityError
from diagnose.integrations import httpx as httpx_hooks
from diagnose.integrations import requests as requests_hooks
from diagnose.retry import retry_if_sms_transient, wait_retry_after
from diagnose.vocabulary import Outcome

from .local_api import KEY, OK, ProviderAnswers, StubResponse


def _host(api: str) -> list[str]:
    """The local server's host and port: the provider's host for the hooks of these tests."""
    return [urlsplit(api).netloc]


def test_requests_hook(api: str) -> None:
    with requests.Session() as session:
        session.hooks["response"].append(requests_hooks.RaiseHook(hosts=_host(api)))
        assert session.get(api, timeout=5).status_code == 200
        with pytest.raises(IpSecurityError) as raised:
            session.get(api, params={"answer": "IP_NOT_WHITELISTED"}, timeout=5)
        assert raised.value.http_status == 200


def test_httpx_hooks_sync_and_async(api: str) -> None:
    with httpx.Client(event_hooks={"response": [httpx_hooks.RaiseHook(hosts=_host(api))]}) as client:
        assert client.get(api).json()["type"] == "success"
        with pytest.raises(AuthenticationError):
            client.get(api, params={"answer": "INVALID_AUTHKEY"})

    async def run() -> None:
        hook = httpx_hooks.RaiseHook(base_url=api)
        async with httpx.AsyncClient(event_hooks={"response": [hook]}) as client:
            assert (await client.get(api)).json()["type"] == "success"
            with pytest.raises(IpSecurityError):
                await client.get(api, params={"answer": "IP_NOT_WHITELISTED"})

    asyncio.run(run())


def test_tenacity_retries_what_is_transient_honouring_retry_after(api: str) -> None:
    ProviderAnswers.flaky_left = 2
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
    ProviderAnswers.flaky_left = 1
    with pytest.raises(GatewayError) as raised:
        raise_for_error(httpx.get(api, params={"answer": "FLAKY"}))
    assert raised.value.retry_after == 0.0 and raised.value.retryable
    assert raised.value.diagnosis.outcome is Outcome.ERROR


PAGE = Path(__file__).resolve().parent.parent / "docs" / "in-your-code.md"


def test_every_example_of_the_page_runs(api: str, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = re.findall(r"^```python\n(.*?)^```", PAGE.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 7
    slow = api.removesuffix("api") + "slow/api"
    namespace: dict[str, object] = {"API_URL": api, "SLOW_API_URL": slow, "AUTHKEY": KEY, "__name__": "in_your_code"}
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)
    printed = capsys.readouterr().out
    assert "IP_NOT_WHITELISTED False https://" in printed
    assert "OTP_EXPIRED | This code has expired. Ask for a new code, then enter it.\n" in printed
    assert "READ_TIMEOUT False True\nNetworkFailureError 502 True\n" in printed
    assert "NOT_AN_OTP_VERIFICATION | Something went wrong on our side: try again later.\n" in printed
    assert namespace["request_id"] == "3763646c3058373530393832"
    assert namespace["fingerprint"] == ["sms-api", "MISSING_MOBILE_NUMBER"]
    assert json.loads(str(namespace["body"]))["name"] == "INSUFFICIENT_BALANCE"


def test_the_hooks_let_redirects_through(api: str) -> None:
    assert requests_hooks.raise_hook(StubResponse("", 302)).status_code == 302
    assert httpx_hooks.raise_hook(httpx.Response(302, headers={"Location": "/ok"})) is httpx_hooks.DONE


def test_a_4xx_page_or_empty_body_is_not_retried() -> None:
    assert not is_retryable(diagnose(StubResponse("", 401)))
    assert not is_retryable(diagnose(StubResponse("<html><body>Forbidden</body></html>", 403)))
    assert is_retryable(diagnose(StubResponse("", 429))) and is_retryable(diagnose(StubResponse("", 503)))


def test_misused_arguments_are_refused_when_given() -> None:
    with pytest.raises(TypeError, match="strict"):
        raise_for_error(OK, strict="false")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="longest"):
        wait_retry_after(longest=-5)
    with pytest.raises(TypeError, match="fallback"):
        wait_retry_after(fallback=5)
    with pytest.raises(ValueError, match="retry_after"):
        GatewayError(diagnose(""), retry_after=float("nan"))
    with pytest.raises(TypeError, match="error_for"):
        from diagnose.exceptions import error_for

        error_for("x")  # type: ignore[arg-type]


def test_either_httpx_hook_raises_on_either_client(api: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an unawaited hook would only warn, and let the error through
        for hook in (httpx_hooks.RaiseHook(hosts=_host(api)), httpx_hooks.RaiseHook(base_url=api)):
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
                    httpx_hooks.RaiseHook(hosts=_host(api))(response)

    asyncio.run(run())
