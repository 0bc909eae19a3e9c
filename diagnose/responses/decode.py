"""Any body in, its text out: the one step ``diagnose()`` and ``diagnose_report()`` share.

Bytes to text: a byte-order mark first, then an XML encoding declaration, then the
Content-Type charset, then UTF-8. Undecodable bytes are kept as surrogate escapes, so the
original bytes can always be recovered with ``text.encode(encoding, "surrogateescape")``.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from ..limits import CUT_MARGIN, RAW_KEPT_WHEN_TOO_LARGE, cut_whole, too_large_reason
from ..records import Record

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._-]{1,40})""", re.IGNORECASE)


def media_type(content_type: str | None) -> str | None:
    """``application/json`` from ``Application/JSON; charset=utf-8``."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def charset(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


TEXT_ENCODINGS = frozenset(
    {
        # Unicode
        *("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"),
        # ASCII, ISO 8859, Windows, Mac, KOI8 and other single-byte tables
        *("ascii", "iso8859-1", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6"),
        *("iso8859-7", "iso8859-8", "iso8859-9", "iso8859-10", "iso8859-11", "iso8859-13", "iso8859-14"),
        *("iso8859-15", "iso8859-16", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255"),
        *("cp1256", "cp1257", "cp1258", "cp874", "koi8-r", "koi8-t", "koi8-u", "kz1048", "ptcp154"),
        *("tis-620", "hp-roman8", "palmos", "mac-arabic", "mac-croatian", "mac-cyrillic", "mac-farsi"),
        *("mac-greek", "mac-iceland", "mac-latin2", "mac-roman", "mac-romanian", "mac-turkish"),
        # DOS and EBCDIC code pages
        *("cp437", "cp720", "cp737", "cp775", "cp850", "cp852", "cp855", "cp856", "cp857", "cp858"),
        *("cp860", "cp861", "cp862", "cp863", "cp864", "cp865", "cp866", "cp869", "cp1006", "cp1125"),
        *("cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"),
        # Chinese, Japanese and Korean multi-byte encodings without shift states
        *("big5", "big5hkscs", "cp950", "gb2312", "gbk", "gb18030", "shift_jis", "cp932"),
        *("shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004", "euc_jisx0213", "euc_kr", "cp949"),
        "johab",
    }
)
"""The character encodings a declaration or a Content-Type may name, by Python's codec name: each
maps every character to its own bytes, whatever came before. Every other codec is ignored: those
that are not text encodings (rot13, hex, base64, zlib), those that read escapes written in the
text (``unicode_escape`` and ``raw_unicode_escape`` read ``\\x73`` as ``s``), ``charmap`` and
``undefined``, which are no encoding, IDNA and Punycode (host names), and the encodings with shift
states (UTF-7, HZ, ISO-2022-JP and -KR), where ``+AHM-``, ``~\\n`` or an escape sequence makes
other characters of ASCII bytes, or none: ``suc\\x1b(Bcess`` reads as ``success``. An allow-list
rather than a probe: a probe finds only the tricks it tries; a codec added to Python (or by an
installed package) is refused until it is named here."""

_ASCII = bytes(range(0x80))


@lru_cache(maxsize=64)
def _known(encoding: str | None, *, within_ascii: bool = True) -> str | None:
    """The codec's name when ``encoding`` names one of TEXT_ENCODINGS (and, ``within_ascii``, one
    in which every ASCII byte reads as itself: a declaration found in ASCII bytes can mean no
    other); None for anything else. A Content-Type header is read apart from the body, so it may
    name UTF-16, UTF-32 or EBCDIC."""
    if not encoding:
        return None
    try:
        info = codecs.lookup(encoding)
        if info.name not in TEXT_ENCODINGS:
            return None
        if within_ascii and _ASCII.decode(info.name) != _ASCII.decode("ascii"):
            return None
    except (LookupError, UnicodeError, ValueError):
        return None
    return info.name


_MAYBE_MARKED = frozenset([b"", b"<", b"\xef", b"\xff", b"\xfe", b"\x00", *(bytes([c]) for c in b" \t\n\r\x0b\x0c")])
"""First bytes after which a body may hold a byte-order mark or an XML declaration."""
UTF8_ONLY = frozenset(bytes([byte]) for byte in range(256)) - _MAYBE_MARKED
"""First bytes after which a body read without a Content-Type is UTF-8: ``text_of`` reads it so."""


def _charset_of(content_type: str | None) -> str | None:
    return _known(charset(content_type), within_ascii=False) if content_type else None


def decode(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was read in; a byte-order mark is
    read as the text's first character, U+FEFF, as a str handed over by a decoder that keeps it.

    Bytes that do not decode in the chosen encoding (an odd-length UTF-16 body, say) are read
    as UTF-8 instead, which with surrogate escapes never fails and never loses a byte.
    """
    first = data[:1]
    if first == b"<":  # no byte-order mark: a declaration, or UTF-8
        if data[1:2] != b"?" and not _charset_of(content_type):
            return data.decode("utf-8", "surrogateescape"), "utf-8"
    else:
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                return _decode(data, encoding)  # the mark read as U+FEFF, which body_text() drops
    declared = _XML_DECLARATION.match(data)
    encoding = _known(declared.group(1).decode("ascii") if declared else None) or _charset_of(content_type) or "utf-8"
    return _decode(data, encoding)


def _decode(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        return data.decode(encoding, "surrogateescape"), encoding
    except (UnicodeError, LookupError, ValueError):
        return data.decode("utf-8", "surrogateescape"), "utf-8"


class TooLarge(Record):
    """A body over the size limit: not read, only its start kept."""

    kept: str
    reason: str


Body = bytes | bytearray | memoryview | str


def body_text(raw: Body, content_type: str | None, limit: int) -> str | TooLarge:
    """The text of a body within ``limit`` (bytes, or characters for a str), without its
    byte-order mark; a larger one is not decoded beyond the start it keeps.

    One rule for bytes and str: the text's first character is dropped when it is U+FEFF, the mark
    (in the bytes, or kept by whoever decoded them into the str), and only that one. Another
    U+FEFF after it is a character of the text (ZERO WIDTH NO-BREAK SPACE), as ``json.loads``
    and libxml2 read it: they refuse ``\\ufeff\\ufeff{}``, so it is not read as ``{}`` here."""
    if type(raw) is str:  # the commonest case first
        if len(raw) <= limit:
            return raw[1:] if raw.startswith("\ufeff") else raw
    elif isinstance(raw, memoryview):
        raw = raw.tobytes()  # its bytes, whatever the shape and item size of the view
    if len(raw) > limit:
        kept = raw[: RAW_KEPT_WHEN_TOO_LARGE + CUT_MARGIN + 1]
        text = kept if isinstance(kept, str) else bytes(kept).decode("utf-8", "surrogateescape")
        return TooLarge(cut_whole(text, RAW_KEPT_WHEN_TOO_LARGE), too_large_reason(limit))
    if isinstance(raw, str):
        return raw[1:] if raw[:1] == "\ufeff" else raw
    return text_of(raw if type(raw) is bytes else bytes(raw), content_type)


def text_of(data: bytes, content_type: str | None = None) -> str:
    """The text of ``data``, whatever its size, without its byte-order mark: the step of
    body_text() that reads bytes, for what is read whole apart from a body (a log line, a
    recorded request), so that it reads as the same bytes would in a file."""
    if content_type is None and data[:1] in UTF8_ONLY:
        return data.decode("utf-8", "surrogateescape")  # no byte-order mark, no declaration: UTF-8
    text, _ = decode(data, content_type)
    return text[1:] if text[:1] == "\ufeff" else text
