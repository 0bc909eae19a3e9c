"""Inputs for ``sms-diagnose trace``: a requests log and a reports log of a day's traffic.

    python benchmarks/trace_inputs.py 100000 /tmp/t            # /tmp/t/requests.jsonl, /tmp/t/reports.jsonl
    python benchmarks/trace_inputs.py 100000 /tmp/t --hostile  # the same mix, with hostile lines

The mix (seeded, so the same arguments write the same bytes): about 70 % of the messages
delivered, 10 % failed (several failure reasons), 5 % refused at submit, 7 % without a report,
4 % still pending, a few sent to two numbers; about one message in five has a duplicate or late
report, a few reports come before their request or name a request that was never logged, a
few name no request id. ``--hostile`` adds request ids given twice and in upper case, lines
that are not JSON, records that are not answers, authkeys and numbers in ids and fields, and
control characters.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any, TextIO

START = 1_764_064_800
"""2025-11-25T10:00:00Z: the first answer's time (Unix seconds)."""

FAILURES = [
    ("2", "FAILED", "SMS not Matched with DLT Template."),
    ("2", "FAILED", "EXP Memexcd"),
    ("16", "Rejected", "Invalid Number"),
    ("2", "FAILED", "Absent Subscriber"),
    ("9", "NDNC", None),
]
REFUSALS = [
    '{"type":"error","message":"Missing message","code":"102"}',
    '{"type":"error","message":"Invalid authentication key","code":"207"}',
    '{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}',
    "<RESPONSE><TYPE>error</TYPE><MESSAGE>Missing mobile no.</MESSAGE><CODE>101</CODE></RESPONSE>",
]
HOSTILE = [
    "this is not JSON\n",
    "{}\n",
    '{"body": 5}\n',
    '{"id":"x","body":"{\\"type\\":\\"success\\",\\"message\\":\\"authkey=123456789012345678901234\\"}"}\n',
    '{"id":"authkey=abcdefabcdefabcdefabcdef","body":"{\\"type\\":\\"success\\"}"}\n',
    '{"id":"\\u001b[31mred","body":"\\u001b[2J"}\n',
    "\n",
    '["a", "list"]\n',
]


def _write(out: TextIO, record: dict[str, Any]) -> None:
    out.write(json.dumps(record, separators=(",", ":")) + "\n")


def write_inputs(messages: int, folder: Path, *, seed: int = 23, hostile: bool = False) -> tuple[Path, Path]:
    """``folder``/requests.jsonl and ``folder``/reports.jsonl for ``messages`` messages."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    requests, reports = folder / "requests.jsonl", folder / "reports.jsonl"
    late: list[dict[str, Any]] = []
    with requests.open("w", encoding="utf-8") as answers, reports.open("w", encoding="utf-8") as delivery:
        for n in range(messages):
            request_id = f"{0x3763646C3058 + n:024x}"
            at = START + n // 10
            fate = rng.random()
            if fate < 0.05:
                _write(answers, {"id": f"m{n}", "time": at, "body": rng.choice(REFUSALS)})
                continue
            shown_id = request_id.upper() if hostile and n % 97 == 0 else request_id
            body = json.dumps({"type": "success", "message": shown_id}, separators=(",", ":"))
            answer = {"id": f"m{n}", "time": at, "body": body}
            numbers = [f"91{9800000000 + n % 10**9}"]
            if rng.random() < 0.03:
                numbers.append(f"91{7000000000 + n % 10**9}")
            if hostile and n % 89 == 0:
                answer["id"] = f"m{n} authkey=0123456789abcdef01234567 to {numbers[0]}"
            reported_first = rng.random() < 0.01
            if not reported_first:
                _write(answers, answer)
                if hostile and n % 101 == 0:
                    _write(answers, answer)  # the same request id twice
            for number in numbers:
                _reports(
                    rng,
                    delivery,
                    late=late,
                    request_id=request_id,
                    number=number,
                    fate=fate,
                    hostile=hostile and n % 83 == 0,
                )
            if reported_first:
                _write(answers, answer)
            if hostile and n % 53 == 0:
                delivery.write(HOSTILE[n % len(HOSTILE)])
                answers.write(HOSTILE[(n // 7) % len(HOSTILE)])
            if hostile and n % 61 == 0:  # one line, several numbers, written oddly or not at all
                odd = [
                    {"number": f"+{numbers[0]}", "status": "1", "desc": "DELIVERED"},
                    {"number": f"0{numbers[0]}", "status": "2", "desc": "FAILED", "failedReason": "Absent Subscriber"},
                    {"status": "1", "desc": "DELIVERED"},
                    {"number": f"{numbers[0]}0000000000", "desc": "Submitted"},
                ]
                _write(delivery, {"requestId": request_id.upper(), "report": odd[: 1 + n % 4]})
            if hostile and n % 67 == 0:  # a webhook's events, a list on one line
                events = [
                    {"data": [{"requestId": request_id, "number": numbers[0], "description": d}], "event": d}
                    for d in ("Delivered", "Rejected By Provider")[: 1 + n % 2]
                ]
                delivery.write(json.dumps(events) + "\n")
            if len(late) > 50 or n == messages - 1:
                for record in late:
                    _write(delivery, record)
                late.clear()
            if rng.random() < 0.002:
                _write(delivery, {"requestId": f"{0xFFFF000000 + n:024x}", "number": "919000000000", "status": "1"})
            if rng.random() < 0.002:
                _write(delivery, {"number": numbers[0], "status": "1", "desc": "DELIVERED"})
    return requests, reports


def _reports(
    rng: random.Random,
    out: TextIO,
    *,
    late: list[dict[str, Any]],
    request_id: str,
    number: str,
    fate: float,
    hostile: bool,
) -> None:
    """The reports of one number of an accepted message: none, pending ones, the final one,
    sometimes repeated, sometimes a late pending one after it."""
    if fate < 0.12:  # no report yet
        return
    base = {"requestId": request_id, "number": number}
    if rng.random() < 0.3:
        _write(out, {**base, "desc": "Submitted"})
    if fate < 0.16:  # still pending
        _write(out, {**base, "desc": "Submitted"})
        return
    if fate < 0.26:
        status, desc, reason = rng.choice(FAILURES)
        final = {**base, "status": status, "desc": desc}
        if reason is not None:
            final["failedReason"] = reason
    elif fate < 0.265:
        final = {**base, "status": "banana", "desc": "\x1b[2Jwho knows"}
    else:
        final = {**base, "status": "1", "desc": "DELIVERED"}
    if hostile:
        final["desc"] = f"{final['desc']} authkey=abcdef0123456789abcdef01 {number}"
    _write(out, final)
    chance = rng.random()
    if chance < 0.1:
        _write(out, final)  # a duplicate
    elif chance < 0.2:
        late.append({**base, "desc": "Submitted"})  # a pending report after the final one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("messages", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--hostile", action="store_true")
    args = parser.parse_args()
    requests, reports = write_inputs(args.messages, args.folder, seed=args.seed, hostile=args.hostile)
    print(requests, reports)


if __name__ == "__main__":
    main()
