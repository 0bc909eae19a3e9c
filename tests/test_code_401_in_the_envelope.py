"""A user who sees "code":"401" in the v5 fail envelope and looks up 401 learns that there it is
the HTTP status, and where the error really is (issue 26, part 6)."""

from __future__ import annotations

from diagnose import diagnose

from .cli_runner import run_cli

ENVELOPE = b'{"status":"fail","hasError":true,"errors":"Unauthorized","code":"401","apiError":"418"}'


def test_explain_401_says_the_envelope_s_401_is_the_http_status() -> None:
    shown = " ".join(run_cli("explain", "401").stdout.split())
    assert "401 FLOW_NOT_APPROVED" in shown
    assert "the code 401 is the HTTP status (Unauthorized), and the error is the one apiError names" in shown


def test_the_envelope_itself_is_read_as_its_api_error() -> None:
    result = diagnose(ENVELOPE)
    assert result.entry is not None and result.entry.name == "IP_NOT_WHITELISTED"
    run = run_cli("parse", "-", stdin=ENVELOPE)
    assert run.stdout.startswith("418 IP_NOT_WHITELISTED")
