"""A fault the provider's side could not give is refused when it is injected, by the library and
by the control API (400, never a 500 or a traceback): red team of the fake."""

from __future__ import annotations

import json

import httpx
import pytest

from diagnose.fake import (
    Delay,
    EmptyBody,
    FakeRequest,
    FakeSmsApi,
    GatewayPage,
    RateLimited,
    ServerError,
    Truncated,
    make_wsgi_app,
)


@pytest.mark.parametrize(
    "fault",
    [
        ServerError(status=200),
        ServerError(status=404),
        ServerError(status=1.5),  # type: ignore[arg-type]
        GatewayPage(status=302),
        EmptyBody(status=99),
        RateLimited(retry_after=-1),
        Truncated(keep=1),
        Delay(seconds=float("nan")),
        Delay(seconds=10**9),
    ],
)
def test_a_fault_out_of_range_is_refused_and_nothing_is_injected(fault: object) -> None:
    fake = FakeSmsApi()
    with pytest.raises(ValueError, match="not "):
        fake.fail_next(fault)  # type: ignore[arg-type]
    assert not fake.rules


def _control(fake: FakeSmsApi, action: str, body: object) -> tuple[int, dict[str, object]]:
    client = httpx.Client(transport=httpx.WSGITransport(app=make_wsgi_app(fake)), base_url="http://127.0.0.1")
    answer = client.post(f"/__fake/{action}", content=json.dumps(body).encode())
    return answer.status_code, answer.json()


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("faults", {"fault": "server-error", "status": 200}),
        ("faults", {"fault": "server-error", "status": 1.5}),
        ("faults", {"fault": ["x"]}),
        ("clock", {"advance": 1e9 * 1e9}),
        ("clock", {"advance": -1}),
    ],
)
def test_the_control_api_answers_400_with_why(action: str, body: object) -> None:
    fake = FakeSmsApi()
    status, said = _control(fake, action, body)
    assert status == 400 and isinstance(said.get("error"), str) and said["error"], said
    assert not fake.rules


def test_the_clock_stays_clear_of_the_end_of_time() -> None:
    fake = FakeSmsApi()
    for _ in range(400):
        status, _said = _control(fake, "clock", {"advance": 1e9})
    assert status == 400
    sent = fake.handle(FakeRequest("GET", "/api/v5/otp", "authkey=k&mobile=919812345678", {}, b"", "127.0.0.1"))
    assert sent.status != 500
