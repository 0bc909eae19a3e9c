"""The red team's findings on issue 26's changes, each kept as the promise it broke."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import httpx
import pytest

from diagnose import SmsApiError, raise_for_error
from diagnose.fake import FakeSmsApi, make_wsgi_app
from diagnose.integrations.httpx import PreflightHook
from diagnose.integrations.provider_calls import ProviderCalls
from diagnose.integrations.requests import RaiseHook

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
AUTHKEY = "0123456789abcdef01234567"
KEY = "311111AbCdEfGhIjKlMnOpQr"
NUMBER = "919812345678"


@pytest.mark.parametrize(
    ("url", "covered"),
    [
        ("https://api.msg91.com./api/sendhttp.php", True),  # a fully qualified name still reaches the provider
        ("https://API.MSG91.COM/api/v2/sendsms", True),
        ("https://api.msg91.com.evil.test/api", False),
        ("https://evil.test/api.msg91.com", False),
        ("https://api.msg91.com@evil.test/api", False),
    ],
)
def test_the_provider_s_hosts_are_told_as_a_client_reaches_them(url: str, covered: bool) -> None:
    assert ProviderCalls().covers(url) is covered


def test_ipv6_international_names_and_dot_segments_are_compared_as_sent() -> None:
    assert ProviderCalls(hosts=["[::1]:8080"]).covers("http://[::1]:8080/api/x")
    assert ProviderCalls(base_url="http://bücher.example/api").covers("http://xn--bcher-kva.example/api/x")
    local = ProviderCalls(base_url="http://127.0.0.1:8080/api")
    assert local.covers("http://127.0.0.1:8080/api/x") and not local.covers("http://127.0.0.1:8080/api/../admin")
    assert "http://127.0.0.1:8080/api" in repr(local)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hosts": []},
        {"hosts": ["x:abc"]},
        {"hosts": ["*.msg91.com"]},
        {"hosts": ["user@api.msg91.com"]},
        {"hosts": ["api.msg91.com,127.0.0.1:8080"]},
        {"hosts": [f"proxy.internal/{NUMBER}"]},
        {"base_url": f"api.msg91.com/api?authkey={AUTHKEY}"},
        {"base_url": f"https://user:{AUTHKEY}@proxy.internal/"},
        {"base_url": f"https://user:{AUTHKEY}@proxy.internal:99999/"},
    ],
)
@pytest.mark.parametrize("hook", [RaiseHook, PreflightHook])
def test_a_hook_refuses_what_can_never_match_without_quoting_secrets(hook: type, kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError) as caught:
        hook(**kwargs)
    said = str(caught.value) + repr(caught.value)
    assert AUTHKEY not in said and NUMBER not in said, said


def test_no_trace_line_starts_a_workflow_command(tmp_path: Path) -> None:
    (tmp_path / "::error::req.jsonl").write_text('{"type":"error","message":"OTP expired"}\n')
    (tmp_path / "reports.json").write_text('{"requestId":"x","number":"919812340001","status":"1"}\n')
    run = run_cli("trace", "::error::req.jsonl", "reports.json", cwd=tmp_path)
    lines = (run.stdout + run.stderr).splitlines()
    assert lines and not [line for line in lines if line.lstrip().startswith("::")]
    assert lines[0].startswith("\\::error::req.jsonl:1")


@pytest.mark.parametrize("report", ["human", "github"])
def test_preflight_counts_the_findings_it_does_not_show_as_findings(tmp_path: Path, report: str) -> None:
    request = {
        "sender": "SHOPIN",
        "route": "4",
        "country": "91",
        "DLT_TE_ID": "1107161234567890123",
        "campaign": "winter-sale-reminders-for-returning-customers",
        "sms": [{"message": "hi", "to": [NUMBER, "123"]}],
    }
    log = tmp_path / "sends.jsonl"
    log.write_text("".join(json.dumps({"id": f"o{i}", "request": request}) + "\n" for i in range(150)))
    shown = run_cli("preflight", "--format", report, str(log)).stdout
    assert "150 failed (300 findings)" in shown and "200 more findings" in shown and "more failures" not in shown


def test_the_sdist_carries_the_changelog_its_docs_include() -> None:
    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["sdist"][
        "include"
    ]
    assert '--8<-- "CHANGELOG.md"' in (ROOT / "docs" / "changelog.md").read_text()
    assert {"CHANGELOG.md", "docs", "mkdocs.yml", "benchmarks"} <= set(include)


def test_a_missing_number_parameter_tells_the_end_user_nothing() -> None:
    missing = '{"message":"Some Parameter are missing : mobiles/group_id","type":"error"}'
    for body in (missing, '{"type":"error","message":"Missing mobile no.","code":"101"}'):
        with pytest.raises(SmsApiError) as caught:
            raise_for_error(body)
        assert caught.value.user_message is None, body


def _fake_shown(request: dict[str, object]) -> str:
    client = httpx.Client(
        transport=httpx.WSGITransport(app=make_wsgi_app(FakeSmsApi(authkeys=[KEY]))), base_url="http://fake"
    )
    client.request(**request)  # type: ignore[arg-type]
    return json.dumps(client.get("/__fake/requests").json())


def test_the_fake_masks_a_key_across_its_shown_cut_and_in_any_case() -> None:
    head = '{"authkey":"' + KEY + '","sms":[{"message":"'
    tail = '","to":["919812345678"]}],"note":"'
    body = head + "x" * (65536 - len(head) - len(tail) - 10) + tail + KEY + '"}'
    assert KEY[:10] not in _fake_shown({"method": "POST", "url": "/api/v2/sendsms", "content": body.encode()})
    query = {"AUTHKEY": KEY, "mobiles": NUMBER, "message": "hi", "sender": "SHOPIN", "route": "4"}
    assert KEY not in _fake_shown({"method": "GET", "url": "/api/sendhttp.php", "params": query})
