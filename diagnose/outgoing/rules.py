"""The pre-flight rules applied: a request in, its findings out (``preflight()``).

The rules are the catalog's (``preflight:`` of each entry), planned once per catalog and API:
each with its check and its parameter's path split into steps. Nothing is sent anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..catalog.model import REPORT_PHASES, Catalog, Entry, Rule, load_catalog
from .checks import CHECKS, MISSING, Check, Context, Sites
from .finding import Finding
from .request import SendRequest, UnrecognisedRequest, read_request

if TYPE_CHECKING:
    from ..exceptions import SmsApiError

AUTHKEY = "authkey"
Step = tuple[tuple[str, ...], bool]
"""One step of a path: the keys to try, in order, and whether it takes every item of a list."""


def preflight(
    request: object, *, now: datetime | None = None, template: str | None = None, catalog: Catalog | None = None
) -> list[Finding]:
    """The findings of every rule ``request`` breaks, each with the catalog entry the provider
    would answer: none for a request that breaks no rule.

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
    if template is not None and not isinstance(template, str):
        raise TypeError(f"template must be the template's text (a str) or None, not {type(template).__name__}")
    if catalog is not None and not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog or None, not {type(catalog).__name__}")
    found = catalog or load_catalog()
    sent = read_request(request, found)
    context = Context(now or datetime.now(UTC), template, sent.values)
    findings: list[Finding] = []
    for entry, rule, steps, check in _plan(found)[sent.api.key]:
        if rule.when == "india" and not _to_india(sent.values):
            continue
        if rule.parameter == AUTHKEY:
            if not sent.whole or _has_authkey(sent):
                continue
            sites: Sites = [(AUTHKEY, MISSING)]
        else:
            sites = resolve(sent.values, steps)
        for problem in check(rule, sites, context):
            findings.append(Finding(entry, problem.path, problem.message, rule, sent.api.key, problem.value))
    return findings


def ensure_preflight(
    request: object, *, now: datetime | None = None, template: str | None = None, catalog: Catalog | None = None
) -> None:
    """Raise, for a request that breaks a rule, the ``SmsApiError`` the provider's answer would
    raise (``except SchedulingError`` catches a schedule in the past before sending and after);
    return for one that breaks none. Its ``findings`` hold every finding; the first one the
    provider would answer (a delivery failure comes only later) chooses the class."""
    found = preflight(request, now=now, template=template, catalog=catalog)
    if found:
        raise refusal(found)


def refusal(findings: list[Finding]) -> SmsApiError:
    """The exception a guard raises for a request it does not send."""
    from ..exceptions import error_for

    first = sorted(findings, key=lambda f: f.entry.phase in REPORT_PHASES)
    return error_for(first[0].diagnosis(), findings=tuple(first))


Plan = dict[str, list[tuple[Entry, Rule, list[Step], Check]]]


@lru_cache(maxsize=4)
def _plan(catalog: Catalog) -> Plan:
    """Each API's rules, in catalog order, with their checks and their parameters' paths."""
    plan: Plan = {key: [] for key in catalog.apis}
    for entry in catalog:
        if entry.retired:
            continue
        for rule in entry.preflight:
            for key in rule.apis:
                path = catalog.apis[key].parameters[rule.parameter]
                plan[key].append((entry, rule, steps_of(path), CHECKS[rule.check]))
    return plan


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


def resolve(values: Mapping[str, Any], steps: list[Step]) -> Sites:
    """Every place the path reaches, with its value or MISSING. An empty list stops the path
    where it is (its checks see it empty); a value of the wrong kind is UnrecognisedRequest."""
    sites: Sites = [("", values)]
    for keys, each in steps:
        reached: Sites = []
        for prefix, node in sites:
            if node is MISSING or (isinstance(node, list) and not node):
                reached.append((prefix, node))
                continue
            if not isinstance(node, Mapping):
                raise UnrecognisedRequest(f"{prefix or 'the body'} is {_kind(node)}, not an object")
            key = next((k for k in keys if k in node), keys[0])
            path = f"{prefix}.{key}" if prefix else key
            value = node.get(key, MISSING)
            if not each or value is MISSING:
                reached.append((path, value))
            elif not isinstance(value, list):
                raise UnrecognisedRequest(f"{path} is {_kind(value)}, not a list")
            elif not value:
                reached.append((path, value))
            else:
                reached.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
        sites = reached
    return sites


def _to_india(values: Mapping[str, Any]) -> bool:
    country = values.get("country")
    return country is None or str(country).strip() in ("", "91")


def _has_authkey(sent: SendRequest) -> bool:
    value = sent.values.get(AUTHKEY)
    if isinstance(value, str) and value.strip():
        return True
    return sent.headers is not None and bool(sent.headers.get(AUTHKEY, "").strip())
