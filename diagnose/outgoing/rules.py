"""The pre-flight rules applied: a request in, its findings out (``preflight()``).

The rules are the catalog's (``preflight:`` of each entry), planned once per catalog and API
(``_plan``) as data: the rules grouped by their parameter's path, each path split into steps,
each rule with its check (checks.py) and its place in the catalog. One loop (``_walk``) applies
a request's plan: every value a path reaches is handed to the checks of its rules, and what they
find is the request's findings, at most FINDINGS_PER_RULE of one rule. Nothing is sent anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from ..catalog.model import Api, Catalog, Entry, Rule, load_catalog
from ..records import Record
from ..redaction import mask_secrets, printable
from .checks import CHECKS, MISSING, NAMED_NUMBERS, Check, Context, Problem, Sites, Where, empty, template_variables
from .dlt_rules import LENIENT, MATCHES, STRICT, DltRequest
from .finding import Finding, Findings, finding_of
from .request import UnrecognisedRequest, named_api, read_request
from .templates import DltTemplates, load_templates, read_templates

AUTHKEY = "authkey"
Step = tuple[tuple[str, ...], bool]
"""One step of a path: the keys to try, in order, and whether it takes every item of a list."""
FINDINGS_PER_RULE = NAMED_NUMBERS + 1
"""A request is given at most this many findings of one rule, as one parameter names at most
NAMED_NUMBERS numbers and one finding more counts the others (which fit in it); the findings
left out are counted in ``Findings.left_out``. So a request's findings are bounded by the
rules of its API, whatever its size, and every rule it breaks is named."""


def preflight(
    request: object,
    *,
    now: datetime | None = None,
    template: str | None = None,
    catalog: Catalog | None = None,
    templates: DltTemplates | str | bytes | os.PathLike[str] | None = None,
    dlt_match: str = STRICT,
    dlt_variable_length: int | None = None,
) -> Findings:
    """The findings of every rule ``request`` breaks, each with the catalog entry the provider
    would answer: none for a request that breaks no rule. Findings come in catalog order, at
    most FINDINGS_PER_RULE of one rule: ``left_out`` of the Findings (a list) counts the others.

    ``request`` is a dict of the body's fields, a JSON body, a query string, a URL, a recorded
    request (a dict of url, headers, body), or a ``requests`` or ``httpx`` request. ``now`` (an
    aware datetime; default: the clock) is when the request would be sent; ``template`` is the
    flow template's text, whose ``##variables##`` each recipient must pass. Raises
    UnrecognisedRequest (a ValueError) for a request that names no send API of the catalog.

    ``templates`` are the DLT content templates the request is sent under (a DltTemplates, the
    path of a portal's export, or its text: CSV, or a JSON or YAML list): with them, the DLT
    rules check each message against the template its ``DLT_TE_ID`` names, and a missing
    ``DLT_TE_ID`` says which template the text matches. ``dlt_match`` (``strict``, the default,
    or ``lenient``) and ``dlt_variable_length`` (the most characters of a variable's value:
    the rule's own, or one of its variants') choose among the readings of their sources.
    TemplatesError (a ValueError) for templates that cannot be read.
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
    chosen = _readings_chosen(found, dlt_match, dlt_variable_length)  # checked with or without templates
    readings = chosen if templates is not None else None
    exported = None if templates is None else templates_of(templates)
    values: Mapping[str, Any]
    headers: Mapping[str, str] | None
    if type(request) is dict and "url" not in request:  # the commonest form, read without a copy
        api, values, headers = named_api(request, found), request, None
    else:
        sent = read_request(request, found)
        api, values, headers = sent.api, sent.values, sent.headers
    variables = None if template is None else template_variables(template)
    dlt = None if exported is None else _dlt_request(exported, api, values, dlt_match, dlt_variable_length)
    context = Context(now, template, variables, lambda: _secrets(values, headers), dlt=dlt, values=values)
    findings = _walk(_plan(found, readings)[api.key], api, values, headers, context)
    if dlt is not None and findings and api.parameters.get(DLT_TEMPLATE_ID):
        _say_probable(findings, dlt, context)
    return findings


DLT_TEMPLATE_ID = "dlt_template_id"


def templates_of(templates: DltTemplates | str | bytes | os.PathLike[str]) -> DltTemplates:
    """Templates as ``preflight()`` takes them: read, the path of an export, or its text."""
    if isinstance(templates, DltTemplates):
        return templates
    if isinstance(templates, bytes):
        return read_templates(templates)
    if isinstance(templates, os.PathLike):
        return load_templates(os.fspath(templates))
    if not isinstance(templates, str):
        raise TypeError(f"templates must be DltTemplates, a path or an export's text, not {type(templates).__name__}")
    if "\n" in templates.strip() or templates.lstrip().startswith(("[", "{")):
        return read_templates(templates)
    return load_templates(templates)


def _readings_chosen(catalog: Catalog, match: str, limit: int | None) -> tuple[str, ...]:
    """The variants of the DLT rules the user chose (none: each rule's own reading)."""
    if match not in MATCHES:
        raise ValueError(f"dlt_match must be one of {', '.join(MATCHES)}, not {match!r}")
    chosen = [LENIENT] if match == LENIENT else []
    if limit is None:
        return tuple(chosen)
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"dlt_variable_length must be an int or None, not {type(limit).__name__}")
    rules = [rule for entry in catalog for rule in entry.preflight if rule.check == "dlt-variable-length"]
    sourced = {rule.limit: None for rule in rules} | {v.limit: v.variant for rule in rules for v in rule.variants}
    if limit not in sourced:
        known = ", ".join(f"{number}" for number in sorted(n for n in sourced if n is not None))
        raise ValueError(f"dlt_variable_length {limit} is not a limit a source gives (sourced: {known})")
    variant = sourced[limit]
    return tuple(chosen + ([variant] if variant else []))


def _dlt_request(
    templates: DltTemplates, api: Api, values: Mapping[str, Any], match: str, limit: int | None
) -> DltRequest:
    def top(parameter: str) -> Any:
        path = api.parameters.get(parameter)
        return None if path is None or "." in path or "[" in path else values.get(path)

    message = api.parameters.get("message")
    first: Any = None
    if message is not None:
        try:
            reached = resolve(values, steps_of(message))
        except UnrecognisedRequest:
            reached = []
        first = next((value for _, value in reached if isinstance(value, str)), None)
    return DltRequest(
        templates,
        lenient=match == LENIENT,
        limit=limit,
        template_id=top(DLT_TEMPLATE_ID),
        sender=top("sender"),
        first_text=first,
    )


def _say_probable(findings: Findings, dlt: DltRequest, context: Context) -> None:
    """A missing DLT_TE_ID's finding says which template the text matches, when one does."""
    for index, finding in enumerate(findings):
        if finding.rule.parameter == DLT_TEMPLATE_ID and finding.rule.check == "present":
            said = dlt.probably_meant()
            if said:
                findings[index] = Finding(
                    entry=finding.entry,
                    parameter=finding.parameter,
                    message=finding.message + printable(mask_secrets(said, context.secrets)),
                    rule=finding.rule,
                    api=finding.api,
                    value=finding.value,
                )


# The plan of an API: its rules as data, made once per catalog.


class Planned(Record):
    """A rule in an API's plan: its place in the catalog (findings come in that order), its
    entry, its check, and whether it holds only for a send to India."""

    place: int
    entry: Entry
    rule: Rule
    check: Check
    india: bool


Test = tuple[
    Callable[[Rule, Where, Any, Context], list[Problem]], Rule, int, Callable[[Rule, Any, Context], int] | None
]
"""A rule as the walk applies it to a value: its check's ``problems``, the rule, its position in
the plan's ``rules``, and its check's ``counter`` (a plain tuple, read in the innermost loop)."""


Tests = tuple[Test, ...]
"""The rules of one path that a value can break: a filled one (``Check.sees_filled``), or a
missing or empty one (``Check.sees_missing``); a check is handed no other value."""


Read = tuple[str, Tests, Tests]
"""A key read (for an item of a list, "": the item itself), with the rules of its path for a
filled value and for a blank one."""


class Items(Record):
    """A list of objects whose items (or one key of each) the paths of rules read in place, the
    path of a value made only for a finding (``sms[].to``, ``sms[].message``, ``recipients[]``)."""

    key: str
    """The body's key of the list."""
    reads: tuple[Read, ...]
    objects: bool
    """Whether a key of an item is read, which must then be an object."""


class ApiPlan(Record):
    """The rules of an API, by where the values they test are in a request."""

    keys: tuple[Read, ...]
    """Keys of the body."""
    authkey: Tests
    """The rules of a missing authkey (a request whose headers are known may give it in them)."""
    paths: tuple[tuple[list[Step], Tests, Tests], ...]
    """Other paths (``a.b``, ``template_id|flow_id``), step by step, read by ``resolve``."""
    lists: tuple[Items, ...]
    rules: tuple[Planned, ...]
    """Every rule of the API, by its position (grouped by path, in the catalog's order)."""


@lru_cache(maxsize=8)
def _plan(catalog: Catalog, readings: tuple[str, ...] | None = None) -> dict[str, ApiPlan]:
    """The plan of each API of the catalog: its rules grouped by path, a path read once for all
    of them (the paths into one list of objects, such as ``sms[].to`` and ``sms[].message``, by
    one pass over it, after the others). The DLT rules are in it only with ``readings`` (the
    variants chosen, each rule read as the one it has of them)."""
    by_api: dict[str, dict[str, list[tuple[int, Entry, Rule]]]] = {key: {} for key in catalog.apis}
    index = 0
    for entry in catalog:
        if entry.retired:
            continue
        for rule in entry.preflight:
            if CHECKS[rule.check].dlt:
                if readings is None:
                    continue
                for variant in readings:
                    rule = rule.reading(variant)  # noqa: PLW2901 - the rule as the reading chosen
            for key in rule.apis:
                path = catalog.apis[key].parameters[rule.parameter]
                by_api[key].setdefault(path, []).append((index, entry, rule))
                index += 1
    return {key: _api_plan(groups) for key, groups in by_api.items()}


def _api_plan(groups: dict[str, list[tuple[int, Entry, Rule]]]) -> ApiPlan:
    rules: list[Planned] = []
    keys: list[Read] = []
    authkey: Tests = ()
    paths: list[tuple[list[Step], Tests, Tests]] = []
    lists: dict[str, list[Read]] = {}
    for path, grouped in groups.items():
        first = len(rules)
        rules += [
            Planned(place, entry, rule, CHECKS[rule.check], rule.when == "india") for place, entry, rule in grouped
        ]
        group = list(enumerate(rules[first:], first))
        filled = tuple(_test(position, planned) for position, planned in group if planned.check.sees_filled)
        blank = tuple(_test(position, planned) for position, planned in group if planned.check.sees_missing)
        steps = steps_of(path)
        inline = _inline_items(steps)
        if path == AUTHKEY:
            authkey = blank
        elif len(steps) == 1 and len(steps[0][0]) == 1 and not steps[0][1]:
            keys.append((path, filled, blank))
        elif inline is not None:
            lists.setdefault(inline[0], []).append((inline[1], filled, blank))
        else:
            paths.append((steps, filled, blank))
    items = tuple(Items(key, tuple(reads), any(item_key for item_key, _, _ in reads)) for key, reads in lists.items())
    return ApiPlan(tuple(keys), authkey, tuple(paths), items, tuple(rules))


def _test(position: int, planned: Planned) -> Test:
    return planned.check.problems, planned.rule, position, planned.check.counter


def _inline_items(steps: list[Step]) -> tuple[str, str] | None:
    """``("sms", "to")`` for a path ``sms[].to``, ``("recipients", "")`` for ``recipients[]``:
    a list of objects whose items (or one key of each) are the values, read in place; None for
    any other path, which ``resolve`` reads."""
    if len(steps) == 1 and steps[0][1] and len(steps[0][0]) == 1:
        return steps[0][0][0], ""
    if len(steps) == 2 and steps[0][1] and not steps[1][1] and len(steps[0][0]) == len(steps[1][0]) == 1:
        return steps[0][0][0], steps[1][0][0]
    return None


def steps_of(path: str) -> list[Step]:
    """``sms[].to`` as ``[(("sms",), True), (("to",), False)]``."""
    steps = []
    for part in path.split("."):
        each = part.endswith("[]")
        steps.append((tuple(part.removesuffix("[]").split("|")), each))
    return steps


# The walk: a request's values through its API's plan.


def _walk(
    plan: ApiPlan, api: Api, values: Mapping[str, Any], headers: Mapping[str, str] | None, context: Context
) -> Findings:
    """The findings of a request: each value its API's paths reach, handed to the check of each
    rule of its path (a missing or empty value only to a check that sees one). A rule's first
    FINDINGS_PER_RULE findings are made; those after are counted (by its check's counter, when
    it has one, without making them). It makes no Python call for a value that no check is
    handed (an empty recipient of 500,000), nor for an item of a list it reads in place."""
    rules = plan.rules
    made: dict[int, int] = {}
    left_out: dict[int, int] = {}
    found: list[tuple[int, Finding]] = []
    for items, rows, reads in _readings(plan, values, headers):
        for index, row in rows:
            for key, if_filled, if_blank in reads:
                value = row.get(key, MISSING) if key else row
                blank = (  # empty(value), written out: no call for each item of a list
                    not value.strip()
                    if isinstance(value, str)
                    else value is MISSING or value is None or (isinstance(value, (list, dict)) and not value)
                )
                for problems_of, rule, position, counter in if_blank if blank else if_filled:
                    if made and counter is not None and made.get(position) == FINDINGS_PER_RULE:
                        count = counter(rule, value, context)
                        if count and _applies(rules[position], values, api):
                            left_out[position] = left_out.get(position, 0) + count
                        continue
                    problems = problems_of(rule, key if items is None else (items, index, key), value, context)
                    if not problems or not _applies(rules[position], values, api):
                        continue
                    for problem in problems:
                        if made.get(position) == FINDINGS_PER_RULE:
                            left_out[position] = left_out.get(position, 0) + 1
                        else:
                            made[position] = made.get(position, 0) + 1
                            found.append((rules[position].place, _finding(rules[position], problem, api, context)))
    if len(found) > 1:
        found.sort(key=lambda pair: pair[0])
    findings = [finding for _, finding in found] if found else ()
    if not left_out:
        return Findings(findings, limit=FINDINGS_PER_RULE)
    counted = {rules[position].rule: left_out[position] for position in sorted(left_out)}
    names = {rules[position].rule: rules[position].entry.name for position in sorted(left_out)}
    return Findings(findings, left_out=counted, names=names, limit=FINDINGS_PER_RULE)


def _applies(planned: Planned, values: Mapping[str, Any], api: Api) -> bool:
    """Whether what a rule's check found is a finding: not for a rule for India only, in a
    send not surely to India."""
    return not planned.india or _to_india(values, _numbers_of(values, api))


def _finding(planned: Planned, problem: Problem, api: Api, context: Context) -> Finding:
    return finding_of(problem, planned.entry, planned.rule, api.key, context.secrets)


Reading = tuple[str | None, Iterable[tuple[int, Any]], tuple[Read, ...]]
"""Objects of a request, each with its index, and the keys of each that the walk reads: for the
items of a list, its key (a value's place made of it, the item's index and the key read), else
None (a value's place is the key read)."""
NO_KEYS: Mapping[str, Any] = MappingProxyType({})
"""An object with no key: where a value is MISSING."""


def _readings(plan: ApiPlan, values: Mapping[str, Any], headers: Mapping[str, str] | None) -> list[Reading]:
    """The objects of a request whose keys the paths of its API's rules read: the body, and the
    items of each of its lists (where a path stops short, an object that holds what it reaches,
    MISSING or an empty list); UnrecognisedRequest for a value of the wrong kind on the way."""
    keys, authkey, paths, lists = plan.keys, plan.authkey, plan.paths, plan.lists
    readings: list[Reading] = [(None, ((0, values),), keys)]
    if authkey and headers is not None and not _has_authkey(values, headers):
        readings.append((None, ((0, NO_KEYS),), ((AUTHKEY, (), authkey),)))
    for steps, filled, blank in paths:
        readings += [
            (None, ((0, {where: value}),), ((where, filled, blank),)) for where, value in resolve(values, steps)
        ]
    for items in lists:
        key, reads, objects = items.key, items.reads, items.objects
        node = values.get(key, MISSING)
        if isinstance(node, list) and node:
            if objects:
                for index, item in enumerate(node):
                    if type(item) is not dict and not isinstance(item, Mapping):
                        not_an_object(f"{key}[{index}]", item)
            readings.append((key, enumerate(node), reads))
            continue
        if node is not MISSING and not isinstance(node, list):
            not_a_list(key, node)
        stop = {key: MISSING if node is MISSING else NO_ITEMS}  # no list to read: the path stops here
        readings.append((None, ((0, stop),), tuple((key, filled, blank) for _, filled, blank in reads)))
    return readings


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
    """Every place the path reaches, with its value or MISSING. Of a step's alternatives
    (``template_id|flow_id``) the first given a value is read: a blank one beside it is not the
    one the request names. An empty list stops the path where it is (its checks see it empty);
    a value of the wrong kind is UnrecognisedRequest."""
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
            if len(keys) > 1:  # the first alternative given a value, else the first given at all
                key = next((k for k in keys if not empty(node.get(k))), None) or next(
                    (k for k in keys if k in node), key
                )
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
