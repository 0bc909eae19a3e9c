"""An end-user-safe sentence from the catalog (issue 26, part 3): ``Entry.user_message`` and
``SmsApiError.user_message`` say what to tell the person who typed an expired OTP or a bad
number; None where the catalog has nothing for them. explain and the code pages show it; the
gate keeps it to the errors that are the end user's."""

from __future__ import annotations

from pathlib import Path

import pytest

from diagnose import OtpError, RecipientError, SmsApiError, diagnose_report, ensure_otp_verified, raise_for_error
from diagnose.catalog.model import load_catalog
from diagnose.gate import validate
from tests.cli_runner import run_cli

from .docs_hook import load_hook


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_an_expired_otp_tells_the_user_to_ask_for_a_new_code() -> None:
    with pytest.raises(OtpError) as caught:
        raise_for_error('{"message":"OTP expired","type":"error"}')
    assert caught.value.user_message == "This code has expired. Ask for a new code, then enter it."
    assert caught.value.user_message == caught.value.entry.user_message  # type: ignore[union-attr]


def test_each_otp_a_user_typed_wrong_has_a_sentence_for_them() -> None:
    for body, words in (
        ('{"message":"OTP not match","type":"error"}', "not correct"),
        ('{"type":"error","message":"Max limit reached for this otp verification"}', "new code"),
        ('{"type":"error","message":"OTP retry count maxed out"}', "wait"),
        ('{"type":"error","message":"Otp empty or not numeric"}', "digits only"),
    ):
        with pytest.raises(OtpError) as caught:
            ensure_otp_verified(body)
        assert words in (caught.value.user_message or ""), body


def test_an_invalid_number_tells_the_user_to_check_it() -> None:
    body = '{"type":"error","message":"Invalid mobile number","code":"202"}'
    with pytest.raises(RecipientError) as caught:
        raise_for_error(body)
    assert caught.value.user_message is not None and "mobile number is not valid" in caught.value.user_message
    assert "202" not in caught.value.user_message and "API" not in caught.value.user_message


def test_a_delivery_failure_reason_has_its_own_sentence() -> None:
    report = (
        '{"requestId":"546b384ce51f8f1e1e8b4567","number":"919812345678","status":"2","failedReason":"EXP Memexcd"}'
    )
    (diagnosis,) = diagnose_report(report)
    with pytest.raises(SmsApiError) as caught:
        raise_for_error(diagnosis)
    assert caught.value.user_message is not None and "inbox is full" in caught.value.user_message


def test_none_where_the_catalog_has_nothing_for_the_end_user() -> None:
    for body in ('{"type":"error","message":"IP not whitelisted","code":"418"}', "", "something else entirely"):
        with pytest.raises(SmsApiError) as caught:
            raise_for_error(body)
        assert caught.value.user_message is None, body
    assert load_catalog().by_name("IP_NOT_WHITELISTED").user_message is None  # type: ignore[union-attr]


def test_explain_export_and_the_code_page_show_it() -> None:
    entry = load_catalog().by_name("OTP_EXPIRED")
    assert entry is not None and entry.user_message
    shown = _flat(run_cli("explain", "OTP_EXPIRED").stdout)
    assert f"What to tell the end user \u201c{entry.user_message}\u201d" in shown
    assert "What to tell the end user" not in run_cli("explain", "418").stdout
    assert entry.to_dict()["user_message"] == entry.user_message
    assert "user_message" not in load_catalog().by_name("IP_NOT_WHITELISTED").to_dict()  # type: ignore[union-attr]
    page = load_hook().entry_page(load_catalog(), entry)
    assert "## What to tell the end user" in page and "This code has expired" in page


def test_the_gate_keeps_it_to_the_end_users_errors(data_copy: Path) -> None:
    path = data_copy / "entries" / "request.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "  name: IP_NOT_WHITELISTED\n"
    assert marker in text
    start = text.index(marker)
    related = text.index("  related:", start)
    path.write_text(text[:related] + "  user_message: Ask your admin to whitelist this IP.\n" + text[related:])
    verdict = validate(data_copy)
    assert any("user_message" in problem and "end user" in problem for problem in verdict.problems), verdict.problems
