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
configurations run ``--jobs`` at a time (default: one per CPU core, each using
one BLAS thread), and the script exits non-zero if any of them fails.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
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

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        # Whatever the caller's shell pins, each configuration sets its own.
        for var in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
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


def probe(config: Config) -> str | None:
    """None if OpenBLAS runs as configured, else what went wrong."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=config.env(),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        return f"numpy would not start: {result.stderr.strip()[-300:]}"
    libraries = json.loads(result.stdout)
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


def run(config: Config, log_dir: Path) -> tuple[Config, bool, str, float]:
    problem = probe(config)
    if problem is not None:
        return config, False, problem, 0.0
    start = time.monotonic()
    log = log_dir / f"nbval-{config.name.replace(',', '').replace(' ', '-')}.log"
    with log.open("w", encoding="utf-8") as out:
        result = subprocess.run(
            [sys.executable, *NBVAL],
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
        help="configurations run at the same time (default: one per core)",
    )
    parser.add_argument(
        "--logs",
        type=Path,
        default=ROOT / "_build" / "nbval-kernels",
        help="folder for one log per configuration",
    )
    args = parser.parse_args(argv)
    configs = [Config(k, k, 1) for k in args.kernels] or default_configs()
    args.logs.mkdir(parents=True, exist_ok=True)
    print(f"strict nbval under {len(configs)} BLAS configurations, logs in {args.logs}")
    failures = 0
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for config, ok, detail, seconds in pool.map(
            lambda c: run(c, args.logs), configs
        ):
            status = "passed" if ok else "FAILED"
            print(f"-- {config.name}: {status} ({seconds:.0f} s)")
            print("   " + detail.replace("\n", "\n   "))
            failures += not ok
    if failures:
        print(f"{failures} of {len(configs)} configurations failed")
        return 1
    print(f"all {len(configs)} configurations passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
