"""Where a journey's answer was read is shown with its file's name masked as any text of the
journey is, and its line number as it is: the name is masked alone (the same for every line of a
file), a line number being too short to hold a key or a phone number. No key or number a name
holds is shown that masking ``name:line`` whole would hide."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose import diagnose, diagnose_report
from diagnose.journeys.journey import Journey, line, shown, shown_where
from diagnose.journeys.render import record
from diagnose.redaction import redact
from diagnose.vocabulary import JourneyState

NAME_PARTS = [
    *("authkey=", "authkey:", "AUTHKEY", "auth_key", "key:", "366412AbCdEf7890XyZqRsXY", "5f1a2b3c4d5e6f7a8b9c0d1e"),
    *("919876543210", "+91 98765 43210", "98765", "43210", "98765_", "1234567", "12345678", ":", "/", " ", "-"),
    *("\x1b[31m", "\u202e", "\udcff", "%39", "\\u0039", "logs/", ".jsonl", "::warning::"),
]
NAMES = st.lists(st.sampled_from(NAME_PARTS), max_size=8).map("".join)
LINES = st.integers(min_value=1, max_value=9_999_999)


REQUEST_ID = "0000000000003763646c3059"


def _journey(where: str, number: str | None = None) -> Journey:
    """A message without a report, or one whose report to ``number`` says it failed."""
    answer = diagnose(f'{{"type":"success","message":"{REQUEST_ID}"}}')
    if number is None:
        return Journey(
            request_id=REQUEST_ID, state=JourneyState.NO_REPORT, entry=None, submitted=answer, reports=(), where=where
        )
    reports = diagnose_report({"requestId": REQUEST_ID, "number": number, "status": "2", "desc": "FAILED"})
    return Journey(
        request_id=REQUEST_ID,
        state=JourneyState.FAILED,
        entry=reports[0].failure or reports[0].entry,
        submitted=answer,
        reports=tuple(reports),
        where=where,
    )


SECRETS = ("366412AbCdEf7890XyZqRsXY", "919876543210", "98765 43210", "\x1b", "\u202e", "\udcff")


@given(NAMES, LINES, st.sampled_from([None, "919876543210", "98765"]))
@settings(max_examples=400)
def test_a_place_is_its_masked_name_and_its_line(name: str, number: int, phone: str | None) -> None:
    journey = _journey(f"{name}:{number}", phone)
    shown_place = shown_where(journey, shown)
    assert shown_place in (f"{shown(journey, name)}:{number}", shown(journey, journey.where or ""))
    assert line(journey).startswith((f"{shown_place}  ", f"\\{shown_place}  "))  # a workflow command escaped
    numbers = [r.number for r in journey.reports]
    assert record(journey)["where"] in (f"{redact(name, numbers)}:{number}", redact(journey.where or "", numbers))
    whole = shown(journey, journey.where or "")
    for secret in (*SECRETS, *([phone] if phone else [])):
        assert secret not in shown_place or secret in whole  # nothing that masking the whole hides


def test_a_file_name_holding_the_reports_number_is_masked_before_its_line() -> None:
    journey = _journey("sent-to-919876543210.jsonl:12", "919876543210")
    assert line(journey).startswith("sent-to-********3210.jsonl:12  ")


def test_a_place_that_is_no_line_number_is_masked_whole() -> None:
    journey = _journey("request to 9198765:43210987")
    assert shown_where(journey, shown) == shown(journey, "request to 9198765:43210987")
    assert "43210987" not in shown_where(journey, shown)


def test_a_key_named_in_a_file_read_whole_is_masked_with_what_follows_its_colon() -> None:
    """A file read whole has no line number: ``authkey=366412A:1234567`` is its name, and the
    key's value runs on past the colon (red team)."""
    journey = _journey("answers/authkey=366412A:1234567")
    assert "366412A" not in shown_where(journey, shown)
    assert shown_where(journey, shown) == shown(journey, journey.where or "")


def test_a_number_of_the_journey_that_runs_past_the_colon_is_masked() -> None:
    journey = _journey("logs/a.jsonl:12", "a.jsonl:12")
    assert "a.jsonl:12" not in shown_where(journey, shown)
