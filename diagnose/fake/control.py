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

from ..catalog.answers import FLAT
from ..outgoing.request import query_fields
from ..responses.wire import loads_json
from .clock import FakeClock
from .engine import FakeSmsApi
from .exchange import FakeRequest, FakeResponse
from .faults import fault_from_json
from .masking import authkeys_of, masked
from .reports import DeliveryReport

PREFIX = "/__fake/"
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
    found = _ACTIONS.get(action)
    if found is None:
        return _json(404, {"error": f"no control {action!r}; there are {', '.join(_ACTIONS)}"})
    method, act = found
    if request.method.upper() != method:
        return _json(405, {"error": f"{action} takes {method}"})
    try:
        return _json(200, act(fake, request))
    except (ControlError, ValueError, LookupError) as exc:
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
    fake.reset()
    return {"reset": True}


def _fail_next(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    fields = _body(request)
    name = fields.get("name")
    if not isinstance(name, str):
        raise ControlError('fail-next takes {"name": "AN_ENTRY_NAME"} and optionally ' + ", ".join(MATCH_KEYS))
    fake.fail_when(name, **_match(fields, 1))
    return {"failing": name}


def _faults(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    fields = _body(request)
    fault = fault_from_json({key: value for key, value in fields.items() if key not in MATCH_KEYS})
    fake.fail_when(fault, **_match(fields, 1))
    return {"fault": fields.get("fault")}


def _clock(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    seconds = _body(request).get("advance")
    if not isinstance(fake.clock, FakeClock):
        raise ControlError("this fake reads a real clock, which cannot be moved")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds <= 10**9:
        raise ControlError('clock takes {"advance": SECONDS}')
    fake.clock.advance(seconds)
    return {"now": fake.clock().isoformat()}


def _balance(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
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
    phones = _masks_phones(request)
    return {"requests": [_shown(received, response, phones) for received, response in fake.exchanges]}


def _report_as(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    fields = _body(request)
    number, outcome = fields.get("number"), fields.get("outcome")
    if not isinstance(number, str) or not isinstance(outcome, str):
        raise ControlError('report-as takes {"number": "NUMBER", "outcome": "DELIVERY_... or REASON_..."}')
    fake.report_as(number, outcome)
    return {"outcome": outcome}


def _deliver(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    phones = _masks_phones(request)
    fields = _body(request)
    shape, webhook = fields.get("shape", FLAT), fields.get("webhook")
    if not isinstance(shape, str) or not (webhook is None or isinstance(webhook, str)):
        raise ControlError('deliver takes {"shape": "flat|form|array", "webhook": "http://127.0.0.1:PORT/PATH"}')
    try:
        made = fake.deliver(shape, webhook=webhook)
    except OSError as exc:
        raise ControlError(f"the webhook could not be reached: {exc}") from None
    return {"reports": [_report_shown(report, phones) for report in made]}


def _reports(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
    phones = _masks_phones(request)
    return {"reports": [_report_shown(report, phones) for report in fake.reports]}


def _report_shown(report: DeliveryReport, phones: bool) -> dict[str, Any]:
    return {
        "shape": report.shape,
        "content_type": report.content_type,
        "body": masked(report.body, [], phones=phones, numbers=report.numbers),
        "request_id": report.request_id,
        "numbers": [masked(number, [], phones=phones, numbers=report.numbers) for number in report.numbers],
        "outcomes": list(report.outcomes),
        "webhook_status": report.webhook_status,
    }


def _otp(fake: FakeSmsApi, request: FakeRequest) -> dict[str, Any]:
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


_ACTIONS: dict[str, tuple[str, Callable[[FakeSmsApi, FakeRequest], dict[str, Any]]]] = {
    "reset": ("POST", _reset),
    "fail-next": ("POST", _fail_next),
    "faults": ("POST", _faults),
    "clock": ("POST", _clock),
    "balance": ("POST", _balance),
    "requests": ("GET", _requests),
    "otp": ("GET", _otp),
    "report-as": ("POST", _report_as),
    "deliver": ("POST", _deliver),
    "reports": ("GET", _reports),
}
