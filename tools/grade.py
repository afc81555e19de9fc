"""Grade a folder of learner notebooks with the book's checkers, with pytest.

Usage::

    python -m pytest -p tools.grade tools/grade.py --notebooks path/to/submissions -q

Each ``*.ipynb`` of the folder is executed with nbclient (cell errors
allowed, 120 s per cell); every checker it calls records its
:meth:`~scratchnn.exercises.CheckResult.to_dict` in a JSON line that the
notebook's kernel prints, and each submission is one test whose failure
lists the failed cases. ``--grades FILE`` writes the scores as CSV
(notebook, checker, score). ``-p tools.grade`` loads this file as a pytest
plugin too, so that its options exist; nothing else is installed.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

MARK = "SCRATCHNN-GRADE "
# Run first in each notebook's kernel: every checker's result is printed
# as a JSON line as well, whatever the cell does with it.
PROLOGUE = f"""
import json as _json
import scratchnn.exercises._runner as _runner
_run_check = _runner._run_check
def _recording(*args, **kwargs):
    result = _run_check(*args, **kwargs)
    print({MARK!r} + _json.dumps(result.to_dict()))
    return result
_runner._run_check = _recording
for _module in list(__import__("sys").modules.values()):
    if getattr(_module, "__name__", "").startswith("scratchnn.exercises."):
        if getattr(_module, "_run_check", None) is _run_check:
            _module._run_check = _recording
"""


def grade(path: Path, timeout: int = 120) -> list[dict]:
    """Execute the notebook at ``path``; the records of its checkers."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(PROLOGUE))
    NotebookClient(
        nb,
        timeout=timeout,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    records = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for line in output.get("text", "").splitlines():
                if line.startswith(MARK):
                    records.append(json.loads(line[len(MARK) :]))
    return records


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--notebooks", default="submissions", help="folder of notebooks")
    parser.addoption("--grades", default="", help="write the scores to this CSV")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "submission" in metafunc.fixturenames:
        folder = Path(metafunc.config.getoption("--notebooks"))
        paths = sorted(folder.glob("*.ipynb"))
        metafunc.parametrize("submission", paths, ids=[p.stem for p in paths])


def test_submission(submission: Path, request: pytest.FixtureRequest) -> None:
    records = grade(submission)
    grades = request.config.getoption("--grades")
    if grades:
        with open(grades, "a", newline="") as file:
            for record in records:
                csv.writer(file).writerow(
                    [submission.name, record["check"], record["score"]]
                )
    failed = [
        f"{record['check']}: {case['name']}: {case['message']}"
        for record in records
        for case in record["cases"]
        if not case["passed"]
    ]
    assert records, f"{submission.name} calls no checker"
    assert not failed, "\n".join(failed)
