"""dump_value() writes a decoded value as ``json.dumps(value, ensure_ascii=False, default=repr)``
does, and gives its one sentence for a value json cannot write (too deep, or holding itself)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from diagnose.responses.wire import dump_value, loads_fields

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.binary(max_size=4), st.just(float("nan"))
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none()), inner, max_size=4),
    ),
    max_leaves=12,
)


def _dumps(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        return f"<a {type(value).__name__} that cannot be shown as JSON: nested too deeply or not JSON>"


@given(_values)
def test_dump_value_is_json_dumps(value: Any) -> None:
    assert dump_value(value) == _dumps(value)


def test_dump_value_of_what_json_cannot_write() -> None:
    looped: list[Any] = []
    looped.append(looped)
    nested: list[Any] = []
    for _ in range(100_000):
        nested = [nested]
    for value in (looped, nested, {(1, 2): 3}, {1.5: float("inf"), None: b"x"}):
        assert dump_value(value) == _dumps(value)


def test_dump_value_of_a_report_record() -> None:
    record = loads_fields('{"requestId":"3763646c3058373530393832","number":"919812345678","desc":"\\u00fc \\ud800"}')
    assert dump_value(record) == json.dumps(record, ensure_ascii=False)
