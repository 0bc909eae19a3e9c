"""What `sms-diagnose check` says, from two source trees, on the same varied inputs: a change
meant to be faster must say the same, byte for byte (report, standard error, exit status).

    python benchmarks/check_differential.py --base /path/to/base/checkout [--tree .]

Each tree is run in a process of its own (PYTHONPATH=tree), over logs of the API's shapes and
of hostile lines (broken JSON, keys given twice, authkeys, phone numbers, control and bidi
characters, invalid UTF-8, CRLF, overlong lines), files with HTTP messages, the examples, in
every --format, with the policy options and with one and two jobs. Exits 1 when they differ.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from run import write_mix_log  # type: ignore[import-not-found]  # benchmarks/run.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
BODIES = [
    '{"message":"3763646c3058373530393832","type":"success"}',
    '{"type":"error","message":"Invalid authentication key","code":"207"}',
    '{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}',
    '<?xml version="1.0" encoding="UTF-8"?><msg><type>error</type><message>IP not whitelisted</message>'
    "<code>418</code></msg>",
    "<MSG><TYPE>error</TYPE><MESSAGE>Invalid mobile</MESSAGE><CODE>311</CODE></MSG>",
    "code:311",
    "3167686b6e30353231343831",
    '{"msgType":"error","msg":"Route Missing"}',
    '{"type":"success","message":"ok","code":"207"}',
    '{"type":"error","code":"999"}',
    '{"type":"error","message":"strange words"}',
    "garbage text",
    "",
    "<html><body>502 Bad Gateway</body></html>",
    '{"type":"error","message":"Authentication failure authkey=abcd1234efgh5678ijkl9012"}',
    '{"type":"error","message":"number 919876543210 invalid","code":"311"}',
    '{"type":"success","request_id":"3167686b6e30353231343831"}',
    "bad \x1b[31m red \u202e bidi \u0085 nel",
    '{"type":"error","message":"line\\nbreak\\u0007bell","code":"207"}',
    '{"type":"info","message":"Message already verified"}',
]
HOSTILE_LINES = [
    "",
    "   ",
    "not json",
    '{"body": null}',
    '{"body": 5}',
    '{"body": {"type":"error","code":"207"}}',
    '{"id":1,"body":"code:311","http_status":999}',
    '{"id":1,"body":"code:311","http_status":"200"}',
    '{"body":"a","body":"b"}',
    '{"body":"a","Body":"a"}',
    '{"body":"{\\"type\\":\\"error\\",\\"code\\":\\"207\\",\\"code\\":\\"208\\"}"}',
    '{"body":"code:311","type":"error"}',
    '"just a string"',
    "[1,2,3]",
    '{"body":"ok","request":{"mobiles":"123","message":"hi"}}',
    '{"body":"code:311","content_type":5}',
    '{"id":"a","body":"code:311","authkey":"abcd1234efgh5678ijkl9012"}',
    '\ufeff{"body":"code:311"}',
    '{"body":"x"} trailing',
    '{"body":"' + "a" * 5000 + '"}',
    '{"body":"\\ud800 lone"}',
    '{"outcome":"error","raw":"code:311","body":"code:311"}',
]
OPTIONS = [
    [],
    ["--allow-invalid", "--allow-unrecognised"],
    ["--fail-on", "critical", "--allow", "207,311"],
    ["--fail-on", "info"],
    ["--show-numbers", "--max-bytes", "2000"],
    ["--reports"],
    ["--allow-empty"],
]
FORMATS = ["human", "json", "junit", "github"]
CONTENT_TYPES = ["application/json", "text/xml", "text/plain; charset=latin-1", "bogus"]
RUNNER = """\
import contextlib, io, json, sys
from diagnose.cli.main import main
said = {}
for args in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(args)
        except SystemExit as exc:
            status = exc.code
    said[" ".join(args)] = [status, out.getvalue(), err.getvalue()]
json.dump(said, sys.stdout)
"""


def write_inputs(folder: Path) -> list[list[str]]:
    """The inputs, each a list of paths given to one run."""
    rng = random.Random(7)
    records = []
    for number in range(3000):
        record = {"id": f"m{number}", "body": rng.choice(BODIES), "http_status": rng.choice([200, 200, 401, 500, None])}
        if record["http_status"] is None:
            del record["http_status"]
        roll = rng.random()
        if roll < 0.03:
            record["content_type"] = rng.choice(
                ["application/json", "text/xml", "text/plain; charset=latin-1", "bogus"]
            )
        if roll > 0.97:
            record["time"] = rng.choice(["2026-01-01T10:00:00Z", 1700000000, "nonsense"])
        if 0.5 < roll < 0.51:
            record["id"] = rng.choice(["919876543210", "authkey=abcd1234efgh5678ijkl9012", "x\u202ey", 17, None])
        records.append(json.dumps(record, ensure_ascii=rng.random() < 0.5))
    text = "\n".join(records[:1500] + HOSTILE_LINES + records[1500:]) + "\n"
    (folder / "varied.jsonl").write_bytes(
        text.encode("utf-8", "surrogatepass") + b'{"body":"\xff\xfe bad utf8"}\n\xff\xff\n{"body":"code:311"}\r\n'
    )
    (folder / "crlf.jsonl").write_bytes(b"\r\n".join(line.encode() for line in records[:200]) + b"\r\n")
    (folder / "empty.jsonl").write_bytes(b"")
    files = folder / "files"
    files.mkdir()
    (files / "http.txt").write_bytes(
        b"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n" + BODIES[1].encode()
    )
    (files / "http2.txt").write_bytes(b"HTTP/2 200\r\ncontent-type: text/xml\r\n\r\n" + BODIES[3].encode())
    (files / "ok.txt").write_text(BODIES[6])
    (files / "bad.json").write_text("{")
    (files / "a 919876543210.json").write_text(BODIES[15])
    for number in range(300):  # over the human report's 100 failures, in several units
        (files / f"f{number}.json").write_text(BODIES[1 if number % 3 else 0])
    write_mix_log(folder / "mix.jsonl", 60_000)  # over two 4 MiB chunks: --jobs 2 splits it
    examples = ROOT / "examples"
    return [
        [str(folder / "varied.jsonl")],
        [str(folder / "crlf.jsonl")],
        [str(folder / "empty.jsonl")],
        [str(files)],
        [str(examples / "responses")],
        [str(examples / "reports")],
        [str(examples / "journeys" / "reports.jsonl")],
        [str(examples / "outgoing" / "answered.jsonl")],
        [str(folder / "mix.jsonl")],
        [str(files), str(folder / "varied.jsonl")],
    ]


def runs(inputs: list[list[str]]) -> list[list[str]]:
    every = []
    for paths in inputs:
        for options in OPTIONS if "mix.jsonl" not in paths[0] else [[]]:
            for report in FORMATS:
                for jobs in ("1", "2"):
                    every.append(["check", *paths, "--format", report, *options, "--jobs", jobs])
    return every


def said_by(tree: Path, every: list[list[str]]) -> dict[str, list[object]]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER], input=json.dumps(every), capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the source tree to compare with")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the source tree under test (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        every = runs(write_inputs(Path(folder)))
        base, tree = said_by(args.base, every), said_by(args.tree, every)
    differ = [run for run in base if base[run] != tree[run]]
    for run in differ[:5]:
        print(f"differs: {run}")
        for before, after in zip(base[run], tree[run], strict=True):
            if before != after:
                lines = difflib.unified_diff(str(before).splitlines(), str(after).splitlines(), lineterm="")
                print("\n".join(list(lines)[:20]))
    print(f"{len(base)} runs, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
