"""`sms-diagnose preflight --templates FILE` on the examples: every DLT mismatch found before
sending, with the delivery report's entry; the variants chosen on the command line; exit
statuses, and a one-line error (exit 2) for a templates file that cannot be read."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from diagnose.gate.schemas import REPORT_SCHEMA, load_schema

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
SENDS = ROOT / "examples" / "outgoing" / "dlt-sends.jsonl"
EXPORT = ROOT / "examples" / "outgoing" / "dlt-templates.csv"
SCHEMA = load_schema(ROOT / "data", REPORT_SCHEMA)


def test_the_examples_mismatches_are_found_before_sending() -> None:
    run = run_cli("preflight", str(SENDS), "--templates", str(EXPORT))
    assert run.status == 1 and run.stderr == ""
    assert "checked 8 requests from 1 file: 1 passed, 7 failed (7 findings)" in run.stdout
    for said in (
        "dlt-sends.jsonl:2: sms[0].message differs from DLT template ***************0123 at character 32",
        "dlt-sends.jsonl:3: sms[0].message variable 1 of DLT template ***************0123",
        "dlt-sends.jsonl:4: sender 'SHOPXY' is not a header mapped to DLT template ***************0124",
        "dlt-sends.jsonl:5: DLT_TE_ID '***************0199' is not a template of",
        "dlt-sends.jsonl:6: DLT_TE_ID is missing; the text matches template ***************0124 (sale)",
        # the text ends where the template has its last full stop: one past its 53 characters
        "dlt-sends.jsonl:7: message differs from DLT template ***************0125 at character 54",
        "dlt-sends.jsonl:8: message DLT template ***************0126 writes '{#Var#}'",
    ):
        assert said in run.stdout, said
    assert run.stdout.count("accepted, then fails: its delivery report would fail with REASON_DLT_") == 6
    for name in ("REASON_DLT_TEMPLATE_MISMATCH", "REASON_DLT_SENDER_NOT_MATCHED", "REASON_DLT_TEMPLATE_NOT_FOUND"):
        assert name in run.stdout


def test_the_json_report_names_each_findings_rule() -> None:
    run = run_cli("preflight", str(SENDS), "--templates", str(EXPORT), "--format", "json")
    data = json.loads(run.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["summary"]["failed"] == 7
    names = sorted(failure["name"] for failure in data["failures"])
    assert names.count("REASON_DLT_TEMPLATE_MISMATCH") == 4


def test_the_variants_are_chosen_on_the_command_line() -> None:
    lenient = run_cli("preflight", str(SENDS), "--templates", str(EXPORT), "--dlt-match", "lenient")
    assert lenient.status == 1
    assert "checked 8 requests from 1 file: 2 passed, 6 failed (6 findings)" in lenient.stdout  # the full stop
    assert "lenient reading: spaces, line breaks, full stops and commas ignored" in lenient.stdout
    assert "[dlt-text, per H_DLTERR]" in lenient.stdout
    longer = run_cli("preflight", str(SENDS), "--templates", str(EXPORT), "--dlt-variable-length", "40")
    assert "dlt-sends.jsonl:3:" not in longer.stdout
    shorter = run_cli("preflight", str(SENDS), "--templates", str(EXPORT), "--dlt-variable-length", "20")
    assert "[dlt-variable-length, per SANGAM]" in shorter.stdout


def test_a_matching_request_passes(tmp_path: Path) -> None:
    first = SENDS.read_text(encoding="utf-8").splitlines()[0]
    one = tmp_path / "one.jsonl"
    one.write_text(first + "\n", encoding="utf-8")
    run = run_cli("preflight", str(one), "--templates", str(EXPORT))
    assert run.status == 0 and "1 passed, 0 failed" in run.stdout


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("name,header\nx,SHOPIN\n", "bad.csv: line 1: no column for template id"),
        ('template id,content\n1,"Dear {#var#}\n', "bad.csv: line 2: not CSV"),
        ("template id,content\n1,Hi,extra\n", "bad.csv: line 2: 3 cells, but the header row has 2 columns"),
        ('[{"template_id": "1", "content": "x"}, 3]', "bad.csv: item 2: not an object"),
    ],
)
def test_a_templates_file_that_cannot_be_read_is_a_one_line_error(tmp_path: Path, content: str, said: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    run = run_cli("preflight", str(SENDS), "--templates", str(bad))
    assert run.status == 2 and run.stdout == ""
    assert said in run.stderr and run.stderr.startswith("sms-diagnose: ")
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


def test_misuse_is_exit_2(tmp_path: Path) -> None:
    missing = run_cli("preflight", str(SENDS), "--templates", str(tmp_path / "none.csv"))
    assert missing.status == 2 and "none.csv: cannot be read" in missing.stderr
    unsourced = run_cli("preflight", str(SENDS), "--templates", str(EXPORT), "--dlt-variable-length", "25")
    assert unsourced.status == 2 and "25 is not a limit a source gives (sourced: 20, 30, 40)" in unsourced.stderr
    alone = run_cli("preflight", str(SENDS), "--dlt-match", "lenient")
    assert alone.status == 2 and "need --templates FILE" in alone.stderr
    choice = run_cli("preflight", str(SENDS), "--templates", str(EXPORT), "--dlt-match", "loose")
    assert choice.status == 2 and "Traceback" not in choice.stderr
    same = run_cli("preflight", str(SENDS), "--templates", str(EXPORT), "-o", str(EXPORT))
    assert same.status == 2 and "is also the --templates" in same.stderr


def test_the_before_sending_page_shows_what_the_command_says() -> None:
    page = (ROOT / "docs" / "before-sending.md").read_text(encoding="utf-8")
    shown = next(line for line in page.splitlines() if line.startswith("dlt-sends.jsonl:2: "))
    run = run_cli(
        "preflight", "examples/outgoing/dlt-sends.jsonl", "--templates", "examples/outgoing/dlt-templates.csv", cwd=ROOT
    )
    assert f"FAIL examples/outgoing/{shown}" in run.stdout
