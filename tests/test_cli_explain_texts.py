"""explain takes a catalogued text as it takes a code or a name, and points a pasted body to parse."""

from __future__ import annotations

import pytest

from tests.cli_runner import run_cli


@pytest.mark.parametrize("text", ["IP not whitelisted", "IP is not whitelisted", "ip not whitelisted."])
def test_a_catalogued_text_is_explained_as_its_code(text: str) -> None:
    done = run_cli("explain", text)
    assert done.status == 0 and done.stdout.startswith("418 IP_NOT_WHITELISTED"), done.stderr


def test_a_pasted_body_is_pointed_to_parse() -> None:
    done = run_cli("explain", '{"type":"error","message":"IP not whitelisted","code":"418"}')
    assert done.status == 1 and "sms-diagnose parse -" in done.stderr and done.stderr.count("\n") == 1


def test_an_unknown_word_still_says_where_to_look() -> None:
    done = run_cli("explain", "no such thing")
    assert done.status == 1 and "is not a code or name in the catalog" in done.stderr
