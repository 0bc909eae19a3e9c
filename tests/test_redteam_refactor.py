"""Promises the records refactor (issue 22) kept from the commit before it: what a user could do
with a Diagnosis or a record there, they can still do (subclass it, load its pickles), and a
field is not taken twice."""

from __future__ import annotations

import copy
import pickle

import pytest

from diagnose import Diagnosis, Outcome, Step, diagnose

PICKLED_BEFORE_SLOTS = (
    b"\x80\x04\x95\xb1\x00\x00\x00\x00\x00\x00\x00\x8c\x08builtins\x94\x8c\x07getattr\x94\x93\x94"
    b"\x8c\x12diagnose.diagnosis\x94\x8c\tDiagnosis\x94\x93\x94\x8c\x0c_from_values\x94\x86\x94R\x94("
    b"\x8c\x13diagnose.vocabulary\x94\x8c\x07Outcome\x94\x93\x94\x8c\x07success\x94\x85\x94R\x94"
    b"\x8c\x02ok\x94h\t\x8c\x06Format\x94\x93\x94\x8c\x06string\x94\x85\x94R\x94N\x8c\x02id\x94"
    b"NNNNNNNt\x94\x85\x94R\x94."
)
"""``pickle.dumps(Diagnosis.success("ok", format=Format.STRING, request_id="id"))`` made by the
commit before the refactor (``Diagnosis._from_values`` and a tuple of its fields)."""


def test_a_diagnosis_pickled_before_the_refactor_loads() -> None:
    loaded = pickle.loads(PICKLED_BEFORE_SLOTS)
    assert loaded.ok and loaded.request_id == "id" and loaded.raw == "ok"
    assert loaded == Diagnosis(outcome=Outcome.SUCCESS, raw="ok", format=loaded.format, request_id="id")


class _NamedDiagnosis(Diagnosis):
    def shout(self) -> str:
        return str(self).upper()


def test_a_subclass_of_diagnosis_makes_its_own_instances() -> None:
    made = _NamedDiagnosis(outcome=Outcome.SUCCESS, raw="ok", request_id="id")
    assert type(made) is _NamedDiagnosis
    assert made.shout() == "SUCCESS: REQUEST ID ID"
    assert made == Diagnosis(outcome=Outcome.SUCCESS, raw="ok", request_id="id")
    with pytest.raises(AttributeError):
        made.raw = "changed"


class _LoudStep(Step):
    def shout(self) -> str:
        return self.text.upper()


class _LouderStep(_LoudStep):
    pass


@pytest.mark.parametrize("cls", [_LoudStep, _LouderStep])
def test_a_subclass_of_a_record_without_slots_is_made_by_keyword(cls: type[_LoudStep]) -> None:
    made = cls(text="send the authkey", guide="sms-api-integration")
    assert type(made) is cls
    assert made.shout() == "SEND THE AUTHKEY"
    assert repr(made) == f"{cls.__name__}(text='send the authkey', guide='sms-api-integration')"
    for again in (pickle.loads(pickle.dumps(made)), copy.copy(made), copy.deepcopy(made)):
        assert again == made and type(again) is cls and hash(again) == hash(made)
    with pytest.raises(AttributeError, match="immutable"):
        made.text = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError, match="lacks its field 'text'"):
        cls()  # type: ignore[call-arg]


def test_a_record_error_names_no_unknown_field_given() -> None:
    secret = "325698AbCdEf0123456789abcd"
    with pytest.raises(TypeError) as raised:
        _LoudStep(text="x", **{secret: 1})  # type: ignore[arg-type]
    assert secret not in str(raised.value)


@pytest.mark.xfail(
    strict=True,
    reason="a record's constructor tells a value given by position from none by identity with the "
    "field's default, so a field given both by position (as its default) and by name is taken once; "
    "telling them apart costs the positional fast path (only a record's own module makes it so)",
)
def test_a_field_given_by_position_and_by_name_is_refused() -> None:
    with pytest.raises(TypeError, match="twice"):
        Step("text", None, guide="sms-api-integration")  # type: ignore[misc]


def test_a_diagnosis_of_a_body_is_still_what_it_was() -> None:
    assert str(diagnose(b'{"type":"success","message":"3763646c3058373530393832"}')) == (
        "success: request id 3763646c3058373530393832"
    )
