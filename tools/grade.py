"""Grade a folder of learner notebooks with the book's checkers.

Usage, from the repository root::

    python -m tools.grade path/to/submissions --grades scores.csv
    python -m pytest -p tools.grade tools/grade.py --notebooks path/to/submissions -q

Both forms take ``--grades FILE`` (write the scores as CSV) and
``--time-limit SECONDS`` (per notebook, default 600). The pytest form makes
each submission one test, whose failure lists the failed cases; ``-p
tools.grade`` loads this file as a pytest plugin too, so that its options
exist. The plain form prints one line per row and exits with 1 when any
notebook failed a case.

The CSV has a header ``notebook,checker,score,reason`` and one row per
checker call, its score the share of cases passed (0.000 to 1.000). A
notebook that calls no checker, stops before its end, is not a notebook or
cannot be read gets a row of score 0.000 whose reason says why: no
submission is ever left out.

Threat model
------------
The learner's code is untrusted. A learner who prints, writes files or
sleeps to cheat must fail; a determined attacker who runs code as the
grading user (reads /proc, patches the checkers inside its own kernel,
starts a process with another environment in a session of its own,
writes into the virtual environment) is out of scope: for high stakes, grade
in a throw-away container that holds only the submissions. Within that
model:

- Every submission is read into memory before any runs, and symbolic links
  are refused, so that no notebook can change or point at another one.
- Each notebook runs in a fresh kernel whose working folder is a fresh
  empty temporary folder, with an IPython folder of its own (no startup
  file left by an earlier notebook runs) and only the environment variables
  a kernel needs (a token of the teacher's stays out of reach). The CSV's
  path is never passed to it; the kernel's own stdout and stderr go
  nowhere, not into the teacher's terminal.
- The kernel runs in a process group of its own; when the notebook ends or
  its time limit passes the whole group is killed (SIGKILL), the kernel and
  every child it started, so nothing outlives grading. On Linux, so is
  every process that left the group (a new session) but still carries the
  random tag the kernel's environment had.
- The checkers' results never travel through the notebook's output: the
  kernel keeps them in memory, and after each cell the grader asks for them
  on the kernel's shell channel (``user_expressions`` of an execute
  request), where no printed or displayed text can land. The grader then
  recomputes each score from the cases it received.
- The CSV is written once, at the end, from memory: nothing a notebook
  wrote into it survives, and a cell that starts with ``= + - @``, a tab or
  a carriage return gets a leading ``'`` so that no spreadsheet reads it as
  a formula (OWASP, "CSV injection").
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import csv
import json
import os
import secrets
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

#: Seconds a notebook may run once its kernel is up, to the end of its last cell.
TIME_LIMIT = 600
HEADER = ["notebook", "checker", "score", "reason"]
# The kernel keeps the records in a module of its own, which the grader's
# query reads; the name is not a secret (see the threat model).
HOOK = "__scratchnn_grade__"
# Run silently (no output, no history) before the learner's first cell:
# every public checker is wrapped so that its result is kept, as JSON text
# made at once, whatever the cell does with it (even when the learner passed
# a result instead of a function).
PROLOGUE = f"""
def _scratchnn_grade_install():
    import functools, json, sys, types
    import scratchnn.exercises as exercises
    records = []
    def recording(check):
        @functools.wraps(check)
        def wrapper(*args, **kwargs):
            result = check(*args, **kwargs)
            records.append(json.dumps(result.to_dict()))
            return result
        return wrapper
    for name in exercises.__all__:
        if name.startswith("check_"):
            setattr(exercises, name, recording(getattr(exercises, name)))
    hook = types.ModuleType({HOOK!r})
    hook.dump = lambda: "[" + ",".join(records) + "]"
    sys.modules[{HOOK!r}] = hook
_scratchnn_grade_install()
del _scratchnn_grade_install
"""
QUERY = f"__import__('sys').modules[{HOOK!r}].dump()"
# Set to a fresh random value in each kernel's environment: the processes
# that carry it after the notebook ends are its strays (not a secret).
TAG = "SCRATCHNN_GRADE_RUN"
# The variables of the grader's environment that a kernel sees: what finds
# Python and its libraries, the locale, and the BLAS, thread and matplotlib
# settings that change results or speed.
KERNEL_VARIABLES = {
    "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR",
    "TEMP", "TMP", "SYSTEMROOT", "LD_LIBRARY_PATH", "VIRTUAL_ENV",
    "CONDA_PREFIX", "PYTHONPATH", "PYTHONHASHSEED", "MPLBACKEND",
    "MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
}  # fmt: skip
KERNEL_PREFIXES = ("LC_", "OPENBLAS_", "OMP_", "MKL_")
# Spreadsheets read a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Submission:
    """One notebook of the folder, as read before any of them runs."""

    name: str
    data: bytes = b""
    refused: str = ""


@dataclass
class Row:
    """One row of the CSV."""

    notebook: str
    checker: str
    score: float
    reason: str = ""


@dataclass
class Graded:
    """What grading one submission found: its rows and its failed cases."""

    name: str
    rows: list[Row] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


_NOTHING_TO_GRADE = "no *.ipynb notebook in {}: nothing to grade"


def read_submissions(folder: Path) -> list[Submission]:
    """Every ``*.ipynb`` of ``folder``, read into memory, sorted by name.

    A symbolic link, or anything else that is not a regular file, is
    refused: it comes back with ``refused`` set and no data.
    """
    submissions = []
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if not entry.name.endswith(".ipynb"):
            continue
        if entry.is_symlink():
            reason = "refused: a symbolic link; put the notebook itself in the folder"
            submissions.append(Submission(entry.name, refused=reason))
            continue
        try:
            # O_NOFOLLOW: a link made after the check above is refused too;
            # O_NONBLOCK: a named pipe cannot stall the grader (POSIX only).
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
            flags |= getattr(os, "O_NONBLOCK", 0)
            descriptor = os.open(entry.path, flags)
            with os.fdopen(descriptor, "rb") as file:
                if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                    reason = "refused: not a regular file"
                    submissions.append(Submission(entry.name, refused=reason))
                    continue
                submissions.append(Submission(entry.name, file.read()))
        except OSError as error:
            reason = f"refused: cannot be read ({error.strerror})"
            submissions.append(Submission(entry.name, refused=reason))
    return submissions


def grade(submission: Submission, time_limit: float = TIME_LIMIT) -> Graded:
    """Run one submission from memory and turn its checkers' results into rows.

    The notebook runs with cell errors allowed. A notebook that stops before
    its end (past ``time_limit`` seconds, a dead kernel) keeps the rows of
    the checkers its finished cells called and gets one more row, checker
    ``notebook``, of score 0, whose reason says why.
    """
    graded = Graded(submission.name)
    if submission.refused:
        return _failed(graded, "", submission.refused)
    try:
        nb = nbformat.reads(submission.data.decode("utf-8"), as_version=4)
    except Exception as error:  # noqa: BLE001 - any unreadable file is a row
        return _failed(graded, "", f"not a readable notebook: {_one_line(error)}")
    try:
        records, stopped = asyncio.run(_execute(nb, time_limit))
    except Exception as error:  # noqa: BLE001 - e.g. a kernel that never started
        return _failed(graded, "notebook", f"could not be run: {_one_line(error)}")
    for record in records or []:
        try:
            checker, score, failed = _parse(record)
        except (KeyError, TypeError, ValueError) as error:
            _failed(graded, "", f"malformed result: {_one_line(error)}")
            continue
        graded.rows.append(Row(submission.name, checker, score))
        graded.failures += [f"{checker}: {line}" for line in failed]
    if stopped:
        _failed(graded, "notebook", stopped)
    elif records is None:
        _failed(graded, "", "its checkers' results could not be read")
    elif not records:
        _failed(graded, "", "calls no checker")
    return graded


def _failed(graded: Graded, checker: str, reason: str) -> Graded:
    graded.rows.append(Row(graded.name, checker, 0.0, reason))
    graded.failures.append(f"{checker or graded.name}: {reason}")
    return graded


def _one_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[-1] if lines else ''}".strip()


def _parse(record: object) -> tuple[str, float, list[str]]:
    """A record's checker, its score computed here, and its failed cases."""
    if not isinstance(record, dict):
        raise TypeError(f"a record is a dict, not {type(record).__name__}")
    checker, cases = record["check"], record["cases"]
    if not isinstance(checker, str) or not isinstance(cases, list):
        raise TypeError("check must be a str and cases a list")
    failed = []
    for case in cases:
        if not isinstance(case, dict) or not isinstance(case["passed"], bool):
            raise TypeError("each case is a dict whose 'passed' is true or false")
        if not case["passed"]:
            failed.append(f"{case['name']}: {case['message']}")
    score = (len(cases) - len(failed)) / len(cases) if cases else 0.0
    return checker, score, failed


def _kernel_environment(home: Path, tag: str = "") -> dict[str, str]:
    """What a kernel needs of the grader's environment, and nothing more.

    A token or a path of the teacher's in another variable stays out of the
    learner's reach. IPython's and Jupyter's configuration folders are fresh
    (in ``home``), so that no startup file written by an earlier notebook
    runs, and so is the user's site-packages folder (not read). ``tag``
    marks every process of this run (see :func:`_kill_tagged`).
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if name in KERNEL_VARIABLES or name.startswith(KERNEL_PREFIXES)
    }
    for name in ["IPYTHONDIR", "JUPYTER_CONFIG_DIR"]:
        env[name] = str(home / name.lower())
    env["PYTHONNOUSERSITE"] = "1"
    env[TAG] = tag
    return env


async def _execute(nb: nbformat.NotebookNode, time_limit: float):
    """Run ``nb`` in a fresh kernel in a fresh folder: (records, why it stopped).

    ``records`` is the list last read from the kernel (``None`` if it could
    never be read); ``stopped`` is empty when every cell ran.
    """
    with tempfile.TemporaryDirectory(prefix="scratchnn-grade-") as home:
        workdir = Path(home) / "work"
        workdir.mkdir()
        client = _Client(
            nb,
            # The time limit is enforced below, for the whole notebook.
            timeout=int(time_limit) + 60,
            allow_errors=True,
            kernel_name="python3",
            resources={"metadata": {"path": str(workdir)}},
        )
        records, stopped = None, ""
        loop = asyncio.get_running_loop()
        timer = process = None
        tag = secrets.token_hex(8)
        env = _kernel_environment(Path(home), tag)
        # The kernel's own stdout and stderr (os.write(1, ...), crashes) go
        # nowhere: not into the teacher's terminal, where a line could pass
        # for one of the grader's.
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        interrupted = []
        try:
            async with client.async_setup_kernel(env=env, **quiet):
                # nbclient answers Ctrl-C (and SIGTERM) by shutting the kernel
                # down under the running cell, which then fails as if the
                # notebook had: stop grading instead, and give no row.
                _stop_on_signals(loop, interrupted)
                try:
                    # jupyter_client starts the kernel in a session of its
                    # own (on POSIX; elsewhere only the kernel is killed).
                    process = client.km.provisioner.process
                    group = client.km.provisioner.pgid or 0
                    expired = loop.create_future()

                    def expire() -> None:
                        expired.set_result(True)
                        _kill(process, group)

                    timer = loop.call_later(time_limit, expire)
                    reply = await _request(client, PROLOGUE)
                    if reply["content"]["status"] != "ok":
                        error = reply["content"].get("evalue", "")
                        return None, f"the grader's prologue failed: {error}"
                    records = await _records(client)
                    for index, cell in enumerate(nb.cells):
                        await client.async_execute_cell(cell, index)
                        if cell.cell_type == "code":
                            # Kept after each cell: a later stop loses nothing.
                            latest = await _records(client)
                            records = records if latest is None else latest
                except Exception as error:  # noqa: BLE001 - reported as a row
                    if interrupted:  # nbclient reports the cancel as a dead kernel
                        raise KeyboardInterrupt from None
                    if timer is not None and expired.done():
                        stopped = f"stopped at the time limit of {time_limit:g} s"
                    else:
                        stopped = f"stopped: {_one_line(error)}"
                finally:
                    if timer is not None:
                        timer.cancel()
                    if process is not None:
                        _kill(process, group)
                    _kill_tagged(tag)
        except asyncio.CancelledError:
            if interrupted:
                raise KeyboardInterrupt from None
            raise
        return records, stopped


def _stop_on_signals(loop: asyncio.AbstractEventLoop, interrupted: list) -> None:
    """Make SIGINT and SIGTERM cancel the grading task (noted in ``interrupted``)."""
    task = asyncio.current_task()

    def stop() -> None:
        interrupted.append(True)
        task.cancel()

    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop)
        except (NotImplementedError, RuntimeError):  # Windows, or not main thread
            pass


class _Client(NotebookClient):
    """A notebook client that keeps no output.

    The grader never reads a notebook's outputs, and a cell that prints in
    an endless loop (a mistake, or on purpose) would otherwise fill the
    grader's memory until the time limit.
    """

    def output(
        self, outs: list, msg: dict, display_id: str | None, cell_index: int
    ) -> None:
        return None


async def _request(client: NotebookClient, code: str, **kwargs) -> dict:
    msg_id = client.kc.execute(code, silent=True, store_history=False, **kwargs)
    return await client.async_wait_for_reply(msg_id)


async def _records(client: NotebookClient) -> list | None:
    """The kernel's records, read from an execute reply (not from any output)."""
    reply = await _request(client, "", user_expressions={"records": QUERY})
    value = reply["content"].get("user_expressions", {}).get("records", {})
    if value.get("status") != "ok":
        return None
    try:
        records = json.loads(ast.literal_eval(value["data"]["text/plain"]))
    except (KeyError, TypeError, ValueError, SyntaxError):
        return None
    return records if isinstance(records, list) else None


def _kill_tagged(tag: str) -> None:
    """SIGKILL every process that still carries this run's tag (Linux).

    A process that left the kernel's group (``start_new_session=True``,
    ``setsid``) escapes the group kill but keeps the environment it started
    with, tag included; one started with another environment escapes this
    too (out of scope: see the threat model).
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return
    marker = f"{TAG}={tag}".encode()
    # A process that forks between a scan and its kill is found next round.
    for _ in range(20):
        found = []
        for entry in proc.iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                environ = (entry / "environ").read_bytes()
            except OSError:  # gone, or another user's
                continue
            if marker in environ.split(b"\0"):
                found.append(int(entry.name))
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.05)


def _kill(process: subprocess.Popen, group: int) -> None:
    """SIGKILL the kernel's process group: the kernel and all it started.

    Never the grader's own group (``killpg(0)`` would be that too): then,
    and where there are no process groups, the kernel alone.
    """
    if group > 0 and group != os.getpgrp() and hasattr(os, "killpg"):
        try:
            os.killpg(group, signal.SIGKILL)
            return
        except (ProcessLookupError, PermissionError):
            pass
    try:
        process.kill()
    except OSError:
        pass


def _unwritable(grades: str) -> str:
    """Why the CSV could not be written at the end, checked before grading."""
    if not grades:
        return ""
    folder = Path(grades).parent
    if not folder.is_dir():
        return f"--grades {grades}: the folder {folder} does not exist"
    if Path(grades).is_dir() or not os.access(folder, os.W_OK):
        return f"--grades {grades}: cannot write there"
    return ""


def _printable(text: str) -> str:
    """``text`` with control characters escaped: a file name that holds a
    newline, a tab or a terminal escape cannot print a row of its own."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_grades(path: str | os.PathLike, graded: list[Graded]) -> None:
    """Write the CSV once, from memory: the header, then every row."""
    rows = [row for result in graded for row in result.rows]
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for row in rows:
            cells = [row.notebook, row.checker, f"{row.score:.3f}", row.reason]
            writer.writerow([_cell(cell) for cell in cells])


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.grade DIR [--grades FILE] [--time-limit S]``."""
    parser = argparse.ArgumentParser(prog="python -m tools.grade", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("notebooks", type=Path, help="folder of notebooks")
    parser.add_argument("--grades", default="", help="write the scores to this CSV")
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT)
    args = parser.parse_args(argv)
    if not args.notebooks.is_dir():
        parser.error(f"{args.notebooks} is not a folder")
    if problem := _unwritable(args.grades):
        parser.error(problem)
    submissions = read_submissions(args.notebooks)
    if not submissions:
        parser.error(_NOTHING_TO_GRADE.format(args.notebooks))
    results = [grade(s, args.time_limit) for s in submissions]
    for result in results:
        for row in result.rows:
            cells = [row.notebook, row.checker, f"{row.score:.3f}", row.reason]
            print("\t".join(_printable(cell) for cell in cells))
    if args.grades:
        write_grades(args.grades, results)
    return 0 if all(result.passed for result in results) else 1


# --- the pytest form: one test per submission ---


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--notebooks", default="submissions", help="folder of notebooks")
    parser.addoption("--grades", default="", help="write the scores to this CSV")
    parser.addoption(
        "--time-limit", type=float, default=TIME_LIMIT, help="seconds per notebook"
    )


def pytest_configure(config: pytest.Config) -> None:
    if problem := _unwritable(config.getoption("--grades", default="")):
        raise pytest.UsageError(problem)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # This module is both the plugin (-p tools.grade) and the test file, so
    # the hook runs twice for one test: parametrize once.
    if "submission" in metafunc.fixturenames and not hasattr(metafunc, "_graded"):
        metafunc._graded = True  # type: ignore[attr-defined]
        config = metafunc.config
        # Read all of them at collection, before the first one runs.
        folder = Path(config.getoption("--notebooks"))
        submissions = read_submissions(folder)
        if not submissions:  # a run that grades nobody must not pass
            raise pytest.UsageError(_NOTHING_TO_GRADE.format(folder))
        config._scratchnn_graded = []  # type: ignore[attr-defined]
        ids = [s.name.removesuffix(".ipynb") for s in submissions]
        metafunc.parametrize("submission", submissions, ids=ids)


def test_submission(submission: Submission, request: pytest.FixtureRequest) -> None:
    config = request.config
    graded = grade(submission, config.getoption("--time-limit"))
    config._scratchnn_graded.append(graded)  # type: ignore[attr-defined]
    assert graded.passed, "\n".join(graded.failures)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the CSV once, when every submission has been graded.

    An interrupted run (Ctrl-C) writes none: a CSV without the learners not
    yet graded would look complete.
    """
    grades = session.config.getoption("--grades", default="")
    graded = getattr(session.config, "_scratchnn_graded", None)
    if exitstatus == pytest.ExitCode.INTERRUPTED:
        return
    if grades and graded is not None:
        write_grades(grades, sorted(graded, key=lambda result: result.name))


if __name__ == "__main__":
    sys.exit(main())
