"""tools/grade.py grades a folder of learner notebooks with pytest."""

import csv
import subprocess
import sys

import nbformat

from tools.notebooks import ROOT

RIGHT = """\
import numpy as np
from scratchnn.exercises import check_sigmoid


def my_sigmoid(Z):
    return 0.5 * (1 + np.tanh(Z / 2)), Z  # never overflows


check_sigmoid(my_sigmoid)
"""
WRONG = RIGHT.replace("0.5 * (1 + np.tanh(Z / 2))", "np.maximum(Z, 0)")
# A result instead of the function: the checker refuses it, and it is graded.
RESULT = RIGHT.replace("check_sigmoid(my_sigmoid)", "check_sigmoid(my_sigmoid(0.0))")


def _notebook(path, source):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, path)


def test_a_folder_of_notebooks_is_graded_into_a_csv(tmp_path):
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    for name, source in [("alice", RIGHT), ("bob", WRONG), ("carol", RESULT)]:
        _notebook(submissions / f"{name}.ipynb", source)
    grades = tmp_path / "scores.csv"
    grades.write_text("left from an earlier run\n")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p",
         "tools.grade", "tools/grade.py", "--notebooks", str(submissions),
         "--grades", str(grades), "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert "2 failed, 1 passed" in run.stdout
    assert "check_sigmoid: sigmoid(0) is 0.5: expected A = [[0.5]]" in run.stdout
    rows = list(csv.reader(grades.read_text().splitlines()))
    assert rows[0] == ["notebook", "checker", "score"]
    scores = {row[0]: (row[1], float(row[2])) for row in rows[1:]}
    assert len(rows) == 4
    assert scores["alice.ipynb"] == ("check_sigmoid", 1.0)
    assert scores["bob.ipynb"][0] == "check_sigmoid"
    assert 0 < scores["bob.ipynb"][1] < 1
    assert scores["carol.ipynb"] == ("check_sigmoid", 0.0)
