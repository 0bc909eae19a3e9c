"""The answers and delivery reports the trace tests join, by request id."""

from __future__ import annotations

import json

IDS = [f"3763646c30583735303938{n:02d}" for n in range(10)]


def ok(request_id: str) -> str:
    return json.dumps({"type": "success", "message": request_id})


def report(request_id: str, number: str = "919812345678", **fields: object) -> str:
    return json.dumps({"requestId": request_id, "number": number, **fields})
