"""`sms-diagnose list`, `export` and `validate`: the catalog listed and filtered, exported whole
and valid against its schema, and gated, each problem of a broken or hostile folder named."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from diagnose import entries
from diagnose.gate import load_schema

from .cli_runner import run_cli


def test_list_table_and_filters() -> None:
    run = run_cli("list")
    assert run.status == 0
    assert len(run.stdout.splitlines()) == 2 + len(entries())
    otp = json.loads(run_cli("list", "--phase", "otp", "--json").stdout)
    assert otp and {item["phase"] for item in otp} == {"otp"}
    ip = run_cli("list", "--category", "ip-security").stdout
    assert "IP_BLACKLISTED" in ip and "IP_NOT_WHITELISTED" in ip and "INVALID_AUTHKEY" not in ip


def test_export_is_the_whole_catalog_valid_against_its_schema(tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    assert run_cli("export", "-o", str(target)).status == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(document, load_schema())
    assert [e["name"] for e in document["entries"]] == [e.name for e in entries()]
    assert json.loads(run_cli("export").stdout) == document


def test_validate_reports_a_valid_catalog_and_names_problems(data_copy: Path) -> None:
    run = run_cli("validate")
    assert run.status == 0 and run.stdout.startswith(f"catalog valid: {len(entries())} entries")
    (data_copy / "entries" / "otp.yaml").write_text(
        (data_copy / "entries" / "otp.yaml").read_text(encoding="utf-8").replace("severity: warning", "severity: x", 1),
        encoding="utf-8",
    )
    broken = run_cli("validate", str(data_copy))
    assert broken.status == 1
    assert "entries/otp.yaml: entry OTP_MISMATCH, severity: 'x' is not one of" in broken.stdout


def test_list_takes_the_catalogs_categories_and_phases() -> None:
    run = run_cli("list", "--category", "nope")
    assert run.status == 2 and run.stderr.count("\n") == 1 and "ip-security" in run.stderr
    helped = run_cli("list", "--help").stdout
    assert "ip-security" in helped and "transport" in helped
    assert "TRANSPORT_RATE_LIMITED" in run_cli("list", "--phase", "transport").stdout


def test_validate_names_a_missing_folder_as_such(tmp_path: Path) -> None:
    run = run_cli("validate", str(tmp_path / "nowhere"))
    assert run.status == 2 and run.stderr.count("\n") == 1 and "no such folder" in run.stderr


def _write(data: Path, name: str, text: str | bytes) -> None:
    path = data / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="closed descriptors, /dev/full and signals are POSIX")
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("catalog.schema.json", "[1, 2]", "a JSON Schema is an object, not list"),
        ("catalog.schema.json", '"x"', "a JSON Schema is an object, not str"),
        ("catalog.schema.json", '{"$ref": "#/nope"}', "catalog.schema.json: cannot check the catalog"),
        ("catalog.schema.json", '{"pattern": "("}', "catalog.schema.json: cannot check the catalog"),
        ("catalog.schema.json", '{"type": 5}', "catalog.schema.json: cannot check the catalog"),
        ("catalog.schema.json", "{}", None),
        ("registry.txt", b"request 207 \xff\xfe\n", "registry.txt: not UTF-8"),
        ("registry.txt", "request " + "x" * 5_000_000 + "\n", "got 'request xxxxx"),
        ("catalog.yaml", b"docs_url: \xff\n", "catalog.yaml: not UTF-8"),
        ("entries/otp.yaml", "name: not a list\n", "otp.yaml: expected a list of entries"),
    ],
)
def test_validate_names_each_problem_of_a_hostile_folder(
    data_copy: Path, name: str, content: str | bytes, expected: str | None
) -> None:
    _write(data_copy, name, content)
    if name == "catalog.schema.json" and content == "{}":
        _write(data_copy, "entries/otp.yaml", "- name: X\n")
    run = run_cli("validate", str(data_copy))
    assert "Traceback" not in run.stderr and run.status in (1, 2), run.stderr
    shown = run.stdout + run.stderr
    assert all(len(line) < 400 for line in shown.splitlines()), "a huge line is not echoed whole"
    if expected is not None:
        assert expected in shown, shown
    else:
        assert "the catalog lacks what the references stage reads" in shown, shown


@pytest.mark.skipif(os.name != "posix", reason="closed descriptors, /dev/full and signals are POSIX")
def test_validate_refuses_a_fifo_and_a_phase_that_leaves_the_folder(data_copy: Path) -> None:
    (data_copy / "registry.txt").unlink()
    os.mkfifo(data_copy / "registry.txt")
    run = run_cli("validate", str(data_copy))
    assert run.status == 1 and "registry.txt: not a regular file" in run.stdout, run.stdout + run.stderr
    catalog = (data_copy / "catalog.yaml").read_text(encoding="utf-8")
    (data_copy / "catalog.yaml").write_text(catalog.replace("\n  request:\n", "\n  ../../x:\n", 1), encoding="utf-8")
    run = run_cli("validate", str(data_copy))
    assert run.status == 1 and "phase '../../x' is not a name of lower-case letters" in run.stdout + run.stderr
