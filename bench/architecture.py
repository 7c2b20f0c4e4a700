"""Figures about the shape of the code: links between apps, cycles, module and function sizes.

Run: .venv/bin/python bench/architecture.py

Counted from the source with `ast`, outside tests and migrations. A link is an
ordered pair of apps where the first imports the second (at any depth inside the
module). Cycles are the strongly connected groups of apps with more than one app.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "kindred"
LONG_FUNCTION = 30
# Modules that are mostly product text (practice modules, question bank, demo people).
CONTENT = {"development/modules.py", "guides/bank.py", "demo/people.py", "guides/tips.py"}


def source_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path.name != "conftest.py"
    )


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "kindred":
        return None
    if parts[1] == "engines" and len(parts) > 2:
        return f"engines.{parts[2]}"
    return parts[1]


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under `if TYPE_CHECKING:` (a name used only in
    annotations makes no dependency, as import-linter is told too)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for part in node.body for inner in ast.walk(part))
    return [node for node in ast.walk(tree) if id(node) not in skipped]


def imported_modules(tree: ast.AST, own: str) -> set[str]:
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.update(_from_target(node, own))
    return found


def _from_target(node: ast.ImportFrom, own: str) -> list[str]:
    base = node.module or ""
    if node.level:
        package = own.split(".")[: -node.level]
        base = ".".join([*package, base] if base else package)
    return [f"{base}.{alias.name}" for alias in node.names] + [base]


def links(files: list[Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in files:
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        own = app_of(module)
        if own is None or "." not in module.removeprefix("kindred."):
            continue
        for target in imported_modules(ast.parse(path.read_text()), module):
            other = app_of(target)
            if other and other != own and (ROOT / other.replace(".", "/")).is_dir():
                graph[own].add(other)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one member."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def function_lengths(files: list[Path]) -> list[tuple[int, str]]:
    lengths = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                lengths.append((size, f"{path.relative_to(ROOT)}:{node.name}"))
    return sorted(lengths, reverse=True)


def main() -> None:
    sys.setrecursionlimit(10_000)
    files = source_files()
    graph = links(files)
    pairs = sum(len(targets) for targets in graph.values())
    mutual = {
        tuple(sorted((a, b)))
        for a, targets in graph.items()
        for b in targets
        if a in graph.get(b, ())
    }
    sizes = sorted(
        ((len(p.read_text().splitlines()), str(p.relative_to(ROOT))) for p in files), reverse=True
    )
    code_sizes = [item for item in sizes if item[1] not in CONTENT]
    functions = function_lengths(files)
    long_functions = [item for item in functions if item[0] > LONG_FUNCTION]
    print(f"links between apps: {pairs}")
    print(f"pairs importing each other: {len(mutual)}")
    for group in cycles(graph):
        print(f"cycle of {len(group)} apps: {', '.join(group)}")
    print(f"longest module (outside content): {code_sizes[0][1]} {code_sizes[0][0]} lines")
    over = [name for size, name in code_sizes if size > 400]
    print(f"modules over 400 lines (outside content): {len(over)} {', '.join(over)}")
    print(f"functions: {len(functions)}, over {LONG_FUNCTION} lines: {len(long_functions)}")
    for size, name in long_functions:
        print(f"  {size:4d} {name}")


if __name__ == "__main__":
    main()
