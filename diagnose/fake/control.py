"""The control API of a served fake, under ``/__fake/``, for tests in any language: JSON in,
JSON out. ``POST reset``, ``POST fail-next`` (an entry by name), ``POST faults`` (a transport
fault), ``POST clock`` (move a FakeClock), ``POST balance``, ``GET requests`` (what the fake
received, authkeys and phone numbers masked; ``?numbers=show`` shows the numbers),
``GET otp?mobile=...`` (the OTP last sent to a number), ``POST report-as`` (how a number's
delivery is to be reported), ``POST deliver`` (the reports of the sends accepted since, in a
shape, POSTed to a webhook on this machine if one is named) and ``GET reports`` (every report
made, numbers masked as for ``requests``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ..catalog.answers import FLAT, REPORT_SHAPES
from ..outgoing.request import query_fields
from ..records import Record
from ..responses.wire import loads_json
from .clock import FakeClock
from .engine import FakeSmsApi
from .exchange import FakeRequest, FakeResponse
from .faults import fault_from_json
from .masking import authkeys_of, masked, masked_report
from .reports import DeliveryReport

PREFIX = "/__fake/"
_SHAPES = "|".join(REPORT_SHAPES)
MATCH_KEYS = ("endpoint", "number", "template", "count", "probability")
SHOWN_BODY_BYTES = 65_536
"""The most bytes of a request's body ``GET requests`` shows."""


class ControlError(ValueError):
    """A control request that cannot be done; its message is the answer's ``error``."""


def is_control(path: str) -> bool:
    return path.startswith(PREFIX)


def control_response(fake: FakeSmsApi, request: FakeRequest) -> FakeResponse:
    """The control API's answer: 200 with what was done, 400 with an ``error`` for a request it
    cannot do, 404 for an unknown path, 405 for the wrong method."""
    action = request.path[len(PREFIX) :].strip("/")
    route = ROUTES.get(action)
    if route is None:
        return _json(404, {"error": f"no control {action!r}; there are {', '.join(ROUTES)}"})
    if request.method.upper() != route.method:
        return _json(405, {"error": f"{action} takes {route.method}"})
    try:
        return _json(200, route.act(fake, request))
    except (ControlError, ValueError, LookupError, TypeError, OverflowError) as exc:
        return _json(400, {"error": str(exc)})


def _body(request: FakeRequest) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    try:
        value = loads_json(request.body.decode("utf-8"))
    except (ValueError, RecursionError):
        raise ControlError("the body is not JSON") from None
    if not isinstance(value, dict):
        raise ControlError("the body is a JSON object")
    return value


def _match(fields: Mapping[str, Any], count: int | None) -> dict[str, Any]:
    match = {key: fields[key] for key in MATCH_KEYS if key in fields}
    match.setdefault("count", count)
    for key in ("endpoint", "number", "template"):
        if key in match and not isinstance(match[key], str):
            raise ControlError(f"{key} is a string")
    if "probability" in match and (
        isinstance(match["probability"], bool) or not isinstance(match["probability"], (int, float))
    ):
        raise ControlError("probability is a number from 0 to 1")
    return match


def _reset(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    """Back to the state the fake was started with: no injected failure, no OTP, nothing
    received or reported (a journal keeps what it wrote)."""
    fake.reset()
    return {"reset": True}


def _fail_next(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    """Answer the next request (that the match keys select) with the catalog entry ``name``,
    as the provider words it."""
    fields = _body(request)
    name = fields.get("name")
    if not isinstance(name, str):
        raise ControlError('fail-next takes {"name": "AN_ENTRY_NAME"} and optionally ' + ", ".join(MATCH_KEYS))
    fake.fail_when(name, **_match(fields, 1))
    return {"failing": name}


def _faults(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    """Answer the next request (that the match keys select) with a transport fault instead of the provider's answer."""
    fields = _body(request)
    fault = fault_from_json({key: value for key, value in fields.items() if key not in MATCH_KEYS})
    fake.fail_when(fault, **_match(fields, 1))
    return {"fault": fields.get("fault")}


def _clock(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    """Move the fake's clock on: OTP expiry, the duplicate window and report times follow it; nothing waits."""
    seconds = _body(request).get("advance")
    if not isinstance(fake.clock, FakeClock):
        raise ControlError("this fake reads a real clock, which cannot be moved")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds <= 10**9:
        raise ControlError('clock takes {"advance": SECONDS}')
    fake.clock.advance(seconds)
    return {"now": fake.clock().isoformat()}


def _balance(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    """Set the account's SMS credits."""
    credits = _body(request).get("balance")
    if isinstance(credits, bool) or not isinstance(credits, int) or credits < 0:
        raise ControlError('balance takes {"balance": CREDITS}, a whole number')
    fake.balance = credits
    return {"balance": credits}


def _masks_phones(request: FakeRequest) -> bool:
    shown = query_fields(request.query).get("numbers", "mask")
    if shown not in ("mask", "show"):
        raise ControlError("?numbers=show shows phone numbers (masked by default)")
    return bool(shown == "mask")


def _requests(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    """What the fake received, oldest first, with the status it answered; authkeys masked,
    phone numbers too unless ``?numbers=show``."""
    phones = _masks_phones(request)
    return {"requests": [_shown(received, response, phones) for received, response in fake.exchanges]}


def _report_as(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    """Report a number's deliveries from now on as a delivery status or a failure reason."""
    fields = _body(request)
    number, outcome, shape = fields.get("number"), fields.get("outcome"), fields.get("shape", FLAT)
    if not isinstance(number, str) or not isinstance(outcome, str) or not isinstance(shape, str):
        raise ControlError(
            f'report-as takes {{"number": "NUMBER", "outcome": "DELIVERY_... or REASON_...", "shape": "{_SHAPES}"}}'
        )
    fake.report_as(number, outcome, shape)
    return {"outcome": outcome}


def _deliver(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    """Make the delivery reports of the sends accepted since the last deliver, and POST them
    to the webhook if one is named (on this machine)."""
    phones = _masks_phones(request)
    fields = _body(request)
    shape, webhook = fields.get("shape", FLAT), fields.get("webhook")
    if not isinstance(shape, str) or not (webhook is None or isinstance(webhook, str)):
        raise ControlError(f'deliver takes {{"shape": "{_SHAPES}", "webhook": "http://127.0.0.1:PORT/PATH"}}')
    try:
        made = fake.deliver(shape, webhook=webhook)
    except OSError as exc:
        raise ControlError(f"the webhook could not be reached: {exc}") from None
    return {"reports": [_report_shown(report, phones) for report in made]}


def _reports(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    """Every delivery report made so far, as ``deliver`` shows them, numbers masked as for
    ``requests``."""
    phones = _masks_phones(request)
    return {"reports": [_report_shown(report, phones) for report in fake.reports]}


def _report_shown(report: DeliveryReport, phones: bool) -> dict[str, Any]:
    return {
        "shape": report.shape,
        "content_type": report.content_type,
        "body": masked_report(report.body, report.numbers, phones=phones),
        "request_id": report.request_id,
        "numbers": [masked(number, [], phones=phones, numbers=report.numbers) for number in report.numbers],
        "outcomes": list(report.outcomes),
        "webhook_status": report.webhook_status,
    }


def _otp(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    """The OTP last sent to a number (as the send gave it); 400 if none was."""
    mobile = query_fields(request.query).get("mobile")
    if not isinstance(mobile, str) or not mobile:
        raise ControlError("otp takes ?mobile=NUMBER")
    return {"mobile": mobile, "otp": fake.otp_sent_to(mobile)}


def _shown(request: FakeRequest, response: FakeResponse, phones: bool) -> dict[str, Any]:
    """A request received, as the control API shows it: its authkeys masked, and its phone
    numbers unless ``phones`` is False."""
    keys = authkeys_of(request)
    return {
        "method": request.method,
        "path": masked(request.path, keys, phones=phones),
        "query": masked(request.query, keys, phones=phones),
        "headers": {name: masked(value, keys, phones=phones) for name, value in request.headers.items()},
        # masked before it is cut, so that a key across the cut is masked whole, not half shown
        "body": masked(request.body[: SHOWN_BODY_BYTES + 256].decode("utf-8", "replace"), keys, phones=phones)[
            :SHOWN_BODY_BYTES
        ],
        "client_ip": request.client_ip,
        "status": response.status,
    }


def _json(status: int, value: Mapping[str, Any]) -> FakeResponse:
    body = json.dumps(value, ensure_ascii=True).encode("ascii")
    return FakeResponse(status=status, headers=(("Content-Type", "application/json"),), body=body)


Action = Callable[[FakeSmsApi, FakeRequest], dict[str, Any]]


class ControlRoute(Record):
    """One endpoint of the control API, as it is served and as the reference page shows it: its
    HTTP ``method``, the function that does it (its docstring says what), an example of what it
    ``takes`` (a JSON body, or a query after ``?``), the ``options`` it also reads, and what it
    ``answers`` with 200."""

    method: str
    act: Action
    takes: str
    options: str
    answers: str


_NUMBER = "919812345678"
_MATCHES = "endpoint, number, template, count (default 1; null: until reset), probability"
ROUTES: dict[str, ControlRoute] = {
    "reset": ControlRoute(method="POST", act=_reset, takes="", options="", answers='{"reset": true}'),
    "fail-next": ControlRoute(
        method="POST",
        act=_fail_next,
        takes='{"name": "IP_NOT_WHITELISTED"}',
        options=_MATCHES,
        answers='{"failing": "IP_NOT_WHITELISTED"}',
    ),
    "faults": ControlRoute(
        method="POST",
        act=_faults,
        takes='{"fault": "server-error", "status": 503}',
        options="fault: rate-limited (retry_after), server-error (status), gateway-page (status), empty-body "
        "(status), truncated (keep), delay (seconds), reset (network); " + _MATCHES,
        answers='{"fault": "server-error"}',
    ),
    "clock": ControlRoute(
        method="POST", act=_clock, takes='{"advance": 300}', options="", answers='{"now": "2026-01-01T00:05:00+00:00"}'
    ),
    "balance": ControlRoute(method="POST", act=_balance, takes='{"balance": 0}', options="", answers='{"balance": 0}'),
    "requests": ControlRoute(
        method="GET",
        act=_requests,
        takes="",
        options="?numbers=show",
        answers='{"requests": [{"method", "path", "query", "headers", "body", "client_ip", "status"}, ...]}',
    ),
    "otp": ControlRoute(
        method="GET",
        act=_otp,
        takes=f"?mobile={_NUMBER}",
        options="",
        answers=f'{{"mobile": "{_NUMBER}", "otp": "4821"}}',
    ),
    "report-as": ControlRoute(
        method="POST",
        act=_report_as,
        takes=f'{{"number": "{_NUMBER}", "outcome": "REASON_EXP_ABSSUBS"}}',
        options="shape: the one you will deliver in (flat unless given), refused when the outcome has none",
        answers='{"outcome": "REASON_EXP_ABSSUBS"}',
    ),
    "deliver": ControlRoute(
        method="POST",
        act=_deliver,
        takes='{"shape": "flat"}',
        options="shape: flat, form, array, events (v4) or webhook (the newer one); webhook: "
        "http://127.0.0.1:PORT/PATH; ?numbers=show",
        answers='{"reports": [{"shape", "content_type", "body", "request_id", "numbers", "outcomes", '
        '"webhook_status"}, ...]}',
    ),
    "reports": ControlRoute(
        method="GET",
        act=_reports,
        takes="",
        options="?numbers=show",
        answers='{"reports": [...]}',
    ),
}
"""The control API by path under ``/__fake/``: what ``control_response`` serves, and the
reference table of docs/testing.md (made from it by the docs hook)."""
