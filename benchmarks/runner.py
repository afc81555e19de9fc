"""Run the suite: fresh processes, interleaved repeats, paired ratios.

``python -m benchmarks`` runs every workload with every implementation that
is installed, one BLAS thread, then the MNIST-sized float32 workload again
with two threads, then ``predict`` beside a plain forward pass
(:mod:`benchmarks.predict`); prints the table and the verdict on each target; writes
``benchmarks/results/latest.json`` and ``latest.png``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from . import device
from .device import DEVICE_IMPLS, DEVICE_WORKLOADS
from .measure import UNSET
from .report import IMPL_ORDER, REFERENCE_ORDER, plot, print_report, summarise
from .workloads import WORKLOADS

ROOT = Path(__file__).resolve().parent.parent
#: What a complete run compares: the three libraries and the clean numpy
#: reference, whose GEMM share the GEMM target is measured against.
COMPLETE_IMPLS = (*IMPL_ORDER, "numpy-rows")
RESULTS = Path(__file__).resolve().parent / "results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time scratchnn against scikit-learn and PyTorch "
        "(see benchmarks/README.md).",
    )
    parser.add_argument(
        "--quick", action="store_true",
        help="2 repeats, no two-thread run, no memory tracing: for trying",
    )  # fmt: skip
    parser.add_argument("--repeats", type=int, help="runs per implementation")
    parser.add_argument(
        "--device", choices=("cpu", "cuda"), default="cpu",
        help="cuda: scratchnn on CuPy beside PyTorch on CUDA and numpy on the CPU, "
        "written to results/cuda/ (says so and exits 0 without a GPU)",
    )  # fmt: skip
    parser.add_argument(
        "--workloads", nargs="+", choices=sorted(WORKLOADS | DEVICE_WORKLOADS),
        metavar="NAME", help=f"some of {', '.join(WORKLOADS)} (default: all); "
        f"with --device cuda, some of {', '.join(DEVICE_WORKLOADS)}",
    )  # fmt: skip
    parser.add_argument(
        "--impls", nargs="+", choices=IMPL_ORDER + REFERENCE_ORDER + DEVICE_IMPLS,
        metavar="NAME",
        help="some of scratchnn, sklearn, torch and the plain-numpy references "
        "numpy-rows and numpy-tuned (default: all but numpy-tuned); with --device "
        "cuda, "
        f"some of {', '.join(DEVICE_IMPLS)}",
    )  # fmt: skip
    parser.add_argument(
        "--threads", type=int, default=1, help="BLAS threads of the main runs"
    )
    parser.add_argument(
        "--two-threads", type=int, default=None, metavar="N",
        help="repeats of the extra two-thread MNIST float32 run "
        "(default 3; 0 skips it)",
    )  # fmt: skip
    parser.add_argument(
        "--keep-blas-env", action="store_true",
        help=f"leave {' and '.join(UNSET)} in the children's environment "
        "(by default both are removed)",
    )  # fmt: skip
    parser.add_argument(
        "--output", type=Path, default=RESULTS,
        help="folder for latest.json and latest.png (default benchmarks/results)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    known = (WORKLOADS, IMPL_ORDER + REFERENCE_ORDER)
    if args.device == "cuda":
        known = (DEVICE_WORKLOADS, DEVICE_IMPLS)
    for option, names, allowed in zip(
        ("--workloads", "--impls"), (args.workloads, args.impls), known, strict=True
    ):
        if names and not set(names) <= set(allowed):
            parser.error(
                f"{option} with --device {args.device} takes: {', '.join(allowed)}"
            )
    if args.device == "cpu":
        args.workloads = args.workloads or list(WORKLOADS)
        args.impls = args.impls or list(COMPLETE_IMPLS)
    if args.repeats is None:
        args.repeats = 2 if args.quick else (3 if args.device == "cuda" else 5)
    if args.two_threads is None:
        args.two_threads = 0 if args.quick else 3
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def available(impls: list[str]) -> tuple[list[str], list[str]]:
    """The implementations whose library is installed, and notes on the rest."""
    modules = {"scratchnn": "numpy", "sklearn": "sklearn", "torch": "torch"}
    kept, notes = [], []
    for impl in IMPL_ORDER + REFERENCE_ORDER:
        if impl not in impls:
            continue
        if importlib.util.find_spec(modules.get(impl, "numpy")) is None:
            notes.append(
                f"{impl} is not installed: its runs are skipped "
                f"(pip install {'torch' if impl == 'torch' else 'scikit-learn'} "
                "to include them)"
            )
        else:
            kept.append(impl)
    return kept, notes


def child_env(threads: int, keep_blas_env: bool = False) -> dict[str, str]:
    unset = () if keep_blas_env else UNSET
    env = {k: v for k, v in os.environ.items() if k not in unset}
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), env.get("PYTHONPATH")) if p
    )
    return env


def run_child(
    impl: str,
    workload: str,
    threads: int,
    trace: bool = False,
    keep_blas_env: bool = False,
    module: str = "benchmarks.run_one",
) -> dict:
    """Run one measurement in a fresh interpreter and return its JSON."""
    cmd = [sys.executable, "-m", module]
    if module == "benchmarks.predict":
        cmd += ["--json-line"]
    else:
        cmd += ["--impl", impl, "--workload", workload]
    if module == "benchmarks.run_one":
        cmd += ["--threads", str(threads)] + (["--trace-memory"] if trace else [])
    proc = subprocess.run(
        cmd, cwd=ROOT, env=child_env(threads, keep_blas_env), capture_output=True,
        text=True, timeout=1800,
    )  # fmt: skip
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(
            f"{shlex.join(cmd)} failed (exit {proc.returncode}):\n{proc.stderr}"
        )
    return json.loads(lines[-1])


def schedule(args, impls: list[str]) -> list[tuple[str, str, int, int]]:
    """(workload, impl, threads, repeat) in the order they run.

    Repeats are interleaved: repeat r runs every implementation once, back to
    back, before repeat r + 1, so that a slow spell of the machine hits all of
    them alike and the ratio of a pair is taken under the same conditions. The
    order within a repeat rotates, so no implementation always goes first.
    """
    plan = []
    runs = [(w, args.threads, args.repeats) for w in args.workloads]
    if args.two_threads and "mnist-f32" in args.workloads and args.threads != 2:
        runs.append(("mnist-f32", 2, args.two_threads))
    for workload, threads, repeats in runs:
        for r in range(repeats):
            k = r % len(impls)
            for impl in impls[k:] + impls[:k]:
                plan.append((workload, impl, threads, r))
    return plan


def machine(keep_blas_env: bool = False) -> dict:
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                info.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    cpu = info.get("model name", "unknown")
    if "cpu family" in info:
        cpu += f" (family {info['cpu family']}, model {info.get('model')})"
    if "avx512f" in info.get("flags", "").split():
        cpu += ", AVX-512"
    versions = {"python": platform.python_version()}
    for name in ("numpy", "sklearn", "torch", "threadpoolctl"):
        try:
            versions[name] = __import__(name).__version__
        except ImportError:
            versions[name] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "versions": versions,
        "unset_in_children": []
        if keep_blas_env
        else [k for k in UNSET if k in os.environ],
    }


def git_state() -> dict:
    def git(*args):
        out = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return out.stdout.strip() if out.returncode == 0 else None

    return {
        "commit": git("rev-parse", "HEAD"),
        "package_modified": bool(git("status", "--porcelain", "scratchnn")),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.device == "cuda":
        # Every core for numpy on the CPU: the GPU's comparison is with the
        # whole machine, not one thread.
        cores = os.cpu_count() or 1
        return device.run(
            args,
            lambda impl, workload: run_child(
                impl, workload, cores, keep_blas_env=args.keep_blas_env,
                module="benchmarks.device",
            ),
        )  # fmt: skip
    impls, notes = available(args.impls)
    if "scratchnn" not in impls:
        print("scratchnn itself needs numpy; nothing to compare", file=sys.stderr)
        return 2
    if importlib.util.find_spec("sklearn") is None and "digits" in args.workloads:
        # The digits data ship inside scikit-learn.
        args.workloads = [w for w in args.workloads if w != "digits"]
        notes.append("the digits workload needs scikit-learn's data: skipped")
    for note in notes:
        print(f"note: {note}")
    plan = schedule(args, impls)
    traces = [] if args.quick else [w for w in args.workloads]
    command = "python -m benchmarks" + (
        " " + shlex.join(sys.argv[1:] if argv is None else argv)
        if (sys.argv[1:] if argv is None else argv)
        else ""
    )
    meta = {
        "command": command,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_before": os.getloadavg(),
        "machine": machine(args.keep_blas_env),
        "git": git_state(),
        "notes": notes,
    }
    print(
        f"{len(plan)} timed runs and {len(traces)} memory traces, each in a fresh "
        f"process; load average {meta['load_before'][0]:.2f} on "
        f"{meta['machine']['cores']} cores"
    )
    start, runs = time.perf_counter(), []
    for i, (workload, impl, threads, r) in enumerate(plan, 1):
        load = os.getloadavg()[0]
        result = run_child(impl, workload, threads, keep_blas_env=args.keep_blas_env)
        result["repeat"], result["load_before"] = r, load
        runs.append(result)
        print(
            f"[{i:3d}/{len(plan)}] {workload:10s} {impl:9s} {threads} thr  "
            f"{result['epoch_s'] * 1e3:9.2f} ms/epoch  "
            f"acc {result['accuracy']:.3f}",
            flush=True,
        )
    traced = []
    for workload in traces:
        result = run_child(
            "scratchnn", workload, args.threads, True, args.keep_blas_env
        )
        traced.append(result)
        peak = result["traced_peak_mb"]
        print(f"[trace] {workload:10s} scratchnn  peak {peak:.1f} MB")
    predict = None
    if not args.quick and args.threads == 1:
        # predict beside a plain numpy forward pass, in one fresh process
        # (benchmarks/predict.py): paired calls, one BLAS thread.
        predict = run_child(
            "scratchnn", "", 1, keep_blas_env=args.keep_blas_env,
            module="benchmarks.predict",
        )["results"]  # fmt: skip
        for p in predict:
            print(
                f"[predict] {'-'.join(map(str, p['layer_dims']))} m={p['m']}: "
                f"ratio {p['ratio']:.2f} to a plain forward pass"
            )
    meta["load_after"] = os.getloadavg()
    meta["seconds"] = time.perf_counter() - start
    meta["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    meta["blas"] = runs[0]["environment"]["blas"]
    results = {
        "meta": meta,
        "workloads": {name: WORKLOADS[name]._asdict() for name in args.workloads},
        "summary": summarise(runs, traced, args.threads, predict),
        "runs": runs,
        "traces": traced,
        "predict": predict,
    }
    # Only a complete run replaces the recorded results (the README's figures
    # and the chapter "Make it fast" come from them); a quick or partial one
    # goes next to them.
    complete = (
        not args.quick
        and set(args.workloads) == set(WORKLOADS)
        and impls == list(COMPLETE_IMPLS)
        and args.threads == 1
        and args.repeats >= 5
        and not args.keep_blas_env
    )
    name = "latest" if complete else "partial"
    args.output.mkdir(parents=True, exist_ok=True)
    tmp = args.output / f"{name}.json.tmp"
    tmp.write_text(json.dumps(results, indent=1) + "\n")
    tmp.replace(args.output / f"{name}.json")
    print_report(results)
    plot(results, args.output / f"{name}.png")
    print(f"\nwrote {args.output / name}.json and {args.output / name}.png")
    if not complete:
        print(
            "(a quick or partial run: latest.json, the record of the last complete "
            "run with every implementation, is left as it was)"
        )
    return 0
