"""The wordings issue 24 found in public threads and code: each is its entry's, by diagnose()
and on that entry's page, and each cites its source."""

from __future__ import annotations

import html

import pytest

from diagnose import Outcome, diagnose, load_catalog, lookup

from .docs_hook import load_hook

WORDINGS = [
    ('{"message":"Some Parameter are missing : mobiles/group_id","type":"error"}', "OTP_INVALID_MOBILE", "SOTP_24"),
    ("Some Parameter are missing : mobiles/group_id", "OTP_INVALID_MOBILE", "SOTP_24"),
    ("invalid_otp_length", "OTP_INVALID_LENGTH", "AVNI_264"),
    ('{"type":"error","message":"invalid_otp_length"}', "OTP_INVALID_LENGTH", "AVNI_264"),
    ("invalid_otp_expiry", "OTP_INVALID_EXPIRY", "AVNI_264"),
    ('{"type":"error","message":"otp_expiry_out_of_limit"}', "OTP_INVALID_EXPIRY", "AVNI_CODE"),
    ("otp_not_found_and_placeholder_not_found_in_message", "OTP_MESSAGE_WITHOUT_OTP", "AVNI_264"),
    ("Message don't contains otp", "OTP_MESSAGE_WITHOUT_OTP", "AVNI_264"),
    (
        "<response><type>error</type><message>Message don't contains otp</message></response>",
        "OTP_MESSAGE_WITHOUT_OTP",
        "AVNI_264",
    ),
    ("Error 207: Invalid authentication key", "INVALID_AUTHKEY", None),
    ("ERROR 418: IP not whitelisted", "IP_NOT_WHITELISTED", None),
    ("MSG91 Error 418: IP not whitelisted", "IP_NOT_WHITELISTED", "PREFIX_418"),
]


def _page(name: str) -> str:
    catalog = load_catalog()
    entry = catalog.by_name(name)
    assert entry is not None
    return html.unescape(load_hook().entry_page(catalog, entry))


@pytest.mark.parametrize(("body", "name", "source"), WORDINGS)
def test_each_wording_is_its_entrys(body: str, name: str, source: str | None) -> None:
    result = diagnose(body)
    assert result.outcome is Outcome.ERROR, result.reason
    assert result.entry is not None and result.entry.name == name
    if source is not None:
        assert source in {ref.source for ref in result.entry.sources}


@pytest.mark.parametrize(
    ("wording", "name"),
    [
        ("Some Parameter are missing : mobiles/group_id", "OTP_INVALID_MOBILE"),
        ("invalid_otp_length", "OTP_INVALID_LENGTH"),
        ("invalid_otp_expiry", "OTP_INVALID_EXPIRY"),
        ("otp_expiry_out_of_limit", "OTP_INVALID_EXPIRY"),
        ("otp_not_found_and_placeholder_not_found_in_message", "OTP_MESSAGE_WITHOUT_OTP"),
        ("Message don't contains otp", "OTP_MESSAGE_WITHOUT_OTP"),
        ("Error 207: Invalid authentication key", "INVALID_AUTHKEY"),
        ("ERROR 418: IP not whitelisted", "IP_NOT_WHITELISTED"),
        ("MSG91 Error 418: IP not whitelisted", "IP_NOT_WHITELISTED"),
    ],
)
def test_each_wording_is_on_its_entrys_page(wording: str, name: str) -> None:
    assert wording in _page(name)


def test_the_new_otp_entries_have_pages_and_say_what_to_pass() -> None:
    length, expiry = lookup("OTP_INVALID_LENGTH"), lookup("OTP_INVALID_EXPIRY")
    assert length is not None and expiry is not None
    assert "4 to 9" in _page("OTP_INVALID_LENGTH")
    assert "minutes" in _page("OTP_INVALID_EXPIRY")
    assert {ref.source for ref in length.sources} == {"AVNI_264", "DOC17"}


def test_418_points_to_the_failed_logs_that_show_the_rejected_ip() -> None:
    page = _page("IP_NOT_WHITELISTED")
    assert "Failed Logs" in page
    entry = lookup("418")
    assert entry is not None
    step = next(step for step in entry.remediation if "Failed Logs" in step.text)
    assert "IP" in step.text
    quoted = [ref for ref in entry.sources if ref.wording and "Failed Logs" in ref.wording]
    assert [ref.source for ref in quoted] == ["HELP"]
    assert "Failed Logs" in load_catalog().sources["HELP"].description


def test_the_new_sources_name_where_they_are() -> None:
    sources = load_catalog().sources
    assert sources["SOTP_24"].url == "https://github.com/MSG91/sendotp-node/issues/24"
    assert sources["AVNI_264"].url == "https://github.com/avniproject/avni-server/issues/264"
    assert "PhoneNumberVerificationService.java" in (sources["AVNI_CODE"].url or "")
    assert "70177461025" in sources["PREFIX_418"].description


@pytest.mark.parametrize(
    "body",
    [
        "Some parameter are missing",  # a generic text many other APIs answer: not the provider's
        "invalid_otp",  # OTP_MISMATCH's, unchanged
        "Error 418: IP not whitelisted on MSG91 account.",  # the integration's own longer text
    ],
)
def test_near_wordings_keep_their_meaning(body: str) -> None:
    result = diagnose(body)
    if body == "invalid_otp":
        assert result.entry is not None and result.entry.name == "OTP_MISMATCH"
    else:
        assert result.outcome is Outcome.UNRECOGNISED
