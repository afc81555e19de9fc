"""The student edition (make workbook): stubs fail their checkers, solutions pass."""

import ast
import contextlib
import importlib.util
import io
import re

import nbformat
import numpy as np
import pytest

import scratchnn
from tools.workbook import ROLES, main, plain_markdown, write_workbook


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("workbook")
    return out, write_workbook(out)


#: The chapters that import PyTorch before their exercises.
NEEDS_TORCH = {"15_pytorch.ipynb"}


def _namespace(notebook=""):
    """What a chapter has imported before its exercises."""
    namespace = {"np": np, "snn": scratchnn}
    exec("from scratchnn import *", namespace)
    if notebook in NEEDS_TORCH:
        exec("import torch", namespace)
    return namespace


def _run(code, namespace=None):
    """Run ``code`` as a notebook cell would; the checker results it made."""
    namespace = _namespace() if namespace is None else namespace
    namespace.pop("result", None)
    tree = ast.parse(code)
    if isinstance(tree.body[-1], ast.Expr):  # a bare checker call, as a cell ends
        last = tree.body[-1]
        tree.body[-1] = ast.Assign([ast.Name("result", ast.Store())], last.value)
        ast.fix_missing_locations(tree)
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(tree, "<solution>", "exec"), namespace)
    return [v for v in namespace.values() if type(v).__name__ == "CheckResult"]


def _checked(built):
    return [s for s in built[1] if "check_" in s.stub]


def test_every_notebook_is_written_without_outputs_or_solutions(built):
    out, solutions = built
    assert len(list(out.glob("*.ipynb"))) >= 14
    for path in out.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            assert "{solution-start}" not in cell.source
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
    assert len(_checked(built)) >= 20


def test_each_stub_fails_its_checker_and_each_solution_passes(built):
    # A notebook's solutions run in order in one namespace: a later one may
    # call an earlier one's function, as in the notebook.
    namespaces = {}
    for solution in _checked(built):
        if solution.notebook in NEEDS_TORCH and not importlib.util.find_spec("torch"):
            continue  # PyTorch is installed on Python 3.11 only (requirements.txt)
        assert "# your code here" in solution.stub, solution.label
        stub_results = _run(solution.stub, _namespace(solution.notebook))
        assert stub_results and not any(stub_results), solution.label
        namespace = namespaces.setdefault(
            solution.notebook, _namespace(solution.notebook)
        )
        assert all(_run(solution.checked, namespace)), solution.label


def test_main_reports_what_it_wrote(tmp_path, capsys):
    assert main(["--out", str(tmp_path)]) == 0
    assert "solutions replaced" in capsys.readouterr().out


# What a learner sees in a plain JupyterLab (no jupyterlab-myst extension).

_RAW = re.compile(
    r"^\s*(`{3,}|:{3,})\{[\w-]+\}|^\s*:[\w-]+:|(?<![\w$])\{("
    + "|".join(ROLES)
    + r")\}`",
    re.M,
)


def test_no_myst_directive_or_role_is_left_raw(built):
    out, _ = built
    raw = []
    for path in sorted(out.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and _RAW.search(cell.source):
                raw.append((path.name, _RAW.search(cell.source)[0]))
    assert raw == []


def test_an_exercise_keeps_its_statement_label_and_math(built):
    out, _ = built
    cells = nbformat.read(out / "01_init.ipynb", as_version=4).cells
    exercise = next(c.source for c in cells if "(ex-init-1)" in c.source)
    assert "\n\n**Exercise** (ex-init-1)\n\nWrite your own" in exercise
    assert r"$\sqrt{n^{[l-1]}}$" in exercise
    assert "{exercise}" not in exercise and ":label:" not in exercise


def test_plain_markdown_turns_directives_and_roles_into_markdown():
    source = (
        "See the {ref}`notation table <notation>` and {math}`x^2`.\n"
        "(target)=\n"
        "```{admonition} What you need\n:class: note\n- numpy\n```\n"
        "````{exercise}\n:label: ex-1\n\nWrite it:\n\n```python\nf()\n```\n````\n"
        "```{solution} ex-1\n:class: dropdown\n\nThe answer.\n```\n"
        "Code such as `W{l}` stays."
    )
    assert plain_markdown(source) == (
        "See the notation table and $x^2$.\n"
        "> **What you need**\n>\n> - numpy\n"
        "**Exercise** (ex-1)\n\nWrite it:\n\n```python\nf()\n```\n"
        "Code such as `W{l}` stays."
    )


def test_each_function_is_stubbed_once(built):
    for solution in built[1]:
        names = re.findall(r"^def (\w+)\(", solution.stub, re.M)
        assert len(names) == len(set(names)), (solution.label, names)
        calls = [line for line in solution.stub.splitlines() if "= check_" in line]
        assert len(calls) == len(set(calls)), solution.label
    sigmoid = next(s for s in built[1] if s.label == "ex-sigmoid-1")
    assert sigmoid.stub.count("def my_sigmoid(") == 1


def test_pen_and_paper_exercises_get_no_code_cell(built):
    out, solutions = built
    labels = {s.label for s in solutions}
    assert not {"ex-init-2", "ex-11-4", "ex-12-3"} & labels
    cells = nbformat.read(out / "01_init.ipynb", as_version=4).cells
    at = next(i for i, c in enumerate(cells) if "(ex-init-2)" in c.source)
    assert cells[at + 1].cell_type == "markdown"


def test_the_command_line_has_help_and_out(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "--out DIR" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
    assert main(["--out", str(tmp_path / "wb")]) == 0
    assert len(list((tmp_path / "wb").glob("*.ipynb"))) >= 14
    with pytest.raises(SystemExit):
        main(["somewhere"])  # a bare folder is refused, not written into
