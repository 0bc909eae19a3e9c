"""trace, check --reports and diagnose_report() of two trees, side by side: every difference is a failure.

    python benchmarks/compare_trace.py /work/base /work/wt    # exit 1 on any difference

Both trees run the same commands on the same inputs (examples/journeys, a day's mix and the
same with hostile lines from trace_inputs.py, reports of every shape) with a fixed ``--now``:
trace's output in every format, its standard error and exit status; and, for every report body
(each line of the report logs, each file of examples/reports, odd variants of them),
diagnose_report()'s every field, given the body as bytes, as str and decoded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote_plus

from trace_inputs import write_inputs  # this folder is the script's: sys.path[0]

_WHERE = "\nimport diagnose\nprint(diagnose.__file__, file=sys.stderr)\n"
"""The reports script says which package ran it."""
ROOT = Path(__file__).resolve().parent.parent
NOW = "2025-11-26T10:00:00Z"

_REPORTS_SCRIPT = """
import json, sys
from diagnose import diagnose_report
from diagnose.diagnosis import FIELDS
def shown(found):
    return [[repr(getattr(d, name)) for name in FIELDS] + [str(d)] for d in found]
for line in sys.stdin.buffer:
    body = json.loads(line)
    text = body["text"]
    out = {"str": shown(diagnose_report(text)), "bytes": shown(diagnose_report(text.encode("utf-8", "surrogatepass")))}
    for ct in ("application/json", "application/x-www-form-urlencoded", "text/plain"):
        out[ct] = shown(diagnose_report(text, content_type=ct))
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if isinstance(value, (dict, list)):
        out["value"] = shown(diagnose_report(value))
    print(json.dumps(out))
"""


def _variants() -> list[str]:
    """Report bodies of every shape, and odd versions of them."""
    flat = {"requestId": "3763646c3058373530393832", "number": "919812345678", "status": "2", "desc": "FAILED"}
    bodies: list[object] = [
        flat,
        {**flat, "failedReason": "Absent Subscriber"},
        {**flat, "failedReason": "Absent Subscriber", "failureReason": "EXP Memexcd"},
        {**flat, "failedReason": "Absent Subscriber", "failureReason": "Absent Subscriber"},
        {**flat, "failedReason": '["CALL BARRED"]'},
        {**flat, "failedReason": None},
        {**flat, "failedReason": 5},
        {**flat, "status": "1", "desc": "DELIVERED", "failedReason": "Absent Subscriber"},
        {**flat, "status": "1", "desc": "Absent Subscriber"},
        {**flat, "status": 2},
        {**flat, "status": ""},
        {**flat, "status": " 2 "},
        {**flat, "status": "banana", "desc": "\x1b[2Jwho knows"},
        {**flat, "desc": "DELIVERED", "description": "FAILED"},
        {**flat, "Number": "919812345679"},
        {**flat, "mobile": "919812345678"},
        {**flat, "number": "919812345678,919812345679"},
        {**flat, "number": '["919812345678"]'},
        {**flat, "number": 919812345678},
        {**flat, "type": "error"},
        {**flat, "code": "207"},
        {**flat, "event": "delivered"},
        {**flat, "request_id": "x"},
        {**flat, "requestId": "a" * 300},
        {**flat, "requestId": " "},
        {**flat, "ctCode": "900", "INMSID": "1", "date": "2024-03-01 17:45:59", "nested": {"a": [1, {"b": None}]}},
        {"number": "919812345678", "status": "1"},
        {"requestId": "3763646c3058373530393832", "status": "1"},
        {"requestId": "3763646c3058373530393832", "number": "919812345678"},
        {"status": "1", "desc": "DELIVERED"},
        {"requestId": "3763646c3058373530393832", "telNum": "919812345670", "status": "Failed", "failureReason": "x"},
        {"requestId": "authkey=abcdef0123456789abcdef01", "number": "919812345678", "desc": "Submitted"},
        {},
        {"data": None},
        [],
        [flat, {**flat, "number": "919812345679", "status": "1", "desc": "DELIVERED"}],
        [flat, 5],
        [flat, [flat]],
    ]
    request = {"requestId": "546b384ce51f8f1e1e8b4567", "userId": "38229", "senderId": "SOCKET"}
    reports = [
        {"date": "2024-03-01 17:45:59", "number": "919812345678", "status": "1", "desc": "DELIVERED"},
        {"number": "919812340001", "status": "2", "desc": "FAILED", "failedReason": "Absent subscriber"},
        {"number": "919812340002", "status": "9", "desc": "NDNC"},
    ]
    requests_lists: list[object] = [
        [{**request, "report": reports}],
        [{**request, "report": reports}, {**request, "requestId": "546b384ce51f8f1e1e8b4568", "report": reports[:1]}],
        [{**request, "report": [{**reports[0], "requestId": "546b384ce51f8f1e1e8b4567"}]}],
        [{**request, "report": [{**reports[0], "requestId": "other"}]}],
        [{**request, "status": "1", "report": reports}],
        [{**request, "code": "207", "report": reports}],
        [{**request, "Report": reports}],
        [{**request, "report": []}],
        [{"report": reports}],
        [{**request, "requestId": "a" * 300, "report": reports}],
        [{**request, "report": reports, "data": reports}],
        [{**request, "report": "not a list"}],
    ]
    texts = [json.dumps(body) for body in bodies]
    texts += [json.dumps(body, separators=(",", ":")) for body in bodies]
    for listed in requests_lists:
        inner = json.dumps(listed, separators=(",", ":"))
        texts += [json.dumps(listed), json.dumps({"data": inner}), "data=" + quote_plus(inner)]
        texts += ["Data=" + quote_plus(inner), "data=" + quote_plus(inner) + "&data=" + quote_plus(inner)]
        texts += ["data=" + quote_plus(inner) + "&status=1", json.dumps({"data": " " + inner + " "})]
    texts += ['{"requestId":"a","requestId":"b","number":"1","status":"1"}', '{"a":1,"a":{"b":1,"b":2}}']
    texts += ["\ufeff" + texts[0], texts[0] + "\n", " " + texts[0], "not json", "", "data=", "data=%5B"]
    texts += ['{"requestId":"\\ud800","number":"1","status":"1"}', "[" * 50 + "]" * 50]
    return texts


def _report_bodies(folders: list[Path]) -> list[str]:
    bodies = _variants()
    for path in sorted((ROOT / "examples" / "reports").iterdir()):
        bodies.append(path.read_bytes().decode("utf-8", "surrogateescape"))
    for folder in folders:
        with (folder / "reports.jsonl").open("rb") as lines:
            bodies += [line.decode("utf-8", "surrogateescape").rstrip("\n") for line in lines][:3000]
    bodies += [line.rstrip("\n") for line in (ROOT / "examples" / "journeys" / "reports.jsonl").open()]
    return bodies


def _run(tree: Path, command: list[str], stdin: bytes | None = None) -> tuple[int, bytes, bytes]:
    """The command run by ``tree``'s package: from a folder that holds none (``-m`` and ``-c``
    put the working folder first on the path)."""
    done = subprocess.run(
        [sys.executable, *command],
        input=stdin,
        capture_output=True,
        env={"PYTHONPATH": str(tree)},
        cwd=tempfile.gettempdir(),
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def main(base: Path, tree: Path) -> int:
    differences = 0
    with tempfile.TemporaryDirectory() as work:
        day = write_inputs(3_000, Path(work) / "day")
        hostile = write_inputs(3_000, Path(work) / "hostile", hostile=True)
        journeys = ROOT / "examples" / "journeys"
        pairs = [
            day,
            hostile,
            (journeys / "requests.jsonl", journeys / "reports.jsonl"),
            (journeys / "dlt-requests.jsonl", journeys / "dlt-reports.jsonl"),
            (hostile[0], ROOT / "examples" / "reports"),
            (day[0], ROOT / "examples" / "reports" / "webhook-form.txt"),
        ]
        options = [[], ["--format", "json"], ["--format", "json", "--show-numbers"], ["--allow-unrecognised"]]
        for requests, reports in pairs:
            for extra in options:
                command = ["-m", "diagnose", "trace", str(requests), str(reports), "--now", NOW, *extra]
                if _run(base, command) != _run(tree, command):
                    differences += 1
                    print("differs:", " ".join(command[2:]))
        for reports in (day[1], hostile[1], ROOT / "examples" / "reports", journeys / "reports.jsonl"):
            for extra in ([], ["--format", "json"]):
                command = ["-m", "diagnose", "check", "--reports", str(reports), *extra]
                if _run(base, command) != _run(tree, command):
                    differences += 1
                    print("differs:", " ".join(command[2:]))
        bodies = "".join(
            json.dumps({"text": body}) + "\n" for body in _report_bodies([day[0].parent, hostile[0].parent])
        ).encode()
        said = [_run(t, ["-c", _REPORTS_SCRIPT + _WHERE], bodies) for t in (base, tree)]
        for side, side_tree in zip(said, (base, tree), strict=True):
            if side[0] != 0 or side[2].decode().strip() != str(side_tree / "diagnose" / "__init__.py"):
                print("not run by", side_tree, side[2].decode(errors="replace"))
                return 2
        count = 0
        for body, one, other in zip(bodies.splitlines(), said[0][1].splitlines(), said[1][1].splitlines(), strict=True):
            count += 1
            if one != other:
                differences += 1
                print("diagnose_report differs on", body[:200])
    print(f"{differences} differences ({len(pairs) * len(options)} trace runs, 8 check runs, {count} report bodies)")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
