"""The checks a pre-flight rule names (``check:`` in the catalog): a parameter's values in, what
is wrong with each out.

A check sees every place the parameter's path reaches (``sms[0].to``, ``sms[1].to``), each with
its value or MISSING, and says what is wrong as a ``Problem``: where, what, and the value shown
in the message (masked when it is a phone number). A check says nothing it cannot know: a time
whose zone is not given is in the past only if it is past in every time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from ..catalog.model import Rule
from ..records import Record
from ..redaction import mask_number

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__slots__": ()})()
"""The value of a parameter the request does not have."""

EARLIEST_ZONE = timedelta(hours=14)
"""A local time is at most this far ahead of UTC (UTC+14, Kiribati)..."""
LATEST_ZONE = timedelta(hours=12)
"""... and at most this far behind it (UTC-12)."""
LATEST_TIMESTAMP = 253402300799
"""9999-12-31 23:59:59 UTC, the last second a datetime holds: a later Unix time counts as it."""
RECEIVER_KEY = "mobiles"
"""A flow recipient's key for its numbers (a flow can rename it; its other keys are variables)."""


class Problem(Record):
    path: str
    message: str
    value: str | None = None
    """The offending value as the message shows it (a phone number masked), if the message names one."""


class Context(Record):
    now: datetime | None
    template: str | None
    values: Mapping[str, Any]


Sites = list[tuple[str, Any]]
Check = Callable[[Rule, Sites, Context], Iterator[Problem]]


def _empty(value: Any) -> bool:
    return value is MISSING or value is None or (isinstance(value, (str, list, dict)) and not str(value).strip("[]{} "))


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:60] + "\u2026"


def present(rule: Rule, sites: Sites, context: Context) -> Iterator[Problem]:
    for path, value in sites:
        if value is MISSING or value is None:
            yield Problem(path, f"{path} is missing")
        elif _empty(value):
            yield Problem(path, f"{path} is empty")


def max_length(rule: Rule, sites: Sites, context: Context) -> Iterator[Problem]:
    limit = rule.limit or 0
    for path, value in sites:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(str(value)) > limit:
            yield Problem(path, f"{path} has {len(str(value))} characters, more than {limit}")


def _numbers(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item).strip() for item in value if isinstance(item, (str, int)) and not isinstance(item, bool)]
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [part.strip() for part in str(value).split(",")]
    return []


def mobile_number(rule: Rule, sites: Sites, context: Context) -> Iterator[Problem]:
    least = rule.limit or 0
    for path, value in sites:
        numbers = _numbers(value)
        for position, number in enumerate(numbers):
            if not number:
                continue
            where = f"{path}[{position}]" if len(numbers) > 1 else path
            masked = mask_number(number) or ""
            digits = sum(char.isascii() and char.isdigit() for char in number)
            if any(char.isascii() and char.isalpha() for char in number):
                yield Problem(where, f"{where} ({masked}) has a letter in it", masked)
            elif digits < least:
                yield Problem(where, f"{where} ({masked}) has {digits} digits, fewer than {least}", masked)


def digits(rule: Rule, sites: Sites, context: Context) -> Iterator[Problem]:
    for path, value in sites:
        if _empty(value):
            yield Problem(path, f"{path} is {'missing' if value is MISSING else 'empty'}")
            continue
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text is None or not (text.isascii() and text.isdigit()):
            masked = mask_number(_shown(value)) or ""
            yield Problem(path, f"{path} ({masked}) is not digits only", masked)


def sender_id(rule: Rule, sites: Sites, context: Context) -> Iterator[Problem]:
    size = rule.limit or 0
    for path, value in sites:
        if _empty(value) or not isinstance(value, str):
            continue
        shown = _shown(value)
        if len(value) != size:
            yield Problem(path, f"{path} {shown!r} has {len(value)} characters, not {size}", shown)
        elif not (value.isascii() and (value.isalpha() or value.isdigit())):
            yield Problem(path, f"{path} {shown!r} is not all letters (or, for promotional SMS, all digits)", shown)


def _schedule(value: Any) -> tuple[datetime | None, bool] | None:
    """A schedule time as (time, exact): exact for a Unix time, else a local time of an unknown
    zone; (None, False) when it is not in a documented format; None when there is none."""
    if _empty(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None, False
    if text.isascii() and text.isdigit() and len(text) <= 12:
        seconds = min(int(text), LATEST_TIMESTAMP)
        return datetime.fromtimestamp(seconds, UTC), True
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


def schedule_format(rule: Rule, sites: Sites, context: Context) -> Iterator[Problem]:
    for path, value in sites:
        found = _schedule(value)
        if found is not None and found[0] is None:
            shown = _shown(value)
            yield Problem(path, f"{path} {shown!r} is not a real time in one of the documented formats", shown)


def _bounds(value: Any) -> tuple[datetime, datetime, str] | None:
    """The earliest and latest instants a schedule time can stand for, in UTC, and its text."""
    found = _schedule(value)
    if found is None:
        return None
    when, exact = found
    if when is None:
        return None
    if exact:
        return when, when, when.strftime("%Y-%m-%d %H:%M:%S UTC")
    utc = when.replace(tzinfo=UTC)
    return utc - EARLIEST_ZONE, utc + LATEST_ZONE, _shown(value)


def schedule_past(rule: Rule, sites: Sites, context: Context) -> Iterator[Problem]:
    for path, value in sites:
        bounds = _bounds(value)
        if bounds is not None and context.now is not None and bounds[1] < context.now:
            now = context.now.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
            yield Problem(path, f"{path} {bounds[2]!r} is before now ({now}), in every time zone", bounds[2])


def schedule_ahead(rule: Rule, sites: Sites, context: Context) -> Iterator[Problem]:
    days = rule.limit or 0
    for path, value in sites:
        bounds = _bounds(value)
        if bounds is not None and context.now is not None and bounds[0] > context.now + timedelta(days=days):
            yield Problem(path, f"{path} {bounds[2]!r} is more than {days} days ahead, in every time zone", bounds[2])


def contains(rule: Rule, sites: Sites, context: Context) -> Iterator[Problem]:
    needle = rule.text or ""
    for path, value in sites:
        if isinstance(value, str) and value.strip() and needle not in value:
            yield Problem(path, f"{path} does not contain {needle}")


def template_variables(template: str) -> list[str]:
    """The ``##name##`` variables of a flow template, in order, each once."""
    names: list[str] = []
    parts = template.split("##")
    for index in range(1, len(parts) - 1, 2):
        name = parts[index]
        if name and name.isascii() and name.replace("_", "a").isalnum() and name not in names:
            names.append(name)
    return names


def _recipients(sites: Sites) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for path, value in sites:
        if isinstance(value, Mapping):
            yield path, value


def flow_variables(rule: Rule, sites: Sites, context: Context) -> Iterator[Problem]:
    if context.template is None:
        return
    names = template_variables(context.template)
    for path, recipient in _recipients(sites):
        missing = [name for name in names if name not in recipient]
        if not missing:
            continue
        folded = {str(key).casefold(): str(key) for key in recipient}
        described = []
        for name in missing:
            other = folded.get(name.casefold())
            described.append(f"{name!r} (it has {other!r}: names are case-sensitive)" if other else repr(name))
        noun = "variable" if len(missing) == 1 else "variables"
        yield Problem(path, f"{path} lacks the template's {noun} {', '.join(described)}")


def variable_length(rule: Rule, sites: Sites, context: Context) -> Iterator[Problem]:
    limit = rule.limit or 0
    names = template_variables(context.template) if context.template is not None else None
    for path, recipient in _recipients(sites):
        for key, value in recipient.items():
            if key == RECEIVER_KEY or (names is not None and key not in names):
                continue
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(str(value)) > limit:
                yield Problem(f"{path}.{key}", f"{path}.{key} has {len(str(value))} characters, more than {limit}")


CHECKS: dict[str, Check] = {
    "present": present,
    "max-length": max_length,
    "mobile-number": mobile_number,
    "digits": digits,
    "sender-id": sender_id,
    "schedule-format": schedule_format,
    "schedule-past": schedule_past,
    "schedule-ahead": schedule_ahead,
    "contains": contains,
    "flow-variables": flow_variables,
    "variable-length": variable_length,
}
"""Each check by the name rules give it; the catalog gate checks that every rule's is here."""

NEEDS_LIMIT = frozenset({"max-length", "mobile-number", "sender-id", "schedule-ahead", "variable-length"})
NEEDS_TEXT = frozenset({"contains"})
NEEDS_TEMPLATE = frozenset({"flow-variables"})
TIMED = frozenset({"schedule-past", "schedule-ahead"})
