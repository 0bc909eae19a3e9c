"""A reading in, its meaning out: success, an entry's error, a transport failure, or why it is
none of them. The one place where the catalog gives a body its meaning."""

from __future__ import annotations

import re
from http import HTTPStatus

from ..catalog.model import Catalog, Entry
from ..catalog.text import fold
from ..diagnosis import Diagnosis, succeeded, with_raw
from ..vocabulary import BodyKind, Outcome, Severity
from .read import NESTED_MESSAGE, Envelope, Reading, normalise_code
from .scanning import prefixed_code_text
from .wire import CONTRADICTS

_HTTP_PHRASES = {status.value: status.phrase.casefold() for status in HTTPStatus}
_HTTP_CODES = frozenset(str(code) for code in _HTTP_PHRASES)
_SUCCESS, _UNRECOGNISED = Outcome.SUCCESS, Outcome.UNRECOGNISED
_failed = Diagnosis.error
"""Bound once: the constructors of every diagnosed answer."""


def decide(reading: Reading, raw: str, http_status: int | None, catalog: Catalog) -> Diagnosis:
    """What ``reading`` of the body ``raw`` means, whichever reader read it: ``decide_afresh``,
    whose answer for an envelope with no request id (an error, most often: the API says each
    in one way) is kept, by its reading, HTTP status and catalog, and given again (with this
    body as ``raw``). ``raw`` is not read here, so the same reading means the same answer."""
    if type(reading) is not Envelope:
        return decide_afresh(reading, raw, http_status, catalog)
    _, kind, _, _, request_id, _, _, _ = reading  # one step, not a look-up a field
    if request_id is not None or kind == "success" or len(raw) > _KEPT_BODY:  # an answer of its own, or long
        return decide_afresh(reading, raw, http_status, catalog)
    key = (reading, http_status, catalog)  # a Catalog is hashed by identity, and held here
    known = _decided.get(key)
    if known is None:
        known = decide_afresh(reading, raw, http_status, catalog)
        if len(_decided) >= _KEPT:
            _decided.clear()
        _decided[key] = known
        return known
    return known if known.raw == raw else with_raw(known, raw)  # the same body: the same (immutable) answer


_KEPT = 512
"""Decisions kept: far more than the answers the API words (the catalog's entries, and some
words of their texts); past it, the keep starts over, so its size never grows with the input."""
_KEPT_BODY = 512
"""Characters: the API's answers are shorter; the decisions of longer bodies are not kept (a
decision holds its body), so what a long body costs never depends on having been seen before."""
_decided: dict[tuple[Envelope, int | None, Catalog], Diagnosis] = {}


def decide_afresh(reading: Reading, raw: str, http_status: int | None, catalog: Catalog) -> Diagnosis:
    """What ``reading`` of the body ``raw`` means: first whether it says two things, then what
    the catalog says; a body with no envelope (a delivery report among them) is unrecognised, or
    a transport failure its HTTP status and kind name."""
    if isinstance(reading, Envelope):
        doubt = contradiction(reading, catalog)
        if doubt is not None:
            return _unrecognised(reading, raw, http_status, f"{doubt}: {CONTRADICTS}")
        result = interpret(reading, raw, http_status, catalog)
        status = result.http_status
        if status is not None and status >= 400 and _benign(result):
            said = "a success" if result.entry is None else f"an answer of severity info ({result.entry.label})"
            reason = f"{said} body with HTTP status {status}: {CONTRADICTS}"
            return _unrecognised(reading, raw, status, reason)
        if result.outcome is not _UNRECOGNISED:
            return result
        kind: str = _OTHER
    else:
        result = Diagnosis.unrecognised(raw, reading.reason, format=reading.format, http_status=http_status)
        kind = reading.kind
        if kind in _NO_TRANSPORT:
            return result
    transport = catalog.transport_match(http_status, kind)
    if transport is None:
        return result
    return Diagnosis.error(
        raw,
        format=result.format,
        entry=transport,
        message=result.message,
        reason=result.reason,
        http_status=http_status,
    )


def _benign(result: Diagnosis) -> bool:
    """A success, or an error of severity info: what raise_for_error() returns."""
    entry = result.entry
    return result.outcome is _SUCCESS or (entry is not None and entry.severity is Severity.INFO)


_NO_TRANSPORT = frozenset({BodyKind.REPORT, BodyKind.CONTRADICTORY})
"""Bodies that are something (a report, two answers) and so never a transport failure."""
_OTHER = BodyKind.OTHER


def contradiction(envelope: Envelope, catalog: Catalog) -> str | None:
    """Why an envelope says two things, or None: a success that carries an error's code or
    text, a code and a message that name different entries, a second code in the message, two
    request ids, or the text beside the envelope (around a salvaged one, in its other fields,
    between its XML elements) reading as another answer. An answer that raise_for_error()
    returns (a success, or an error of severity info) is held to more: beside it, any other
    catalog error's words, or an HTTP error status, are a second answer."""
    _, kind, code, message, request_id, stated, around, names_request = envelope  # one step, not a look-up a field
    if names_request and code is None and stated is None and not around:
        # a request id and nothing beside it (no code, no status, no text) that could say more
        return "it carries two different request ids" if request_id and message != request_id else None
    success = kind == "success"
    own = _code_entry(code, catalog) if code else None
    by_text = message_entry(message, catalog) if message and not names_request else None
    answer = own or by_text
    benign = success or (answer is not None and answer.severity is Severity.INFO)
    if stated is not None and stated not in _HTTP_CODES:
        return f"the status it states, {stated}, is no HTTP status (a code of the provider's where a status belongs)"
    if success and own is not None:
        return f"type says success but the body carries error code {code}"
    if benign and stated is not None and int(stated) >= 400:
        return f"it says {_said(success, answer)} but the body states HTTP status {stated}"
    if names_request:
        if request_id and message != request_id:
            return "it carries two different request ids"
    elif by_text is not None:
        if success and not catalog.success_text(message or ""):
            return "type says success but the message is one of the catalog's errors"
        if own is not None and by_text is not own:
            return f"its code says {own.label} and its message says {by_text.label}"
    elif message:
        if kind == "error" and catalog.success_text(message):
            return "type says error but the message is a text of success"
        prefixed = _prefixed(message, catalog)
        if prefixed is not None and prefixed[1] is not None and prefixed[2] is not None:
            return f"its message's code says {prefixed[1].label} and its text says {prefixed[2].label}"
        words = message.split()
        other = _code_in(words, catalog, own) if _THREE_DIGITS.search(message) is not None else None
        if other is not None and (success or own is not None):
            return f"its message names a second code, {other.label}"
        other = _text_in(words, catalog, answer) if benign else None
        if other is not None:
            return f"its message also says {other.label}"
    if around:
        for other, written_as_code in said_around(around, catalog, answer):
            if benign or written_as_code:
                return f"two answers in one body: the text around the envelope reads as {other.label}"
        status = error_status_in(around) if benign else None
        if status is not None:
            return f"it says {_said(success, answer)} but the text beside it states HTTP status {status}"
    return None


def _said(success: bool, answer: Entry | None) -> str:
    return "success" if success or answer is None else answer.label


_THREE_DIGITS = re.compile("[0-9]{3}")
"""What a code in a message needs, found in one C pass before any word is looked at."""


def _code_entry(code: str, catalog: Catalog) -> Entry | None:
    return catalog.by_code(code) or catalog.by_code(normalise_code(code))


def message_entry(message: str, catalog: Catalog) -> Entry | None:
    """The entry a message names: by its catalog text, or as a code after a logger's prefix
    followed by that code's own catalog text (``Error 207: Invalid authentication key``)."""
    entry = catalog.by_text(message)
    if entry is None:
        coded = _coded_message(message, catalog)
        entry = coded[1] if coded is not None else None
    return entry


def _coded_message(message: str, catalog: Catalog) -> tuple[str, Entry] | None:
    """The code and entry of a message that is a logger's prefix, a code and that code's own
    catalog text; None for any other (a text of another entry after the code says two things)."""
    prefixed = _prefixed(message, catalog)
    if prefixed is None:
        return None
    code, coded, said = prefixed
    return (code, coded) if coded is not None and said is coded else None


def _prefixed(message: str, catalog: Catalog) -> tuple[str, Entry | None, Entry | None] | None:
    """A message written as a logger's prefix, a code and a text (``ERROR 418: IP not
    whitelisted``): its code, the entry of that code and the entry of that text (each None when
    the catalog has none); None when the message is not written so."""
    found = prefixed_code_text(message) if message[:1] in _PREFIX_STARTS else None
    if found is None:
        return None
    code, text = found
    return code, _code_entry(code, catalog), catalog.by_text(text)


_PREFIX_STARTS = frozenset("EeMm \t")
"""The characters a prefixed message can start with (``Error``, ``MSG91``): any other message
is not scanned."""


def http_status_line(code: str | None, message: str | None, kind: str | None, http_status: int | None) -> str | None:
    """``403 Forbidden`` when a body is an HTTP status line a server or proxy wrote (the code with
    its standard phrase, or a code the response's own status repeats, whatever the text beside
    it): the provider answers its errors with HTTP 200, so such a code is not the provider's."""
    if not code or len(code) != 3 or not code.isdigit():
        return None
    number = int(code)
    phrase = _HTTP_PHRASES.get(number)
    if phrase is None:
        return None
    said = message is not None and _without_own_code(message, code).casefold().rstrip(" .!") == phrase
    repeated = message is None and kind is None and http_status == number
    return f"{number} {HTTPStatus(number).phrase}" if said or repeated else None


def _without_own_code(message: str, code: str) -> str:
    """``Forbidden`` from ``Error 403: Forbidden`` or ``403 Forbidden`` when ``code`` is 403: a
    logger's prefix or the status line's own number before its phrase; else ``message``."""
    prefixed = prefixed_code_text(message) if message[:1] in _PREFIX_STARTS else None
    if prefixed is not None:
        return prefixed[1] if prefixed[0] == code else message
    head, _, phrase = message.partition(" ")
    return phrase if head == code else message


def _echoes_the_status(envelope: Envelope, http_status: int | None, catalog: Catalog) -> bool:
    """Whether a code is the response's own non-200 HTTP status repeated, beside a text that is
    not the provider's for that code ('403 - Access denied' with HTTP 403): the provider answers
    its errors with HTTP 200, so such a code is the server's. The provider's own answer (the
    code with its catalog text) keeps its meaning."""
    code, message = envelope.code, envelope.message
    if http_status is None or http_status == 200 or code != str(http_status):
        return False
    entry = catalog.by_code(code)
    return entry is None or not message or catalog.by_text(message) is not entry


AROUND_READ = 400
"""How much of the text on each side of a salvaged envelope is read, nearest the envelope first:
a logger's prefix is short, and the cost of reading it stays bounded whatever the body."""
LONGEST_TEXT_WORDS = 16
"""No catalog text is longer than this many words."""
_EDGES = " \t\r\n:;,.-=>|~/\\\"'()[]{}<>\u2014\u2013*#!?"
_CODE_WORDS = frozenset({"error", "err", "code", "status", "failed", "failure", "http", "errorcode"})


def said_around(around: tuple[str, ...], catalog: Catalog, past: Entry | None = None) -> list[tuple[Entry, bool]]:
    """Every catalog error the texts beside an envelope say by themselves (at most one by words
    and one by code in each text, reading its first and last 400 characters), and whether by a
    code (``[207]``, ``status=418``, ``Error 207``, ``418`` alone) rather than by its words
    (``Error: Invalid authkey``); none for a logger's prefix (``received:``, ``200 OK``, a time)."""
    said: list[tuple[Entry, bool]] = []
    for marked in around:
        text = marked.removeprefix(NESTED_MESSAGE)
        if len(text) != len(marked):
            entry = catalog.by_text(text)
            if entry is not None and entry is not past:
                said.append((entry, True))  # a message field that is a catalog text says it as plainly as a code
                continue
        words = _near(text).split()
        entry = _text_in(words, catalog, past)
        if entry is not None:
            said.append((entry, False))
        coded = _code_in(words, catalog, past)
        if coded is not None:
            said.append((coded, True))
    return said


def _near(text: str) -> str:
    return text if len(text) <= 2 * AROUND_READ else text[:AROUND_READ] + " " + text[-AROUND_READ:]


_STATUS_WORDS = frozenset({"status", "http", "statuscode", "status_code", "code", "response"})


def error_status_in(around: tuple[str, ...]) -> int | None:
    """An HTTP error status (400 to 599) the texts beside an envelope state: after a word such
    as status or HTTP/1.1, after ``=`` or ``:``, in brackets, with its standard phrase, or
    alone (``HTTP/1.1 503 Service Unavailable``, ``status=500``, ``[503]``); a number in
    prose (``took 503 ms``) is not one."""
    for text in around:
        parts = _parts(_near(text).split())
        for index, part in enumerate(parts):
            core = part.strip(_EDGES)
            if len(core) != 3 or not core.isdigit() or not "400" <= core <= "599":
                continue
            number = int(core)
            before = parts[index - 1].strip(_EDGES).casefold() if index else ""
            after = parts[index + 1].strip(_EDGES).casefold() if index + 1 < len(parts) else ""
            phrase = _HTTP_PHRASES.get(number, "").split()
            if (
                len(parts) == 1
                or part[:1] in "[("
                or (index and parts[index - 1] in ("=", ":"))
                or before in _STATUS_WORDS
                or before.startswith("http/")
                or (phrase and after == phrase[0])
            ):
                return number
    return None


def _text_in(words: list[str], catalog: Catalog, past: Entry | None = None) -> Entry | None:
    """The first catalog text (of an entry other than ``past``) that stands among ``words``
    whole, between word boundaries: a run of words is grown one word at a time only while it is
    the start of a catalog text, so a word that starts none costs one look-up."""
    prefixes, texts = catalog.text_phrases()
    folded = fold(" ".join(words)).split()
    for start, first in enumerate(folded):
        phrase = first.lstrip(_EDGES)
        if phrase not in prefixes and phrase.rstrip(_EDGES) not in prefixes:
            continue
        for stop in range(start + 1, min(start + LONGEST_TEXT_WORDS, len(folded)) + 1):
            if stop > start + 1:
                phrase = f"{phrase} {folded[stop - 1]}"
            whole = phrase.rstrip(_EDGES)
            entry = texts.get(whole)
            if entry is not None and entry is not past:
                return entry
            if phrase not in prefixes and whole not in prefixes:
                break
    return None


def _parts(words: list[str]) -> list[str]:
    """Words with ``=`` and ``:`` as words of their own (``status=418`` is three)."""
    return [
        part
        for word in words
        for part in (word.replace("=", " = ").replace(":", " : ").split() if "=" in word or ":" in word else (word,))
    ]


def _code_in(words: list[str], catalog: Catalog, past: Entry | None = None) -> Entry | None:
    """A catalog request code (of an entry other than ``past``) written as a code: in
    brackets, after ``=`` or ``:``, beside a word such as error or status, or standing alone as
    the whole text (``418``). A number in prose (``took 311 ms``) is not one."""
    parts = _parts(words)
    if len(parts) == 1:
        alone = parts[0].strip(_EDGES)
        entry = catalog.by_code(alone) if len(alone) == 3 and alone.isdigit() else None
        return entry if entry is not past else None
    for index, part in enumerate(parts):
        core = part.strip(_EDGES)
        if len(core) != 3 or not core.isdigit():
            continue
        entry = catalog.by_code(core)
        if entry is None or entry is past:
            continue
        before = parts[index - 1].strip(_EDGES).casefold() if index else ""
        after = parts[index + 1].strip(_EDGES).casefold() if index + 1 < len(parts) else ""
        marked = part[:1] in "[(" or (index and parts[index - 1] in ("=", ":"))
        if marked or before in _CODE_WORDS or after in _CODE_WORDS:
            return entry
    return None


def interpret(envelope: Envelope, raw: str, http_status: int | None, catalog: Catalog) -> Diagnosis:
    """What an envelope that says one thing means."""
    format, kind, code, message, request_id, stated, _, names_request = envelope  # one step, not a look-up a field
    named = message if names_request else None
    if http_status is None and stated is not None:
        http_status = _stated_status(stated)
    if code in _HTTP_CODES:
        status_line = http_status_line(code, message, kind, http_status)
        if status_line is None and _echoes_the_status(envelope, http_status, catalog):
            status_line = f"{code} {HTTPStatus(int(code)).phrase}"
        if status_line is not None:
            reason = f"an HTTP status line ({status_line}) from a server or proxy, not a provider error code"
            return _unrecognised(envelope, raw, http_status, reason, keep_request_id=False)
    if kind == "error":
        return _error(envelope, raw, http_status, catalog)
    if kind == "success":
        return succeeded(raw, format, request_id or named, message, http_status)
    if code:
        return _error(envelope, raw, http_status, catalog)
    if kind is not None:
        return _unrecognised(envelope, raw, http_status, f"unknown response type {kind!r}")
    if message and message_entry(message, catalog):
        return _error(envelope, raw, http_status, catalog)
    if message and catalog.success_text(message):
        return _success(envelope, named, raw, http_status)
    if request_id and (not message or message == request_id):
        return _success(envelope, named, raw, http_status)
    if request_id:
        reason = "a request ID beside a message that is neither a success text nor in the catalog"
        return _unrecognised(envelope, raw, http_status, reason)
    reason = "text that is not a request ID, a code or a message in the catalog"
    return _unrecognised(envelope, raw, http_status, reason, keep_request_id=False)


def _stated_status(stated: str) -> int | None:
    """The HTTP status a body states about itself, when it is one (100 to 599)."""
    return int(stated) if len(stated) == 3 and stated.isdigit() and 100 <= int(stated) <= 599 else None


def _unrecognised(
    envelope: Envelope, raw: str, http_status: int | None, reason: str, *, keep_request_id: bool = True
) -> Diagnosis:
    return Diagnosis.unrecognised(
        raw,
        reason,
        format=envelope.format,
        request_id=envelope.request_id if keep_request_id else None,
        message=envelope.message,
        http_status=http_status,
    )


def _error(
    envelope: Envelope, raw: str, http_status: int | None, catalog: Catalog, reason: str | None = None
) -> Diagnosis:
    code, message = envelope.code, envelope.message
    entry = _code_entry(code, catalog) if code else (catalog.by_text(message) if message else None)
    if entry is None and not code and message:
        coded = _coded_message(message, catalog)
        if coded is not None:
            code, entry = coded
    if entry is None and reason is None:
        reason = f"code {code} is not in the catalog" if code else "the error message is not in the catalog"
    return _failed(
        raw,
        format=envelope.format,
        code=code,
        request_id=envelope.request_id,
        entry=entry,
        message=message,
        reason=reason,
        http_status=http_status,
    )


def _success(envelope: Envelope, named: str | None, raw: str, http_status: int | None) -> Diagnosis:
    """A success; ``named`` is its message when that is a request ID."""
    request_id = envelope.request_id or named
    return succeeded(raw, envelope.format, request_id, envelope.message, http_status)
