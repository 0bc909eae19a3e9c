"""Masking (diagnose/redaction.py): every syntax of an authkey and every way of writing a phone
number is masked wherever it stands, in a diagnosis, a report, a journey, a check's records and an
error message, and a cut never keeps part of one; dates, amounts, versions, codes and request ids
are not numbers. Every output channel is scanned for planted secrets in
tests/test_redaction_channels.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnose import Outcome, diagnose, diagnose_report, lookup
from diagnose.testing import assert_error, assert_ok

from .cli_runner import run_cli
from .hostile_corpus import AUTHKEY, CORPUS, KEY_VARIANTS, PHONE, RED_TEAM_REQUEST_ID, grouped_report
from .shown import assert_nothing_leaks, every_rendering, everything_shown


def test_a_report_read_by_diagnose_never_shows_its_number(tmp_path: Path) -> None:
    body = CORPUS["report-number-in-reason"]
    assert_nothing_leaks(every_rendering(diagnose(body)))
    with pytest.raises(AssertionError) as failure:
        assert_ok(body)
    assert_nothing_leaks(str(failure.value))
    path = tmp_path / "flat-v2-failed.json"
    path.write_bytes(body)
    for args in (["parse", str(path)], ["parse", "--json", str(path)]):
        run = run_cli(*args)
        assert run.status == 0
        assert_nothing_leaks(run.stdout)


def test_a_number_repeated_in_the_reason_is_masked_in_every_report(tmp_path: Path) -> None:
    path = tmp_path / "dnd.json"
    path.write_bytes(CORPUS["report-number-in-reason"])
    (report,) = diagnose_report(path.read_bytes())
    assert "********3210 is in DND registry" in str(report)
    runs = [run_cli("report", str(path)), run_cli("report", "--json", str(path))]
    runs += [run_cli("check", "--reports", "--format", f, str(path)) for f in ("human", "json", "junit", "github")]
    for run in runs:
        assert "********3210" in run.stdout
        assert_nothing_leaks(run.stdout)


def test_show_numbers_shows_the_number_field_only(tmp_path: Path) -> None:
    path = tmp_path / "dnd.json"
    path.write_bytes(CORPUS["report-number-in-reason"])
    data = json.loads(run_cli("report", "--json", "--show-numbers", str(path)).stdout)
    assert data[0]["number"] == PHONE
    assert PHONE not in data[0]["failure_reason"] and PHONE not in data[0]["raw"]


def test_a_form_encoded_plus_number_is_masked() -> None:
    (report,) = diagnose_report(CORPUS["report-form-plus"])
    assert report.number == f"+{PHONE}"
    assert_nothing_leaks(every_rendering(report))
    (not_a_report,) = diagnose_report(CORPUS["not-a-report-with-number"])
    assert not_a_report.outcome is Outcome.UNRECOGNISED
    assert "%2B********3210" in not_a_report.to_dict()["raw"]


def test_the_report_table_masks_a_key_in_the_failure_reason(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_bytes(CORPUS["report-key-in-reason"])
    run = run_cli("report", str(path))
    assert run.status == 0 and "authkey=AbCd\u2026Mn" in run.stdout
    assert_nothing_leaks(run.stdout)


@pytest.mark.parametrize(
    "name",
    [
        "xml-key-whitespace",
        "xml-key-attribute",
        "xml-key-cdata",
        "url-encoded-json-key",
        "php-array-key",
        "double-escaped-json-key",
        "html-escaped-json-key",
        "mixed-case-key",
    ],
)
def test_every_syntax_of_a_key_is_masked_and_warned_about(name: str, tmp_path: Path) -> None:
    result = diagnose(CORPUS[name])
    assert AUTHKEY in result.raw, "the diagnosis keeps the body for the caller's code"
    shown = every_rendering(result)
    assert_nothing_leaks(shown)
    assert "AbCd\u2026Mn" in shown
    path = tmp_path / "body.txt"
    path.write_bytes(CORPUS[name])
    run = run_cli("check", "--allow-unrecognised", "--format", "json", str(path))
    assert json.loads(run.stdout)["summary"]["authkeys_in_clear"] == 1, "the check warning sees it too"
    assert_nothing_leaks(run.stdout)


def test_code_request_id_and_file_names_are_masked(tmp_path: Path) -> None:
    assert "authkey=AbCd\u2026Mn" in str(diagnose(CORPUS["key-in-code"]))
    assert str(diagnose(CORPUS["key-in-request-id"])) == "success: request id authkey=AbCd\u2026Mn"
    folder = tmp_path / f"authkey={AUTHKEY}"
    folder.mkdir()
    (folder / "code.json").write_bytes(CORPUS["key-in-code"])
    for args in (["parse", str(folder)], ["parse", "--json", str(folder)]):
        assert_nothing_leaks(run_cli(*args).stdout)
    for report in ("human", "json", "junit", "github"):
        run = run_cli("check", "--format", report, str(folder))
        assert run.status == 1
        assert_nothing_leaks(run.stdout + run.stderr)


def test_a_diagnosis_cannot_be_serialised_unmasked_by_accident() -> None:
    result = diagnose(CORPUS["report-number-in-reason"])
    with pytest.raises(TypeError, match="not JSON serializable"):
        json.dumps(result)
    with pytest.raises(TypeError):
        len(result)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        result[0]  # type: ignore[index]
    with pytest.raises(AttributeError, match="immutable"):
        result.code = "207"  # type: ignore[misc]
    assert json.dumps(result.to_dict()), "to_dict() is the way to serialise, masked"


@pytest.mark.parametrize("name", sorted(KEY_VARIANTS))
def test_every_key_syntax_the_red_team_found_is_masked(name: str, tmp_path: Path) -> None:
    body = KEY_VARIANTS[name]
    for diagnosis in [diagnose(body), *diagnose_report(body)]:
        assert_nothing_leaks(every_rendering(diagnosis))
    path = tmp_path / "body.txt"
    path.write_text(body, encoding="utf-8")
    for args in (["parse", str(path)], ["parse", "--json", str(path)], ["report", "--json", str(path)]):
        assert_nothing_leaks(run_cli(*args).stdout)


KEY = "AbCdEfGhXyZwVuTsRqPoNmLk"


@pytest.mark.parametrize(
    "written",
    [
        "+91 98765 43210",
        "+91-98765-43210",
        "(919) 876-5432",
        "98765 43210",
        "098765-43210",
        "+91.98765.43210",
        "91 9876 543 210",
        "+91 (987) 654-3210",
        "9876 5432 10",
        "+91\u00a098765\u00a043210",
        "\u0669\u0661\u0669\u0668\u0667\u0666\u0665\u0664\u0663\u0662\u0661\u0660",
    ],
)
def test_a_phone_number_written_in_groups_is_masked(written: str) -> None:
    body = json.dumps({"type": "error", "message": f"Invalid mobile {written}"})
    shown = every_rendering(diagnose(body))
    digits = "".join(c for c in written if c.isdigit())
    assert digits[:-4] not in "".join(c for c in shown if c.isdigit() or c == "*"), shown


@pytest.mark.parametrize("text", ["2024-03-01 17:45:59", "IP 192.168.100.200 is not whitelisted", "1 000 000"])
def test_dates_addresses_and_amounts_are_not_taken_for_numbers(text: str) -> None:
    assert text in str(diagnose(json.dumps({"type": "error", "message": text})))


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"headers": [{"name": "authkey", "value": KEY}]}),
        json.dumps({"header": [{"key": "authkey", "value": KEY}]}),
        f"authkey\\u003d{KEY}",
        f"\\u0027authkey\\u0027: \\u0027{KEY}",
        f"{{b'authkey': [b'{KEY}']}}",
        f"[('authkey', '{KEY}')]",
        f'array(1) {{\n  ["authkey"]=>\n  string(24) "{KEY}"\n}}',
        f"authkey,{KEY}",
        f"authkey\t{KEY}",
        f"Authentication failure for authkey {KEY}",
        f"authkey&#x3D;{KEY}",
        f"authkey&equals;{KEY}",
        f"authkey\\x3d{KEY}",
        f'<input name="authkey" value="{KEY}">',
        f"VALUES ('authkey', '{KEY}')",
        f"- authkey\n- {KEY}",
        f"authkey_id={KEY}",
        f"authkeys={KEY}",
        f"authkey;{KEY}",
        f"authkey|{KEY}",
    ],
)
def test_key_syntaxes_of_real_tools_are_masked(body: str) -> None:
    for diagnosis in [diagnose(body), *diagnose_report(body)]:
        assert_nothing_leaks(every_rendering(diagnosis))


def test_prose_after_a_key_name_is_not_masked() -> None:
    body = json.dumps({"type": "error", "message": "Invalid authkey provided to the gateway"})
    assert "Invalid authkey provided to the gateway" in str(diagnose(body))


def test_the_receivers_record_stays_json_when_numbers_in_it_are_masked() -> None:
    body = {"requestId": "5f3c2b1a0d9e8f7a6b5c4d3e", "number": 919876543211, "status": "2", "timestamp": 1700000000}
    (report,) = diagnose_report(body)
    raw = report.to_dict()["raw"]
    assert json.loads(raw) == {**body, "number": "********3211", "timestamp": "******0000"}
    (again,) = diagnose_report(raw)
    assert again.entry is report.entry


def test_an_excerpt_is_masked_before_it_is_cut(tmp_path: Path) -> None:
    for secret in ("919876543210", f"authkey={KEY}"):
        body = "x" * (300 - 7) + secret
        path = tmp_path / "cut.txt"
        path.write_text(body)
        shown = run_cli("parse", str(path)).stdout
        assert "9198765" not in shown and "AbCdEfG" not in shown, shown


RESPONSE_AUTHKEY = "366412AbCdEf7890XyZqRsXY"


@pytest.mark.parametrize(
    "body",
    [
        f'{{"type":"error","message":"Invalid key authkey={RESPONSE_AUTHKEY}&mobiles=91"}}',
        f'{{"type":"error","message":"request https://api.example/send?authkey={RESPONSE_AUTHKEY}&route=4","code":"999"}}',
        f'{{"type":"error","message":"bad","authkey":"{RESPONSE_AUTHKEY}"}}',
        f"<RESPONSE><TYPE>error</TYPE><MESSAGE>x</MESSAGE><AUTHKEY>{RESPONSE_AUTHKEY}</AUTHKEY></RESPONSE>",
        f"authkey: {RESPONSE_AUTHKEY}",
        f"Authkey = {RESPONSE_AUTHKEY}",
    ],
)
def test_an_authkey_in_a_response_is_masked_everywhere(body: str) -> None:
    result = diagnose(body)
    shown = everything_shown(result)
    assert RESPONSE_AUTHKEY not in shown
    assert "3664\u2026XY" in shown
    assert result.raw == body, "the diagnosis keeps the body; only what is shown is masked"


def test_the_command_line_never_prints_an_authkey(tmp_path: Path) -> None:
    body = f'{{"type":"error","message":"Invalid authkey={RESPONSE_AUTHKEY}","code":"999"}}'.encode()
    for args in (
        ("parse",),
        ("parse", "--json"),
        ("check", "-"),
        ("check", "-", "--format", "json"),
        ("check", "-", "--format", "junit"),
        ("check", "-", "--format", "github"),
    ):
        run = run_cli(*args, stdin=body)
        assert RESPONSE_AUTHKEY not in run.stdout + run.stderr, args


def test_check_warns_about_authkeys_in_clear_text_and_never_echoes_them(tmp_path: Path) -> None:
    log = tmp_path / "traffic.jsonl"
    log.write_text(
        json.dumps({"id": 1, "body": "code: 207", "request": {"url": f"https://api/send?authkey={RESPONSE_AUTHKEY}"}})
        + "\n"
        + json.dumps(
            {"id": 2, "body": "3763646c3058373530393832", "request": {"headers": {"authkey": RESPONSE_AUTHKEY}}}
        )
        + "\n",
        encoding="utf-8",
    )
    human = run_cli("check", str(log))
    assert RESPONSE_AUTHKEY not in human.stdout + human.stderr
    assert f"warning: 2 inputs hold an authkey in clear text (first: {log}:1)" in human.stdout
    as_json = run_cli("check", str(log), "--format", "json")
    assert json.loads(as_json.stdout)["summary"]["authkeys_in_clear"] == 2
    assert "warning: 2 inputs hold an authkey in clear text" in as_json.stderr
    assert RESPONSE_AUTHKEY not in as_json.stdout + as_json.stderr


_envelopes = st.sampled_from(
    [
        '{{"type":"{t}","message":"{m}","code":"{c}"}}',
        "<RESPONSE><TYPE>{t}</TYPE><MESSAGE>{m}</MESSAGE><CODE>{c}</CODE></RESPONSE>",
        "code: {c} {m}",
        "{m}",
        'data={m}{{"requestId":"{c}","number":"{t}","status":"{c}"}}',
    ]
)
_pieces = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)


@given(_envelopes, _pieces, _pieces, _pieces, st.sampled_from(["authkey=", '"authkey":"', "authkey: ", "<authkey>"]))
def test_no_planted_authkey_is_ever_shown(template: str, t: str, m: str, c: str, carrier: str) -> None:
    body = template.format(t=t, m=f"{m} {carrier}{RESPONSE_AUTHKEY}", c=c)
    for result in [diagnose(body), *diagnose_report(body)]:
        assert RESPONSE_AUTHKEY not in everything_shown(result)


REQUEST_ID = "3763646c3058343736393231"


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


def test_the_report_table_masks_a_number_in_groups(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_bytes(grouped_report("failedReason", "98765_43210"))
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
