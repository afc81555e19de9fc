"""Run independent make targets side by side, each one's output kept together.

Usage::

    python -m tools.phases --jobs 2 lint unit nbval "book + site-test"
    python -m tools.phases "package-tests PYTHON=python3.12" "dist + min-versions"

Each argument is a *phase*: make arguments (targets and ``VAR=value``), or
several such steps joined by `` + ``, which run one after the other in the
same lane (the browser test needs the book it tests). Up to ``--jobs`` phases
run at the same time (default: one per CPU core), started in the order given,
so list the longest first. Each phase is a separate ``make`` process, so the
Makefile's own ``.NOTPARALLEL`` still keeps every phase's steps in order.

A phase's output is printed in one piece when it ends, not interleaved with
the others'; a line says when each phase starts. When a phase fails, no new
phase starts, the running ones finish, and the exit status is 1. The last
lines give each phase's wall time: ``make test`` and ``.ci/run`` use this.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE = ["make", "--no-print-directory"]


@dataclass
class Outcome:
    phase: str
    ok: bool
    seconds: float
    output: str


def steps(phase: str) -> list[list[str]]:
    """The make command lines of a phase: ``"book + site-test"`` gives two."""
    found = [shlex.split(step) for step in phase.split(" + ")]
    if not all(found):
        raise ValueError(f"empty step in phase {phase!r}")
    return [[*MAKE, *s] for s in found]


def run(phase: str) -> Outcome:
    start = time.monotonic()
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        ok = True
        for command in steps(phase):
            log.write(f"$ {shlex.join(command)}\n")
            log.flush()
            result = subprocess.run(
                command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False
            )
            if result.returncode != 0:
                ok = False
                break
        log.seek(0)
        output = log.read()
    return Outcome(phase, ok, time.monotonic() - start, output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("phases", nargs="+", help='make targets; "a + b": b after a')
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="phases at the same time (default: one per CPU core)",
    )
    args = parser.parse_args(argv)
    for phase in args.phases:
        steps(phase)  # a malformed phase fails before anything runs
    pending = list(args.phases)
    outcomes: list[Outcome] = []
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        running: set[Future[Outcome]] = set()
        while pending or running:
            failed = any(not o.ok for o in outcomes)
            while pending and not failed and len(running) < max(1, args.jobs):
                phase = pending.pop(0)
                print(f"--> {phase}: started", flush=True)
                running.add(pool.submit(run, phase))
            if not running:
                break
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                outcome = future.result()
                outcomes.append(outcome)
                status = "passed" if outcome.ok else "FAILED"
                print(f"\n--> {outcome.phase}: {status} ({outcome.seconds:.0f} s)")
                print(outcome.output, end="", flush=True)
    print(f"\n== phases, {max(1, args.jobs)} at a time ==")
    for outcome in outcomes:
        status = "passed" if outcome.ok else "FAILED"
        print(f"{outcome.phase:<40} {status:>7} {outcome.seconds:6.0f} s")
    for phase in pending:
        print(f"{phase:<40} not run (an earlier phase failed)")
    print(f"{'wall time':<40} {'':>7} {time.monotonic() - start:6.0f} s")
    return 0 if outcomes and all(o.ok for o in outcomes) and not pending else 1


if __name__ == "__main__":
    sys.exit(main())
