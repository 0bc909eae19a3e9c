"""Count what the suite checks, per file: test functions, ``assert`` statements and ``pytest.raises``
uses, read from the source with ``ast`` (nothing is imported or run).

    python tests/count_assertions.py                 # a table per file, then the totals
    python tests/count_assertions.py --functions     # one line per function: file, name, counts, body hash

The second form lets a reorganisation show that each test function still exists, with the same
body, wherever it now lives: compare the lines without their file column.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Counted:
    tests: int
    asserts: int
    raises: int


def is_raises(node: ast.AST) -> bool:
    """A call of ``pytest.raises`` (as a context manager or a plain call)."""
    if not isinstance(node, ast.Call):
        return False
    called = node.func
    return isinstance(called, ast.Attribute) and called.attr == "raises" and isinstance(called.value, ast.Name)


def counted(tree: ast.AST) -> Counted:
    nodes = list(ast.walk(tree))
    tests = sum(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test") for node in nodes
    )
    asserts = sum(isinstance(node, ast.Assert) for node in nodes)
    return Counted(tests, asserts, sum(is_raises(node) for node in nodes))


def functions(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Every function of a module: top level, in classes and nested."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def body_hash(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The function's name, arguments and body (not its decorators: a mark may be added)."""
    undecorated = copy.copy(function)
    undecorated.decorator_list = []
    return hashlib.sha256(ast.dump(undecorated).encode()).hexdigest()[:12]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--functions", action="store_true", help="one line per function instead of per file")
    options = parser.parse_args()
    files = sorted(TESTS.rglob("*.py"))
    total = Counted(0, 0, 0)
    if not options.functions:
        print(f"{'file':<44} {'tests':>6} {'assert':>7} {'raises':>7}")
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        name = str(path.relative_to(TESTS))
        if options.functions:
            for function in functions(tree):
                one = counted(function)
                print(f"{name}\t{function.name}\t{one.asserts}\t{one.raises}\t{body_hash(function)}")
            continue
        here = counted(tree)
        total = Counted(total.tests + here.tests, total.asserts + here.asserts, total.raises + here.raises)
        if here != Counted(0, 0, 0):
            print(f"{name:<44} {here.tests:>6} {here.asserts:>7} {here.raises:>7}")
    if not options.functions:
        print(f"{'total':<44} {total.tests:>6} {total.asserts:>7} {total.raises:>7}")


if __name__ == "__main__":
    main()
