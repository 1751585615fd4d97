"""The shape of `src/`: no import cycle, and the layers' contracts (pyproject.toml, `lint-imports`) hold.

`make test` and `make lint` run `lint-imports`, which checks the contracts statically; the cycle test is
here because import-linter has no contract for cycles within a layer.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import grimp

from tests.common import ROOT

KNOWN_CYCLES: set[frozenset[str]] = set()
"""Cycles being removed elsewhere, if any: the test fails when a listed cycle is gone, so the allowance is
removed with it (store <-> storage was the last; the byte primitives now sit below both, in `rawio`)."""


def cycles(imports: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()
    for root in sorted(imports):
        if root in index:
            continue
        work: list[tuple[str, Iterable[str]]] = [(root, iter(sorted(imports[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(iter(children), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(imports.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.add(frozenset(component))
    return found


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert cycles(graph) == {frozenset({"a", "b", "c"})}


def test_no_import_cycle_in_src() -> None:
    graph = grimp.build_graph("pledge_tui")
    imports = {module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules}
    found = cycles(imports)
    assert found - KNOWN_CYCLES == set(), "import cycles: " + "; ".join(" <-> ".join(sorted(c)) for c in found)
    assert found >= KNOWN_CYCLES, "a known cycle is gone: remove it from KNOWN_CYCLES"


def test_the_import_contracts_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "3 kept, 0 broken" in result.stdout


def test_no_test_module_imports_another() -> None:
    """Shared test code lives in helper modules (tests/common.py, app_helpers.py, ...), never in a test
    module another one imports: a test module is collected once, and its helpers are found where they are
    named (issue 26 item 5). Read with `ast`, so a commented import does not count and a local one does."""
    import ast

    modules = sorted((ROOT / "tests").glob("test_*.py"))
    assert len(modules) > 50
    found = []
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([f"{node.module}.{alias.name}" for alias in node.names] if isinstance(node, ast.ImportFrom)
                     else [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
            found += [f"{path.name} imports {name}" for name in names if name.startswith("tests.test_")]
    assert found == []
