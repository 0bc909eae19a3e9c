"""The receiving example, over a real loopback socket."""

from __future__ import annotations

import importlib.util
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import quote
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("webhook_receiver", ROOT / "examples" / "webhook_receiver.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    log = tmp_path / "reports.jsonl"
    server = make_server("127.0.0.1", 0, _load_example().make_app(log), handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/dlr", log
    finally:
        server.shutdown()
        server.server_close()


def _post(url: str, body: bytes, content_type: str) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


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

    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6
    assert [line["entry"]["name"] for line in lines[:2]] == ["DELIVERY_DELIVERED", "DELIVERY_FAILED"]
    assert lines[1]["failure_reason"] == "Absent subscriber" and lines[1]["code"] == "2"
    assert "919812340001" not in log.read_text(encoding="utf-8"), "numbers are masked in the log"
    assert lines[1]["number"] == "********0001"


def test_a_body_that_is_not_a_report_is_refused_but_kept(receiver: tuple[str, Path]) -> None:
    url, log = receiver
    status, answer = _post(url, b'{"type":"error","code":"207"}', "application/json")
    assert status == 400 and "use diagnose()" in str(answer["error"])
    (kept,) = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert kept["outcome"] == "unrecognised" and kept["raw"] == '{"type":"error","code":"207"}'


def test_only_post_is_accepted(receiver: tuple[str, Path]) -> None:
    url, _ = receiver
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)
    assert refused.value.code == 405
