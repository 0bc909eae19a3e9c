"""An envelope says whether its message is a request ID, and says it truly, whichever reader read it.

The decision (``interpret``) trusts the reader's ``names_request`` instead of matching the message
again, so a reader that said it wrongly would turn an error into a success or lose a request ID."""

from __future__ import annotations

import json
import re

from hypothesis import example, given
from hypothesis import strategies as st

from diagnose import diagnose
from diagnose.responses.fast_read import fast_read
from diagnose.responses.read import Envelope, is_request_id, read

ID = "3763646c3058373530393832"
_messages = st.one_of(
    st.none(),
    st.sampled_from([ID, ID.upper(), f" {ID} ", ID[:-1], ID + "0", "g" * 24, "Invalid authentication key", ""]),
    st.text(alphabet="0123456789abcdefABCDEFxg ", min_size=22, max_size=26),
    st.text(max_size=30),
)
_types = st.sampled_from([None, "success", "error", "Success", "pending"])


def _bodies(message: str | None, kind: str | None, code: str | None) -> list[str]:
    fields = {key: value for key, value in (("type", kind), ("message", message), ("code", code)) if value is not None}
    json_body = json.dumps(fields)
    xml_body = "".join(f"<{key}>{value}</{key}>" for key, value in fields.items())
    return [
        json_body,
        f"<?xml version='1.0'?><response>{xml_body}</response>",
        f"<RESPONSE>{xml_body.upper()}</RESPONSE>",
        f"2026-12-06 10:00:00 ERROR sms: {json_body}",  # salvaged from a logger's line
        message or "",
        f"{code}: {message}" if code else message or "",
    ]


def _says_truly(text: str) -> None:
    for reading in (read(text), fast_read(text)):
        if isinstance(reading, Envelope):
            message = reading.message
            assert reading.names_request == (message is not None and is_request_id(message)), (text, reading)


@given(_messages, _types, st.sampled_from([None, "207", "418", "200"]))
@example(ID, "success", None)
@example(ID, "error", "207")
@example(ID, None, None)
def test_every_reader_says_truly_whether_the_message_is_a_request_id(
    message: str | None, kind: str | None, code: str | None
) -> None:
    for text in _bodies(message, kind, code):
        _says_truly(text)


def test_what_a_user_sees_of_a_success_and_of_a_bare_id() -> None:
    for body in (json.dumps({"type": "success", "message": ID}), json.dumps({"message": ID, "type": "success"})):
        found = diagnose(body)
        assert (str(found.outcome), found.request_id, found.message) == ("success", ID, ID)
    for body in (ID.encode(), f"  {ID}\n"):
        found = diagnose(body)
        assert (str(found.outcome), found.request_id) == ("success", ID)
    found = diagnose(json.dumps({"type": "success", "message": ID[:-1] + "g"}))
    assert found.request_id is None  # 24 characters, not all hexadecimal: no request ID


_HEX_PATTERN = re.compile("[0-9a-fA-F]{24}")


@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from("0123456789abcdefABCDEFgxX \t\n\r\x0b\x0c_+-"),
            st.sampled_from("٣７ⅰ\u00a0\u2009\u200b\ufeff"),  # other digits, fullwidth, numerals, spaces
            st.characters(),
        ),
        min_size=24,
        max_size=24,
    )
)
@example("3763646c3058373530393832")
@example("37 63646c305837353039383")  # whitespace, which bytes.fromhex skips
@example("0x63646c3058373530393832")
@example("٣763646c3058373530393832")  # an Arabic-Indic digit
def test_a_request_id_is_exactly_24_ascii_hexadecimal_digits(text: str) -> None:
    assert is_request_id(text) == (_HEX_PATTERN.fullmatch(text) is not None)
