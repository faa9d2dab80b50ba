"""Print the import graph of a corridors source tree: modules, arrows, cycles (every import, those inside
functions too). Usage: ``python -m tools.import_graph [TREE]`` (default: this repository)."""
import ast, sys, pathlib
import networkx as nx
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[1]) / "corridors"
def name(p):
    parts = p.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
files = {name(p): p for p in root.rglob("*.py")}
g = nx.DiGraph(); g.add_nodes_from(files)
for m, p in files.items():
    pkg = m if p.name == "__init__.py" else m.rpartition(".")[0]
    for n in ast.walk(ast.parse(p.read_text())):
        targets = []
        if isinstance(n, ast.Import):
            targets = [a.name for a in n.names]
        elif isinstance(n, ast.ImportFrom) and (n.module or "").startswith("corridors"):
            targets = [n.module] + [f"{n.module}.{a.name}" for a in n.names]
        for t in targets:
            while t and t not in files: t = t.rpartition(".")[0]
            if t and t != m and t != "corridors" and not m.startswith(t + "."): g.add_edge(m, t)
cycles = list(nx.simple_cycles(g))
sccs = [c for c in nx.strongly_connected_components(g) if len(c) > 1]
print(f"{g.number_of_nodes()} modules, {g.number_of_edges()} arrows, {len(cycles)} elementary cycles, "
      f"{len(sccs)} strongly connected groups: {[sorted(s) for s in sccs]}")
