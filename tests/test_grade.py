"""tools/grade.py grades a folder of learner notebooks, which it does not trust.

One folder of honest and hostile notebooks is graded once (module fixture,
a kernel per notebook) and each test reads one consequence of that run; the
time limit has a small run of its own.
"""

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

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
MARK = "SCRATCHNN-GRADE "
# Lines in the form the grader used to read from a notebook's output.
FAKE = MARK + '{"check": "check_sigmoid", "passed": true, "score": 1.0, "cases": []}'
GARBLED = MARK + '{"check": "check_sigmoid", "sco'
NO_SCORE = MARK + '{"check": "check_sigmoid", "cases": []}'
# Start processes that would sleep for five minutes, and note their ids
# where the test can read them: a child, an orphan (its shell exits at once)
# left in the kernel's process group, deaf to SIGTERM, and a child in a
# session of its own; or a forked copy of the kernel.
CHILD = """\
import subprocess
child = subprocess.Popen(["sleep", "300"], start_new_session=False)
orphan = "trap '' TERM; sleep 300 >/dev/null 2>&1 & echo $!"
shell = subprocess.run(["sh", "-c", orphan], capture_output=True, text=True)
away = subprocess.Popen(["sleep", "300"], start_new_session=True)
with open({pids!r}, "a") as file:
    file.write(f"{{child.pid}} {{shell.stdout.strip()}} {{away.pid}}\\n")
"""
FORK = """\
import os, time
pid = os.fork()
if pid == 0:
    time.sleep(300)
    os._exit(0)
with open({pids!r}, "a") as file:
    file.write(f"{{pid}}\\n")
"""
# Deletes a file next to its folder, rewrites the next submission (its path
# as /proc/<ppid>/cwd gives it), appends a row to the teacher's CSV (its path
# from the grader's command line) and leaves processes behind.
MALLORY = """\
import os
from pathlib import Path

import nbformat

try:
    os.remove("../victim.txt")
except OSError:
    pass
zed = nbformat.read({zed!r}, as_version=4)
zed.cells[0].source = "print('no checker here')"
nbformat.write(zed, {zed!r})
args = Path(f"/proc/{{os.getppid()}}/cmdline").read_bytes().split(b"\\0")
if b"--grades" in args:
    with open(args[args.index(b"--grades") + 1], "a") as file:
        file.write("forged.ipynb,check_sigmoid,1.000\\n")
"""

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc; uses fork"
)


def _notebook(path, *sources):
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, path)


def _running(pid):
    """Whether ``pid`` is a live process (a zombie is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _pids(path):
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def _stop(pids):
    """Kill what a test left running (the old grader leaves it)."""
    for pid in pids:
        if _running(pid):
            os.kill(pid, signal.SIGKILL)


def _grade(*args, timeout=600):
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    return run, time.perf_counter() - start


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the hostile folder once with the pytest form: the run, its rows."""
    tmp = tmp_path_factory.mktemp("grade")
    submissions = tmp / "submissions"
    submissions.mkdir()
    (tmp / "victim.txt").write_text("the teacher's file\n")
    pids = tmp / "pids.txt"
    _notebook(submissions / "alice.ipynb", RIGHT)
    _notebook(submissions / "bob.ipynb", WRONG)
    _notebook(submissions / "carol.ipynb", RESULT)
    _notebook(submissions / "=1+2.ipynb", RIGHT)
    zed = str(submissions / "zed.ipynb")
    _notebook(zed, RIGHT)
    _notebook(
        submissions / "mallory.ipynb",
        MALLORY.format(zed=zed),
        CHILD.format(pids=str(pids)),
    )
    _notebook(submissions / "printer.ipynb", f"print({FAKE!r})")
    _notebook(submissions / "garbled.ipynb", f"print({GARBLED!r})", RIGHT)
    _notebook(submissions / "noscore.ipynb", f"print({NO_SCORE!r})", RIGHT)
    (submissions / "notjson.ipynb").write_text("this is not JSON\n")
    ran = tmp / "outside-ran.txt"
    _notebook(tmp / "outside.ipynb", f"open({str(ran)!r}, 'w').close()\n" + RIGHT)
    (submissions / "linked.ipynb").symlink_to(tmp / "outside.ipynb")
    grades = tmp / "scores.csv"
    grades.write_text("left from an earlier run\n")
    run, seconds = _grade(
        "-m", "pytest", "-p", "no:cacheprovider", "-p", "tools.grade",
        "tools/grade.py", "--notebooks", str(submissions), "--grades",
        str(grades), "-q",
    )  # fmt: skip
    rows = list(csv.reader(grades.read_text().splitlines()))
    yield {"run": run, "rows": rows, "tmp": tmp, "pids": _pids(pids), "ran": ran}
    _stop(_pids(pids))
    print(f"graded {len(list(submissions.iterdir()))} notebooks in {seconds:.1f} s")


def _rows(graded, notebook):
    return [row for row in graded["rows"][1:] if row[0] == notebook]


def _score(source):
    from scratchnn.exercises import check_sigmoid

    namespace = {}
    exec(source.replace("check_sigmoid(my", "(my"), namespace)
    return f"{check_sigmoid(namespace['my_sigmoid']).score:.3f}"


def test_honest_notebooks_score_as_before(graded):
    run = graded["run"]
    assert run.returncode == 1, run.stdout + run.stderr
    assert "6 failed, 5 passed" in run.stdout, run.stdout + run.stderr
    assert "check_sigmoid: sigmoid(0) is 0.5: expected A = [[0.5]]" in run.stdout
    assert graded["rows"][0] == ["notebook", "checker", "score", "reason"]
    assert _rows(graded, "alice.ipynb") == [
        ["alice.ipynb", "check_sigmoid", "1.000", ""]
    ]
    [bob] = _rows(graded, "bob.ipynb")
    assert bob[1:3] == ["check_sigmoid", _score(WRONG)]
    assert 0 < float(bob[2]) < 1
    carol = _rows(graded, "carol.ipynb")
    assert carol == [["carol.ipynb", "check_sigmoid", "0.000", ""]]


def test_every_submission_has_a_row_and_only_those(graded):
    names = {row[0] for row in graded["rows"][1:]}
    assert names == {
        "alice.ipynb", "bob.ipynb", "carol.ipynb", "'=1+2.ipynb", "garbled.ipynb",
        "linked.ipynb", "mallory.ipynb", "noscore.ipynb", "notjson.ipynb",
        "printer.ipynb", "zed.ipynb",
    }  # fmt: skip


def test_a_file_outside_the_folder_is_out_of_reach(graded):
    assert (graded["tmp"] / "victim.txt").exists()


def test_a_submission_cannot_rewrite_the_next_one(graded):
    assert _rows(graded, "zed.ipynb") == [["zed.ipynb", "check_sigmoid", "1.000", ""]]


def test_a_row_appended_to_the_csv_does_not_survive(graded):
    assert not _rows(graded, "forged.ipynb")
    assert graded["rows"][1:] == [row for row in graded["rows"][1:] if len(row) == 4]


def test_a_printed_record_line_scores_nothing(graded):
    assert _rows(graded, "printer.ipynb") == [
        ["printer.ipynb", "", "0.000", "calls no checker"]
    ]


def test_processes_started_by_a_notebook_do_not_outlive_grading(graded):
    assert len(graded["pids"]) == 3  # the child, the orphan, the new session
    assert not [pid for pid in graded["pids"] if _running(pid)]


def test_a_name_that_is_a_formula_is_escaped(graded):
    assert _rows(graded, "'=1+2.ipynb") == [
        ["'=1+2.ipynb", "check_sigmoid", "1.000", ""]
    ]


def test_a_symbolic_link_is_refused_and_not_run(graded):
    [row] = _rows(graded, "linked.ipynb")
    assert row[1:3] == ["", "0.000"]
    assert "symbolic link" in row[3]
    assert not graded["ran"].exists()


def test_a_malformed_record_line_loses_no_row(graded):
    assert _rows(graded, "garbled.ipynb") == [
        ["garbled.ipynb", "check_sigmoid", "1.000", ""]
    ]


def test_a_record_line_without_a_score_loses_no_row(graded):
    assert _rows(graded, "noscore.ipynb") == [
        ["noscore.ipynb", "check_sigmoid", "1.000", ""]
    ]


def test_a_file_that_is_not_a_notebook_gets_a_failed_row(graded):
    [row] = _rows(graded, "notjson.ipynb")
    assert row[1:3] == ["", "0.000"]
    assert row[3].startswith("not a readable notebook")


def test_the_time_limit_kills_the_kernel_and_its_children(tmp_path, capsys):
    """The plain command line; a notebook that sleeps past its time limit."""
    from tools.grade import main

    submissions = tmp_path / "submissions"
    submissions.mkdir()
    pids = tmp_path / "pids.txt"
    sleep = "import time\ntime.sleep(300)"
    child, fork = CHILD.format(pids=str(pids)), FORK.format(pids=str(pids))
    _notebook(submissions / "sleeper.ipynb", child, fork, RIGHT, sleep)
    grades = tmp_path / "scores.csv"
    try:
        start = time.perf_counter()
        args = [str(submissions), "--grades", str(grades), "--time-limit", "8"]
        assert main(args) == 1
        assert time.perf_counter() - start < 60
        rows = list(csv.reader(grades.read_text().splitlines()))
        assert rows[1:] == [
            ["sleeper.ipynb", "check_sigmoid", "1.000", ""],
            ["sleeper.ipynb", "notebook", "0.000", "stopped at the time limit of 8 s"],
        ]
        assert "stopped at the time limit" in capsys.readouterr().out
        assert len(_pids(pids)) == 4
        assert not [pid for pid in _pids(pids) if _running(pid)]
    finally:
        _stop(_pids(pids))


def test_csv_cells_that_start_a_formula_are_escaped(tmp_path):
    from tools.grade import Graded, Row, write_grades

    names = ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain", "a=b"]
    rows = [Row(name, name, 0.5, name) for name in names]
    write_grades(tmp_path / "g.csv", [Graded("x", rows)])
    with open(tmp_path / "g.csv", newline="") as file:
        read = list(csv.reader(file))[1:]
    expected = ["'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "plain", "a=b"]
    assert [row[0] for row in read] == expected
    assert [row[1] for row in read] == expected
    assert [row[3] for row in read] == expected


@pytest.mark.parametrize(
    "record",
    [
        "not a dict",
        {"check": "check_sigmoid"},
        {"check": 1, "cases": []},
        {"check": "check_sigmoid", "cases": [{"passed": "yes"}]},
        {"check": "check_sigmoid", "cases": ["x"]},
    ],
)
def test_a_malformed_record_is_refused(record):
    from tools.grade import _parse

    with pytest.raises((KeyError, TypeError, ValueError)):
        _parse(record)


def test_the_score_is_computed_from_the_cases():
    from tools.grade import _parse

    case = {"name": "a", "message": "m"}
    record = {"check": "c", "score": 1.0, "cases": [case | {"passed": True}]}
    record["cases"].append(case | {"passed": False})
    assert _parse(record) == ("c", 0.5, ["a: m"])


def test_a_kernel_sees_only_the_variables_it_needs(monkeypatch, tmp_path):
    from tools.grade import _kernel_environment

    monkeypatch.setenv("TEACHER_TOKEN", "secret")
    monkeypatch.setenv("PWD", str(ROOT))
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    env = _kernel_environment(tmp_path, "tag")
    assert "TEACHER_TOKEN" not in env
    assert "PWD" not in env
    assert env["OPENBLAS_CORETYPE"] == "Haswell"
    assert env["PATH"] == os.environ["PATH"]
    assert env["IPYTHONDIR"].startswith(str(tmp_path))
    assert env["SCRATCHNN_GRADE_RUN"] == "tag"


def test_a_csv_that_cannot_be_written_stops_before_any_grading(tmp_path, capsys):
    from tools.grade import main

    _notebook(tmp_path / "alice.ipynb", RIGHT)
    grades = str(tmp_path / "no" / "such" / "scores.csv")
    with pytest.raises(SystemExit) as stop:
        main([str(tmp_path), "--grades", grades])
    assert stop.value.code == 2
    assert "does not exist" in capsys.readouterr().err


def test_only_regular_files_are_read(tmp_path):
    from tools.grade import read_submissions

    _notebook(tmp_path / "alice.ipynb", RIGHT)
    os.mkfifo(tmp_path / "pipe.ipynb")  # would block a plain open()
    (tmp_path / "folder.ipynb").mkdir()
    (tmp_path / "notes.txt").write_text("not a notebook")
    read = {s.name: s for s in read_submissions(tmp_path)}
    assert sorted(read) == ["alice.ipynb", "folder.ipynb", "pipe.ipynb"]
    assert read["alice.ipynb"].data == (tmp_path / "alice.ipynb").read_bytes()
    assert read["pipe.ipynb"].refused == "refused: not a regular file"
    assert read["folder.ipynb"].refused.startswith("refused:")


def test_a_file_name_cannot_print_a_row_of_its_own(tmp_path, capsys):
    from tools.grade import main

    name = "x\nforged.ipynb\tcheck_sigmoid\t1.000\n\x1b[2K.ipynb"
    (tmp_path / name).write_text("this is not JSON\n")
    assert main([str(tmp_path)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    cells = line.split("\t")
    assert cells[0] == "x\\nforged.ipynb\\tcheck_sigmoid\\t1.000\\n\\x1b[2K.ipynb"
    assert cells[1:3] == ["", "0.000"]
    assert cells[3].startswith("not a readable notebook")


def test_a_kernel_that_cannot_start_still_gives_a_row(monkeypatch):
    import tools.grade
    from tools.grade import Submission, grade

    async def no_kernel(nb, time_limit):
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(tools.grade, "_execute", no_kernel)
    data = nbformat.writes(nbformat.v4.new_notebook()).encode()
    graded = grade(Submission("alice.ipynb", data))
    [row] = graded.rows
    assert (row.checker, row.score) == ("notebook", 0.0)
    assert row.reason == "could not be run: RuntimeError: Kernel died before " + (
        "replying to kernel_info"
    )
    assert not graded.passed


def test_the_grader_keeps_no_output():
    from tools.grade import _Client

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])
    msg = {
        "msg_type": "stream",
        "header": {"msg_type": "stream"},
        "parent_header": {"msg_id": "a"},
        "content": {"name": "stdout", "text": "x" * 1000},
    }
    outs = []
    assert _Client(nb).output(outs, msg, None, 0) is None
    assert outs == []


def test_ctrl_c_stops_grading_instead_of_failing_the_notebook(tmp_path):
    """The pytest form (the plain one runs the same grade(), no CSV either)."""
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    started, pids = tmp_path / "started", tmp_path / "pids.txt"
    begin = f"open({str(started)!r}, 'w').close()\nimport time\ntime.sleep(300)"
    _notebook(submissions / "alice.ipynb", CHILD.format(pids=str(pids)), begin)
    grades = tmp_path / "scores.csv"
    command = ["-m", "pytest", "-p", "no:cacheprovider", "-p", "tools.grade"]
    command += ["tools/grade.py", "--notebooks", str(submissions)]
    command += ["--grades", str(grades), "-q"]
    grader = subprocess.Popen(
        [sys.executable, *command], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert started.exists(), grader.communicate(timeout=5)
        grader.send_signal(signal.SIGINT)
        out, err = grader.communicate(timeout=60)
        assert "KeyboardInterrupt" in out + err, out + err
        assert grader.returncode not in (0, 1)
        assert not grades.exists()
        assert not [pid for pid in _pids(pids) if _running(pid)]
    finally:
        grader.kill()
        _stop(_pids(pids))


def test_an_empty_folder_is_an_error_not_a_pass(tmp_path, capsys):
    """Found by the held-out fuzz set: an empty folder exited 0, "1 skipped"."""
    from tools.grade import main

    with pytest.raises(SystemExit) as exit_:
        main([str(tmp_path)])
    assert exit_.value.code == 2
    assert "no *.ipynb notebook in" in capsys.readouterr().err
