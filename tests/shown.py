"""What the tests assert of everything the product shows: every rendering of a diagnosis, no
planted secret in it, no unescaped control character and no forged CI command."""

from __future__ import annotations

import json
import re

from diagnose import Diagnosis

from .hostile_corpus import LEAKS, LETTER_KEY_LEAK, LETTER_KEY_TAIL

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What a terminal or CI log must never get from a body: every control character but newline
and tab (which only the product's own layout writes), line separators, bidi overrides."""


def every_rendering(diagnosis: Diagnosis) -> str:
    return "\n".join(
        [str(diagnosis), repr(diagnosis), diagnosis.summary(), json.dumps(diagnosis.to_dict(), ensure_ascii=False)]
    )


def assert_nothing_leaks(text: str) -> None:
    for leak in (*LEAKS, LETTER_KEY_LEAK, LETTER_KEY_TAIL):
        assert leak not in text, f"{leak!r} shown"


def assert_printable_lines(text: str) -> None:
    assert not UNSAFE.search(text), f"unescaped control character: {UNSAFE.search(text)!r}"
    for line in text.splitlines():
        own = line.startswith(
            (
                "::error ",
                "::warning title=Authkeys in clear text::",
                "::notice title=More failures than annotations::",
                "::notice title=More failures than shown::",
            )
        )
        assert not line.lstrip().startswith("::") or own, f"forged command: {line!r}"


def everything_shown(result: Diagnosis) -> str:
    return "\n".join([str(result), repr(result), json.dumps(result.to_dict(), ensure_ascii=False)])
