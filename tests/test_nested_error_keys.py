"""A mapping nested in a body is asked whether it is an error envelope only when it has a key
that can say so (``read._ERROR_SAYING_KEYS``): the shortcut must never hide one."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from diagnose import diagnose
from diagnose.responses.read import _ERROR_SAYING_KEYS, _says_error
from diagnose.responses.wire import fold_key

KEYS = st.sampled_from(["type", "msgType", "msg_type", "Status", "hasError", "errors", "error", "errorCode", "a", "x"])
VALUES = st.one_of(
    st.sampled_from(["error", "fail", "success", "true", "0", "", "x"]), st.booleans(), st.integers(-1, 2)
)


@given(st.dictionaries(KEYS, VALUES, max_size=4))
def test_a_mapping_without_those_keys_never_says_error(fields: dict[str, Any]) -> None:
    if _says_error(fields):
        assert any(fold_key(key) in _ERROR_SAYING_KEYS for key in fields)


def test_an_error_nested_deep_beside_a_success_is_still_a_second_answer() -> None:
    nested: dict[str, Any] = {"hasError": True}
    for _ in range(50):
        nested = {"data": nested}
    body = {"type": "success", "message": "3763646c3058373530393832", "extra": nested}
    assert diagnose(body).outcome.value == "unrecognised"
