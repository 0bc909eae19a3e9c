"""The hooks of diagnose.integrations act on the provider's calls only (issue 26, part 4): a
service's own pages pass untouched, with the real requests and httpx libraries, sync and async;
the provider's hosts come from the catalog, ``hosts=`` replaces them, ``base_url=`` adds one."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import requests
from requests.adapters import BaseAdapter

from diagnose import SmsApiError
from diagnose.catalog.model import load_catalog
from diagnose.exceptions import CampaignError, IpSecurityError
from diagnose.integrations import httpx as httpx_hooks
from diagnose.integrations import requests as requests_hooks
from diagnose.integrations.provider_calls import ProviderCalls

from .local_api import IP_418, KEY, ProviderAnswers
from .site_server import serve_handler

OPENAPI = '{"openapi":"3.1.0","info":{"title":"Orders","version":"1"},"paths":{}}'
DOCS = "<!doctype html><html><head><title>Orders - Swagger UI</title></head><body><div id=app></div></body></html>"
BAD_V2 = {
    "sender": "SHOPIN",
    "route": "4",
    "DLT_TE_ID": "1107161234567890123",
    "campaign": "c" * 40,
    "sms": [{"message": "Hi", "to": ["919812345678"]}],
}


class ServiceAndProvider(ProviderAnswers):
    """A service's own pages (``/openapi.json``, ``/docs``) beside a fake provider under ``/api``."""

    sent: list[str] = []  # noqa: RUF012 - the paths the server was sent, read by the tests

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/openapi.json":
            self._send(200, OPENAPI)
        elif path == "/docs":
            self._send_page(DOCS)
        else:
            super().do_GET()

    def do_POST(self) -> None:
        ServiceAndProvider.sent.append(urlsplit(self.path).path)
        super().do_POST()

    def _send_page(self, page: str) -> None:
        data = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with serve_handler(ServiceAndProvider) as url:
        yield url.rstrip("/")


def test_the_default_hosts_are_the_catalogs_with_their_sources() -> None:
    catalog = load_catalog()
    assert {"api.msg91.com", "control.msg91.com", "sendotp.msg91.com"} == set(catalog.hosts)
    for host in catalog.hosts:
        assert catalog.document["hosts"][host]["sources"], host
        assert all(key in catalog.sources for key in catalog.document["hosts"][host]["sources"])
    assert ProviderCalls().hosts == frozenset(catalog.hosts)


def test_a_services_own_pages_pass_the_requests_hook_untouched(service: str) -> None:
    with requests.Session() as plain:
        expected = {path: plain.get(service + path, timeout=5).content for path in ("/openapi.json", "/docs")}
    with requests.Session() as session:
        session.hooks["response"].append(requests_hooks.raise_hook)
        for path, body in expected.items():
            response = session.get(service + path, timeout=5)
            assert (response.status_code, response.content) == (200, body)
        # an error body from a host that is not the provider's is not the hook's business either
        assert session.get(f"{service}/api", params={"answer": "IP_NOT_WHITELISTED"}, timeout=5).json()["code"] == "418"


def test_a_services_own_pages_pass_the_httpx_hooks_untouched_sync_and_async(service: str) -> None:
    with httpx.Client(event_hooks={"response": [httpx_hooks.raise_hook]}) as client:
        assert client.get(f"{service}/openapi.json").json() == json.loads(OPENAPI)
        assert client.get(f"{service}/docs").text == DOCS

    async def run() -> None:
        async with httpx.AsyncClient(event_hooks={"response": [httpx_hooks.async_raise_hook]}) as client:
            assert (await client.get(f"{service}/openapi.json")).json() == json.loads(OPENAPI)
            assert (await client.get(f"{service}/docs")).text == DOCS
            assert (await client.get(f"{service}/api", params={"answer": "INVALID_AUTHKEY"})).status_code == 200

    asyncio.run(run())


def test_the_default_preflight_hook_sends_a_request_to_another_host_as_it_is(service: str) -> None:
    ServiceAndProvider.sent.clear()
    with httpx.Client(event_hooks={"request": [httpx_hooks.preflight_hook]}, headers={"authkey": KEY}) as client:
        assert client.post(f"{service}/api/v2/sendsms", json=BAD_V2).status_code == 200
    assert ServiceAndProvider.sent == ["/api/v2/sendsms"]


def _provider(body: str = IP_418) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, text=body, request=request))


@pytest.mark.parametrize("host", ["api.msg91.com", "control.msg91.com", "sendotp.msg91.com"])
def test_the_httpx_hook_raises_for_each_provider_host_sync_and_async(host: str) -> None:
    hooks: Any = {"response": [httpx_hooks.raise_hook]}
    with httpx.Client(transport=_provider(), event_hooks=hooks) as client, pytest.raises(IpSecurityError):
        client.get(f"https://{host}/api/v5/flow")

    async def run() -> None:
        async with httpx.AsyncClient(transport=_provider(), event_hooks=hooks) as client:
            with pytest.raises(IpSecurityError):
                await client.get(f"https://{host}/api/v5/flow")

    asyncio.run(run())


def test_the_default_preflight_hook_refuses_a_bad_request_to_the_provider() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, text='{"type":"success","message":"x"}')

    hooks: Any = {"request": [httpx_hooks.preflight_hook]}
    transport = httpx.MockTransport(answer)
    with (
        httpx.Client(transport=transport, event_hooks=hooks, headers={"authkey": KEY}) as client,
        pytest.raises(CampaignError) as raised,
    ):
        client.post("https://api.msg91.com/api/v2/sendsms", json=BAD_V2)
    assert seen == [] and raised.value.sent is False


class _ProviderAdapter(BaseAdapter):
    """A requests transport adapter that answers every request with the provider's 418 body."""

    def send(self, request: Any, *args: Any, **kwargs: Any) -> requests.Response:
        response = requests.Response()
        response.status_code, response._content = 200, IP_418.encode()
        response.url, response.request = request.url, request
        return response

    def close(self) -> None:
        pass


def test_the_requests_hook_raises_for_the_provider_and_not_with_other_hosts_named() -> None:
    with requests.Session() as session:
        session.mount("https://control.msg91.com/", _ProviderAdapter())
        session.hooks["response"].append(requests_hooks.raise_hook)
        with pytest.raises(IpSecurityError):
            session.get("https://control.msg91.com/api/v5/flow", timeout=5)
        session.hooks["response"] = [requests_hooks.RaiseHook(hosts=["127.0.0.1"])]
        assert session.get("https://control.msg91.com/api/v5/flow", timeout=5).json()["code"] == "418"


def test_a_base_url_adds_a_prefix_and_nothing_beside_it(service: str) -> None:
    hook = requests_hooks.RaiseHook(base_url=f"{service}/api")
    with requests.Session() as session:
        session.hooks["response"].append(hook)
        with pytest.raises(IpSecurityError):
            session.get(f"{service}/api", params={"answer": "IP_NOT_WHITELISTED"}, timeout=5)
        assert session.get(f"{service}/docs", timeout=5).text == DOCS
        assert session.get(f"{service}/openapi.json", timeout=5).text == OPENAPI
    assert hook.calls.covers("https://api.msg91.com/api/v5/flow"), "base_url adds to the provider's hosts"
    assert not hook.calls.covers(f"{service}/apix")
    assert hook.calls.covers(f"{service}/api/v5/flow")


def test_hosts_name_a_local_fake_by_host_and_port(service: str) -> None:
    local = urlsplit(service).netloc
    calls = ProviderCalls(hosts=[local])
    assert calls.covers(f"{service}/docs") and not calls.covers("https://api.msg91.com/api/v5/flow")
    other_port = (urlsplit(service).port or 0) + 1
    assert not calls.covers(f"http://127.0.0.1:{other_port}/docs"), "another port of the same host is not named"
    assert ProviderCalls(hosts="API.MSG91.com").covers("https://api.msg91.com:443/x")
    assert not ProviderCalls().covers("not a url") and not ProviderCalls().covers(None)


def test_a_preflight_hook_given_the_fake_refuses_there(service: str) -> None:
    ServiceAndProvider.sent.clear()
    hook = httpx_hooks.PreflightHook(base_url=service)

    async def run() -> None:
        async with httpx.AsyncClient(event_hooks={"request": [hook]}, headers={"authkey": KEY}) as client:
            with pytest.raises(SmsApiError, match="not sent"):
                await client.post(f"{service}/api/v2/sendsms", json=BAD_V2)

    asyncio.run(run())
    assert ServiceAndProvider.sent == []


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"hosts": 5}, TypeError),
        ({"hosts": [b"api.msg91.com"]}, TypeError),
        ({"hosts": ["https://api.msg91.com/"]}, ValueError),
        ({"base_url": "ftp://files.example/"}, ValueError),
        ({"base_url": "api.msg91.com"}, ValueError),
    ],
)
def test_a_wrong_scope_is_refused_when_the_hook_is_made(arguments: dict[str, Any], error: type[Exception]) -> None:
    for make in (requests_hooks.RaiseHook, httpx_hooks.RaiseHook, httpx_hooks.PreflightHook):
        with pytest.raises(error, match=r"hosts|base_url"):
            make(**arguments)
