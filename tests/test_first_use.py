"""What a new user trips over (issue 11): each item as the user meets it, in a command's output
or exit status."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest

from diagnose import Outcome, diagnose, diagnose_report, load_catalog
from diagnose.explain import entry_text

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"


def _receive(log: Path, bodies: list[Path]) -> None:
    spec = importlib.util.spec_from_file_location("webhook_receiver", ROOT / "examples" / "webhook_receiver.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    app = module.make_app(log)
    for path in bodies:
        body = path.read_bytes()
        kind = "application/x-www-form-urlencoded" if path.suffix == ".txt" else "application/json"
        environ = {
            "REQUEST_METHOD": "POST",
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": kind,
            "wsgi.input": io.BytesIO(body),
        }
        assert b'"reports"' in b"".join(app(environ, lambda status, headers: None))


def test_02_the_receivers_log_reads_back_with_report_and_check_reports(tmp_path: Path) -> None:
    log = tmp_path / "r.jsonl"
    bodies = sorted(REPORTS.iterdir())
    _receive(log, bodies)
    direct = [(d.entry, d.request_id) for path in bodies for d in diagnose_report(path.read_bytes())]
    names = [entry.name if entry else None for entry, _ in direct]
    report = json.loads(run_cli("report", "--json", str(log)).stdout)
    assert [line["entry"]["name"] for line in report] == names
    assert [line["request_id"] for line in report] == [request_id for _, request_id in direct]
    assert [line["line"] for line in report] == list(range(1, len(names) + 1))
    table = run_cli("report", str(log)).stdout
    assert f"{log}:1" in table and "DELIVERY_DELIVERED" in table
    check = json.loads(run_cli("check", "--reports", "--format", "json", str(log)).stdout)
    assert check["summary"]["responses"] == len(names) and check["summary"]["invalid_lines"] == 0
    assert {row["key"] for row in check["counts"]} == set(names)


def test_02_a_delivery_status_is_never_read_as_a_request_code(tmp_path: Path) -> None:
    log = tmp_path / "r.jsonl"
    _receive(log, [REPORTS / "webhook-form.txt"])
    run = run_cli("check", str(log))
    assert "DATABASE_CONNECTION_FAILED" not in run.stdout and "use diagnose_report()" in run.stdout
    for line in log.read_text().splitlines():
        record = json.loads(line)
        for value in (record, {k: v for k, v in record.items() if k != "body"}, record["body"]):
            assert diagnose(value).entry is None, value
    delivered = {"requestId": "546b384ce51f8f1e1e8b4567", "number": "919812345678", "code": "1", "message": "ok"}
    result = diagnose(delivered)
    assert result.outcome is Outcome.UNRECOGNISED and "not a request code" in (result.reason or "")


def test_02_each_report_diagnosis_reads_back_from_its_own_record() -> None:
    for path in sorted(REPORTS.iterdir()):
        for report in diagnose_report(path.read_bytes()):
            (again,) = diagnose_report(report.raw)
            assert (again.entry, again.number, again.request_id, again.code) == (
                report.entry,
                report.number,
                report.request_id,
                report.code,
            )


@pytest.mark.parametrize("command", ["parse", "check", "report"])
def test_06_no_path_is_a_usage_error_not_a_silent_read_of_standard_input(command: str) -> None:
    run = run_cli(command, stdin=b'{"type":"success","message":"3763646c3058343736393231"}')
    assert run.status == 2
    assert run.stderr == "sms-diagnose: error: no input: give files, folders or - for standard input\n"
    assert run_cli(command, "-", stdin=b'{"type":"success","message":"3763646c3058343736393231"}').status == 0


@pytest.mark.parametrize("width", [60, 80, 100])
def test_03_explain_never_breaks_a_url(width: int) -> None:
    catalog = load_catalog()
    for entry in catalog:
        text = entry_text(entry, catalog, width)
        urls = [word.rstrip(").,") for line in text.splitlines() for word in line.split() if "://" in word]
        assert entry.docs_url in urls and all(url.endswith("/") for url in urls), (entry.key, urls)
        assert not any(line.rstrip().endswith(("https://sms-", "github.")) for line in text.splitlines())


def test_05_code_is_the_wire_value_and_the_entry_has_the_catalogs() -> None:
    for body in ({"type": "error", "code": "1"}, {"type": "error", "code": 1}, '{"type":"error","code":"1"}', "code 1"):
        result = diagnose(body)  # type: ignore[arg-type]
        assert result.code == "1" and result.entry is not None and result.entry.code == "001", body
