"""Hand-written scanners for untrusted text, where a regular expression could backtrack.

Each looks at every character a bounded number of times, so its cost is linear in the input,
and the questions about a body's kind look only at a bounded head of it.
"""

from __future__ import annotations

HEAD = 4096
"""How much of a body is looked at to tell what kind of document it is."""

_DIGITS = frozenset("0123456789")
_LABEL_SEPARATORS = frozenset(":=#")
_AFTER_CODE = frozenset(":.-\u2013\u2014,;(&")
_AFTER_BARE_CODE = frozenset(":-\u2013\u2014")


def skip_space(text: str, start: int, end: int | None = None) -> int:
    """The index of the first non-whitespace character at or after ``start``."""
    stop = len(text) if end is None else end
    while start < stop and text[start].isspace():
        start += 1
    return start


def _digits_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] in _DIGITS:
        end += 1
    return end


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def code_text(body: str) -> tuple[str, str] | None:
    """``("207", "Invalid authkey")`` from ``Error code: 207 - Invalid authkey``,
    ``code=207``, ``207: Invalid authkey`` or ``207``; None when ``body`` is not such a text.

    ``body`` is already stripped. The message is stripped, and empty when there is none.
    """
    labelled = _labelled_code(body)
    return labelled if labelled is not None else _bare_code(body)


def _labelled_code(body: str) -> tuple[str, str] | None:
    position = 0
    if body[:5].lower() == "error":
        position = skip_space(body, 5)
    if body[position : position + 4].lower() != "code":
        return None
    position = skip_space(body, position + 4)
    if body[position : position + 1] in _LABEL_SEPARATORS:
        position = skip_space(body, position + 1)
    end = _digits_end(body, position)
    if not 1 <= end - position <= 4 or (end < len(body) and _is_word(body[end])):
        return None
    code = body[position:end]
    position = skip_space(body, end)
    if position < len(body):
        if body[position] in _AFTER_CODE:
            position += 1
        elif "\n" not in body[end:position]:
            return None  # prose after the number ("code 2 of 3 sent"), not a code and its message
    return code, body[position:].strip().removeprefix("(").removesuffix(")").strip()


def _bare_code(body: str) -> tuple[str, str] | None:
    end = _digits_end(body, 0)
    if end != 3:
        return None
    position = skip_space(body, end)
    if position == len(body):
        return body[:3], ""
    if body[position] not in _AFTER_BARE_CODE or position + 1 == len(body):
        return None
    return body[:3], body[position + 1 :].strip()


_PREFIX_WORDS = ("msg91", "error")
"""A logger's or integration's words before a code and its text, in order, the first optional:
``MSG91 Error 418: IP not whitelisted``, ``ERROR 418: IP not whitelisted``."""


def prefixed_code_text(text: str) -> tuple[str, str] | None:
    """``("418", "IP not whitelisted")`` from ``Error 418: IP not whitelisted`` or ``MSG91 Error
    418 - IP not whitelisted``: the prefix words (any case), a three-digit code, a colon or dash
    and a text; None when ``text`` is not one (``Error code: 207`` is ``code_text``'s)."""
    position = skip_space(text, 0)
    for index, word in enumerate(_PREFIX_WORDS):
        after = position + len(word)
        if text[position:after].lower() == word and after < len(text) and text[after].isspace():
            position = skip_space(text, after)
        elif index == len(_PREFIX_WORDS) - 1:
            return None
    end = _digits_end(text, position)
    if end - position != 3:
        return None
    after = skip_space(text, end)
    if after == len(text) or text[after] not in _AFTER_BARE_CODE:
        return None
    rest = text[after + 1 :].strip()
    return (text[position:end], rest) if rest else None


def is_html(text: str) -> bool:
    """Whether ``text`` starts, after whitespace and comments, with an HTML doctype or element."""
    head = text[:HEAD]
    position = skip_space(head, 0)
    while head.startswith("<!--", position):
        end = head.find("-->", position + 4)
        if end < 0:
            return False
        position = skip_space(head, end + 3)
    lowered = head[position : position + 16].lower()
    if lowered.startswith("<!doctype"):
        after = skip_space(lowered, 9)
        return after > 9 and lowered.startswith("html", after)
    return lowered.startswith("<html") and len(lowered) > 5 and (lowered[5] == ">" or lowered[5].isspace())


def without_xml_declaration(text: str) -> str:
    """``text`` without a leading ``<?xml ...?>`` declaration (the parser gets UTF-8 bytes, so
    the declared encoding no longer applies)."""
    start = skip_space(text, 0)
    if not text.startswith("<?xml", start):
        return text
    end = text.find("?>", start + 5)
    if end < 0 or text.find(">", start + 5) != end + 1:
        return text
    return text[end + 2 :]
