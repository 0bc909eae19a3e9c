"""The fake's delivery reports in the v4 events shape and the newer webhook's: offered only for
the entries the catalog shows in that shape (their own example, its request ID and number
replaced), refused for any other with the shapes it has, and every body proven by the gate."""

from __future__ import annotations

import json

import httpx
import pytest

from diagnose import diagnose, diagnose_report, load_catalog
from diagnose.catalog import answers
from diagnose.catalog.answers import ShapedReport, every_report, shapes_of
from diagnose.catalog.model import Entry
from diagnose.fake import FakeSmsApi, FakeTransport
from diagnose.gate import validate
from tests.fake_requests import NUMBER, OTHER_NUMBER, sendhttp

Read = list[tuple[str | None, str | None, str | None]]


def _read(body: str, content_type: str) -> Read:
    return [
        (d.number, d.entry.name if d.entry else None, d.failure.name if d.failure else None)
        for d in diagnose_report(body, content_type=content_type)
    ]


def _names(shape: str) -> list[str]:
    return [entry.name for entry in load_catalog() if shape in shapes_of(entry)]


def test_each_new_shape_covers_the_entries_the_catalog_shows_in_it() -> None:
    assert _names("events") == [
        "DELIVERY_DELIVERED",
        "DELIVERY_SENT",
        "DELIVERY_OPENED",
        "DELIVERY_CLICKED",
        "DELIVERY_UNSUBSCRIBED",
        "DELIVERY_BOUNCED",
    ]
    webhook = _names("webhook")
    assert "REASON_EXP_ABSSUBS" in webhook and "REASON_DLT_TEMPLATE_MISMATCH" in webhook
    assert all(name.startswith("REASON_") for name in webhook)


@pytest.mark.parametrize("name", _names("events"))
def test_an_events_report_diagnoses_as_the_status_chosen(name: str) -> None:
    fake = FakeSmsApi()
    fake.report_as(NUMBER, name, shape="events")
    request_id = diagnose(fake.handle(sendhttp()).text).request_id
    (report,) = fake.deliver("events")
    assert (report.shape, report.content_type, report.numbers, report.outcomes) == (
        "events",
        "application/json",
        (NUMBER,),
        (name,),
    )
    (event,) = json.loads(report.body)
    assert event["data"][0]["requestId"] == request_id and event["data"][0]["number"] == NUMBER
    assert _read(report.body, report.content_type) == [(NUMBER, name, None)]


@pytest.mark.parametrize("name", _names("webhook"))
def test_a_newer_webhook_report_diagnoses_as_failed_for_the_reason_chosen(name: str) -> None:
    fake = FakeSmsApi()
    fake.report_as(NUMBER, name, shape="webhook")
    request_id = diagnose(fake.handle(sendhttp()).text).request_id
    (report,) = fake.deliver("webhook")
    assert (report.shape, report.content_type, report.outcomes) == ("webhook", "application/json", (name,))
    assert {k: json.loads(report.body)[k] for k in ("requestId", "telNum")} == {
        "requestId": request_id,
        "telNum": NUMBER,
    }
    assert _read(report.body, report.content_type) == [(NUMBER, "DELIVERY_FAILED", name)]


def test_the_numbers_of_one_send_share_one_events_body_and_get_a_webhook_body_each() -> None:
    fake = FakeSmsApi()
    fake.report_as(OTHER_NUMBER, "DELIVERY_OPENED", shape="events")
    fake.handle(sendhttp(number=f"{NUMBER},{OTHER_NUMBER}"))
    (report,) = fake.deliver("events")
    assert report.numbers == (NUMBER, OTHER_NUMBER)
    assert _read(report.body, report.content_type) == [
        (NUMBER, "DELIVERY_DELIVERED", None),
        (OTHER_NUMBER, "DELIVERY_OPENED", None),
    ]
    fake.report_as(NUMBER, "REASON_EXP_ABSSUBS")
    fake.report_as(OTHER_NUMBER, "REASON_CALL_BARRED")
    fake.handle(sendhttp("Your order is out for delivery", number=f"{NUMBER},{OTHER_NUMBER}"))
    made = fake.deliver("webhook")
    assert [_read(r.body, r.content_type) for r in made] == [
        [(NUMBER, "DELIVERY_FAILED", "REASON_EXP_ABSSUBS")],
        [(OTHER_NUMBER, "DELIVERY_FAILED", "REASON_CALL_BARRED")],
    ]


def test_an_outcome_without_that_shape_is_refused_with_the_shapes_it_has() -> None:
    fake = FakeSmsApi()
    with pytest.raises(ValueError, match=r"REASON_EXP_ABSSUBS has no events .* sent as flat, form, array, webhook$"):
        fake.report_as(NUMBER, "REASON_EXP_ABSSUBS", shape="events")
    with pytest.raises(ValueError, match=r"DELIVERY_OPENED has no flat .* it can be sent as events$"):
        fake.report_as(NUMBER, "DELIVERY_OPENED")
    with pytest.raises(ValueError, match="one of flat, form, array, events, webhook, not 'v5'"):
        fake.report_as(NUMBER, "DELIVERY_OPENED", shape="v5")
    fake.handle(sendhttp())  # delivered: the catalog shows no delivered report in the newer webhook
    with pytest.raises(ValueError, match=r"DELIVERY_DELIVERED has no webhook .* sent as flat, form, array, events$"):
        fake.deliver("webhook")
    fake.report_as(OTHER_NUMBER, "DELIVERY_OPENED", shape="events")
    fake.handle(sendhttp(number=OTHER_NUMBER))
    with pytest.raises(ValueError, match=r"DELIVERY_OPENED has no array .* it can be sent as events$"):
        fake.deliver("array")
    assert fake.reports == []  # a refused shape sends nothing and loses nothing
    assert [r.outcomes for r in fake.deliver("events")] == [("DELIVERY_DELIVERED",), ("DELIVERY_OPENED",)]


def test_the_control_api_takes_the_new_shapes_and_refuses_what_the_catalog_lacks() -> None:
    fake = FakeSmsApi()
    with httpx.Client(transport=FakeTransport(fake), base_url="https://api.msg91.com") as client:
        chosen = {"number": NUMBER, "outcome": "DELIVERY_BOUNCED", "shape": "events"}
        assert client.post("/__fake/report-as", json=chosen).json() == {"outcome": "DELIVERY_BOUNCED"}
        refused = client.post("/__fake/report-as", json={**chosen, "shape": "webhook"})
        fake.handle(sendhttp())
        wrong = client.post("/__fake/deliver", json={"shape": "flat"})
        delivered = client.post("/__fake/deliver", json={"shape": "events"})
    assert refused.status_code == 400 and "it can be sent as events" in refused.json()["error"]
    assert wrong.status_code == 400 and "DELIVERY_BOUNCED has no flat" in wrong.json()["error"]
    (report,) = delivered.json()["reports"]
    assert (report["shape"], report["outcomes"]) == ("events", ["DELIVERY_BOUNCED"])
    assert NUMBER not in delivered.text


def test_every_body_of_the_new_shapes_is_proven_by_the_gate() -> None:
    reports = [r for r in every_report(load_catalog()) if r.shape in ("events", "webhook")]
    assert {(r.shape, len(r.outcomes)) for r in reports} == {("events", 1), ("events", 2), ("webhook", 1)}
    assert len([r for r in reports if r.shape == "events"]) == 2 * len(_names("events"))
    assert len([r for r in reports if r.shape == "webhook"]) == len(_names("webhook"))
    assert validate().problems == ()


def _drifted(monkeypatch: pytest.MonkeyPatch, shape: str, name: str, changed: dict[str, str]) -> None:
    made = answers.shaped_report

    def drifted(entry: Entry, wanted: str, request_id: str, number: str) -> ShapedReport | None:
        """The fake's body gone wrong for one entry in one shape."""
        report = made(entry, wanted, request_id, number)
        if report is None or wanted != shape or entry.name != name:
            return report
        if shape == "events":
            return {**report, **changed, "data": [{**report["data"][0], "description": changed["event"].title()}]}
        return {**report, **changed}

    monkeypatch.setattr(answers, "shaped_report", drifted)


def test_an_events_body_that_drifted_fails_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    _drifted(monkeypatch, "events", "DELIVERY_OPENED", {"event": "clicked"})
    verdict = validate()
    assert verdict.stage == "fake" and len(verdict.problems) == 2  # alone, and beside a delivered number
    assert all(problem.startswith("the fake's events report ") for problem in verdict.problems)
    assert all("DELIVERY_CLICKED" in problem and "DELIVERY_OPENED" in problem for problem in verdict.problems)


def test_a_newer_webhook_body_that_drifted_fails_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    _drifted(monkeypatch, "webhook", "REASON_EXP_ABSSUBS", {"failureReason": "Absent subscriber"})
    verdict = validate()
    assert verdict.stage == "fake"
    (problem,) = verdict.problems
    assert problem.startswith("the fake's webhook report ") and '"failureReason":"Absent subscriber"' in problem
    assert problem.endswith("not as [('DELIVERY_FAILED', 'REASON_EXP_ABSSUBS')]")
