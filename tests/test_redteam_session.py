"""Red-team findings of this session: bodies whose answer was wrong, as a user sees it."""

from __future__ import annotations

import pytest

from diagnose import diagnose

_PROXY_STATUS_LINES = [
    '{"type":"error","message":"Error 403: Forbidden","code":"403"}',
    '{"type":"error","message":"403 Forbidden","code":"403"}',
    '{"type":"error","message":"Error 401: Unauthorized","code":"401"}',
    '{"type":"error","message":"ERROR 400: Bad Request","code":400}',
    '{"message":"Error 403: Forbidden","code":"403"}',
    "<RESPONSE><TYPE>error</TYPE><MESSAGE>Error 401: Unauthorized</MESSAGE><CODE>401</CODE></RESPONSE>",
]


@pytest.mark.parametrize("body", _PROXY_STATUS_LINES)
def test_an_http_status_line_after_a_logger_prefix_is_not_the_providers_code(body: str) -> None:
    """``Forbidden`` with code 403 is a proxy's status line; so is ``Error 403: Forbidden`` or
    ``403 Forbidden`` with code 403: not FLOW_DISABLED (nor 401 FLOW_NOT_APPROVED)."""
    result = diagnose(body)
    assert result.outcome.value == "unrecognised"
    assert result.entry is None
    assert "HTTP status line" in (result.reason or "")


def test_the_providers_own_text_after_its_code_keeps_its_meaning() -> None:
    result = diagnose('{"type":"error","message":"Error 403: Flow is disabled","code":"403"}')
    assert result.entry is not None
    assert result.entry.name == "FLOW_DISABLED"


_SUCCESS_WITH_AN_ERROR = [
    '{"type":"success","message":"MSG91 418: IP not whitelisted"}',
    '{"type":"success","message":"Error 999: Invalid authentication key"}',
    '{"type":"success","message":"Request failed: IP not whitelisted"}',
    '{"type":"success","message":"Error: IP not whitelisted"}',
    '{"type":"success","message":"Sent. IP not whitelisted"}',
    '{"type":"success","message":"OTP verified success. Message don\'t contains otp"}',
    "<RESPONSE><TYPE>success</TYPE><MESSAGE>Sent. invalid_otp_length</MESSAGE></RESPONSE>",
]


@pytest.mark.parametrize("body", _SUCCESS_WITH_AN_ERROR)
def test_a_success_whose_message_says_an_error_is_unrecognised(body: str) -> None:
    """The same words beside the envelope are two answers; inside its message they are too."""
    result = diagnose(body)
    assert result.outcome.value == "unrecognised"
