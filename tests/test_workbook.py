"""The student edition (make workbook): stubs fail their checkers, solutions pass."""

import ast
import contextlib
import io

import nbformat
import numpy as np
import pytest

import scratchnn
from tools.workbook import main, write_workbook


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("workbook")
    return out, write_workbook(out)


def _namespace():
    """What a chapter has imported before its exercises."""
    namespace = {"np": np, "snn": scratchnn}
    exec("from scratchnn import *", namespace)
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
        assert "# your code here" in solution.stub, solution.label
        stub_results = _run(solution.stub)
        assert stub_results and not any(stub_results), solution.label
        namespace = namespaces.setdefault(solution.notebook, _namespace())
        assert all(_run(solution.checked, namespace)), solution.label


def test_main_reports_what_it_wrote(tmp_path, capsys):
    assert main([str(tmp_path)]) == 0
    assert "solutions replaced" in capsys.readouterr().out
