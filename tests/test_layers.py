"""The package's layers: imports only go down, and no module takes part in an import cycle.

The graph is built from every ``import`` in the source (those inside functions and under
``TYPE_CHECKING`` too), so a deferred import cannot hide an upward arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import corridors

PACKAGE = Path(corridors.__file__).parent
# lowest first; the package's own __init__ (the curated API) sits on top of everything
LAYERS = ["base", "data", "model", "analysis", "render", "cli", "api"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    if module == "corridors" or parts[1:2] == ["__main__"]:
        return "api"
    return parts[1] if len(parts) > 2 or parts[1] in LAYERS else "base"


def _imports(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("corridors")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("corridors"):
                found.add(target)
                found |= {f"{target}.{a.name}" for a in node.names}
    return found


def import_graph() -> nx.DiGraph:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(files)
    for module, path in files.items():
        for target in _imports(path, module):
            while target and target not in files:  # "from corridors.data import io" names a module
                target = target.rpartition(".")[0]
            if target and target != module and not module.startswith(target + "."):
                if target == "corridors" and module != "corridors":
                    graph.add_edge(module, target)
                elif target != "corridors":
                    graph.add_edge(module, target)
    return graph


def test_the_package_is_laid_out_in_layers():
    modules = set(import_graph())
    for layer in ("data", "model", "analysis", "render", "cli"):
        assert any(m.startswith(f"corridors.{layer}.") for m in modules), f"no modules in corridors/{layer}/"


def test_no_import_cycles():
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == [], f"import cycles: {cycles}"


def test_imports_only_go_down():
    upward = []
    for a, b in import_graph().edges:
        if LAYERS.index(_layer(a)) < LAYERS.index(_layer(b)):
            upward.append(f"{a} -> {b}")
    assert upward == [], "imports that go up a layer:\n" + "\n".join(sorted(upward))


def test_no_function_shares_its_name_with_its_module():
    clashes = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        if path.stem in names:
            clashes.append(_module_name(path))
    assert clashes == []
