"""The shape of the code: no function over 80 lines, no import cycles between modules.

Both walk the source with `ast`; nothing is imported or run.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "mijlpaal"
MAX_LINES = 80


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _long_functions() -> set[str]:
    """Top-level functions and methods (their nested functions included) over MAX_LINES."""
    long: set[str] = set()
    for name, path in MODULES.items():
        if path.name == "demo.py":
            continue  # demo data: a story written out line by line
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = [*tree.body]
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                nodes += node.body
        for node in nodes:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                if node.end_lineno - node.lineno + 1 > MAX_LINES:
                    long.add(f"{name}.{node.name}")
    return long


def _resolve(module: str, imported: str | None, names: list[str], level: int) -> set[str]:
    """The project modules that `from <imported> import <names>` in `module` reads."""
    if level:  # relative: from the module's package, one level up per extra dot
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        for _up in range(level - 1):
            package = package.rpartition(".")[0]
        imported = f"{package}.{imported}" if imported else package
    prefix = imported or ""
    targets = {f"{prefix}.{name}" for name in names if f"{prefix}.{name}" in MODULES}
    if prefix in MODULES and len(targets) < len(names):
        targets.add(prefix)  # names defined in the module (or package) itself
    return targets


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports, at the top or inside a function."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in MODULES:
                        graph[name].add(alias.name)
            elif isinstance(node, ast.ImportFrom):
                names = [alias.name for alias in node.names]
                graph[name] |= _resolve(name, node.module, names, node.level)
        graph[name].discard(name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_sees_real_imports() -> None:
    graph = import_graph()
    assert "mijlpaal.plans.models" in graph["mijlpaal.plans.services"]
    assert "mijlpaal.planning.calendar" in graph["mijlpaal.planning.scheduler"]


def test_a_cycle_is_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles_between_modules() -> None:
    assert cycles(import_graph()) == []


def test_no_function_is_longer_than_80_lines() -> None:
    assert sorted(_long_functions()) == []
