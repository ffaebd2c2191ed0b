"""The import graph of engine/, api/ and cli/: no circles and no upward arrows.

Every import counts, also those under ``if TYPE_CHECKING:`` and inside functions: a circle
hidden from the interpreter is still a circle for a reader. Layers: specs/ -> engine/ ->
api/ and cli/; the program vocabulary (engine.programs) is pure Python.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.config import PROJECT_ROOT

PACKAGES = ("engine", "api", "cli")

# (importer prefix, imported prefix, why it is forbidden)
FORBIDDEN = [
    ("engine", "api", "engine/ never imports the HTTP layer"),
    ("engine", "cli", "engine/ never imports the command line"),
    ("engine", "falcon", "engine/ never imports falcon"),
    ("api", "engine.db", "api/ only translates HTTP: no SQL, no ORM rows"),
    ("api", "sqlalchemy", "api/ only translates HTTP: no SQL"),
    ("api", "cli", "api/ never imports the command line"),
    ("engine.programs", "sqlalchemy", "the program vocabulary is pure"),
]
# engine.programs may import, within engine, only itself, the spec-file reader and the paths of config.
PURE_PROGRAMS_MAY_IMPORT = ("engine.programs", "engine.spec_files", "engine.spec_messages", "engine.config")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((PROJECT_ROOT / package).rglob("*.py"))}


def imported_names(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """Every module ``name`` imports (a ``from X import y`` of a submodule y counts as X.y)."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield submodule if submodule in known else base


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: set(imported_names(name, path, known)) - {name} for name, path in found.items()}


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in edges:
                continue  # outside the three packages
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def edges() -> dict[str, set[str]]:
    return graph()


def test_the_graph_is_read(edges):
    assert {"engine.service", "engine.bus", "api.app", "cli.main"} <= set(edges)
    assert "engine.bus" in edges["engine.service"]


def test_no_module_imports_itself_through_others(edges):
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_arrow_points_up(edges):
    upward = [
        f"{source} imports {target}: {why}"
        for source, targets in sorted(edges.items())
        for target in sorted(targets)
        for importer, imported, why in FORBIDDEN
        if within(source, importer) and within(target, imported)
    ]
    assert upward == []


def test_the_program_vocabulary_imports_nothing_of_the_engine_around_it(edges):
    outside = [
        f"{source} imports {target}"
        for source, targets in sorted(edges.items())
        if within(source, "engine.programs")
        for target in sorted(targets)
        if within(target, "engine") and not any(within(target, allowed) for allowed in PURE_PROGRAMS_MAY_IMPORT)
    ]
    assert outside == []
