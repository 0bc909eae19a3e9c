"""The receiving example: called as a WSGI app, and over a real loopback socket."""

from __future__ import annotations

import importlib.util
import io
import json
import random
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from diagnose.integrations.webhook import receiver as webhook_receiver

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 10.0
"""Seconds any socket waits: a hang fails the test instead of blocking it."""

PHONE = "919876543210"
AUTHKEY = "AbCdEf1234567890GhIjKlMn"
LEAKS = ("9876543210", "1234567890GhIj")
"""What must never appear in the log or an answer: the phone number's tail, the authkey's middle."""


def _load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("webhook_receiver", ROOT / "examples" / "webhook_receiver.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


receiver_module = _load_example()
MAX_BODY: int = receiver_module.MAX_BODY

App = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


# --- calling the app directly -------------------------------------------------------------


class _Input(io.RawIOBase):
    """A wsgi.input that records every read, hands out at most ``chunk`` bytes per read, and can
    refuse to be read at all."""

    def __init__(self, data: bytes = b"", *, chunk: int | None = None, forbid: bool = False) -> None:
        self._data = io.BytesIO(data)
        self._chunk = chunk
        self._forbid = forbid
        self.requested: list[int] = []
        self.delivered = 0

    def read(self, size: int | None = -1) -> bytes:
        assert not self._forbid, "the app read a body it should have refused unread"
        size = -1 if size is None else size
        self.requested.append(size)
        if size < 0:
            raise AssertionError("the app read with no size: read(-1) reads until the client stops")
        got = self._data.read(min(size, self._chunk) if self._chunk else size)
        self.delivered += len(got)
        return got

    def readable(self) -> bool:
        return True


def _call(
    app: App,
    body: bytes | _Input,
    *,
    content_length: str | None = "auto",
    content_type: str | None = "application/json",
    method: str = "POST",
) -> tuple[int, bytes]:
    stream = body if isinstance(body, _Input) else _Input(body)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": "/dlr",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": stream,
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if content_length == "auto":
        content_length = str(len(body)) if isinstance(body, bytes) else None
    if content_length is not None:
        environ["CONTENT_LENGTH"] = content_length
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
        statuses.append(status)
        assert ("Content-Type", "application/json") in headers

    result = app(environ, start_response)
    try:
        answer = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close:
            close()
    (status,) = statuses
    return int(status.split()[0]), answer


def _log_lines(log: Path) -> list[dict[str, Any]]:
    """The log's lines: it must decode as strict UTF-8 and every line must be one JSON object."""
    if not log.exists():
        return []
    text = log.read_bytes().decode("utf-8", "strict")
    assert text == "" or text.endswith("\n"), "every log line ends with a newline"
    lines = [json.loads(line) for line in text.split("\n")[:-1]]  # JSON Lines end lines with \n only
    assert all(isinstance(line, dict) for line in lines)
    return lines


def _report(number: str, *, status: str = "2", desc: str = "FAILED", failed_reason: str | None = None) -> list[Any]:
    record: dict[str, str] = {"number": number, "status": status, "desc": desc}
    if failed_reason is not None:
        record["failedReason"] = failed_reason
    return [{"requestId": "546b384ce51f8f1e1e8b4567", "report": [record]}]


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "reports.jsonl"


@pytest.fixture
def app(log: Path) -> App:
    made: App = receiver_module.make_app(log)
    return made


@pytest.mark.parametrize(
    ("content_length", "status"),
    [
        (None, 411),
        ("", 411),
        ("   ", 411),
        ("-1", 400),
        ("-0", 400),
        ("+5", 400),
        ("abc", 400),
        ("1e3", 400),
        ("12.0", 400),
        ("1_000", 400),
        ("0x10", 400),
        ("\u0661\u0662", 400),  # Arabic-Indic digits, which int() would take
        ("5, 5", 400),
        (str(MAX_BODY + 1), 413),
        ("314572800", 413),
        ("9" * 5000, 413),  # more digits than int() converts
        ("0" * 50 + str(MAX_BODY + 1), 413),
    ],
)
def test_a_bad_content_length_is_refused_before_the_body_is_read(
    app: App, log: Path, content_length: str | None, status: int
) -> None:
    stream = _Input(json.dumps(_report("919812345678")).encode(), forbid=True)
    code, answer = _call(app, stream, content_length=content_length)
    assert code == status
    assert "error" in json.loads(answer)
    assert stream.requested == [], "nothing was read"
    assert _log_lines(log) == [], "a refused body is not logged"


def test_a_content_length_with_leading_zeros_or_spaces_is_taken(app: App, log: Path) -> None:
    body = json.dumps(_report("919812345678")).encode()
    assert _call(app, body, content_length=f" 000{len(body)} ") == (200, b'{"reports": 1}')
    assert len(_log_lines(log)) == 1


def test_the_body_is_read_in_short_reads_up_to_its_length_and_no_further(app: App, log: Path) -> None:
    body = json.dumps(_report("919812345678", status="1", desc="DELIVERED")).encode()
    stream = _Input(body + b"trailing bytes of the next request", chunk=7)
    assert _call(app, stream, content_length=str(len(body))) == (200, b'{"reports": 1}')
    assert stream.delivered == len(body), "read exactly Content-Length bytes, across short reads"
    assert len(stream.requested) >= len(body) // 7
    assert all(0 < size <= len(body) for size in stream.requested)
    (line,) = _log_lines(log)
    assert line["entry"]["name"] == "DELIVERY_DELIVERED"


def test_a_body_shorter_than_claimed_is_read_to_its_end_and_diagnosed(app: App, log: Path) -> None:
    body = json.dumps(_report("919812345678")).encode()
    stream = _Input(body)
    assert _call(app, stream, content_length=str(len(body) + 1000)) == (200, b'{"reports": 1}')
    assert stream.delivered == len(body)
    assert stream.requested[-1] > 0, "stopped at end of input, never read(-1)"
    assert len(_log_lines(log)) == 1


def test_the_limit_itself_is_accepted_and_one_byte_more_is_not(log: Path) -> None:
    app: App = receiver_module.make_app(log, max_body=64)
    body = b"x" * 64
    stream = _Input(body + b"y" * 1000)
    code, _ = _call(app, stream, content_length="64")
    assert code == 400
    assert stream.delivered == 64 and max(stream.requested) <= 64
    assert _call(app, _Input(b"x" * 65, forbid=True), content_length="65")[0] == 413
    assert len(_log_lines(log)) == 1


def test_an_empty_body_is_diagnosed_and_logged(app: App, log: Path) -> None:
    code, answer = _call(app, b"", content_length="0")
    assert code == 400 and json.loads(answer)["error"]
    (line,) = _log_lines(log)
    assert line["outcome"] == "unrecognised"


_rng = random.Random(20240611)
HOSTILE_BODIES: dict[str, bytes] = {
    "latin-1 byte in a JSON string": (
        b'[{"requestId":"r1","report":[{"number":"919812345678","status":"2","desc":"refus\xe9"}]}]'
    ),
    "latin-1 byte in a bare string": b'{"desc":"caf\xe9"}',
    "lone surrogate escape": b'[{"requestId":"r1","report":[{"number":"919812345678","status":"2","desc":"\\ud800"}]}]',
    "lone surrogate escape alone": b'"\\ud800"',
    "lone low surrogate in a key": b'{"\\udfff": "\\ud800\\ud800"}',
    "form with 64 ampersands": b"x=" + b"&" * 64,
    "form with 5000 fields": b"&".join(b"k%d=v" % i for i in range(5000)),
    "4301-digit integer": b'{"number": ' + b"9" * 4301 + b"}",
    "4301-digit status": b'[{"requestId":"r","report":[{"number":"919812345678","status":' + b"1" * 4301 + b"}]}]",
    "NUL bytes": b"\x00" * 32,
    "NUL inside JSON": b'[{"requestId":"r\x00","report":[{"number":"9198\x0012345678","status":"2","desc":"\x00"}]}]',
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "invalid UTF-8": b"\xff\xfe\xfd\xc3\x28\xa0\xa1\xe2\x28\xa1",
    "UTF-16 BOM": b"\xff\xfe{\x00}\x00",
    "lone CR and LF": b"\r\n\r\n\n",
    "huge float": b'{"status": 1e999999}',
    "NaN": b'{"status": NaN}',
    **{f"random bytes #{n}": _rng.randbytes(size) for n, size in enumerate((1, 17, 256, 4096, 65536))},
}


@pytest.mark.parametrize("content_type", [None, "application/json", "application/x-www-form-urlencoded", "text/x\x00"])
@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_any_body_is_answered_200_or_400_and_logged_as_valid_utf8_json_lines(
    app: App, log: Path, body: bytes, content_type: str | None
) -> None:
    code, answer = _call(app, body, content_type=content_type)
    assert code in (200, 400)
    payload = json.loads(answer)
    lines = _log_lines(log)
    assert lines, "the body was logged"
    if code == 200:
        assert payload == {"reports": len(lines)}
    else:
        assert isinstance(payload["error"], str) and payload["error"]
        assert all(line["outcome"] == "unrecognised" for line in lines)


def test_a_body_the_package_fails_on_is_answered_400_and_logged_without_its_content(
    app: App, log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(raw: object, **_: object) -> list[object]:
        raise ValueError(f"cannot parse {raw!r}")

    monkeypatch.setattr(webhook_receiver, "diagnose_report", fails)
    body = json.dumps(_report(PHONE, failed_reason=f"authkey={AUTHKEY}")).encode()
    code, answer = _call(app, body)
    assert code == 400 and "ValueError" in json.loads(answer)["error"]
    (line,) = _log_lines(log)
    assert line["outcome"] == "unrecognised" and line["raw"] == ""
    _assert_no_secret("answer", answer.decode("utf-8"))
    _assert_no_secret("log", log.read_text(encoding="utf-8"))


def test_the_log_holds_only_to_dict_output(app: App, log: Path) -> None:
    """Every line is exactly a Diagnosis.to_dict() and its masked record as ``body``: no raw body,
    no repr beside it."""
    from diagnose import diagnose_report

    body = json.dumps(_report("919812345678", failed_reason="Absent subscriber")).encode()
    assert _call(app, body)[0] == 200
    (expected,) = diagnose_report(body, content_type="application/json")
    shown = expected.to_dict()
    assert _log_lines(log) == [json.loads(json.dumps({"body": shown["raw"], **shown}))]


def test_the_log_is_appended_to_one_line_per_diagnosis_under_concurrent_requests(app: App, log: Path) -> None:
    log.write_text('{"kept": "an earlier line"}\n', encoding="utf-8")
    bodies = [
        json.dumps(
            [{"requestId": f"r{n}", "report": [{"number": f"9198123{n:05d}", "status": "1"} for _ in range(3)]}]
        ).encode()
        for n in range(40)
    ]
    answers: list[tuple[int, bytes]] = []
    failures: list[BaseException] = []

    def post(body: bytes) -> None:
        try:
            answers.append(_call(app, body))
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=post, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert answers == [(200, b'{"reports": 3}')] * len(bodies)
    lines = _log_lines(log)
    assert lines[0] == {"kept": "an earlier line"}
    assert len(lines) == 1 + 3 * len(bodies)
    assert sorted(line["request_id"] for line in lines[1:]) == sorted(f"r{n}" for n in range(40) for _ in range(3))


# --- bodies carrying a phone number and an authkey ----------------------------------------------

SECRET_BODIES: dict[str, tuple[bytes, str]] = {
    "JSON report, number repeated in desc and failedReason": (
        json.dumps(
            _report(PHONE, desc=f"{PHONE} is in DND registry", failed_reason=f"{PHONE} is in DND registry")
        ).encode(),
        "application/json",
    ),
    "JSON report, authkey in failedReason": (
        json.dumps(_report(PHONE, failed_reason=f"rejected: authkey={AUTHKEY} is invalid")).encode(),
        "application/json",
    ),
    "form data= report, +number as %2B": (
        (
            "data="
            + quote(
                json.dumps(
                    _report(
                        f"+{PHONE}",
                        desc=f"+{PHONE} is in DND registry",
                        failed_reason=f"{PHONE} is in DND registry; authkey={AUTHKEY}",
                    )
                )
            )
        ).encode(),
        "application/x-www-form-urlencoded",
    ),
    "JSON data= string holding the report": (
        json.dumps({"data": json.dumps(_report(PHONE, failed_reason=f"authkey={AUTHKEY}"))}).encode(),
        "application/json",
    ),
    "flat form fields, +number as %2B": (
        (f"number=%2B{PHONE}&status=2&desc={PHONE}+is+in+DND+registry&failedReason=authkey%3D{AUTHKEY}").encode(),
        "application/x-www-form-urlencoded",
    ),
    "not a report, authkey in a URL": (f"GET /api/v5/flow?authkey={AUTHKEY}&mobiles={PHONE}".encode(), "text/plain"),
}


def _assert_no_secret(where: str, text: str) -> None:
    for leak in LEAKS:
        assert leak not in text, f"{leak!r} reached the {where}: {text[:400]!r}"


@pytest.mark.parametrize(("body", "content_type"), SECRET_BODIES.values(), ids=SECRET_BODIES.keys())
def test_no_phone_number_or_authkey_reaches_the_log_or_the_answer(
    app: App, log: Path, body: bytes, content_type: str
) -> None:
    code, answer = _call(app, body, content_type=content_type)
    assert code in (200, 400)
    assert _log_lines(log)
    _assert_no_secret("answer", answer.decode("utf-8"))
    _assert_no_secret("log", log.read_text(encoding="utf-8"))


# --- over a real loopback socket ----------------------------------------------------------------


class _Quiet(WSGIRequestHandler):
    timeout = TIMEOUT

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Served:
    host: str
    port: int
    log: Path
    bytes_read: list[int] = field(default_factory=list)
    """How many body bytes the app read, per request."""

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/dlr"


class _CountingInput:
    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._stream.read(size)
        self.count += len(data)
        return data


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    log = tmp_path / "reports.jsonl"
    inner: App = receiver_module.make_app(log)
    state = Served("127.0.0.1", 0, log)

    def counting(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        counter = _CountingInput(environ["wsgi.input"])
        environ["wsgi.input"] = counter
        try:
            return list(inner(environ, start_response))
        finally:
            state.bytes_read.append(counter.count)

    server = make_server("127.0.0.1", 0, counting, handler_class=_Quiet)
    state.port = server.server_port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


@pytest.fixture
def receiver(served: Served) -> tuple[str, Path]:
    return served.url, served.log


def _post(url: str, body: bytes, content_type: str) -> tuple[int, dict[str, object]]:
    status, answer = _post_raw(url, body, content_type)
    return status, json.loads(answer)


def _post_raw(url: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _read_answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Read a whole HTTP answer (the server closes the connection after it)."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (h.partition(":") for h in header_lines)}
    assert int(headers["content-length"]) == len(body)
    return int(status_line.split()[1]), headers, body


def test_receives_every_webhook_shape_and_logs_each_number(receiver: tuple[str, Path]) -> None:
    url, log = receiver
    nested = [
        {
            "requestId": "546b384ce51f8f1e1e8b4567",
            "report": [
                {"number": "919812345678", "status": "1", "desc": "DELIVERED"},
                {"number": "919812340001", "status": "2", "desc": "FAILED", "failedReason": "Absent subscriber"},
            ],
        }
    ]
    form = ("data=" + quote(json.dumps(nested))).encode()
    assert _post(url, form, "application/x-www-form-urlencoded") == (200, {"reports": 2})
    as_json = json.dumps({"data": json.dumps(nested)}).encode()
    assert _post(url, as_json, "application/json") == (200, {"reports": 2})
    events = (ROOT / "examples" / "reports" / "events-v4.json").read_bytes()
    assert _post(url, events, "application/json") == (200, {"reports": 2})

    lines = _log_lines(log)
    assert len(lines) == 6
    assert [line["entry"]["name"] for line in lines[:2]] == ["DELIVERY_DELIVERED", "DELIVERY_FAILED"]
    assert lines[1]["failure_reason"] == "Absent subscriber" and lines[1]["code"] == "2"
    assert "919812340001" not in log.read_text(encoding="utf-8"), "numbers are masked in the log"
    assert lines[1]["number"] == "********0001"


def test_a_body_that_is_not_a_report_is_refused_but_kept(receiver: tuple[str, Path]) -> None:
    url, log = receiver
    status, answer = _post(url, b'{"type":"error","code":"207"}', "application/json")
    assert status == 400 and "read it with diagnose()" in str(answer["error"])
    (kept,) = _log_lines(log)
    assert kept["outcome"] == "unrecognised" and kept["raw"] == '{"type":"error","code":"207"}'


def test_only_post_is_accepted(receiver: tuple[str, Path]) -> None:
    url, _ = receiver
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=TIMEOUT)
    assert refused.value.code == 405
    assert refused.value.headers["Allow"] == "POST"


@pytest.mark.parametrize(
    ("length_header", "status"),
    [
        ("Content-Length: -1\r\n", 400),
        ("Content-Length: 314572800\r\n", 413),  # a 300 MB body claimed
        ("Content-Length: " + "9" * 5000 + "\r\n", 413),
        ("Transfer-Encoding: chunked\r\n", 411),
    ],
    ids=["negative", "300 MB", "5000 digits", "no Content-Length"],
)
def test_a_bad_content_length_is_answered_unread_and_other_clients_are_still_served(
    served: Served, length_header: str, status: int
) -> None:
    """The client sends its headers and then nothing, keeping the connection open: a server that
    read the body (read(-1) reads until the client closes) would never answer."""
    with socket.create_connection((served.host, served.port), timeout=TIMEOUT) as first:
        first.sendall(
            (
                "POST /dlr HTTP/1.1\r\n"
                f"Host: {served.host}:{served.port}\r\n"
                "Content-Type: application/json\r\n"
                f"{length_header}"
                "\r\n"
            ).encode("ascii")
        )
        code, headers, body = _read_answer(first)
        assert code == status
        assert headers["content-type"] == "application/json"
        assert json.loads(body)["error"]
        assert served.bytes_read == [0], "the body was not read"

        # The first client still holds its connection open; a second one is served all the same.
        report = json.dumps(_report("919812345678", status="1", desc="DELIVERED")).encode()
        assert _post(served.url, report, "application/json") == (200, {"reports": 1})

    assert served.bytes_read == [0, len(report)]
    (line,) = _log_lines(served.log)
    assert line["entry"]["name"] == "DELIVERY_DELIVERED", "the refused body was not logged"


@pytest.mark.parametrize(
    "name",
    [
        "latin-1 byte in a JSON string",
        "lone surrogate escape",
        "form with 64 ampersands",
        "4301-digit integer",
        "NUL bytes",
        "random bytes #3",
    ],
)
def test_hostile_bodies_over_the_socket_get_200_or_400_and_a_valid_log(served: Served, name: str) -> None:
    for content_type in ("application/json", "application/x-www-form-urlencoded"):
        status, answer = _post_raw(served.url, HOSTILE_BODIES[name], content_type)
        assert status in (200, 400), answer
        json.loads(answer)
    assert len(_log_lines(served.log)) >= 2
    # The server is still up.
    report = json.dumps(_report("919812345678")).encode()
    assert _post(served.url, report, "application/json") == (200, {"reports": 1})


@pytest.mark.parametrize(("body", "content_type"), SECRET_BODIES.values(), ids=SECRET_BODIES.keys())
def test_no_phone_number_or_authkey_reaches_the_log_or_the_answer_over_the_socket(
    served: Served, body: bytes, content_type: str
) -> None:
    with socket.create_connection((served.host, served.port), timeout=TIMEOUT) as client:
        client.sendall(
            (
                f"POST /dlr HTTP/1.1\r\nHost: {served.host}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            ).encode("ascii")
            + body
        )
        code, _, answer = _read_answer(client)
    assert code in (200, 400)
    _assert_no_secret("answer", answer.decode("utf-8"))
    _assert_no_secret("log", served.log.read_text(encoding="utf-8"))


# --- main()'s server: a deadline for each request, a bound on the requests handled at once ------

DEADLINE = 1.0
"""The request deadline of the servers below: a tenth of TIMEOUT, the margin every wait here has."""
DRIP_PAUSE = 0.3
DRIP = 34
"""A trickling client sends a byte every DRIP_PAUSE seconds, DRIP of them: more than 10 s."""


class _QuietReceiverHandler(receiver_module._Handler):  # type: ignore[name-defined,misc]
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def _receiver(tmp_path: Path, *, deadline: float, max_handlers: int) -> Iterator[tuple[Any, Path]]:
    """The server main() runs, with this deadline and bound, on a free port."""
    log = tmp_path / "reports.jsonl"
    server = receiver_module.make_receiver(
        "127.0.0.1",
        0,
        receiver_module.make_app(log),
        request_deadline=deadline,
        max_handlers=max_handlers,
        handler_class=_QuietReceiverHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, log
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


def _trickled(port: int, head: bytes, drip: bytes) -> tuple[int, dict[str, str], bytes, int]:
    """Send ``head``, then ``drip`` a byte every DRIP_PAUSE seconds from another thread, while
    this one waits for the answer; the drip stops when the answer has come. Returns the answer
    and how many bytes of ``drip`` were sent by then."""
    answered = threading.Event()
    sent = 0

    def drip_bytes(client: socket.socket) -> None:
        nonlocal sent
        for byte in drip:
            if answered.wait(DRIP_PAUSE):
                return
            try:
                client.sendall(bytes([byte]))
            except OSError:  # the server closed the connection
                return
            sent += 1

    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as client:
        client.sendall(head)
        dripping = threading.Thread(target=drip_bytes, args=(client,))
        dripping.start()
        try:
            code, headers, body = _read_answer(client)
        finally:
            answered.set()
            dripping.join(TIMEOUT)
    return code, headers, body, sent


def test_a_client_trickling_its_body_is_cut_at_the_requests_deadline_not_after_each_byte(tmp_path: Path) -> None:
    """A byte every 0.3 s keeps a timeout of each read from ever firing; the deadline is the
    request's: the client is answered 408 while it still has most of its 10 s of bytes to send."""
    head = b"POST /dlr HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n["
    with _receiver(tmp_path, deadline=DEADLINE, max_handlers=4) as (server, log):
        code, _, body, sent = _trickled(server.server_port, head, b"1" * DRIP)
    assert code == 408 and json.loads(body) == {"error": "the body did not arrive in time"}
    assert sent < DRIP, "the answer came only when the client had nothing more to send"
    assert _log_lines(log) == [], "a body that did not arrive is not diagnosed"


@pytest.mark.parametrize(
    ("head", "drip"),
    [
        (b"", b"POST /dlr?slowly=1 HTTP/1.1\r\nHost: x\r\n"),  # the request line, a byte at a time
        (b"POST /dlr HTTP/1.1\r\n", b"X-Slow: " + b"a" * 40),  # a header that never ends
    ],
    ids=["request line", "headers"],
)
def test_a_client_trickling_its_headers_is_cut_at_the_deadline(tmp_path: Path, head: bytes, drip: bytes) -> None:
    assert len(drip) >= DRIP
    with _receiver(tmp_path, deadline=DEADLINE, max_handlers=4) as (server, _):
        code, _, body, sent = _trickled(server.server_port, head, drip)
    assert code == 408 and json.loads(body) == {"error": "the request did not arrive in time"}
    assert sent < len(drip)


def test_a_silent_client_is_answered_408_at_the_deadline(tmp_path: Path) -> None:
    with (
        _receiver(tmp_path, deadline=DEADLINE, max_handlers=4) as (server, _),
        socket.create_connection(("127.0.0.1", server.server_port), timeout=TIMEOUT) as client,
    ):
        code, _, _ = _read_answer(client)  # a read timing out (TIMEOUT) would fail the test
    assert code == 408


def _post_until_served(url: str, body: bytes, attempts: int = 10) -> tuple[int, dict[str, object]]:
    """POST as a well-behaved client does: on 503, wait as Retry-After says and try again."""
    for _ in range(attempts):
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            if error.code != 503:
                return error.code, json.loads(error.read())
            threading.Event().wait(float(error.headers["Retry-After"]))
        except urllib.error.URLError as error:
            # A busy receiver answers 503 and closes at once: a client still sending its body may
            # see the connection reset (or its write fail) before it reads the 503. That is busy too.
            if not isinstance(error.reason, ConnectionError):
                raise
            threading.Event().wait(RETRY_AFTER_WHEN_RESET)
    raise AssertionError(f"still busy after {attempts} attempts")


RETRY_AFTER_WHEN_RESET = 1.0


def test_the_requests_handled_at_once_are_bounded_and_the_next_client_is_told_when_to_retry(tmp_path: Path) -> None:
    held = b"POST /dlr HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    report = json.dumps(_report("919812345678", status="1", desc="DELIVERED")).encode()
    with _receiver(tmp_path, deadline=TIMEOUT * 3, max_handlers=2) as (server, log):
        url = f"http://127.0.0.1:{server.server_port}/dlr"
        first = socket.create_connection(("127.0.0.1", server.server_port), timeout=TIMEOUT)
        second = socket.create_connection(("127.0.0.1", server.server_port), timeout=TIMEOUT)
        try:
            for holder in (first, second):  # headers, then a body that does not come: two handlers held
                holder.sendall(held)
            # Connections are taken in order, so these two hold the two handlers. A third client
            # is answered at once, though it sends nothing: no thread waits on it.
            with socket.create_connection(("127.0.0.1", server.server_port), timeout=TIMEOUT) as third:
                code, headers, body = _read_answer(third)
            assert code == 503 and headers["retry-after"] == "1" and "busy" in json.loads(body)["error"]
            handlers = [thread for thread in threading.enumerate() if "process_request_thread" in thread.name]
            assert len(handlers) == 2, "a thread for each request held, none for the one refused"
            # One holder ends its body: its handler answers and is free for the next client.
            first.shutdown(socket.SHUT_WR)
            assert _read_answer(first)[0] == 400
            assert _post_until_served(url, report) == (200, {"reports": 1})
        finally:
            first.close()
            second.close()
    assert "DELIVERY_DELIVERED" in [line["entry"]["name"] for line in _log_lines(log) if line["entry"]]


def test_a_handler_cut_at_the_deadline_is_free_again(tmp_path: Path) -> None:
    """With one handler: a silent client is cut, then a report is served, three times over (a
    handler is freed just after its answer, so a client may first be told to retry)."""
    report = json.dumps(_report("919812345678", status="1", desc="DELIVERED")).encode()
    with _receiver(tmp_path, deadline=DEADLINE, max_handlers=1) as (server, _):
        url = f"http://127.0.0.1:{server.server_port}/dlr"
        for _ in range(3):
            codes = []
            while len(codes) < 10 and 408 not in codes:
                with socket.create_connection(("127.0.0.1", server.server_port), timeout=TIMEOUT) as silent:
                    code, headers, _ = _read_answer(silent)
                codes.append(code)
                if code == 503:
                    threading.Event().wait(float(headers["retry-after"]))
            assert set(codes) <= {503, 408} and codes[-1] == 408, codes
            assert _post_until_served(url, report) == (200, {"reports": 1})
