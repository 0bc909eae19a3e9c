"""The package's webhook applications (diagnose.integrations.webhook), WSGI and ASGI alike, as
the provider and the user see them: the status and the JSON ack of each POST, the diagnoses the
user's ``on_report`` gets (one per number), what the ``diagnose.webhook`` logger shows (masked),
and hostile bodies and failing callbacks that never become a traceback to the client."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from diagnose import Diagnosis, Outcome, diagnose_report
from diagnose.integrations.webhook import MAX_BODY, WebhookASGIApp, WebhookWSGIApp

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"
REQUEST_ID = "546b384ce51f8f1e1e8b4567"
PHONE = "919876543210"
AUTHKEY = "AbCdEf1234567890GhIjKlMn"
LEAKS = ("9876543210", "1234567890GhIj")
"""What must never appear in a log or an answer: the number's tail, the authkey's middle."""
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

Answered = tuple[int, dict[str, str], bytes]
Post = Callable[..., Answered]
"""``post(app, body, content_type=..., method=..., content_length=..., chunks=...)``."""


# --- one request through either app ---------------------------------------------------------


def _wsgi(
    app: Any,
    body: bytes,
    *,
    content_type: str | None = JSON,
    method: str = "POST",
    content_length: str | None = "auto",
    chunks: int | None = None,
) -> Answered:
    environ: dict[str, Any] = {"REQUEST_METHOD": method, "wsgi.input": io.BytesIO(body), "PATH_INFO": "/dlr"}
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    if chunks is not None:  # chunked: no length, and a server that says the input ends
        environ["wsgi.input_terminated"] = True
    elif content_length is not None:
        environ["CONTENT_LENGTH"] = str(len(body)) if content_length == "auto" else content_length
    started: list[tuple[str, list[tuple[str, str]]]] = []
    answer = b"".join(app(environ, lambda status, headers: started.append((status, headers))))
    ((status, headers),) = started
    return int(status.split()[0]), {name.lower(): value for name, value in headers}, answer


def _asgi(
    app: Any,
    body: bytes,
    *,
    content_type: str | None = JSON,
    method: str = "POST",
    content_length: str | None = "auto",
    chunks: int | None = None,
) -> Answered:
    headers = [] if content_type is None else [(b"content-type", content_type.encode("latin-1"))]
    if chunks is None and content_length is not None:
        stated = str(len(body)) if content_length == "auto" else content_length
        headers.append((b"content-length", stated.encode("latin-1")))
    size = max(1, chunks or len(body) or 1)
    pieces = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    messages = [
        {"type": "http.request", "body": piece, "more_body": n < len(pieces) - 1} for n, piece in enumerate(pieces)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": "/dlr", "headers": headers}
    asyncio.run(app(scope, receive, send))
    start, answer = sent
    assert start["type"] == "http.response.start" and answer["type"] == "http.response.body"
    shown = {bytes(name).decode(): bytes(value).decode() for name, value in start["headers"]}
    return int(start["status"]), shown, bytes(answer["body"])


KINDS = {"wsgi": (WebhookWSGIApp, _wsgi), "asgi": (WebhookASGIApp, _asgi)}


class Served:
    """An app of one kind with the diagnoses its ``on_report`` was given."""

    def __init__(self, kind: str, on_report: Callable[[Diagnosis], object] | None = None, **options: Any) -> None:
        made, self._post = KINDS[kind]
        self.kind = kind
        self.reports: list[Diagnosis] = []
        self.app = made(on_report or self.reports.append, **options)

    def post(self, body: bytes | str, **request: Any) -> tuple[int, dict[str, Any]]:
        status, headers, answer = self._post(self.app, body.encode() if isinstance(body, str) else body, **request)
        assert headers["content-type"] == "application/json" and int(headers["content-length"]) == len(answer)
        assert b"Traceback" not in answer
        return status, json.loads(answer)


@pytest.fixture(params=sorted(KINDS))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def served(kind: str) -> Served:
    return Served(kind)


def _nested(*records: dict[str, str]) -> str:
    return json.dumps([{"requestId": REQUEST_ID, "userId": "38229", "senderId": "SOCKET", "report": list(records)}])


DELIVERED = {"number": "919812345678", "status": "1", "desc": "DELIVERED"}
FAILED = {"number": "919812340001", "status": "2", "desc": "FAILED", "failedReason": "Absent subscriber"}


# --- what the provider and the user see -----------------------------------------------------


REJECTED = "DELIVERY_REJECTED_BY_PROVIDER"
SHAPES: dict[str, tuple[str, str, list[str]]] = {
    "v2 form data=": ("data=" + quote(_nested(DELIVERED, FAILED)), FORM, ["DELIVERY_DELIVERED", "DELIVERY_FAILED"]),
    "v2 as JSON data": (
        json.dumps({"data": _nested(DELIVERED, FAILED)}),
        JSON,
        ["DELIVERY_DELIVERED", "DELIVERY_FAILED"],
    ),
    "v2 JSON array": (_nested(DELIVERED, FAILED), JSON, ["DELIVERY_DELIVERED", "DELIVERY_FAILED"]),
    "v3 flat": ((REPORTS / "flat-v2-failed.json").read_text(), JSON, ["DELIVERY_FAILED"]),
    "v4 events": (
        (REPORTS / "events-v4.json").read_text(),
        JSON,
        ["DELIVERY_DELIVERED", "DELIVERY_REJECTED_BY_PROVIDER"],
    ),
    "Webhook (New), telNum list": (
        json.dumps(
            {
                "requestId": REQUEST_ID,
                "telNum": json.dumps(["919812345601", "919812345602"]),
                "status": "1",
                "senderId": "SOCKET",
            }
        ),
        JSON,
        ["DELIVERY_DELIVERED", "DELIVERY_DELIVERED"],
    ),
    "form data= with no content type": ("data=" + quote(_nested(DELIVERED)), "", ["DELIVERY_DELIVERED"]),
    "JSON sent as a form": (_nested(FAILED), FORM, ["DELIVERY_FAILED"]),
    "JSON with a charset": (_nested(FAILED), "application/json; charset=utf-8", ["DELIVERY_FAILED"]),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_is_acknowledged_and_each_number_handed_on(served: Served, shape: str) -> None:
    body, content_type, names = SHAPES[shape]
    assert served.post(body, content_type=content_type or None) == (200, {"reports": len(names)})
    assert [d.entry.name if d.entry else None for d in served.reports] == names
    assert served.reports == diagnose_report(body, content_type=content_type or None)


def test_the_numbers_each_report_is_for(served: Served) -> None:
    body = SHAPES["Webhook (New), telNum list"][0]
    assert served.post(body)[0] == 200
    assert [d.number for d in served.reports] == ["919812345601", "919812345602"]
    assert all(d.request_id == "546b384ce51f8f1e1e8b4567" for d in served.reports)
    served.reports.clear()
    assert served.post(SHAPES["v2 JSON array"][0])[0] == 200
    failed = served.reports[1]
    assert failed.failure is not None and failed.failure.name == "REASON_ABSENT_SUBSCRIBER"


def test_a_chunked_body_is_read_as_it_comes(served: Served) -> None:
    assert served.post(_nested(DELIVERED, FAILED), chunks=7) == (200, {"reports": 2})
    assert len(served.reports) == 2


def test_a_body_that_holds_no_report_is_answered_400_and_still_handed_on(served: Served) -> None:
    status, answer = served.post('{"type":"error","code":"207"}')
    assert status == 400 and "read it with diagnose()" in answer["error"]
    [kept] = served.reports
    assert kept.outcome is Outcome.UNRECOGNISED and kept.number is None


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"])
def test_only_post_is_accepted(kind: str, method: str) -> None:
    served = Served(kind)
    _, post = KINDS[kind]
    status, headers, answer = post(served.app, b"", method=method)
    assert status == 405 and headers["allow"] == "POST" and json.loads(answer) == {"error": "POST a delivery report"}
    assert served.reports == []


def test_the_body_is_bounded(kind: str) -> None:
    served = Served(kind, max_body=64)
    assert served.post(b"x" * 64)[0] == 400, "the limit itself is read"
    assert served.post(b"x" * 65) == (413, {"error": "body over 64 bytes"})
    assert served.post(b"x" * 65, content_length="65000000000000000000000")[0] == 413
    assert served.post(b"x" * 65, chunks=10)[0] == 413, "a chunked body is cut at the limit"
    assert served.post(b"x", content_length="1e3")[0] == 400
    assert served.post(b"x", content_length="-1")[0] == 400
    assert len(served.reports) == 1, "only the body within the limit was diagnosed"


def test_the_default_limit_is_a_mebibyte(served: Served) -> None:
    assert MAX_BODY == 1 << 20
    assert served.post(b" " * (MAX_BODY + 1))[0] == 413


def test_a_wsgi_body_of_no_stated_length_needs_a_server_that_ends_it() -> None:
    served = Served("wsgi")
    assert served.post(_nested(DELIVERED), content_length=None) == (411, {"error": "a Content-Length is required"})
    assert served.post(_nested(DELIVERED), chunks=1) == (200, {"reports": 1})


HOSTILE: dict[str, bytes] = {
    "invalid UTF-8": b"\xff\xfe\xfd\xc3\x28\xa0\xa1\xe2\x28\xa1",
    "deep JSON": b"[" * 100_000 + b"]" * 100_000,
    "deep JSON in data": b'{"data": "' + b"[" * 50_000 + b'"}',
    "NUL bytes": b"\x00" * 64,
    "lone surrogate": b'[{"requestId":"r1","report":[{"number":"919812345678","status":"2","desc":"\\ud800"}]}]',
    "4301-digit status": b'[{"requestId":"r","report":[{"number":"919812345678","status":' + b"1" * 4301 + b"}]}]",
    "huge form": b"&".join(b"k%d=v" % i for i in range(50_000)),
    "a mebibyte of digits": b"9" * MAX_BODY,
    "telNum list of many numbers": json.dumps(
        {"requestId": REQUEST_ID, "status": "1", "telNum": json.dumps([str(919800000000 + i) for i in range(40_000)])}
    ).encode()[:MAX_BODY],
}


@pytest.mark.parametrize("content_type", [None, JSON, FORM, "text/x\x00; charset=nope"])
@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_body_is_answered_200_or_400_never_a_traceback(served: Served, name: str, content_type: str) -> None:
    status, answer = served.post(HOSTILE[name], content_type=content_type)
    assert status in (200, 400), answer
    assert answer == {"reports": len(served.reports)} if status == 200 else isinstance(answer["error"], str)


class Boom(RuntimeError):
    pass


def test_a_failing_on_report_is_answered_500_with_a_fixed_body_and_logged_masked(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[Diagnosis] = []

    def on_report(diagnosis: Diagnosis) -> None:
        seen.append(diagnosis)
        raise Boom(f"could not store {diagnosis.number} for authkey={AUTHKEY}: {diagnosis.raw}")

    served = Served(kind, on_report)
    body = _nested({**DELIVERED, "number": PHONE}, FAILED)
    with caplog.at_level(logging.DEBUG, logger="diagnose.webhook"):
        status, answer = served.post(body)
    assert (status, answer) == (500, {"error": "the delivery report could not be handled"})
    assert len(seen) == 2, "every number is still offered to on_report"
    logged = caplog.text
    assert "on_report failed" in logged and "Boom" in logged and "test_webhook_app.py" in logged
    assert not [leak for leak in LEAKS if leak in logged], logged


def test_an_async_on_report_is_awaited_and_its_failure_answered_500() -> None:
    got: list[str | None] = []

    async def store(diagnosis: Diagnosis) -> None:
        await asyncio.sleep(0)
        got.append(diagnosis.number)

    assert Served("asgi", store).post(_nested(DELIVERED, FAILED)) == (200, {"reports": 2})
    assert got == ["919812345678", "919812340001"]

    async def fails(diagnosis: Diagnosis) -> None:
        raise Boom("no database")

    assert Served("asgi", fails).post(_nested(DELIVERED))[0] == 500


def test_nothing_logged_shows_a_number_or_an_authkey(served: Served, caplog: pytest.LogCaptureFixture) -> None:
    bodies = [
        _nested({**FAILED, "number": PHONE, "failedReason": f"authkey={AUTHKEY}"}),
        f'{{"type":"error","message":"authkey {AUTHKEY} for {PHONE} is invalid"}}',
        "data=" + quote(_nested({**DELIVERED, "number": PHONE})) + f"&authkey={AUTHKEY}",
        json.dumps({"requestId": REQUEST_ID, "telNum": json.dumps([PHONE, "919812345602"]), "status": "2"}),
    ]
    with caplog.at_level(logging.DEBUG, logger="diagnose.webhook"):
        answers = [served.post(body) for body in bodies]
    shown = caplog.text + json.dumps(answers)
    assert "delivery report:" in caplog.text and "not a delivery report" in caplog.text
    assert not [leak for leak in LEAKS if leak in shown], shown


def test_a_log_line_cannot_be_forged_by_a_body(served: Served, caplog: pytest.LogCaptureFixture) -> None:
    body = json.dumps({"requestId": "r\nERROR forged line", "number": "919812345678", "status": "1"})
    with caplog.at_level(logging.DEBUG, logger="diagnose.webhook"):
        assert served.post(body)[0] == 200
    assert all("\n" not in record.getMessage() for record in caplog.records)


def test_the_asgi_app_under_a_real_client_and_its_lifespan() -> None:
    got: list[Diagnosis] = []
    app = WebhookASGIApp(got.append)

    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return [
                await client.post("/dlr", content=SHAPES["v2 form data="][0], headers={"Content-Type": FORM}),
                await client.get("/dlr"),
            ]

    posted, got_405 = asyncio.run(run())
    assert (posted.status_code, posted.json()) == (200, {"reports": 2}) and len(got) == 2
    assert got_405.status_code == 405

    async def lifespan() -> list[dict[str, Any]]:
        incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return incoming.pop(0)

        async def send(message: MutableMapping[str, Any]) -> None:
            sent.append(dict(message))

        await app({"type": "lifespan"}, receive, send)
        return sent

    assert [m["type"] for m in asyncio.run(lifespan())] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_misuse_is_refused_when_the_app_is_made(kind: str) -> None:
    made, _ = KINDS[kind]
    with pytest.raises(TypeError, match="on_report"):
        made("not callable")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_body"):
        made(print, max_body=-1)
