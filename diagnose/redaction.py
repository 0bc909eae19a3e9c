"""The one step between what was diagnosed and anything shown: secrets masked, text made safe.

Every rendering (``str()``, ``repr()``, ``to_dict()``, every table and report of the command
line, the webhook receiver's log) passes text that came from a body, a log or a file name
through :func:`redact`, or through :func:`printable` where a person or a CI log reads it.

- Authkeys are credentials. A key name (``authkey``, ``auth_key``, ``auth-key``, any case)
  followed by an assignment in any of the syntaxes keys travel in (URL and form fields, JSON,
  escaped or double-escaped JSON, URL-encoded or HTML-escaped JSON, PHP arrays, headers, XML
  elements with attributes, whitespace or CDATA) has its value masked as ``3664…XY``.
- Phone numbers are personal data: the numbers a delivery report names, wherever they appear,
  and any other run of 8 digits or more, wherever it stands (glued to letters, after ``%2B`` or
  ``\n``), but for the runs inside a request ID (24 hexadecimal characters on their own, not
  all digits: 24 digits could as well be two numbers).
- Lone surrogates (bytes that did not decode) become visible escapes, so that every rendering
  can be written as UTF-8.
- :func:`printable` also escapes control, line-breaking and bidirectional-override characters,
  so text from a body can never start a line, move a terminal's cursor or forge a CI command.

Every scanner here is linear in its input: the key-name search is a fixed string, and what
follows a key name is read by hand within a bounded window.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

_KEY_NAME = re.compile(r"auth[_-]?key(?:s|[_-]?id)?", re.IGNORECASE)
_KEY_NAME_IN_BYTES = re.compile(rb"auth[_-]?key", re.IGNORECASE)
_KEY_VALUE = re.compile(r"[A-Za-z0-9._~+/-]*")
_VALUE_HEAD = 256
_KEY_VALUE_HEAD = re.compile(r"[A-Za-z0-9._~+/-]{0,256}")
_MIN_KEY_LENGTH = 8
_ATTRIBUTES_WINDOW = 256
_SEPARATOR = re.compile(
    r"""(?:\\x3[ad]|\\u00(?:22|27|3a|3d)|%(?:25)?(?:22|27|5b|5d|5c|20|3a|3d|3e)
       |&(?:quot|apos|gt|equals|colon|\#34|\#39|\#58|\#61|\#x22|\#x27|\#x3a|\#x3d);
       |<!\[cdata\[|&lt;!\[cdata\[|<!--[^>]{0,64}-->|value|string\(\d{1,4}\)|[bu](?=['"])
       |=>|\s|[:=>"'\\\[\](),;|+\-])*""",
    re.IGNORECASE | re.VERBOSE,
)
"""What may stand between a key name and its value: quotes, brackets, spaces, list and column
separators, escapes (double URL-encoding too), a ``value`` label (HAR, Postman, HTML inputs),
CDATA, a comment and the assignment itself, in any syntax. A starred alternation of bounded
tokens with nothing after it: it never backtracks."""
_ASSIGNMENT = re.compile(
    r"[:=>]|%(?:25)?3[ade]|\\x3[ad]|\\u003[ad]|&(?:gt|equals|colon|\#58|\#61|\#x3a|\#x3d);", re.IGNORECASE
)
_UNASSIGNED_KEY_LENGTH = 16
"""Without an assignment (``authkey KEY``, ``authkey,KEY``, ``('authkey', 'KEY')``), the word
after a key name is taken for a key when it is this long and holds a digit, or 20 long."""
_NEUTRAL_ESCAPE = re.compile(r"\\u00([2-7][0-9a-fA-F])|%([2-7][0-9a-fA-F])|&\#(?:([0-9]{2,3})|x([0-9a-fA-F]{2}));")
"""A JSON, URL or XML escape of a character; decoded when the character is a letter, a digit or
one of ``-._~`` (which never need escaping, so decoding them changes no meaning) before secrets
are looked for: ``auth%5Fkey``, ``"auth\u006bey"`` and ``Ab&#67;d...`` hide nothing."""
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._:")
_PREFIX_WINDOW = 32
_TAG_OPENINGS = ("<", "%3c", "&lt;")

_DIGITS = re.compile(r"\d{8,}")
_SEPARATED_PHONE = re.compile(
    r"(?<![\w+(.])\+?\(?\d{1,6}\)?(?:[ .\-\u00a0\u202f\u2011]{1,2}\(?\d{3,5}\)?){0,5}"
    r"[ .\-\u00a0\u202f\u2011]{1,2}\(?\d{2,5}\)?(?![\w.])"
)
"""A number written in groups, as people and loggers write them: ``+91 98765 43210``,
``+91-98765-43210``, ``(919) 876-5432``, ``9876 5432 10``. Only the first and the last group may
be shorter than 3 digits, so that a date (``2024-03-01``) is never taken for a number, and an
IPv4 address is left alone."""
_MIN_PHONE_DIGITS = 9
_REQUEST_ID_LENGTH = 24
_HEX = frozenset("0123456789abcdefABCDEF")
_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ACTIVE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
"""What JSON text may hold raw that a terminal acts on (json.dumps escapes the C0 controls)."""
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def mask_secret(value: str) -> str:
    """``3664…XY``: enough to tell two keys apart, too little to use one."""
    return f"{value[:4]}\u2026{value[-2:]}" if len(value) >= 12 else "\u2026"


def mask_secrets(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of ``secrets`` (a request's own authkeys) masked as
    :func:`mask_secret` masks one. The longest is looked for first, and occurrences that overlap
    are masked as one: a key that starts another (a body's authkey that is a prefix of the
    header's) never leaves the rest of the longer one in clear, whatever order they come in."""
    spans: list[tuple[int, int]] = []
    for secret in sorted({secret for secret in secrets if secret}, key=lambda secret: (-len(secret), secret)):
        position = 0
        while (found := text.find(secret, position)) >= 0:
            spans.append((found, found + len(secret)))
            position = found + 1
    if not spans:
        return text
    spans.sort()
    pieces, shown = [], 0
    start, end = spans[0]
    for next_start, next_end in spans[1:]:
        if next_start < end:  # overlapping: one span
            end = max(end, next_end)
            continue
        pieces += [text[shown:start], mask_secret(text[start:end])]
        shown, start, end = end, next_start, next_end
    pieces += [text[shown:start], mask_secret(text[start:end]), text[end:]]
    return "".join(pieces)


def mask_number(number: str | None) -> str | None:
    """``********5678``: a phone number with all but its last four characters hidden."""
    if number is None:
        return None
    return "*" * max(len(number) - 4, 4) + number[-4:] if len(number) > 4 else "****"


def _value_start(text: str, name_start: int, name_end: int) -> tuple[int, bool] | None:
    """Where the value after the key name at ``name_start:name_end`` begins, and whether an
    assignment stands between them (else only separators do); None when nothing does."""
    position, assigned = name_end, False
    if _opens_a_tag(text, name_start):
        close = text.find(">", name_end, name_end + _ATTRIBUTES_WINDOW)  # <authkey type="v5">: its attributes
        if close > name_end and text[name_end].isspace() and "<" not in text[name_end:close]:
            position, assigned = close + 1, True
    separator = _SEPARATOR.match(text, position)
    end = separator.end() if separator is not None else position
    if end == name_end:
        return None
    return end, assigned or _ASSIGNMENT.search(text, position, end) is not None


def _looks_like_a_key(word: str) -> bool:
    return len(word) >= _UNASSIGNED_KEY_LENGTH and (len(word) >= 20 or any(c.isdigit() for c in word))


def _opens_a_tag(text: str, name_start: int) -> bool:
    """Whether the key name at ``name_start`` is an element's name, ``<authkey`` or ``<ns:authkey``."""
    start = name_start
    while start > 0 and name_start - start < _PREFIX_WINDOW and text[start - 1] in _NAME_CHARACTERS:
        start -= 1
    prefix = text[start:name_start]
    if prefix and not prefix.endswith(":"):
        return False
    return text[max(start - 4, 0) : start].lower().endswith(_TAG_OPENINGS)


def _key_end(text: str, start: int) -> int:
    """The end of the value at ``start``: its characters, up to the next key name if one is glued
    to it (``authkey=KEYauthkey=KEY`` holds two keys). Only a bounded head of the value is read
    for that, so that ``authkey-authkey-...`` costs linear time; a value longer than the head is
    taken whole (and the scan goes on after it)."""
    found = _KEY_VALUE_HEAD.match(text, start)
    end = found.end() if found is not None else start
    glued = _KEY_NAME.search(text, start, end)
    if glued is not None:
        return glued.start()
    if end - start == _VALUE_HEAD:
        rest = _KEY_VALUE.match(text, end)
        end = rest.end() if rest is not None else end
    return end


def authkey_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every authkey value in ``text``."""
    spans: list[tuple[int, int]] = []
    position = 0
    while (found := _KEY_NAME.search(text, position)) is not None:
        position = found.end()
        value = _value_start(text, found.start(), found.end())
        if value is None:
            continue
        start, assigned = value
        end = _key_end(text, start)
        if end - start >= _MIN_KEY_LENGTH and (assigned or _looks_like_a_key(text[start:end])):
            spans.append((start, end))
            position = end
        else:
            # A key name among the separators before ``start`` has the same value after it, and
            # fewer separators; it is no key either: skipping them keeps the scan linear.
            position = max(position, start)
    return spans


def holds_authkey(data: bytes | str) -> bool:
    """Whether ``data`` holds an authkey in clear text (bytes are read one character a byte)."""
    if isinstance(data, str):
        return bool(authkey_spans(data))
    return _KEY_NAME_IN_BYTES.search(data) is not None and bool(authkey_spans(data.decode("latin-1")))


def mask_authkeys(text: str) -> str:
    spans = authkey_spans(text)
    if not spans:
        return text
    pieces, position = [], 0
    for start, end in spans:
        pieces += [text[position:start], mask_secret(text[start:end])]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that did not decode, kept as a surrogate escape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def redact(text: str, numbers: Iterable[str | None] = (), *, phones: bool = True) -> str:
    """``text`` as it may be shown: authkeys and phone numbers masked (``numbers``, the ones a
    delivery report names, wherever they appear; then any run of 8 digits or more outside a
    request ID), surrogates made visible. ``phones=False`` shows phone numbers, for a number its reader asked to see."""
    for number in sorted({n for n in numbers if n and len(n) >= 5}, key=lambda n: (-len(n), n)):  # any run alike
        text = _mask_known(text, number)
    if "%" in text or "\\u" in text or "&#" in text:
        text = _NEUTRAL_ESCAPE.sub(_unescaped, text)
    text = mask_authkeys(text)
    if phones:
        text = _SEPARATED_PHONE.sub(_masked_separated, text)
        text = _DIGITS.sub(_masked_digits, text)
    return _SURROGATE.sub(_visible, text)


def _mask_known(text: str, number: str) -> str:
    """``text`` with every occurrence of a report's ``number`` masked (quoted where it stands as a
    JSON number)."""
    masked = mask_number(number) or ""
    pieces, position = [], 0
    while (found := text.find(number, position)) >= 0:
        end = found + len(number)
        quoted = number.isdigit() and _is_json_number(text, found, end)
        pieces += [text[position:found], f'"{masked}"' if quoted else masked]
        position = end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def _unescaped(match: re.Match[str]) -> str:
    hexadecimal, decimal = match.group(1) or match.group(2) or match.group(4), match.group(3)
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return chr(code) if code < 0x80 and chr(code) in _UNRESERVED else match.group()


def _masked_separated(match: re.Match[str]) -> str:
    """A number written in groups, its digits masked but for the last four, its separators kept."""
    written = match.group()
    digits = sum(char.isdigit() for char in written)
    groups = written.split(".")
    if digits < _MIN_PHONE_DIGITS or (len(groups) == 4 and all(g.isdigit() and len(g) <= 3 for g in groups)):
        return written
    hidden = digits - 4
    shown = []
    for char in written:
        if char.isdigit() and hidden > 0:
            shown.append("*")
            hidden -= 1
        else:
            shown.append(char)
    return "".join(shown)


def _masked_digits(match: re.Match[str]) -> str:
    """A run of 8 or more digits, masked but for its last four; unless it lies in a request ID (24
    hexadecimal characters standing on their own, not all of them digits), which is shown whole."""
    text, start, end = match.string, match.start(), match.end()
    if end - start <= _REQUEST_ID_LENGTH and _in_request_id(text, start, end):
        return match.group()
    masked = mask_number(match.group()) or ""
    return f'"{masked}"' if _is_json_number(text, start, end) else masked


def _is_json_number(text: str, start: int, end: int) -> bool:
    """Whether the digits at ``start:end`` stand as a number in JSON (``"n": 919876543210,``):
    masked, they are written as a string, so that the JSON stays JSON."""
    before = text[max(start - 8, 0) : start].rstrip()
    after = text[end : end + 8].lstrip()
    return before.endswith((":", "[", ",")) and (not after or after[0] in ",}]")


def _in_request_id(text: str, start: int, end: int) -> bool:
    """Whether the alphanumeric word around ``text[start:end]`` is 24 hexadecimal characters
    (looks at most 24 characters each way, so that the cost stays linear)."""
    left = start
    while left > 0 and start - left < _REQUEST_ID_LENGTH and text[left - 1] in _HEX:
        left -= 1
    right = end
    while right < len(text) and right - end < _REQUEST_ID_LENGTH and text[right] in _HEX:
        right += 1
    standing = (left == 0 or text[left - 1] not in _ALNUM) and (right == len(text) or text[right] not in _ALNUM)
    return standing and right - left == _REQUEST_ID_LENGTH and not text[left:right].isdigit()


def redact_optional(text: str | None, numbers: Iterable[str | None] = ()) -> str | None:
    return None if text is None else redact(text, numbers)


def printable(text: str, numbers: Iterable[str | None] = (), *, phones: bool = True) -> str:
    """:func:`redact`, then every control, line-breaking or bidirectional character escaped:
    what a terminal or a CI log may show of text that came from outside."""
    return _CONTROL.sub(_visible, redact(text, numbers, phones=phones))


def _json_escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(value: object, indent: int | None = 2) -> str:
    """``value`` (already redacted) as JSON for a terminal: non-ASCII text stays readable, but
    the characters a terminal would act on (C1 controls, line separators, bidi overrides) are
    written as ``\\uXXXX`` escapes, which mean the same to a JSON reader."""
    return _ACTIVE_IN_JSON.sub(_json_escaped, json.dumps(value, indent=indent, ensure_ascii=False))


def shown_number(number: str | None, reveal: bool = False) -> str | None:
    """A delivery report's number as every output shows it: masked to its last four characters
    unless ``reveal``, printable either way."""
    if number is None:
        return None
    return printable(number if reveal else mask_number(number) or "", phones=False)


def printable_optional(text: str | None, numbers: Iterable[str | None] = ()) -> str | None:
    return None if text is None else printable(text, numbers)


SHOWN_MARGIN = 512
"""Masking reads this much past where an excerpt is cut, so that a number or key the cut
splits is still recognised and masked whole."""


def body_excerpt(raw: str, number: str | None = None, limit: int = 300) -> str:
    """The start of a body as a quoted one-line string, masked (``number`` too) and escaped."""
    shown = printable(raw[: limit + SHOWN_MARGIN], (number,))
    return f"'{shown[:limit]}\u2026'" if len(shown) > limit else f"'{shown}'"
