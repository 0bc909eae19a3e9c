"""An authkey and a phone number planted in every field of every input shape never appear in any
output channel (tests/channels.py lists them all), and the masked forms do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from diagnose import diagnose, lookup
from diagnose.testing import assert_error

from .channels import (
    COMMAND_CHANNELS,
    LIBRARY_CHANNELS,
    REQUEST_CHANNELS,
    REQUEST_COMMAND_CHANNELS,
    REVEALING_CHANNELS,
    REVEALING_COMMAND_CHANNELS,
    TRACE_COMMAND_CHANNELS,
    receiver_log,
)
from .cli_runner import run_cli
from .hostile_corpus import AUTHKEY, PHONE

KEY_LEAK, KEY_TAIL, PHONE_LEAK = "1234567890GhIj", "GhIjKlMn", "98765432"
PHONE_PIECES = ("98765", "43210")
"""The halves of the phone number's last ten digits (the mask shows the last four, 3210)."""
INVISIBLE = ("\u200b", "\\u200b", "%E2%80%8B", "%25E2%2580%258B")
"""A zero-width space, raw and escaped as the shapes write it: the digits it splits read as one run."""
SECRETS = {
    "key-url": f"authkey={AUTHKEY}",
    "key-header": f"AuthKey: {AUTHKEY}",
    "key-xml": f"<auth_key>{AUTHKEY}</auth_key>",
    "key-json": json.dumps({"authKey": AUTHKEY}),
    "phone": PHONE,
    "phone-plus": f"+{PHONE}",
    "phone-sentence": f"{PHONE} is in DND registry",
    # red team round 4: keys no syntax delimited (split by a comment, an escape, an escaped quote)
    "key-split": (
        f"<AUTHKEY>{AUTHKEY[:10]}<!---->{AUTHKEY[10:]}</AUTHKEY> "
        f'"authkey":"{AUTHKEY[:12]}\\u0000{AUTHKEY[12:]}" "authkey":"{AUTHKEY[:12]}\\"{AUTHKEY[12:]}"'
    ),
    "key-markup": f'{{"authkey":{{"v":"{AUTHKEY}"}}}} <AUTHKEY><x/>{AUTHKEY}</AUTHKEY> authkey=<b>{AUTHKEY}</b>',
    # and a number in groups that no report names
    "phone-in-groups": (
        "Absent subscriber 98765_43210; 91_98765_43210 98765,43210 98765/43210 98765%2043210 98765\u200b43210"
        " Absent+subscriber+98765+43210 9\u200b8\u200b7\u200b6\u200b5\u200b4\u200b3\u200b2\u200b1\u200b0"
    ),
}
REQUEST_ID = "3763646c3058343736393231"


def _json(**fields: str) -> bytes:
    return json.dumps(fields).encode()


def _xml(secret: str, field: str) -> bytes:
    fields = {"TYPE": "error", "MESSAGE": "Invalid authkey", "CODE": "207"}
    fields[field] = secret.replace("&", "&amp;").replace("<", "&lt;")
    return ("<RESPONSE>" + "".join(f"<{k}>{v}</{k}>" for k, v in fields.items()) + "</RESPONSE>").encode()


def _report(field: str, secret: str) -> dict[str, str]:
    record = {"requestId": REQUEST_ID, "number": PHONE, "status": "2", "desc": "Failed", "failedReason": "DND"}
    record[field] = secret
    return record


SHAPES: dict[str, Callable[[str], bytes]] = {
    **{f"json-{f}": (lambda s, f=f: _json(**{"type": "error", "code": "207", f: s})) for f in ("message", "extra")},
    "json-type": lambda s: _json(type=s, message="x"),
    "json-code": lambda s: _json(type="error", code=s),
    "json-request-id": lambda s: _json(type="success", request_id=s),
    "json-success-message": lambda s: _json(type="success", message=s),
    "json-v5-errors": lambda s: _json(status="fail", errors=s, code="401"),
    **{f"xml-{f.lower()}": (lambda s, f=f: _xml(s, f)) for f in ("TYPE", "MESSAGE", "CODE", "REQUEST_ID")},
    "string": lambda s: s.encode(),
    "string-coded": lambda s: f"207: {s}".encode(),
    **{f"report-{f}": (lambda s, f=f: json.dumps(_report(f, s)).encode()) for f in ("desc", "failedReason", "number")},
    "report-extra": lambda s: json.dumps(_report("senderId", s)).encode(),
    "report-form": lambda s: (
        b"data=" + quote(json.dumps([{"requestId": REQUEST_ID, "report": [_report("desc", s)]}])).encode()
    ),
    "report-events": lambda s: json.dumps(
        [{"event": s, "data": [{"number": PHONE, "requestId": REQUEST_ID}]}]
    ).encode(),
}
BODIES = {f"{shape}--{secret}": make(SECRETS[secret]) for shape, make in SHAPES.items() for secret in SECRETS}


def _leaks(text: str, phones: bool = True) -> list[str]:
    for invisible in INVISIBLE:
        text = text.replace(invisible, "")
    leaks = (KEY_LEAK, KEY_TAIL, PHONE_LEAK, *PHONE_PIECES) if phones else (KEY_LEAK, KEY_TAIL)
    return [leak for leak in leaks if leak in text]


def test_the_planted_bodies_hold_what_they_claim() -> None:
    assert len(BODIES) == len(SHAPES) * len(SECRETS) >= 130
    for name, body in BODIES.items():
        text = body.decode()
        assert _leaks(text) or quote(KEY_LEAK) in text, name
        if name.endswith("--phone-in-groups") and not name.startswith("report"):
            assert PHONE_LEAK not in text, "only the groups tell the number, and no report names it"


@pytest.mark.parametrize("channel", sorted(LIBRARY_CHANNELS))
def test_no_library_channel_shows_a_planted_secret(channel: str) -> None:
    render = LIBRARY_CHANNELS[channel]
    found = {name: _leaks(render(body)) for name, body in BODIES.items()}
    assert not {name: leaks for name, leaks in found.items() if leaks}


@pytest.mark.parametrize("channel", sorted(REVEALING_CHANNELS))
def test_channels_that_reveal_the_number_still_mask_authkeys(channel: str) -> None:
    render = REVEALING_CHANNELS[channel]
    assert not {
        name: _leaks(render(body), phones=False) for name, body in BODIES.items() if _leaks(render(body), False)
    }


def test_the_masked_forms_are_what_is_shown() -> None:
    shown = LIBRARY_CHANNELS["to_dict"](BODIES["json-message--key-url"])
    assert "authkey=AbCd\u2026Mn" in shown
    assert "********3210 is in DND registry" in LIBRARY_CHANNELS["str"](BODIES["report-failedReason--phone-sentence"])


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("planted")
    named = folder / f"authkey={AUTHKEY} {PHONE}"
    named.mkdir()
    for name, body in BODIES.items():
        (named / f"{name}.txt").write_bytes(body)
    lines = [json.dumps({"id": SECRETS["key-url"], "body": body.decode()}) for body in BODIES.values()]
    (named / f"log-{PHONE}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return named


@pytest.mark.parametrize("channel", sorted(COMMAND_CHANNELS))
def test_no_command_channel_shows_a_planted_secret(channel: str, planted: Path) -> None:
    run = run_cli(*COMMAND_CHANNELS[channel], str(planted))
    assert run.status in (0, 1) and "Traceback" not in run.stderr, run.stderr
    assert len(run.stdout) > 1000
    assert not _leaks(run.stdout + run.stderr)


@pytest.mark.parametrize("channel", sorted(TRACE_COMMAND_CHANNELS))
def test_no_trace_channel_shows_a_planted_secret(channel: str, planted: Path) -> None:
    """trace reads the planted bodies as the answers and as the reports: every journey's line
    (where, request id, story) and record."""
    run = run_cli(*TRACE_COMMAND_CHANNELS[channel], str(planted), str(planted))
    assert run.status in (0, 1) and "Traceback" not in run.stderr, run.stderr
    assert len(run.stdout) > 1000
    assert not _leaks(run.stdout + run.stderr)


@pytest.mark.parametrize("channel", sorted(REVEALING_COMMAND_CHANNELS))
def test_command_channels_that_reveal_numbers_still_mask_authkeys(channel: str, planted: Path) -> None:
    args = [arg.replace("{folder}", str(planted)) for arg in REVEALING_COMMAND_CHANNELS[channel]]
    run = run_cli(*args, str(planted))
    assert run.status in (0, 1) and PHONE in run.stdout
    assert not _leaks(run.stdout + run.stderr, phones=False)


def test_the_webhook_receiver_log_and_answers_show_no_planted_secret(tmp_path: Path) -> None:
    shown = receiver_log(list(BODIES.values()), tmp_path / "reports.jsonl")
    assert shown.count("\n") > len(BODIES)
    assert not _leaks(shown)


_MISPLACED_KEY = "authkey=366412AbCdEf7890XyZqRsXY"


@pytest.mark.parametrize(
    "misuse",
    [
        lambda: diagnose(b"x", format=_MISPLACED_KEY),
        lambda: diagnose(b"x", http_status=919876543210),
        lambda: diagnose(b"x", max_bytes=-919876543210),
        lambda: lookup("207", phase=_MISPLACED_KEY),
        lambda: assert_error(b"x", _MISPLACED_KEY),
    ],
)
def test_a_secret_passed_in_the_wrong_place_is_masked_in_the_error(misuse: Callable[[], object]) -> None:
    """A caller's mistaken argument may be a key or a number: the library's misuse errors mask
    it, as the command's do (red team)."""
    with pytest.raises((TypeError, ValueError)) as raised:
        misuse()
    message = str(raised.value)
    assert "366412AbCdEf7890XyZqRsXY" not in message and "919876543210" not in message, message


@pytest.mark.parametrize("secret", [_MISPLACED_KEY, "919876543210"])
@pytest.mark.parametrize("split", [1, 5, 7, 11])
def test_a_cut_never_shows_part_of_a_secret(secret: str, split: int) -> None:
    """Where a too-large body is cut to the start it keeps, the cut never splits a key or a
    number into a part too short to be masked (red team)."""
    body = ("x" * (4096 - split) + secret + " " + "y" * (1 << 20)).encode()
    shown = json.dumps(diagnose(body).to_dict(), ensure_ascii=False)
    value = secret.rpartition("=")[2]
    assert not [value[:n] for n in range(5, len(value) + 1) if value[:n] in shown], shown[-80:]


def test_a_cut_drops_a_word_too_long_to_keep_whole() -> None:
    """When the word a cut falls in runs on past the margin, none of it is kept (red team: the
    start of a key or a number glued to a long run was kept, too short to be masked)."""
    key = _MISPLACED_KEY.rpartition("=")[2]
    for body in ("a" * 4592 + "&authkey=" + key + "&" + "b" * (1 << 20), "a" * 4601 + "919876543210" + "b" * (1 << 20)):
        shown = json.dumps(diagnose(body).to_dict(), ensure_ascii=False)
        assert "366412" not in shown and "919876" not in shown, shown[-60:]


def test_replace_masks_an_unknown_field_name() -> None:
    with pytest.raises(TypeError) as raised:
        diagnose(b"code: 207").replace(**{_MISPLACED_KEY: 1})
    assert "366412AbCdEf7890XyZqRsXY" not in str(raised.value) and "has no field" in str(raised.value)


# Requests before sending: the request's own authkey, and secrets planted in every field.

SEND = {  # each breaks two rules, so that one still breaks whichever field a secret is planted in
    "sendhttp": {
        "mobiles": "919812345678,98123",
        "message": "Hi",
        "sender": "SHOPIN",
        "route": "4",
        "DLT_TE_ID": "1",
        "campaign": "c" * 40,
    },
    "v2": {
        "sender": "SHOPIN",
        "route": "4",
        "DLT_TE_ID": "1",
        "campaign": "c" * 40,
        "sms": [{"message": "Hi", "to": ["919812345678", "98123"]}],
    },
    "flow": {"template_id": "t", "recipients": [{"mobiles": "919812345678", "name": "x" * 31, "order": "o" * 31}]},
    "otp": {"template_id": "t", "mobile": "+919812345678", "message": "no placeholder"},
}
ENDPOINTS = {"sendhttp": "sendhttp.php", "v2": "v2/sendsms", "flow": "v5/flow", "otp": "v5/otp"}


def _planted_requests() -> dict[str, object]:
    planted: dict[str, object] = {}
    for api, body in SEND.items():
        url = f"https://api.msg91.com/api/{ENDPOINTS[api]}"
        for secret_name, secret in {**SECRETS, "bare-key": AUTHKEY}.items():
            for field in [*body, "campaign", "schtime", "extra"]:
                planted[f"{api}-{field}--{secret_name}"] = {
                    "url": url,
                    "headers": {"authkey": AUTHKEY},
                    "body": {**body, field: secret},
                }
            planted[f"{api}-header--{secret_name}"] = {"url": url, "headers": {"authkey": secret}, "body": body}
            planted[f"{api}-query--{secret_name}"] = {
                "url": f"{url}?authkey={quote(secret)}",
                "headers": {},
                "body": body,
            }
            if api == "flow":
                recipient = {"mobiles": "919812345678", secret: "y" * 31, "name": secret * 3}
                planted[f"flow-variable--{secret_name}"] = {**body, "recipients": [recipient]}
    return planted


PLANTED_REQUESTS = _planted_requests()


def test_the_planted_requests_mostly_break_a_rule() -> None:
    with_findings = [name for name, request in PLANTED_REQUESTS.items() if REQUEST_CHANNELS["findings"](request)]
    assert len(PLANTED_REQUESTS) > 250 and len(with_findings) > len(PLANTED_REQUESTS) * 0.9


@pytest.mark.parametrize("channel", sorted(REQUEST_CHANNELS))
def test_no_request_channel_shows_a_planted_secret(channel: str) -> None:
    render = REQUEST_CHANNELS[channel]
    found = {
        name: _leaks(render(request)) + ([AUTHKEY] if AUTHKEY in render(request) else [])
        for name, request in PLANTED_REQUESTS.items()
    }
    assert not {name: leaks for name, leaks in found.items() if leaks}


@pytest.fixture(scope="module")
def planted_requests(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("planted-requests")
    lines = [json.dumps({"id": name, "request": request}) for name, request in PLANTED_REQUESTS.items()]
    (folder / "requests.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    answered = [
        json.dumps({"request": request, "body": '{"type":"success","message":"3763646c3058343736393231"}'})
        for request in PLANTED_REQUESTS.values()
    ]
    (folder / "answered.jsonl").write_text("\n".join(answered) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("channel", sorted(REQUEST_COMMAND_CHANNELS))
def test_no_preflight_report_shows_a_planted_secret(channel: str, planted_requests: Path) -> None:
    run = run_cli(*REQUEST_COMMAND_CHANNELS[channel], str(planted_requests / "requests.jsonl"))
    assert run.status == 1 and "Traceback" not in run.stderr, run.stderr
    assert len(run.stdout) > 1000
    assert not _leaks(run.stdout + run.stderr) and AUTHKEY not in run.stdout + run.stderr


@pytest.mark.parametrize("report", ["human", "json", "junit", "github"])
def test_checks_predictions_show_no_planted_secret(report: str, planted_requests: Path) -> None:
    run = run_cli("check", "--format", report, str(planted_requests / "answered.jsonl"))
    assert run.status in (0, 1) and "Traceback" not in run.stderr, run.stderr
    assert ('"refuted"' if report == "json" else "rule") in run.stdout, "the refuted predictions are reported"
    assert not _leaks(run.stdout + run.stderr) and AUTHKEY not in run.stdout + run.stderr


# Issue 21: what a journey, a trace line, a check record and a finding show.

NUMBER = "98765_43210"
"""A report's own number, written as no pattern finds a number: only its report knows it is one."""
KEY_IN_NAME = "authkey=366412AbCdEf7890XyZqRsXY"
NUMBER_PIECES = ("98765", "43210", "5_432")
KEY_PIECES = ("366412AbCdEf7890XyZqRsXY", "7890XyZq", "XyZqRsXY")


def _shows_a_planted_piece(text: str) -> list[str]:
    return [piece for piece in (*NUMBER_PIECES, *KEY_PIECES) if piece in text]


UNREADABLE_REPORT = {"requestId": REQUEST_ID, "number": NUMBER, "desc": f"handset {NUMBER} busy", "status": "weird"}
REPORT_ONLY = {"requestId": NUMBER, "number": NUMBER, "desc": f"handset {NUMBER} busy", "status": "weird"}
KEYED_REPORT = {"requestId": KEY_IN_NAME, "number": "919812345678", "status": "2", "desc": "Failed"}


@pytest.fixture(scope="module")
def journeys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An accepted answer in a file whose name holds a key; its report, which cannot be read and
    names its number in its description; a report whose request id is its number; and one whose
    request id is an authkey assignment. And a log of the reports of that number, named after it,
    with ids that name it."""
    folder = tmp_path_factory.mktemp("journeys")
    answers = folder / f"answers-{KEY_IN_NAME}.jsonl"
    answers.write_text(json.dumps({"type": "success", "message": REQUEST_ID}) + "\n", encoding="utf-8")
    reports = [UNREADABLE_REPORT, REPORT_ONLY, KEYED_REPORT]
    (folder / "reports.jsonl").write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")
    ids = f"webhook {NUMBER} {KEY_IN_NAME}"
    logged = [json.dumps({"id": ids, "body": report}) for report in (UNREADABLE_REPORT, REPORT_ONLY)]
    (folder / f"logged-{NUMBER}.jsonl").write_text("\n".join(logged) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("json_output", [False, True])
def test_the_trace_masks_a_reports_own_number_and_keys_on_every_line(journeys: Path, json_output: bool) -> None:
    answers = next(journeys.glob("answers-*"))
    run = run_cli("trace", *(["--json"] if json_output else []), str(answers), str(journeys / "reports.jsonl"))
    assert run.status == 1 and "Traceback" not in run.stderr, run.stderr
    assert not _shows_a_planted_piece(run.stdout + run.stderr), run.stdout
    if not json_output:
        assert "accepted, then a report that could not be read: delivery description 'handset *******3210 busy'" in (
            run.stdout
        )
        assert "(reports only)  *******3210  accepted, then a report that could not be read" in run.stdout
        assert "answers-authkey=3664\u2026" in run.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["report"],
        ["report", "--json"],
        *(["check", "--reports", "--format", f] for f in ("human", "json", "junit", "github")),
    ],
)
def test_every_report_record_masks_its_number_in_its_file_name_and_id(journeys: Path, args: list[str]) -> None:
    """check --format junit named each case with the log's id unmasked; every report also names
    the file, whose name may hold the number (a file of one number's reports, named after it)."""
    run = run_cli(*args, str(journeys / f"logged-{NUMBER}.jsonl"))
    assert run.status in (0, 1) and "Traceback" not in run.stderr, run.stderr
    assert "3210" in run.stdout and not _shows_a_planted_piece(run.stdout + run.stderr), run.stdout


def test_a_journeys_str_and_repr_mask_its_request_id_and_where() -> None:
    from diagnose import trace
    from diagnose.journeys.journey import Submitted

    accepted = diagnose(json.dumps({"type": "success", "message": REQUEST_ID}))
    answer = Submitted(accepted, f"{KEY_IN_NAME}/{NUMBER}.log:3")
    found = list(trace([answer], [UNREADABLE_REPORT, REPORT_ONLY, KEYED_REPORT], now=0))
    assert {str(j.state) for j in found} == {"unrecognised", "failed"} and len(found) == 3
    shown = "\n".join(f"{journey}\n{journey!r}\n{journey.submitted!r}" for journey in found)
    assert not _shows_a_planted_piece(shown), shown
    assert "request_id='*******3210'" in shown and "where='authkey=3664\u2026" in shown
    assert "Journey(request_id='authkey=3664\u2026XY', state='failed', entry='DELIVERY_FAILED'" in shown


def test_the_records_a_check_reads_show_their_fields_masked(journeys: Path) -> None:
    from diagnose import diagnose_report
    from diagnose.check.reports import Tally
    from diagnose.logs.reader import Item
    from diagnose.logs.units import Unit

    (report,) = diagnose_report(UNREADABLE_REPORT)
    item = Item(f"{KEY_IN_NAME}/{NUMBER}.jsonl", 7, f"id {NUMBER} {KEY_IN_NAME}", report, time=KEY_IN_NAME)
    tally = Tally()
    tally.add(item, True)
    shown = f"{item!r}\n{Unit('files', (item.origin,))!r}\n{tally!r}"
    assert not _shows_a_planted_piece(shown), shown
    assert shown.startswith("Item(origin='authkey=3664\u2026") and "line=7" in shown


def test_a_requests_own_keys_are_masked_whole_whatever_the_hash_seed(tmp_path: Path) -> None:
    """The body's authkey is the first 17 characters of the header's: masked in set order, the
    shorter one first, 12 more characters of the header's key were shown under some seeds."""
    header_key = "Zq7Wx9Lm3Np5Rt8Vb2Cd4Fg6Hj1"
    body = {"authkey": header_key[:17], "sender": f"x {header_key} y", "route": "4", "DLT_TE_ID": "1"}
    body["sms"] = [{"message": f"Hi {header_key}", "to": ["919812345678", f"9{header_key}"]}]
    request = {"url": "https://api.msg91.com/api/v2/sendsms", "headers": {"authkey": header_key}, "body": body}
    sends = tmp_path / "sends.jsonl"
    sends.write_text(json.dumps({"id": "order-1", "request": request}) + "\n", encoding="utf-8")
    script = (
        "import sys; from diagnose.cli.main import main\n"
        "for form in ('human', 'json', 'github'):\n"
        "    main(['preflight', '--now', '2026-01-01T00:00:00Z', '--format', form, sys.argv[1]])\n"
    )
    shown = set()
    for seed in range(8):
        run = subprocess.run(
            [sys.executable, "-c", script, str(sends)],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert "Traceback" not in run.stderr, run.stderr
        pieces = [header_key[i : i + 5] for i in range(len(header_key) - 4)]
        assert not [piece for piece in pieces if piece in run.stdout], (seed, run.stdout)
        shown.add(run.stdout)
    assert len(shown) == 1, "the same report under every hash seed"
    assert "sender 'x Zq7W\u2026j1 y'" in shown.pop()


@pytest.mark.parametrize("order", [0, 1])
def test_overlapping_secrets_are_masked_as_one_in_any_order(order: int) -> None:
    from diagnose.redaction import mask_secrets

    long_key, short_key = "Zq7Wx9Lm3Np5Rt8Vb2Cd4Fg6Hj1", "Zq7Wx9Lm3Np5Rt8Vb"
    straddling = "Fg6Hj1PpQqRrSsTt"  # starts inside the long key, ends after it
    secrets = [long_key, short_key, straddling][:: 1 if order else -1]
    text = f"a {long_key} b {short_key} c {long_key}PpQqRrSsTt d"
    assert mask_secrets(text, secrets) == "a Zq7W\u2026j1 b Zq7W\u2026Vb c Zq7W\u2026Tt d"
    assert mask_secrets("nothing here", secrets) == "nothing here"


def test_a_journeys_text_is_shown_only_through_its_own_masking() -> None:
    """Why the trace line escaped: printable() masks the numbers its caller names, and the line
    named none. Every text a journey renders goes through shown() or masked(), which name all of
    the journey's numbers; no other function of journeys/journey.py or journeys/render.py calls
    printable() or redact(), but Submitted's repr, which names its answer's number."""
    import ast
    import inspect

    from diagnose.journeys import journey, render

    callers = set()
    for module in (journey, render):
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            owner = node.name if isinstance(node, ast.ClassDef) else None
            functions = [f for f in ast.walk(node) if isinstance(f, ast.FunctionDef)] if owner else []
            callers |= {
                f"{owner}.{function.name}"
                for function in functions
                for call in ast.walk(function)
                if isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id in ("printable", "redact")
            }
        callers |= {
            function.name
            for function in tree.body
            if isinstance(function, ast.FunctionDef)
            for call in ast.walk(function)
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id in ("printable", "redact")
        }
    assert callers == {"shown", "masked", "Submitted.__repr__"}


# Red team round 4: usage errors, keys no syntax delimited, numbers in groups no report names.

RED_TEAM_REQUEST_ID = "3763646c3058373530393832"
RED_TEAM_KEY = "367431AbCdEfGhIjKlMnOpQr"


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["check", "--max-bytes", "300000000"], "not 300,000,000"),
        (["check", "--jobs", "-919876543210"], "not -919,876,543,210"),
        (["parse", "--http-status", "300000000"], "--http-status must be between 100 and 599, not 300,000,000"),
        (["preflight", "--now", "99999999999999"], "--now: 99999999999999 is not ISO 8601"),
    ],
)
def test_a_usage_error_shows_the_number_typed_not_a_mask(args: list[str], shown: str, tmp_path: Path) -> None:
    """L3: a usage error holds the command's own words and what was typed, never body text: its
    numbers are not phone numbers."""
    run = run_cli(*args, str(tmp_path))
    assert run.status == 2 and shown in run.stderr and "*" not in run.stderr, run.stderr


def test_a_usage_error_still_masks_a_key_typed_in_the_wrong_place() -> None:
    run = run_cli("explain", "207", KEY_IN_NAME)
    assert run.status == 2 and "366412AbCdEf7890XyZqRsXY" not in run.stderr and "authkey=3664\u2026" in run.stderr


K = RED_TEAM_KEY
RED_TEAM_KEY_BODIES = [
    f'{{"type":"error","code":"418","authkey":{{"v":"{K}"}}}}',
    f"<R><TYPE>error</TYPE><CODE>418</CODE><AUTHKEY><x/>{K}</AUTHKEY></R>",
    f'{{"type":"error","code":"418","authkey\\t":"{K}"}}',
    *(f'{{"type":"error","code":"418","message":"m authkey{e}={e}{K}"}}' for e in ("\\t", "\\n", "\\u0020")),
    f"authkey=<b>{K}</b>",
    f"authkey: `{K}`",
    f"<R><TYPE>error</TYPE><CODE>418</CODE><AUTHKEY>{K[:10]}<!---->{K[10:]}</AUTHKEY></R>",
    f'{{"type":"error","code":"418","authkey":"{K[:12]}\\u0000{K[12:]}"}}',
    f'{{"type":"error","code":"418","authkey":"{K[:12]}\\"{K[12:]}"}}',
    f"authkey%25253D{K}",
    f"\uff41\uff55\uff54\uff48\uff4b\uff45\uff59\uff1d{K}",
    f"authkey\u200b={K}",
    f"authkey\x00={K}",
    f"authkey1={K}",
    f"auth.key={K}",
    f"authkey is {K}",
    f"the key {K} here",
]


@pytest.mark.parametrize("body", RED_TEAM_KEY_BODIES)
def test_no_part_of_a_key_the_red_team_planted_is_shown(body: str, tmp_path: Path) -> None:
    """L2, as reported: the key whole or a tail of it in to_dict()['raw'], repr() and parse --json."""
    pieces = [K[i : i + 6] for i in range(len(K) - 5)]
    shown = [LIBRARY_CHANNELS[channel](body.encode()) for channel in ("to_dict", "repr", "str", "log_fields")]
    path = tmp_path / "body.txt"
    path.write_text(body, encoding="utf-8")
    shown.append(run_cli("parse", "--json", str(path)).stdout)
    for text in shown:
        assert not [piece for piece in pieces if piece in text], text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"authkey={K[:12]}\u20ac{K[12:]}&x=1", "authkey=3674\u2026Qr&x=1"),  # a character no key holds
        ("authkey=abc$defghXyZwVuTs rest", "authkey=abc$\u2026Ts rest"),
        (f"authkey={K} done", "authkey=3674\u2026Qr done"),  # a value that ends where values end: as before
        ("authkey=short&x=1", "authkey=short&x=1"),  # too short for a key, and delimited
    ],
)
def test_a_value_that_does_not_end_where_values_end_is_masked_to_the_next_end(text: str, masked: str) -> None:
    from diagnose.redaction import redact

    assert redact(text, phones=False) == masked


def test_a_word_shaped_like_an_authkey_is_masked_wherever_it_stands_but_a_request_id_is_not() -> None:
    from diagnose.redaction import redact

    assert redact(f"the key {K} here", phones=False) == "the key 3674\u2026Qr here"
    assert redact(f"{{'k': '{K}'}}", phones=False) == "{'k': '3674\u2026Qr'}"
    for shown in (RED_TEAM_REQUEST_ID, RED_TEAM_REQUEST_ID.upper(), "5f1a2b3c4d5e6f7a8b9c0d1e2f3a", "A" * 24, "x" * 40):
        assert redact(shown, phones=False) == shown
    assert redact(f"{K}X" * 2, phones=False) == f"{K}X" * 2, "longer than a key: a word, not one"


GROUPED = ["98765_43210", "91_98765_43210", "98765,43210", "98765/43210", "98765%2043210", "98765\u200b43210"]
GROUPED += [
    "98765 43210",
    "+91-98765-43210",
    "98765\u00a043210",
    "98765+43210",
    "98765\\u200b43210",
    "98765&nbsp;43210",
]


def _grouped_report(field: str, written: str) -> bytes:
    record = {"requestId": RED_TEAM_REQUEST_ID, "number": "919876543210", "status": "2", "desc": "Failed"}
    record |= {"failedReason": "DND", field: f"Absent subscriber {written}"}
    return json.dumps(record).encode()


@pytest.mark.parametrize("field", ["failedReason", "desc", "requestId"])
@pytest.mark.parametrize("written", GROUPED)
def test_a_number_in_groups_is_masked_in_every_channel_though_no_report_names_it(field: str, written: str) -> None:
    """L1: the report's number is 919876543210; its text names the number in groups, with
    separators of every kind. Only the general rule can tell it is a number."""
    body = _grouped_report(field, written)
    for channel, render in LIBRARY_CHANNELS.items():
        shown = render(body).replace("\u200b", "").replace("\\u200b", "")
        assert "98765" not in shown and "43210" not in shown, (channel, shown)
    assert "3210" in LIBRARY_CHANNELS["to_dict"](body)


def test_the_report_table_masks_a_number_in_groups(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_bytes(_grouped_report("failedReason", "98765_43210"))
    for args in (["report"], ["report", "--json"], ["parse"], ["parse", "--json"]):
        run = run_cli(*args, str(path))
        assert run.status in (0, 1) and "Traceback" not in run.stderr, run.stderr
        assert "98765" not in run.stdout and "43210" not in run.stdout, run.stdout


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("98765_43210", "*****_*3210"),
        ("91_98765_43210", "**_*****_*3210"),
        ("98765,43210", "*****,*3210"),
        ("98765, 43210", "*****, *3210"),
        ("98765/43210", "*****/*3210"),
        ("98765%2043210", "*****%20*3210"),
        ("98765%252043210", "*****%2520*3210"),
        ("98765\u200b43210", "*****\u200b*3210"),
        ("98765\\u200b43210", "*****\\u200b*3210"),
        ("98765\\\\u200b43210", "*****\\\\u200b*3210"),
        ("98765%5Cu200b43210", "*****%5Cu200b*3210"),
        ("98765\u2013 43210", "*****\u2013 *3210"),
        ("98765&nbsp;43210", "*****&nbsp;*3210"),
        ("subscriber+98765+43210", "subscriber+*****+*3210"),
        ("x98765_43210", "x*****_*3210"),
        ("98765_43210x", "*****_*3210x"),
        ("3763646c3058373530393832_98765_43210", "3763646c3058373530393832_*****_*3210"),
        ("9\u200b8\u200b7\u200b6\u200b5\u200b4\u200b3\u200b2\u200b1\u200b0", "*\u200b" * 6 + "3\u200b2\u200b1\u200b0"),
        (
            "9%E2%80%8B8%E2%80%8B7%E2%80%8B6%E2%80%8B5%E2%80%8B4%E2%80%8B3%E2%80%8B2%E2%80%8B1%E2%80%8B0",
            "*%E2%80%8B" * 6 + "3%E2%80%8B2%E2%80%8B1%E2%80%8B0",
        ),
        ("06 12 34 56 78", "** ** ** 56 78"),
        ("+33 6 12 34 56 78", "+33 * ** ** 56 78"),
        ("612 34 56 78", "*** ** 56 78"),
    ],
)
def test_every_way_of_writing_a_number_in_groups_is_masked_to_its_last_four_digits(written: str, masked: str) -> None:
    from diagnose.redaction import redact

    assert redact(written) == masked


@pytest.mark.parametrize(
    "ordinary",
    [
        "2026-12-06",
        "2026-12-06 12:30:45",
        "2026-12-06T12:30:45.123456Z",
        "06/12/2026 14:55",
        "12.06.2026 14:55:00",
        "12:30:45.123456",
        "1,234.50",
        "12,345,678.90",
        "1,234,567,890",
        "12,34,56,789",
        "[100,200,300,400]",
        "1.2.3",
        "v10.11.12",
        "code 418",
        "10.0.0.1",
        "192.168.100.200",
        "backup-2026-12-06-12-30.log",
        RED_TEAM_REQUEST_ID,
        f"{RED_TEAM_REQUEST_ID} 5f1a2b3c4d5e6f7a8b9c0d1e",
        "1234 5678",
        "12\u200b34",
    ],
)
def test_dates_times_amounts_versions_codes_and_request_ids_are_not_numbers(ordinary: str) -> None:
    from diagnose.redaction import redact

    assert redact(ordinary) == ordinary
