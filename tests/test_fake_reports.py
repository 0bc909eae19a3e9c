"""Delivery reports of the fake: each accepted number gets the report the provider would POST,
delivered unless the test asks otherwise or the send's DLT template did not match, in the shape
the test chooses, collected for it and POSTed to its webhook; every report the fake can make is
proven by the catalog gate."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import httpx
import pytest

from diagnose import diagnose, diagnose_report, load_catalog
from diagnose.catalog import answers
from diagnose.catalog.answers import RECORD_SHAPES, REPORT_SHAPES, every_report
from diagnose.fake import FakeSmsApi, FakeTransport
from diagnose.gate import validate
from tests.fake_requests import NUMBER, OTHER_NUMBER, flow, sendhttp, v2

Outcome = tuple[str | None, str | None]


def _read(body: str, content_type: str) -> list[tuple[str | None, str | None, str | None]]:
    return [
        (d.number, d.entry.name if d.entry else None, d.failure.name if d.failure else None)
        for d in diagnose_report(body, content_type=content_type)
    ]


def test_an_accepted_number_is_reported_delivered_with_its_request_id() -> None:
    fake = FakeSmsApi()
    request_id = diagnose(fake.handle(sendhttp()).text).request_id
    (report,) = fake.deliver()
    assert (report.shape, report.request_id, report.numbers, report.outcomes) == (
        "flat",
        request_id,
        (NUMBER,),
        ("DELIVERY_DELIVERED",),
    )
    assert json.loads(report.body)["requestId"] == request_id
    assert _read(report.body, report.content_type) == [(NUMBER, "DELIVERY_DELIVERED", None)]
    assert fake.reports == [report] and fake.deliver() == []  # each send is reported once


@pytest.mark.parametrize("shape", RECORD_SHAPES)
def test_the_test_chooses_each_numbers_outcome_and_the_shape(shape: str) -> None:
    fake = FakeSmsApi()
    fake.report_as(OTHER_NUMBER, "REASON_EXP_ABSSUBS")
    fake.handle(v2(number=NUMBER))
    fake.handle(v2("Another message", number=OTHER_NUMBER))
    made = fake.deliver(shape)
    read = [row for report in made for row in _read(report.body, report.content_type)]
    assert read == [(NUMBER, "DELIVERY_DELIVERED", None), (OTHER_NUMBER, "DELIVERY_FAILED", "REASON_EXP_ABSSUBS")]
    assert [r.outcomes for r in made] == [("DELIVERY_DELIVERED",), ("REASON_EXP_ABSSUBS",)]
    if shape == "form":
        assert all(r.body.startswith("data=") and r.content_type == "application/x-www-form-urlencoded" for r in made)


def test_the_numbers_of_one_send_share_a_grouped_report() -> None:
    fake = FakeSmsApi()
    fake.report_as(OTHER_NUMBER, "DELIVERY_NDNC")
    fake.handle(sendhttp(number=f"{NUMBER},{OTHER_NUMBER}"))
    (report,) = fake.deliver("array")
    assert report.numbers == (NUMBER, OTHER_NUMBER)
    assert _read(report.body, report.content_type) == [
        (NUMBER, "DELIVERY_DELIVERED", None),
        (OTHER_NUMBER, "DELIVERY_NDNC", None),
    ]


def test_a_dlt_mismatch_is_accepted_then_fails_with_its_reason() -> None:
    templates = 'template id,content,headers\n1107161234567890123,"Your order {#var#} has shipped.",SOCKET\n'
    fake = FakeSmsApi(dlt_templates=templates)
    assert diagnose(fake.handle(sendhttp("Your order 1041 has shipped!")).text).outcome == "success"
    (report,) = fake.deliver()
    assert _read(report.body, report.content_type) == [(NUMBER, "DELIVERY_FAILED", "REASON_DLT_TEMPLATE_MISMATCH")]


def test_a_flow_whose_variables_break_the_template_fails_when_reported() -> None:
    fake = FakeSmsApi()
    fake.handle(flow(name="Asha Venkataraman Subramaniam Iyer"))
    assert fake.deliver()[0].outcomes == ("REASON_DLT_TEMPLATE_MISMATCH",)


def test_a_name_the_fake_cannot_report_is_refused_with_the_reason() -> None:
    fake = FakeSmsApi()
    with pytest.raises(ValueError, match="did you mean REASON_EXP_ABSSUBS"):
        fake.report_as(NUMBER, "REASON_EXP_ABSUBS")
    with pytest.raises(ValueError, match="not a delivery status or failure reason"):
        fake.report_as(NUMBER, "INVALID_AUTHKEY")
    with pytest.raises(ValueError, match="no flat report example"):
        fake.report_as(NUMBER, "DELIVERY_OPENED")
    with pytest.raises(ValueError, match="one of flat, form, array"):
        fake.deliver("xml")


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.headers["Content-Type"], body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    received: ClassVar[list[tuple[str, bytes]]] = []
    handler = type("Receiver", (_Receiver,), {"received": received})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/dlr", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_reports_are_posted_to_the_webhook_the_test_names(webhook: tuple[str, list[tuple[str, bytes]]]) -> None:
    url, received = webhook
    fake = FakeSmsApi()
    fake.handle(sendhttp())
    (report,) = fake.deliver("form", webhook=url)
    assert report.webhook_status == 204
    assert received == [("application/x-www-form-urlencoded", report.body.encode())]
    assert _read(received[0][1].decode(), received[0][0]) == [(NUMBER, "DELIVERY_DELIVERED", None)]


def test_reports_go_to_this_machine_only_unless_allowed() -> None:
    fake = FakeSmsApi()
    fake.handle(sendhttp())
    with pytest.raises(ValueError, match="this machine only"):
        fake.deliver(webhook="https://hooks.example.com/dlr")
    with pytest.raises(ValueError, match="http or https"):
        fake.deliver(webhook="file:///etc/passwd")
    assert fake.reports == [] and len(fake.deliver()) == 1  # a refused webhook sends nothing, loses nothing


def test_the_control_api_chooses_outcomes_delivers_and_shows_reports_masked(
    webhook: tuple[str, list[tuple[str, bytes]]],
) -> None:
    url, received = webhook
    fake = FakeSmsApi()
    with httpx.Client(transport=FakeTransport(fake), base_url="https://api.msg91.com") as client:
        chosen = client.post("/__fake/report-as", json={"number": NUMBER, "outcome": "REASON_EXP_ABSSUBS"})
        assert chosen.json() == {"outcome": "REASON_EXP_ABSSUBS"}
        fake.handle(sendhttp())
        delivered = client.post("/__fake/deliver", json={"shape": "flat", "webhook": url})
        shown = client.get("/__fake/reports")
        revealed = client.get("/__fake/reports", params={"numbers": "show"})
        wrong = client.post("/__fake/report-as", json={"number": NUMBER, "outcome": "NOPE"})
        far = client.post("/__fake/deliver", json={"webhook": "http://192.0.2.1/dlr"})
    (report,) = delivered.json()["reports"]
    assert report["outcomes"] == ["REASON_EXP_ABSSUBS"] and report["webhook_status"] == 204
    assert NUMBER not in delivered.text and NUMBER not in shown.text and NUMBER in revealed.text
    assert shown.json()["reports"] == [report] and len(received) == 1
    assert wrong.status_code == 400 and far.status_code == 400 and "this machine only" in far.json()["error"]


def test_every_report_the_fake_can_make_is_proven_by_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    reports = list(every_report(load_catalog()))
    assert {r.shape for r in reports} == set(REPORT_SHAPES)
    assert {reason.name for r in reports for _, reason in r.outcomes if reason} >= {
        "REASON_EXP_ABSSUBS",
        "REASON_DLT_TEMPLATE_MISMATCH",
    }
    assert validate().problems == ()
    made = answers.report_record

    def drifted(entry: object, request_id: str, number: str) -> dict[str, str] | None:
        record = made(entry, request_id, number)  # type: ignore[arg-type]
        if record is not None and record.get("failedReason") == "EXP Abssubs":
            return {**record, "failedReason": "Absent subscriber"}
        return record

    monkeypatch.setattr(answers, "report_record", drifted)
    verdict = validate()
    assert verdict.stage == "fake" and verdict.problems
    assert all("REASON_EXP_ABSSUBS" in problem for problem in verdict.problems), verdict.problems
