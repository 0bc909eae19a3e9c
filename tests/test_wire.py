"""responses/wire.py: the one place that names the wire's fields and reads one field's value,
for both readers (of answers, ``read``; of delivery reports, ``report_records``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from diagnose.responses import wire
from diagnose.responses.wire import ANSWER_KEYS, field_text, first_text, fold_key, value_said

RESPONSES = Path(__file__).resolve().parent.parent / "diagnose" / "responses"


def test_the_fields_of_an_answer_are_named_once() -> None:
    assert frozenset({"type", "msgtype", "message", "msg", "code", "apierror", "haserror", "errors", "error"}) == (
        ANSWER_KEYS
    )
    assert wire.REQUEST_ID_KEYS == ("requestid",) and wire.REPORT_REQUEST_ID_KEYS == ("requestid", "reqid")
    assert wire.NUMBER_KEYS == ("number", "mobile", "mobiles", "msisdn", "telnum")


def test_every_name_is_written_as_fold_key_writes_it() -> None:
    names = [
        name
        for label, value in vars(wire).items()
        if label.endswith(("_KEYS", "_KEY"))
        for name in ((value,) if isinstance(value, str) else value)
    ]
    assert names and all(fold_key(name) == name for name in names), names


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (" 207 ", "207"),
        ("", None),
        ("   ", None),
        (207, "207"),
        (0, "0"),
        (207.0, "207"),
        (2.07e2, "207"),
        (207.5, None),
        (1e16, None),
        (float("nan"), None),
        (True, None),
        (None, None),
        ([], None),
        ({"code": "207"}, None),
        pytest.param(10**5000, None, id="an-integer-too-long-to-write"),
    ],
)
def test_a_field_text_is_read_by_one_rule(value: object, text: str | None) -> None:
    assert field_text(value) == text
    assert first_text({"code": value}, ("code",)) == text


def test_the_first_field_with_a_text_answers() -> None:
    assert first_text({"desc": " ", "description": "FAILED"}, ("desc", "description")) == "FAILED"
    assert first_text({"requestid": 5, "reqid": "x"}, ("requestid", "reqid")) == "5"
    assert first_text({}, ("number",)) is None


def test_values_are_compared_by_what_they_say() -> None:
    assert value_said(" Invalid ") == value_said("INVALID") == "invalid"
    assert value_said(207) == value_said(207.0) == "207"
    assert value_said("") is None and value_said([]) is None and value_said(None) is None


def _literal_key_tuples(path: Path) -> list[str]:
    """Module-level tuples or sets of strings assigned to a name ending in KEYS in ``path``."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id.endswith("KEYS") for target in node.targets
        ):
            literals = [n for n in ast.walk(node.value) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            if literals:
                found.append(ast.unparse(node))
    return found


@pytest.mark.parametrize("module", ["read.py", "report_records.py"])
def test_the_readers_write_no_key_list_of_their_own(module: str) -> None:
    assert _literal_key_tuples(RESPONSES / module) == []
