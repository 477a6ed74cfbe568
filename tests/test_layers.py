"""The library's layers, read from the source (ast): features depend on core, never on each other, and
no module imports itself back through others, whether its imports are at the top or inside functions.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import activations

PACKAGE = Path(activations.__file__).parent
FEATURES = ("explorer", "softmax", "speed", "training")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str) -> Iterator[str]:
    """Every module of ``activations`` that module ``name`` imports, anywhere in its body: ``from
    activations.training import lab`` names ``activations.training.lab``, ``from activations.core.registry
    import get`` names ``activations.core.registry``."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:
                    yield f"{base}.{alias.name}"
                elif base in MODULES:
                    yield base


GRAPH = {name: set(imported(name)) - {name} for name in MODULES}


def feature(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in FEATURES else None


def test_the_import_reader_sees_top_level_and_function_level_imports():
    assert "activations.core.registry" in GRAPH["activations.training.units"]
    assert "activations.training.lab" in GRAPH["activations.training.worker_process"]
    assert "activations.training.cli" not in GRAPH["activations.__main__"]  # by name, via importlib
    assert len(MODULES) > 40 and all(feature(f"activations.{name}.x") == name for name in FEATURES)


def test_no_feature_package_imports_another():
    crossing = sorted(
        (name, feature(target))
        for name, targets in GRAPH.items()
        for target in targets
        if feature(name) and feature(target) and feature(target) != feature(name)
    )
    assert crossing == []


def test_no_module_imports_itself_back():
    cycles = []
    state: dict[str, str] = {}  # "open" while on the path, "done" after

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for target in sorted(GRAPH[name]):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert cycles == []
