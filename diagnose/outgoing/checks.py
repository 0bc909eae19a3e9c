"""The checks a pre-flight rule names (``check:`` in the catalog): a parameter's value in, what
is wrong with it out.

Each check is one function, ``(rule, where, value, context)``, that alone decides: it gives the
``Problem``s of a value (where, what, and the value the message shows, a phone number masked),
none (an empty list) for one that passes. ``rules.py`` hands it each value its rule's path
reaches that can break it (``Check.sees_missing``, ``Check.sees_filled``), so each is written
to let the common good value through first, and makes the path of ``where`` only for a problem.
A check that may find many problems in one value also counts them without making them
(``Check.counter``), for a request past its findings' bound. A check says nothing it cannot
know: a time whose zone is not given is in the past only if it is past in every time zone.
``CHECK_NAMES`` are the names rules give them, each defined here once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from ..catalog.model import Rule
from ..records import Record
from ..redaction import mask_number, mask_secret, mask_secrets, printable
from ..times import schedule_time
from .dlt_rules import DltRequest

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


class Context:
    """What a check may know besides the value and its rule: when the request would be sent
    (``now``), the flow template and its ``##variables##`` (a dict's keys, in order, when a
    template is given), the request's own authkeys (``secrets``), masked wherever else in it
    they stand, and its fields (``values``), where a missing key's misspelling is looked for.
    The clock (when no time is given) and the authkeys are read when a check first asks for
    them: most requests need neither."""

    __slots__ = ("_find_secrets", "_now", "_secrets", "dlt", "template", "values", "variables")

    def __init__(
        self,
        now: datetime | None,
        template: str | None,
        variables: Mapping[str, None] | None,
        secrets: Callable[[], tuple[str, ...]] | None = None,
        *,
        dlt: DltRequest | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        self._now = now
        self.values = values
        self.template = template
        self.variables = variables
        self._find_secrets = secrets
        self._secrets: tuple[str, ...] | None = None
        self.dlt = dlt

    @property
    def now(self) -> datetime:
        """The time given, else the clock's when first asked for (the same for every check)."""
        if self._now is None:
            self._now = datetime.now(UTC)
        return self._now

    @property
    def secrets(self) -> tuple[str, ...]:
        if self._secrets is None:
            self._secrets = () if self._find_secrets is None else self._find_secrets()
        return self._secrets


Where = str | tuple[str, int, str]
"""Where a value is: its path; or, for an item of a list read in place (``sms[].to``), the
list's key, the item's index and the item's key ("": the item itself)."""


def path_of(where: Where) -> str:
    """``where`` as a path (``sms[3].to``): made only for a problem."""
    if isinstance(where, str):
        return where
    items, index, key = where
    return f"{items}[{index}].{key}" if key else f"{items}[{index}]"


class Check(Record):
    problems: Callable[[Rule, Where, Any, Context], list[Problem]]
    """What is wrong with a value (none when it passes): the one test of a value."""
    sees_missing: bool = False
    """Whether a missing or empty value can break it (else what it says of one is no finding)."""
    sees_filled: bool = True
    """Whether a value that is neither can break it (else it is not handed one)."""
    timed: bool = False
    """Whether it needs the time the request is sent."""
    needs: str | None = None
    """What a rule of this check must give (``limit`` or ``text``), or its example (``template``)."""
    counter: Callable[[Rule, Any, Context], int] | None = None
    """How many problems ``problems`` finds in a value, without making them (None: it makes
    them and counts them): what a request's findings left out beyond FINDINGS_PER_RULE cost."""
    dlt: bool = False
    """Whether it reads the DLT templates a request is sent under (applied only when given)."""


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


def quoted(shown: str) -> str:
    """A value as ``_shown`` gives it, in quotes: its escapes are already made, and ``repr``
    would double their backslashes (``'Mobile\\\\x1b'`` for the key ``Mobile`` and an ESC)."""
    return f"'{shown}'"


def name_of(key: Any, context: Context) -> str:
    """A key of a request as a message shows it."""
    return _shown(key, context) if isinstance(key, str) else "<a key that is not text>"


def _present(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    if not empty(value):
        return NONE
    path = path_of(where)
    missing = "missing" + _misspelt(where, context) if value is MISSING else "missing" if value is None else "empty"
    return [Problem(path, f"{path} is {missing}")]


def _misspelt(where: Where, context: Context) -> str:
    """For a key not given, what the object that lacks it says of it: `` (it has 'Mobile':
    did you mean 'mobile'?)`` when it has a key like it misspelt, else nothing. Only a key of
    the body, or of an item of one of its lists, is looked for."""
    values = context.values
    if values is None:
        return ""
    if isinstance(where, str):
        holder: Any = values if "." not in where and "[" not in where else None
        known = where
    else:
        items, index, known = where
        listed = values.get(items)
        holder = listed[index] if isinstance(listed, list) and index < len(listed) else None
    if not known or (type(holder) is not dict and not isinstance(holder, Mapping)):
        return ""
    for key in holder:
        if isinstance(key, str) and near_miss(key, known):
            return f" (it has {quoted(name_of(key, context))}: did you mean {known!r}?)"
    return ""


def _present_count(rule: Rule, value: Any, context: Context) -> int:
    return 1 if empty(value) else 0


def _max_length(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    limit = rule.limit or 0
    if type(value) is str:
        length = len(value)
    elif _is_text(value):
        length = len(str(value))
    else:
        return NONE
    if length <= limit:
        return NONE
    path = path_of(where)
    return [Problem(path, f"{path} has {length} characters, more than {limit}")]


def _wrong(number: str | None, least: int) -> str | None:
    """Why one number is not a mobile number (its digits, or a letter), or None when it is."""
    if number is None:
        return "is not a number"
    if number.isdigit() and number.isascii():
        return f"has {len(number)} digits, fewer than {least}" if len(number) < least else None
    if any(char.isascii() and char.isalpha() for char in number):
        return "has a letter in it"
    digits = sum(char.isascii() and char.isdigit() for char in number)
    return f"has {digits} digits, fewer than {least}" if digits < least else None


NAMED_NUMBERS = 20
"""A finding is made for at most this many numbers of one parameter; one more says how many
others are wrong (a request of 500,000 bad numbers is not 500,000 findings)."""


def _wrong_numbers(value: Any, least: int) -> tuple[int, list[tuple[int, str | None]], int]:
    """The numbers a value holds (several separated by commas in a text, the items of a list),
    read once: how many it holds (an empty place between commas is none), the first
    NAMED_NUMBERS that are not mobile numbers (their place and the number, None for one that
    is not text at all), and how many more are not."""
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else (value,)
    held, more = 0, 0
    wrong: list[tuple[int, str | None]] = []
    for item in items:
        if type(item) is str and item.isdigit() and item.isascii():  # the commonest case: its length tells, no call
            held += 1
            if len(item) >= least:
                continue
            number: str | None = item
        else:
            number = item.strip() if type(item) is str else str(item).strip() if _is_text(item) else None
            if number == "":
                continue
            held += 1
            if _wrong(number, least) is None:
                continue
        if len(wrong) < NAMED_NUMBERS:
            wrong.append((held - 1, number))
        else:
            more += 1
    return held, wrong, more


def _mobile_number(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    """Each number that is not a mobile number: fewer than ``limit`` digits (none, too: the
    provider's 202 says "less than 10 digits"), a letter, or no text at all. An empty place
    between commas beside a number is not one (``91...,``); a value of nothing but commas is."""
    least = rule.limit or 0
    one = value[0] if type(value) is list and len(value) == 1 else value  # the commonest: one number
    if type(one) is str and len(one) >= least and one.isdigit() and one.isascii():
        return NONE
    held, wrong, more = _wrong_numbers(value, least)
    if held and not wrong:
        return NONE
    path = path_of(where)
    if not held:
        return [Problem(path, f"{path} holds no number")]
    found: list[Problem] = []
    for position, number in wrong:
        at = f"{path}[{position}]" if held > 1 else path
        masked = mask_number(number) or "" if number else ""
        shown = f" ({masked})" if masked else ""
        found.append(Problem(at, f"{at}{shown} {_wrong(number, least)}", masked or None))
    if more:
        found.append(Problem(path, f"{path} has {more} more numbers like these"))
    return found


def _mobile_number_count(rule: Rule, value: Any, context: Context) -> int:
    """How many problems ``_mobile_number`` finds in ``value``, without making them."""
    held, wrong, more = _wrong_numbers(value, rule.limit or 0)
    return len(wrong) + (1 if more else 0) if held else 1


def _whole_number(value: Any) -> int | None:
    """A value as a whole number: an int, a whole float, or a text of ASCII digits (a sign
    allowed, and a fraction of zeros: ``6.0``); else None. One past LARGEST_NUMBER either way
    is held at it (an int of 5,000 digits has no text: ``str`` refuses it)."""
    if type(value) is int:
        return value if -LARGEST_NUMBER < value < LARGEST_NUMBER else LARGEST_NUMBER if value > 0 else -LARGEST_NUMBER
    if isinstance(value, float) and value.is_integer():  # a finite float: inf and nan are not
        return int(value) if abs(value) < LARGEST_NUMBER else LARGEST_NUMBER if value > 0 else -LARGEST_NUMBER
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text[:1] in "+-" else text
        whole, point, fraction = digits.partition(".")
        if point and whole and not fraction.strip("0"):  # 6.0, as a JSON body's 6.0 is sent
            digits = whole
        if digits and digits.isascii() and digits.isdigit():
            significant = digits.lstrip("0")  # leading zeros are no size ("0006" is 6)
            if len(significant) >= len(str(LARGEST_NUMBER)):
                return -LARGEST_NUMBER if text[0] == "-" else LARGEST_NUMBER
            return -int(significant or "0") if text[0] == "-" else int(significant or "0")
    return None


def _at_least(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    """A whole number of at least ``limit``; a value that is no whole number is named too."""
    least = rule.limit or 0
    number = _whole_number(value)
    if number is not None and number >= least:
        return NONE
    path, shown = path_of(where), _shown(value, context)
    if number is None:
        return [Problem(path, f"{path} {quoted(shown)} is not a whole number", shown)]
    return [Problem(path, f"{path} is {_number_text(number)}, less than {least}", shown)]


def _number_text(number: int) -> str:
    """A whole number as a message says it: a number past LARGEST_NUMBER by its size alone."""
    if number >= LARGEST_NUMBER:
        return "a number of more than 30 digits"
    return "a negative number of more than 30 digits" if number <= -LARGEST_NUMBER else str(number)


def _at_most(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    """A whole number of at most ``limit`` (a value that is no whole number is ``at-least``'s)."""
    number = _whole_number(value)
    most = rule.limit or 0
    if number is None or number <= most:
        return NONE
    path = path_of(where)
    return [Problem(path, f"{path} is {_number_text(number)}, more than {most}", _shown(value, context))]


LONGEST_KEY = 64
"""A key longer than this is not read as a misspelling of a known one."""


def near_miss(key: str, known: str) -> bool:
    """Whether ``key`` looks like ``known`` misspelt: the same but for case, ``_``, ``-`` or
    spaces, or one letter added, dropped, changed or two swapped (``mobile`` for ``mobiles``)."""
    if key == known or len(key) > LONGEST_KEY:
        return False
    a = key.casefold().replace("_", "").replace("-", "").replace(" ", "")
    b = known.casefold().replace("_", "").replace("-", "")
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or len(b) < 4:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]]
            and a[differ[1]] == b[differ[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _receiver_key(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    """An object's key ``text`` (a flow recipient's ``mobiles``) given empty, or not given while
    a key like it misspelt is (not one of the flow template's variables, when a template is
    given): did you mean ``text``? A key neither given nor misspelt says nothing, as a flow can
    rename its receiver key."""
    known = rule.text or ""
    if type(value) is dict:
        given = value.get(known)
        if type(given) is str and given and not given[0].isspace():  # the commonest: a number, no call
            return NONE
    elif not isinstance(value, Mapping):
        return NONE
    if known in value:
        if not empty(value[known]):
            return NONE
        path = f"{path_of(where)}.{known}"
        return [Problem(path, f"{path} is empty")]
    names = context.variables
    for key in value:
        if isinstance(key, str) and near_miss(key, known) and (names is None or key not in names):
            path, shown = path_of(where), name_of(key, context)
            message = f"{path} has {quoted(shown)} but no {known!r}: did you mean {known!r}?"
            return [Problem(f"{path}.{shown}", message, shown)]
    return NONE


def _digits(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    if empty(value):
        path = path_of(where)
        return [Problem(path, f"{path} is {'missing' + _misspelt(where, context) if value is MISSING else 'empty'}")]
    text = str(value).strip() if _is_text(value) else None
    if text is not None and text.isascii() and text.isdigit():
        return NONE
    path = path_of(where)
    masked = mask_number(_shown(value, context)) or ""
    return [Problem(path, f"{path} ({masked}) is not digits only", masked)]


def _sender_id(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    size = rule.limit or 0
    if not isinstance(value, str) or (len(value) == size and value.isascii() and (value.isalpha() or value.isdigit())):
        return NONE
    if empty(value):
        return NONE
    if len(value) != size:
        path, shown = path_of(where), _shown(value, context)
        return [Problem(path, f"{path} {shown!r} has {len(value)} characters, not {size}", shown)]
    path, shown = path_of(where), _shown(value, context)
    message = f"{path} {shown!r} is not all letters (or, for promotional SMS, all digits)"
    return [Problem(path, message, shown)]


def schedule(value: Any) -> tuple[datetime | None, bool] | None:
    """A schedule time as ``times.schedule_time`` reads it; None when there is none."""
    return None if empty(value) else schedule_time(value)


def _schedule_format(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    read = schedule(value)
    if read is None or read[0] is not None:
        return NONE
    path, shown = path_of(where), _shown(value, context)
    return [Problem(path, f"{path} {shown!r} is not a real time in one of the documented formats", shown)]


def _bounds(value: Any) -> tuple[datetime, datetime, str] | None:
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


def _schedule_past(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    bounds = _bounds(value)
    if bounds is None or bounds[1] >= context.now:
        return NONE
    path, now = path_of(where), _utc_text(context.now)
    return [Problem(path, f"{path} {bounds[2]!r} is before now ({now}), in every time zone", bounds[2])]


def _schedule_ahead(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    days = rule.limit or 0
    bounds = _bounds(value)
    if bounds is None or bounds[0] <= _moved(context.now, timedelta(days=days)):
        return NONE
    path = path_of(where)
    return [Problem(path, f"{path} {bounds[2]!r} is more than {days} days ahead, in every time zone", bounds[2])]


def _contains(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    needle = rule.text or ""
    if not isinstance(value, str) or needle in value or not value.strip():
        return NONE
    path = path_of(where)
    return [Problem(path, f"{path} does not contain {needle}")]


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


def _flow_variables(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    names = context.variables
    if names is None or (type(value) is not dict and not isinstance(value, Mapping)):
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
    path = path_of(where)
    return [Problem(path, f"{path} lacks the template's {noun} {', '.join(described)}" + (" and more" if more else ""))]


def _variable_length(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    """Each of a recipient's variables (of the template's, when one is given) longer than ``limit``."""
    if type(value) is not dict and not isinstance(value, Mapping):
        return NONE
    limit, names = rule.limit or 0, context.variables
    long = []
    for key, item in value.items():
        if type(item) is str:
            length = len(item)
        elif _is_text(item):
            length = len(str(item))
        else:
            continue
        if length > limit and key != RECEIVER_KEY and (names is None or key in names):
            long.append((key, length))
    if not long:
        return NONE
    path = path_of(where)
    return [
        Problem(
            f"{path}.{name_of(key, context)}",
            f"{path}.{name_of(key, context)} has {length} characters, more than {limit}",
        )
        for key, length in long
    ]


def _said(where: Where, said: str | None, rule: Rule) -> list[Problem]:
    """A DLT check's message as a problem of the value at ``where``, naming its rule's reading."""
    if said is None:
        return NONE
    path = path_of(where)
    return [Problem(path, f"{path} {said} [{rule.check}, per {rule.source}]")]


def _dlt_registered(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    return NONE if context.dlt is None else _said(where, context.dlt.unregistered(), rule)


def _dlt_header(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    return NONE if context.dlt is None else _said(where, context.dlt.unmapped_header(), rule)


def _dlt_placeholder(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    return NONE if context.dlt is None else _said(where, context.dlt.odd_placeholder(value), rule)


def _dlt_text(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    return NONE if context.dlt is None else _said(where, context.dlt.mismatch(value), rule)


def _dlt_variable_length(rule: Rule, where: Where, value: Any, context: Context) -> list[Problem]:
    if context.dlt is None:
        return NONE
    return [problem for said in context.dlt.long_values(value, rule.limit or 0) for problem in _said(where, said, rule)]


CHECKS: dict[str, Check] = {
    "present": Check(_present, sees_missing=True, sees_filled=False, counter=_present_count),
    "max-length": Check(_max_length, needs="limit"),
    "mobile-number": Check(_mobile_number, needs="limit", counter=_mobile_number_count),
    "digits": Check(_digits, sees_missing=True),
    "at-least": Check(_at_least, needs="limit"),
    "at-most": Check(_at_most, needs="limit"),
    "receiver-key": Check(_receiver_key, needs="text"),
    "sender-id": Check(_sender_id, needs="limit"),
    "schedule-format": Check(_schedule_format),
    "schedule-past": Check(_schedule_past, timed=True),
    "schedule-ahead": Check(_schedule_ahead, timed=True, needs="limit"),
    "contains": Check(_contains, needs="text"),
    "flow-variables": Check(_flow_variables, needs="template"),
    "variable-length": Check(_variable_length, needs="limit"),
    "dlt-template-registered": Check(_dlt_registered, dlt=True),
    "dlt-header": Check(_dlt_header, dlt=True),
    "dlt-placeholder": Check(_dlt_placeholder, dlt=True),
    "dlt-text": Check(_dlt_text, dlt=True),
    "dlt-variable-length": Check(_dlt_variable_length, needs="limit", dlt=True),
}
"""Each check by the name rules give it; the catalog gate checks that every rule's is here."""

CHECK_NAMES: tuple[str, ...] = tuple(CHECKS)
"""The names of the checks, in the order the catalog's schema lists them."""
NEEDS_LIMIT = frozenset(name for name, check in CHECKS.items() if check.needs == "limit")
NEEDS_TEXT = frozenset(name for name, check in CHECKS.items() if check.needs == "text")
NEEDS_TEMPLATE = frozenset(name for name, check in CHECKS.items() if check.needs == "template")
TIMED = frozenset(name for name, check in CHECKS.items() if check.timed)
NEEDS_TEMPLATES = frozenset(name for name, check in CHECKS.items() if check.dlt)
