"""The package's import graph: a leaf of checks, no cycle, part 1 before part 2.

Read from the source with ``ast``, so that an import inside a function counts
as much as one at the top: a cycle dodged by a late import is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "scratchnn"

#: The checking layer: it imports nothing of the package.
LEAF = "scratchnn._checks"

#: The steps of chapters 1 to 6: the plain algorithm. ``model`` (chapter 7)
#: assembles part 2's pieces and may import them.
PART_1 = {
    f"scratchnn.{name}"
    for name in ("init", "activations", "forward", "cost", "backprop", "update")
}

#: What a part-1 step may import from the package besides other part-1 steps.
BELOW_PART_1 = {LEAF, "scratchnn.network"}

#: Part-1 steps that import part 2: none since 0.3.0, when dropout, L2,
#: in-place updates, dtypes and devices left the steps for part 2's modules.
#: Kept (empty) so that an exception would have to be written down here.
KNOWN_PART_2_IMPORTS: set[tuple[str, str]] = set()


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path) -> tuple[dict[str, set[str]], list[str]]:
    """The package's modules and whom each imports, and the imports of the
    package made inside a function (as ``"module:line"``)."""
    package = root.name
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    graph: dict[str, set[str]] = {name: set() for name in files}
    late: list[str] = []
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        inside = _nodes_inside_functions(tree)
        for node in ast.walk(tree):
            targets = _imported(node, name, is_package, package, files)
            for target in targets:
                graph[name].add(target)
                # The package's __getattr__ loads the figures (and matplotlib)
                # on first use (PEP 562): a deferred load, not a dodged cycle.
                if node in inside and name != package:
                    late.append(f"{name}:{node.lineno} imports {target}")
    return graph, late


def _nodes_inside_functions(tree: ast.AST) -> set[ast.AST]:
    inside: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside.update(n for n in ast.walk(node) if n is not node)
    return inside


def _imported(node, name, is_package, package, files) -> set[str]:
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name.split(".")[0] == package}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level:
        base = name.split(".")
        base = base if is_package else base[:-1]
        base = base[: len(base) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    if module.split(".")[0] != package:
        return set()
    found = set()
    for alias in node.names:  # from . import plotting: the submodule itself
        sub = f"{module}.{alias.name}"
        found.add(sub if sub in files else module)
    return {m for m in found if m in files}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (or one that
    imports itself), each as a sorted list: Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph[v]:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def _without_the_package_init(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    # scratchnn/__init__.py re-exports every module; a module never imports
    # it (checked below), so it closes no cycle and is left out of the walk.
    return {k: v - {"scratchnn"} for k, v in graph.items() if k != "scratchnn"}


GRAPH, LATE = import_graph(ROOT)


def test_no_module_imports_the_package_itself():
    offenders = sorted(
        k for k, v in GRAPH.items() if "scratchnn" in v and k != "scratchnn"
    )
    assert not offenders, f"these import scratchnn/__init__.py: {offenders}"


def test_there_is_no_import_cycle():
    found = cycles(_without_the_package_init(GRAPH))
    assert not found, f"import cycles: {found}"


def test_no_import_of_the_package_inside_a_function():
    """A late import is how a cycle hides; third-party ones (tqdm,
    scikit-learn, IPython) may load late, they are optional."""
    assert not LATE, "imports inside functions: " + "; ".join(LATE)


def test_the_checking_layer_is_a_leaf():
    assert LEAF in GRAPH
    assert not GRAPH[LEAF], f"{LEAF} imports {sorted(GRAPH[LEAF])}"


def part_2_imports(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """The imports from a part-1 step into anything but part 1 and the
    modules below it."""
    return {
        (step, target)
        for step in PART_1
        for target in graph.get(step, set())
        if target not in PART_1 | BELOW_PART_1
    }


def test_part_1_steps_import_no_part_2_module_but_the_known_ones():
    edges = part_2_imports(GRAPH)
    assert edges <= KNOWN_PART_2_IMPORTS, f"new: {sorted(edges - KNOWN_PART_2_IMPORTS)}"
    gone = sorted(KNOWN_PART_2_IMPORTS - edges)
    assert not gone, f"gone, remove from KNOWN_PART_2_IMPORTS: {gone}"


def test_the_benchmarks_use_only_public_api():
    root = ROOT.parent / "benchmarks"
    private = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "scratchnn"
            ):
                module = node.module.split(".")
                names = [a.name for a in node.names]
                if any(p.startswith("_") for p in module + names):
                    private.append(f"{path.name}:{node.lineno}")
    assert not private, f"private scratchnn imports: {private}"


# --- the walker itself, on planted packages


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "scratchnn"
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


def test_a_planted_cycle_is_found(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "from .a import f\n",
        "a.py": "from .b import g\n",
        "b.py": "def g():\n    from .a import f\n",
    })  # fmt: skip
    graph, late = import_graph(root)
    assert cycles(_without_the_package_init(graph)) == [["scratchnn.a", "scratchnn.b"]]
    assert late == ["scratchnn.b:2 imports scratchnn.a"]


@pytest.mark.parametrize(
    "source, target",
    [
        ("from .. import forward\n", "scratchnn.forward"),
        ("from ..forward import f\n", "scratchnn.forward"),
        ("import scratchnn.forward\n", "scratchnn.forward"),
        ("from scratchnn import forward\n", "scratchnn.forward"),
    ],
)
def test_each_spelling_of_an_import_is_an_edge(tmp_path, source, target):
    root = _package(tmp_path, {
        "__init__.py": "", "forward.py": "", "sub/__init__.py": "",
        "sub/leaf.py": source,
    })  # fmt: skip
    graph, _ = import_graph(root)
    assert graph["scratchnn.sub.leaf"] == {target}


def test_a_planted_part_2_import_in_a_part_1_step_is_found(tmp_path):
    """The check above on a package whose forward pass imports dropout."""
    root = _package(tmp_path, {
        "__init__.py": "", "_checks.py": "", "network.py": "",
        "activations.py": "from ._checks import lookup\n",
        "forward.py": "from .activations import ACTIVATIONS\n"
                      "from .regularization import dropout_mask\n",
        "regularization.py": "from .forward import linear_forward\n",
    })  # fmt: skip
    graph, _ = import_graph(root)
    assert part_2_imports(graph) == {("scratchnn.forward", "scratchnn.regularization")}
    assert part_2_imports(graph) - KNOWN_PART_2_IMPORTS  # the test above fails
