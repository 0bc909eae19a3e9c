"""An XML answer holds a handful of fields: XML of more than ``MAX_XML_NODES`` elements and
comments, all told, is not read as one answer, and says so. Up to the bound it is read whole, as
before; past it nothing is read element by element, so the cost of a body is its parse."""

from __future__ import annotations

import pytest

from diagnose import Outcome, diagnose, diagnose_report
from diagnose.responses.read import MAX_XML_NODES, TOO_MANY_NODES

from .test_costs import python_calls

ERROR_207 = b"<RESPONSE><TYPE>error</TYPE><CODE>207</CODE>"
FILLER = b"<a>x</a>"


def _envelope(fillers: int, filler: bytes = FILLER) -> bytes:
    return ERROR_207 + filler * fillers + b"</RESPONSE>"


def test_an_envelope_of_as_many_nodes_as_the_bound_is_read_whole() -> None:
    body = _envelope(MAX_XML_NODES - 3)  # the root, TYPE and CODE make up the rest
    result = diagnose(body)
    assert result.outcome is Outcome.ERROR and result.code == "207" and result.entry is not None
    assert len(body) > 4 * MAX_XML_NODES


@pytest.mark.parametrize(
    "body",
    [
        _envelope(MAX_XML_NODES - 2),
        _envelope(10_000),
        _envelope(MAX_XML_NODES, b"<!---->"),
        ERROR_207 + b"<data>" + FILLER * MAX_XML_NODES + b"</data></RESPONSE>",
        b"<RESPONSE>" + b"<a/>" * MAX_XML_NODES + b"</RESPONSE>",
    ],
    ids=["one over", "ten thousand", "comments", "nested", "empty elements"],
)
def test_an_envelope_of_more_nodes_is_not_read_and_says_why(body: bytes) -> None:
    result = diagnose(body)
    assert result.outcome is Outcome.UNRECOGNISED and result.entry is None and result.code is None
    assert result.reason == TOO_MANY_NODES
    assert "more than 1,000 elements and comments" in str(result)
    assert result.to_dict()["raw"] == body.decode()


def test_malformed_xml_is_told_malformed_however_many_elements_it_holds() -> None:
    result = diagnose(ERROR_207 + FILLER * 10_000)
    assert result.outcome is Outcome.UNRECOGNISED and "malformed XML" in (result.reason or "")


def test_a_report_read_of_such_a_body_says_it_is_no_report() -> None:
    reports = diagnose_report(_envelope(10_000))
    assert [report.reason for report in reports] == [
        "not a delivery report: no record with a number and a status, description or event"
    ]
    assert "answer to an API call" in (diagnose_report(_envelope(10))[0].reason or "")


def test_an_http_status_is_read_beside_it_as_beside_any_unread_body() -> None:
    capped = diagnose(_envelope(10_000), http_status=503)
    unread = diagnose(b"<RESPONSE><a>x</a></RESPONSE>", http_status=503)
    assert (capped.outcome, capped.code, capped.entry) == (unread.outcome, unread.code, unread.entry)


def test_reading_such_a_body_makes_no_call_for_each_element() -> None:
    bodies = [_envelope(count) for count in (2_000, 20_000)]
    small, large = (python_calls(lambda body=body: diagnose(body)) for body in bodies)
    assert large <= small + 10, f"{small} calls for 2,000 elements, {large} for 20,000"
