"""Receive delivery-report webhooks, diagnose every number they report, keep them as JSON Lines.

A standard-library WSGI app, no framework. Run it on 127.0.0.1 and point the panel's
delivery-report webhook at it (through your own HTTPS proxy when it faces the internet):

    python examples/webhook_receiver.py --port 8080 --log reports.jsonl

Each POST body (form-encoded ``data=...`` or JSON) is read by ``diagnose_report()``; every
number's diagnosis is appended to the log as one JSON line, its phone number masked. The answer
is 200 with the count, or 400 when the body holds no delivery report (it is logged too, so
nothing is lost).
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from wsgiref.simple_server import make_server

from diagnose import Outcome, diagnose_report

MAX_BODY = 1 << 20

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def make_app(log_path: Path) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    lock = threading.Lock()

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] != "POST":
            return _answer(start_response, "405 Method Not Allowed", {"error": "POST a delivery report"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            return _answer(start_response, "413 Content Too Large", {"error": f"body over {MAX_BODY} bytes"})
        body = environ["wsgi.input"].read(length)
        diagnoses = diagnose_report(body, content_type=environ.get("CONTENT_TYPE"))
        lines = [json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in diagnoses]
        with lock, log_path.open("a", encoding="utf-8") as log:
            log.writelines(lines)
        if all(d.outcome is Outcome.UNRECOGNISED and d.number is None for d in diagnoses):
            return _answer(start_response, "400 Bad Request", {"error": diagnoses[0].reason})
        return _answer(start_response, "200 OK", {"reports": len(diagnoses)})

    return app


def _answer(start_response: StartResponse, status: str, payload: dict[str, Any]) -> list[bytes]:
    body = json.dumps(payload).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--log", type=Path, default=Path("delivery-reports.jsonl"))
    args = parser.parse_args()
    with make_server(args.host, args.port, make_app(args.log)) as server:
        print(f"receiving delivery reports on http://{args.host}:{server.server_port}/, logging to {args.log}")
        server.serve_forever()


if __name__ == "__main__":
    main()
