"""Grade a folder of learner notebooks with the book's checkers, with pytest.

Usage::

    python -m pytest -p tools.grade tools/grade.py --notebooks path/to/submissions -q

Each ``*.ipynb`` of the folder is executed with nbclient (cell errors
allowed, 120 s per cell); every checker it calls records its
:meth:`~scratchnn.exercises.CheckResult.to_dict` in a JSON line that the
notebook's kernel prints, and each submission is one test whose failure
lists the failed cases. ``--grades FILE`` writes the scores as CSV: a
header ``notebook,checker,score``, then one row per checker call, its score
the share of cases passed (0.000 to 1.000); a notebook that calls no
checker gets one row with an empty checker and score 0.000. ``-p
tools.grade`` loads this file as a pytest plugin too, so that its options
exist; nothing else is installed.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

MARK = "SCRATCHNN-GRADE "
# Run first in each notebook's kernel: every public checker is wrapped so
# that its result is printed as a JSON line as well, whatever the cell does
# with it (even when the learner passed a result instead of a function).
PROLOGUE = f"""
import functools as _functools
import json as _json
import scratchnn.exercises as _exercises
def _recording(check):
    @_functools.wraps(check)
    def wrapper(*args, **kwargs):
        result = check(*args, **kwargs)
        print({MARK!r} + _json.dumps(result.to_dict()), flush=True)
        return result
    return wrapper
for _name in _exercises.__all__:
    if _name.startswith("check_"):
        setattr(_exercises, _name, _recording(getattr(_exercises, _name)))
"""


def grade(path: Path, timeout: int = 120) -> list[dict]:
    """Execute the notebook at ``path``; the records of its checkers.

    A notebook that stops before its end (a cell past ``timeout`` seconds, a
    dead kernel) gets one more record, ``"check": "notebook"``, of score 0,
    whose case says why.
    """
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(PROLOGUE))
    client = NotebookClient(
        nb,
        timeout=timeout,
        allow_errors=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    stopped = ""
    try:
        client.execute()
    except Exception as error:  # noqa: BLE001 - reported as a record
        stopped = f"{type(error).__name__}: {str(error).strip().splitlines()[-1:]}"
    records = []
    for cell in nb.cells:
        # A long line may come in several stream chunks: join them first.
        text = "".join(
            output.get("text", "")
            for output in cell.get("outputs", [])
            if output.get("output_type") == "stream"
        )
        for line in text.splitlines():
            if line.startswith(MARK):
                records.append(json.loads(line[len(MARK) :]))
    if stopped:
        case = {"name": "the notebook runs to its end", "passed": False}
        case |= {"message": stopped, "hint": "", "output": ""}
        records.append(
            {"check": "notebook", "passed": False, "score": 0.0, "n_passed": 0}
            | {"n_cases": 1, "cases": [case]}
        )
    return records


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--notebooks", default="submissions", help="folder of notebooks")
    parser.addoption("--grades", default="", help="write the scores to this CSV")


def pytest_configure(config: pytest.Config) -> None:
    """Start the CSV afresh, with its header, once per run."""
    grades = config.getoption("--grades", default="")
    if grades and not getattr(config, "_scratchnn_grades", False):
        config._scratchnn_grades = True  # type: ignore[attr-defined]
        with open(grades, "w", newline="") as file:
            csv.writer(file).writerow(["notebook", "checker", "score"])


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # This module is both the plugin (-p tools.grade) and the test file, so
    # the hook runs twice for one test: parametrize once.
    if "submission" in metafunc.fixturenames and not hasattr(metafunc, "_graded"):
        metafunc._graded = True  # type: ignore[attr-defined]
        folder = Path(metafunc.config.getoption("--notebooks"))
        paths = sorted(folder.glob("*.ipynb"))
        metafunc.parametrize("submission", paths, ids=[p.stem for p in paths])


def test_submission(submission: Path, request: pytest.FixtureRequest) -> None:
    records = grade(submission)
    grades = request.config.getoption("--grades")
    if grades:
        rows = [[submission.name, r["check"], f"{r['score']:.3f}"] for r in records]
        with open(grades, "a", newline="") as file:
            csv.writer(file).writerows(rows or [[submission.name, "", "0.000"]])
    failed = [
        f"{record['check']}: {case['name']}: {case['message']}"
        for record in records
        for case in record["cases"]
        if not case["passed"]
    ]
    assert records, f"{submission.name} calls no checker"
    assert not failed, "\n".join(failed)
