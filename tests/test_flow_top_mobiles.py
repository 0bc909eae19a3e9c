"""A flow body that gives its numbers at its top, as the provider's own request snippet does
(``mobiles`` beside ``template_id``, no ``recipients``), has them checked as a recipient's are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from diagnose import preflight

from .cli_runner import run_cli

FLOW = "https://control.msg91.com/api/v5/flow/"
TEMPLATE = "6123456789abcdef01234567"


def _flat(mobiles: Any, key: str = "template_id") -> dict[str, Any]:
    return {"url": FLOW, "body": {key: TEMPLATE, "sender": "SHOPIN", "mobiles": mobiles, "VAR1": "Asha"}}


@pytest.mark.parametrize(
    ("mobiles", "where"),
    [("98123", "mobiles"), ("919812345678,98123", "mobiles[1]"), ("91981234567X", "mobiles")],
)
def test_a_short_or_lettered_number_at_the_top_is_202(mobiles: str, where: str) -> None:
    found = list(preflight(_flat(mobiles)))
    assert [(finding.entry.label, finding.parameter) for finding in found] == [("202 INVALID_MOBILE_NUMBER", where)]


@pytest.mark.parametrize("mobiles", ["919812345678", 919812345678, "919812345678,918765432109"])
@pytest.mark.parametrize("key", ["template_id", "flow_id"])
def test_good_numbers_at_the_top_and_a_recipients_body_without_them_pass(mobiles: Any, key: str) -> None:
    assert list(preflight(_flat(mobiles, key))) == []
    recipients = {"url": FLOW, "body": {"template_id": TEMPLATE, "recipients": [{"mobiles": "919812345678"}]}}
    assert list(preflight(recipients)) == []


def test_the_command_line_names_the_number_masked(tmp_path: Path) -> None:
    sends = tmp_path / "flat.jsonl"
    sends.write_text(json.dumps({"id": "flat-1", "request": _flat("919812345678,98123")}) + "\n", encoding="utf-8")
    run = run_cli("preflight", str(sends))
    assert run.status == 1 and "Traceback" not in run.stderr
    assert (
        "flat.jsonl:1: mobiles[1] (****8123) has 5 digits, fewer than 10: "
        "the provider would answer 202 INVALID_MOBILE_NUMBER"
    ) in run.stdout, run.stdout
    assert "919812345678" not in run.stdout
