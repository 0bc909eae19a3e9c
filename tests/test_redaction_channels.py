"""An authkey and a phone number planted in every field of every input shape never appear in any
output channel (tests/channels.py lists them all), and the masked forms do."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

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
from .hostile_corpus import AUTHKEY, PHONE, grouped_report

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


RED_TEAM_KEY = "367431AbCdEfGhIjKlMnOpQr"


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


GROUPED = ["98765_43210", "91_98765_43210", "98765,43210", "98765/43210", "98765%2043210", "98765\u200b43210"]
GROUPED += [
    "98765 43210",
    "+91-98765-43210",
    "98765\u00a043210",
    "98765+43210",
    "98765\\u200b43210",
    "98765&nbsp;43210",
]


@pytest.mark.parametrize("field", ["failedReason", "desc", "requestId"])
@pytest.mark.parametrize("written", GROUPED)
def test_a_number_in_groups_is_masked_in_every_channel_though_no_report_names_it(field: str, written: str) -> None:
    """L1: the report's number is 919876543210; its text names the number in groups, with
    separators of every kind. Only the general rule can tell it is a number."""
    body = grouped_report(field, written)
    for channel, render in LIBRARY_CHANNELS.items():
        shown = render(body).replace("\u200b", "").replace("\\u200b", "")
        assert "98765" not in shown and "43210" not in shown, (channel, shown)
    assert "3210" in LIBRARY_CHANNELS["to_dict"](body)
