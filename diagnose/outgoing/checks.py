"""The checks a pre-flight rule names (``check:`` in the catalog): a parameter's value in, what
is wrong with it out.

Each check has two parts. ``passes`` is the quick test of the common case, a Python expression
of ``value`` (and the rule's ``limit`` and ``text``, and the template's ``variables``): True only
for a value that surely passes. ``rules.py`` writes it into the code it makes for each API, so
that most values cost one inline test and no call. ``problems`` says what is wrong with a value
``passes`` did not let through, as ``Problem``s (where, what, and the value the message shows, a
phone number masked), and is the only part that decides a finding: ``passes`` may say False of a
good value (``problems`` then finds nothing), never True of a bad one (tests/test_preflight.py
holds it to that, through ``passes()``, which evaluates the same expression). A check says
nothing it cannot know: a time whose zone is not given is in the past only if it is past in every
time zone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from ..catalog.model import Rule
from ..records import Record
from ..redaction import mask_number, mask_secret, mask_secrets, printable
from ..times import schedule_time

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__slots__": ()})()
"""The value of a parameter the request does not have."""

EARLIEST_ZONE = timedelta(hours=14)
"""A local time is at most this far ahead of UTC (UTC+14, Kiribati)..."""
LATEST_ZONE = timedelta(hours=12)
"""... and at most this far behind it (UTC-12)."""
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
    variables: Mapping[str, None] | None
    """The template's ``##variables##`` in order (a dict's keys), when a template is given."""
    secrets: tuple[str, ...] = ()
    """The request's own authkeys, masked wherever else in it they stand."""


class Check(NamedTuple):
    passes: str
    """A Python expression of value, limit, text and variables: True only when the value passes."""
    problems: Callable[[Rule, str, Any, Context], list[Problem]]
    sees_missing: bool = False
    """Whether a missing or empty value can break it (else neither part is called for one)."""
    timed: bool = False
    """Whether it needs the time the request is sent."""
    needs: str | None = None
    """What a rule of this check must give (``limit`` or ``text``), or its example (``template``)."""
    counter: Callable[[Rule, Any, Context], int] | None = None
    """How many problems ``problems`` finds in a value, without making them (None: it makes
    them and counts them): what a request's findings left out beyond FINDINGS_PER_RULE cost."""


NONE: list[Problem] = []
Sites = list[tuple[str, Any]]
"""Every place a parameter's path reaches (``sms[0].to``), with its value or MISSING."""


LARGEST_NUMBER = 10**30
"""A number in a request is read as text up to this size; a larger one is not a value any
parameter takes (and its text would be longer than anything is shown)."""
SHOWN_CHARACTERS = 60


def _is_text(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return -LARGEST_NUMBER < value < LARGEST_NUMBER


def empty(value: Any) -> bool:
    if value is MISSING or value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, dict)) and not value


def _shown(value: Any, context: Context) -> str:
    """A value as a message shows it: the request's own authkeys masked, then the authkeys and
    phone numbers ``printable`` finds, with every control character escaped; then a text with
    8 digits or more has all but its last four masked (a phone number, however it is grouped);
    then it is cut. A list or an object is named, never printed."""
    if not _is_text(value):
        return f"<{'a list' if isinstance(value, list) else 'an object' if isinstance(value, Mapping) else 'a value'}>"
    text = mask_secrets(value if isinstance(value, str) else str(value), context.secrets)
    text = _CREDENTIAL_LIKE.sub(_masked_word, printable(text))
    if sum(char.isdigit() for char in text) >= 8:
        text = _masked_digits(text)
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "\u2026"


_CREDENTIAL_LIKE = re.compile(r"[A-Za-z0-9]{16,}")
"""A word this long of letters and digits may be a key (an MSG91 authkey is 24 or so)."""


def _masked_word(match: re.Match[str]) -> str:
    word = match.group()
    letters = any(char.isalpha() for char in word)
    return mask_secret(word) if letters and any(char.isdigit() for char in word) else word


def _masked_digits(text: str) -> str:
    keep = 4
    characters = list(text)
    for position in range(len(characters) - 1, -1, -1):
        if characters[position].isdigit():
            if keep:
                keep -= 1
            else:
                characters[position] = "*"
    return "".join(characters)


def name_of(key: Any, context: Context) -> str:
    """A key of a request as a message shows it."""
    return _shown(key, context) if isinstance(key, str) else "<a key that is not text>"


def _present_problems(rule: Rule, path: str, value: Any, context: Context) -> list[Problem]:
    if value is MISSING or value is None:
        return [Problem(path, f"{path} is missing")]
    return [Problem(path, f"{path} is empty")] if empty(value) else NONE


def _present_count(rule: Rule, value: Any, context: Context) -> int:
    return 1 if empty(value) else 0


def _max_length_problems(rule: Rule, path: str, value: Any, context: Context) -> list[Problem]:
    limit = rule.limit or 0
    if _is_text(value) and len(str(value)) > limit:
        return [Problem(path, f"{path} has {len(str(value))} characters, more than {limit}")]
    return NONE


def _numbers(value: Any) -> list[str | None]:
    """The numbers a value holds, in place: several separated by commas in a text, the items of
    a list; None for one that is not text at all (``null``, ``true``, a list)."""
    if isinstance(value, str):
        return [value.strip()] if "," not in value else list(map(str.strip, value.split(",")))
    if isinstance(value, list):
        return [str(item).strip() if _is_text(item) else None for item in value]
    return [str(value).strip() if _is_text(value) else None]


def _wrong(number: str | None, least: int) -> str | None:
    """Why one number is not a mobile number (its digits, or a letter), or None when it is."""
    if number is None:
        return "is not a number"
    if number.isdigit() and number.isascii():  # the commonest case, at the cost of two tests
        return f"has {len(number)} digits, fewer than {least}" if len(number) < least else None
    if any(char.isascii() and char.isalpha() for char in number):
        return "has a letter in it"
    digits = sum(char.isascii() and char.isdigit() for char in number)
    return f"has {digits} digits, fewer than {least}" if digits < least else None


def _count_wrong(numbers: list[str | None], least: int) -> int:
    """How many of ``numbers`` (none of them empty) are not mobile numbers: ``_wrong`` of each,
    but a number of ASCII digits only is told by its length, without a call."""
    wrong = 0
    for number in numbers:
        if number is not None and number.isdigit() and number.isascii():
            wrong += len(number) < least
        elif _wrong(number, least) is not None:
            wrong += 1
    return wrong


NAMED_NUMBERS = 20
"""A finding is made for at most this many numbers of one parameter; one more says how many
others are wrong (a request of 500,000 bad numbers is not 500,000 findings)."""


def _mobile_problems(rule: Rule, path: str, value: Any, context: Context) -> list[Problem]:
    """Each number that is not a mobile number: fewer than ``limit`` digits (none, too: the
    provider's 202 says "less than 10 digits"), a letter, or no text at all. An empty place
    between commas beside a number is not one (``91...,``); a value of nothing but commas is."""
    found: list[Problem] = []
    least = rule.limit or 0
    numbers = _numbers(value)
    if all(number == "" for number in numbers):
        return [Problem(path, f"{path} holds no number")]
    numbers = [number for number in numbers if number != ""]
    for position, number in enumerate(numbers):
        why = _wrong(number, least)
        if why is None:
            continue
        if len(found) == NAMED_NUMBERS:
            rest = _count_wrong(numbers[position:], least)
            found.append(Problem(path, f"{path} has {rest} more numbers like these"))
            break
        where = f"{path}[{position}]" if len(numbers) > 1 else path
        masked = mask_number(number) or "" if number else ""
        shown = f" ({masked})" if masked else ""
        found.append(Problem(where, f"{where}{shown} {why}", masked or None))
    return found


def _mobile_count(rule: Rule, value: Any, context: Context) -> int:
    """How many problems ``_mobile_problems`` finds in ``value``: one for each wrong number, up
    to NAMED_NUMBERS and one more that counts the others."""
    numbers = _numbers(value)
    if all(number == "" for number in numbers):
        return 1
    return min(_count_wrong([number for number in numbers if number != ""], rule.limit or 0), NAMED_NUMBERS + 1)


def _digits_problems(rule: Rule, path: str, value: Any, context: Context) -> list[Problem]:
    if empty(value):
        return [Problem(path, f"{path} is {'missing' if value is MISSING else 'empty'}")]
    text = str(value).strip() if _is_text(value) else None
    if text is None or not (text.isascii() and text.isdigit()):
        masked = mask_number(_shown(value, context)) or ""
        return [Problem(path, f"{path} ({masked}) is not digits only", masked)]
    return NONE


def _sender_problems(rule: Rule, path: str, value: Any, context: Context) -> list[Problem]:
    size = rule.limit or 0
    if not isinstance(value, str) or empty(value):
        return NONE
    shown = _shown(value, context)
    if len(value) != size:
        return [Problem(path, f"{path} {shown!r} has {len(value)} characters, not {size}", shown)]
    if not (value.isascii() and (value.isalpha() or value.isdigit())):
        message = f"{path} {shown!r} is not all letters (or, for promotional SMS, all digits)"
        return [Problem(path, message, shown)]
    return NONE


def schedule(value: Any) -> tuple[datetime | None, bool] | None:
    """A schedule time as ``times.schedule_time`` reads it; None when there is none."""
    return None if empty(value) else schedule_time(value)


def _schedule_format_problems(rule: Rule, path: str, value: Any, context: Context) -> list[Problem]:
    read = schedule(value)
    if read is not None and read[0] is None:
        shown = _shown(value, context)
        return [Problem(path, f"{path} {shown!r} is not a real time in one of the documented formats", shown)]
    return NONE


def _bounds(value: Any, context: Context) -> tuple[datetime, datetime, str] | None:
    """The earliest and latest instants a schedule time can stand for, in UTC, and its text."""
    read = schedule(value)
    if read is None:
        return None
    when, exact = read
    if when is None:
        return None
    if exact:
        return when, when, when.strftime("%Y-%m-%d %H:%M:%S UTC")
    utc = when.replace(tzinfo=UTC)
    return _moved(utc, -EARLIEST_ZONE), _moved(utc, LATEST_ZONE), when.strftime("%Y-%m-%d %H:%M:%S")


def _utc_text(when: datetime) -> str:
    try:
        return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    except OverflowError:  # the last hours of year 9999, in a zone behind UTC
        return when.isoformat(timespec="minutes")


def _moved(when: datetime, by: timedelta) -> datetime:
    """``when + by``, held at the first or last instant a datetime can hold."""
    try:
        return when + by
    except OverflowError:
        return datetime.max.replace(tzinfo=UTC) if by > timedelta(0) else datetime.min.replace(tzinfo=UTC)


def _past_problems(rule: Rule, path: str, value: Any, context: Context) -> list[Problem]:
    bounds = _bounds(value, context)
    if bounds is not None and context.now is not None and bounds[1] < context.now:
        now = _utc_text(context.now)
        return [Problem(path, f"{path} {bounds[2]!r} is before now ({now}), in every time zone", bounds[2])]
    return NONE


def _ahead_problems(rule: Rule, path: str, value: Any, context: Context) -> list[Problem]:
    days = rule.limit or 0
    bounds = _bounds(value, context)
    if bounds is not None and context.now is not None and bounds[0] > _moved(context.now, timedelta(days=days)):
        message = f"{path} {bounds[2]!r} is more than {days} days ahead, in every time zone"
        return [Problem(path, message, bounds[2])]
    return NONE


def _contains_problems(rule: Rule, path: str, value: Any, context: Context) -> list[Problem]:
    needle = rule.text or ""
    if isinstance(value, str) and value.strip() and needle not in value:
        return [Problem(path, f"{path} does not contain {needle}")]
    return NONE


def template_variables(template: str) -> dict[str, None]:
    """The ``##name##`` variables of a flow template, in order, each once (a dict's keys). A
    ``##`` that does not close a name may open the next one (``code ## then ##name##``)."""
    names: dict[str, None] = {}
    position = 0
    while (start := template.find("##", position)) >= 0:
        end = template.find("##", start + 2)
        if end < 0:
            break
        name = template[start + 2 : end]
        if name and name.isascii() and name.replace("_", "a").isalnum():
            names[name] = None
            position = end + 2
        else:
            position = end
    return names


NAMED_MISSING = 5
"""A finding names at most this many missing variables of one recipient."""


def _variables_problems(rule: Rule, path: str, value: Any, context: Context) -> list[Problem]:
    names = context.variables
    if names is None or not isinstance(value, Mapping):
        return NONE
    missing: list[str] = []
    for name in names:  # stops after a few: the cost stays within the size of the recipient
        if name not in value:
            missing.append(name)
            if len(missing) > NAMED_MISSING:
                break
    if not missing:
        return NONE
    more = len(missing) > NAMED_MISSING
    folded = {key.casefold(): key for key in value if isinstance(key, str)}
    described = []
    for name in missing[:NAMED_MISSING]:
        other = folded.get(name.casefold())
        shown = f"{name!r} (it has {name_of(other, context)!r}: names are case-sensitive)" if other else repr(name)
        described.append(shown)
    noun = "variable" if len(missing) == 1 else "variables"
    return [Problem(path, f"{path} lacks the template's {noun} {', '.join(described)}" + (" and more" if more else ""))]


def _variable_values(value: Mapping[Any, Any], context: Context) -> list[tuple[Any, Any]]:
    names = context.variables
    return [
        (key, item)
        for key, item in value.items()
        if key != RECEIVER_KEY and (names is None or key in names) and _is_text(item)
    ]


def _length_problems(rule: Rule, path: str, value: Any, context: Context) -> list[Problem]:
    limit = rule.limit or 0
    if not isinstance(value, Mapping):
        return NONE
    return [
        Problem(
            f"{path}.{name_of(key, context)}",
            f"{path}.{name_of(key, context)} has {len(str(item))} characters, more than {limit}",
        )
        for key, item in _variable_values(value, context)
        if len(str(item)) > limit
    ]


_ABSENT = "value is MISSING or value is None or value == ''"
EMPTY = (
    "value is MISSING or value is None"
    " or (not value.strip() if isinstance(value, str) else isinstance(value, (list, dict)) and not value)"
)
"""``empty(value)`` as an expression, which the made code tests before it calls for the problems
of a check that does not see a missing or empty value."""
CHECKS: dict[str, Check] = {
    "present": Check(
        "(type(value) is str and value != '' and not value.isspace()) or (type(value) is list and len(value) > 0)",
        _present_problems,
        sees_missing=True,
        counter=_present_count,
    ),
    "max-length": Check("type(value) is str and len(value) <= limit", _max_length_problems, needs="limit"),
    "mobile-number": Check(
        "(type(value) is str and (len(value) >= limit and value.isdigit() and value.isascii() if ',' not in value"
        " else all(len(n) >= limit and n.isdigit() and n.isascii() for n in value.split(','))))"
        " or (type(value) is list and len(value) > 0 and (type(value[0]) is str and len(value[0]) >= limit"
        " and value[0].isdigit()"
        " and value[0].isascii() if len(value) == 1"
        " else all(type(n) is str and len(n) >= limit and n.isdigit() and n.isascii() for n in value)))",
        _mobile_problems,
        needs="limit",
        counter=_mobile_count,
    ),
    "digits": Check("type(value) is str and value.isdigit() and value.isascii()", _digits_problems, sees_missing=True),
    "sender-id": Check(
        "type(value) is str and len(value) == limit and value.isascii() and (value.isalpha() or value.isdigit())",
        _sender_problems,
        needs="limit",
    ),
    "schedule-format": Check(_ABSENT, _schedule_format_problems),
    "schedule-past": Check(_ABSENT, _past_problems, timed=True),
    "schedule-ahead": Check(_ABSENT, _ahead_problems, timed=True, needs="limit"),
    "contains": Check("type(value) is str and text in value", _contains_problems, needs="text"),
    "flow-variables": Check(
        "variables is None or (variables.keys() <= value.keys() if type(value) is dict"
        " else not isinstance(value, Mapping) or all(name in value for name in variables))",
        _variables_problems,
        needs="template",
    ),
    "variable-length": Check(
        "type(value) is dict"
        " and (not value or all(type(item) is str and len(item) <= limit for item in value.values()))",
        _length_problems,
        needs="limit",
    ),
}
"""Each check by the name rules give it; the catalog gate checks that every rule's is here."""

NEEDS_LIMIT = frozenset(name for name, check in CHECKS.items() if check.needs == "limit")
NEEDS_TEXT = frozenset(name for name, check in CHECKS.items() if check.needs == "text")
NEEDS_TEMPLATE = frozenset(name for name, check in CHECKS.items() if check.needs == "template")
TIMED = frozenset(name for name, check in CHECKS.items() if check.timed)

NAMES: dict[str, Any] = {"MISSING": MISSING, "Mapping": Mapping}
"""The names a ``passes`` expression may use besides value, limit, text and variables."""


@cache
def _passes_function(expression: str) -> Callable[[Any, int | None, str | None, Mapping[str, None] | None], bool]:
    function: Callable[[Any, int | None, str | None, Mapping[str, None] | None], bool] = eval(  # noqa: S307 - the catalog's own check expressions, never input
        compile(f"lambda value, limit, text, variables: ({expression})", "<passes>", "eval"), dict(NAMES)
    )
    return function


def passes(check: Check, rule: Rule, value: Any, variables: Mapping[str, None] | None = None) -> bool:
    """What the check's ``passes`` expression says of one value: the test the made code runs."""
    return bool(_passes_function(check.passes)(value, rule.limit, rule.text, variables))
