"""The package's shape, as docs/architecture.md draws it, checked from the imports.

Every ``import`` of rung's own modules is read with ``ast`` (lazy imports inside
functions included, since they run too): no cycle between modules, no folder
importing one on a higher floor, a short root, and small modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from paths import REPO

PACKAGE = REPO / "tooling" / "rung"

# The floors, lowest first.  A module may import its own folder and any lower floor;
# folders on one floor never import each other (capabilities do not reach into each
# other's insides).  docs/architecture.md explains each.
FLOORS: tuple[frozenset[str], ...] = (
    frozenset({"<package>", "problems", "classes", "patterns"}),
    frozenset({"loaders"}),
    frozenset({"ladder"}),
    frozenset({"model"}),
    frozenset({"record"}),
    frozenset({"committee"}),
    frozenset({"validate"}),
    frozenset({"evidence", "edit", "init", "ladder_import", "scorecard", "steps"}),
    frozenset({"render", "verdict"}),
    frozenset({"cycle"}),
    frozenset({"github"}),
    frozenset({"commands", "extras"}),
    frozenset({"cli", "__main__"}),
)
FLOOR = {room: floor for floor, rooms in enumerate(FLOORS) for room in rooms}
MAX_ROOT_MODULES = 10
MAX_LINES = 350


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "rung" or node.module.startswith("rung."):
                for alias in node.names:
                    target = _resolve(f"{node.module}.{alias.name}")
                    found.add(target or node.module)
        elif isinstance(node, ast.Import):
            found |= {_resolve(a.name) or a.name for a in node.names if a.name.startswith("rung.")}
    return found


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def room(module: str) -> str:
    """The folder a module lives in, or its own name for a module at the package root."""
    parts = module.split(".")
    if len(parts) == 1:
        return "<package>"
    return parts[1]


def test_the_root_holds_only_a_few_modules() -> None:
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(root) <= MAX_ROOT_MODULES, root


def test_every_folder_is_on_a_floor_and_says_what_it_owns() -> None:
    for name, path in MODULES.items():
        assert room(name) in FLOOR, f"{name}: add its folder to FLOORS and docs/architecture.md"
        if path.name == "__init__.py" and name != "rung" and name.count(".") == 1:
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            assert doc, f"{path}: say what the folder owns and what it may import"


def test_no_import_goes_up_a_floor_or_across_one() -> None:
    wrong = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if room(target) != room(module)
        and (
            FLOOR[room(target)] > FLOOR[room(module)]
            or (
                FLOOR[room(target)] == FLOOR[room(module)]
                and FLOOR[room(module)] not in (0, FLOOR["commands"], FLOOR["cli"])
            )
        )
    ]
    assert wrong == []


def _cycles() -> list[list[str]]:
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
        for target in sorted(GRAPH[node]):
            if target not in GRAPH:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    assert _cycles() == []


def test_the_checks_above_can_fail() -> None:
    """The cycle finder and the floor check see a planted cycle and an upward import."""
    GRAPH["rung.problems"].add("rung.loaders.yamlload")
    try:
        assert any("rung.problems" in cycle for cycle in _cycles())
    finally:
        GRAPH["rung.problems"].discard("rung.loaders.yamlload")
    assert FLOOR[room("rung.loaders.yamlload")] > FLOOR[room("rung.problems")]


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_module_is_long(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name}: {lines} lines; give it a folder or split it"
