"""Run the held-out fuzz cases, each in its own forked child.

Usage::

    python -m tests.heldout.run_fuzz [--json out.json] [-k SUBSTRING]
                                     [--jobs N] [--skip-tools]

Every case of :mod:`tests.heldout.fuzz_cases` runs in a child forked from
this process, in a fresh temporary folder, under an address-space cap of
2 GB beyond what the child inherits (a pytest process that has imported
PyTorch already maps over a gigabyte) and a wall-time limit of 20 s, and
is classified as one of:

ok       the documented error came with a clear message, or the right result
silent   no error where one was due, or a wrong result
warning  otherwise ok, but a warning escaped to the user (scratchnn's own
         DeprecationWarning for an option of 0.2.0 does not count: it is
         the documented answer to that call)
crash    another exception, a ValueError/TypeError raised from inside
         numpy/matplotlib/the standard library rather than by scratchnn's own
         checks (the traceback's last frame is outside the package), an
         error where a result was due, or a child killed by a signal
hang     the wall-time limit passed
memory   MemoryError, or the child died at the address-space cap
vague    a ValueError/TypeError from scratchnn whose message lacks the
         argument's name or the value / limit

The file is named without a ``test_`` prefix so that pytest does not collect
it; the exit status is 0 whatever the counts (this is a measurement).
"""

from __future__ import annotations

import os

# Before numpy loads: one BLAS thread keeps the forked children small and the
# address-space cap meaningful; figures never need a display.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import select  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import sklearn.datasets  # noqa: E402, F401 - load_digits in every child, imported once here

import scratchnn  # noqa: E402
import scratchnn.exercises  # noqa: E402, F401
import scratchnn.figures  # noqa: E402, F401
from tests.heldout import fuzz_cases  # noqa: E402

CAP_BYTES = 2 * 1024**3
WALL_SECONDS = 20.0
CLASSES = ("ok", "silent", "warning", "crash", "hang", "memory", "vague")
PKG_DIR = str(Path(scratchnn.__file__).resolve().parent) + os.sep
TOOLS_DIR = str(Path(fuzz_cases.REPO, "tools").resolve()) + os.sep
OWN_DIRS = (PKG_DIR, TOOLS_DIR)


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _message(exc: BaseException) -> str:
    notes = getattr(exc, "__notes__", None) or []
    return "\n".join([str(exc), *map(str, notes)])


def _missing_words(message: str, words) -> list[str]:
    """The word groups (a string, or a tuple of alternatives) not in message."""
    low = message.lower().replace("_", " ")
    missing = []
    for group in words:
        alternatives = (group,) if isinstance(group, str) else tuple(group)
        if not any(str(a).lower().replace("_", " ") in low for a in alternatives):
            missing.append("|".join(map(str, alternatives)))
    return missing


def _classify_exception(case, exc: BaseException) -> tuple[str, str]:
    name = type(exc).__name__
    msg = _message(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    where = f"{last.filename}:{last.lineno} in {last.name}" if last else "?"
    if isinstance(exc, MemoryError):
        return "memory", f"{name}: {_one_line(msg, 100)}"
    if isinstance(exc, subprocess.TimeoutExpired):
        return "hang", f"the command ran past {exc.timeout:.0f} s"
    expected = tuple(case.exc) + (ValueError, TypeError)
    if case.words is None:
        return "crash", f"refused a valid input: {name}: {_one_line(msg, 110)}"
    if not isinstance(exc, expected):
        return (
            "crash",
            f"{name} (expected {'/'.join(e.__name__ for e in case.exc)}): "
            f"{_one_line(msg, 100)}",
        )
    if isinstance(exc, (ValueError, TypeError)) and not isinstance(exc, OSError):
        fname = str(Path(last.filename).resolve()) if last else ""
        if not fname.startswith(OWN_DIRS):
            short = where.split("site-packages/")[-1]
            return "crash", f"{name} raised from {short}: {_one_line(msg, 90)}"
    missing = _missing_words(msg, case.words)
    if missing:
        return "vague", f"{name} lacks {missing}: {_one_line(msg, 110)}"
    return "ok", f"{name}: {_one_line(msg, 110)}"


def _classify_cli(case, proc) -> tuple[str, str]:
    out = (proc.stdout or "") + "\n" + (proc.stderr or "")
    head = f"exit {proc.returncode}: {_one_line(out.strip()[-200:], 120)}"
    if "Traceback (most recent call last)" in out or "INTERNALERROR" in out:
        return "crash", "traceback shown to the user; " + head
    if case.words is not None:
        if proc.returncode == 0:
            return "silent", "exit 0 where an error was due; " + head
        missing = _missing_words(out, case.words)
        if missing:
            return "vague", f"message lacks {missing}; " + head
        return "ok", head
    try:
        good = bool(case.check(proc))
    except Exception as exc:  # a predicate that cannot even look is a wrong result
        return "silent", f"check raised {exc!r}; " + head
    return ("ok" if good else "silent"), head


def _run_in_child(case) -> dict:
    out: dict = {"id": case.id}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = case.run()
        except BaseException as exc:  # noqa: BLE001 - everything is data here
            cls, why = _classify_exception(case, exc)
        else:
            if getattr(case, "cli", False):
                cls, why = _classify_cli(case, value)
            elif case.words is not None:
                cls, why = "silent", f"no error; returned {_one_line(repr(value), 100)}"
            else:
                try:
                    good = bool(case.check(value))
                    detail = ""
                except Exception as exc:  # noqa: BLE001
                    good, detail = False, f" (check raised {exc!r})"
                if good:
                    cls, why = "ok", "right result"
                else:
                    cls, why = (
                        "silent",
                        f"wrong result{detail}: {_one_line(repr(value), 100)}",
                    )
    # A DeprecationWarning of scratchnn's own, for an option of 0.2.0 that
    # 0.3.0 moved out of part 1's steps (the set was written against 0.2.0),
    # is the documented answer to that call, not a warning that escaped.
    escaped = [
        f"{w.category.__name__}: {w.message}"
        for w in caught
        if not (
            issubclass(w.category, DeprecationWarning)
            and "deprecated since scratchnn" in str(w.message)
        )
    ]
    if cls == "ok" and escaped:
        cls, why = (
            "warning",
            _one_line(escaped[0], 140)
            + (f" (+{len(escaped) - 1} more)" if len(escaped) > 1 else ""),
        )
    out.update(cls=cls, why=why, warnings=[_one_line(w, 200) for w in escaped[:5]])
    return out


def _mapped_bytes() -> int:
    """This process's address space now (Linux's VmSize), 0 where unknown."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child_main(case, wfd: int, workdir: str) -> None:
    os.setpgid(0, 0)
    cap = _mapped_bytes() + CAP_BYTES  # 2 GB for the case, whatever the parent
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    os.chdir(workdir)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = io.TextIOWrapper(open(os.devnull, "wb"), write_through=True)  # noqa: SIM115
    sys.stderr = sys.stdout
    try:
        result = _run_in_child(case)
    except BaseException as exc:  # noqa: BLE001 - the runner itself must report
        result = {
            "id": case.id,
            "cls": "crash",
            "why": f"runner: {exc!r}",
            "warnings": [],
        }
    data = json.dumps(result).encode()
    view = memoryview(data)
    while view:
        n = os.write(wfd, view)
        view = view[n:]
    os.close(wfd)
    os._exit(0)


def run(cases, jobs: int = 2, progress: bool = True) -> list[dict]:
    # The slow cases (the tools, in fresh processes) first, so that they do
    # not end the run alone.
    queue = sorted(cases, key=lambda c: -getattr(c, "wall", WALL_SECONDS))
    running: dict[int, dict] = {}
    results: list[dict] = []
    base = tempfile.mkdtemp(prefix="scratchnn-fuzz-")
    total = len(queue)
    try:
        while queue or running:
            while queue and len(running) < jobs:
                case = queue.pop(0)
                workdir = tempfile.mkdtemp(dir=base)
                rfd, wfd = os.pipe()
                pid = os.fork()
                if pid == 0:  # the child
                    os.close(rfd)
                    _child_main(case, wfd, workdir)
                os.close(wfd)
                running[pid] = {
                    "case": case,
                    "rfd": rfd,
                    "buf": bytearray(),
                    "start": time.monotonic(),
                    "dir": workdir,
                }
            fds = {
                info["rfd"]: pid
                for pid, info in running.items()
                if info["rfd"] is not None
            }
            if fds:
                ready, _, _ = select.select(list(fds), [], [], 0.05)
                for fd in ready:
                    chunk = os.read(fd, 1 << 16)
                    info = running[fds[fd]]
                    if chunk:
                        info["buf"] += chunk
                    else:
                        os.close(fd)
                        info["rfd"] = None
            for pid in list(running):
                info = running[pid]
                done, status = os.waitpid(pid, os.WNOHANG)
                elapsed = time.monotonic() - info["start"]
                limit = getattr(info["case"], "wall", WALL_SECONDS)
                if not done and elapsed > limit:
                    try:
                        os.killpg(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    os.waitpid(pid, 0)
                    res = {
                        "id": info["case"].id,
                        "cls": "hang",
                        "why": f"no answer in {limit:.0f} s",
                        "warnings": [],
                    }
                elif done:
                    if info["rfd"] is not None:  # drain what is left
                        while chunk := os.read(info["rfd"], 1 << 16):
                            info["buf"] += chunk
                        os.close(info["rfd"])
                        info["rfd"] = None
                    try:
                        res = json.loads(info["buf"].decode())
                    except ValueError:
                        if os.WIFSIGNALED(status):
                            sig = signal.Signals(os.WTERMSIG(status)).name
                            cls = "memory" if sig in ("SIGKILL",) else "crash"
                            res = {
                                "id": info["case"].id,
                                "cls": cls,
                                "why": f"child killed by {sig}",
                                "warnings": [],
                            }
                        else:
                            code = os.WEXITSTATUS(status)
                            res = {
                                "id": info["case"].id,
                                "cls": "crash",
                                "why": f"child exited with status {code}, no report",
                                "warnings": [],
                            }
                else:
                    continue
                try:  # a child killed mid-case may leave its subprocesses
                    os.killpg(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
                if info["rfd"] is not None:
                    os.close(info["rfd"])
                res["seconds"] = round(time.monotonic() - info["start"], 2)
                res["note"] = info["case"].note
                results.append(res)
                shutil.rmtree(info["dir"], ignore_errors=True)
                del running[pid]
                if progress:
                    print(
                        f"\r{len(results)}/{total}", end="", file=sys.stderr, flush=True
                    )
    finally:
        shutil.rmtree(base, ignore_errors=True)
        if progress:
            print(file=sys.stderr)
    order = {c.id: k for k, c in enumerate(cases)}
    results.sort(key=lambda r: order[r["id"]])
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--json", metavar="FILE", help="write every case's outcome to FILE"
    )
    parser.add_argument(
        "-k", metavar="SUBSTRING", help="run only the cases whose id contains it"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="children at a time (default 2)"
    )
    parser.add_argument(
        "--skip-tools",
        action="store_true",
        help="leave out the slow command-line cases (tool.*)",
    )
    args = parser.parse_args(argv)
    cases = fuzz_cases.CASES
    if args.skip_tools:
        cases = [c for c in cases if not c.cli]
    if args.k:
        cases = [c for c in cases if args.k in c.id]
    start = time.monotonic()
    results = run(cases, jobs=max(1, args.jobs))
    counts = Counter(r["cls"] for r in results)
    print(f"{len(results)} cases in {time.monotonic() - start:.0f} s")
    print("  ".join(f"{c}: {counts.get(c, 0)}" for c in CLASSES))
    for r in results:
        if r["cls"] != "ok":
            print(f"{r['id']:<45} {r['cls']:<8} {r['why']}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"counts": {c: counts.get(c, 0) for c in CLASSES}, "cases": results},
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
