"""Delivery reports: every webhook shape, every status, the phase in the identity, masked numbers."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from diagnose import Outcome, diagnose, diagnose_report, lookup
from diagnose.redaction import mask_number

from .bounds import bounded
from .channels import post_to_receiver
from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"
REQUEST_ID = "546b384ce51f8f1e1e8b4567"
NESTED = [
    {
        "requestId": REQUEST_ID,
        "userId": "38229",
        "report": [
            {"date": "2024-03-01 17:45:59", "number": "919812345678", "status": "1", "desc": "DELIVERED"},
            {"number": "919812340001", "status": "2", "desc": "FAILED", "failedReason": "Absent subscriber"},
        ],
    }
]


def _names(reports: list) -> list[str | None]:  # type: ignore[type-arg]
    return [r.entry.name if r.entry else None for r in reports]


def test_form_encoded_data_field() -> None:
    reports = diagnose_report("data=" + quote(json.dumps(NESTED)), content_type="application/x-www-form-urlencoded")
    assert _names(reports) == ["DELIVERY_DELIVERED", "DELIVERY_FAILED"]
    delivered, failed = reports
    assert delivered.outcome is Outcome.SUCCESS and delivered.ok and delivered.code == "1"
    assert failed.outcome is Outcome.ERROR and failed.failure_reason == "Absent subscriber"
    assert {r.request_id for r in reports} == {REQUEST_ID}
    assert failed.number == "919812340001" and str(failed.format) == "form"


def test_data_field_as_json_text_and_as_bytes() -> None:
    body = json.dumps({"data": json.dumps(NESTED)})
    assert _names(diagnose_report(body)) == ["DELIVERY_DELIVERED", "DELIVERY_FAILED"]
    assert _names(diagnose_report(body.encode("utf-16"))) == ["DELIVERY_DELIVERED", "DELIVERY_FAILED"]


def test_flat_v2_object_with_its_fields() -> None:
    (report,) = diagnose_report((REPORTS / "flat-v2-failed.json").read_bytes())
    assert report.entry is lookup("delivery/2")
    assert report.failure_reason == "Absent subscriber" and report.code == "2"


def test_event_form_without_numeric_status() -> None:
    reports = diagnose_report((REPORTS / "events-v4.json").read_text(encoding="utf-8"))
    assert _names(reports) == ["DELIVERY_DELIVERED", "DELIVERY_REJECTED_BY_PROVIDER"]
    assert [r.code for r in reports] == [None, None]


@pytest.mark.parametrize(
    ("status", "name", "outcome"),
    [
        ("1", "DELIVERY_DELIVERED", Outcome.SUCCESS),
        ("2", "DELIVERY_FAILED", Outcome.ERROR),
        ("9", "DELIVERY_NDNC", Outcome.ERROR),
        ("16", "DELIVERY_REJECTED_16", Outcome.ERROR),
        ("25", "DELIVERY_REJECTED_25", Outcome.ERROR),
        ("17", "DELIVERY_BLOCKED_NUMBER", Outcome.ERROR),
    ],
)
def test_every_documented_status(status: str, name: str, outcome: Outcome) -> None:
    (report,) = diagnose_report({"requestId": REQUEST_ID, "number": "919812345678", "status": status})
    assert report.entry is lookup(name) and report.outcome is outcome and report.code == status


@pytest.mark.parametrize(
    ("description", "name", "outcome"),
    [
        ("Submitted", "DELIVERY_SUBMITTED", Outcome.PENDING),
        ("Sent", "DELIVERY_SENT", Outcome.PENDING),
        ("Delivered", "DELIVERY_DELIVERED", Outcome.SUCCESS),
        ("Opened", "DELIVERY_OPENED", Outcome.SUCCESS),
        ("Clicked", "DELIVERY_CLICKED", Outcome.SUCCESS),
        ("Unsubscribed", "DELIVERY_UNSUBSCRIBED", Outcome.SUCCESS),
        ("Rejected by Kannel or Provider", "DELIVERY_REJECTED_BY_KANNEL_OR_PROVIDER", Outcome.ERROR),
        ("NDNC Number", "DELIVERY_NDNC", Outcome.ERROR),
        ("Rejected By Provider", "DELIVERY_REJECTED_BY_PROVIDER", Outcome.ERROR),
        ("Number under blocked circle", "DELIVERY_BLOCKED_CIRCLE", Outcome.ERROR),
        ("Blocked Number", "DELIVERY_BLOCKED_NUMBER", Outcome.ERROR),
        ("Bounced", "DELIVERY_BOUNCED", Outcome.ERROR),
        ("Failed", "DELIVERY_FAILED", Outcome.ERROR),
        ("Auto Failed", "DELIVERY_AUTO_FAILED", Outcome.ERROR),
    ],
)
def test_every_description_of_the_vocabulary(description: str, name: str, outcome: Outcome) -> None:
    (report,) = diagnose_report({"requestId": REQUEST_ID, "number": "919812345678", "description": description})
    assert report.entry is lookup(name) and report.outcome is outcome


def test_status_is_a_string_and_an_unknown_one_is_unrecognised() -> None:
    (numeric,) = diagnose_report('{"requestId":"r","number":"919812345678","status":1}')
    assert numeric.code == "1" and numeric.entry is lookup("delivery/1")
    (unknown,) = diagnose_report('{"requestId":"r","number":"919812345678","status":"26"}')
    assert unknown.outcome is Outcome.UNRECOGNISED and unknown.code == "26"
    assert unknown.reason == "delivery status 26 is not in the catalog"


def test_phase_is_part_of_the_identity() -> None:
    assert lookup("17") is None, "there is no request code 017"
    assert lookup("delivery/17") is lookup("17", phase="delivery") is lookup("DELIVERY_BLOCKED_NUMBER")
    assert lookup("1") is lookup("001") and lookup("1").phase == "request"  # type: ignore[union-attr]
    assert lookup("delivery/1").docs_path == "delivery/1/"  # type: ignore[union-attr]
    assert diagnose("Delivered").outcome is Outcome.UNRECOGNISED, "a status text is not an API answer"
    with pytest.raises(ValueError, match="phase must be one of"):
        lookup("1", phase="voice")


def test_numbers_are_masked_unless_asked() -> None:
    (report,) = diagnose_report({"requestId": REQUEST_ID, "number": "919876501234", "status": "2"})
    assert "919876501234" not in str(report) and "********1234" in str(report)
    masked = report.to_dict()
    assert masked["number"] == "********1234" and "919876501234" not in json.dumps(masked)
    assert report.to_dict(reveal_number=True)["number"] == "919876501234"
    assert "919876501234" in report.summary(reveal_number=True)
    assert mask_number("12") == "****" and mask_number(None) is None


def test_diagnose_points_delivery_reports_to_diagnose_report() -> None:
    for body in ["data=" + quote(json.dumps(NESTED)), json.dumps(NESTED), json.dumps({"data": json.dumps(NESTED)})]:
        result = diagnose(body)
        assert result.outcome is Outcome.UNRECOGNISED
        assert result.reason == (
            "a delivery report, not an answer to an API call: "
            "read it with diagnose_report() (on the command line: report, or check --reports)"
        )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"type":"error","code":"207"}', "an answer to an API call, not a delivery report: read it with diagnose()"),
        ("", "not a delivery report"),
        ("data=%5Bbroken", "not a delivery report"),
        ("<html>502</html>", "not a delivery report"),
        ('[{"data":[],"event":"delivered"}]', "not a delivery report"),
    ],
)
def test_a_payload_that_is_not_a_report_gets_a_clear_diagnosis(body: str, reason: str) -> None:
    (result,) = diagnose_report(body)
    assert result.outcome is Outcome.UNRECOGNISED and reason in (result.reason or "")
    assert result.raw == body


def test_misuse_raises_type_error() -> None:
    with pytest.raises(TypeError, match="diagnose_report\\(\\) takes bytes, str"):
        diagnose_report(42)  # type: ignore[arg-type]


_REPORT = [
    {"requestId": "546b384ce51f8f1e1e8b4567", "report": [{"number": "919812345678", "status": "2", "desc": "x"}]}
]


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"requestId": _REPORT[0]["requestId"], "status": "success", "report": _REPORT[0]["report"]}),
        json.dumps({"type": "success", "requestId": _REPORT[0]["requestId"], "report": _REPORT[0]["report"]}),
        json.dumps({"type": "success", "requestId": "r", "number": "919812345678", "status": "2", "desc": "FAILED"}),
        "code=207&data=" + quote(json.dumps(_REPORT)),
        json.dumps({"data": json.dumps(_REPORT), "code": "1"}),
        json.dumps({"type": "error", "data": [{"number": "919812345678", "status": "2"}], "event": "failed"}),
    ],
)
def test_a_delivery_report_with_envelope_fields_is_still_a_delivery_report(body: str) -> None:
    """A report that also holds type, status or code fields is neither a success nor an error of
    the catalog to diagnose() (red team): it says to read it as a report."""
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED and result.entry is None
    assert result.reason is not None and result.reason.startswith("a delivery report, not an answer to an API call")
    assert len(diagnose_report(body)) == 1


ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"


def test_a_delivery_status_is_never_read_as_a_request_code(tmp_path: Path) -> None:
    log = tmp_path / "r.jsonl"
    post_to_receiver(log, [REPORTS / "webhook-form.txt"])
    run = run_cli("check", str(log))
    assert "DATABASE_CONNECTION_FAILED" not in run.stdout and "check --reports" in run.stdout
    for line in log.read_text().splitlines():
        record = json.loads(line)
        for value in (record, {k: v for k, v in record.items() if k != "body"}, record["body"]):
            assert diagnose(value).entry is None, value
    delivered = {"requestId": "546b384ce51f8f1e1e8b4567", "number": "919812345678", "code": "1", "message": "ok"}
    result = diagnose(delivered)
    assert result.outcome is Outcome.UNRECOGNISED and "not a request code" in (result.reason or "")


def test_each_report_diagnosis_reads_back_from_its_own_record() -> None:
    for path in sorted(REPORTS.iterdir()):
        for report in diagnose_report(path.read_bytes()):
            (again,) = diagnose_report(report.raw)
            assert (again.entry, again.number, again.request_id, again.code) == (
                report.entry,
                report.number,
                report.request_id,
                report.code,
            )


RID = "30696d74424c333539323132"


def test_a_float_status_is_its_number_and_an_unknown_status_keeps_its_reason_aside() -> None:
    [delivered] = diagnose_report(f'{{"requestId":"{RID}","number":"919876543210","status":1.0}}')
    assert delivered.entry is not None and delivered.entry.name == "DELIVERY_DELIVERED"
    [unknown] = diagnose_report(
        f'{{"requestId":"{RID}","number":"919876543210","status":"99","failedReason":"CALL BARRED"}}'
    )
    assert unknown.outcome is Outcome.UNRECOGNISED and unknown.entry is None
    assert unknown.failure is not None and unknown.failure.name == "REASON_CALL_BARRED"


def test_an_event_does_not_make_any_object_a_record() -> None:
    [report] = diagnose_report('{"event":"delivered","data":{"type":"error","code":"207","message":"Invalid authkey"}}')
    assert report.outcome is Outcome.UNRECOGNISED
    many = '{"event":"delivered","requestId":"' + "a" * 256 + '","data":[' + ",".join(["{}"] * 100_000) + "]}"
    assert len(bounded(lambda: diagnose_report(many), "diagnose_report")) == 1
