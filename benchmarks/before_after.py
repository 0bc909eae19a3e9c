"""Before and after a change: the same benchmarks run on an earlier commit and on this tree, in
turns, in one run, so that both see the same machine.

    python benchmarks/before_after.py baab356          # that commit against this tree
    python benchmarks/before_after.py HEAD~3 --rounds 9

The earlier commit is exported (``git archive``) to a temporary folder and its catalog compiled
there. Each round runs every case once in each tree, in alternating order; a figure is the best
of its rounds. Prints one row per case: before, after and their ratio (after / before); exits 1
when a ratio exceeds ``--limit`` (default 1.10: noise on a loaded 2-core machine), so a refactor
that must give back nothing can be held to it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REQUEST_ID = "3763646c3058373530393832"
JSON_ERROR = b'{"type":"error","message":"Missing Authentication Key","code":"106"}'
SUCCESS = b'{"type":"success","message":"%s"}' % REQUEST_ID.encode()
V5_FAIL = (
    b'{"message":"Invalid Mobile Numbers","type":"error","code":"418","hasError":true,'
    b'"errors":{"mobiles":["invalid"]},"status":"fail","apiError":"418"}'
)
XML_ERROR = b"<RESPONSE><TYPE>error</TYPE><MESSAGE>Missing mobile no.</MESSAGE><CODE>101</CODE></RESPONSE>"
DECLARED_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<response><type>error</type><message>Invalid sender</message><code>302</code></response>"
)
WEBHOOK = (
    b'{"requestId":"%s","number":"919812340001","status":"2","desc":"FAILED","failedReason":"Absent subscriber"}'
    % REQUEST_ID.encode()
)
WEBHOOK_DATA = (ROOT / "examples" / "reports" / "webhook-data-field.json").read_bytes()
SEND = {
    "sender": "SHOPIN",
    "route": "4",
    "country": "91",
    "DLT_TE_ID": "1107161234567890123",
    "campaign": "orders",
    "sms": [{"message": "Your order has shipped", "to": ["919812345678"]}],
}
BROKEN_SEND = {"sender": "SHOP", "route": "9", "sms": [{"message": "", "to": ["12345"]}]}
SEND_URL = (
    "https://api.msg91.com/api/sendhttp.php?mobiles=919812345678&message=Your%20order%20has%20shipped"
    "&sender=SHOPIN&route=4&country=91&DLT_TE_ID=1107161234567890123"
)

FLOW_TEMPLATE = "Your OTP is ##otp## for order ##order##"
MANY_RECIPIENTS = {
    "template_id": "6180f1d2d6fc0504c75e4e2a",
    "recipients": [{"mobiles": f"9198{n:08d}", "otp": "4821", "order": f"A{n}"} for n in range(1000)],
}
MANY_MESSAGES = {
    "sender": "SHOPIN",
    "route": "4",
    "country": "91",
    "DLT_TE_ID": "1107161234567890123",
    "sms": [{"message": "Your order has shipped", "to": ["919812345678"]} for _ in range(1000)],
}

# Each case: a name, the call, its argument. The arguments are the shapes users send: every
# envelope of an answer, a declared XML, a page, a delivery report, a request.
CASES: list[tuple[str, str, object]] = [
    ("diagnose() JSON error", "diagnose", JSON_ERROR),
    ("diagnose() JSON success", "diagnose", SUCCESS),
    ("diagnose() v5 fail envelope", "diagnose", V5_FAIL),
    ("diagnose() XML error", "diagnose", XML_ERROR),
    ("diagnose() declared lower-case XML", "diagnose", DECLARED_XML),
    ("diagnose() plain code", "diagnose", b"106"),
    ("diagnose() bare request id", "diagnose", REQUEST_ID.encode()),
    ("diagnose() str JSON error", "diagnose", JSON_ERROR.decode()),
    ("diagnose() HTML page", "diagnose", b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"),
    ("diagnose_report() flat webhook JSON", "diagnose_report", WEBHOOK),
    ("diagnose_report() data= webhook, 3 numbers", "diagnose_report", WEBHOOK_DATA),
    ("raise_for_error() success", "raise_for_error", SUCCESS),
    ("Diagnosis.to_dict() of an error", "to_dict", JSON_ERROR),
    ("preflight() typical send", "preflight", SEND),
    ("preflight() broken send", "preflight", BROKEN_SEND),
    ("preflight() sendhttp.php URL", "preflight", SEND_URL),
    ("preflight() 1,000 flow recipients, template", "preflight_template", MANY_RECIPIENTS),
    ("preflight() 1,000 messages to one number", "preflight", MANY_MESSAGES),
]

PROGRAM = """
import ast, json, sys, timeit
import diagnose
diagnose.load_catalog()
out = {}
for name, call, value in ast.literal_eval(sys.argv[1]):
    if call == "to_dict":
        function, value = diagnose.diagnose(value).to_dict, None
    elif call == "preflight_template":
        function = lambda request: diagnose.preflight(request, template=sys.argv[2])
    else:
        function = getattr(diagnose, call)
    timer = timeit.Timer("f() if v is None else f(v)", globals={"f": function, "v": value})
    number, _ = timer.autorange()
    out[name] = min(timer.repeat(repeat=3, number=number)) / number
print(json.dumps(out))
"""


def export(ref: str, into: Path) -> Path:
    tree = into / "before"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    compile_catalog(tree)
    return tree


def compile_catalog(tree: Path) -> None:
    for module in ("diagnose.gate.compile", "diagnose.catalog.compile"):
        if (tree / (module.replace(".", "/") + ".py")).exists():
            subprocess.run([sys.executable, "-m", module], cwd=tree, env=_env(tree), check=True, capture_output=True)
            return
    raise SystemExit(f"{tree} has no catalog compiler")


def _env(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}


def micro(tree: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, repr(CASES), FLOW_TEMPLATE],
        cwd=tree,
        env=_env(tree),
        check=True,
        capture_output=True,
    )
    return {name: float(seconds) for name, seconds in json.loads(done.stdout).items()}


def commands(tree: Path, log: Path) -> dict[str, float]:
    timed = {
        "start-up: explain 106": [sys.executable, "-m", "diagnose", "explain", "106"],
        "check a 20,000-line log (30 % failures)": [sys.executable, "-m", "diagnose", "check", str(log), "-o", "-"],
    }
    out = {}
    for name, argv in timed.items():
        start = time.perf_counter()
        subprocess.run(argv, cwd=tree, env=_env(tree), capture_output=True, check=False)
        out[name] = time.perf_counter() - start
    return out


def write_log(path: Path, lines: int) -> None:
    """A day of answers: 70 % successes, the rest errors of several envelopes."""
    rng = random.Random(20261206)
    failures = [
        {"type": "error", "message": "Missing Authentication Key", "code": "106"},
        {"type": "error", "message": "Invalid Mobile Numbers", "code": "418", "hasError": True, "status": "fail"},
        "<RESPONSE><TYPE>error</TYPE><MESSAGE>Missing mobile no.</MESSAGE><CODE>101</CODE></RESPONSE>",
    ]
    with path.open("w") as log:
        for n in range(lines):
            if rng.random() < 0.3:
                body = rng.choice(failures)
                body = body if isinstance(body, str) else json.dumps(body)
            else:
                body = json.dumps({"type": "success", "message": f"{n:024x}"})
            log.write(json.dumps({"body": body, "http_status": 200}) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="the earlier commit (any git ref)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=float, default=1.10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        before = export(args.ref, Path(temporary))
        compile_catalog(ROOT)
        log = Path(temporary) / "answers.jsonl"
        write_log(log, 20_000)
        best: dict[str, dict[str, float]] = {"before": {}, "after": {}}
        for round_ in range(args.rounds):
            order = [("before", before), ("after", ROOT)]
            for side, tree in order if round_ % 2 == 0 else reversed(order):
                for name, seconds in {**micro(tree), **commands(tree, log)}.items():
                    best[side][name] = min(seconds, best[side].get(name, float("inf")))
    worse = 0
    print(f"{'case':44} {'before':>10} {'after':>10} {'after/before':>13}")
    for name in best["before"]:
        old, new = best["before"][name], best["after"].get(name)
        if new is None:
            continue
        ratio = new / old
        worse += ratio > args.limit
        unit, scale = ("ms", 1e3) if old > 1e-3 else ("µs", 1e6)
        flag = "  worse" if ratio > args.limit else ""
        print(f"{name:44} {old * scale:8.2f}{unit} {new * scale:8.2f}{unit} {ratio:12.2f}×{flag}")
    return 1 if worse else 0


if __name__ == "__main__":
    raise SystemExit(main())
