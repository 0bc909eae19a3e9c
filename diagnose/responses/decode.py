"""Any body in, its text out: the one step ``diagnose()`` and ``diagnose_report()`` share.

Bytes to text: a byte-order mark first, then an XML encoding declaration, then the
Content-Type charset, then UTF-8. Undecodable bytes are kept as surrogate escapes, so the
original bytes can always be recovered with ``text.encode(encoding, "surrogateescape")``.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from ..limits import CUT_MARGIN, RAW_KEPT_WHEN_TOO_LARGE, cut_whole, too_large_reason

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


_ASCII_PROBE = bytes(range(0x20, 0x7F))


def _known(encoding: str | None, *, within_ascii: bool = True) -> str | None:
    """The codec's name when ``encoding`` is a text encoding (and, ``within_ascii``, one in which
    ASCII reads as ASCII: a declaration found in ASCII bytes can mean no other); None for
    anything else (rot13, hex, base64, zlib, UTF-16 named in an ASCII declaration, unknown names).
    A Content-Type header is read apart from the body, so it may name UTF-16 or UTF-32."""
    if not encoding:
        return None
    try:
        info = codecs.lookup(encoding)
        if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_BODY_ENCODINGS:
            return None
        if within_ascii and _ASCII_PROBE.decode(info.name) != _ASCII_PROBE.decode("ascii"):
            return None
    except (LookupError, UnicodeError, ValueError):
        return None
    return info.name


_NOT_BODY_ENCODINGS = frozenset({"utf-7", "idna", "punycode"})
"""UTF-7 reads ASCII as ASCII but also ``+AHs-`` as ``{``: a body could smuggle in structure.
IDNA and Punycode encode host names, not documents."""


_MAYBE_MARKED = frozenset([b"", b"<", b"\xef", b"\xff", b"\xfe", b"\x00", *(bytes([c]) for c in b" \t\n\r\x0b\x0c")])
"""First bytes after which a body may hold a byte-order mark or an XML declaration."""


def _charset_of(content_type: str | None) -> str | None:
    return _known(charset(content_type), within_ascii=False) if content_type else None


def decode(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was read in.

    Bytes that do not decode in the chosen encoding (an odd-length UTF-16 body, say) are read
    as UTF-8 instead, which with surrogate escapes never fails and never loses a byte.
    """
    if data[:1] == b"<" and data[1:2] != b"?" and not _charset_of(content_type):
        return data.decode("utf-8", "surrogateescape"), "utf-8"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding)
    declared = _XML_DECLARATION.match(data)
    encoding = _known(declared.group(1).decode("ascii") if declared else None) or _charset_of(content_type) or "utf-8"
    return _decode(data, encoding)


def _decode(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        return data.decode(encoding, "surrogateescape"), encoding
    except (UnicodeError, LookupError, ValueError):
        return data.decode("utf-8", "surrogateescape"), "utf-8"


class TooLarge(NamedTuple):
    """A body over the size limit: not read, only its start kept."""

    kept: str
    reason: str


Body = bytes | bytearray | memoryview | str


def body_text(raw: Body, content_type: str | None, limit: int) -> str | TooLarge:
    """The text of a body within ``limit`` (bytes, or characters for a str), without a
    byte-order mark; a larger one is not decoded beyond the start it keeps."""
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
    if content_type is None and type(raw) is bytes and raw[:1] not in _MAYBE_MARKED:
        return raw.decode("utf-8", "surrogateescape")  # no byte-order mark, no declaration: UTF-8
    text, _ = decode(bytes(raw), content_type)
    return text[1:] if text[:1] == "\ufeff" else text
