"""The one step between what was diagnosed and anything shown: secrets masked, text made safe.

Every rendering (``str()``, ``repr()``, ``to_dict()``, every table and report of the command
line, the webhook receiver's log) passes text that came from a body, a log or a file name
through :func:`redact`, or through :func:`printable` where a person or a CI log reads it.

- Authkeys are credentials. A key name (``authkey``, ``auth_key``, ``auth-key``, ``auth.key``,
  any case or width) followed by an assignment in any of the syntaxes keys travel in (URL and
  form fields, JSON, escaped or double-escaped JSON, URL-encoded or HTML-escaped JSON, PHP
  arrays, headers, XML elements with attributes, whitespace, CDATA, markup or an object around
  the value) has its value masked as ``3664…XY``: read past what may hide part of it, and, when
  it does not end where a value ends, up to where one does. Any word shaped like a key (20 to 30
  letters and digits, both, not all hexadecimal) is masked wherever it stands.
- Phone numbers are personal data: the numbers a delivery report names, wherever they appear;
  any number written in groups of 9 digits or more (``98765_43210``, ``+91 98765 43210``,
  ``98765%2043210``), but for dates, times, amounts and IPv4 addresses; and any other run of 8
  digits or more, wherever it stands (glued to letters, after ``%2B`` or ``\n``, with invisible
  characters between its digits), but for the runs inside a request ID (24 hexadecimal
  characters on their own, not all digits: 24 digits could as well be two numbers).
- Lone surrogates (bytes that did not decode) become visible escapes, so that every rendering
  can be written as UTF-8.
- :func:`printable` also escapes control, line-breaking and bidirectional-override characters,
  so text from a body can never start a line, move a terminal's cursor or forge a CI command.

Every scanner here is linear in its input: the key-name search is a fixed string, what
follows a key name is read within a bounded window, and every other pattern is a pass of bounded
repetitions. Nothing here makes a Python call for each match on hostile text (tests/test_costs.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
"""Format characters, which show nothing (soft hyphen, zero-width spaces and joiners, word joiner,
byte-order mark, direction marks and overrides): a key name, a key or a number may hold them and
read as it would without them. A character-class body."""
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f"
"""C0 controls other than whitespace, and DEL: as invisible between the characters of a word."""
_NAME_CORE = rf"[aA][uU][tT][hH][_.\-{_CONTROLS}{_INVISIBLE}]?[kK][eE][yY]"
"""What every key name holds: ``authkey``, ``auth_key``, ``auth-key``, ``auth.key``, in any case, or
with an invisible character between its halves. Its cases are spelt out (no IGNORECASE), so that
the search for a name starts with a character class, at C speed."""
_KEY_NAME = re.compile(rf"{_NAME_CORE}(?:[_-]?[iI][dD]|\d{{1,3}}|_?[a-zA-Z]{{1,16}})?")
"""A key name with what may follow it in a variable or field name: ``authkeys``, ``authkey_id``,
``authkey1``, ``authKeyValue``, ``authkey_prod`` (letters or up to three digits: a key, which
holds digits and letters, is never taken for the end of a name)."""
_KEY_NAME_IN_LOWERED_BYTES = re.compile(rb"auth[_.\-\x00-\x08\x0e-\x1f\x7f\xad]?key")
"""A key name in bytes made lower-case (``bytes.lower()`` lowers ASCII letters, as a search of
bytes that ignores case folds them): a literal start, found at C speed, where a search that
ignores case would try the pattern at every byte."""
_KEY_VALUE = re.compile(r"[A-Za-z0-9._~+/-]*")
_VALUE_WINDOW = 256
"""How far past its start a value is read before it is taken to run on (and read whole)."""
_IN_VALUE = rf"""(?:\\[\s\S]|["']|\]\]>|[{_CONTROLS}{_INVISIBLE}]
    |<(?:!--(?:(?!--(?:>|&gt;))[\s\S]){{0,64}}--(?:>|&gt;)|!\[(?i:cdata)\[)
    |&(?i:lt;!--(?:(?!--(?:>|&gt;))[\s\S]){{0,64}}--(?:>|&gt;)|quot;|apos;|\#0*(?:[0-9]|[12][0-9]|3[01]|3[49]|92);)
    |%(?i:3c%21--(?:(?!--%3e)[\s\S]){{0,64}}--%3e|(?:25){{0,3}}(?:[01][0-9a-f]|7f|2[27]|5c)))"""
"""What may stand inside a value between its characters and hide the rest of it: an escape
(``\\u0000``, ``\\"``), a quote, a comment (raw, HTML-escaped or URL-encoded), CDATA, an encoded
control or quote, an invisible character. Taken as part of the value only when more of the value
follows it. Each alternative is told by its first character."""
_KEY_VALUE_PIECES = re.compile(
    rf"[A-Za-z0-9._~+/-]{{0,256}}(?:{_IN_VALUE}{{1,4}}[A-Za-z0-9._~+/-]{{1,256}}){{0,16}}", re.VERBOSE
)
"""A value: its characters, and more of them after what may hide them. Each repetition is bounded
and what hides a value never starts as a value's character does, so nothing backtracks."""
_UNDELIMITED = re.compile(r"""[^\s"'`&,;<>()\[\]{}|\\%*]{1,256}""")
_VALUE_ENDS = frozenset(" \t\n\r\f\v\"'`&,;<>()[]{}|\\%*") | {""}
"""Where a value ends (the first characters ``_UNDELIMITED`` does not take, the common ones, and
the end of the text): after one of them nothing more is taken."""
"""What follows a value that does not end where a value ends (a space, a quote, a bracket, a field
or list separator, markup, an escape): taken with it, so that a key with a character no key holds
in it is masked whole rather than in part."""
_MIN_KEY_LENGTH = 8
_ATTRIBUTES_WINDOW = 256
_SEPARATOR_TOKEN = rf"""(?:\s|[:=>"'`*\[\](),;|+\-{_CONTROLS}{_INVISIBLE}]
    |\\(?:(?i:x(?:3[ade]|09|0a|0d|20)|u00(?:[01][0-9a-f]|2[027]|3[ade]|a0|ad)|u20(?:0[0-9a-f]|2f|6[0-4])|ufeff
        |[tnrfb/]))?
    |<(?:!\[(?i:cdata)\[|!--(?:(?!--(?:>|&gt;))[\s\S]){{0,64}}--(?:>|&gt;)|(?i:[a-z]{{1,10}}[1-6]?)(?:\s[^<>]{{0,128}})?/?>)?
    |\{{(?:[^{{}}:=,<>]{{0,48}}[:=])?|}}
    |%(?i:(?:25){{0,3}}(?:22|27|5b|5d|5c|20|3a|3d|3e|09|0a|0d|60)|3c%21--(?:(?!--%3e)[\s\S]){{0,64}}--%3e|3c[a-z]{{1,10}}[1-6]?(?:%2f)?%3e)
    |&(?i:(?:quot|apos|gt|equals|colon|nbsp|\#34|\#39|\#58|\#61|\#x22|\#x27|\#x3a|\#x3d|\#0?9|\#0?10|\#0?13
        |\#0?32|\#x9|\#xa|\#xd|\#x20);|lt;(?:!\[cdata\[|!--(?:(?!--(?:>|&gt;))[\s\S]){{0,64}}--(?:>|&gt;)|[a-z]{{1,10}}[1-6]?/?&gt;))
    |(?<=\s)(?i:is|was)(?=\s)|(?i:value)|(?i:string)\(\d{{1,4}}\)|[bBuU](?=['"]))"""
_SEPARATOR = re.compile(_SEPARATOR_TOKEN + "*", re.VERBOSE)
"""What may stand between a key name and its value: quotes, brackets, backquotes, spaces, list
and column separators, escapes (of quotes, spaces and controls in JSON; URL-encoding up to four
times over), a ``value`` label (HAR, Postman, HTML inputs), CDATA, a comment, the opening tag of
an element around the value (``<b>``, ``<x/>``), an object's first key (``{"v":``), invisible and
control characters, the word ``is`` (no assignment: the value must look like a key), and the
assignment itself, in any syntax. Each token is told by its first character (a backslash, ``<``,
``{``, ``%`` and ``&`` start the longer ones, and stand alone as well), with case ignored only
where it may differ; a starred alternation of bounded tokens with nothing after it: it never
backtracks."""
_GLUED_KEY_NAMES = re.compile(
    rf"""(?:(?>{_KEY_NAME.pattern})
        (?:(?!\s)(?>{_SEPARATOR.pattern})(?={_NAME_CORE})  # separators, then the next name
        |(?!{_SEPARATOR_TOKEN})(?:(?!{_NAME_CORE})[\s\S])*  # no separator: on to the next name
        )
        |(?:(?<=</)|(?<=%3[cC]/)|(?<=&[lL][tT];/))(?>{_KEY_NAME.pattern})(?:(?!{_NAME_CORE})[\s\S])*  # closing a tag
        )+""",
    re.VERBOSE,
)
"""Key names none of which has a value: each followed, after its separators, by the next
(``authkey=authkey=...``, ``auth_key%3Dauth_key%3D...``), or by no separator at all
(``auth_key.auth_key.``), or closing an element (``</authkey>``), when what follows up to the
next name is passed over as the search for the next name would. :func:`authkey_spans` passes
such a run over in one match. Each name is read as it reads one (what ``_KEY_NAME`` and
``_SEPARATOR`` match, in atomic groups; no space after the name, where an element's attributes
could follow); nothing backtracks."""
_NAME_START = re.compile(_NAME_CORE)
_ASSIGNMENT = re.compile(
    r"[:=>]|%(?:25){0,3}3[ade]|\\x3[ade]|\\u003[ade]|&(?:gt|equals|colon|\#58|\#61|\#x3a|\#x3d);", re.IGNORECASE
)
_UNASSIGNED_KEY_LENGTH = 16
"""Without an assignment (``authkey KEY``, ``authkey,KEY``, ``('authkey', 'KEY')``), the word
after a key name is taken for a key when it is this long and holds a digit, or 20 long."""
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_UNRESERVED_HEX = r"(?:3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|2[dDeE]|5[fF]|7[eE])"
_NEUTRAL_ESCAPE = re.compile(
    rf"(\\u00{_UNRESERVED_HEX}|%{_UNRESERVED_HEX}|&\#x{_UNRESERVED_HEX};"
    r"|&\#(?:0?(?:4[5689]|5[0-7]|6[5-9]|[78][0-9]|9[05789])|1[01][0-9]|12[0-26]);)"
)
"""A JSON, URL or XML escape (``\\u006b``, ``%5F``, ``&#x6B;``, ``&#107;``, ``&#045;``) of a letter,
a digit or one of ``-._~``, which never need escaping, so that decoding them changes no meaning:
they are decoded before secrets are looked for, and ``auth%5Fkey``, ``"auth\\u006bey"`` and
``Ab&#67;d...`` hide nothing. Only those escapes are matched (an escape of any other character
is left as it is), so that a body of other escapes (``%7B%7B...``) costs no call a match."""


def _neutral_escapes() -> dict[str, str]:
    """Each escape ``_NEUTRAL_ESCAPE`` matches, with the character it stands for."""
    table: dict[str, str] = {}
    for character in _UNRESERVED:
        code = ord(character)
        for hexadecimal in {f"{code:02x}", f"{code:02X}"}:
            table |= {f"\\u00{hexadecimal}": character, f"%{hexadecimal}": character, f"&#x{hexadecimal};": character}
        table |= {f"&#{code};": character, f"&#{code:03d};": character}
    return table


_NEUTRAL_CHARACTERS = _neutral_escapes()
_NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._:")
_PREFIX_WINDOW = 32
_TAG_OPENINGS = ("<", "%3c", "&lt;")
_CLOSING_TAG_OPENINGS = ("</", "%3c/", "&lt;/")
_BEFORE_A_CLOSING_NAME = _NAME_CHARACTERS | {"/"}
"""What stands just before the key name of a closing tag (``</authkey``, ``</ns:authkey``)."""

_DIGITS = re.compile(r"(\d{8,})")
"""A run of 8 digits or more (a capturing group: ``split`` gives the runs and the text between)."""
_U_INVISIBLE = r"u(?:00ad|061c|180e|200[b-f]|202[a-e]|206[0-9a-f]|feff)"
_PERCENT_INVISIBLE = r"e2%(?:25)?8(?:0%(?:25)?(?:8[b-f]|a[a-e])|1%(?:25)?a[0-4])|ef%(?:25)?bb%(?:25)?bf|c2%(?:25)?ad"
_ENTITY_INVISIBLE = r"\#(?:8203|820[4-7]|173|65279|x200[b-f]|xad|xfeff);"
_ESCAPED_INVISIBLE = rf"""\\{{1,3}}(?i:{_U_INVISIBLE})|%(?i:(?:25)?(?:5c{_U_INVISIBLE}|{_PERCENT_INVISIBLE}))
    |&(?i:{_ENTITY_INVISIBLE})"""
_INVISIBLE_TOKEN = rf"(?:[{_INVISIBLE}]|{_ESCAPED_INVISIBLE})"
"""An invisible character, raw or escaped (JSON, URL-encoded once or twice as UTF-8 or as a JSON
escape, HTML). Each escape is told by its first character, so a text of others is passed over
at C speed."""
_MIN_RUN_DIGITS = 8
_ASCII_DIGITS = "0123456789"
_ANY_DIGIT = re.compile(r"\d")


def _holds_digit(text: str) -> bool:
    """Whether ``text`` holds a digit, as ``\\d`` matches one (any decimal digit): an ASCII text is
    looked through by ``str``'s own search for each of ten characters, quicker than one pass of a
    pattern tried at every character."""
    if text.isascii():
        return any(digit in text for digit in _ASCII_DIGITS)
    return _ANY_DIGIT.search(text) is not None


_DIGITS_AND_INVISIBLES = re.compile(rf"(\d(?:\d|{_INVISIBLE_TOKEN})*\d)", re.VERBOSE)
"""A run of digits where invisible characters, raw or escaped, may stand between the digits
(``9\\u200b8\\u200b7...``), which show the run as one: looked for only in a text that holds one,
and masked when it holds 8 digits or more. One starred alternation of what never starts alike
(a digit, an invisible character, an escape), then a digit: it backtracks at most over the
invisible characters at its end."""
_DIGITS_AND_RAW_INVISIBLES = re.compile(f"(\\d[\\d{_INVISIBLE}]*\\d)")
"""The same for a text that holds invisible characters, but none escaped (a class, at C speed)."""
_RAW_INVISIBLE = re.compile(f"[{_INVISIBLE}]")
_ESCAPED_INVISIBLE_SEARCH = re.compile(_ESCAPED_INVISIBLE, re.VERBOSE)
_ESCAPED_INVISIBLE_STARTS = ("\\u", "%5cu", "%255cu", "%e2%", "%ef%", "%c2%", "%25e2", "%25ef", "%25c2", "&#")
"""What an escaped invisible character starts with, in lower case: a text that holds none of them
holds none, and is not scanned for one."""
_INVISIBLE_TOKENS = re.compile(f"({_INVISIBLE_TOKEN})", re.VERBOSE)
_SPACES = "\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_U_SEPARATOR = r"u(?:0020|00a0|00ad|061c|180e|200[0-9a-f]|202[a-f]|206[0-9a-f]|feff)"
_GROUP_SEPARATOR = rf"""(?:[_./,+\-\u2010-\u2015\u2212{_SPACES}{_INVISIBLE}]
    |%(?i:(?:25)?(?:20|2[bcf]|c2%(?:25)?a0|5c{_U_SEPARATOR}|{_PERCENT_INVISIBLE}))|\\{{1,3}}(?i:{_U_SEPARATOR})
    |&(?i:nbsp;|\#0*160;|\#0*32;|\#x0*a0;|\#x0*20;|{_ENTITY_INVISIBLE}))"""
"""What joins the groups of a number: a space of any width, a hyphen or dash, ``_``, ``.``, ``/``,
``,``, ``+`` (a space in a form), an invisible character, or any of them escaped (``%20``,
``\\u00a0``, ``&nbsp;``). Each escape is told by its first character (``%``, ``\\``, ``&``)."""
_PAIR_SEPARATOR = rf"[.{_SPACES}]"
_GROUPS_END = r"(?![\dA-Fa-f]|\.\d)"
_SEPARATED_PHONE = re.compile(
    rf"""(?=[+(\d%\\])(?:(?P<lead>%(?:25)?[0-9a-fA-F]{{2}}|(?:\\{{1,3}}|%(?:25)?5[cC])u[0-9a-fA-F]{{4}})|(?<![\dA-Fa-f%uU(.]))
    (?:\+?\(?(?>\d{{1,4}})\)?(?P<pair>{_PAIR_SEPARATOR})(?>\d{{2}})(?:(?P=pair)(?>\d{{2}})){{2,5}}{_GROUPS_END}
    |\+?\(?(?>\d{{1,6}})\)?(?:{_GROUP_SEPARATOR}{{1,2}}\(?(?>\d{{3,5}})\)?){{0,5}}
    {_GROUP_SEPARATOR}{{1,2}}\(?(?>\d{{2,5}})\)?{_GROUPS_END})""",
    re.VERBOSE,
)
"""A number written in groups, as people, forms and loggers write them: ``+91 98765 43210``,
``+91-98765-43210``, ``(919) 876-5432``, ``98765_43210``, ``98765,43210``, ``98765%2043210``,
``06 12 34 56 78``. Only the first and the last group may be shorter than 3 digits, so that a date
(``2024-03-01``) or a time is never taken for a number, but for pairs of digits all joined by the
same space or dot after a first group of at most 4 digits (``06 12 34 56 78``). It stands on its
own: not glued to a digit or to a letter a request ID may hold (a-f), nor inside an escape, nor
after a decimal point or an opening bracket; or it follows an escape (``%20``, ``\\u200b``, whose
last characters are no part of a word), which is taken with it (``lead``) and left as it is. A
group's digits are taken whole (an atomic group): fewer would leave a digit where a separator, a
bracket or the end must follow, so no match is lost, and a run of digits is not tried at every
length."""
_GROUP_SEPARATORS = re.compile(f"({_GROUP_SEPARATOR})", re.VERBOSE)
"""The separators in a number in groups (split off, so that the digits of ``%20`` are not counted)."""
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,3})?|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,3})?")
"""An amount, its digits grouped in threes by commas (``1,234,567,890.50``), or as Indian
amounts are (``12,34,56,789``): not a number."""
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_ONE_DIGIT = re.compile(r"\d")
_GROUP_SEPARATOR_FIRST = rf"[)_./,+\-\u2010-\u2015\u2212{_SPACES}{_INVISIBLE}%\\&]"
"""What may follow the last digit of a group: a bracket, or the first character of a separator."""
_SEPARATED_PHONE_HINT = re.compile(
    rf"\d(?={_GROUP_SEPARATOR_FIRST})\)?{_GROUP_SEPARATOR}{{1,2}}\(?(?>\d{{2,5}})(?!\d)", re.VERBOSE
)
"""What every number in groups holds (a digit, perhaps a bracket, one or two separators, perhaps a
bracket, then a group of 2 to 5 digits): a text without it has none and is not scanned for them
(``12345678 12345678``, runs too long to be groups, is not), and a text is scanned from a little
before the first. A digit not followed by what may follow a group is passed over at once."""
_MIN_PHONE_DIGITS = 9
_GROUPS_CACHE: dict[str, str] = {}
_GROUPS_CACHE_SIZE = 4096
_REQUEST_ID_LENGTH = 24
_HEX = frozenset("0123456789abcdefABCDEF")
_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SURROGATES = ((0xD800, 0xDFFF),)
_ACTIVE_CHARACTERS = (
    (0x7F, 0x9F),
    (0x61C, 0x61C),
    (0x200E, 0x200F),
    (0x2028, 0x202E),
    (0x2066, 0x2069),
    (0xFEFF, 0xFEFF),
)
"""What JSON text may hold raw that a terminal acts on (json.dumps escapes the C0 controls)."""
_CONTROL_CHARACTERS = ((0x00, 0x1F), *_ACTIVE_CHARACTERS)
"""Control, line-breaking and bidirectional characters, which :func:`printable` escapes."""


def _character_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in ranges) + "]"


_SURROGATE = re.compile(_character_class(_SURROGATES))
_ACTIVE_IN_JSON = re.compile(_character_class(_ACTIVE_CHARACTERS))
_CONTROL = re.compile(_character_class(_CONTROL_CHARACTERS))
_SURROGATE_RUN = re.compile(f"({_character_class(_SURROGATES)}+)")
_ACTIVE_IN_JSON_RUN = re.compile(f"({_character_class(_ACTIVE_CHARACTERS)}+)")
_CONTROL_RUN = re.compile(f"({_character_class(_CONTROL_CHARACTERS)}+)")


def _visible_code(code: int) -> str:
    """A character as an escape that shows it: ``\\x1b``, ``\\u202e``; a byte that did not
    decode (kept as a surrogate escape) as the byte, ``\\xff``."""
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class _Escapes:
    """Every character of some ranges replaced by its escape, at the speed of ``str.replace``
    and ``str.translate`` rather than of a call for each character: a text of a million
    control characters costs milliseconds. The escapes hold none of the characters escaped,
    so the order of the replacements does not matter."""

    FEW = 6
    """Up to this many different characters present are replaced one after the other; more are
    translated, run by run."""

    def __init__(
        self,
        ranges: tuple[tuple[int, int], ...],
        found: re.Pattern[str],
        runs: re.Pattern[str],
        escape: Callable[[int], str],
        *,
        few: bool,
    ) -> None:
        self.found, self.runs = found, runs
        self.beyond_ascii = all(first > 0x7F for first, _ in ranges)
        """Whether every character escaped is outside ASCII: an ASCII text then holds none."""
        self.table = {code: escape(code) for first, last in ranges for code in range(first, last + 1)}
        self.pairs = tuple((chr(code), shown) for code, shown in self.table.items()) if few else ()
        """The characters looked for one by one (none: too many to look for, always translated)."""

    def __call__(self, text: str) -> str:
        if self.beyond_ascii and text.isascii():
            return text
        first = self.found.search(text)
        if first is None:
            return text
        head, rest = text[: first.start()], text[first.start() :]
        present = []
        for pair in self.pairs:
            if pair[0] in rest:
                present.append(pair)
                if len(present) > self.FEW:
                    break
        if self.pairs and len(present) <= self.FEW:
            for character, shown in present:
                rest = rest.replace(character, shown)
            return head + rest
        parts = self.runs.split(rest)
        table = self.table
        parts[1::2] = [run.translate(table) for run in parts[1::2]]
        return head + "".join(parts)


_visible_surrogates = _Escapes(_SURROGATES, _SURROGATE, _SURROGATE_RUN, _visible_code, few=False)
"""Lone surrogates as escapes (two thousand different ones, too many to look for: translated)."""
_visible_controls = _Escapes(_CONTROL_CHARACTERS, _CONTROL, _CONTROL_RUN, _visible_code, few=True)
_json_escapes = _Escapes(
    _ACTIVE_CHARACTERS, _ACTIVE_IN_JSON, _ACTIVE_IN_JSON_RUN, lambda code: f"\\u{code:04x}", few=True
)


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


def _value_start(text: str, name_start: int, name_end: int, separated: int) -> tuple[int, bool] | None:
    """Where the value after the key name at ``name_start:name_end`` begins, and whether an
    assignment stands between them (else only separators do); None when nothing does.
    ``separated``: where the separators right after the name end."""
    if name_end == len(text) or (
        text[name_start - 1 : name_start] in _BEFORE_A_CLOSING_NAME and _closes_a_tag(text, name_start)
    ):
        return None
    position, assigned, end = name_end, False, separated
    if text[name_end].isspace() and _opens_a_tag(text, name_start):
        close = text.find(">", name_end, name_end + _ATTRIBUTES_WINDOW)  # <authkey type="v5">: its attributes
        if close > name_end and "<" not in text[name_end:close]:
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


def _closes_a_tag(text: str, name_start: int) -> bool:
    """Whether the key name at ``name_start`` closes an element, ``</authkey`` or ``</ns:authkey``:
    what follows it is the next element, not its value."""
    start = name_start
    while start > 0 and name_start - start < _PREFIX_WINDOW and text[start - 1] in _NAME_CHARACTERS:
        start -= 1
    prefix = text[start:name_start]
    if prefix and not prefix.endswith(":"):
        return False
    return text[max(start - 5, 0) : start].lower().endswith(_CLOSING_TAG_OPENINGS)


def _key_end(text: str, start: int, assigned: bool) -> int:
    """The end of the value at ``start``: its characters, and more of them past what may hide
    them inside it (``_IN_VALUE``), up to the next key name if one is glued to it
    (``authkey=KEYauthkey=KEY`` holds two keys). When an assignment stands before it and it does
    not end where a value ends, what follows up to the next such end is taken with it (a false
    mask costs little, a tail shown in clear is a leak). Only a bounded window is read for that,
    so that ``authkey-authkey-...`` costs linear time; a value that fills the window is taken
    whole (and the scan goes on after it)."""
    stop = start + _VALUE_WINDOW
    glued = _KEY_NAME.search(text, start, stop)
    if glued is not None:
        stop = glued.start()
    found = _KEY_VALUE_PIECES.match(text, start, stop)
    end = found.end() if found is not None else start
    if end - start == _VALUE_WINDOW:
        rest = _KEY_VALUE.match(text, end)
        return rest.end() if rest is not None else end
    if assigned and end < stop and text[end : end + 1] not in _VALUE_ENDS:
        rest = _UNDELIMITED.match(text, end, stop)
        end = rest.end() if rest is not None else end
    return end


_FULLWIDTH_RUN = re.compile("([\uff01-\uff5e]+)")
_FROM_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def _folded(text: str) -> str:
    """``text`` with its fullwidth forms (``ａｕｔｈｋｅｙ＝``) read as the ASCII characters they
    stand for, one character for one: the spans found in it are the spans of ``text``."""
    if text.isascii():
        return text
    parts = _FULLWIDTH_RUN.split(text)
    if len(parts) == 1:
        return text
    parts[1::2] = [run.translate(_FROM_FULLWIDTH) for run in parts[1::2]]
    return "".join(parts)


def _may_name_a_key(text: str) -> bool:
    """Whether ``text`` (fullwidth forms folded) holds ``auth`` in any case, as every key name
    starts: a text without it is not searched for one at every ``a``."""
    return "auth" in text.lower()


def names_no_key(text: str) -> bool:
    """Whether no authkey name can be read in ``text``, however escaped or folded: ASCII, with
    no ``auth`` and no escape (``%``, ``\\``, ``&``). Only a key's value runs on past a colon."""
    return text.isascii() and not _may_name_a_key(text) and "%" not in text and "\\" not in text and "&" not in text


def authkey_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every authkey value in ``text``."""
    text = _folded(text)
    spans: list[tuple[int, int]] = []
    if not _may_name_a_key(text):
        return spans
    position = 0
    while (found := _KEY_NAME.search(text, position)) is not None:
        name_start, name_end = found.span()
        separator = _SEPARATOR.match(text, name_end)
        separated = separator.end() if separator is not None else name_end
        # Key names with no value between them (_GLUED_KEY_NAMES) can start here only if no
        # separator follows this one, or another name follows its separators, or it closes a tag.
        if (
            separated == name_end
            or (_NAME_START.match(text, separated) is not None and not text[name_end].isspace())
            or text[name_start - 1 : name_start] == "/"
        ):
            glued = _GLUED_KEY_NAMES.match(text, name_start)
            if glued is not None:
                position = glued.end()  # none is a key
                continue
        position = name_end
        value = _value_start(text, name_start, name_end, separated)
        if value is None:
            continue
        start, assigned = value
        end = _key_end(text, start, assigned)
        if (
            end - start >= _MIN_KEY_LENGTH
            and (assigned or _looks_like_a_key(text[start:end]))
            and not _masked_in_json(text[start:end])
        ):
            spans.append((start, end))
            position = end
        else:
            # A key name among the separators before ``start`` has the same value after it, and
            # fewer separators; it is no key either: skipping them keeps the scan linear.
            position = max(position, start)
    return spans


def _masked_in_json(value: str) -> bool:
    """A key :func:`mask_secret` masked, as JSON writes it: ``fake\\u202689`` (its ellipsis
    escaped), which is no key in clear text. Only that exact shape: up to 4 characters, the
    escape (its backslash escaped again, in a log line that quotes a body), up to 2."""
    head, escape, tail = value.partition("u2026")
    shown = head.rstrip("\\")  # escaped once in a body, twice in a log line holding that body
    return bool(escape) and shown != head and len(shown) <= 4 and len(tail) <= 2


def holds_authkey(data: bytes | str) -> bool:
    """Whether ``data`` holds an authkey in clear text (bytes are read one character a byte)."""
    if isinstance(data, str):
        return bool(authkey_spans(data))
    return _KEY_NAME_IN_LOWERED_BYTES.search(data.lower()) is not None and bool(authkey_spans(data.decode("latin-1")))


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


_LONG_WORDS = re.compile(r"([A-Za-z0-9](?<![A-Za-z0-9]{2})[A-Za-z0-9]{19,})")
"""Every word of 20 ASCII letters and digits or more, whole (it starts where no letter or digit
stands before it, and runs on as far as they do). It starts with a character class, so a text is
passed over at C speed; a word too short is given up at its end, so nothing backtracks further."""
_HEX_DIGITS = "0123456789abcdefABCDEF"
_ONE_ASCII_DIGIT = re.compile("[0-9]")


def _masked_key_shapes(text: str) -> str:
    """``text`` with every word shaped like an authkey masked as :func:`mask_secret` masks one:
    20 to 30 ASCII letters and digits, both, standing on its own; but for a request ID or any other
    word of hexadecimal digits only. The words come from one ``split`` and are judged in a loop,
    without a call for each."""
    if _ONE_ASCII_DIGIT.search(text) is None:
        return text  # no digit: no key
    parts = _LONG_WORDS.split(text)
    if len(parts) == 1:
        return text
    for index in range(1, len(parts), 2):
        word = parts[index]
        if len(word) <= 30 and not word.isdigit() and not word.isalpha() and word.strip(_HEX_DIGITS):
            parts[index] = f"{word[:4]}\u2026{word[-2:]}"
    return "".join(parts)


def redact(text: str, numbers: Iterable[str | None] = (), *, phones: bool = True) -> str:
    """``text`` as it may be shown: authkeys (after a key name, and any word shaped like one) and
    phone numbers masked (``numbers``, the ones a delivery report names, wherever they appear; then
    any number in groups of 9 digits or more, and any run of 8 digits or more outside a request
    ID), surrogates made visible. ``phones=False`` shows phone numbers, for a number its reader
    asked to see."""
    known = {n for n in numbers if n and len(n) >= 5 and n in text}
    if not known and len(text) <= _REMEMBERED_LENGTH:
        if _is_request_id(text):
            return text  # nothing in a request ID is masked (_masked_digits, _masked_key_shapes)
        remembered = _redacted.get((text, phones))
        if remembered is None:
            remembered = _redacted_alone(text, phones)
            if len(_redacted) >= _MAX_REMEMBERED:
                _redacted.clear()
            _redacted[text, phones] = remembered
        return remembered
    for number in sorted(known, key=lambda n: (-len(n), n)):  # any run alike
        text = _mask_known(text, number)
    return _redacted_alone(text, phones)


def _is_request_id(text: str) -> bool:
    """Whether ``text`` is a request ID: 24 hexadecimal characters, not all of them digits."""
    return len(text) == _REQUEST_ID_LENGTH and text.isascii() and not text.strip(_HEX_DIGITS) and not text.isdigit()


_redacted: dict[tuple[str, bool], str] = {}
"""What ``redact`` made of a short text that holds none of the numbers it was given: the same
few texts (a status, a description, a reason) are masked for every message of a trace."""
_MAX_REMEMBERED = 4096
_REMEMBERED_LENGTH = 200


def _redacted_alone(text: str, phones: bool) -> str:
    """``redact`` once the numbers it was given are masked."""
    if "%" in text or "\\u" in text or "&#" in text:
        text = _unescaped(text)
    text = mask_authkeys(text)
    if not _holds_digit(text):
        return _visible_surrogates(text)  # no key (it holds a digit), no number: nothing else to mask
    text = _masked_key_shapes(text)
    if phones:
        hint = _SEPARATED_PHONE_HINT.search(text)
        if hint is not None:
            text = _masked_separated_numbers(text, max(hint.start() - _HINT_MARGIN, 0))
        text = _masked_digits(text)
    return _visible_surrogates(text)


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


def _unescaped(text: str) -> str:
    """``text`` with every escape of a letter, a digit or ``-._~`` decoded (``_NEUTRAL_ESCAPE``)."""
    parts = _NEUTRAL_ESCAPE.split(text)
    if len(parts) == 1:
        return text
    parts[1::2] = map(_NEUTRAL_CHARACTERS.__getitem__, parts[1::2])
    return "".join(parts)


_HINT_MARGIN = 32
"""How far before the first hint of a number in groups it may start: an escape taken with it
(``%255Cu200b``), a ``+``, a bracket and the digits of its first group but the last, at most 17
characters."""


def _masked_separated_numbers(text: str, start: int = 0) -> str:
    """``text`` with every number in groups (``_SEPARATED_PHONE``) of 9 digits or more masked but
    for its last four digits, its separators kept; an IPv4 address and an amount (``_THOUSANDS``)
    are no number. The same text is always masked the same, so each different one is masked once
    (a cache), and without a call: a body of a hundred thousand numbers costs milliseconds. None
    starts before ``start``."""
    pieces: list[str] = []
    position = 0
    cache = _GROUPS_CACHE
    for found in _SEPARATED_PHONE.finditer(text, start):
        written = found.group()
        masked = cache.get(written)
        if masked is None:
            lead = found.group("lead") or ""
            number = written[len(lead) :]
            masked = written
            parts = _GROUP_SEPARATORS.split(number)  # groups, then the separators between them
            digits = len(_ONE_DIGIT.findall("".join(parts[0::2])))
            if digits >= _MIN_PHONE_DIGITS and _IPV4.fullmatch(number) is None and not _THOUSANDS.fullmatch(number):
                hidden = digits - 4  # the last four are shown
                for index in range(0, len(parts), 2):
                    group = parts[index]
                    parts[index] = _ONE_DIGIT.sub("*", group, count=hidden) if hidden > 0 else group
                    hidden -= len(group.strip("+()"))
                masked = lead + "".join(parts)
            if len(cache) >= _GROUPS_CACHE_SIZE:
                cache.clear()
            cache[written] = masked
        pieces += [text[position : found.start()], masked]
        position = found.end()
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def _masked_digits(text: str) -> str:
    """``text`` with every run of 8 or more digits masked but for its last four (written as a
    string where it stands as a number in JSON); unless it lies in a request ID (24 hexadecimal
    characters standing on their own, not all of them digits), which is shown whole. Invisible
    characters between the digits, raw or escaped, do not cut a run: they are kept, and the digits
    around them masked.

    The runs and the text between them come from one ``split``, and each run is judged by the
    text beside it, without a call: a body of a hundred thousand numbers costs milliseconds."""
    raw = not text.isascii() and _RAW_INVISIBLE.search(text) is not None
    escaped = ("\\" in text or "%" in text or "&#" in text) and _holds_escaped_invisible(text)
    invisible = raw or escaped
    parts = (_DIGITS_AND_INVISIBLES if escaped else _DIGITS_AND_RAW_INVISIBLES if raw else _DIGITS).split(text)
    last = len(parts) - 1
    if not last:
        return text
    start = len(parts[0])
    for index in range(1, last, 2):
        digits, after = parts[index], parts[index + 1]
        end, before, following = start + len(digits), parts[index - 1], after[:1]
        if invisible and not digits.isdigit():  # invisible characters among the digits: no request ID, no JSON
            start = end + len(after)
            if not escaped:  # between the digits, characters that hold none
                if len(_RAW_INVISIBLE.sub("", digits)) >= _MIN_RUN_DIGITS:
                    cut, kept = len(digits), 0
                    while kept < 4:  # back over the last four digits, which are shown
                        cut -= 1
                        kept += digits[cut].isdigit()
                    parts[index] = _ONE_DIGIT.sub("*", digits[:cut]) + digits[cut:]
                continue
            pieces = _INVISIBLE_TOKENS.split(digits)  # digits, then what stands between them (escapes hold digits)
            if len("".join(pieces[0::2])) >= _MIN_RUN_DIGITS:
                shown, cut = 0, len(pieces) + 1
                while shown < 4:  # back over the pieces that hold the last four digits, which are shown
                    cut -= 2
                    shown += len(pieces[cut])
                pieces[cut] = "*" * (shown - 4) + pieces[cut][shown - 4 :]
                pieces[0:cut:2] = map("*".__mul__, map(len, pieces[0:cut:2]))
                parts[index] = "".join(pieces)
            continue
        if invisible and len(digits) < _MIN_RUN_DIGITS:  # a run found only for the invisible characters a text holds
            start = end + len(after)
            continue
        # A request ID holding the run has a hexadecimal character beside it (24 digits are no ID).
        beside_hex = before[-1:] in _HEX or following in _HEX
        if beside_hex and end - start <= _REQUEST_ID_LENGTH and _in_request_id(text, start, end):
            start = end + len(after)
            continue
        masked = "*" * (len(digits) - 4) + digits[-4:]  # mask_number of 8 digits or more
        if (following and following not in _AFTER_A_JSON_NUMBER and not following.isspace()) or (
            before.rstrip()[-1:] not in _BEFORE_A_JSON_NUMBER
        ):
            parts[index] = masked  # no JSON punctuation beside it: no number in JSON
        else:
            parts[index] = f'"{masked}"' if _stands_in_json(before, after, index + 1 == last) else masked
        start = end + len(after)
    return "".join(parts)


def _holds_escaped_invisible(text: str) -> bool:
    """Whether ``text`` holds an invisible character escaped (``_ESCAPED_INVISIBLE``), looked for
    only in a text that holds the start of one."""
    lowered = text.lower()
    return any(start in lowered for start in _ESCAPED_INVISIBLE_STARTS) and (
        _ESCAPED_INVISIBLE_SEARCH.search(text) is not None
    )


_BEFORE_A_JSON_NUMBER = frozenset(":[,")
_AFTER_A_JSON_NUMBER = frozenset(",}]")
_JSON_WINDOW = 8
"""How far before and after a run of digits is looked at for what JSON puts beside a number."""


def _stands_in_json(before: str, after: str, at_the_end: bool) -> bool:
    """Whether a run of digits stands as a number in JSON (``"n": 919876543210,``), by the text
    between it and the runs beside it (``before``, ``after``; ``at_the_end``: nothing follows
    ``after``): within 8 characters, past spaces, ``:``, ``[`` or ``,`` before it, and ``,``, ``}``
    or ``]`` (or only spaces, or the end) after it. Masked, it is written as a string, so that
    the JSON stays JSON."""
    following = after[:1]
    if following and following not in _AFTER_A_JSON_NUMBER and not following.isspace():
        return False
    stripped = before.rstrip()
    if len(before) - len(stripped) >= _JSON_WINDOW or stripped[-1:] not in _BEFORE_A_JSON_NUMBER:
        return False  # only spaces within reach (beyond them, the run before), or no JSON punctuation
    stripped = after.lstrip()
    if len(after) - len(stripped) >= _JSON_WINDOW:
        return True  # only spaces within reach
    if stripped:
        return stripped[0] in _AFTER_A_JSON_NUMBER
    return at_the_end  # spaces, then the end of the text (else the next run's digits)


def _is_json_number(text: str, start: int, end: int) -> bool:
    """Whether the digits at ``start:end`` of ``text`` stand as a number in JSON (as
    :func:`_stands_in_json` tells, from the text itself)."""
    before = text[max(start - _JSON_WINDOW, 0) : start].rstrip()
    after = text[end : end + _JSON_WINDOW].lstrip()
    return before[-1:] in _BEFORE_A_JSON_NUMBER and (not after or after[0] in _AFTER_A_JSON_NUMBER)


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
    return _visible_controls(redact(text, numbers, phones=phones))


def no_workflow_command(line: str) -> str:
    """A line of output as a CI log may show it: one that would start with ``::`` (a GitHub
    Actions workflow command, which the runner would obey) gets a backslash before it."""
    return "\\" + line if line.lstrip().startswith("::") else line


def json_text(value: object, indent: int | None = 2) -> str:
    """``value`` (already redacted) as JSON for a terminal: non-ASCII text stays readable, but
    the characters a terminal would act on (C1 controls, line separators, bidi overrides) are
    written as ``\\uXXXX`` escapes, which mean the same to a JSON reader."""
    return _json_escapes(json.dumps(value, indent=indent, ensure_ascii=False))


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
