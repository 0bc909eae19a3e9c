"""Why a delivery report says a message failed: every wording of provider-api-more.md section 2
is a catalog entry, found through every field a report puts it in, in every webhook shape."""

from __future__ import annotations

import json

import pytest

from diagnose import diagnose, diagnose_report
from diagnose.catalog.model import load_catalog
from diagnose.vocabulary import Outcome

CATALOG = load_catalog()
REQUEST_ID = "546b384ce51f8f1e1e8b4567"

# Every wording of the reference's section 2, as it is written there, and its entry.
REFERENCE_WORDINGS = {
    "EXP Abssubs": "REASON_EXP_ABSSUBS",
    "EXP Memexcd": "REASON_EXP_MEMEXCD",
    "EXP Smstmout": "REASON_EXP_SMSTMOUT",
    "EXP Nwfail": "REASON_EXP_NWFAIL",
    "Resource Unavailable": "REASON_RESOURCE_UNAVAILABLE",
    "ABSENT SUBSCRIBER": "REASON_ABSENT_SUBSCRIBER",
    "NUMBER TEMPORARILY UNAVAILABLE": "REASON_NUMBER_TEMPORARILY_UNAVAILABLE",
    "CALL BARRED": "REASON_CALL_BARRED",
    "SYSTEM FAILURE": "REASON_SYSTEM_FAILURE",
    "HLR/ MSC Timeout": "REASON_HLR_MSC_TIMEOUT",
    "INBOX CAPACITY EXCEEDED": "REASON_INBOX_CAPACITY_EXCEEDED",
    "SUBSCRIBER BUSY FOR MT SMS": "REASON_SUBSCRIBER_BUSY_FOR_MT_SMS",
    "SUBSCRIBE BSY FOR MT SMS": "REASON_SUBSCRIBER_BUSY_FOR_MT_SMS",
    "TELESERVICE NOT PROVISIONED": "REASON_TELESERVICE_NOT_PROVISIONED",
    "TLESERVCE NOT PROVSND": "REASON_TELESERVICE_NOT_PROVISIONED",
    "Services temporarily blocked": "REASON_SERVICES_TEMPORARILY_BLOCKED",
    "Message Service Not Supported": "REASON_MESSAGE_SERVICE_NOT_SUPPORTED",
    "UNKNWN SUBSCRIBE": "REASON_UNKNOWN_SUBSCRIBER",
    "ILEGAL SUBSCRIBE": "REASON_ILLEGAL_SUBSCRIBER",
    "EXPIRED MAXIMUM RETRIES EXCEEDED": "REASON_EXPIRED_MAXIMUM_RETRIES",
    "SM DELIVERY FAILURE: Unknown Service Center Address": "REASON_SM_DELIVERY_FAILURE",
    "SM DELIVERY FAILURE: Service center congestion": "REASON_SM_DELIVERY_FAILURE",
    "SM DELIVERY FAILURE: Invalid short message entity address": "REASON_SM_DELIVERY_FAILURE",
    "Failed": "REASON_FAILED_NO_DETAIL",
    "Rejected by Provider": "REASON_REJECTED_BY_PROVIDER",
    "Equipment Protocol Error": "REASON_EQUIPMENT_PROTOCOL_ERROR",
    "SMS not Matched with DLT Template.": "REASON_DLT_TEMPLATE_MISMATCH",
    "Error Description- SMS not Matched with DLT Template.": "REASON_DLT_TEMPLATE_MISMATCH",
    "HEADER-NOT-REGISTERED": "REASON_DLT_HEADER_NOT_REGISTERED",
    "TEMPLATE-NOT-MATCHED": "REASON_DLT_TEMPLATE_NOT_MATCHED",
    "TEMPLATE-VARIABLE-EXCEEDED-MAX LENGTH": "REASON_DLT_VARIABLE_TOO_LONG",
    "SENDER NOT MATCHED": "REASON_DLT_SENDER_NOT_MATCHED",
    "SNDR-NT-REG": "REASON_DLT_SENDER_NOT_REGISTERED",
    "SNDR-INACTVE": "REASON_DLT_SENDER_INACTIVE",
    "NDNC REJECTED": "REASON_NDNC_REJECTED",
    "REJECTED-MULTIPART": "REASON_REJECTED_MULTIPART",
    "ENTITY_NOT_FOUND": "REASON_DLT_ENTITY_NOT_FOUND",
    "HEADER_NOT_FOUND": "REASON_DLT_HEADER_NOT_FOUND",
    "PEID_NOT_MATCHED_WITH_HEADER": "REASON_DLT_PEID_NOT_MATCHED_WITH_HEADER",
    "TEMPLATE_NOT_FOUND": "REASON_DLT_TEMPLATE_NOT_FOUND",
}


def test_every_reason_entry_is_a_wording_of_the_reference() -> None:
    reasons = {e.name for e in CATALOG if e.phase == "reason"}
    assert reasons == set(REFERENCE_WORDINGS.values())


@pytest.mark.parametrize(("wording", "name"), REFERENCE_WORDINGS.items())
@pytest.mark.parametrize("field", ["failedReason", "failureReason"])
def test_each_wording_in_a_failure_field_gives_its_entry(wording: str, name: str, field: str) -> None:
    body = {"requestId": REQUEST_ID, "number": "919812345678", "status": "2", "desc": "FAILED", field: wording}
    [diagnosis] = diagnose_report(json.dumps(body))
    assert diagnosis.entry is not None and diagnosis.entry.name == "DELIVERY_FAILED"
    assert diagnosis.failure is not None and diagnosis.failure.name == name
    assert diagnosis.failure_reason == wording
    assert diagnosis.to_dict()["failure"]["name"] == name


@pytest.mark.parametrize(
    ("wording", "name"),
    [(w, n) for w, n in REFERENCE_WORDINGS.items() if CATALOG.by_text(w, ("delivery",)) is None],
)
def test_a_reason_in_the_description_of_a_failed_report_gives_its_entry(wording: str, name: str) -> None:
    [diagnosis] = diagnose_report(
        json.dumps({"requestId": REQUEST_ID, "number": "919812345678", "status": 2, "desc": wording})
    )
    assert diagnosis.entry is not None and diagnosis.entry.name == "DELIVERY_FAILED"
    assert diagnosis.failure is not None and diagnosis.failure.name == name


def test_a_reason_without_a_status_is_what_the_report_says() -> None:
    [diagnosis] = diagnose_report(
        json.dumps({"requestId": REQUEST_ID, "number": "919812345678", "desc": "CALL BARRED"})
    )
    assert diagnosis.outcome is Outcome.ERROR
    assert diagnosis.entry is diagnosis.failure and diagnosis.failure is not None
    assert diagnosis.failure.name == "REASON_CALL_BARRED"


def test_a_description_that_is_a_status_is_not_taken_for_a_reason() -> None:
    body = {"requestId": REQUEST_ID, "number": "919812345678", "desc": "Rejected by Provider"}
    [diagnosis] = diagnose_report(json.dumps(body))
    assert diagnosis.entry is not None and diagnosis.entry.name == "DELIVERY_REJECTED_BY_PROVIDER"
    assert diagnosis.failure is None


def test_the_status_words_description_is_not_taken_for_a_reason() -> None:
    [diagnosis] = diagnose_report(
        json.dumps({"requestId": REQUEST_ID, "number": "919812345678", "status": "2", "desc": "FAILED"})
    )
    assert diagnosis.failure is None, "FAILED is the status's own description"


def test_a_delivered_message_has_no_failure_whatever_the_report_adds() -> None:
    body = {"requestId": REQUEST_ID, "number": "919812345678", "status": "1", "desc": "DELIVERED", "failedReason": ""}
    [diagnosis] = diagnose_report(json.dumps(body))
    assert diagnosis.outcome is Outcome.SUCCESS and diagnosis.failure is None


def test_an_unknown_reason_is_kept_masked_and_has_no_entry() -> None:
    secret = "authkey=367431AbCdEf0123456789ab"
    body = {
        "requestId": REQUEST_ID,
        "number": "919812345678",
        "status": "2",
        "failedReason": f"odd {secret} 919812345678",
    }
    [diagnosis] = diagnose_report(json.dumps(body))
    assert diagnosis.failure is None and diagnosis.entry is not None
    from_the_body = {k: v for k, v in diagnosis.to_dict().items() if k != "entry"}  # the entry is catalog text
    shown = str(diagnosis) + json.dumps(from_the_body) + repr(diagnosis)
    assert "367431AbCdEf0123456789ab" not in shown and "919812345678" not in shown
    assert "odd" in diagnosis.to_dict()["failure_reason"]


def test_the_summary_gives_the_reasons_advice_not_the_statuss() -> None:
    body = {"requestId": REQUEST_ID, "number": "919812345678", "status": "2", "failedReason": "CALL BARRED"}
    [diagnosis] = diagnose_report(json.dumps(body))
    reason = CATALOG.by_name("REASON_CALL_BARRED")
    assert reason is not None
    assert reason.remediation[0].text in str(diagnosis)
    assert "reason: REASON_CALL_BARRED, Call barred" in str(diagnosis)


# The webhook shapes of provider-api-more.md section 3.


def test_the_v4_event_form_without_number_or_status_is_a_report() -> None:
    body = '[{"data":[{"meta":"0","INMSID":"0","description":"DELIVERED","ts":1726729500}],"event":"delivered"}]'
    [diagnosis] = diagnose_report(body)
    assert diagnosis.outcome is Outcome.SUCCESS
    assert diagnosis.entry is not None and diagnosis.entry.name == "DELIVERY_DELIVERED"
    assert diagnosis.number is None
    assert "no number in the report" in str(diagnosis)
    assert diagnose(body).outcome is Outcome.UNRECOGNISED, "diagnose() says it is a report, not an answer"
    assert "delivery report" in (diagnose(body).reason or "")


def test_webhook_new_reads_telnum_failure_reason_and_a_status_word() -> None:
    body = {
        "requestId": REQUEST_ID,
        "requestedAt": "2024-09-19 12:35:00",
        "status": "Failed",
        "telNum": "919812345678",
        "failureReason": "EXP Memexcd",
        "smsLength": "1",
    }
    [diagnosis] = diagnose_report(json.dumps(body))
    assert diagnosis.entry is not None and diagnosis.entry.name == "DELIVERY_FAILED"
    assert diagnosis.failure is not None and diagnosis.failure.name == "REASON_EXP_MEMEXCD"
    assert diagnosis.number == "919812345678" and diagnosis.request_id == REQUEST_ID


def test_statuses_as_integers_and_data_as_a_real_array() -> None:
    report = {"number": "919812345678", "status": 2, "desc": "FAILED", "failedReason": "CALL BARRED"}
    body = {"data": [{"requestId": REQUEST_ID, "report": [report]}]}
    [diagnosis] = diagnose_report(json.dumps(body))
    assert diagnosis.entry is not None and diagnosis.entry.name == "DELIVERY_FAILED"
    assert diagnosis.code == "2"
    assert diagnosis.failure is not None and diagnosis.failure.name == "REASON_CALL_BARRED"


def test_reason_pages_live_under_delivery() -> None:
    for entry in CATALOG:
        if entry.phase == "reason":
            assert entry.docs_path.startswith("delivery/reasons/"), entry.docs_path


RID = "30696d74424c333539323132"


def test_two_failure_reasons_that_differ_are_both_kept_and_neither_is_taken() -> None:
    body = {"requestId": RID, "number": "919876543210", "status": "Failed", "failedReason": "EXP Memexcd"}
    [report] = diagnose_report(json.dumps({**body, "failureReason": "CALL BARRED"}))
    assert report.failure is None and report.failure_reason == "EXP Memexcd / CALL BARRED"
