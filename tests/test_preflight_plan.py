"""Preflight's plan: data and callables walked by one loop, no code written at run time.

Each check is one function (``checks.CHECKS``), named once (``checks.CHECK_NAMES``, from which
the catalog's schema is made); the plan of an API holds each rule with that function itself, made
once per catalog; no module of the package writes or evaluates source text."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose.catalog.model import load_catalog
from diagnose.outgoing.checks import CHECK_NAMES, CHECKS, Context, empty, template_variables
from diagnose.outgoing.rules import _plan

ROOT = Path(__file__).resolve().parent.parent
CATALOG = load_catalog()
RUN_TIME_CODE = frozenset({"exec", "eval", "compile"})
JSONS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def test_no_module_writes_or_evaluates_code() -> None:
    found = []
    for path in sorted((ROOT / "diagnose").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in RUN_TIME_CODE:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.id}()")
    assert found == []


def test_check_names_are_the_checks_names() -> None:
    """The one definition of the names (the schema's enum is made from it, tests/test_vocabulary.py)."""
    assert tuple(CHECKS) == CHECK_NAMES
    assert all(isinstance(name, str) for name in CHECK_NAMES)


def test_each_rule_of_a_plan_holds_its_checks_one_function() -> None:
    plans = _plan(CATALOG)
    assert plans is _plan(CATALOG)  # made once per catalog
    for plan in plans.values():
        for planned in plan.rules:
            assert planned.check is CHECKS[planned.rule.check]
        reads = [*plan.keys, *(read for items in plan.lists for read in items.reads)]
        tests = [*plan.authkey, *(test for _, filled, blank in reads for test in (*filled, *blank))]
        tests += [test for _, filled, blank in plan.paths for test in (*filled, *blank)]
        assert tests and all(test[0] is plan.rules[test[2]].check.problems for test in tests)
        assert all(callable(test[0]) and not isinstance(test[0], str) for test in tests)


@given(st.sampled_from([name for name, check in CHECKS.items() if not check.sees_filled]), JSONS)
@settings(max_examples=300, deadline=None)
def test_a_check_not_handed_filled_values_finds_nothing_in_one(name: str, value: Any) -> None:
    """The walk hands a check that does not see filled values (``present``) only a missing or
    empty one: it finds nothing in any other."""
    rule = next(rule for entry in CATALOG for rule in entry.preflight if rule.check == name)
    context = Context(None, "##a##", template_variables("##a##"))
    if not empty(value):
        assert CHECKS[name].problems(rule, "p", value, context) == []
