"""Bodies a client, proxy or logger changed on the way, read back as the provider wrote them.

Text in, the provider's own text out (or None): a JavaScript or Python rendering of a JSON
object, as Node's console and Python's ``print`` log one (``{ type: 'success' }``), becomes
JSON; a complete envelope with text around it (a log line's prefix, a proxy's trailer) is cut
out of that text. Each step is one pass over the text, and each gives up rather than guess:
two envelopes in one body, or an envelope inside an HTML page, are not salvaged.
"""

from __future__ import annotations

_BARE_WORDS = {"true": "true", "false": "false", "null": "null", "undefined": "null", "True": "true"}
_BARE_WORDS |= {"False": "false", "None": "null"}
_WORD_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
_WORD = _WORD_START | frozenset("0123456789")
_NUMBER = frozenset("0123456789+-.eE")
_PUNCTUATION = frozenset("{}[]:, \t\r\n")
_JSON_ESCAPES = frozenset('"\\/bfnrtu')
_QUOTES = frozenset("'\"")


def object_literal_json(text: str) -> str | None:
    """JSON for an object literal with bare keys or single-quoted strings; None if ``text`` is not one."""
    out: list[str] = []
    index, end = 0, len(text)
    while index < end:
        char = text[index]
        if char in _PUNCTUATION:
            out.append(char)
            index += 1
        elif char in _QUOTES:
            closed = _string(text, index, out)
            if closed is None:
                return None
            index = closed
        elif char in _WORD_START:
            start = index
            while index < end and text[index] in _WORD:
                index += 1
            word = text[start:index]
            literal = _BARE_WORDS.get(word)
            if literal is None:
                after = index
                while after < end and text[after] in " \t":
                    after += 1
                if after == end or text[after] != ":":
                    return None  # a bare word is a key; a bare value would be a guess
                literal = f'"{word}"'
            out.append(literal)
        elif char in _NUMBER:
            start = index
            while index < end and text[index] in _NUMBER:
                index += 1
            out.append(text[start:index])
        else:
            return None
    return "".join(out)


def _string(text: str, start: int, out: list[str]) -> int | None:
    """Append the quoted string at ``start`` as a JSON string; the index after it, or None if unclosed."""
    quote, index, end = text[start], start + 1, len(text)
    out.append('"')
    while index < end:
        char = text[index]
        if char == quote:
            out.append('"')
            return index + 1
        if char == "\\":
            if index + 1 >= end:
                return None
            escaped = text[index + 1]
            if escaped == "'":
                out.append("'")
            elif escaped in _JSON_ESCAPES:
                out.append("\\" + escaped)
            else:
                return None  # \x41 and the like: not a rendering this reader knows
            index += 2
            continue
        out.append('\\"' if char == '"' else char)
        index += 1
    return None


def embedded_span(text: str, opening: str, closing: str) -> tuple[int, int] | None:
    """Where the text from the first ``opening`` to the last ``closing`` starts and ends, when
    there is text around it."""
    start, stop = text.find(opening), text.rfind(closing)
    if start < 0 or stop < start or (start == 0 and stop == len(text) - 1):
        return None
    return start, stop + 1
