"""Run strict nbval on every notebook under several OpenBLAS kernels.

Usage::

    python -m tools.nbval_kernels                 # every kernel this CPU runs
    python -m tools.nbval_kernels Haswell Prescott
    make nbval-kernels

numpy's wheels carry an OpenBLAS built for many processors; at import it picks
the kernel written for the CPU it finds. Kernels sum the terms of a product in
different orders, so the last bits of a result differ from one CPU to the
next, and a chapter whose printed numbers depend on those bits passes on the
machine that executed it and fails on a reader's. ``OPENBLAS_CORETYPE`` forces
another kernel for one process, so this one machine can stand in for several:

- ``Prescott`` (SSE3), ``Sandybridge`` (AVX), ``Haswell`` (AVX2), each with one
  BLAS thread;
- ``SkylakeX`` (AVX-512), only where the CPU has AVX-512 (elsewhere OpenBLAS
  crashes on it), with one thread;
- the CPU's own kernel with two BLAS threads, which split every large product
  differently.

Each configuration runs the whole strict nbval suite (the same command as
``make nbval``) in its own process, with the variables set for that process
alone; the package never sets them. Before it runs, each configuration checks
through threadpoolctl that OpenBLAS really took the kernel and thread count it
was given, so that a silently ignored variable cannot pass for coverage. The
configurations run one after the other, each spread over ``--jobs`` pytest
workers (pytest-xdist, one notebook per worker at a time, so a notebook's
cells still run in order in one kernel; default: one worker per CPU core),
and the script exits non-zero if any of them fails.

``--after-nbval`` leaves out a configuration that ``make nbval`` has just run
in this environment: on a two-core machine such as CI's, OpenBLAS takes the
CPU's own kernel with two threads when nothing is set. Elsewhere it leaves
out nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBVAL = [
    "-m",
    "pytest",
    "-q",
    "-p",
    "no:cacheprovider",
    "--nbval",
    "--nbval-current-env",
    "--nbval-sanitize-with",
    "tests/nbval_sanitize.cfg",
    "book/",
]
# pytest-xdist: each notebook goes whole to one worker.
SPREAD = ["--dist", "loadscope", "-n"]
# Printed by the probe: which BLAS kernel and thread count a process really got.
PROBE = (
    "import json, numpy, threadpoolctl; "
    "info = [i for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas']; "
    "print(json.dumps([(i['internal_api'], i.get('architecture'), i['num_threads']) "
    "for i in info]))"
)
KERNELS = ["Prescott", "Sandybridge", "Haswell", "SkylakeX"]
# The names threadpoolctl reports for a forced kernel, where they differ.
REPORTED_AS = {"prescott": {"prescott", "katmai"}}


@dataclass
class Config:
    name: str
    kernel: str | None  # None: the kernel OpenBLAS picks for this CPU
    threads: int
    VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        # Whatever the caller's shell pins, each configuration sets its own.
        for var in self.VARIABLES:
            env.pop(var, None)
        if self.kernel is not None:
            env["OPENBLAS_CORETYPE"] = self.kernel
        env["OPENBLAS_NUM_THREADS"] = str(self.threads)
        return env


def has_avx512() -> bool:
    try:
        return "avx512f" in Path("/proc/cpuinfo").read_text()
    except OSError:
        return False


def default_configs() -> list[Config]:
    kernels = [k for k in KERNELS if k != "SkylakeX" or has_avx512()]
    configs = [Config(k, k, 1) for k in kernels]
    configs.append(Config("native, 2 threads", None, 2))
    return configs


def blas(env: dict[str, str]) -> list[list] | str:
    """What OpenBLAS a process with this environment gets, or why it failed."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if result.returncode != 0:
        return f"numpy would not start: {result.stderr.strip()[-300:]}"
    return json.loads(result.stdout)


def nbval_ran_it(config: Config) -> bool:
    """Whether `make nbval`, in this environment, got this configuration's BLAS."""
    as_nbval, configured = blas(dict(os.environ)), blas(config.env())
    return not isinstance(configured, str) and as_nbval == configured


def probe(config: Config) -> str | None:
    """None if OpenBLAS runs as configured, else what went wrong."""
    libraries = blas(config.env())
    if isinstance(libraries, str):
        return libraries
    openblas = [lib for lib in libraries if lib[0] == "openblas"]
    if not openblas:
        return f"numpy does not use OpenBLAS here ({libraries})"
    _, kernel, threads = openblas[0]
    wanted = config.kernel and REPORTED_AS.get(
        config.kernel.lower(), {config.kernel.lower()}
    )
    if wanted and kernel.lower() not in wanted:
        return f"asked for kernel {config.kernel}, OpenBLAS runs {kernel}"
    if threads != config.threads:
        return f"asked for {config.threads} BLAS threads, OpenBLAS runs {threads}"
    return None


def run(config: Config, log_dir: Path, jobs: int) -> tuple[Config, bool, str, float]:
    problem = probe(config)
    if problem is not None:
        return config, False, problem, 0.0
    start = time.monotonic()
    log = log_dir / f"nbval-{config.name.replace(',', '').replace(' ', '-')}.log"
    spread = [*SPREAD, str(jobs)] if jobs > 1 else []
    with log.open("w", encoding="utf-8") as out:
        result = subprocess.run(
            [sys.executable, *NBVAL, *spread],
            env=config.env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    lines = log.read_text(encoding="utf-8").strip().splitlines()
    summary = lines[-1] if lines else "(no output)"
    failed = [line for line in lines if line.startswith("FAILED")]
    detail = "\n".join([summary, *failed])
    return config, result.returncode == 0, detail, time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "kernels",
        nargs="*",
        help="kernels to run, one BLAS thread each (default: all this CPU runs, "
        "and the CPU's own kernel with two threads)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="pytest workers per configuration (default: one per core)",
    )
    parser.add_argument(
        "--after-nbval",
        action="store_true",
        help="leave out a configuration that `make nbval` runs in this "
        "environment (the CPU's own kernel with two threads on two cores)",
    )
    parser.add_argument(
        "--logs",
        type=Path,
        default=ROOT / "_build" / "nbval-kernels",
        help="folder for one log per configuration",
    )
    args = parser.parse_args(argv)
    configs = [Config(k, k, 1) for k in args.kernels] or default_configs()
    if args.after_nbval:
        for config in [c for c in configs if nbval_ran_it(c)]:
            print(f"{config.name}: left out, the configuration make nbval ran")
            configs.remove(config)
    args.logs.mkdir(parents=True, exist_ok=True)
    print(f"strict nbval under {len(configs)} BLAS configurations, logs in {args.logs}")
    failures = 0
    for config in configs:
        config, ok, detail, seconds = run(config, args.logs, max(1, args.jobs))
        status = "passed" if ok else "FAILED"
        print(f"-- {config.name}: {status} ({seconds:.0f} s)", flush=True)
        print("   " + detail.replace("\n", "\n   "))
        failures += not ok
    if failures:
        print(f"{failures} of {len(configs)} configurations failed")
        return 1
    print(f"all {len(configs)} configurations passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
