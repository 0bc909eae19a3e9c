"""A form is read as a delivery report's only when a field is named ``data`` in some spelling;
a form that cannot name it (ASCII, no escape, no ``data`` once case, ``_`` and ``-`` are left
out) is passed over without being split field by field, and gives what the full read gives."""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from diagnose import diagnose, diagnose_report
from diagnose.responses import report_records
from diagnose.responses.report_records import parse_form

REPORT = quote_plus('[{"requestId":"5f1a2b3c4d5e6f7a8b9c0d1e","report":[{"number":"919876543210","status":"1"}]}]')
PIECES = [
    *("data", "DATA", "Data", "d_a-t_a", "da%74a", "%64ata", "ｄａｔａ", "d\u200bata", "+data+", " data", "dat", "ata"),
    *("=", "&", "%", "_", "-", "+", "x", "authkey", "status", "1", "é", "requestId", REPORT, "%3D", "%26"),
]
FORMS = st.lists(st.sampled_from(PIECES), max_size=16).map("".join)


@given(FORMS)
@example("d_a-t_a=x")
@example("x=1&D-ATA=2")
@example("+Data+=1")
@settings(max_examples=500)
def test_a_form_is_read_as_the_full_read_reads_it(text: str) -> None:
    quick = parse_form(text)
    saved = report_records._may_name_data
    report_records._may_name_data = lambda text: True
    try:
        full = parse_form(text)
    finally:
        report_records._may_name_data = saved
    assert quick == full
    assert (quick.pairs if quick is not None else None) == (full.pairs if full is not None else None)


@pytest.mark.parametrize("name", ["data", "DATA", "D_A-T_A", "+data+", "%64ata", "ｄａｔａ", "d\u200bata"])
def test_every_spelling_of_data_is_still_read_as_a_report(name: str) -> None:
    reports = diagnose_report(f"{name}={REPORT}")
    assert [report.number for report in reports] == ["919876543210"]
    assert reports[0].outcome.value == "success"


def test_a_form_of_many_other_fields_is_no_report() -> None:
    body = "authkey=x&" * 10_000 + "x"
    assert parse_form(body) is None
    assert diagnose_report(body)[0].reason == (
        "not a delivery report: no record with a number and a status, description or event"
    )
    assert diagnose(body).outcome.value == "unrecognised"
