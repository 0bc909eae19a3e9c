"""Every attack of issue 10, by its number, and the whole hostile corpus through every reader and
every command. Cases 8 (the receiver's Content-Length) and 17-19 (the gate's output, misuse,
SIGTERM) are tested where they live: tests/test_webhook_receiver.py, tests/test_gate_misuse.py.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import partial
from pathlib import Path

import pytest
from lxml import etree

from diagnose import Diagnosis, Outcome, diagnose, diagnose_report, load_catalog
from diagnose.catalog import text as catalog_text
from diagnose.delivery.reports import diagnose_report_unguarded
from diagnose.responses.pipeline import diagnose_unguarded
from diagnose.testing import assert_ok

from .bounds import bounded, grows_linearly
from .cli_runner import run_cli
from .hostile_corpus import AUTHKEY, CORPUS, KEY_VARIANTS, LEAKS, LETTER_KEY_LEAK, LETTER_KEY_TAIL, PHONE

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What a terminal or CI log must never get from a body: every control character but newline
and tab (which only the product's own layout writes), line separators, bidi overrides."""


def _shown(diagnosis: Diagnosis) -> str:
    return "\n".join(
        [str(diagnosis), repr(diagnosis), diagnosis.summary(), json.dumps(diagnosis.to_dict(), ensure_ascii=False)]
    )


def _assert_nothing_leaks(text: str) -> None:
    for leak in (*LEAKS, LETTER_KEY_LEAK, LETTER_KEY_TAIL):
        assert leak not in text, f"{leak!r} shown"


def _assert_printable_lines(text: str) -> None:
    assert not UNSAFE.search(text), f"unescaped control character: {UNSAFE.search(text)!r}"
    for line in text.splitlines():
        own = line.startswith(("::error ", "::warning title=Authkeys in clear text::"))
        assert not line.lstrip().startswith("::") or own, f"forged command: {line!r}"


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_hostile_body_is_read_without_raising_leaking_or_forging(name: str) -> None:
    body = CORPUS[name]
    for text in (body, body.decode("utf-8", "surrogateescape")):
        result = bounded(lambda: diagnose_unguarded(text), f"diagnose({name})")  # noqa: B023 - called at once
        reports = bounded(lambda: diagnose_report_unguarded(text), f"diagnose_report({name})")  # noqa: B023
        for diagnosis in [result, *reports]:
            shown = _shown(diagnosis)
            shown.encode("utf-8")  # strictly: every rendering can be written as UTF-8
            _assert_nothing_leaks(shown)
            _assert_printable_lines(str(diagnosis) + repr(diagnosis))


# 1, 2: backtracking (the growth is in tests/test_linear_time.py and the benchmark)


def test_01_html_comments_are_read_in_linear_time() -> None:
    result = bounded(lambda: diagnose(b"<!---->" * 27 + b"x"), "diagnose")
    assert result.outcome is Outcome.UNRECOGNISED and "malformed XML" in (result.reason or "")
    assert diagnose(b"<!-- a --><!-- b -->\n<!DOCTYPE html><html></html>").entry is not None


def test_02_a_code_label_followed_by_spaces_is_read_in_linear_time() -> None:
    result = bounded(lambda: diagnose(b"code" + b" " * 1_000_000 + b"x"), "diagnose")
    assert result.outcome is Outcome.UNRECOGNISED and result.reason == (
        "text that is not a request ID, a code or a message in the catalog"
    )
    result = bounded(lambda: diagnose(b"code" + b" " * 1_000_000 + b"x", max_bytes=2_000_000), "diagnose")
    assert result.outcome is Outcome.UNRECOGNISED


# 3-6: exceptions


@pytest.mark.parametrize(
    "codec",
    [
        *("rot13", "hex", "base64", "zlib", "bz2", "uu", "idna", "punycode"),
        *("unicode_escape", "raw_unicode_escape", "charmap", "undefined", "utf-7", "hz", "iso2022_jp", "iso2022_kr"),
    ],
)
def test_03_a_codec_that_is_not_a_text_encoding_is_ignored(codec: str) -> None:
    body = f'<?xml version="1.0" encoding="{codec}"?><r><type>error</type><code>207</code></r>'.encode()
    assert diagnose_unguarded(body).entry is not None, "read as UTF-8: the declaration cannot apply"
    assert diagnose_unguarded(b'{"type":"error","code":"207"}', content_type=f"application/json; charset={codec}").code


def test_04_an_integer_over_the_interpreters_digit_limit_is_unrecognised() -> None:
    result = diagnose_unguarded(b"[" + b"1" * 4301 + b"]")
    assert result.outcome is Outcome.UNRECOGNISED and result.reason == (
        "JSON with a number too long to read (over 4,300 digits)"
    )
    assert diagnose_unguarded({"type": "error", "code": 10**5000}).outcome is Outcome.ERROR


def test_05_a_form_with_many_fields_is_read() -> None:
    assert diagnose_unguarded(b"x=" + b"&" * 64).outcome is Outcome.UNRECOGNISED
    reports = diagnose_report_unguarded(CORPUS["many-form-fields-data"])
    assert [r.number for r in reports] == [PHONE]


def test_06_a_lone_surrogate_is_shown_escaped_and_every_report_format_keeps_it(tmp_path: Path) -> None:
    body = tmp_path / "surrogate.json"
    body.write_bytes(CORPUS["lone-surrogate"])
    assert "error 999 (not in the catalog): \\ud800" in str(diagnose(body.read_bytes()))
    for report in ("human", "json", "junit", "github"):
        run = run_cli("check", str(body), "--format", report)
        assert run.status == 1 and not run.stderr, (report, run.stderr)
        assert "\\ud800" in run.stdout, report


# 7: each record carries its own record


def test_07_a_report_diagnosis_keeps_its_own_record_and_output_is_linear(tmp_path: Path) -> None:
    body = CORPUS["many-records"]
    reports = bounded(lambda: diagnose_report(body), "diagnose_report")
    assert len(reports) == 3000
    assert json.loads(reports[5].raw) == {
        "requestId": "3763646c3058343736393231",
        "number": "919876500005",
        "status": "1",
    }
    sizes = []
    for count in (300, 3000):
        path = tmp_path / f"many-{count}.json"
        path.write_text(json.dumps(json.loads(body)[:count]), encoding="utf-8")
        run = run_cli("report", "--json", str(path))
        assert run.status == 0
        sizes.append(len(run.stdout))
    assert sizes[1] < 11 * sizes[0], f"output grows linearly with the records: {sizes}"
    big = json.dumps([json.loads(body)[0]] * 25_000).encode()
    assert len(bounded(lambda: diagnose_report(big, max_bytes=len(big)), "25k records")) == 25_000


# 9-11: phone numbers


def test_09_a_report_read_by_diagnose_never_shows_its_number(tmp_path: Path) -> None:
    body = CORPUS["report-number-in-reason"]
    _assert_nothing_leaks(_shown(diagnose(body)))
    with pytest.raises(AssertionError) as failure:
        assert_ok(body)
    _assert_nothing_leaks(str(failure.value))
    path = tmp_path / "flat-v2-failed.json"
    path.write_bytes(body)
    for args in (["parse", str(path)], ["parse", "--json", str(path)]):
        run = run_cli(*args)
        assert run.status == 0
        _assert_nothing_leaks(run.stdout)


def test_10_a_number_repeated_in_the_reason_is_masked_in_every_report(tmp_path: Path) -> None:
    path = tmp_path / "dnd.json"
    path.write_bytes(CORPUS["report-number-in-reason"])
    (report,) = diagnose_report(path.read_bytes())
    assert "********3210 is in DND registry" in str(report)
    runs = [run_cli("report", str(path)), run_cli("report", "--json", str(path))]
    runs += [run_cli("check", "--reports", "--format", f, str(path)) for f in ("human", "json", "junit", "github")]
    for run in runs:
        assert "********3210" in run.stdout
        _assert_nothing_leaks(run.stdout)


def test_10_show_numbers_shows_the_number_field_only(tmp_path: Path) -> None:
    path = tmp_path / "dnd.json"
    path.write_bytes(CORPUS["report-number-in-reason"])
    data = json.loads(run_cli("report", "--json", "--show-numbers", str(path)).stdout)
    assert data[0]["number"] == PHONE
    assert PHONE not in data[0]["failure_reason"] and PHONE not in data[0]["raw"]


def test_11_a_form_encoded_plus_number_is_masked() -> None:
    (report,) = diagnose_report(CORPUS["report-form-plus"])
    assert report.number == f"+{PHONE}"
    _assert_nothing_leaks(_shown(report))
    (not_a_report,) = diagnose_report(CORPUS["not-a-report-with-number"])
    assert not_a_report.outcome is Outcome.UNRECOGNISED
    assert "%2B********3210" in not_a_report.to_dict()["raw"]


# 12-15: authkeys


def test_12_the_report_table_masks_a_key_in_the_failure_reason(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_bytes(CORPUS["report-key-in-reason"])
    run = run_cli("report", str(path))
    assert run.status == 0 and "authkey=AbCd\u2026Mn" in run.stdout
    _assert_nothing_leaks(run.stdout)


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
def test_13_every_syntax_of_a_key_is_masked_and_warned_about(name: str, tmp_path: Path) -> None:
    result = diagnose(CORPUS[name])
    assert AUTHKEY in result.raw, "the diagnosis keeps the body for the caller's code"
    shown = _shown(result)
    _assert_nothing_leaks(shown)
    assert "AbCd\u2026Mn" in shown
    path = tmp_path / "body.txt"
    path.write_bytes(CORPUS[name])
    run = run_cli("check", "--allow-unrecognised", "--format", "json", str(path))
    assert json.loads(run.stdout)["summary"]["authkeys_in_clear"] == 1, "the check warning sees it too"
    _assert_nothing_leaks(run.stdout)


def test_14_code_request_id_and_file_names_are_masked(tmp_path: Path) -> None:
    assert "authkey=AbCd\u2026Mn" in str(diagnose(CORPUS["key-in-code"]))
    assert str(diagnose(CORPUS["key-in-request-id"])) == "success: request id authkey=AbCd\u2026Mn"
    folder = tmp_path / f"authkey={AUTHKEY}"
    folder.mkdir()
    (folder / "code.json").write_bytes(CORPUS["key-in-code"])
    for args in (["parse", str(folder)], ["parse", "--json", str(folder)]):
        _assert_nothing_leaks(run_cli(*args).stdout)
    for report in ("human", "json", "junit", "github"):
        run = run_cli("check", "--format", report, str(folder))
        assert run.status == 1
        _assert_nothing_leaks(run.stdout + run.stderr)


def test_15_a_diagnosis_cannot_be_serialised_unmasked_by_accident() -> None:
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


# 16: forged output


@pytest.mark.parametrize("name", ["forged-terminal", "forged-fail-line", "lone-carriage-return", "bidi-override"])
def test_16_control_characters_never_reach_a_terminal_or_a_ci_log(name: str, tmp_path: Path) -> None:
    path = tmp_path / "forged.json"
    path.write_bytes(CORPUS[name])
    runs = [run_cli("parse", str(path)), run_cli("parse", str(path), str(path))]
    runs += [run_cli("check", "--format", f, str(path)) for f in ("human", "github", "junit")]
    for run in runs:
        _assert_printable_lines(run.stdout)
        assert not any(line.startswith("FAIL fake.json") for line in run.stdout.splitlines())
    if name == "forged-terminal":
        assert "\\x1b[2J" in runs[0].stdout


def test_16_github_annotations_escape_every_control_character(tmp_path: Path) -> None:
    path = tmp_path / "forged.json"
    path.write_bytes(CORPUS["forged-terminal"])
    lines = run_cli("check", "--format", "github", str(path)).stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("::error file=") and not lines[1].startswith("::")
    assert "\\x1b" in lines[0] and "%0A" not in lines[0], "the newline is escaped before GitHub's escapes"


def test_16_a_file_name_cannot_start_a_workflow_command(tmp_path: Path) -> None:
    (tmp_path / "::error::forged.json").write_bytes(CORPUS["forged-terminal"])
    (tmp_path / "ok.json").write_bytes(b'{"type":"success","message":"3763646c3058343736393231"}')
    run = run_cli("parse", str(tmp_path / "::error::forged.json"), str(tmp_path / "ok.json"))
    _assert_printable_lines(run.stdout)


# Found by the red team


def test_records_inheriting_a_long_event_or_request_id_cost_and_print_linearly(tmp_path: Path) -> None:
    for name in ("inherited-event", "inherited-request-id"):
        reports = bounded(lambda n=name: diagnose_report(CORPUS[n]), name)  # type: ignore[misc]
        assert len(reports) in (2000, 3000)
        assert sum(len(json.dumps(r.to_dict())) for r in reports) < 3000 * 6000, "each record's output is bounded"
    # the inherited value and the records grow together: each record copying the whole value costs
    # their product, each copying at most 256 characters of it costs their sum
    inherited = [
        lambda n: json.dumps({"event": "x" * 200 * n, "data": [{"number": "1"}] * n}),
        lambda n: json.dumps({"requestId": "r" * 50 * n, "report": [{"number": PHONE, "status": "1"}] * n}),
    ]
    for body in inherited:
        grows_linearly(lambda n, body=body: partial(diagnose_report, body(n)), 2000, "records inheriting a value")
    (report,) = diagnose_report({"event": "x" * 400, "data": [{"number": PHONE}]})
    assert report.message == "x" * 256 + "\u2026", "an inherited value is cut, its record is not"


class _CountingUnicodedata:
    """unicodedata, counting the characters given to normalize()."""

    def __init__(self) -> None:
        self.normalised = 0

    def normalize(self, form: str, text: str) -> str:
        self.normalised += len(text)
        return unicodedata.normalize(form, text)

    def __getattr__(self, name: str) -> object:
        return getattr(unicodedata, name)


def test_a_message_that_grows_under_unicode_normalisation_is_not_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    """U+FDFA is 18 characters once normalised: normalising a million of them took seconds. The
    work is counted, not timed: what is normalised does not grow with the message."""
    load_catalog()
    counting = _CountingUnicodedata()
    monkeypatch.setattr(catalog_text, "unicodedata", counting)
    normalised = {}
    for size in (10_000, 1_000_000):
        counting.normalised = 0
        result = bounded(lambda size=size: diagnose("\ufdfa" * size), "diagnose")  # type: ignore[misc]
        assert result.outcome is Outcome.UNRECOGNISED
        normalised[size] = counting.normalised
    assert normalised[1_000_000] <= normalised[10_000] < 10_000, normalised


@pytest.mark.parametrize("name", sorted(KEY_VARIANTS))
def test_every_key_syntax_the_red_team_found_is_masked(name: str, tmp_path: Path) -> None:
    body = KEY_VARIANTS[name]
    for diagnosis in [diagnose(body), *diagnose_report(body)]:
        _assert_nothing_leaks(_shown(diagnosis))
    path = tmp_path / "body.txt"
    path.write_text(body, encoding="utf-8")
    for args in (["parse", str(path)], ["parse", "--json", str(path)], ["report", "--json", str(path)]):
        _assert_nothing_leaks(run_cli(*args).stdout)


@pytest.mark.parametrize("char", ["\u009b", "\u0085", "\u202e", "\u2028", "\u007f"])
def test_json_printed_to_a_terminal_escapes_what_a_terminal_acts_on(char: str, tmp_path: Path) -> None:
    path = tmp_path / f"name{char}.json"
    path.write_text(json.dumps({"type": "error", "message": f"a{char}b", "code": "999"}, ensure_ascii=False))
    for args in (
        ["parse", "--json", str(path)],
        ["parse", "--json", str(path), str(path)],
        ["report", "--json", str(path)],
    ):
        run = run_cli(*args)
        assert char not in run.stdout and f"\\u{ord(char):04x}" in run.stdout
        json.loads(run.stdout)


def test_misuse_with_an_integer_too_long_to_print_raises_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="http_status must be between 100 and 599, not an integer of about 5,001"):
        diagnose(b"x", http_status=10**5000)
    with pytest.raises(ValueError, match="max_bytes must be at least 1"):
        diagnose(b"x", max_bytes=-(10**5000))


def test_a_check_with_nothing_to_check_is_a_usage_error_unless_allowed(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden.json").write_text('{"type":"error","code":"207"}')
    (tmp_path / "empty.jsonl").write_text("")
    for target in ("empty", "empty.jsonl"):
        run = run_cli("check", str(tmp_path / target))
        assert run.status == 2 and run.stderr.count("\n") == 1 and "nothing to check" in run.stderr
        assert run_cli("check", "--allow-empty", str(tmp_path / target)).status == 0
    assert run_cli("check", "--jsonl", "-", stdin=b"").status == 2


# The whole corpus through every command


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, body in CORPUS.items():
        (folder / f"{name}.txt").write_bytes(body)
    lines = [json.dumps({"id": name, "body": body.decode("utf-8", "replace")}) for name, body in CORPUS.items()]
    (folder / "traffic.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "raw.jsonl").write_bytes(b"\n".join(body.replace(b"\n", b" ") for body in CORPUS.values()))
    return folder


COMMANDS = {
    "parse": (["parse"], 0),
    "parse-json": (["parse", "--json"], 0),
    "report": (["report"], 0),
    "report-json": (["report", "--json"], 0),
    **{f"check-{f}": (["check", "--format", f], 1) for f in ("human", "json", "junit", "github")},
    **{f"check-reports-{f}": (["check", "--reports", "--format", f], 1) for f in ("human", "json", "junit", "github")},
}


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_reads_the_whole_corpus_without_traceback_leak_or_forgery(
    command: str, corpus_folder: Path
) -> None:
    args, status = COMMANDS[command]
    run = run_cli(*args, str(corpus_folder))
    assert run.status == status, run.stderr
    assert "Traceback" not in run.stderr
    _assert_nothing_leaks(run.stdout + run.stderr)
    if "json" in command:
        json.loads(run.stdout)
    elif "junit" in command:
        etree.fromstring(run.stdout.encode("utf-8"))
    else:
        _assert_printable_lines(run.stdout)


def test_a_number_field_with_control_characters_is_shown_escaped() -> None:
    (report,) = diagnose_report({"data": {"status": 0, "number": "error\u202e"}})
    assert "(number ****ror\\u202e)" in str(report)
    assert report.to_dict()["number"] == "****ror\\u202e"
    assert report.to_dict(reveal_number=True)["number"] == "error\\u202e"


# Found by the second red-team round

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
    shown = _shown(diagnose(body))
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
        _assert_nothing_leaks(_shown(diagnosis))


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


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("403: Forbidden", 403),
        ("400: Bad Request", None),
        ('{"code":401,"message":"Unauthorized"}', 401),
        ('{"type":"error","code":"401","message":"Unauthorized"}', None),
        ("<RESPONSE><TYPE>error</TYPE><CODE>403</CODE><MESSAGE>Forbidden</MESSAGE></RESPONSE>", None),
        ("<Error><Code>403</Code><Message>Forbidden</Message></Error>", None),
        ("418: I'm a teapot", None),
        ("403 - Access denied", 403),
        ("401 - Unauthorized: Access is denied due to invalid credentials.", 401),
        ('{"type":"error","code":401,"message":"Invalid token"}', 401),
    ],
)
def test_an_http_status_line_is_not_read_as_a_provider_code(body: str, status: int | None) -> None:
    result = diagnose(body, http_status=status)
    assert (
        diagnose(bytearray(body.encode()), http_status=status) == result == diagnose(body.encode(), http_status=status)
    )
    assert result.entry is None and "an HTTP status line" in (result.reason or ""), result
    assert diagnose("500 - Internal Server Error", http_status=500).entry.name == "TRANSPORT_SERVER_ERROR"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "body",
    [
        '{"request_id":"5f3c2b1a0d9e8f7a6b5c4d3e","message":"Insufficient balance to send SMS"}',
        '{"type":"success","message":"Insufficient balance to send SMS"}',
        '{"status":"success","message":"Invalid mobile number"}',
    ],
)
def test_a_body_that_contradicts_itself_is_not_a_success(body: str) -> None:
    assert not diagnose(body).ok
    assert not diagnose(body.encode()).ok


def test_jobs_is_refused_before_the_output_is_opened(tmp_path: Path) -> None:
    previous = tmp_path / "previous.txt"
    previous.write_text("an earlier report")
    body = tmp_path / "a.json"
    body.write_text('{"type":"error","code":"207"}')
    run = run_cli("check", str(body), "--jobs", "0", "-o", str(previous))
    assert run.status == 2 and run.stderr.count("\n") == 1 and previous.read_text() == "an earlier report"


def test_a_file_name_in_an_error_message_cannot_start_a_line(tmp_path: Path) -> None:
    folder = tmp_path / "fn"
    folder.mkdir()
    (folder / "evil\n::error::x").symlink_to("/proc/self/mem")
    for command in ("check", "parse", "report"):
        run = run_cli(command, str(folder))
        assert run.status == 2 and run.stderr.count("\n") == 1 and "\\x0a::error::x" in run.stderr, run.stderr


def test_an_excerpt_is_masked_before_it_is_cut(tmp_path: Path) -> None:
    for secret in ("919876543210", f"authkey={KEY}"):
        body = "x" * (300 - 7) + secret
        path = tmp_path / "cut.txt"
        path.write_text(body)
        shown = run_cli("parse", str(path)).stdout
        assert "9198765" not in shown and "AbCdEfG" not in shown, shown
