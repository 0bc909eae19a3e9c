"""The pre-flight rules applied: a request in, its findings out (``preflight()``).

The rules are the catalog's (``preflight:`` of each entry), planned once per catalog and API:
each with its check and its parameter's path split into steps. Nothing is sent anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from ..catalog.model import Api, Catalog, Entry, Rule, load_catalog
from ..redaction import mask_secrets, printable
from .checks import CHECKS, EMPTY, MISSING, NAMED_NUMBERS, NAMES, Check, Context, Sites, empty, template_variables
from .finding import Finding, Findings
from .request import UnrecognisedRequest, named_api, read_request

AUTHKEY = "authkey"
Step = tuple[tuple[str, ...], bool]
"""One step of a path: the keys to try, in order, and whether it takes every item of a list."""
FINDINGS_PER_RULE = NAMED_NUMBERS + 1
"""A request is given at most this many findings of one rule, as one parameter names at most
NAMED_NUMBERS numbers and one finding more counts the others (which fit in it); the findings
left out are counted in ``Findings.left_out``. So a request's findings are bounded by the
rules of its API, whatever its size, and every rule it breaks is named."""


def preflight(
    request: object, *, now: datetime | None = None, template: str | None = None, catalog: Catalog | None = None
) -> Findings:
    """The findings of every rule ``request`` breaks, each with the catalog entry the provider
    would answer: none for a request that breaks no rule. Findings come in catalog order, at
    most FINDINGS_PER_RULE of one rule: ``left_out`` of the Findings (a list) counts the others.

    ``request`` is a dict of the body's fields, a JSON body, a query string, a URL, a recorded
    request (a dict of url, headers, body), or a ``requests`` or ``httpx`` request. ``now`` (an
    aware datetime; default: the clock) is when the request would be sent; ``template`` is the
    flow template's text, whose ``##variables##`` each recipient must pass. Raises
    UnrecognisedRequest (a ValueError) for a request that names no send API of the catalog.
    """
    if now is not None and (not isinstance(now, datetime) or now.utcoffset() is None):
        if isinstance(now, datetime):
            raise ValueError("now must be an aware datetime (with tzinfo), as a naive one names no instant")
        raise TypeError(f"now must be a datetime or None, not {type(now).__name__}")
    if template is not None and type(template) is not str:
        raise TypeError(f"template must be the template's text (a str) or None, not {type(template).__name__}")
    if catalog is not None and not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog or None, not {type(catalog).__name__}")
    found = catalog or load_catalog()
    values: Mapping[str, Any]
    headers: Mapping[str, str] | None
    if type(request) is dict and "url" not in request:  # the commonest form, read without a copy
        api, values, headers = named_api(request, found), request, None
    else:
        api, values, headers = read_request(request, found)
    variables = None if template is None else template_variables(template)
    code, planned = _plan(found)[api.key]
    findings: list[tuple[int, Finding]] = []
    contexts: list[Context] = []
    made = [0] * len(planned)
    """Findings made of each rule, up to FINDINGS_PER_RULE; then those left out are counted."""
    left_out = [0] * len(planned)

    def broken(position: int, where: Where, value: Any) -> None:
        """A value the rule's quick test did not pass: what is wrong with it, if anything."""
        index, entry, rule, check, india = planned[position]
        if not check.sees_missing and empty(value):
            return
        if india and not _to_india(values, _numbers_of(values, api)):
            return
        if not contexts or (check.timed and contexts[0].now is None):
            when = now if now is not None or not check.timed else datetime.now(UTC)
            contexts[:] = [Context(when, template, variables, _secrets(values, headers))]
        if made[position] == FINDINGS_PER_RULE and check.counter is not None:  # only counted now
            left_out[position] += check.counter(rule, value, contexts[0])
            return
        path = where if isinstance(where, str) else _item_path(where)
        secrets = contexts[0].secrets
        for problem in check.problems(rule, path, value, contexts[0]):
            if made[position] == FINDINGS_PER_RULE:
                left_out[position] += 1
                continue
            made[position] += 1
            shown = _masked(problem.value, secrets) if problem.value is not None else None
            finding = Finding(
                entry, _masked(problem.path, secrets), _masked(problem.message, secrets), rule, api.key, shown
            )
            findings.append((index, finding))

    code(values, broken, headers, variables)
    if len(findings) > 1:
        findings.sort(key=lambda pair: pair[0])
    counted = {planned[position][2]: count for position, count in enumerate(left_out) if count}
    names = {planned[position][2]: planned[position][1].name for position, count in enumerate(left_out) if count}
    return Findings((finding for _, finding in findings), left_out=counted, names=names, limit=FINDINGS_PER_RULE)


Where = str | tuple[str, int, str | None]
"""Where a value is: its path, or for an item of a list read in place (``sms[].to``), the
list's key, the item's index and the item's key, made into a path only for a finding."""


def _item_path(where: tuple[str, int, str | None]) -> str:
    items, index, key = where
    return f"{items}[{index}]" if key is None else f"{items}[{index}].{key}"


Planned = tuple[int, Entry, Rule, Check, bool]
"""A rule with its place in the catalog (findings come in that order), its check, and whether
it holds only for a send to India."""
Code = Callable[
    [Mapping[str, Any], Callable[[int, Where, Any], None], "Mapping[str, str] | None", "Mapping[str, None] | None"],
    None,
]
Plan = dict[str, tuple[Code, list[Planned]]]


@lru_cache(maxsize=4)
def _plan(catalog: Catalog) -> Plan:
    """The code that checks a request of each API against its rules, made from the rules once.

    The rules of one parameter path share one reading of it. Each rule's ``passes`` expression
    (checks.py) is written in as it stands, so that a value that passes costs no call; a value
    that does not is handed, with the rule's position in ``planned``, to ``broken`` (in
    ``preflight``), which alone decides the finding.
    """
    plan: Plan = {}
    index = 0
    by_api: dict[str, dict[str, list[tuple[int, Entry, Rule]]]] = {key: {} for key in catalog.apis}
    for entry in catalog:
        if entry.retired:
            continue
        for rule in entry.preflight:
            for key in rule.apis:
                path = catalog.apis[key].parameters[rule.parameter]
                by_api[key].setdefault(path, []).append((index, entry, rule))
                index += 1
    for key, groups in by_api.items():
        planned: list[Planned] = []
        names: dict[str, Any] = {
            **NAMES,
            "resolve": resolve,
            "not_an_object": not_an_object,
            "not_a_list": not_a_list,
            "NO_ITEMS": NO_ITEMS,
            "has_authkey": _has_authkey,
            "STEPS": [],
        }
        source = "\n".join(_source(groups, planned, names["STEPS"]))
        exec(compile(source, f"<preflight rules of {key}>", "exec"), names)  # noqa: S102 - made from the catalog's rules, never from input
        plan[key] = (names["check"], planned)
    return plan


def _source(
    groups: dict[str, list[tuple[int, Entry, Rule]]], planned: list[Planned], steps_table: list[list[Step]]
) -> Iterator[str]:
    """The function ``check(values, broken, headers, variables)`` of one API, line by
    line: each path read once (the paths into one list of objects, such as ``sms[].to`` and
    ``sms[].message``, in one loop over it), then each rule's test of the value read."""
    yield "def check(values, broken, headers, variables):"
    loops: dict[str, list[tuple[str | None, str, int]]] = {}
    for path, rules in groups.items():
        first = len(planned)
        planned += [_planned(*rule) for rule in rules]
        steps = steps_of(path)
        if path == AUTHKEY:
            yield "    if headers is not None and not has_authkey(values, headers):"
            yield f"        broken({first}, {AUTHKEY!r}, MISSING)"
        elif len(steps) == 1 and len(steps[0][0]) == 1 and not steps[0][1]:
            yield f"    value = values.get({path!r}, MISSING)"
            yield from _tests(planned[first:], first, repr(path), "    ")
        else:
            inline = _inline_items(steps)
            if inline is None:
                steps_table.append(steps)
                yield f"    for where, value in resolve(values, STEPS[{len(steps_table) - 1}]):"
                yield from _tests(planned[first:], first, "where", "        ")
            else:
                loops.setdefault(inline[0], []).append((inline[1], path, first))
    for items, reads in loops.items():
        yield f"    node = values.get({items!r}, MISSING)"
        yield "    if isinstance(node, list) and node:"
        yield "        for index, item in enumerate(node):"
        if any(item_key is not None for item_key, _, _ in reads):
            yield "            if type(item) is not dict and not isinstance(item, Mapping):"
            yield f"                not_an_object(f'{items}[{{index}}]', item)"
        for item_key, path, first in reads:
            count = len(groups[path])
            if item_key is None:
                yield "            value = item"
            else:
                yield f"            value = item.get({item_key!r}, MISSING)"
            where = f"({items!r}, index, {item_key!r})"
            yield from _tests(planned[first : first + count], first, where, "            ")
        yield "    else:  # no list to read: the path stops here, missing or without items"
        yield f"        if node is not MISSING and not isinstance(node, list): not_a_list({items!r}, node)"
        yield "        value = MISSING if node is MISSING else NO_ITEMS"
        for _, path, first in reads:
            count = len(groups[path])
            yield from _tests(planned[first : first + count], first, repr(items), "        ")
    yield "    return None"


def _tests(planned: list[Planned], first: int, where: str, indent: str) -> list[str]:
    """The lines that test ``value`` against each rule's ``passes`` expression (with the
    rule's ``limit`` and ``text`` set first, when the expression reads them). A value a check
    does not see (missing or empty, for most) is not handed to ``broken``, which would drop it."""
    lines = []
    for position, (_, _, rule, check, _) in enumerate(planned, first):
        words = set(check.passes.replace("(", " ").replace(")", " ").split())
        lines += [f"{indent}{name} = {getattr(rule, name)!r}" for name in ("limit", "text") if name in words]
        seen = "" if check.sees_missing else f" and not ({EMPTY})"
        lines.append(f"{indent}if not ({check.passes}){seen}: broken({position}, {where}, value)")
    return lines


def _inline_items(steps: list[Step]) -> tuple[str, str | None] | None:
    """``("sms", "to")`` for a path ``sms[].to``, ``("recipients", None)`` for ``recipients[]``:
    a list of objects whose items (or one key of each) are the values, read in place, the path
    of a value made only for a finding; None for any other path, which ``resolve`` reads."""
    if len(steps) == 1 and steps[0][1] and len(steps[0][0]) == 1:
        return steps[0][0][0], None
    if len(steps) == 2 and steps[0][1] and not steps[1][1] and len(steps[0][0]) == len(steps[1][0]) == 1:
        return steps[0][0][0], steps[1][0][0]
    return None


def _planned(index: int, entry: Entry, rule: Rule) -> Planned:
    return index, entry, rule, CHECKS[rule.check], rule.when == "india"


def steps_of(path: str) -> list[Step]:
    """``sms[].to`` as ``[(("sms",), True), (("to",), False)]``."""
    steps = []
    for part in path.split("."):
        each = part.endswith("[]")
        steps.append((tuple(part.removesuffix("[]").split("|")), each))
    return steps


_JSON_TYPES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
}


def _kind(value: Any) -> str:
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)


NO_ITEMS: list[Any] = []
"""The value of a path that ends at an empty list (``sms: []``): its checks see an empty list,
and the steps after it are not taken. Never changed; told from other lists by identity."""


def not_an_object(path: str, value: Any) -> None:
    raise UnrecognisedRequest(f"{path} is {_kind(value)}, not an object")


def not_a_list(path: str, value: Any) -> None:
    raise UnrecognisedRequest(f"{path} is {_kind(value)}, not a list")


def resolve(values: Mapping[str, Any], steps: list[Step]) -> Sites:
    """Every place the path reaches, with its value or MISSING. An empty list stops the path
    where it is (its checks see it empty); a value of the wrong kind is UnrecognisedRequest."""
    sites: Sites = [("", values)]
    for keys, each in steps:
        reached: Sites = []
        add = reached.append
        for prefix, node in sites:
            if type(node) is not dict:
                if node is MISSING or node is NO_ITEMS:
                    add((prefix, node))
                    continue
                if not isinstance(node, Mapping):
                    not_an_object(prefix or "the body", node)
            key = keys[0]
            if len(keys) > 1:
                key = next((k for k in keys if k in node), key)
            path = prefix + "." + key if prefix else key
            value = node.get(key, MISSING)
            if not each or value is MISSING:
                add((path, value))
            elif not isinstance(value, list):
                not_a_list(path, value)
            elif not value:
                add((path, NO_ITEMS))
            else:
                for index, item in enumerate(value):
                    add((f"{path}[{index}]", item))
        sites = reached
    return sites


SHORTEST_SECRET = 8
"""An authkey shorter than this is not looked for elsewhere in the request (it would mask words)."""


def _secrets(values: Mapping[str, Any], headers: Mapping[str, str] | None) -> tuple[str, ...]:
    """The request's own authkeys: masked wherever else in it they stand, in any finding."""
    found = [values.get(AUTHKEY), headers.get(AUTHKEY) if headers is not None else None]
    keys = {key.strip() for key in found if isinstance(key, str) and len(key.strip()) >= SHORTEST_SECRET}
    return tuple(sorted(keys, key=lambda key: (-len(key), key)))  # the longest first, in any run


def _masked(text: str, secrets: tuple[str, ...]) -> str:
    """Text a finding shows: the request's authkeys masked, then as ``printable`` shows text."""
    return printable(mask_secrets(text, secrets))


INDIA = "91"


def _numbers_of(values: Mapping[str, Any], api: Api) -> Sites:
    path = api.parameters.get("mobiles")
    if path is None:
        return []
    try:
        return resolve(values, steps_of(path))
    except UnrecognisedRequest:
        return []


def _to_india(values: Mapping[str, Any], numbers: Sites) -> bool:
    """Whether a send surely goes to India: country 91; or, with no country, numbers that all
    start with 91, as the panel tells the country by the number's start. Not sure is not India:
    a rule for India only is then not applied."""
    country = values.get("country", None)
    if isinstance(country, str) and country.strip():
        return country.strip() == INDIA
    if country is not None and not isinstance(country, str):
        return isinstance(country, (int, float)) and not isinstance(country, bool) and country == int(INDIA)
    found = [number for _, value in numbers for number in _texts(value)]
    return bool(found) and all(number.lstrip("+").startswith(INDIA) for number in found)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return []


def _has_authkey(values: Mapping[str, Any], headers: Mapping[str, str] | None) -> bool:
    value = values.get(AUTHKEY)
    if isinstance(value, str) and value.strip():
        return True
    return headers is not None and bool(headers.get(AUTHKEY, "").strip())
