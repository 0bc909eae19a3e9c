"""Times as the inputs write them in; Unix seconds or datetimes out.

A log record's ``time`` and ``--now`` (a number, or ISO 8601 text, UTC when it names no zone),
a send request's schedule (Unix seconds, or a local time in one of the API's two formats), and
an HTTP ``Retry-After`` header (seconds or an HTTP date). Every reader of a time reads it here.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

LATEST_TIMESTAMP = 253402300799
"""9999-12-31 23:59:59 UTC, the last second a datetime holds: a later Unix time counts as it."""
LONGEST_RETRY_AFTER_DATE = 64
"""An HTTP date is 29 characters: a longer Retry-After that is not a number is no header."""
LONGEST_RETRY_AFTER = 86_400.0
"""A Retry-After longer than a day is read as a day: a server's header is not trusted further."""
_SCHEDULE_DIGITS = 12
"""A schedule of more digits is not Unix seconds (nor a local time: those hold separators)."""


def unix_seconds(value: Any) -> float | None:
    """A log record's time (or ``--now``) as Unix seconds: a number, a datetime, or text of a
    number or of ISO 8601 (UTC when it names no zone); None for anything else."""
    if isinstance(value, str):
        text = value.strip()
        try:
            return seconds(float(text)) if text.isascii() else None
        except ValueError:
            pass
        try:
            return seconds(datetime.fromisoformat(text))
        except ValueError:
            return None
    return seconds(value)


def seconds(value: Any) -> float | None:
    """A datetime (UTC when it names no zone) or a number of Unix seconds, as Unix seconds; None
    for anything else (text, a bool, a number too large to be a time)."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.timestamp()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 1e11:
        return float(value)
    return None


def instant(unix: float) -> datetime | None:
    """Unix seconds as an aware datetime; None for a time no datetime holds (year 0 or 10000)."""
    try:
        return datetime.fromtimestamp(unix, UTC)
    except (OverflowError, ValueError, OSError):
        return None


def schedule_time(value: Any) -> tuple[datetime | None, bool]:
    """A send request's schedule time as (time, exact): exact for Unix seconds (an int, or text
    of up to 12 digits), else a local time of an unknown zone (``YYYY-MM-DD HH:MM:SS``, or with
    slashes); (None, False) when it is in neither form or names no real time."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value < 10**_SCHEDULE_DIGITS:
            return None, False
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None, False
    if text.isascii() and text.isdigit() and len(text) <= _SCHEDULE_DIGITS:
        return datetime.fromtimestamp(min(int(text), LATEST_TIMESTAMP), UTC), True
    if len(text) != 19 or not text.isascii() or text[4] != text[7] or text[4] not in "-/" or text[10] != " ":
        return None, False
    if text[13] != ":" or text[16] != ":":
        return None, False
    fields = (text[0:4], text[5:7], text[8:10], text[11:13], text[14:16], text[17:19])
    if not all(field.isdigit() for field in fields):
        return None, False
    year, month, day, hour, minute, second = map(int, fields)
    try:
        return datetime(year, month, day, hour, minute, second), False
    except ValueError:
        return None, False


def retry_after_seconds(text: str) -> float | None:
    """The seconds a ``Retry-After`` header's value (stripped) asks to wait: a number of seconds,
    or an HTTP date counted from the clock; at most LONGEST_RETRY_AFTER; None for anything else."""
    if text.isascii() and text.isdigit():
        digits = text.lstrip("0")
        return LONGEST_RETRY_AFTER if len(digits) > len("86400") else min(float(digits or 0), LONGEST_RETRY_AFTER)
    if not text or len(text) > LONGEST_RETRY_AFTER_DATE:
        return None
    from email.utils import parsedate_to_datetime

    try:
        moment = parsedate_to_datetime(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        waited = (moment - datetime.now(UTC)).total_seconds()
    except (TypeError, ValueError, IndexError, OverflowError, AttributeError):
        return None
    return min(max(waited, 0.0), LONGEST_RETRY_AFTER) if math.isfinite(waited) else None
