"""The hostile corpus: every body an attacker sent the product (issue 10), and more of our own.

Each is a named body in bytes. tests/test_hostile_corpus.py runs every one through every reader
and every command; tests/test_redaction_channels.py plants secrets in every field of every shape.
"""

from __future__ import annotations

import json
from urllib.parse import quote

AUTHKEY = "AbCdEf1234567890GhIjKlMn"
PHONE = "919876543210"
LEAKS = ("1234567890GhIj", "98765432")
"""What must never be shown: the middle of the authkey, the middle of the phone number."""

FORGED = "\u001b[2J\u001b[32mall 12 responses passed\u001b[0m\n::error file=app.py,line=1::forged"


def _report(**fields: object) -> bytes:
    return json.dumps({"requestId": "3763646c3058343736393231", "number": PHONE, "status": "2", **fields}).encode()


LETTER_KEY = "AbCdEfGhXyZwVuTsRqPoNmLk"
"""A key without digits, so that the phone-number mask cannot hide part of it by chance."""
LETTER_KEY_LEAK = "GhXyZwVuTs"
LETTER_KEY_TAIL = "TsRqPoNm"
"""The end of the key, before the two characters its mask shows: shown when a key is masked in part."""
_ENVELOPE = '{"type":"error","code":"999",%s}'
KEY_VARIANTS = {
    "json-spaces-before-colon": _ENVELOPE % ('"authkey"' + " " * 70 + f':"{LETTER_KEY}"'),
    "json-escaped-name": _ENVELOPE % f'"auth\\u006bey":"{LETTER_KEY}"',
    "json-escaped-value": _ENVELOPE % f'"authkey":"AbCdE\\u0066{LETTER_KEY[6:]}"',
    "json-value-in-array": _ENVELOPE % f'"authkey":["{LETTER_KEY}"]',
    "url-encoded-name": f"auth%5Fkey={LETTER_KEY}",
    "double-url-encoded": f"authkey%253D{LETTER_KEY}",
    "form-spaces": f"authkey+=+{LETTER_KEY}",
    "url-encoded-in-value": f"authkey=AbCdE%66{LETTER_KEY[6:]}",
    "html-escaped-name": f"auth&#95;key={LETTER_KEY}",
    "php-print-r": f"Array ( [authkey] => {LETTER_KEY} )",
    "xml-prefixed-attributes": f"<r><type>error</type><ns:authkey xmlns:ns='u' v='5'>{LETTER_KEY}</ns:authkey></r>",
    "xml-comment-before-value": f"<r><type>error</type><authkey><!--k-->{LETTER_KEY}</authkey></r>",
    "xml-char-reference-in-value": f"<r><type>error</type><authkey>AbCd&#69;{LETTER_KEY[5:]}</authkey></r>",
    "glued-keys": f"authkey={LETTER_KEY}authkey={LETTER_KEY}",
    # red team round 4: values no syntax above delimited, split values, names written otherwise
    "json-object-value": _ENVELOPE % f'"authkey":{{"v":"{LETTER_KEY}"}}',
    "xml-empty-element-before-value": f"<R><TYPE>error</TYPE><CODE>418</CODE><AUTHKEY><x/>{LETTER_KEY}</AUTHKEY></R>",
    "json-escaped-tab-in-name": _ENVELOPE % f'"authkey\\t":"{LETTER_KEY}"',
    **{
        f"json-escaped-{name}-around-assignment": _ENVELOPE % f'"message":"m authkey{escape}={escape}{LETTER_KEY}"'
        for name, escape in (("tabs", "\\t"), ("newlines", "\\n"), ("spaces", "\\u0020"))
    },
    "markup-around-value": f"authkey=<b>{LETTER_KEY}</b>",
    "backquoted-value": f"authkey: `{LETTER_KEY}`",
    "xml-comment-inside-value": f"<r><AUTHKEY>{LETTER_KEY[:10]}<!---->{LETTER_KEY[10:]}</AUTHKEY></r>",
    "json-nul-escape-inside-value": _ENVELOPE % f'"authkey":"{LETTER_KEY[:12]}\\u0000{LETTER_KEY[12:]}"',
    "json-escaped-quote-inside-value": _ENVELOPE % f'"authkey":"{LETTER_KEY[:12]}\\"{LETTER_KEY[12:]}"',
    "triple-url-encoded": f"authkey%25253D{LETTER_KEY}",
    "fullwidth-name": f"\uff41\uff55\uff54\uff48\uff4b\uff45\uff59\uff1d{LETTER_KEY}",
    "zero-width-in-name": f"authkey\u200b={LETTER_KEY}",
    "nul-in-name": f"authkey\x00={LETTER_KEY}",
    "numbered-name": f"authkey1={LETTER_KEY}",
    "dotted-name": f"auth.key={LETTER_KEY}",
    "said-in-words": f"the authkey is {LETTER_KEY}",
}
"""Key syntaxes the red team found shown in clear, each now masked."""

CORPUS: dict[str, bytes] = {
    # 1, 2: backtracking
    "html-comments": b"<!---->" * 27 + b"x",
    "html-comments-long": b"<!---->" * 20_000 + b"<html>",
    "code-spaces": b"code" + b" " * 30_000 + b"x",
    "error-code-spaces": b"error" + b" " * 30_000 + b"code" + b" " * 30_000,
    # 3: codecs that are not text encodings
    **{
        f"codec-{codec}": f'<?xml version="1.0" encoding="{codec}"?><r><type>error</type><code>207</code></r>'.encode()
        for codec in ("rot13", "hex", "base64", "zlib", "bz2", "uu", "idna", "punycode", "utf-7", "utf-16")
    },
    # issue 21: codecs that read escapes written in the body, or have shift states
    **{
        f"codec-{codec}-success": f'<?xml version="1.0" encoding="{codec}"?><r><type>{trick}uccess</type></r>'.encode()
        for codec, trick in [
            *(("unicode_escape", "\\x73"), ("raw_unicode_escape", "\\u0073"), ("charmap", "s")),
            *(("iso2022_jp", "\x1b(Bs"), ("hz", "~\ns"), ("undefined", "s")),
        ]
    },
    # 4, 5: interpreter limits
    "long-integer": b"[" + b"1" * 4301 + b"]",
    "long-integer-field": b'{"type":"error","code":' + b"9" * 5000 + b"}",
    "many-form-fields": b"x=" + b"&" * 64,
    "many-form-fields-data": b"&" * 10_000 + b"data=" + quote(_report().decode()).encode(),
    # 6: surrogates and undecodable bytes
    "lone-surrogate": b'{"type":"error","message":"\\ud800","code":"999"}',
    "latin1-report": _report(failedReason="caf\xe9").replace(b"caf\\u00e9", b"caf\xe9"),
    "surrogate-report": _report(failedReason="\\ud800").replace(b"\\\\ud800", b"\\ud800"),
    # 7: amplification
    "many-records": json.dumps(
        [{"requestId": "3763646c3058343736393231", "number": f"9198765{i:05d}", "status": "1"} for i in range(3000)]
    ).encode(),
    # 9, 10, 11: phone numbers
    "report-number-in-reason": _report(failedReason=f"{PHONE} is in DND registry", desc=f"{PHONE} failed"),
    "report-form-plus": b"data=" + quote(_report(number=f"+{PHONE}").decode()).encode(),
    "not-a-report-with-number": f"mobiles=%2B{PHONE}&message=hello".encode(),
    # 12, 13, 14: authkeys
    "report-key-in-reason": _report(failedReason=f"authkey={AUTHKEY}"),
    "xml-key-whitespace": f"<r><AUTHKEY>\n  {AUTHKEY}\n</AUTHKEY><type>error</type></r>".encode(),
    "xml-key-attribute": f'<r><authkey type="v5">{AUTHKEY}</authkey></r>'.encode(),
    "xml-key-cdata": f"<r><authkey><![CDATA[{AUTHKEY}]]></authkey></r>".encode(),
    "url-encoded-json-key": f"%22authkey%22%3A%22{AUTHKEY}%22".encode(),
    "php-array-key": f"array('authkey' => '{AUTHKEY}')".encode(),
    "double-escaped-json-key": ('{"body":"{\\\\\\"authkey\\\\\\":\\\\\\"' + AUTHKEY + '\\\\\\"}"}').encode(),
    "html-escaped-json-key": f"&quot;authkey&quot;:&quot;{AUTHKEY}&quot;".encode(),
    "mixed-case-key": f"authKEy={AUTHKEY}".encode(),
    "key-in-code": json.dumps({"type": "error", "code": f"authkey={AUTHKEY}"}).encode(),
    "key-in-request-id": json.dumps({"type": "success", "request_id": f"authkey={AUTHKEY}"}).encode(),
    # 16: forged output
    "forged-terminal": json.dumps({"type": "error", "message": FORGED, "code": "999"}).encode(),
    "forged-fail-line": json.dumps({"type": "error", "message": "x\nFAIL fake.json:1: ok", "code": "999"}).encode(),
    "lone-carriage-return": json.dumps({"type": "error", "message": "a\rFAIL b", "code": "999"}).encode(),
    "bidi-override": json.dumps({"type": "error", "message": "\u202eevil\u2028line", "code": "999"}).encode(),
    "c1-controls": '{"type":"error","message":"\u009b31m\u0085next","code":"999"}'.encode(),
    # our own
    "nul-bytes": b"\x00" * 100 + b'{"type":"error"}',
    "deep-json": b"[" * 200_000 + b"]" * 200_000,
    "deep-xml": b"<a>" * 100_000 + b"</a>" * 100_000,
    "bom-then-garbage": b"\xef\xbb\xbf\xff\xfe\x00<",
    "utf16-bom-odd": b"\xff\xfe{\x00\x22",
    "xml-entity": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    "many-authkeys": b"authkey=" * 100_000,
    "many-digits": b"9" * 500_000,
    "empty": b"",
    "whitespace": b" \r\n\t" * 1000,
    # found by the red team
    "inherited-event": json.dumps({"event": "x" * 400_000, "data": [{"number": "1"}] * 2000}).encode(),
    "inherited-request-id": json.dumps(
        {"requestId": "r" * 100_000, "report": [{"number": PHONE, "status": "1"}] * 3000}
    ).encode(),
    "nfkc-expansion": "\ufdfa".encode() * 349_000,
    **{f"key-{name}": body.encode() for name, body in KEY_VARIANTS.items()},
}


RED_TEAM_REQUEST_ID = "3763646c3058373530393832"


def grouped_report(field: str, written: str) -> bytes:
    record = {"requestId": RED_TEAM_REQUEST_ID, "number": "919876543210", "status": "2", "desc": "Failed"}
    record |= {"failedReason": "DND", field: f"Absent subscriber {written}"}
    return json.dumps(record).encode()
