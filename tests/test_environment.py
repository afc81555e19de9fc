"""The environments a reader gets outside this repository's .venv.

The notebooks' install cell installs ``scratchnn[book]``, and Binder installs
``binder/requirements.txt``: both must provide what the chapters import, and
Binder must use the pins with which the stored outputs were made.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
PIN = re.compile(r"^([A-Za-z0-9][\w.-]*)==(\S+)$")


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.split("#", 1)[0].strip())
        if match:
            pins[_normalise(match[1])] = match[2]
    return pins


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]


def _names(requirements: list[str]) -> set[str]:
    return {
        _normalise(re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0]) for r in requirements
    }


def _notebook_imports() -> set[str]:
    """Top-level modules imported by the code cells of book/*.ipynb."""
    modules = set()
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            # IPython magics are not Python; the imports never sit on such lines.
            code = "\n".join(
                "" if line.lstrip().startswith(("%", "!")) else line
                for line in source.splitlines()
            )
            tree = ast.parse(code)
            # An import tried under `except ImportError` is optional (CuPy in
            # chapter 14, where a GPU is): the chapter runs without it.
            optional = {
                id(inner)
                for node in ast.walk(tree)
                if isinstance(node, ast.Try)
                and any(
                    isinstance(h.type, ast.Name)
                    and h.type.id in ("ImportError", "ModuleNotFoundError")
                    for h in node.handlers
                )
                for statement in node.body
                for inner in ast.walk(statement)
            }
            for node in ast.walk(tree):
                if id(node) in optional:
                    continue
                if isinstance(node, ast.Import):
                    modules.update(a.name.split(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules.add(node.module.split(".")[0])
    return modules


def test_book_extra_covers_what_the_chapters_import():
    project = _project()
    # The `torch` extra provides PyTorch for the last chapter, whose own
    # second cell installs the CPU build where it is missing (Colab has it).
    provided = _names(project["dependencies"]) | _names(
        project["optional-dependencies"]["book"]
        + project["optional-dependencies"]["torch"]
    )
    distributions = packages_distributions()
    missing = set()
    for module in _notebook_imports() - set(sys.stdlib_module_names) - {"scratchnn"}:
        names = {_normalise(d) for d in distributions.get(module, [module])}
        if not names & provided:
            missing.add(f"{module} ({', '.join(sorted(names))})")
    assert not missing, (
        f"the notebooks import {sorted(missing)}, which neither the package's "
        "dependencies nor its `book` or `torch` extra (pyproject.toml) provide: "
        "add them to "
        "`book`, or the install cell leaves a Colab reader with an ImportError"
    )


def test_progress_extra_draws_a_widget_bar():
    # tqdm.auto falls back to a text bar on stderr (a pink block) without ipywidgets.
    assert {"tqdm", "ipywidgets"} <= _names(
        _project()["optional-dependencies"]["progress"]
    )


def test_book_extra_keeps_the_datasets_extra():
    extras = _project()["optional-dependencies"]
    assert _names(extras["datasets"]) <= _names(extras["book"])


def test_binder_uses_the_pins_of_requirements_txt():
    ours, binder = _pins(ROOT / "requirements.txt"), _pins(BINDER / "requirements.txt")
    runtime = {"numpy", "matplotlib", "scikit-learn", "threadpoolctl", "ipykernel"}
    # What a learner sees in Binder's JupyterLab: exercises and math rendered
    # (jupyterlab-myst, at a JupyterLab it declares itself compatible with)
    # and model(..., progress=True)'s bar as a widget.
    runtime |= {"jupyterlab", "jupyterlab-myst", "tqdm", "ipywidgets"}
    assert runtime <= binder.keys(), (
        f"binder/requirements.txt lacks {runtime - binder.keys()}"
    )
    differ = {
        name: (v, ours.get(name)) for name, v in binder.items() if ours.get(name) != v
    }
    assert not differ, (
        f"binder/requirements.txt pins differ from requirements.txt "
        f"(binder, requirements.txt): {differ}"
    )
    tools = {"jupyter-book", "pytest", "ruff", "selenium", "nbval", "hypothesis"}
    assert not tools & binder.keys(), "Binder needs no build or test tools"


def test_binder_installs_this_repository_with_the_book_extra():
    lines = [
        line.split("#", 1)[0].strip()
        for line in (BINDER / "requirements.txt").read_text().splitlines()
    ]
    assert "-e .[book]" in lines


def test_binder_python_satisfies_requires_python():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert match, f"binder/runtime.txt must read python-3.X, not {runtime!r}"
    floor = re.fullmatch(r">=3\.(\d+)", _project()["requires-python"])
    assert floor and int(match[1]) >= int(floor[1])
